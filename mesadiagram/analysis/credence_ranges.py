"""What credence ranges make of a risk: exact bounds, and a median with a 90 % interval.

**Bounds.** Risk never falls when a link's probability (or a root's prior) rises: with
one uniform number U per link, a link transmits when U < p, so a higher p keeps every
link that transmitted and may add some, and an outcome reached through transmitting
links is still reached. Interventions multiply p by (1 - effect) >= 0, which keeps the
order, and no counted link works against an outcome (evidence links are left out). So
over all values the ranges allow, the risk is lowest with every range at its low end and
highest with every one at its high end: two ordinary calculations, each exact when
affordable (else a Monte Carlo estimate with its error, as any risk).

**Median and interval.** Each range is drawn uniformly and independently, ``DRAWS``
times, and the risk of each draw computed; the median and the 5th and 95th percentiles
of those risks are reported. When every draw can be computed exactly (within a work
budget), they are: the only error is that of taking ``DRAWS`` draws. Otherwise the draws
are sampled (``SAMPLED_DRAWS``, fewer for a large network): each draw's values of a ranged
link are further probability sets of that link in a :class:`Sampler`, compared with the
same uniform numbers as every other draw (common random numbers), so the sampling error
of each draw's risk is mostly shared and shifts the percentiles together instead of
widening the interval. The error given with a percentile is a quarter of the spread
between the draws ranked two binomial standard deviations either side of it (the
order-statistic interval of about 95 %, which is four standard errors wide; and, for
sampled draws, the standard error of a sampled risk, added in quadrature). When both
bounds are exact and equal, no range matters and the percentiles are that exact value;
a sampled percentile never leaves exact bounds.
"""

from __future__ import annotations

import copy
import math
import random
from dataclasses import dataclass

from mesadiagram.analysis.credences import Credences, drawn
from mesadiagram.analysis.graph import Arc, LinkGraph
from mesadiagram.analysis.risk import (
    SOURCE,
    Estimate,
    Network,
    Steps,
    exact_probabilities,
    risk_estimates,
)
from mesadiagram.analysis.sampling import Sampler, stderr

DRAWS = 1000  # credence draws when every draw is computed exactly
SAMPLED_DRAWS = 200  # credence draws when they must be sampled (a small network) ...
MIN_SAMPLED_DRAWS = 50  # ... down to this many for a large one:
SAMPLED_WORK = 400_000  # draws x arcs on routes to an outcome
DRAW_SAMPLES = 4000  # Monte Carlo samples of each sampled draw
EXACT_WORK = 3_000_000  # draws x arcs on routes to an outcome, beyond which draws are sampled
DRAW_STEPS = 100_000  # factoring steps for all the exact draws (their own: see ``spreads``)
QUANTILES = (0.5, 0.05, 0.95)


@dataclass
class Spread:
    """One risk (without or with interventions) over the credence ranges."""

    low: Estimate  # every range at its low end: the least the risk can be
    high: Estimate  # every range at its high end: the most
    median: Estimate | None = None  # of the risk over draws of the ranges (None: not asked)
    q05: Estimate | None = None  # its 5th percentile
    q95: Estimate | None = None  # its 95th percentile
    draws: int = 0  # credence draws behind median, q05 and q95
    samples: int = 0  # Monte Carlo samples of each draw (0: each draw exact)

    def numbers(self) -> list[Estimate]:
        return [e for e in (self.low, self.high, self.median, self.q05, self.q95) if e]


def bounds(
    cred: Credences, lg: LinkGraph, outcomes: list[str], pool: Steps | None = None
) -> dict[str, tuple[Spread, Spread]]:
    """Each outcome's bounds, without and with interventions."""
    found = [
        risk_estimates(cred.at_end(lg, False, end), cred.at_end(lg, True, end), outcomes, pool=pool)
        for end in (0, 1)
    ]
    return {
        o: (Spread(found[0][o][0], found[1][o][0]), Spread(found[0][o][1], found[1][o][1]))
        for o in outcomes
    }


def spreads(
    cred: Credences, lg: LinkGraph, outcomes: list[str], pool: Steps | None = None, seed: int = 0
) -> dict[str, tuple[Spread, Spread]]:
    """Each outcome's bounds, median and 90 % interval, without and with interventions."""
    out = bounds(cred, lg, outcomes, pool)
    arcs = cred.range_arcs(lg)
    high = cred.at_end(lg, False, 1)
    routes = high.relevant(outcomes)  # (every draw's live links are among these)
    values = None
    if DRAWS * max(1, len(routes)) <= EXACT_WORK:
        # Their own factoring steps: draws that turn out too costly fall back to sampling
        # without leaving the rest of the analysis (sensitivity) fewer steps.
        values = _exact_draws(cred, lg, outcomes, arcs, Steps(DRAW_STEPS), seed)
    samples = 0
    if values is None:
        samples = DRAW_SAMPLES
        values = _sampled_draws(cred, lg, outcomes, arcs, sorted(routes), seed)
    for o in outcomes:
        for which in (0, 1):
            ranked = sorted(values[(o, which)])
            spread = out[o][which]
            spread.draws, spread.samples = len(ranked), samples
            low, high = spread.low, spread.high
            if low.exact and high.exact and low.value == high.value:  # no range matters
                spread.median = spread.q05 = spread.q95 = Estimate(low.value, True)
                spread.samples = 0
                continue
            found = [_quantile(ranked, q, samples) for q in QUANTILES]
            if low.exact and high.exact:  # (sampling noise cannot leave exact bounds)
                for e in found:
                    e.value = min(max(e.value, low.value), high.value)
            spread.median, spread.q05, spread.q95 = found
    return out


def _drawn_network(template: Network, values: dict[Arc, float]) -> Network:
    """``template`` with ``values`` on some arcs (its stages and arcs shared, not rebuilt)."""
    net = copy.copy(template)
    net.probs = {**template.probs, **values}
    net._reach = net._sure = None  # (they depend on the probabilities)
    return net


def _exact_draws(
    cred: Credences,
    lg: LinkGraph,
    outcomes: list[str],
    arcs: list[tuple[Arc, float, float]],
    pool: Steps | None,
    seed: int,
) -> dict[tuple[str, int], list[float]] | None:
    """Every draw's risks computed exactly, or None as soon as one cannot be."""
    rng = random.Random(seed)
    templates = (cred.network(lg, False), cred.network(lg, True))
    values: dict[tuple[str, int], list[float]] = {(o, w): [] for o in outcomes for w in (0, 1)}
    for _ in range(DRAWS):
        draw = drawn(rng, arcs)
        nets = (
            _drawn_network(templates[0], draw),
            _drawn_network(templates[1], {a: cred.cut(lg, a, p) for a, p in draw.items()}),
        )
        for which, net in enumerate(nets):
            for o, value in exact_probabilities(net, outcomes, pool=pool).items():
                if value is None:
                    return None
                values[(o, which)].append(value)
    return values


def sampled_draws(arcs: int) -> int:
    """How many draws are sampled for a network of ``arcs`` arcs (each draw one pass over
    them for each of the two networks)."""
    return max(MIN_SAMPLED_DRAWS, min(SAMPLED_DRAWS, SAMPLED_WORK // max(1, arcs)))


def _sampled_draws(
    cred: Credences,
    lg: LinkGraph,
    outcomes: list[str],
    arcs: list[tuple[Arc, float, float]],
    routes: list[Arc],
    seed: int,
) -> dict[tuple[str, int], list[float]]:
    """Every draw's risks, sampled: the arcs without a range from one Sampler (their
    middles, without and with interventions); the ranged arcs' masks from another, in
    which each draw's values (both networks) are further probability sets of the same
    arc, all compared with the same uniform numbers."""
    rng = random.Random(seed)
    base, cut = cred.network(lg, False), cred.network(lg, True)
    sampler = Sampler(routes, SOURCE, {"b": base.probs, "c": cut.probs}, DRAW_SAMPLES, seed)
    draws = sampled_draws(len(routes))
    ranged = [(arc, low, high) for arc, low, high in arcs if arc in sampler.masks["b"]]
    variants: dict[str, dict[Arc, float]] = {}
    for k in range(draws):
        draw = drawn(rng, ranged)
        variants[f"b{k}"] = draw
        variants[f"c{k}"] = {arc: cred.cut(lg, arc, p) for arc, p in draw.items()}
    held = Sampler([a for a, _, _ in ranged], SOURCE, variants, DRAW_SAMPLES, seed + 1)
    values: dict[tuple[str, int], list[float]] = {(o, w): [] for o in outcomes for w in (0, 1)}
    for k in range(draws):
        for which, name in enumerate("bc"):
            reached = sampler.reached(name, held.masks[f"{name}{k}"])
            for o in outcomes:
                values[(o, which)].append(sampler.estimate(reached.get(o, 0))[0])
    return values


def _quantile(ranked: list[float], q: float, samples: int) -> Estimate:
    """The ``q`` quantile of the sorted ``ranked`` and its error (see the module doc)."""
    n = len(ranked)
    at = q * (n - 1)
    below = ranked[math.floor(at)]
    value = below + (ranked[math.ceil(at)] - below) * (at - math.floor(at))
    spread = 2 * math.sqrt(n * q * (1 - q))  # two binomial standard deviations of rank
    lo = ranked[max(0, math.floor(at - spread))]
    hi = ranked[min(n - 1, math.ceil(at + spread))]
    error = (hi - lo) / 4  # (a 95 % interval of the quantile is about four errors wide)
    if samples:
        error = math.hypot(error, stderr(value, round(value * samples), samples))
    return Estimate(value, False, error, samples)
