"""Risk written on outcome stages: "risk 0.0162 → 0.00114 with interventions" under the label.

The canvas (View > Risk on Outcomes) and figures (``mesadiagram export --risk``) draw it
the same way: as the first line of the stage's text, so the box grows to hold it and
everything that sizes stages (layout, routing, callouts, figures at a size) makes room
for it, with no change to how stages are measured or drawn. Only the drawn copy of a
stage carries the line; the model never does. Numbers have three significant digits;
an estimate carries ± one standard error.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from mesadiagram.model import Document, Node

if TYPE_CHECKING:  # (networkx is not loaded when the editor starts)
    from mesadiagram.analysis.report import Analysis, OutcomeRisk
    from mesadiagram.analysis.risk import Estimate


def _number(e: Estimate) -> str:
    return f"{e.value:.3g}" if e.exact else f"{e.value:.3g} ± {e.stderr:.2g}"


def risk_text(risk: OutcomeRisk) -> str:
    """``risk 0.42``; ``risk 0.223 → 0.0794 with interventions`` when they change it."""
    low, high = risk.baseline, risk.with_interventions
    text = f"risk {_number(low)}"
    if _number(low) != _number(high) or low.exact != high.exact:
        text += f" → {_number(high)} with interventions"
    return text


def risk_texts(a: Analysis | None) -> dict[str, str]:
    """Each outcome's line, by stage id (none without credences)."""
    if a is None:
        return {}
    return {outcome: risk_text(r) for outcome, r in a.risk.items()}


def node_with_risk(node: Node, text: str | None, stage_text: bool) -> tuple[Node, bool]:
    """The stage as drawn with ``text`` (None: as it is) first in its text, and whether
    the stage's text is drawn: with stage texts off, the risk line alone."""
    if text is None:
        return node, stage_text
    rest = node.text.strip() if stage_text else ""
    # (on a line of its own: the stage's text keeps its lines, up to its cut)
    return replace(node, text=f"{text}\n{rest}" if rest else text), True


def document_with_risk(
    doc: Document, texts: dict[str, str], stage_text: bool
) -> tuple[Document, bool]:
    """A copy of ``doc`` to draw a figure of, each outcome in ``texts`` with its line
    (``node_with_risk``), and whether stage texts are drawn in it."""
    copy = doc.copy()
    if not texts:
        return copy, stage_text
    if not stage_text:  # (the risk lines are drawn as stage texts: the others go)
        for node in copy.nodes:
            if node.text and node.id not in texts:
                copy.update_node(node.id, text="")
    for node_id, text in texts.items():
        if copy.has_node(node_id):
            shown, _ = node_with_risk(copy.node(node_id), text, stage_text)
            copy.update_node(node_id, text=shown.text)
    return copy, True
