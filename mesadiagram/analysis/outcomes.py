"""Which stages are outcomes: the one rule shared by the analysis, the canvas and exports.

A stage is an outcome when it is marked as one (``outcome: true``). A document that marks
at least one stage uses only its marks: a stage where a chain stops without a mark (a
*dead end*: incoming links, no outgoing one) is not an outcome, so adding a stage after
the last one of a chain does not change what the analysis is about. A document that marks
none keeps the older implicit rule: its dead ends are its outcomes.

Only links the analysis counts make a dead end (``counted.py``): evidence (``supports``,
``undermines``) neither ends a chain nor leads on.

Imports neither networkx nor Qt: the drawing code asks it for every stage it paints.
"""

from __future__ import annotations

from mesadiagram.analysis.counted import any_counted
from mesadiagram.model import Document, Node


def marks_outcomes(doc: Document) -> bool:
    """Whether the document marks any stage as an outcome (then only marked ones are)."""
    return any(n.outcome for n in doc.nodes)


def is_dead_end(doc: Document, node_id: str) -> bool:
    """A stage a chain stops at: some counted link comes in, none goes out."""
    return not any_counted(doc, doc.outgoing(node_id)) and any_counted(doc, doc.incoming(node_id))


def is_outcome(doc: Document, node: Node, marked: bool | None = None) -> bool:
    """Whether ``node`` is an outcome. ``marked`` is ``marks_outcomes(doc)`` when the
    caller knows it already (a drawing of many stages asks once, not once per stage)."""
    if node.outcome:
        return True
    if marked is None:
        marked = marks_outcomes(doc)
    return not marked and is_dead_end(doc, node.id)


def outcomes_of(doc: Document) -> list[str]:
    """The outcomes' ids, in document order."""
    marked = marks_outcomes(doc)
    return [n.id for n in doc.nodes if is_outcome(doc, n, marked)]


def dead_ends(doc: Document) -> list[str]:
    """Unmarked dead ends, in document order: the implicit outcomes of a document that
    marks none, and the stages that are *not* outcomes in one that marks some."""
    return [n.id for n in doc.nodes if not n.outcome and is_dead_end(doc, n.id)]
