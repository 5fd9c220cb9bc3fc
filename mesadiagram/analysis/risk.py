"""The probability that an outcome is reached, from the credences on links and roots.

Each link transmits independently with its probability (1 when none is given); each root
stage is active with its prior (default 1). An outcome is reached when a chain of active
root and transmitting links leads to it. Interventions with an ``effect`` e multiply their
link's probability by (1 - e). Cycles need no special care: reaching is reachability, and
going round a cycle never adds a new way in.

Every number is exact or a labelled estimate. Exact: an outcome a certain route reaches
(1) or no live route reaches (0); otherwise series-parallel reductions and factoring
(:mod:`.reliability`) when at most ``EXACT_LIMIT`` uncertain links are left after
reducing. The rest: Monte Carlo with ``MC_SAMPLES`` samples at once (:mod:`.sampling`),
with its standard error.

A :class:`Network` works on the arcs of the link graph (:mod:`.graph`): a parallel link is
its own arc followed by a certain one, so parallel links combine as independent routes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from mesadiagram.analysis.graph import Arc, LinkGraph
from mesadiagram.analysis.reliability import EXACT_LIMIT, Steps, exact_reach, shared_reduction
from mesadiagram.analysis.sampling import SAMPLES, Sampler
from mesadiagram.model import AnnotationId, Document, LinkId
from mesadiagram.model.credence import middle

MC_SAMPLES = SAMPLES  # 20,000 for every model
# Uncertain links leading to one outcome after the shared reduction, beyond which it is
# not reduced on its own (a network that large rarely reduces to EXACT_LIMIT links).
REDUCE_LIMIT = 200
SOURCE = "\0source"  # a virtual stage with a link to every root, carrying its prior


@dataclass
class Estimate:
    value: float
    exact: bool
    stderr: float = 0.0  # Monte Carlo only: one standard error
    samples: int = 0  # Monte Carlo only


class Network:
    """Arcs with their transmission probabilities, plus the virtual source."""

    def __init__(self, probs: Mapping[Arc, float], roots: Mapping[str, float]) -> None:
        self.probs = dict(probs)
        for root, prior in roots.items():
            self.probs[(SOURCE, root)] = prior
        self.succ: dict[str, list[str]] = {}
        for u, v in self.probs:
            self.succ.setdefault(u, []).append(v)
        self._reach: tuple[set[Arc], set[str], dict[str, list[str]]] | None = None
        self._sure: set[str] | None = None

    def reachability(self) -> tuple[set[Arc], set[str], dict[str, list[str]]]:
        """Links that can transmit, stages the source can reach through them, and each
        stage's predecessors; computed once per network (every target needs them)."""
        if self._reach is None:
            live = {k for k, p in self.probs.items() if p > 0}
            forward = closure(
                [SOURCE], lambda u: (v for v in self.succ.get(u, ()) if (u, v) in live)
            )
            pred: dict[str, list[str]] = {}
            for u, v in live:
                pred.setdefault(v, []).append(u)
            self._reach = (live, forward, pred)
        return self._reach

    def surely_reached(self) -> set[str]:
        """Stages a chain of certain links (and roots) reaches: their risk is exactly 1."""
        if self._sure is None:
            probs = self.probs
            self._sure = closure(
                [SOURCE], lambda u: (v for v in self.succ.get(u, ()) if probs[(u, v)] >= 1.0)
            )
        return self._sure

    def relevant(self, targets: Iterable[str]) -> set[Arc]:
        """Links on some route from the source to a target with a non-zero probability."""
        live, forward, pred = self.reachability()
        backward = closure(list(targets), lambda v: pred.get(v, ()))
        return {(u, v) for u, v in live if u in forward and v in backward}

    @classmethod
    def of_links(
        cls, links: LinkGraph, probs: Mapping[LinkId, float], roots: Mapping[str, float]
    ) -> Network:
        """The network of a document's link graph, from each link's probability; the
        certain arcs of parallel links transmit always."""
        arcs = dict.fromkeys(links.graph.edges, 1.0)
        arcs.update((links.arc[k], p) for k, p in probs.items() if k in links.arc)
        return cls(arcs, roots)

    def with_probability(self, key: Arc, p: float) -> Network:
        probs = {k: v for k, v in self.probs.items() if k[0] != SOURCE}
        probs[key] = p
        roots = {k[1]: v for k, v in self.probs.items() if k[0] == SOURCE}
        return Network(probs, roots)


def closure(starts: list[str], step) -> set[str]:
    """``starts`` and every stage ``step`` leads to from them, again and again."""
    seen = set(starts)
    stack = list(starts)
    while stack:
        for nxt in step(stack.pop()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def link_probabilities(
    doc: Document, interventions: bool, disabled: Collection[AnnotationId] = frozenset()
) -> dict[LinkId, float]:
    """Each link's probability (1 when none is given, a range's middle for a range),
    reduced by its interventions' effects when ``interventions`` is true, except those
    whose annotation id is in ``disabled`` (what-if switches, by id so that they survive
    edits elsewhere). ``credences.py`` gives the same with scenarios and ranges."""
    probs: dict[LinkId, float] = {}
    for edge in doc.edges:
        p = 1.0 if edge.probability is None else middle(edge.probability)
        if interventions:
            for ann in edge.annotations:
                on = ann.id not in disabled
                if ann.type == "intervention" and ann.effect is not None and on:
                    p *= 1.0 - ann.effect
        probs[edge.id] = p
    return probs


def root_priors(doc: Document, roots: list[str]) -> dict[str, float]:
    given = {r: doc.node(r).probability for r in roots}
    return {r: 1.0 if p is None else middle(p) for r, p in given.items()}


def exact_probabilities(
    net: Network,
    targets: list[str],
    exact_limit: int = EXACT_LIMIT,
    pool: Steps | None = None,
    reduce: bool = True,
) -> dict[str, float | None]:
    """P(each target is reached), exactly, or ``None`` where that would cost too much.

    Stages a certain route reaches are one with the source (merged at once); the links
    that lead to some target are reduced once for all of them (:func:`shared_reduction`),
    then per target again, alone, when at most ``REDUCE_LIMIT`` uncertain links lead to it.
    ``reduce=False`` stops after the first two checks (certain, or no live route).
    """
    out: dict[str, float | None] = {}
    sure, forward = net.surely_reached(), net.reachability()[1]
    rest = []
    for target in targets:
        if target in sure:
            out[target] = 1.0
        elif target not in forward:
            out[target] = 0.0
        else:
            rest.append(target)
    if not rest or not reduce:
        return {**out, **dict.fromkeys(rest)}
    arcs = (
        (SOURCE if u in sure else u, v, net.probs[(u, v)])
        for u, v in _ordered(net.relevant(rest))  # (a set: its order changes run to run)
        if v not in sure
    )
    shared = shared_reduction(arcs, SOURCE, rest)
    for target in rest:
        sub = _leading_to(shared.prob, shared.inn, target, REDUCE_LIMIT)
        out[target] = None if sub is None else exact_reach(sub, SOURCE, target, exact_limit, pool)
    return out


def _leading_to(
    prob: Mapping[Arc, float], inn: Mapping[str, Iterable[str]], target: str, limit: int
) -> list[tuple[str, str, float]] | None:
    """The arcs from which ``target`` can be reached, or ``None`` as soon as more than
    ``limit`` of them are uncertain (so a large network costs little to turn down)."""
    seen = {target}
    stack = [target]
    arcs = []
    uncertain = 0
    while stack:
        v = stack.pop()
        for u in inn.get(v, ()):
            p = prob[(u, v)]
            arcs.append((u, v, p))
            if p < 1.0:
                uncertain += 1
                if uncertain > limit:
                    return None
            if u not in seen:
                seen.add(u)
                stack.append(u)
    return arcs


def exact_probability(
    net: Network, target: str, exact_limit: int = EXACT_LIMIT, pool: Steps | None = None
) -> float | None:
    """P(``target`` is reached), exactly, or ``None`` when that would cost too much."""
    return exact_probabilities(net, [target], exact_limit, pool)[target]


def reach_probability(
    net: Network,
    target: str,
    exact_limit: int = EXACT_LIMIT,
    samples: int = MC_SAMPLES,
    seed: int = 0,
) -> Estimate:
    """P(``target`` is reached): exact when affordable, else a Monte Carlo estimate."""
    value = exact_probability(net, target, exact_limit)
    if value is not None:
        return Estimate(value, True)
    sampler = Sampler(_ordered(net.relevant([target])), SOURCE, {"p": net.probs}, samples, seed)
    mean, error = sampler.estimate(sampler.reached("p").get(target, 0))
    return Estimate(mean, False, error, samples)


def risk_estimates(
    base: Network,
    cut: Network,
    targets: list[str],
    exact_limit: int = EXACT_LIMIT,
    samples: int = MC_SAMPLES,
    seed: int = 0,
    pool: Steps | None = None,
    exact: bool = True,
) -> dict[str, tuple[Estimate, Estimate]]:
    """Baseline and with-interventions estimates for every target.

    Each number exact where affordable; the rest share one Monte Carlo run in which both
    networks compare the same random numbers (common random numbers), so the difference
    between the two is estimated with less noise than separate runs give. ``exact=False``
    samples everything a certain route does not decide (to check the sampling).
    """
    found: dict[tuple[str, int], Estimate] = {}
    pending: list[tuple[str, int]] = []
    for which, net in enumerate((base, cut)):
        values = exact_probabilities(net, targets, exact_limit, pool, reduce=exact)
        for target, value in values.items():
            if value is None:
                pending.append((target, which))
            else:
                found[(target, which)] = Estimate(value, True)
    if pending:
        wanted = {t for t, _ in pending}
        arcs = _ordered(base.relevant(wanted) | cut.relevant(wanted))
        sampler = Sampler(arcs, SOURCE, {"0": base.probs, "1": cut.probs}, samples, seed)
        for which in {w for _, w in pending}:
            reached = sampler.reached(str(which))
            for target, w in pending:
                if w == which:
                    mean, error = sampler.estimate(reached.get(target, 0))
                    found[(target, which)] = Estimate(mean, False, error, samples)
    return {t: (found[(t, 0)], found[(t, 1)]) for t in targets}


def _ordered(arcs: set[Arc]) -> list[Arc]:
    """A fixed order (the random draws follow it, so estimates repeat run after run)."""
    return sorted(arcs)
