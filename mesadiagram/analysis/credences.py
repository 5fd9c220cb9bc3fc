"""The credences an analysis works with: each link's probability and each root's prior,
as the file gives them or as a scenario sets them, and what working interventions make
of each link.

A credence is a number or a range (``model/credence.py``). Networks (``risk.Network``)
need numbers, so a range is taken at its middle (``network``), at one end for every
range at once (``at_end``: the bounds), or as drawn (``drawn``: the median and interval).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from mesadiagram.analysis.counted import counted_links
from mesadiagram.analysis.graph import Arc, LinkGraph
from mesadiagram.analysis.risk import SOURCE, Network
from mesadiagram.model import AnnotationId, Document, LinkId
from mesadiagram.model.credence import Probability, ends, is_range, middle
from mesadiagram.model.scenarios import Scenario


@dataclass
class Credences:
    links: dict[LinkId, Probability]  # every link (1.0 when it has none)
    priors: dict[str, Probability]  # every root (1.0 when it has none)
    # (1 - effect) of each of its working interventions, applied in turn (in this order,
    # so that the numbers are those of ``risk.link_probabilities`` to the last digit)
    factors: dict[LinkId, tuple[float, ...]]

    def ranges(self) -> list[tuple[str, str]]:
        """What is a range: ("link", id) and ("root", id), in a fixed order."""
        out = [("link", k) for k, p in self.links.items() if is_range(p)]
        return out + [("root", r) for r, p in self.priors.items() if is_range(p)]

    def network(
        self, lg: LinkGraph, interventions: bool, value: Callable[[Probability], float] = middle
    ) -> Network:
        """The network with ``value`` of every credence (a range's middle by default), the
        interventions' factors applied when ``interventions``."""
        probs = {k: value(p) for k, p in self.links.items()}
        if interventions:
            for k, factors in self.factors.items():
                for f in factors:
                    probs[k] *= f
        return Network.of_links(lg, probs, {r: value(p) for r, p in self.priors.items()})

    def at_end(self, lg: LinkGraph, interventions: bool, end: int) -> Network:
        """Every range at its low end (``end`` 0) or at its high end (1)."""
        return self.network(lg, interventions, lambda p: ends(p)[end])

    def range_arcs(self, lg: LinkGraph) -> list[tuple[Arc, float, float]]:
        """The arcs whose probability is a range: (arc, low, high), before interventions."""
        out = []
        for kind, key in self.ranges():
            if kind == "root":
                out.append(((SOURCE, key), *ends(self.priors[key])))
            elif key in lg.arc:
                out.append((lg.arc[key], *ends(self.links[key])))
        return out

    def cut(self, lg: LinkGraph, arc: Arc, p: float) -> float:
        """``p`` on ``arc`` after its working interventions."""
        for f in self.factors.get(lg.link.get(arc, ""), ()):  # (a root's arc has none)
            p *= f
        return p


def drawn(rng: random.Random, arcs: list[tuple[Arc, float, float]]) -> dict[Arc, float]:
    """One draw of every range, uniform between its ends (independent of each other)."""
    return {arc: low + (high - low) * rng.random() for arc, low, high in arcs}


def credences(
    doc: Document,
    roots: list[str],
    scenario: Scenario | None = None,
    disabled: Collection[AnnotationId] = frozenset(),
) -> Credences:
    """What the analysis of ``doc`` under ``scenario`` works with. The interventions in
    ``disabled`` (what-if switches) and those the scenario switches off do not work."""
    overrides: Mapping[str, Probability] = scenario.probabilities if scenario else {}
    off = set(disabled) | set(scenario.off if scenario else ())
    links: dict[LinkId, Probability] = {}
    factors: dict[LinkId, tuple[float, ...]] = {}
    for edge in doc.edges:
        given = overrides.get(edge.id, edge.probability)
        links[edge.id] = 1.0 if given is None else given
        working = tuple(
            1.0 - ann.effect
            for ann in edge.annotations
            if ann.type == "intervention" and ann.effect is not None and ann.id not in off
        )
        if working:
            factors[edge.id] = working
    priors = {}
    for root in roots:
        given = overrides.get(root, doc.node(root).probability)
        priors[root] = 1.0 if given is None else given
    return Credences(links, priors, factors)


def given_probability(doc: Document, scenario: Scenario | None, element_id: str) -> bool:
    """Whether the file or the scenario gives this link or stage a probability."""
    if scenario is not None and element_id in scenario.probabilities:
        return True
    return doc.element(element_id).probability is not None


def has_credences(doc: Document, scenario: Scenario | None = None) -> bool:
    """Whether a link the analysis counts has a probability (evidence's are not used),
    in the file or set by ``scenario``."""
    return any(given_probability(doc, scenario, e.id) for e in counted_links(doc))
