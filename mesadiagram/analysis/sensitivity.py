"""Sensitivity: each outcome's baseline risk with one link's probability held at 0 and at 1,
or, for a link whose probability is a credence range, at the range's two ends.

Each value is exact when the exact calculation is affordable for that network (holding a
link at 1 can open routes that were closed, and need sampling where the baseline did
not); the others come from one shared Monte Carlo run in which the link's samples are
simply all off or all on (common random numbers: every value sees the same draws of the
other links), each with its standard error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mesadiagram.analysis.graph import Arc
from mesadiagram.analysis.risk import (
    MC_SAMPLES,
    SOURCE,
    Estimate,
    Network,
    Steps,
    closure,
    exact_probabilities,
)
from mesadiagram.analysis.sampling import Sampler
from mesadiagram.model import LinkId


@dataclass
class Sensitivity:
    link: LinkId
    outcome: str
    at_0: Estimate  # the risk with the link held at ``low``
    at_1: Estimate  # ... and at ``high``
    low: float = 0.0  # what the link was held at: 0 and 1, or its range's ends
    high: float = 1.0

    @property
    def when_0(self) -> float:
        return self.at_0.value

    @property
    def when_1(self) -> float:
        return self.at_1.value

    @property
    def exact(self) -> bool:
        return self.at_0.exact and self.at_1.exact


def sensitivities(
    base: Network,
    links: list[tuple[LinkId, Arc]],
    outcomes: list[str],
    samples: int = MC_SAMPLES,
    seed: int = 0,
    pool: Steps | None = None,
    exact: bool = True,
    ends: Mapping[LinkId, tuple[float, float]] | None = None,
) -> list[Sensitivity]:
    """For every link (id, arc) and outcome, in that order: the outcome's probability with
    the link at 0 and at 1 (at its ``ends`` when given there: a credence range), the rest
    of ``base`` unchanged. ``exact=False`` samples all that a certain route does not
    decide (to check the sampling)."""
    held = [(ends or {}).get(key, (0.0, 1.0)) for key, _arc in links]
    values: dict[tuple[int, str, int], Estimate] = {}
    missing: dict[int, list[tuple[str, int]]] = {}
    for i, (_key, arc) in enumerate(links):
        for end in (0, 1):
            net = base.with_probability(arc, held[i][end])
            computed = exact_probabilities(net, outcomes, pool=pool, reduce=exact)
            for outcome, value in computed.items():
                if value is None:
                    missing.setdefault(i, []).append((outcome, end))
                else:
                    values[(i, outcome, end)] = Estimate(value, True)
    if missing:
        # A range's ends compare the same uniform numbers as the link's own probability.
        variants = {"p": base.probs}
        for end in (0, 1):
            variants[str(end)] = {links[i][1]: held[i][end] for i in missing}
        sampler = Sampler(_possible_arcs(base, outcomes), SOURCE, variants, samples, seed)
        for i, wanted in missing.items():
            arc = links[i][1]
            for end in {e for _, e in wanted}:
                p = held[i][end]
                mask = sampler.full if p >= 1 else 0 if p <= 0 else sampler.masks[str(end)][arc]
                reached = sampler.reached("p", {arc: mask})
                for outcome, e in wanted:
                    if e == end:
                        mean, error = sampler.estimate(reached.get(outcome, 0))
                        values[(i, outcome, end)] = Estimate(mean, False, error, samples)
    return [
        Sensitivity(key, outcome, values[(i, outcome, 0)], values[(i, outcome, 1)], *held[i])
        for i, (key, _arc) in enumerate(links)
        for outcome in outcomes
    ]


def _possible_arcs(net: Network, outcomes: list[str]) -> list[Arc]:
    """Arcs on some route from the source to an outcome whatever the probabilities (a link
    held at 1 may open a route its probability 0 had closed), in a fixed order."""
    forward = closure([SOURCE], lambda u: net.succ.get(u, ()))
    pred: dict[str, list[str]] = {}
    for u, v in net.probs:
        pred.setdefault(v, []).append(u)
    backward = closure(list(outcomes), lambda v: pred.get(v, ()))
    return sorted((u, v) for u, v in net.probs if u in forward and v in backward)
