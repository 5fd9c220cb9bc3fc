"""What a figure has drawn, for placing more without covering it: boxes and the links'
line segments in a grid of buckets (``Obstacles``), so a spot is tested only against its
neighbours. The legend (``figure.py``) uses it; the canvas's compact tags
(``link_tags.py``) its segment test."""

from __future__ import annotations

import math
from collections.abc import Iterator
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF

from mesadiagram.render.geometry import EdgeGeometry

CLEARANCE = 4.0  # kept free around a spot


def link_points(geo: EdgeGeometry) -> list[QPointF]:
    """The link's line through its corners (a curve flattened)."""
    if geo.corners:
        return geo.corners
    if geo.straight and geo.start is not None:
        return [geo.start, geo.arrow[0]]
    return [p for poly in geo.path.toSubpathPolygons() for p in poly]


class Obstacles:
    """Boxes and line segments in a grid of buckets, so a spot is tested only against
    its neighbours (a large figure has thousands of tags)."""

    CELL = 200.0

    def __init__(self, rects: list[QRectF]) -> None:
        self.rects: dict[tuple[int, int], list[QRectF]] = {}
        self.lines: dict[tuple[int, int], list[tuple[QPointF, QPointF]]] = {}
        for rect in rects:
            self.add(rect)

    def _keys(self, rect: QRectF) -> Iterator[tuple[int, int]]:
        c = self.CELL
        for i in range(math.floor(rect.left() / c), math.floor(rect.right() / c) + 1):
            for j in range(math.floor(rect.top() / c), math.floor(rect.bottom() / c) + 1):
                yield i, j

    def add(self, rect: QRectF) -> None:
        for key in self._keys(rect):
            self.rects.setdefault(key, []).append(rect)

    def add_link(self, geo: EdgeGeometry) -> None:
        """The link's line as segments (a curve flattened)."""
        for a, b in pairwise(link_points(geo)):
            self.add_line(a, b)

    def add_line(self, a: QPointF, b: QPointF) -> None:
        """One segment (a link's piece, a leader)."""
        for key in self._keys(QRectF(a, b).normalized()):
            self.lines.setdefault(key, []).append((a, b))

    def free(self, rect: QRectF) -> bool:
        """Whether ``rect``, with ``CLEARANCE`` around it, meets no box and no line."""
        grown = rect.adjusted(-CLEARANCE, -CLEARANCE, CLEARANCE, CLEARANCE)
        for key in self._keys(grown):
            if any(grown.intersects(o) for o in self.rects.get(key, ())):
                return False
            if any(segment_meets(a, b, grown) for a, b in self.lines.get(key, ())):
                return False
        return True

    def clear_line(self, a: QPointF, b: QPointF) -> bool:
        """Whether the segment a-b crosses no box (a leader); one holding ``a`` is left out."""
        for key in self._keys(QRectF(a, b).normalized()):
            for rect in self.rects.get(key, ()):
                if not rect.contains(a) and segment_meets(a, b, rect):
                    return False
        return True


def segment_meets(p: QPointF, q: QPointF, rect: QRectF) -> bool:
    """Whether the segment p-q meets the rectangle (Liang-Barsky clipping)."""
    x, y = p.x(), p.y()
    dx, dy = q.x() - x, q.y() - y
    low, high = 0.0, 1.0
    for step, room in (
        (-dx, x - rect.left()),
        (dx, rect.right() - x),
        (-dy, y - rect.top()),
        (dy, rect.bottom() - y),
    ):
        if step == 0:
            if room < 0:
                return False
            continue
        t = room / step
        if step < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True
