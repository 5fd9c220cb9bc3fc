"""One analysis of a document: structure, coverage, risk, sensitivity and warnings.

``analyse`` gathers everything the CLI's ``analyze`` command and the editor's Analysis
dock show; ``as_json`` gives the CLI's ``--json`` object. Links are named by their ids.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import Any

import networkx as nx

from mesadiagram.analysis.coverage import Coverage, analyse_coverage
from mesadiagram.analysis.credence_ranges import Spread, spreads
from mesadiagram.analysis.credences import credences, given_probability
from mesadiagram.analysis.credences import has_credences as _has_credences
from mesadiagram.analysis.graph import LinkGraph, dismantle
from mesadiagram.analysis.notices import (
    Notice,
    estimated,
    missing_probabilities,
    no_effect,
    plain,
    stage_priors_unused,
    structure_notices,
)
from mesadiagram.analysis.risk import Estimate, Steps, risk_estimates
from mesadiagram.analysis.sensitivity import Sensitivity, sensitivities
from mesadiagram.analysis.structure import Structure, analyse_structure
from mesadiagram.model import AnnotationId, Document
from mesadiagram.model.credence import ends, is_range
from mesadiagram.model.scenarios import Scenario

__all__ = [
    "Analysis",
    "OutcomeRisk",
    "Sensitivity",
    "Spread",
    "analyse",
    "as_json",
    "has_credences",
    "lightened",
]

SENSITIVITY_LIMIT = 200  # links; beyond this sensitivity is skipped (each needs 2 solves)


@dataclass
class OutcomeRisk:
    baseline: Estimate  # (with credence ranges: at their middles, the mean risk)
    with_interventions: Estimate
    # With credence ranges: the bounds (and in ``analyse``, the median and interval).
    baseline_range: Spread | None = None
    with_interventions_range: Spread | None = None

    def numbers(self) -> list[Estimate]:
        """Every number it holds."""
        out = [self.baseline, self.with_interventions]
        for spread in (self.baseline_range, self.with_interventions_range):
            out += spread.numbers() if spread else []
        return out


@dataclass
class Analysis:
    structure: Structure
    coverage: Coverage
    risk: dict[str, OutcomeRisk] = field(default_factory=dict)
    risk_computed: bool = False  # some link has a probability (``risk`` may still be empty)
    sensitivity: list[Sensitivity] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)  # worded for the CLI and the editor


def has_credences(doc: Document, scenario: Scenario | None = None) -> bool:
    """Whether a link the analysis counts has a probability (evidence's are not used),
    in the file or set by ``scenario``."""
    return _has_credences(doc, scenario)


def analyse(
    doc: Document,
    disabled_interventions: Collection[AnnotationId] = frozenset(),
    sensitivity: bool = True,
    scenario: Scenario | None = None,
) -> Analysis:
    """Everything about ``doc``. ``disabled_interventions`` are what-if switches: the
    annotation ids of interventions taken as not working in the with-interventions risk
    (unknown ids are ignored). ``scenario`` switches off its interventions too and sets
    its probabilities. ``sensitivity=False`` skips the sensitivity solves."""
    structure = analyse_structure(doc)
    coverage = analyse_coverage(doc, structure)
    result = Analysis(structure, coverage)
    result.warnings = structure_notices(doc, structure, coverage)
    if has_credences(doc, scenario):
        result.risk_computed = True
        _add_risk(doc, result, disabled_interventions, sensitivity, scenario)
    return result


def _add_risk(
    doc: Document,
    result: Analysis,
    disabled: Collection[AnnotationId],
    with_sensitivity: bool,
    scenario: Scenario | None = None,
) -> None:
    s = result.structure
    cred = credences(doc, s.roots, scenario, disabled)
    base, cut = cred.network(s.links, False), cred.network(s.links, True)
    pool = Steps()  # the exact factoring steps of this whole analysis
    for outcome, (baseline, with_cuts) in risk_estimates(base, cut, s.outcomes, pool=pool).items():
        result.risk[outcome] = OutcomeRisk(baseline, with_cuts)
    if cred.ranges():
        for outcome, (low, high) in spreads(cred, s.links, s.outcomes, pool).items():
            result.risk[outcome].baseline_range = low
            result.risk[outcome].with_interventions_range = high
    result.warnings += risk_notices(doc, s, scenario)
    if not with_sensitivity:
        _warn_estimates(result)
        return
    links = [e.id for e in doc.edges if e.id in s.relevant_links]
    if len(links) > SENSITIVITY_LIMIT:
        result.warnings.append(plain(f"sensitivity skipped: more than {SENSITIVITY_LIMIT} links"))
    else:
        pairs = [(key, s.links.arc[key]) for key in links]
        held = {k: ends(p) for k, p in cred.links.items() if is_range(p) and k in s.links.arc}
        result.sensitivity = sensitivities(base, pairs, s.outcomes, pool=pool, ends=held)
    _warn_estimates(result)


def risk_notices(doc: Document, s: Structure, scenario: Scenario | None = None) -> list[Notice]:
    """What the risk leaves out or takes as given: links without a probability,
    interventions without an effect, priors on stages that are not roots."""
    out = []
    missing = [
        e.id
        for e in doc.edges
        if e.id in s.relevant_links and not given_probability(doc, scenario, e.id)
    ]
    if missing:
        out.append(missing_probabilities(missing))
    for e in doc.edges:
        for a in e.annotations:
            if a.type == "intervention" and a.effect is None:
                out.append(no_effect(doc, e.id, a.label))
    roots = set(s.roots)
    unused = [
        n.id for n in doc.nodes if n.id not in roots and given_probability(doc, scenario, n.id)
    ]
    if unused:
        out.append(stage_priors_unused(doc, unused))
    return out


def _warn_estimates(result: Analysis) -> None:
    """One warning when some number is a Monte Carlo estimate (each carries its error)."""
    numbers = [e for r in result.risk.values() for e in r.numbers()]
    numbers += [e for x in result.sensitivity for e in (x.at_0, x.at_1)]
    # (a percentile over credence draws is an estimate of another kind, said where it is)
    percentiles = {id(e) for r in result.risk.values() for e in _percentiles(r)}
    samples = {e.samples for e in numbers if not e.exact and id(e) not in percentiles}
    if samples:
        result.warnings.append(estimated(max(samples)))


def _percentiles(r: OutcomeRisk) -> list[Estimate]:
    spreads = (r.baseline_range, r.with_interventions_range)
    return [e for x in spreads if x for e in (x.median, x.q05, x.q95) if e]


def lightened(a: Analysis) -> Analysis:
    """``a`` without the working graphs its structure kept (only the analysis itself needs
    them). For keeping a result around: a large model's graphs are a hundred thousand
    objects, and whichever thread drops them last spends tens of milliseconds freeing
    them, so an editor drops them on its worker thread, not the GUI thread."""
    old = a.structure
    empty = nx.DiGraph()
    a.structure = replace(old, graph=empty, links=LinkGraph(empty, {}, {}), relevant_arcs=set())
    dismantle(old.graph)
    for table in (old.links.arc, old.links.link):
        for key in list(table):
            del table[key]
    return a


def as_json(a: Analysis) -> dict[str, Any]:
    """The ``analyze --json`` object (docs/analysis.md, "The JSON report")."""
    return {
        "roots": a.structure.roots,
        "outcomes": a.structure.outcomes,
        "outcomes_marked": a.structure.outcomes_marked,  # False: dead ends are the outcomes
        "dead_ends": a.structure.dead_ends,  # no link out, not marked (see above)
        "paths": a.structure.paths,
        "path_count": len(a.structure.paths),  # with paths_capped: a lower bound
        "paths_capped": a.structure.paths_capped,  # True: there are more than listed
        "unmitigated_links": list(a.coverage.unmitigated),
        "critical_links": list(a.coverage.critical),
        "cut_sets": [list(cut) for cut in a.coverage.cut_sets],
        "defence_in_depth": a.coverage.defence_in_depth,
        "sensitivity": [_sensitivity_json(x) for x in a.sensitivity],
        "warnings": [w.text for w in a.warnings],
        "risk": {o: risk_json(r) for o, r in a.risk.items()} if a.risk_computed else None,
    }


def _sensitivity_json(x: Sensitivity) -> dict[str, Any]:
    out = {"link": x.link, "outcome": x.outcome}
    out.update(_numbers({"when_0": x.at_0, "when_1": x.at_1}))
    if (x.low, x.high) != (0.0, 1.0):  # a range: held at its ends
        out["held_at"] = [x.low, x.high]
    return out


def risk_json(r: OutcomeRisk) -> dict[str, Any]:
    """One outcome's risk: both numbers, and with credence ranges their ``ranges``."""
    out = _numbers({"baseline": r.baseline, "with_interventions": r.with_interventions})
    if r.baseline_range and r.with_interventions_range:
        out["ranges"] = {
            "baseline": spread_json(r.baseline_range),
            "with_interventions": spread_json(r.with_interventions_range),
        }
    return out


def spread_json(x: Spread) -> dict[str, Any]:
    """Bounds, and (when computed) median and 90 % interval, with what is estimated."""
    named = {"low": x.low, "high": x.high}
    out: dict[str, Any] = {name: e.value for name, e in named.items()}
    stderr: dict[str, Any] = {name: None if e.exact else e.stderr for name, e in named.items()}
    if x.median and x.q05 and x.q95:
        out["median"], out["interval"] = x.median.value, [x.q05.value, x.q95.value]
        stderr["median"] = None if x.median.exact else x.median.stderr
        stderr["interval"] = [None if e.exact else e.stderr for e in (x.q05, x.q95)]
        out["draws"] = x.draws
        if x.samples:
            out["draw_samples"] = x.samples
    out["exact"] = all(v is None or v == [None, None] for v in stderr.values())
    if not out["exact"]:
        out["stderr"] = stderr
    if not (x.low.exact and x.high.exact):
        out["samples"] = max(e.samples for e in (x.low, x.high))
    return out


def _numbers(named: dict[str, Estimate]) -> dict[str, Any]:
    """Values by name, ``exact`` when all are; otherwise also each one's standard error
    (``None`` for an exact one) and the number of samples."""
    out: dict[str, Any] = {name: e.value for name, e in named.items()}
    out["exact"] = all(e.exact for e in named.values())
    if not out["exact"]:
        out["stderr"] = {name: None if e.exact else e.stderr for name, e in named.items()}
        out["samples"] = max(e.samples for e in named.values())
    return out
