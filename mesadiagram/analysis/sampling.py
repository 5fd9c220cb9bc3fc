"""Monte Carlo estimates of reaching, all samples at once as bits of Python integers.

Sample i is bit i. For every arc a *mask* says in which samples it transmits; the stages a
sample reaches are then found for all samples together, one AND and one OR per arc:
``reached[v] |= reached[u] & mask[(u, v)]``, arcs taken in topological order. Stages in a
cycle are relaxed again and again until no sample reaches anything new (at most as many
rounds as the cycle has stages), so cycles give exact reachability in every sample.

Masks are drawn from one uniform number U per arc and sample, compared with the arc's
probability bit by bit from the most significant, so ``U < p`` holds exactly with
probability p (no rounding of p). Several probabilities of one arc (without and with
interventions, a link at 0 or 1) compare the same U: common random numbers, so their
differences carry less noise than separate runs would give. The generator is seeded: the
same model gives the same estimate every time.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Iterable, Mapping, Sequence

import networkx as nx

Node = Hashable
Arc = tuple[Node, Node]
SAMPLES = 20_000


def bernoulli_masks(rng: random.Random, probs: Sequence[float], n: int) -> list[int]:
    """One mask per probability, bit i set when U_i < p, U_i shared by all of them."""
    full = (1 << n) - 1
    masks = [0] * len(probs)
    open_ = []  # (index, numerator, denominator, samples still tied with p so far)
    for k, p in enumerate(probs):
        if p >= 1.0:
            masks[k] = full
        elif p > 0.0:
            num, den = p.as_integer_ratio()  # den is a power of two: p has finite bits
            open_.append([k, num, den, full])
    while open_:
        bits = rng.getrandbits(n)  # the next binary digit of every sample's U
        zeros = bits ^ full
        for entry in open_:
            k, num, den, tied = entry
            num *= 2
            if num >= den:  # p's digit is 1: a sample whose digit is 0 is below p
                masks[k] |= tied & zeros
                tied &= bits
                num -= den
            else:  # p's digit is 0: a sample whose digit is 1 is above p
                tied &= zeros
            entry[1], entry[3] = num, 0 if num == 0 else tied  # (p ends: the rest >= p)
        open_ = [e for e in open_ if e[3]]
    return masks


def stderr(value: float, hits: int, n: int) -> float:
    """The standard error of an estimate ``hits / n``. With no hit or all hits the plain
    formula gives 0; (hits + 0.5) / (n + 1) keeps the uncertainty visible there."""
    q = (hits + 0.5) / (n + 1) if hits in (0, n) else value
    return math.sqrt(q * (1.0 - q) / n)


class Sampler:
    """Samples of a network of arcs from one source, for one or more probability sets.

    ``variants`` maps a name to each arc's probability (arcs missing count as 0); all
    variants share the random numbers. ``reached`` gives, per variant, each stage's mask.
    """

    def __init__(
        self,
        arcs: Iterable[Arc],
        source: Node,
        variants: Mapping[str, Mapping[Arc, float]],
        samples: int = SAMPLES,
        seed: int = 0,
    ) -> None:
        self.n = samples
        self.full = (1 << samples) - 1
        self.source = source
        self.arcs = list(arcs)  # (in the caller's order: the draws follow it)
        names = list(variants)
        rng = random.Random(seed)
        self.masks: dict[str, dict[Arc, int]] = {name: {} for name in names}
        for arc in self.arcs:
            drawn = bernoulli_masks(rng, [variants[v].get(arc, 0.0) for v in names], samples)
            for name, mask in zip(names, drawn, strict=True):
                self.masks[name][arc] = mask
        self._order = _schedule(self.arcs, source)

    def reached(self, variant: str, override: Mapping[Arc, int] | None = None) -> dict[Node, int]:
        """Each stage's mask of samples in which it is reached (``override``: masks that
        replace some arcs' own, such as a link held at 0 or 1 for sensitivity)."""
        masks = self.masks[variant]
        if override:
            masks = {**masks, **override}
        full = self.full
        reached: dict[Node, int] = {self.source: full}
        get = reached.get
        for block, cyclic in self._order:
            if not cyclic:
                for u, v in block:
                    r = get(u, 0)
                    if r:
                        m = masks[(u, v)]
                        reached[v] = get(v, 0) | (r if m == full else r & m)
                continue
            changed = True
            while changed:  # a cycle: relax until no sample reaches anything new
                changed = False
                for u, v in block:
                    before = get(v, 0)
                    now = before | (get(u, 0) & masks[(u, v)])
                    if now != before:
                        reached[v] = now
                        changed = True
        return reached

    def estimate(self, mask: int) -> tuple[float, float]:
        """The share of samples in ``mask`` and its standard error."""
        hits = mask.bit_count()
        value = hits / self.n
        return value, stderr(value, hits, self.n)


def _schedule(arcs: list[Arc], source: Node) -> list[tuple[list[Arc], bool]]:
    """Arcs in blocks, in topological order of the stages they leave: one block per
    stage outside cycles; one per strongly connected group of stages in a cycle, with the
    arcs inside it (``True``: relax it repeatedly) followed by its arcs out as a block."""
    out: dict[Node, list[Arc]] = {}
    waiting: dict[Node, int] = {source: 0}  # arcs into each stage not yet scheduled
    for u, v in arcs:
        out.setdefault(u, []).append((u, v))
        waiting[u] = waiting.get(u, 0)
        waiting[v] = waiting.get(v, 0) + 1
    ready = [n for n, k in waiting.items() if k == 0]
    blocks: list[tuple[list[Arc], bool]] = []
    while ready:  # Kahn's topological order; all stages scheduled unless there is a cycle
        u = ready.pop()
        if u in out:
            blocks.append((out[u], False))
            for _, v in out[u]:
                waiting[v] -= 1
                if not waiting[v]:
                    ready.append(v)
    if len(blocks) == len(out) and all(k == 0 for k in waiting.values()):
        return blocks
    graph = nx.DiGraph()
    graph.add_edges_from(arcs)
    groups = nx.condensation(graph)
    members = groups.graph["mapping"]
    blocks = []
    place = {a: i for i, a in enumerate(arcs)}  # (members are a set: keep the arcs' order)
    for group in nx.topological_sort(groups):
        mine = sorted(
            (a for u in groups.nodes[group]["members"] for a in out.get(u, ())),
            key=place.__getitem__,
        )
        inside = [a for a in mine if members[a[1]] == group]
        leaving = [a for a in mine if members[a[1]] != group]
        if inside:
            blocks.append((inside, True))
        if leaving:
            blocks.append((leaving, False))
    return blocks
