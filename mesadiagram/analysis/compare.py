"""Each outcome's risk under the model as drawn and under each of its scenarios.

``compare(doc)`` is what ``mesadiagram compare`` prints and the Analysis panel's table
shows: one row for the model as drawn (every intervention working, the file's
probabilities) and one per scenario, each with both risks (without and with the
interventions that row leaves working) and, where credences are ranges, their exact
bounds. Only what risk needs is computed (no paths, cut sets or sensitivity), once per
row, every number exact or a labelled estimate as in ``analyse``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mesadiagram.analysis.credence_ranges import Spread, bounds
from mesadiagram.analysis.credences import credences, has_credences
from mesadiagram.analysis.notices import Notice, estimated
from mesadiagram.analysis.outcomes import outcomes_of
from mesadiagram.analysis.report import OutcomeRisk, risk_json, risk_notices
from mesadiagram.analysis.risk import Estimate, Steps, risk_estimates
from mesadiagram.analysis.structure import analyse_structure
from mesadiagram.formats.terminal import one_line
from mesadiagram.model import Document
from mesadiagram.model.scenarios import Scenario


@dataclass
class Row:
    """The model as drawn (``scenario`` None) or under one scenario."""

    scenario: Scenario | None
    risk: dict[str, OutcomeRisk] = field(default_factory=dict)

    @property
    def name(self) -> str | None:
        return None if self.scenario is None else self.scenario.name

    @property
    def title(self) -> str:
        return "As drawn" if self.scenario is None else self.scenario.title


@dataclass
class Comparison:
    outcomes: list[str]
    rows: list[Row]
    risk_computed: bool  # some link has a probability, in the file or a scenario
    warnings: list[Notice] = field(default_factory=list)  # about the model as drawn

    def samples(self) -> int:
        """Monte Carlo samples behind the estimated numbers (0: all exact)."""
        numbers = [e for row in self.rows for r in row.risk.values() for e in r.numbers()]
        return max((e.samples for e in numbers if not e.exact), default=0)


def compare(doc: Document, scenarios: list[Scenario] | None = None) -> Comparison:
    """The model as drawn and under each scenario (all of the document's by default)."""
    chosen = list(doc.scenarios if scenarios is None else scenarios)
    computed = has_credences(doc) or any(has_credences(doc, s) for s in chosen)
    if not computed:
        return Comparison(outcomes_of(doc), [Row(None), *map(Row, chosen)], False)
    s = analyse_structure(doc, max_paths=1)  # (roots, outcomes, links on paths)
    lg = s.links
    pool = Steps()  # the exact factoring steps of the whole comparison
    rows = []
    for scenario in (None, *chosen):
        row = Row(scenario)
        cred = credences(doc, s.roots, scenario)
        base, cut = cred.network(lg, False), cred.network(lg, True)
        for o, (without, with_) in risk_estimates(base, cut, s.outcomes, pool=pool).items():
            row.risk[o] = OutcomeRisk(without, with_)
        if cred.ranges():
            for o, (low, high) in bounds(cred, lg, s.outcomes, pool).items():
                row.risk[o].baseline_range, row.risk[o].with_interventions_range = low, high
        rows.append(row)
    out = Comparison(s.outcomes, rows, True, risk_notices(doc, s))
    if out.samples():
        out.warnings.append(estimated(out.samples()))
    return out


def as_json(c: Comparison) -> dict[str, Any]:
    """The ``compare --json`` object (docs/analysis.md, "Comparing scenarios")."""
    return {
        "outcomes": c.outcomes,
        "scenarios": [
            {
                "name": row.name,
                "title": row.title,
                "risk": {o: risk_json(r) for o, r in row.risk.items()} if c.risk_computed else None,
            }
            for row in c.rows
        ],
        "warnings": [w.text for w in c.warnings],
    }


def render_text(doc: Document, c: Comparison) -> str:
    """The readable table of ``mesadiagram compare`` (``table``), with what its numbers
    mean above it and the model's warnings below."""
    lines = [one_line(doc.title) or "Untitled threat model", ""]
    if not c.risk_computed:
        lines.append("No link has a probability: risk is not computed.")
        return "\n".join(lines) + "\n"
    if not c.outcomes:
        lines.append("No outcome: mark a stage 'outcome: true' or end a chain.")
        return "\n".join(lines) + "\n"
    lines.append(
        "Risk of each outcome (probability it is reached) with the interventions each row "
        "leaves working:"
    )
    if any(r.baseline_range for row in c.rows for r in row.risk.values()):
        lines.append(
            "a credence range counts as its middle (the mean risk); bounds: every range at "
            "its low end / at its high end"
        )
    if c.samples():
        lines.append(
            f"an estimate is from {c.samples():,} Monte Carlo samples, ± one standard error"
        )
    rows = table(doc, c)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines.append("")
    for r in rows:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())
    if len(c.rows) == 1:
        lines += ["", "No scenarios: add them under 'scenarios:' (docs/format.md)."]
    if c.warnings:
        lines += ["", "Warnings:"]
        lines += [f"  - {one_line(w.text)}" for w in c.warnings]
    return "\n".join(lines) + "\n"


def table(doc: Document, c: Comparison) -> list[list[str]]:
    """The table: a header, then "No interventions", "As drawn" and a row per scenario;
    a column per outcome (and its bounds with credence ranges). Every number labelled."""
    ranged = any(r.baseline_range for row in c.rows for r in row.risk.values())
    head = [""]
    for o in c.outcomes:
        head += [one_line(doc.node(o).label)] + (["bounds"] if ranged else [])
    out = [head, ["No interventions", *_cells(c.rows[0], c.outcomes, ranged, baseline=True)]]
    for row in c.rows:
        plain = row.scenario is None or row.title == row.name
        title = row.title if plain else f"{row.title} ({row.name})"
        out.append([one_line(title), *_cells(row, c.outcomes, ranged)])
    return out


Cell = tuple[Estimate, "Spread | None"]  # a risk, and its bounds with credence ranges


def compare_text(text: str) -> tuple[list[str], list[tuple[str | None, str, list[Cell]]]]:
    """For the editor's table, in its analysis process: the outcomes' labels, and per row
    its scenario's name ("" as drawn, None without interventions), its title and each
    outcome's risk with its bounds. Nothing when no risk is computed."""
    from mesadiagram.formats import loads

    doc = loads(text, "<compare>")
    c = compare(doc)
    if not c.risk_computed or not c.outcomes:
        return [], []
    first = c.rows[0]
    rows: list[tuple[str | None, str, list[Cell]]] = [
        (None, "No interventions", [(first.risk[o].baseline, first.risk[o].baseline_range)
                                    for o in c.outcomes])
    ]  # fmt: skip
    for row in c.rows:
        cells = [(row.risk[o].with_interventions, row.risk[o].with_interventions_range)
                 for o in c.outcomes]  # fmt: skip
        rows.append((row.name or "", row.title, cells))
    return [doc.node(o).label for o in c.outcomes], rows


def _cells(row: Row, outcomes: list[str], ranged: bool, baseline: bool = False) -> list[str]:
    out = []
    for o in outcomes:
        r = row.risk[o]
        out.append(number_text(r.baseline if baseline else r.with_interventions))
        if ranged:
            spread = r.baseline_range if baseline else r.with_interventions_range
            out.append(_bounds(spread) if spread else "")
    return out


def _bounds(x: Spread) -> str:
    if x.low.exact and x.high.exact:
        return f"{_p(x.low.value)} to {_p(x.high.value)} (exact)"
    return f"{number_text(x.low)} to {number_text(x.high)}"


def _p(value: float) -> str:
    return f"{value:.4g}"


def number_text(e: Estimate) -> str:
    """A probability labelled as exact, or as an estimate with its standard error."""
    return f"{_p(e.value)} (exact)" if e.exact else f"{_p(e.value)} ± {_p(e.stderr)} (estimate)"
