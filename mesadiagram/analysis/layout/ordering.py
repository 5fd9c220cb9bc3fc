"""Crossing reduction: the order of the nodes within each layer.

Layers are lists of node indices; ``up[v]`` and ``down[v]`` list the neighbours of ``v`` in
the layers above and below (a neighbour appears once per link). The method is the classic
one (Gansner et al., "A technique for drawing directed graphs", 1993, as in Graphviz):
barycentre sweeps alternately down and up, with transposition passes that swap adjacent
nodes while that removes crossings, keeping the best ordering seen. Crossings between two
layers are counted by sorting (inversions found with ``bisect``), which is fast in CPython.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable, Sequence

Layers = list[list[int]]
# Sorts a layer by its keys keeping groups together (``Grouping.arrange`` of groups.py):
# (layer, keys, the layer the keys come from, positions, fixed) to the new layer.
Arrange = Callable[
    [list[int], list[float | None], list[int], Sequence[int], Sequence[bool] | None], list[int]
]


def layer_crossings(upper: Sequence[int], down: Sequence[Sequence[int]], pos: Sequence[int]) -> int:
    """Crossings between the links leaving ``upper`` and the layer below it.

    List the lower ends link by link, in the order of the upper layer (each node's own ends
    ascending): two links cross exactly when their lower ends are strictly inverted.
    """
    ends: list[int] = []
    for u in upper:
        d = down[u]
        if len(d) == 1:
            ends.append(pos[d[0]])
        elif d:
            ends += sorted([pos[w] for w in d])
    seen: list[int] = []
    total = 0
    for i, x in enumerate(ends):
        j = bisect_right(seen, x)
        total += i - j
        seen.insert(j, x)
    return total


def total_crossings(layers: Layers, down: Sequence[Sequence[int]], pos: Sequence[int]) -> int:
    """Crossings of the whole layered drawing (dummy nodes as bends)."""
    return sum(layer_crossings(layers[r], down, pos) for r in range(len(layers) - 1))


def reduce_crossings(
    layers: Layers,
    up: Sequence[Sequence[int]],
    down: Sequence[Sequence[int]],
    pos: list[int],
    fixed: Sequence[bool] | None = None,
    sweeps: int = 24,
    patience: int = 6,
    refinements: int = 12,
    blocks: Sequence[int] | None = None,
    arrange: Arrange | None = None,
) -> tuple[Layers, int]:
    """Reorder a copy of ``layers``; returns the best ordering found and its crossings.

    ``pos`` is an index-sized scratch array (position of each node in its layer); it is
    left describing the returned ordering. Nodes marked ``fixed`` keep their relative order
    (incremental layout); free nodes move around them.

    First barycentre sweeps alone, alternately down and up, until ``patience`` sweeps in a
    row improve the best count by less than 1 per cent: they are cheap and do most of the
    work. Then, from the best ordering, Graphviz's scheme: sweeps each followed by
    transposition (with sideways swaps on every other pair of sweeps), stopping after
    ``patience`` refinements without a 1 per cent gain; then a final transposition.

    With groups, ``blocks`` gives each node's group (-1: none) and ``arrange`` sorts a
    layer in a sweep; transposition then swaps only two nodes of one group or of none, so
    an ordering whose groups are together (and in one order) stays so.
    """
    state = _Best(layers, down, pos)
    stale = 0
    for it in range(sweeps):
        if state.count == 0:
            break
        _sweep_once(state.current, up, down, pos, it, fixed, arrange)
        stale = 0 if state.offer(significant=True) else stale + 1
        if stale >= patience:
            break
    state.restart()
    stale = 0
    for it in range(refinements):
        if state.count == 0 or stale >= patience:
            break
        _sweep_once(state.current, up, down, pos, it, fixed, arrange)
        _transpose(state.current, up, down, pos, fixed, ties=it % 4 >= 2, blocks=blocks)
        stale = 0 if state.offer(significant=True) else stale + 1
    state.restart()
    if state.count:
        _transpose(state.current, up, down, pos, fixed, blocks=blocks)
        state.offer()
    _set_positions(state.best, pos)
    return state.best, state.count


class _Best:
    """The current ordering and the best one seen, with its crossing count."""

    def __init__(self, layers: Layers, down: Sequence[Sequence[int]], pos: list[int]) -> None:
        self.down = down
        self.pos = pos
        self.current = [list(layer) for layer in layers]
        _set_positions(self.current, pos)
        self.best = [list(layer) for layer in self.current]
        self.count = total_crossings(self.current, down, pos)

    def offer(self, significant: bool = False) -> bool:
        """Keep the current ordering if it beats the best; True if it did (by 1 per cent,
        when ``significant``)."""
        count = total_crossings(self.current, self.down, self.pos)
        if count >= self.count:
            return False
        better = count < 0.99 * self.count if significant else True
        self.best = [list(layer) for layer in self.current]
        self.count = count
        return better

    def restart(self) -> None:
        """Continue from the best ordering."""
        self.current = [list(layer) for layer in self.best]
        _set_positions(self.current, self.pos)


def _sweep_once(
    layers: Layers,
    up: Sequence[Sequence[int]],
    down: Sequence[Sequence[int]],
    pos: list[int],
    it: int,
    fixed: Sequence[bool] | None,
    arrange: Arrange | None = None,
) -> None:
    """A downward sweep on even ``it``, an upward one on odd."""
    if it % 2 == 0:
        _sweep(layers, up, pos, range(1, len(layers)), fixed, arrange)
    else:
        _sweep(layers, down, pos, range(len(layers) - 2, -1, -1), fixed, arrange)


def _set_positions(layers: Layers, pos: list[int]) -> None:
    for layer in layers:
        for i, v in enumerate(layer):
            pos[v] = i


def _sweep(
    layers: Layers,
    ref: Sequence[Sequence[int]],
    pos: list[int],
    ranks: range,
    fixed: Sequence[bool] | None,
    arrange: Arrange | None = None,
) -> None:
    """Sort each layer by the barycentre of its neighbours in the previous layer of the sweep.

    A node without such neighbours keeps its slot. With ``fixed`` nodes, their keys are made
    non-decreasing in their current order (pool adjacent violators), so sorting cannot
    reorder them. With ``arrange`` (groups), it sorts instead.
    """
    for r in ranks:
        layer = layers[r]
        keys: list[float | None] = []
        for v in layer:
            nb = ref[v]
            if len(nb) == 1:
                keys.append(pos[nb[0]])
            elif nb:
                keys.append(sum([pos[w] for w in nb]) / len(nb))
            else:
                keys.append(None)
        if arrange is not None:
            new = arrange(layer, keys, layers[r - ranks.step], pos, fixed)
        elif fixed is None:
            movable = [(k, i) for i, k in enumerate(keys) if k is not None]
            if len(movable) < 2:
                continue
            slots = [i for _, i in movable]
            movable.sort()
            new = list(layer)
            for slot, (_, i) in zip(slots, movable, strict=True):
                new[slot] = layer[i]
        else:
            full = fill_gaps(keys)
            monotone(full, [i for i, v in enumerate(layer) if fixed[v]])
            new = [layer[i] for i in sorted(range(len(layer)), key=full.__getitem__)]
        layers[r] = new
        for i, v in enumerate(new):
            pos[v] = i


def fill_gaps(keys: list[float | None]) -> list[float]:
    """Nodes without neighbours take the key of the node before them (or after, at the start)."""
    out: list[float] = []
    last: float | None = next((k for k in keys if k is not None), 0.0)
    for k in keys:
        if k is not None:
            last = k
        out.append(last)  # type: ignore[arg-type]
    return out


def monotone(keys: list[float], idx: list[int]) -> None:
    """Make ``keys[idx]`` non-decreasing with the least squared change (pool adjacent violators)."""
    blocks: list[list[float]] = []  # [sum, count]
    for i in idx:
        total, count = keys[i], 1.0
        while blocks and blocks[-1][0] / blocks[-1][1] > total / count:
            s, c = blocks.pop()
            total += s
            count += c
        blocks.append([total, count])
    at = 0
    for total, count in blocks:
        mean = total / count
        for _ in range(int(count)):
            keys[idx[at]] = mean
            at += 1


def _pairs(a: list[int], b: list[int]) -> tuple[int, int]:
    """For sorted ``a`` and ``b``: pairs (x, y) with x > y, and pairs with x < y. These are
    the crossings between the links of two neighbouring nodes, in either of their orders."""
    if not a or not b:
        return 0, 0
    if len(a) == 1 and len(b) == 1:
        x, y = a[0], b[0]
        return int(x > y), int(x < y)
    above = equal = j = k = 0
    nb = len(b)
    for x in a:
        while j < nb and b[j] < x:
            j += 1
        k = max(k, j)
        while k < nb and b[k] == x:
            k += 1
        above += j
        equal += k - j
    return above, len(a) * nb - above - equal


def _transpose(
    layers: Layers,
    up: Sequence[Sequence[int]],
    down: Sequence[Sequence[int]],
    pos: list[int],
    fixed: Sequence[bool] | None,
    ties: bool = False,
    blocks: Sequence[int] | None = None,
) -> None:
    """Swap adjacent nodes while that reduces crossings with both neighbouring layers.

    Layer by layer, with a work list of adjacent pairs: each pair once, then after a swap
    only the two pairs it created, so the cost follows the swaps rather than whole rounds.
    Each node's neighbour positions are kept sorted and patched in place after a swap.

    With ``ties``, a swap that leaves a pair's crossings unchanged (but not zero) is made
    too, for the layer's first four looks per pair: such sideways moves let later sweeps
    escape a plateau, and are what makes Graphviz's ordering clearly better than plain
    sweeps (about 5 per cent fewer crossings here).
    """
    ups: list[list[int]] = [[] for _ in pos]
    downs: list[list[int]] = [[] for _ in pos]
    for layer in layers:
        for v in layer:
            ups[v] = sorted([pos[w] for w in up[v]])
            downs[v] = sorted([pos[w] for w in down[v]])
    for layer in layers:
        last = len(layer) - 1
        todo = deque(range(last))
        queued = bytearray(b"\x01" * last) if last > 0 else bytearray()
        sideways = 4 * last if ties else 0
        while todo:
            i = todo.popleft()
            queued[i] = 0
            sideways -= 1
            v, w = layer[i], layer[i + 1]
            if fixed is not None and fixed[v] and fixed[w]:
                continue
            if blocks is not None and blocks[v] != blocks[w]:
                continue  # it would take a node into or out of a group's run
            # crossings with v before w (now) and after a swap; single links inline
            a, b, c, d = ups[v], ups[w], downs[v], downs[w]
            if len(a) == 1 and len(b) == 1:
                now, then = int(a[0] > b[0]), int(a[0] < b[0])
            else:
                now, then = _pairs(a, b)
            if len(c) == 1 and len(d) == 1:
                now += c[0] > d[0]
                then += c[0] < d[0]
            else:
                x, y = _pairs(c, d)
                now += x
                then += y
            if not (then < now or (then == now and now and sideways >= 0)):
                continue
            layer[i], layer[i + 1] = w, v
            pos[v], pos[w] = i + 1, i
            for j in (i - 1, i + 1):
                if 0 <= j < last and not queued[j]:
                    queued[j] = 1
                    todo.append(j)
            for nbrs, lists in ((up, downs), (down, ups)):
                for z in nbrs[v]:  # v moved from i to i + 1: patch the last i
                    lst = lists[z]
                    lst[bisect_right(lst, i) - 1] = i + 1
                for z in nbrs[w]:  # w moved from i + 1 to i: patch the first i + 1
                    lst = lists[z]
                    lst[bisect_left(lst, i + 1)] = i
