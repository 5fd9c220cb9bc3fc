"""Coordinates across the layers (the "order axis": y when links run left to right).

The positions minimise ``sum w_e (y_a - y_b)^2`` over the links between adjacent layers,
plus a pull of old nodes towards their earlier coordinate, subject to the order within each
layer and a minimum separation between neighbouring boxes. Each layer in turn is solved
exactly given the others (a weighted isotonic regression, pool adjacent violators, linear
time), sweeping down and up: block coordinate descent on a convex problem. Links between
two dummy nodes weigh most (as in Graphviz), so long links come out straight; a chain of
single links lies on one line.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

# Weight of a link segment by how many of its ends are dummy nodes.
SEGMENT_WEIGHT = (1.0, 2.0, 8.0)
# Pull of a stage towards its earlier coordinate (incremental layout): strong, so that old
# stages stay put and new ones fit in between, unless the order forces them apart.
PREVIOUS_WEIGHT = 50.0
PINNED_WEIGHT = 1e9


@dataclass
class Obstacle:
    """A pinned box lying across a layer: its centre and size on the order axis."""

    centre: float
    size: float
    node: int = -1  # the pinned node, so that it is not counted twice in its own layer


@dataclass
class Placement:
    """Inputs to :func:`place` for one group of layers."""

    layers: list[list[int]]
    up: Sequence[Sequence[int]]
    down: Sequence[Sequence[int]]
    size: Sequence[float]  # box size along the order axis (0 for dummy nodes)
    dummy: Sequence[bool]
    node_gap: float
    previous: dict[int, float] = field(default_factory=dict)
    previous_weight: float = PREVIOUS_WEIGHT
    pinned: dict[int, float] = field(default_factory=dict)
    obstacles: dict[int, list[Obstacle]] = field(default_factory=dict)  # by layer index
    # least distance between the centres of neighbours (a before b) in a layer, when it is
    # not just their sizes and the gap (groups' frames: groups.gap_function)
    gap: Callable[[int, int], float] | None = None


def _spacing(size_a: float, dummy_a: bool, size_b: float, dummy_b: bool, node_gap: float) -> float:
    """Least distance between the centres of two neighbours in a layer: boxes keep the full
    gap, a link slot (dummy node) half of it, two link slots a third."""
    return (size_a + size_b) / 2 + node_gap / (1 + dummy_a + dummy_b)


def place(p: Placement, coord: list[float], sweeps: int = 10) -> None:
    """Fill ``coord`` (index-sized) for every node in ``p.layers``."""
    ranks = range(len(p.layers))
    done = [False] * len(coord)
    for r in ranks:  # a first pass downwards sees only the layers above
        _solve_layer(p, r, coord, done)
        for v in p.layers[r]:
            done[v] = True
    for s in range(sweeps):
        order = ranks if s % 2 else reversed(ranks)
        for r in order:
            _solve_layer(p, r, coord, done)


def _solve_layer(p: Placement, r: int, coord: list[float], done: list[bool]) -> None:
    layer = p.layers[r]
    if not layer:
        return
    desired: list[float] = []
    weight: list[float] = []
    dummy = p.dummy
    for v in layer:
        total = 0.0
        wsum = 0.0
        dv = dummy[v]
        for nbrs in (p.up[v], p.down[v]):
            for w in nbrs:
                if done[w]:
                    ww = SEGMENT_WEIGHT[dv + dummy[w]]
                    total += ww * coord[w]
                    wsum += ww
        if v in p.pinned:
            total, wsum = PINNED_WEIGHT * p.pinned[v], PINNED_WEIGHT
        elif v in p.previous:
            total += p.previous_weight * p.previous[v]
            wsum += p.previous_weight
        if wsum == 0.0:
            # nothing pulls this node: stay, or sit just after the node before it
            wsum = 1e-6
            total = wsum * (coord[v] if done[v] else (desired[-1] if desired else 0.0))
        desired.append(total / wsum)
        weight.append(wsum)
    obstacles = p.obstacles.get(r)
    items: list[tuple[float, bool]] = [(p.size[v], bool(dummy[v])) for v in layer]
    at = list(range(len(layer)))  # where each of the layer's nodes sits in the sequence
    if obstacles:
        at = _insert_obstacles(layer, desired, weight, items, obstacles, coord, done)
    seps = [_spacing(*a, *b, p.node_gap) for a, b in pairwise(items)]
    if p.gap is not None:
        ids = [-1] * len(items)  # the layer's nodes; -1 for a pinned box of another layer
        for v, i in zip(layer, at, strict=True):
            ids[i] = v
        for k, (a, b) in enumerate(pairwise(ids)):
            if a >= 0 and b >= 0:
                seps[k] = p.gap(a, b)
    xs = isotonic(desired, weight, seps)
    if obstacles or any(v in p.pinned for v in layer):
        xs = _legalise(xs, desired, weight, items, p.node_gap)
    for v, i in zip(layer, at, strict=True):
        coord[v] = xs[i]


def _legalise(
    xs: list[float],
    desired: list[float],
    weight: list[float],
    items: list[tuple[float, bool]],
    node_gap: float,
) -> list[float]:
    """Fixed members exactly where they are pinned, the others clear of them.

    When pinned boxes leave too little room between them for the nodes ordered there, the
    regression has moved the pinned boxes; here they go back, and each other node, in
    order, moves right just enough to clear what is already placed, jumping past a pinned
    box it cannot fit before. (Nothing moves when the regression left the pins in place.)
    """
    fixed = sorted(i for i, w in enumerate(weight) if w >= PINNED_WEIGHT)
    out = list(xs)
    for i in fixed:
        out[i] = desired[i]
    last = -1  # the member placed furthest along so far
    k = 0
    for i in range(len(xs)):
        if weight[i] >= PINNED_WEIGHT:
            continue
        x = out[i]
        while True:
            if last >= 0:
                x = max(x, out[last] + _spacing(*items[last], *items[i], node_gap))
            if k == len(fixed):
                break
            f = fixed[k]
            room = _spacing(*items[i], *items[f], node_gap)
            if out[f] > x and out[f] - x >= room - 1e-6:
                break  # fits before the pinned box
            if out[f] > x:  # no room before it: jump past it
                x = out[f] + room
            if last < 0 or out[f] > out[last]:
                last = f
            k += 1
        out[i] = x
        if last < 0 or x >= out[last]:
            last = i
    return out


def _insert_obstacles(
    layer: list[int],
    desired: list[float],
    weight: list[float],
    items: list[tuple[float, bool]],
    obstacles: list[Obstacle],
    coord: list[float],
    done: list[bool],
) -> list[int]:
    """Put pinned boxes of other layers into the layer's sequence as immovable members,
    each where its centre falls among the layer's current coordinates (the layer's own
    order stays). Extends ``desired``, ``weight`` and ``items`` in place; returns the new
    index of each of the layer's nodes."""
    reach = []  # current coordinates, made non-decreasing along the layer's order
    top = float("-inf")
    for i, v in enumerate(layer):
        top = max(top, coord[v] if done[v] else desired[i])
        reach.append(top)
    slots = sorted(
        (bisect_right(reach, o.centre), o.centre, k)
        for k, o in enumerate(obstacles)
        if o.node not in layer
    )
    d2: list[float] = []
    w2: list[float] = []
    i2: list[tuple[float, bool]] = []
    at: list[int] = []
    s = 0
    for i in range(len(layer) + 1):
        while s < len(slots) and slots[s][0] == i:
            o = obstacles[slots[s][2]]
            d2.append(o.centre)
            w2.append(PINNED_WEIGHT)
            i2.append((o.size, False))
            s += 1
        if i < len(layer):
            at.append(len(d2))
            d2.append(desired[i])
            w2.append(weight[i])
            i2.append(items[i])
    desired[:], weight[:], items[:] = d2, w2, i2
    return at


def isotonic(
    desired: Sequence[float], weight: Sequence[float], seps: Sequence[float]
) -> list[float]:
    """Minimise ``sum weight_i (x_i - desired_i)^2`` subject to ``x_{i+1} - x_i >= seps_i``.

    Shifting by the prefix sums of ``seps`` turns it into a plain weighted isotonic
    regression, solved by pooling adjacent violators.
    """
    offsets = [0.0]
    for s in seps:
        offsets.append(offsets[-1] + s)
    sums: list[float] = []  # weighted sum of targets per block
    wts: list[float] = []
    counts: list[int] = []
    for d, w, off in zip(desired, weight, offsets, strict=True):
        total, wsum, count = w * (d - off), w, 1
        while sums and sums[-1] * wsum > total * wts[-1]:  # previous mean > this mean
            total += sums.pop()
            wsum += wts.pop()
            count += counts.pop()
        sums.append(total)
        wts.append(wsum)
        counts.append(count)
    out: list[float] = []
    i = 0
    for total, wsum, count in zip(sums, wts, counts, strict=True):
        mean = total / wsum
        for _ in range(count):
            out.append(mean + offsets[i])
            i += 1
    return out
