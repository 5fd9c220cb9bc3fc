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
from mesadiagram.analysis.graph import LinkGraph, dismantle
from mesadiagram.analysis.notices import (
    Notice,
    missing_probabilities,
    no_effect,
    plain,
    structure_notices,
)
from mesadiagram.analysis.risk import (
    Estimate,
    Network,
    link_probabilities,
    reach_probability,
    risk_estimates,
    root_priors,
)
from mesadiagram.analysis.structure import Structure, analyse_structure
from mesadiagram.model import AnnotationId, Document, LinkId

SENSITIVITY_LIMIT = 200  # links; beyond this sensitivity is skipped (each needs 2 solves)


@dataclass
class OutcomeRisk:
    baseline: Estimate
    with_interventions: Estimate


@dataclass
class Sensitivity:
    link: LinkId
    outcome: str
    when_0: float
    when_1: float


@dataclass
class Analysis:
    structure: Structure
    coverage: Coverage
    risk: dict[str, OutcomeRisk] = field(default_factory=dict)
    sensitivity: list[Sensitivity] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)  # worded for the CLI and the editor


def has_credences(doc: Document) -> bool:
    return any(e.probability is not None for e in doc.edges)


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
    for outcome, (baseline, with_cuts) in risk_estimates(base, cut, s.outcomes).items():
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
    if any(not r.baseline.exact or not r.with_interventions.exact for r in result.risk.values()):
        result.warnings.append(
            plain(
                "risk estimated by Monte Carlo (too many uncertain links for "
                "exact computation); see the standard errors"
            )
        )
    if not with_sensitivity:
        return
    if any(not r.baseline.exact for r in result.risk.values()):
        result.warnings.append(
            plain("sensitivity skipped: it needs exact risk (too many uncertain links here)")
        )
        return
    links = [e.id for e in doc.edges if e.id in s.relevant_links]
    if len(links) > SENSITIVITY_LIMIT:
        result.warnings.append(plain(f"sensitivity skipped: more than {SENSITIVITY_LIMIT} links"))
        return
    for key in links:
        arc = s.links.arc[key]
        low, high = base.with_probability(arc, 0.0), base.with_probability(arc, 1.0)
        for outcome in s.outcomes:
            result.sensitivity.append(
                Sensitivity(
                    key,
                    outcome,
                    reach_probability(low, outcome).value,
                    reach_probability(high, outcome).value,
                )
            )


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
    """The ``analyze --json`` object."""
    out: dict[str, Any] = {
        "roots": a.structure.roots,
        "outcomes": a.structure.outcomes,
        "outcomes_marked": a.structure.outcomes_marked,  # False: dead ends are the outcomes
        "dead_ends": a.structure.dead_ends,  # no link out, not marked (see above)
        "paths": a.structure.paths,
        "path_count": len(a.structure.paths),
        "paths_capped": a.structure.paths_capped,  # True: there are more than listed
        "unmitigated_links": list(a.coverage.unmitigated),
        "critical_links": list(a.coverage.critical),
        "cut_sets": [list(cut) for cut in a.coverage.cut_sets],
        "defence_in_depth": a.coverage.defence_in_depth,
        "sensitivity": [
            {"link": s.link, "outcome": s.outcome, "when_0": s.when_0, "when_1": s.when_1}
            for s in a.sensitivity
        ],
        "warnings": [w.text for w in a.warnings],
    }
    if a.risk:
        out["risk"] = {
            o: {
                "baseline": r.baseline.value,
                "with_interventions": r.with_interventions.value,
                "exact": r.baseline.exact and r.with_interventions.exact,
                **(
                    {
                        "stderr": {
                            "baseline": r.baseline.stderr,
                            "with_interventions": r.with_interventions.stderr,
                        }
                    }
                    if not (r.baseline.exact and r.with_interventions.exact)
                    else {}
                ),
            }
            for o, r in a.risk.items()
        }
    return out
