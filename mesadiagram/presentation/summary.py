"""The closing step's card: what the analysis says, in a few lines for a room.

Risk of each outcome without and with the interventions (when the model has credences),
the links no intervention cuts, and the smallest sets of interventions that cut every
path (each named by its interventions). Plain text; the renderer draws it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mesadiagram.analysis.report import OutcomeRisk, analyse
from mesadiagram.analysis.risk import Estimate
from mesadiagram.model import Document, LinkId
from mesadiagram.presentation.steps import element_name

MAX_LINES = 4  # per section; the rest is counted


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class SummaryCard:
    title: str
    sections: tuple[Section, ...]
    unmitigated: frozenset[LinkId] = field(default_factory=frozenset)


def percent(value: float) -> str:
    """``26%``, ``4.5%``, ``0.12%``: two significant figures below 10%."""
    share = value * 100
    if share >= 10 or share == 0:
        return f"{share:.0f}%"
    return f"{share:.2g}%"


def _share(e: Estimate, labelled_once: bool) -> str:
    """A risk in percent, with ± its standard error when estimated; labelled exact or
    estimate here unless the line says it once for both (as the text report does)."""
    text = percent(e.value) if e.exact else f"{percent(e.value)} ± {percent(e.stderr)}"
    if labelled_once:
        return text
    return text + (" (exact)" if e.exact else " (estimate)")


def risk_line(label: str, risk: OutcomeRisk) -> str:
    """``C: 25% without interventions, 12% with them (exact)``; estimates carry their
    standard error and say so (``(estimates)``, or each its own when they differ)."""
    low, high = risk.baseline, risk.with_interventions
    both = low.exact == high.exact
    text = f"{label}: {_share(low, both)} without interventions, {_share(high, both)} with them"
    if both:
        text += " (exact)" if low.exact else " (estimates)"
    return text


def _capped(lines: list[str]) -> tuple[str, ...]:
    if len(lines) <= MAX_LINES:
        return tuple(lines)
    rest = len(lines) - (MAX_LINES - 1)
    return (*lines[: MAX_LINES - 1], f"… and {rest} more")


def _cut_text(doc: Document, cut: list[LinkId]) -> str:
    """A cut set by what one would do: its interventions' labels (else the link)."""
    names = []
    for link_id in cut:
        labels = [
            a.label or "intervention"
            for a in doc.annotations_of(link_id)
            if a.type == "intervention"
        ]
        names.append(" or ".join(labels) if labels else element_name(doc, link_id))
    return " + ".join(names)


def closing_summary(doc: Document) -> SummaryCard:
    """The summary card of ``doc``."""
    result = analyse(doc, sensitivity=False)
    sections = []
    if result.risk:
        lines = [risk_line(doc.node(o).label, r) for o, r in result.risk.items()]
        sections.append(Section("Risk", _capped(lines)))
    unmitigated = result.coverage.unmitigated
    if unmitigated:
        lines = [element_name(doc, k) for k in unmitigated]
        sections.append(Section("Links no intervention cuts", _capped(lines)))
    elif result.structure.outcomes:
        sections.append(Section("Links no intervention cuts", ("none",)))
    cuts = result.coverage.cut_sets
    if cuts:
        lines = [_cut_text(doc, cut) for cut in cuts]
        sections.append(Section("Interventions that together cut every path", _capped(lines)))
    elif result.structure.outcomes:
        sections.append(Section("Interventions that together cut every path", ("none found",)))
    return SummaryCard("Summary", tuple(sections), frozenset(unmitigated))
