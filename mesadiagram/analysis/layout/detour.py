"""The way of one link between its two stages, around every other stage.

``way()`` decides, in this order: the route auto-layout stored for the link, while it is
still clear of boxes (``clearance.py``); the link's sideways curve (a pair linked both
ways, parallel links), when that is clear; the straight line, when clear; otherwise a
detour. The canvas and the figures call it through ``render/link_routes.py``; auto-layout
calls ``detour()`` where its layered routes cannot go (stages pinned in the way).

A detour is the shortest polyline from the source's centre to the target's centre through
corners of the boxes in the way, each corner ``MARGIN`` off its box, with a cost per bend
so that fewer bends win over a slightly shorter line. Boxes enter the search only when a
segment it tries runs into them (an A* search over a visibility graph that grows lazily;
segments are tested only when the search reaches them), so a detour around one stage
looks at a dozen points, not at the whole diagram.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from mesadiagram.analysis.layout.clearance import BoxGrid, Point, Rect, border, border_xy, centre

MARGIN = 16.0  # how far a detour's bends keep off the boxes they go around
BEND_COST = 40.0  # a bend costs as much as this much more length
CURVE_STEPS = 8  # a curved link is tested as this many straight pieces
MAX_BOXES = 40  # a search that meets more boxes than this gives up (a wall of stages)
MAX_TESTS = 600  # segment tests a search may make before it gives up


@dataclass(frozen=True)
class Way:
    """How a link is drawn: through ``points`` (empty: straight, or curved by ``bend``)."""

    points: tuple[Point, ...] = ()
    bend: float = 0.0
    around: frozenset[Hashable] = frozenset()  # stages that shaped it: when one moves, reroute
    clear: bool = True  # False when no way clear of boxes exists (stages overlap)
    stored: bool = False  # the stored route, still clear


STRAIGHT = Way()


def way(
    grid: BoxGrid,
    source: Hashable,
    target: Hashable,
    stored: Sequence[Point] = (),
    bend: float = 0.0,
    spread: float = 0.0,
    previous: Way | None = None,
) -> Way:
    """The way of a link between the boxes ``source`` and ``target`` of ``grid``.

    ``stored`` is a route kept in the file; ``bend`` the sideways curve of a link that
    shares its two stages with others (its sign says on which side it goes, also around
    boxes); ``spread`` moves such a link's detour further out, so that parallel links
    going around the same box stay apart. ``previous``, the way it had a moment ago
    (a drag), is kept, without the bends that are no longer needed, while it is clear:
    a search on every frame of a drag costs too much where stages are dense.
    """
    ends = (source, target)
    if stored and grid.path_blocker(stored, ends) is None:
        return Way(tuple(stored), stored=True)
    plain = Way(bend=bend) if bend else STRAIGHT
    blocker = way_blocker(grid, ends, plain)
    if blocker is None:
        return plain
    if previous is not None and previous.points and not previous.stored:
        kept = shortcut(grid, ends, previous.points)
        if kept is not None:
            return Way(tuple(kept), around=previous.around | {blocker})
    side = (1 if bend > 0 else -1) if bend else 0
    points, around = detour(grid, ends, MARGIN + spread, side, blocker)
    if points is None and side:
        points, more = detour(grid, ends, MARGIN + spread, 0, blocker)
        around |= more
    if points is None:  # nothing clear: the plain line, rerouted when a box in it moves
        return Way(bend=bend, around=frozenset(around), clear=False)
    return Way(tuple(points), around=frozenset(around))


def way_blocker(grid: BoxGrid, ends: tuple[Hashable, Hashable], way_: Way) -> Hashable | None:
    """The first box (not an end) under the link drawn along ``way_``; None when clear."""
    if way_.points:
        return grid.path_blocker(way_.points, ends)
    if way_.bend:
        return curve_blocker(grid, ends, way_.bend)
    line = grid.drawn((), ends)
    return grid.blocker(line[0], line[1], ends)


def shortcut(
    grid: BoxGrid, ends: tuple[Hashable, Hashable], points: Sequence[Point]
) -> list[Point] | None:
    """``points`` without the bends a clear shortcut makes needless: from each kept point
    the link goes to the farthest later one it can reach clear of boxes. None when even
    the given way is no longer clear."""
    source, target = grid.rects[ends[0]], grid.rects[ends[1]]
    line = [centre(source), *points, centre(target)]
    last = len(line) - 1

    def blocked(i: int, j: int) -> bool:
        p, q = line[i], line[j]
        if i == 0:
            p = border(source, q)
        if j == last:
            q = border(target, line[i])
        return grid.blocker(p, q, ends) is not None

    kept: list[Point] = []
    i = 0
    while i < last:
        j = last if i else last - 1  # (the straight line is known to be blocked)
        while j > i + 1 and blocked(i, j):
            j -= 1
        if j == i + 1 and blocked(i, j):
            return None
        if j < last:
            kept.append(line[j])
        i = j
    return kept


def curve_ends(source: Rect, target: Rect, bend: float) -> tuple[float, ...]:
    """Where a link curved sideways by ``bend`` leaves ``source`` and meets ``target``, and
    its control point: (x0, y0, x1, y1, cx, cy). ``render/geometry.py`` draws it so."""
    sw, sh = (source[2] - source[0]) / 2, (source[3] - source[1]) / 2
    tw, th = (target[2] - target[0]) / 2, (target[3] - target[1]) / 2
    sx, sy, tx, ty = source[0] + sw, source[1] + sh, target[0] + tw, target[1] + th
    return curve_ends_xy(sx, sy, sw, sh, tx, ty, tw, th, bend)


def curve_ends_xy(
    sx: float,
    sy: float,
    sw: float,
    sh: float,
    tx: float,
    ty: float,
    tw: float,
    th: float,
    bend: float,
) -> tuple[float, float, float, float, float, float]:
    """``curve_ends`` of boxes given by centre and half sizes, on plain floats (every link
    of a large model is measured when it opens)."""
    cx, cy = (sx + tx) / 2, (sy + ty) / 2
    if bend:
        # The unit normal of the centre line, as QLineF.normalVector().unitVector() gives.
        length = math.hypot(tx - sx, ty - sy)
        if length:
            cx += (ty - sy) / length * bend
            cy -= (tx - sx) / length * bend
    x0, y0 = border_xy(sx, sy, sw, sh, cx, cy)
    x1, y1 = border_xy(tx, ty, tw, th, cx, cy)
    return x0, y0, x1, y1, cx, cy


def curve_blocker(grid: BoxGrid, ends: tuple[Hashable, Hashable], bend: float) -> Hashable | None:
    """The first box under the link drawn as a curve (tested as ``CURVE_STEPS`` pieces)."""
    x0, y0, x1, y1, cx, cy = curve_ends(grid.rects[ends[0]], grid.rects[ends[1]], bend)
    previous = (x0, y0)
    for i in range(1, CURVE_STEPS + 1):
        t = i / CURVE_STEPS
        a, b, c = (1 - t) ** 2, 2 * t * (1 - t), t * t
        point = (a * x0 + b * cx + c * x1, a * y0 + b * cy + c * y1)
        key = grid.blocker(previous, point, ends)
        if key is not None:
            return key
        previous = point
    return None


def detour(
    grid: BoxGrid,
    ends: tuple[Hashable, Hashable],
    margin: float = MARGIN,
    side: int = 0,
    first: Hashable | None = None,
) -> tuple[list[Point] | None, set[Hashable]]:
    """Bend points of a way around the boxes between ``ends`` (None when none is found),
    and the boxes the search met. ``side`` (+1 or -1) keeps the bends on that side of the
    line between the two centres: +1 is the side a positive ``bend`` curves to."""
    source, target = grid.rects[ends[0]], grid.rects[ends[1]]
    start, goal = centre(source), centre(target)
    ux, uy = goal[0] - start[0], goal[1] - start[1]
    points: list[Point] = [start, goal]
    around: set[Hashable] = set()

    def add(key: Hashable) -> list[int]:
        """Put the box's corners (those not inside any box, on the wanted side) in play."""
        around.add(key)
        x0, y0, x1, y1 = grid.rects[key]
        fresh = []
        for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
            # the corner at the full margin, else nearer (boxes close together)
            for m in (margin, margin / 2, grid.pad + 1):
                corner = (x1 + m if sx > 0 else x0 - m, y1 + m if sy > 0 else y0 - m)
                if side and ((corner[0] - start[0]) * uy - (corner[1] - start[1]) * ux) * side <= 0:
                    break
                holder = grid.holding(corner, ends)
                if holder is None and not (_inside(corner, source) or _inside(corner, target)):
                    fresh.append(len(points))
                    points.append(corner)
                    break
                if holder is not None:
                    around.add(holder)  # when it moves, this corner may open
        return fresh

    def blocker(a: int, b: int) -> Hashable | None:
        p, q = points[a], points[b]
        if a == 0:
            p = border(source, q)
        if b == 1:
            q = border(target, points[a])
        return grid.blocker(p, q, ends)

    def cost(a: int, b: int) -> float:
        p, q = points[a], points[b]
        return math.hypot(q[0] - p[0], q[1] - p[1]) + BEND_COST

    def guess(b: int) -> float:
        p = points[b]
        return 0.0 if b == 1 else math.hypot(goal[0] - p[0], goal[1] - p[1]) + BEND_COST

    if first is not None:
        add(first)
    best: dict[int, float] = {0: 0.0}
    parent: dict[int, int] = {}
    closed: list[int] = []
    done: set[int] = set()
    heap: list[tuple[float, float, int, int]] = []

    def expand(a: int, targets: Sequence[int]) -> None:
        for b in targets:
            if b not in done:
                g = best[a] + cost(a, b)
                heapq.heappush(heap, (g + guess(b), g, b, a))

    done.add(0)
    closed.append(0)
    expand(0, range(1, len(points)))
    tests = 0
    while heap:
        _, g, b, a = heapq.heappop(heap)
        if b in done:
            continue
        tests += 1
        if tests > MAX_TESTS:
            return None, around
        key = blocker(a, b)
        if key is not None:
            if key not in around and len(around) < MAX_BOXES:
                fresh = add(key)
                for c in closed:
                    expand(c, fresh)
            continue
        best[b] = g
        parent[b] = a
        done.add(b)
        if b == 1:
            path = []
            node = parent[1]
            while node != 0:
                path.append(points[node])
                node = parent[node]
            return path[::-1], around
        closed.append(b)
        expand(b, range(1, len(points)))
    return None, around


def _inside(p: Point, r: Rect) -> bool:
    return r[0] < p[0] < r[2] and r[1] < p[1] < r[3]
