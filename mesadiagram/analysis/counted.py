"""Which links the analysis counts: those whose type carries risk.

``causes`` and ``enables`` carry risk, and so does a declared link type unless it says
``carries_risk: false``; ``supports`` and ``undermines`` are evidence. The analysis
treats evidence as if it were not drawn: the link graph (``graph.py``) is built from
``counted_links`` alone, so paths, cut sets, defence in depth, risk and sensitivity never
see it, and the outcome rule (``outcomes.py``, shared with the canvas and exports) looks
only at counted links. A stage whose links are all evidence (a study, a claim) takes no
part: it is no root, no outcome, and not reported as unconnected.

Imports neither networkx nor Qt.
"""

from __future__ import annotations

from collections.abc import Iterable

from mesadiagram.model import Document, Edge, LinkId


def counted_links(doc: Document) -> list[Edge]:
    """The links the analysis counts, in document order."""
    risky = {t.name for t in doc.all_link_types() if t.carries_risk}
    return [e for e in doc.edges if e.type in risky]


def any_counted(doc: Document, link_ids: Iterable[LinkId]) -> bool:
    """Whether one of these links counts."""
    return any(doc.carries_risk(k) for k in link_ids)


def takes_part(doc: Document, node_id: str) -> bool:
    """False for a stage with links, none of which counts (a piece of evidence)."""
    links = doc.incident_edges(node_id)
    return not links or any_counted(doc, links)
