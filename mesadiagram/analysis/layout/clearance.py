"""When a line is clear of boxes: the one test that auto-layout, the canvas and figures share.

A segment is *clear* of a box when it does not enter the box grown by ``PAD`` on every
side: touching the grown box is allowed, so a line may run along it, but it never grazes
the box itself. A link is clear when each of its segments is clear of every box except
those of its own two stages (``ends``); its first and last segments count from where
they leave the border of their stage, as they are drawn (``border``), so a stage that
overlaps another does not block the links of both.

``BoxGrid`` keeps boxes by key in a uniform grid of cells, so a segment is tested only
against the boxes of the cells it passes; moving a box is O(its cells).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from itertools import pairwise

Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # left, top, right, bottom
PAD = 4.0  # a link keeps this far off every box but its ends
CELL = 256.0  # grid cell size: about one stage with the gap around it
EPS = 1e-6


def entry(p: Point, q: Point, r: Rect) -> float | None:
    """Where (0..1 along p-q) the segment enters the open rectangle ``r``, or None when it
    does not enter it (Liang-Barsky clipping; running along an edge is not entering)."""
    t0, t1 = 0.0, 1.0
    px, py = p
    dx, dy = q[0] - px, q[1] - py
    lo, hi = r[0] + EPS, r[2] - EPS
    if dx == 0.0:
        if px <= lo or px >= hi:
            return None
    else:
        ta, tb = (lo - px) / dx, (hi - px) / dx
        if ta > tb:
            ta, tb = tb, ta
        t0, t1 = max(t0, ta), min(t1, tb)
        if t0 >= t1:
            return None
    lo, hi = r[1] + EPS, r[3] - EPS
    if dy == 0.0:
        if py <= lo or py >= hi:
            return None
    else:
        ta, tb = (lo - py) / dy, (hi - py) / dy
        if ta > tb:
            ta, tb = tb, ta
        t0, t1 = max(t0, ta), min(t1, tb)
        if t0 >= t1:
            return None
    return t0


def enters(p: Point, q: Point, r: Rect) -> bool:
    """Does the segment p-q pass through the inside of ``r``?"""
    return entry(p, q, r) is not None


def grown(r: Rect, by: float) -> Rect:
    return (r[0] - by, r[1] - by, r[2] + by, r[3] + by)


def centre(r: Rect) -> Point:
    return ((r[0] + r[2]) / 2, (r[1] + r[3]) / 2)


def border(r: Rect, toward: Point) -> Point:
    """Where the line from the box's centre toward ``toward`` leaves the box (the ends of
    drawn links: ``render/geometry.py`` uses the same formula)."""
    cx, cy = (r[0] + r[2]) / 2, (r[1] + r[3]) / 2
    return border_xy(cx, cy, (r[2] - r[0]) / 2, (r[3] - r[1]) / 2, toward[0], toward[1])


def border_xy(
    cx: float, cy: float, hw: float, hh: float, tx: float, ty: float
) -> tuple[float, float]:
    """``border`` on plain floats (links are recomputed on every frame of a drag)."""
    dx, dy = tx - cx, ty - cy
    if dx == 0 and dy == 0:
        return cx, cy
    sx = hw / abs(dx) if dx else math.inf
    sy = hh / abs(dy) if dy else math.inf
    s = min(sx, sy)
    return cx + dx * s, cy + dy * s


class BoxGrid:
    """Boxes by key, each stored grown by ``pad``, in a grid of ``cell``-sized cells."""

    def __init__(self, pad: float = PAD, cell: float = CELL) -> None:
        self.pad = pad
        self.cell = cell
        self.rects: dict[Hashable, Rect] = {}  # as given
        self._grown: dict[Hashable, Rect] = {}
        self._cells: dict[tuple[int, int], list[tuple[Rect, Hashable]]] = {}

    def __len__(self) -> int:
        return len(self.rects)

    def __contains__(self, key: Hashable) -> bool:
        return key in self.rects

    def _span(self, r: Rect) -> tuple[int, int, int, int]:
        c = self.cell
        return int(r[0] // c), int(r[1] // c), int(r[2] // c), int(r[3] // c)

    def put(self, key: Hashable, rect: Rect) -> Rect | None:
        """Add or move a box; returns where it was (None when new)."""
        old = self.rects.get(key)
        if old == rect:
            return old
        if old is not None:
            self.remove(key)
        g = grown(rect, self.pad)
        self.rects[key] = rect
        self._grown[key] = g
        i0, j0, i1, j1 = self._span(g)
        entry_ = (g, key)
        cells = self._cells
        for i in range(i0, i1 + 1):
            for j in range(j0, j1 + 1):
                bucket = cells.get((i, j))
                if bucket is None:
                    cells[(i, j)] = [entry_]
                else:
                    bucket.append(entry_)
        return old

    def remove(self, key: Hashable) -> None:
        g = self._grown.pop(key, None)
        if g is None:
            return
        del self.rects[key]
        i0, j0, i1, j1 = self._span(g)
        for i in range(i0, i1 + 1):
            for j in range(j0, j1 + 1):
                bucket = self._cells.get((i, j))
                if bucket is not None:
                    bucket[:] = [e for e in bucket if e[1] != key]
                    if not bucket:
                        del self._cells[(i, j)]

    def _along(
        self, p: Point, q: Point
    ) -> Iterable[tuple[list[tuple[Rect, Hashable]], float, float, float, float]]:
        """The non-empty cells the segment p-q passes through (grid traversal), each with
        the bounds of the piece of the segment inside it (x0, y0, x1, y1)."""
        c = self.cell
        cells = self._cells
        (x0, y0), (x1, y1) = (p, q) if p[0] <= q[0] else (q, p)
        i0, i1 = int(x0 // c), int(x1 // c)
        slope = (y1 - y0) / (x1 - x0) if i0 != i1 else 0.0
        for i in range(i0, i1 + 1):
            if i0 == i1:
                xa, xb, ya, yb = x0, x1, y0, y1
            else:
                xa = x0 if i == i0 else i * c
                xb = x1 if i == i1 else (i + 1) * c
                ya, yb = y0 + (xa - x0) * slope, y0 + (xb - x0) * slope
            if ya > yb:
                ya, yb = yb, ya
            for j in range(int(ya // c), int(yb // c) + 1):
                bucket = cells.get((i, j))
                if bucket:
                    yield bucket, xa, ya, xb, yb

    def blocker(self, p: Point, q: Point, ends: Sequence[Hashable] = ()) -> Hashable | None:
        """The first box (nearest ``p``) the segment enters, ends excepted; None if clear."""
        best, first = None, 2.0
        for bucket, xa, ya, xb, yb in self._along(p, q):
            for rect, key in bucket:
                # most boxes of a cell lie beside the piece of the segment in it
                if rect[0] >= xb or rect[2] <= xa or rect[1] >= yb or rect[3] <= ya:
                    continue
                if key in ends:
                    continue
                t = entry(p, q, rect)
                if t is not None and t < first:
                    best, first = key, t
        return best

    def clear(self, p: Point, q: Point, ends: Sequence[Hashable] = ()) -> bool:
        return self.blocker(p, q, ends) is None

    def holding(self, point: Point, ends: Sequence[Hashable] = ()) -> Hashable | None:
        """A box (ends excepted) whose grown area has ``point`` strictly inside."""
        c = self.cell
        x, y = point
        for rect, key in self._cells.get((int(x // c), int(y // c)), ()):
            if key not in ends and rect[0] < x < rect[2] and rect[1] < y < rect[3]:
                return key
        return None

    def touching(self, area: Rect) -> set[Hashable]:
        """Keys of the boxes whose grown area overlaps ``area``."""
        found = set()
        i0, j0, i1, j1 = self._span(area)
        for i in range(i0, i1 + 1):
            for j in range(j0, j1 + 1):
                for rect, key in self._cells.get((i, j), ()):
                    if (
                        rect[0] < area[2]
                        and area[0] < rect[2]
                        and rect[1] < area[3]
                        and area[1] < rect[3]
                    ):
                        found.add(key)
        return found

    def drawn(self, points: Sequence[Point], ends: tuple[Hashable, Hashable]) -> list[Point]:
        """The polyline from the source's centre through ``points`` to the target's centre,
        its ends moved onto the borders of the two boxes, as drawn."""
        source, target = self.rects[ends[0]], self.rects[ends[1]]
        inner = list(points)
        a, b = centre(source), centre(target)
        start = border(source, inner[0] if inner else b)
        end = border(target, inner[-1] if inner else a)
        return [start, *inner, end]

    def path_blocker(
        self, points: Sequence[Point], ends: tuple[Hashable, Hashable]
    ) -> Hashable | None:
        """The first box that the link drawn through ``points`` passes under, if any."""
        line = self.drawn(points, ends)
        for p, q in pairwise(line):
            key = self.blocker(p, q, ends)
            if key is not None:
                return key
        return None
