"""The exact probability that a target is reached: series-parallel reductions, then factoring.

The network is a set of arcs ``(u, v)``, each transmitting independently with its
probability, from one source (always active) to one target. Reductions that keep the
probability exact shrink it first, and again after every pivot of the factoring:

* **parallel**: two arcs u -> v become one with 1 - (1 - p1)(1 - p2);
* **series**: a stage x with one arc in (u -> x, p1) and one out (x -> w, p2) becomes the
  arc u -> w with p1 * p2;
* **certain in or out**: a stage whose only arc in is certain is reached exactly when its
  predecessor is, so its arcs out start there instead; a stage whose only arc out is
  certain leads surely on, so its arcs in end there instead;
* **source and target**: the source's only arc out (p) is taken as certain with a factor
  p; a certain arc out of the source merges its end into the source; the target's only arc
  in (x -> t, p) makes x the target with a factor p;
* **dead**: a stage no arc enters or none leaves (not the source or target), self-loops,
  arcs into the source or out of the target, and whatever the source cannot reach or
  cannot lead to the target.

Factoring then pivots on an arc out of the source: P = p * P(arc certain) + (1 - p) *
P(arc gone), each branch reduced again. A chain with side branches reduces to one arc and
needs no pivot at all, whatever its length. ``exact_reach`` gives up (returns ``None``)
when more than ``limit`` uncertain arcs are left after the first reduction, or the
factoring takes more than ``STEP_BUDGET`` steps, or more than its :class:`Steps` pool
has left (one pool per analysis, so that many hard networks cannot add up to minutes).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

Node = Hashable
EXACT_LIMIT = 25  # uncertain arcs left after reducing; more go to Monte Carlo
STEP_BUDGET = 20_000  # factoring steps for one probability (each a reduced copy)
POOL_STEPS = 200_000  # factoring steps for a whole analysis (about 5 s at worst)


class Steps:
    """The factoring steps an analysis has left; shared by all its exact calculations."""

    def __init__(self, left: int = POOL_STEPS) -> None:
        self.left = left


_NO_TARGET = ("no target",)  # the target of a shared reduction: no stage is a tuple


class _Decided(Exception):  # noqa: N818 (a result, not an error)
    """The reduction decided the probability (0 or 1, before the factor)."""

    def __init__(self, value: float) -> None:
        self.value = value


class OverBudget(Exception):  # noqa: N818
    """The factoring took more steps than it may."""


class Reducible:
    """A two-terminal network of arcs with probabilities, reduced in place."""

    __slots__ = ("factor", "inn", "keep", "out", "prob", "source", "target")

    def __init__(self, source: Node, target: Node, keep: frozenset = frozenset()) -> None:
        self.prob: dict[tuple[Node, Node], float] = {}
        # Neighbours as insertion-ordered dicts, not sets: a set's order follows string
        # hashes, which change from run to run, and so would the order of the floating
        # point operations, and the last digit of a risk (and the bytes of a report).
        self.out: dict[Node, dict[Node, None]] = {source: {}, target: {}}
        self.inn: dict[Node, dict[Node, None]] = {source: {}, target: {}}
        self.source, self.target = source, target
        self.factor = 1.0  # the probability is factor * P(source reaches target)
        # Shared reduction for several targets (``keep``): only the rules inside the
        # network apply, and the targets and the source stay as they are.
        self.keep = keep

    def copy(self) -> Reducible:
        new = Reducible.__new__(Reducible)
        new.prob = dict(self.prob)
        new.out = {k: dict(v) for k, v in self.out.items()}
        new.inn = {k: dict(v) for k, v in self.inn.items()}
        new.source, new.target, new.factor, new.keep = self.source, self.target, 1.0, self.keep
        return new

    def add(self, u: Node, v: Node, p: float) -> None:
        """Add the arc u -> v (merged with one already there as parallel arcs); arcs
        that cannot help (p = 0, loops, into the source, out of the target) are dropped."""
        if p <= 0.0 or u == v or v == self.source or u == self.target:
            return
        key = (u, v)
        old = self.prob.get(key)
        if old is None:
            self.prob[key] = p
            for n in key:  # every stage has both entries, possibly empty
                if n not in self.out:
                    self.out[n], self.inn[n] = {}, {}
            self.out[u][v] = None
            self.inn[v][u] = None
        else:
            self.prob[key] = 1.0 - (1.0 - old) * (1.0 - p)

    def remove(self, u: Node, v: Node) -> float:
        self.out[u].pop(v, None)
        self.inn[v].pop(u, None)
        return self.prob.pop((u, v))

    def _drop(self, x: Node, work: list[Node]) -> None:
        """Remove stage ``x`` and its arcs; its neighbours are looked at again."""
        for v in list(self.out[x]):
            self.remove(x, v)
            work.append(v)
        for u in list(self.inn[x]):
            self.remove(u, x)
            work.append(u)
        del self.out[x], self.inn[x]

    def uncertain(self) -> int:
        return sum(1 for p in self.prob.values() if p < 1.0)

    def reduce(self) -> float | None:
        """Reduce until nothing applies; the decided value (0 or 1, to be multiplied by
        ``factor``) or ``None`` when a pivot is needed."""
        try:
            while True:
                self._reduce_locally(list(self.out))
                if not self._prune():
                    return None
        except _Decided as done:
            return done.value

    def _reduce_locally(self, work: list[Node]) -> None:
        while work:
            x = work.pop()
            if x not in self.out:
                continue
            if self.keep:
                if x != self.source and x not in self.keep:
                    self._at_stage(x, work)
            elif x == self.source:
                self._at_source(work)
            elif x == self.target:
                self._at_target(work)
            else:
                self._at_stage(x, work)

    def _at_source(self, work: list[Node]) -> None:
        s = self.source
        succ = self.out[s]
        sure = [v for v in succ if self.prob[(s, v)] >= 1.0]
        while True:
            while sure:
                v = sure.pop()
                if v in succ and self.prob[(s, v)] >= 1.0:
                    sure += self._merge_into_source(v, work)
            if not succ:
                raise _Decided(0.0)
            if len(succ) != 1:
                return
            (v,) = succ  # the only way on: take it with its probability as a factor
            self.factor *= self.prob[(s, v)]
            self.prob[(s, v)] = 1.0
            sure.append(v)

    def _merge_into_source(self, v: Node, work: list[Node]) -> list[Node]:
        """The source surely reaches ``v``: ``v``'s arcs out leave the source instead.
        Returns the stages the source now reaches by a certain arc."""
        if v == self.target:
            raise _Decided(1.0)
        s = self.source
        self.remove(s, v)
        for u in list(self.inn[v]):
            self.remove(u, v)
            work.append(u)
        sure = []
        for w in list(self.out[v]):
            self.add(s, w, self.remove(v, w))
            work.append(w)
            if self.prob.get((s, w), 0.0) >= 1.0:
                sure.append(w)
        del self.out[v], self.inn[v]
        return sure

    def _at_target(self, work: list[Node]) -> None:
        t = self.target
        pred = self.inn[t]
        if not pred:
            raise _Decided(0.0)
        if len(pred) != 1:
            return
        (u,) = pred
        self.factor *= self.remove(u, t)
        del self.out[t], self.inn[t]
        if u == self.source:
            raise _Decided(1.0)
        self.target = u  # reaching the old target is reaching u, times the arc
        for w in list(self.out[u]):
            self.remove(u, w)
            work.append(w)
        work.append(u)

    def _at_stage(self, x: Node, work: list[Node]) -> None:
        pred, succ = dict(self.inn[x]), dict(self.out[x])
        if not pred or not succ:
            self._drop(x, work)
            return
        if len(pred) == 1 and len(succ) == 1:
            (u,), (w,) = pred, succ
            p = self.remove(u, x) * self.remove(x, w)
            self.add(u, w, p)
        elif len(pred) == 1 and self.prob[(next(iter(pred)), x)] >= 1.0:
            (u,) = pred
            self.remove(u, x)
            for w in list(succ):
                self.add(u, w, self.remove(x, w))
                work.append(w)
            work.append(u)
        elif len(succ) == 1 and self.prob[(x, next(iter(succ)))] >= 1.0:
            (w,) = succ
            self.remove(x, w)
            for u in list(pred):
                self.add(u, w, self.remove(u, x))
                work.append(u)
            work.append(w)
        else:
            return
        del self.out[x], self.inn[x]
        work.extend(pred | succ)

    def _prune(self) -> bool:
        """Drop what the source cannot reach or cannot lead to the target (stages in a
        cycle escape the local rules); ``True`` when something was dropped."""
        ahead = _closure([self.source], self.out)
        if not self.keep and self.target not in ahead:
            raise _Decided(0.0)
        behind = _closure(list(self.keep or [self.target]), self.inn)
        dead = [n for n in self.out if n not in ahead or n not in behind]
        for n in dead:
            self._drop(n, [])
        return bool(dead)


def _closure(starts: list[Node], step: dict[Node, dict[Node, None]]) -> set[Node]:
    seen = set(starts)
    stack = list(starts)
    while stack:
        for nxt in step.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def network(arcs: Iterable[tuple[Node, Node, float]], source: Node, target: Node) -> Reducible:
    net = Reducible(source, target)
    for u, v, p in arcs:
        net.add(u, v, p)
    return net


def shared_reduction(
    arcs: Iterable[tuple[Node, Node, float]], source: Node, targets: Iterable[Node]
) -> Reducible:
    """``arcs`` reduced by the rules inside the network only, every target kept as it is:
    one pass that serves every target, before each is reduced on its own."""
    net = Reducible(source, _NO_TARGET, frozenset(targets))
    for u, v, p in arcs:
        net.add(u, v, p)
    net.reduce()
    return net


def exact_reach(
    arcs: Iterable[tuple[Node, Node, float]],
    source: Node,
    target: Node,
    limit: int = EXACT_LIMIT,
    pool: Steps | None = None,
) -> float | None:
    """P(``source`` reaches ``target``), exactly, or ``None`` when it would cost too much."""
    if source == target:
        return 1.0
    net = network(arcs, source, target)
    decided = net.reduce()
    if decided is not None:
        return net.factor * decided
    if net.uncertain() > limit:
        return None
    pool = Steps() if pool is None else pool
    budget = min(STEP_BUDGET, pool.left)
    steps = [budget]
    try:
        return net.factor * _factor(net, steps)
    except OverBudget:
        return None
    finally:
        pool.left -= budget - max(0, steps[0])


def _factor(net: Reducible, steps: list[int]) -> float:
    """P(source reaches target) of a reduced network that needs a pivot."""
    steps[0] -= 1
    if steps[0] < 0:
        raise OverBudget
    s = net.source
    # The arc out of the source to the busiest stage: merging it simplifies the most.
    v = max(net.out[s], key=lambda n: (len(net.out.get(n, ())) + len(net.inn.get(n, ())), str(n)))
    p = net.prob[(s, v)]
    total = 0.0
    for on in (True, False):
        branch = net.copy()
        if on:
            branch.prob[(s, v)] = 1.0
        else:
            branch.remove(s, v)
        decided = branch.reduce()
        value = decided if decided is not None else _factor(branch, steps)
        total += (p if on else 1.0 - p) * branch.factor * value
    return total
