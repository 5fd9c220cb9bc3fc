"""Plane geometry on plain floats for placing and checking what a figure shows.

Boxes are ``(left, top, right, bottom)`` tuples and lines are lists of points, so the
placement of labels and callouts (``link_labels.py``, ``callout_placement.py``) and the
checker (``figure_check.py``) test thousands of candidates without a Qt call each.
``Index`` keeps boxes or line pieces in a grid of cells, so a test looks only at its
neighbours.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Iterator
from itertools import pairwise

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainterPath

from mesadiagram.analysis.layout.clearance import Point, Rect, enters

CELL = 200.0


def rect_of(rect: QRectF) -> Rect:
    left, top, width, height = rect.getRect()
    return (left, top, left + width, top + height)


def qrect(r: Rect) -> QRectF:
    return QRectF(r[0], r[1], r[2] - r[0], r[3] - r[1])


def grown(r: Rect, by: float) -> Rect:
    return (r[0] - by, r[1] - by, r[2] + by, r[3] + by)


def overlap(a: Rect, b: Rect, tolerance: float = 0.0) -> bool:
    """Whether the insides of ``a`` and ``b`` share more than ``tolerance`` each way."""
    return (
        min(a[2], b[2]) - max(a[0], b[0]) > tolerance
        and min(a[3], b[3]) - max(a[1], b[1]) > tolerance
    )


def gap(a: Rect, b: Rect) -> float:
    """The distance between two boxes (0 when they touch or overlap)."""
    dx = max(0.0, a[0] - b[2], b[0] - a[2])
    dy = max(0.0, a[1] - b[3], b[1] - a[3])
    return math.hypot(dx, dy)


def point_gap(p: Point, r: Rect) -> float:
    dx = max(0.0, r[0] - p[0], p[0] - r[2])
    dy = max(0.0, r[1] - p[1], p[1] - r[3])
    return math.hypot(dx, dy)


def line_enters(points: list[Point], r: Rect) -> bool:
    """Whether the polyline through ``points`` passes through the inside of ``r``."""
    return any(enters(p, q, r) for p, q in pairwise(points))


def segment_point_distance(p: Point, q: Point, c: Point) -> float:
    dx, dy = q[0] - p[0], q[1] - p[1]
    length2 = dx * dx + dy * dy
    t = 0.0
    if length2 > 0:
        t = max(0.0, min(1.0, ((c[0] - p[0]) * dx + (c[1] - p[1]) * dy) / length2))
    return math.hypot(p[0] + t * dx - c[0], p[1] + t * dy - c[1])


def segments_cross(a: Point, b: Point, c: Point, d: Point) -> bool:
    """Whether the segments a-b and c-d cross (touching at an end does not count)."""

    def side(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    d1, d2 = side(c, d, a), side(c, d, b)
    d3, d4 = side(a, b, c), side(a, b, d)
    return d1 * d2 < -1e-9 and d3 * d4 < -1e-9


def segment_gap(a: Point, b: Point, c: Point, d: Point) -> float:
    """The distance between two segments."""
    if segments_cross(a, b, c, d):
        return 0.0
    return min(
        segment_point_distance(a, b, c),
        segment_point_distance(a, b, d),
        segment_point_distance(c, d, a),
        segment_point_distance(c, d, b),
    )


def polyline(path: QPainterPath) -> list[Point]:
    """A path as the points of a polyline (curves flattened as Qt flattens them)."""
    polygons = path.toSubpathPolygons()
    if not polygons:
        return []
    return [(p.x(), p.y()) for p in polygons[0]]


def bounds_of(points: Iterable[Point]) -> Rect:
    xs, ys = zip(*points, strict=True)
    return (min(xs), min(ys), max(xs), max(ys))


class Index:
    """Items by the box that holds them, in a grid of ``CELL``-sized cells: ``near(box)``
    gives each item whose box meets ``box`` once (boxes, line pieces, discs alike)."""

    def __init__(self, cell: float = CELL) -> None:
        self.cell = cell
        self._cells: dict[tuple[int, int], list[tuple[Rect, Hashable, object]]] = {}
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def _span(self, r: Rect) -> Iterator[tuple[int, int]]:
        c = self.cell
        for i in range(int(r[0] // c), int(r[2] // c) + 1):
            for j in range(int(r[1] // c), int(r[3] // c) + 1):
                yield i, j

    def add(self, box: Rect, key: Hashable, item: object = None) -> None:
        entry = (box, key, item)
        self._count += 1
        for cell in self._span(box):
            self._cells.setdefault(cell, []).append(entry)

    def add_line(self, points: list[Point], key: Hashable) -> None:
        """Each piece of a polyline, as ``(p, q)``."""
        for p, q in pairwise(points):
            box = (min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1]))
            self.add(box, key, (p, q))

    def near(self, box: Rect) -> Iterator[tuple[Rect, Hashable, object]]:
        seen: set[int] = set()
        for cell in self._span(box):
            for entry in self._cells.get(cell, ()):
                b = entry[0]
                if b[0] > box[2] or b[2] < box[0] or b[1] > box[3] or b[3] < box[1]:
                    continue
                if id(entry) in seen:
                    continue
                seen.add(id(entry))
                yield entry

    # -- first hit only: what placement asks thousands of times ----------------------------
    def any_box(self, box: Rect, skip: tuple = ()) -> Hashable | None:
        """A key of a box whose inside overlaps ``box`` (``skip`` excepted), or None."""
        c = self.cell
        left, top, right, bottom = box
        for i in range(int(left // c), int(right // c) + 1):
            for j in range(int(top // c), int(bottom // c) + 1):
                for b, key, _ in self._cells.get((i, j), ()):
                    overlaps = b[0] < right and left < b[2] and b[1] < bottom and top < b[3]
                    if overlaps and key not in skip:
                        return key
        return None

    def any_line_entering(self, box: Rect, skip: tuple = ()) -> Hashable | None:
        """A key of a line piece that passes through the inside of ``box``, or None."""
        c = self.cell
        left, top, right, bottom = box
        for i in range(int(left // c), int(right // c) + 1):
            for j in range(int(top // c), int(bottom // c) + 1):
                for b, key, piece in self._cells.get((i, j), ()):
                    if b[0] > right or b[2] < left or b[1] > bottom or b[3] < top:
                        continue
                    if key not in skip and enters(piece[0], piece[1], box):  # type: ignore[index]
                        return key
        return None

    def any_box_entered(self, p: Point, q: Point, skip: tuple = ()) -> Hashable | None:
        """A key of a box whose inside the segment p-q passes through, or None."""
        box = (min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1]))
        c = self.cell
        for i in range(int(box[0] // c), int(box[2] // c) + 1):
            for j in range(int(box[1] // c), int(box[3] // c) + 1):
                for b, key, _ in self._cells.get((i, j), ()):
                    if b[0] > box[2] or b[2] < box[0] or b[1] > box[3] or b[3] < box[1]:
                        continue
                    if key not in skip and enters(p, q, b):
                        return key
        return None

    def any_line_crossing(self, p: Point, q: Point, skip: tuple = ()) -> Hashable | None:
        """A key of a line piece that crosses the segment p-q, or None."""
        return next(self.lines_crossing(p, q, skip), None)

    # -- every hit: what the checker reports ------------------------------------------------
    def boxes_meeting(self, box: Rect, skip: Iterable[Hashable] = ()) -> Iterator[Hashable]:
        """Keys of the boxes whose inside overlaps ``box``."""
        skipped = set(skip)
        for b, key, _ in self.near(box):
            if key not in skipped and overlap(b, box):
                yield key

    def lines_entering(self, box: Rect, skip: Iterable[Hashable] = ()) -> Iterator[Hashable]:
        """Keys of the line pieces that pass through the inside of ``box``."""
        skipped = set(skip)
        for _, key, piece in self.near(box):
            if key not in skipped and enters(piece[0], piece[1], box):  # type: ignore[index]
                yield key

    def lines_crossing(
        self, p: Point, q: Point, skip: Iterable[Hashable] = ()
    ) -> Iterator[Hashable]:
        """Keys of the line pieces that cross the segment p-q."""
        skipped = set(skip)
        box = (min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1]))
        for _, key, piece in self.near(box):
            if key not in skipped and segments_cross(p, q, piece[0], piece[1]):  # type: ignore[index]
                yield key

    def boxes_entered(
        self, p: Point, q: Point, skip: Iterable[Hashable] = ()
    ) -> Iterator[Hashable]:
        """Keys of the boxes whose inside the segment p-q passes through."""
        skipped = set(skip)
        box = (min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1]))
        for b, key, _ in self.near(box):
            if key not in skipped and enters(p, q, b):
                yield key
