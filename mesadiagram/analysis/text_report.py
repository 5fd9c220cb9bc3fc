"""The readable report of ``mesadiagram analyze``.

Titles, labels and warnings come from the file: each goes through ``one_line`` so that a
line break in a label cannot fake a line of the report, nor an escape code reach the
terminal.
"""

from __future__ import annotations

from mesadiagram.analysis.credence_ranges import Spread
from mesadiagram.analysis.naming import link_name
from mesadiagram.analysis.report import Analysis, OutcomeRisk
from mesadiagram.analysis.risk import Estimate
from mesadiagram.formats.terminal import one_line
from mesadiagram.model import Document, LinkId
from mesadiagram.model.credence import credence_text
from mesadiagram.model.scenarios import Scenario


def _label(doc: Document, node_id: str) -> str:
    return one_line(doc.node(node_id).label)


def _link(doc: Document, key: LinkId) -> str:
    """Stage labels; a parallel link also by its own label or id (escaped for terminals)."""
    return one_line(link_name(doc, key, labels=True, arrow="→"))


def _p(value: float) -> str:
    return f"{value:.4g}"


def _number(e: Estimate) -> str:
    """A probability labelled as exact, or as an estimate with its standard error."""
    return f"{_p(e.value)} (exact)" if e.exact else f"{_p(e.value)} ± {_p(e.stderr)} (estimate)"


def _pair(low: Estimate, high: Estimate) -> str:
    if low.exact and high.exact:
        return f"{_p(low.value)} / {_p(high.value)} (exact)"
    return f"{_number(low)} / {_number(high)}"


SENSITIVITY = "Sensitivity (outcome probability with the link at 0 / at 1):"
SENSITIVITY_RANGES = (
    "Sensitivity (outcome probability with the link at 0 / at 1, or at the ends of its "
    "credence range):"
)
RANGES_NOTE = "a credence range counts as its middle, which gives the mean risk over the ranges"


def _risk_heading(a: Analysis) -> str:
    numbers = [e for r in a.risk.values() for e in (r.baseline, r.with_interventions)]
    numbers += [e for r in a.risk.values() for x in _spreads(r) for e in (x.low, x.high)]
    numbers += [e for x in a.sensitivity for e in (x.at_0, x.at_1)]
    samples = max((e.samples for e in numbers if not e.exact), default=0)
    notes = [RANGES_NOTE] if any(_spreads(r) for r in a.risk.values()) else []
    if samples:
        notes.append(f"an estimate is from {samples:,} Monte Carlo samples, ± one standard error")
    return "Risk (probability the outcome is reached" + "".join(f"; {n}" for n in notes) + "):"


def _spreads(r: OutcomeRisk) -> list[Spread]:
    return [x for x in (r.baseline_range, r.with_interventions_range) if x]


def range_lines(r: OutcomeRisk, indent: str = "    ") -> list[str]:
    """What the credence ranges make of one outcome's risk: bounds, median, interval."""
    out = []
    for word, x in (
        ("baseline", r.baseline_range),
        ("with interventions", r.with_interventions_range),
    ):
        if x is not None:
            out.append(f"{indent}{word} over the credence ranges: {spread_text(x)}")
    return out


def spread_text(x: Spread) -> str:
    """``from 0.01 to 0.09 (exact bounds); median ..., 90% interval ... (estimates ...)``."""
    if x.low.exact and x.high.exact:
        text = f"from {_p(x.low.value)} to {_p(x.high.value)} (exact bounds)"
    else:
        text = f"from {_number(x.low)} to {_number(x.high)} (bounds)"
    if x.median is None or x.q05 is None or x.q95 is None:
        return text
    if x.median.exact:  # (the bounds are equal: no range changes this risk)
        return f"exactly {_p(x.median.value)} whatever the ranges (exact)"
    source = f"{x.draws:,} draws" + (f" of {x.samples:,} samples each" if x.samples else "")
    return (
        f"{text}; median {_plus(x.median)}, 90% interval {_plus(x.q05)} to {_plus(x.q95)} "
        f"(estimates from {source})"
    )


def _plus(e: Estimate) -> str:
    return f"{_p(e.value)} ± {_p(e.stderr)}"


def render_text(doc: Document, a: Analysis, scenario: Scenario | None = None) -> str:
    s, c = a.structure, a.coverage
    lines = [one_line(doc.title) or "Untitled threat model", ""]
    if scenario is not None:
        lines[1:1] = [f"Scenario: {one_line(scenario.title)} ({one_line(scenario.name)})"]
        lines[2:2] = [f"  {line}" for line in scenario_lines(doc, scenario)]
    lines.append("Roots:    " + (", ".join(_label(doc, r) for r in s.roots) or "none"))
    lines.append("Outcomes: " + (", ".join(_label(doc, o) for o in s.outcomes) or "none"))
    if s.outcomes and not s.outcomes_marked:
        lines.append(
            "          (no stage is marked 'outcome: true', so stages with no outgoing link "
            "count as outcomes)"
        )
    elif s.outcomes_marked and s.dead_ends:
        lines.append(
            "Not outcomes: "
            + ", ".join(_label(doc, n) for n in s.dead_ends)
            + " (no outgoing link, not marked 'outcome: true')"
        )
    count = (
        f"more than {len(s.paths)} (the first {len(s.paths)} listed)"
        if s.paths_capped
        else str(s.path_count)
    )
    lines += ["", f"Paths to an outcome: {count}"]
    for path in s.paths[:20]:
        lines.append("  " + " → ".join(_label(doc, n) for n in path))
    if len(s.paths) > 20:
        lines.append(f"  … and {len(s.paths) - 20} more (see --json)")
    lines += ["", f"Links with an intervention: {len(c.intervened)} of {len(doc.edges)}"]
    if c.unmitigated:
        lines.append(f"Unmitigated links ({len(c.unmitigated)}), * = on every path:")
        critical = set(c.critical)
        for key in c.unmitigated:
            lines.append(f"  {'*' if key in critical else ' '} {_link(doc, key)}")
    else:
        lines.append(
            "Unmitigated links: none: every link on a path to an outcome has an intervention"
        )
    lines += ["", "Cut sets (interventions that, if they work, cut every path):"]
    if not c.cut_sets:
        lines.append("  none of size 3 or less")
    for cut in c.cut_sets:
        names = []
        for key in cut:
            labels = [
                one_line(a.label) for a in doc.edge(key).annotations if a.type == "intervention"
            ]
            names.append(f"{_link(doc, key)} ({'; '.join(labels)})")
        lines.append(f"  [{len(cut)}] " + " + ".join(names))
    depth = c.defence_in_depth
    lines += [
        "",
        f"Defence in depth: {'n/a' if depth is None else depth} "
        "(interventions on the least-defended path)",
    ]
    if a.risk_computed:
        lines += ["", _risk_heading(a)]
        for outcome, r in a.risk.items():
            lines.append(
                f"  {_label(doc, outcome)}: baseline {_number(r.baseline)}, "
                f"with interventions {_number(r.with_interventions)}"
            )
            lines += range_lines(r)
        if not a.risk:
            lines.append("  none: no outcome")
        if a.sensitivity:
            ranged = any((x.low, x.high) != (0.0, 1.0) for x in a.sensitivity)
            lines += ["", SENSITIVITY_RANGES if ranged else SENSITIVITY]
            for sens in a.sensitivity:
                held = (
                    ""
                    if (sens.low, sens.high) == (0.0, 1.0)
                    else f" (at {_p(sens.low)} / {_p(sens.high)})"
                )
                lines.append(
                    f"  link {_link(doc, sens.link)}{held}: P({_label(doc, sens.outcome)}) "
                    f"{_pair(sens.at_0, sens.at_1)}"
                )
    if a.warnings:
        lines += ["", "Warnings:"]
        lines += [f"  - {one_line(w.text)}" for w in a.warnings]
    return "\n".join(lines) + "\n"


def scenario_lines(doc: Document, scenario: Scenario) -> list[str]:
    """What a scenario changes, one line each: interventions off, probabilities set."""
    out = []
    for ann_id in scenario.off:
        owner, ann = doc.annotation(ann_id)
        where = _link(doc, owner) if doc.has_edge(owner) else _label(doc, owner)
        out.append(f"off: {one_line(ann.label or ann_id)} ({where})")
    for key, p in scenario.probabilities.items():
        what = f"link {_link(doc, key)}" if doc.has_edge(key) else f"prior of {_label(doc, key)}"
        out.append(f"probability of {what}: {credence_text(p)}")
    return out
