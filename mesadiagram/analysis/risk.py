"""The probability that an outcome is reached, from the credences on links and roots.

Each link transmits independently with its probability (1 when none is given); each root
stage is active with its prior (default 1). An outcome is reached when a chain of active
root and transmitting links leads to it. Interventions with an ``effect`` e multiply their
link's probability by (1 - e). Cycles need no special care: reaching is reachability, and
going round a cycle never adds a new way in.

Exact by factoring (pivot on one uncertain link: p * R(link on) + (1 - p) * R(link off),
pruning as soon as the outcome is surely reached or surely cut off) when at most
``EXACT_LIMIT`` uncertain links matter and the work stays within a budget; otherwise Monte
Carlo with its standard error.

A :class:`Network` works on the arcs of the link graph (:mod:`.graph`): a parallel link is
its own arc followed by a certain one, so parallel links combine as independent routes.
"""

from __future__ import annotations

import math
import random
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from mesadiagram.analysis.graph import Arc, LinkGraph
from mesadiagram.model import AnnotationId, Document, LinkId

EXACT_LIMIT = 25
STEP_BUDGET = 400_000
MC_SAMPLES = 20_000
# Monte Carlo stops at this many link visits in all (about a second of Python): a large
# model gets fewer samples and a larger standard error, which the report shows.
MC_WORK = 1_000_000
MIN_SAMPLES = 200
SOURCE = "\0source"  # a virtual stage with a link to every root, carrying its prior


@dataclass
class Estimate:
    value: float
    exact: bool
    stderr: float = 0.0  # Monte Carlo only


class Network:
    """Arcs with their transmission probabilities, plus the virtual source."""

    def __init__(self, probs: Mapping[Arc, float], roots: Mapping[str, float]) -> None:
        self.probs = dict(probs)
        for root, prior in roots.items():
            self.probs[(SOURCE, root)] = prior
        self.succ: dict[str, list[str]] = {}
        for u, v in sorted(self.probs):
            self.succ.setdefault(u, []).append(v)
        self._reach: tuple[set[Arc], set[str], dict[str, list[str]]] | None = None

    def reachability(self) -> tuple[set[Arc], set[str], dict[str, list[str]]]:
        """Links that can transmit, stages the source can reach through them, and each
        stage's predecessors; computed once per network (every target needs them)."""
        if self._reach is None:
            live = {k for k, p in self.probs.items() if p > 0}
            forward = {SOURCE}
            stack = [SOURCE]
            while stack:
                u = stack.pop()
                for v in self.succ.get(u, ()):
                    if (u, v) in live and v not in forward:
                        forward.add(v)
                        stack.append(v)
            pred: dict[str, list[str]] = {}
            for u, v in live:
                pred.setdefault(v, []).append(u)
            self._reach = (live, forward, pred)
        return self._reach

    @classmethod
    def of_links(
        cls, links: LinkGraph, probs: Mapping[LinkId, float], roots: Mapping[str, float]
    ) -> Network:
        """The network of a document's link graph, from each link's probability; the
        certain arcs of parallel links transmit always."""
        arcs = dict.fromkeys(links.graph.edges, 1.0)
        arcs.update((links.arc[k], p) for k, p in probs.items())
        return cls(arcs, roots)

    def with_probability(self, key: Arc, p: float) -> Network:
        probs = {k: v for k, v in self.probs.items() if k[0] != SOURCE}
        probs[key] = p
        roots = {k[1]: v for k, v in self.probs.items() if k[0] == SOURCE}
        return Network(probs, roots)


def link_probabilities(
    doc: Document, interventions: bool, disabled: Collection[AnnotationId] = frozenset()
) -> dict[LinkId, float]:
    """Each link's probability (1 when none is given), reduced by its interventions'
    effects when ``interventions`` is true, except those whose annotation id is in
    ``disabled`` (what-if switches, by id so that they survive edits elsewhere)."""
    probs: dict[LinkId, float] = {}
    for edge in doc.edges:
        p = 1.0 if edge.probability is None else edge.probability
        if interventions:
            for ann in edge.annotations:
                on = ann.id not in disabled
                if ann.type == "intervention" and ann.effect is not None and on:
                    p *= 1.0 - ann.effect
        probs[edge.id] = p
    return probs


def root_priors(doc: Document, roots: list[str]) -> dict[str, float]:
    return {r: (1.0 if doc.node(r).probability is None else doc.node(r).probability) for r in roots}


def reach_probability(
    net: Network,
    target: str,
    exact_limit: int = EXACT_LIMIT,
    samples: int = MC_SAMPLES,
    seed: int = 0,
) -> Estimate:
    relevant = _relevant(net, target)
    uncertain = [k for k in relevant if 0.0 < net.probs[k] < 1.0]
    if len(uncertain) <= exact_limit:
        value = _factor(net, target, relevant)
        if value is not None:
            return Estimate(value, True)
    return _monte_carlo(net, target, relevant, samples, seed)


def risk_estimates(
    base: Network,
    cut: Network,
    targets: list[str],
    exact_limit: int = EXACT_LIMIT,
    work: int = MC_WORK,
    seed: int = 0,
) -> dict[str, tuple[Estimate, Estimate]]:
    """Baseline and with-interventions estimates for every target.

    Exact where the factoring stays small; the rest share one Monte Carlo run in which each
    link draws one number per sample for both networks (common random numbers), so the
    difference between the two is estimated with less noise than separate runs give.
    """
    out: dict[str, tuple[Estimate, Estimate]] = {}
    pending = []
    for target in targets:
        pair = []
        for net in (base, cut):
            relevant = _relevant(net, target)
            uncertain = sum(1 for k in relevant if 0.0 < net.probs[k] < 1.0)
            value = _factor(net, target, relevant) if uncertain <= exact_limit else None
            pair.append(None if value is None else Estimate(value, True))
        if pair[0] is None or pair[1] is None:
            pending.append(target)
        else:
            out[target] = (pair[0], pair[1])
    if pending:
        out.update(_monte_carlo_all(base, cut, pending, work, seed))
    return out


def _monte_carlo_all(
    base: Network, cut: Network, targets: list[str], work: int, seed: int
) -> dict[str, tuple[Estimate, Estimate]]:
    rng = random.Random(seed)
    links = sorted(set(base.probs))
    succ: dict[str, list[tuple[str, int]]] = {}
    for i, (u, v) in enumerate(links):
        succ.setdefault(u, []).append((v, i))
    p_base = [base.probs[k] for k in links]
    p_cut = [cut.probs.get(k, 0.0) for k in links]
    samples = max(MIN_SAMPLES, min(MC_SAMPLES, work // max(1, 2 * len(links))))
    hits_base = dict.fromkeys(targets, 0)
    hits_cut = dict.fromkeys(targets, 0)
    for _ in range(samples):
        draws: dict[int, float] = {}
        for probs, hits in ((p_base, hits_base), (p_cut, hits_cut)):
            seen = {SOURCE}
            stack = [SOURCE]
            while stack:
                u = stack.pop()
                for v, i in succ.get(u, ()):
                    if v in seen:
                        continue
                    draw = draws.get(i)
                    if draw is None:
                        draw = draws[i] = rng.random()
                    if draw < probs[i]:
                        seen.add(v)
                        stack.append(v)
            for target in targets:
                if target in seen:
                    hits[target] += 1

    def estimate(hits: int) -> Estimate:
        value = hits / samples
        return Estimate(value, False, math.sqrt(max(value * (1 - value), 1e-12) / samples))

    return {t: (estimate(hits_base[t]), estimate(hits_cut[t])) for t in targets}


def _relevant(net: Network, target: str) -> set[Arc]:
    """Links on some path from the source to ``target`` with a non-zero probability."""
    live, forward, pred = net.reachability()
    backward = {target}
    stack = [target]
    while stack:
        v = stack.pop()
        for u in pred.get(v, ()):
            if u not in backward:
                backward.add(u)
                stack.append(u)
    return {(u, v) for u, v in live if u in forward and v in backward}


def _factor(net: Network, target: str, relevant: set[Arc]) -> float | None:
    succ: dict[str, list[str]] = {}
    for u, v in sorted(relevant):
        succ.setdefault(u, []).append(v)
    steps = 0

    def closure(on: frozenset[Arc], off: frozenset[Arc], optimistic: bool) -> set[str]:
        seen = {SOURCE}
        stack = [SOURCE]
        while stack:
            u = stack.pop()
            for v in succ.get(u, ()):
                key = (u, v)
                if v in seen or key in off:
                    continue
                sure = net.probs[key] >= 1.0 or key in on
                if sure or optimistic:
                    seen.add(v)
                    stack.append(v)
        return seen

    def solve(on: frozenset[Arc], off: frozenset[Arc]) -> float:
        nonlocal steps
        steps += 1
        if steps > STEP_BUDGET:
            raise _OverBudgetError
        reached = closure(on, off, optimistic=False)
        if target in reached:
            return 1.0
        if target not in closure(on, off, optimistic=True):
            return 0.0
        # Pivot on an undecided link leaving what is surely reached: chains stay linear.
        pivot = next(
            (u, v)
            for u in sorted(reached)
            for v in succ.get(u, ())
            if v not in reached and (u, v) not in off and (u, v) not in on
        )
        p = net.probs[pivot]
        return p * solve(on | {pivot}, off) + (1 - p) * solve(on, off | {pivot})

    try:
        return solve(frozenset(), frozenset())
    except _OverBudgetError:
        return None


class _OverBudgetError(Exception):
    pass


def _monte_carlo(
    net: Network, target: str, relevant: set[Arc], samples: int, seed: int
) -> Estimate:
    rng = random.Random(seed)
    succ: dict[str, list[tuple[str, float]]] = {}
    for u, v in sorted(relevant):
        succ.setdefault(u, []).append((v, net.probs[(u, v)]))
    hits = 0
    for _ in range(samples):
        seen = {SOURCE}
        stack = [SOURCE]
        while stack:
            u = stack.pop()
            if u == target:
                hits += 1
                break
            for v, p in succ.get(u, ()):
                if v not in seen and rng.random() < p:
                    seen.add(v)
                    stack.append(v)
    value = hits / samples
    return Estimate(value, False, math.sqrt(max(value * (1 - value), 1e-12) / samples))
