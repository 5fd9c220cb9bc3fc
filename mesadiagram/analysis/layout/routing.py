"""Link routes that go around boxes.

Works in layout coordinates: ``u`` along the layers (x when links run left to right),
``v`` across them. A link's candidate polyline leaves its source box through the side
facing the next layer and runs straight out of the layer's band (no other box of the
layer lies on that line), crosses every layer it skips at the slot its dummy node reserved
(entering and leaving the band straight, so no box of that layer is touched), and enters
its target the same way. Bends that are not needed are then removed: from each
kept point the route jumps to the farthest later point it can see without passing through
a box. A link whose straight line is clear gets no bends.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from mesadiagram.analysis.layout.clearance import EPS, PAD, Point, enters


@dataclass(frozen=True)
class Box:
    """An axis-aligned box in layout coordinates, owned by node ``node``."""

    u_lo: float
    u_hi: float
    v_lo: float
    v_hi: float
    node: int


class Obstacles:
    """The boxes, indexed by layer band for quick segment tests."""

    def __init__(
        self,
        band_lo: Sequence[float],
        band_hi: Sequence[float],
        boxes_by_layer: Sequence[list[Box]],
        loose: Sequence[Box] = (),
    ) -> None:
        self.band_lo = list(band_lo)
        self.band_hi = list(band_hi)
        self.layers = [sorted(boxes, key=lambda b: b.v_lo) for boxes in boxes_by_layer]
        self.v_lo = [[b.v_lo for b in boxes] for boxes in self.layers]
        self.max_size = [
            max((b.v_hi - b.v_lo for b in boxes), default=0.0) for boxes in self.layers
        ]
        self.loose = list(loose)  # pinned boxes, which may sit anywhere

    def clear(self, p: Point, q: Point, ends: tuple[int, int]) -> bool:
        """True when the segment p-q keeps ``PAD`` off every box except those of ``ends``
        (the test of ``clearance.py``, which the canvas and figures use too)."""
        u1, u2 = (p[0], q[0]) if p[0] <= q[0] else (q[0], p[0])
        first = bisect_right(self.band_hi, u1 - PAD + EPS)
        last = bisect_left(self.band_lo, u2 + PAD - EPS)
        for r in range(first, last):
            lo = max(u1, self.band_lo[r] - PAD)
            hi = min(u2, self.band_hi[r] + PAD)
            va, vb = _v_at(p, q, lo), _v_at(p, q, hi)
            vmin, vmax = (va, vb) if va <= vb else (vb, va)
            starts = self.v_lo[r]
            i = bisect_left(starts, vmin - self.max_size[r] - PAD)
            j = bisect_right(starts, vmax + PAD)
            for box in self.layers[r][i:j]:
                if box.node not in ends and _hits(p, q, box):
                    return False
        return all(box.node in ends or not _hits(p, q, box) for box in self.loose)


def _v_at(p: Point, q: Point, u: float) -> float:
    if q[0] == p[0]:
        return p[1]
    t = (u - p[0]) / (q[0] - p[0])
    return p[1] + t * (q[1] - p[1])


def _hits(p: Point, q: Point, box: Box) -> bool:
    """Does the segment come nearer than ``PAD`` to the box?"""
    return enters(p, q, (box.u_lo - PAD, box.v_lo - PAD, box.u_hi + PAD, box.v_hi + PAD))


def route(
    chain: Sequence[int],
    u: Sequence[float],
    v: Sequence[float],
    layer: Sequence[int],
    side: tuple[Sequence[float], Sequence[float]],
    margin: float,
    obstacles: Obstacles,
) -> list[Point]:
    """Interior bend points of the link along ``chain`` (source, dummies..., target, in
    layer order). ``side`` holds, per node, the near and far ``u`` of the space it may
    claim: its layer's band, or its own box for a pinned stage."""
    lo, hi = side
    s, t = chain[0], chain[-1]
    points: list[Point] = [(u[s], v[s]), (hi[s] + margin, v[s])]
    for d in chain[1:-1]:
        points += [(lo[d] - margin, v[d]), (hi[d] + margin, v[d])]
    points += [(lo[t] - margin, v[t]), (u[t], v[t])]
    return _pull(points, (s, t), obstacles)[1:-1]


def _pull(points: list[Point], ends: tuple[int, int], obstacles: Obstacles) -> list[Point]:
    """Keep only the bends needed: the straight line if it is clear, else from each kept
    point the furthest point reachable through clear segments to all the points between."""
    last = len(points) - 1
    if obstacles.clear(points[0], points[last], ends):
        return [points[0], points[last]]
    kept = [points[0]]
    i = 0
    while i < last:
        j = i + 1  # neighbouring candidate points always see each other
        while j < last and obstacles.clear(points[i], points[j + 1], ends):
            j += 1
        kept.append(points[j])
        i = j
    return kept


def separate(
    line: list[Point], offset: float, ends: tuple[int, int], obstacles: Obstacles
) -> tuple[list[Point], list[Point]] | None:
    """Bends that part two links drawn on the same line (a link and its reverse): each gets
    a bend beside the middle of the line's longest segment, one on either side. None when
    a parted line would cross a box."""
    k = max(range(len(line) - 1), key=lambda i: abs(line[i + 1][0] - line[i][0]))
    (u1, v1), (u2, v2) = line[k], line[k + 1]
    length = max(((u2 - u1) ** 2 + (v2 - v1) ** 2) ** 0.5, EPS)
    # perpendicular to the segment, so that both bends sit at the same distance from it
    du, dv = -(v2 - v1) / length * offset, (u2 - u1) / length * offset
    mid = ((u1 + u2) / 2, (v1 + v2) / 2)
    parted = []
    for sign in (-1, 1):
        bend = (mid[0] + sign * du, mid[1] + sign * dv)
        if not (obstacles.clear(line[k], bend, ends) and obstacles.clear(bend, line[k + 1], ends)):
            return None
        parted.append([*line[1 : k + 1], bend, *line[k + 1 : -1]])
    return parted[0], parted[1]
