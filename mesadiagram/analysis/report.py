"""One analysis of a document: structure, coverage, risk, sensitivity and warnings.

``analyse`` gathers everything the CLI's ``analyze`` command and the editor's Analysis
dock show; ``as_json`` gives the CLI's ``--json`` object. Links are named by their ids.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import Any

import networkx as nx

from mesadiagram.analysis.counted import counted_links
from mesadiagram.analysis.coverage import Coverage, analyse_coverage
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
from mesadiagram.analysis.risk import (
    Estimate,
    Network,
    Steps,
    link_probabilities,
    risk_estimates,
    root_priors,
)
from mesadiagram.analysis.sensitivity import Sensitivity, sensitivities
from mesadiagram.analysis.structure import Structure, analyse_structure
from mesadiagram.model import AnnotationId, Document

__all__ = [
    "Analysis",
    "OutcomeRisk",
    "Sensitivity",
    "analyse",
    "as_json",
    "has_credences",
    "lightened",
]

SENSITIVITY_LIMIT = 200  # links; beyond this sensitivity is skipped (each needs 2 solves)


@dataclass
class OutcomeRisk:
    baseline: Estimate
    with_interventions: Estimate


@dataclass
class Analysis:
    structure: Structure
    coverage: Coverage
    risk: dict[str, OutcomeRisk] = field(default_factory=dict)
    risk_computed: bool = False  # some link has a probability (``risk`` may still be empty)
    sensitivity: list[Sensitivity] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)  # worded for the CLI and the editor


def has_credences(doc: Document) -> bool:
    """Whether a link the analysis counts has a probability (evidence's are not used)."""
    return any(e.probability is not None for e in counted_links(doc))


def analyse(
    doc: Document,
    disabled_interventions: Collection[AnnotationId] = frozenset(),
    sensitivity: bool = True,
) -> Analysis:
    """Everything about ``doc``. ``disabled_interventions`` are what-if switches: the
    annotation ids of interventions taken as not working in the with-interventions risk
    (unknown ids are ignored). ``sensitivity=False`` skips the sensitivity solves."""
    structure = analyse_structure(doc)
    coverage = analyse_coverage(doc, structure)
    result = Analysis(structure, coverage)
    result.warnings = structure_notices(doc, structure, coverage)
    if has_credences(doc):
        result.risk_computed = True
        _add_risk(doc, result, disabled_interventions, sensitivity)
    return result


def _add_risk(
    doc: Document,
    result: Analysis,
    disabled: Collection[AnnotationId],
    with_sensitivity: bool,
) -> None:
    s = result.structure
    priors = root_priors(doc, s.roots)
    base = Network.of_links(s.links, link_probabilities(doc, interventions=False), priors)
    cut = Network.of_links(
        s.links, link_probabilities(doc, interventions=True, disabled=disabled), priors
    )
    pool = Steps()  # the exact factoring steps of this whole analysis
    for outcome, (baseline, with_cuts) in risk_estimates(base, cut, s.outcomes, pool=pool).items():
        result.risk[outcome] = OutcomeRisk(baseline, with_cuts)
    missing = [e for e in doc.edges if e.probability is None and e.id in s.relevant_links]
    if missing:
        result.warnings.append(missing_probabilities([e.id for e in missing]))
    without_effect = [
        (e.id, a.label)
        for e in doc.edges
        for a in e.annotations
        if a.type == "intervention" and a.effect is None
    ]
    for key, label in without_effect:
        result.warnings.append(no_effect(doc, key, label))
    unused = [n.id for n in doc.nodes if n.probability is not None and n.id not in priors]
    if unused:
        result.warnings.append(stage_priors_unused(doc, unused))
    if not with_sensitivity:
        _warn_estimates(result)
        return
    links = [e.id for e in doc.edges if e.id in s.relevant_links]
    if len(links) > SENSITIVITY_LIMIT:
        result.warnings.append(plain(f"sensitivity skipped: more than {SENSITIVITY_LIMIT} links"))
    else:
        pairs = [(key, s.links.arc[key]) for key in links]
        result.sensitivity = sensitivities(base, pairs, s.outcomes, pool=pool)
    _warn_estimates(result)


def _warn_estimates(result: Analysis) -> None:
    """One warning when some number is a Monte Carlo estimate (each carries its error)."""
    numbers = [e for r in result.risk.values() for e in (r.baseline, r.with_interventions)]
    numbers += [e for x in result.sensitivity for e in (x.at_0, x.at_1)]
    samples = {e.samples for e in numbers if not e.exact}
    if samples:
        result.warnings.append(estimated(max(samples)))


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
        "sensitivity": [
            {"link": x.link, "outcome": x.outcome, **_numbers({"when_0": x.at_0, "when_1": x.at_1})}
            for x in a.sensitivity
        ],
        "warnings": [w.text for w in a.warnings],
        "risk": (
            {
                o: _numbers({"baseline": r.baseline, "with_interventions": r.with_interventions})
                for o, r in a.risk.items()
            }
            if a.risk_computed
            else None
        ),
    }


def _numbers(named: dict[str, Estimate]) -> dict[str, Any]:
    """Values by name, ``exact`` when all are; otherwise also each one's standard error
    (``None`` for an exact one) and the number of samples."""
    out: dict[str, Any] = {name: e.value for name, e in named.items()}
    out["exact"] = all(e.exact for e in named.values())
    if not out["exact"]:
        out["stderr"] = {name: None if e.exact else e.stderr for name, e in named.items()}
        out["samples"] = max(e.samples for e in named.values())
    return out
