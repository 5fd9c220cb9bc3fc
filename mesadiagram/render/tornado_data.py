"""What the sensitivity chart shows, without geometry: a bar per link, largest swing first.

Each bar is a link on a path to the outcome (named "Source → Target", with its label when
it has one: labels, never ids) and the outcome's risk with the link's probability held at
0 and at 1, or at its credence range's ends (``analysis/sensitivity.py``). Sorted by
swing, the document's order breaking ties. No Qt: ``render/tornado.py`` lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mesadiagram.model import Document, LinkId
from mesadiagram.presentation.steps import element_name

if TYPE_CHECKING:  # (networkx is not loaded when the editor starts)
    from mesadiagram.analysis.report import Analysis
    from mesadiagram.analysis.risk import Estimate


class NoChartError(ValueError):
    """Why there is no chart: no credences, no outcome, sensitivity skipped..."""


@dataclass(frozen=True)
class TornadoBar:
    link: LinkId
    label: str  # "Source → Target (link label)": labels, never ids
    at_0: Estimate  # the outcome's risk with the link's probability at ``low``
    at_1: Estimate  # ... and at ``high``
    low: float = 0.0  # 0 and 1, or the ends of the link's credence range
    high: float = 1.0

    @property
    def ranged(self) -> bool:
        return (self.low, self.high) != (0.0, 1.0)

    @property
    def swing(self) -> float:
        return abs(self.at_1.value - self.at_0.value)


@dataclass(frozen=True)
class Tornado:
    """What a chart shows, without geometry."""

    outcome: str
    outcome_label: str
    baseline: Estimate
    bars: tuple[TornadoBar, ...]  # largest swing first


def chart_outcomes(a: Analysis) -> list[str]:
    """The outcomes a chart can be drawn for (those with sensitivity), in report order."""
    have = {x.outcome for x in a.sensitivity}
    return [o for o in a.risk if o in have]


def tornado_of(doc: Document, a: Analysis, outcome: str | None = None) -> Tornado:
    """The chart of ``outcome`` (default: the first outcome, the first marked one when
    the document marks them); ``NoChart`` says why there is none."""
    if not a.risk_computed:
        raise NoChartError("the model has no credences: give some links a probability")
    if not a.structure.outcomes:
        raise NoChartError("the model has no outcome: mark a stage 'outcome: true'")
    if not a.sensitivity:
        skipped = [w.text for w in a.warnings if w.text.startswith("sensitivity skipped")]
        raise NoChartError(skipped[0] if skipped else "no link lies on a path to an outcome")
    choices = chart_outcomes(a)
    if outcome is None:
        outcome = choices[0]
    elif outcome not in choices:
        raise NoChartError(f"{outcome!r} is not an outcome; outcomes: {', '.join(choices)}")
    entries = [x for x in a.sensitivity if x.outcome == outcome]
    bars = [_bar(doc, x) for x in entries]
    order = {bar.link: i for i, bar in enumerate(bars)}  # ties keep the document's order
    bars.sort(key=lambda b: (-round(b.swing, 12), order[b.link]))  # (rounding noise: a tie)
    label = doc.node(outcome).label
    return Tornado(outcome, label, a.risk[outcome].baseline, tuple(bars))


def _bar(doc: Document, x) -> TornadoBar:
    """A sensitivity entry as a bar (the one place that reads them): a link held at its
    credence range's ends says them after its name."""
    low, high = getattr(x, "low", 0.0), getattr(x, "high", 1.0)
    label = element_name(doc, x.link)
    if (low, high) != (0.0, 1.0):
        label += f" [{low:g} to {high:g}]"
    return TornadoBar(x.link, label, x.at_0, x.at_1, low, high)


def value_text(e: Estimate) -> str:
    """``0.054``, or ``0.637 ± 0.0034`` for an estimate (3 significant digits, as the dock)."""
    return f"{e.value:.3g}" if e.exact else f"{e.value:.3g} ± {e.stderr:.2g}"


def chart_title(tornado: Tornado) -> str:
    return f"Sensitivity of P({tornado.outcome_label})"


def explanation(tornado: Tornado) -> str:
    ranges = (
        " (a link with a credence range: to its ends, given after its name)"
        if any(b.ranged for b in tornado.bars)
        else ""
    )
    return (
        f"The risk of {tornado.outcome_label} with each link's probability set to 0 (left end "
        f"of its bar) and to 1 (right end){ranges}, all else as given; the line is the "
        "baseline."
    )
