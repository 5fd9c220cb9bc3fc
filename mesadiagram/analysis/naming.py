"""Naming links in results: readable, and telling parallel links apart (no networkx)."""

from __future__ import annotations

from mesadiagram.model import Document, LinkId


def link_name(doc: Document, link_id: LinkId, labels: bool = False, arrow: str = "->") -> str:
    """``a -> b`` (stage ids, or labels), with the link's label or id added when several
    links join the same two stages, so that they can be told apart."""
    edge = doc.edge(link_id)
    ends = [doc.node(n).label if labels else n for n in (edge.source, edge.target)]
    name = f"{ends[0]} {arrow} {ends[1]}"
    parallel = doc.links_between(edge.source, edge.target)
    if len(parallel) > 1:
        same_label = sum(1 for k in parallel if doc.edge(k).label == edge.label)
        name += f" [{edge.label if edge.label and same_label == 1 else edge.id}]"
    return name
