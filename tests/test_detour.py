"""The router on its own (``analysis/layout/clearance.py``, ``detour.py``): random boxes,
stored routes, parallel links, and auto-layout around pinned stages.

Whether a way passes under a box is checked here by sampling the drawn line every half
pixel against the boxes, independently of the router's own segment test.
"""

from __future__ import annotations

import math
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from mesadiagram.analysis.layout import layout_graph
from mesadiagram.analysis.layout.clearance import PAD, BoxGrid, border, centre
from mesadiagram.analysis.layout.detour import MARGIN, way

Rect = tuple[float, float, float, float]


def drawn(grid: BoxGrid, ends: tuple[str, str], points) -> list[tuple[float, float]]:
    source, target = grid.rects[ends[0]], grid.rects[ends[1]]
    inner = list(points)
    start = border(source, inner[0] if inner else centre(target))
    end = border(target, inner[-1] if inner else centre(source))
    return [start, *inner, end]


def under(line, boxes: dict[str, Rect], ends, pad: float = -0.5) -> list[str]:
    """Boxes (not ends), grown by ``pad`` (by default: shrunk by half a pixel, so that
    touching is not passing under), with a sample of the polyline strictly inside."""
    found = []
    for key, (x0, y0, x1, y1) in boxes.items():
        if key in ends:
            continue
        x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
        for (ax, ay), (bx, by) in pairwise(line):
            steps = max(1, int(4 * math.hypot(bx - ax, by - ay)))
            if any(
                x0 < ax + (bx - ax) * i / steps < x1 and y0 < ay + (by - ay) * i / steps < y1
                for i in range(steps + 1)
            ):
                found.append(key)
                break
    return found


def make_grid(boxes: dict[str, Rect]) -> BoxGrid:
    grid = BoxGrid()
    for key, rect in boxes.items():
        grid.put(key, rect)
    return grid


# -- random boxes ---------------------------------------------------------------------------
GAP = 40.0  # boxes at least this far apart (along x or y): a way between them always exists


def apart(a: Rect, b: Rect) -> bool:
    return (
        a[2] + GAP <= b[0] or b[2] + GAP <= a[0] or a[3] + GAP <= b[1] or b[3] + GAP <= a[1]
    )


@st.composite
def scenes(draw) -> dict[str, Rect]:
    """Up to a dozen boxes on a coarse grid (so that aligned and touching-the-line cases
    are common), each at least ``GAP`` from the others."""
    boxes: dict[str, Rect] = {}
    for i in range(draw(st.integers(2, 12))):
        x = draw(st.integers(0, 12)) * 60.0
        y = draw(st.integers(0, 10)) * 50.0
        w = draw(st.sampled_from([60.0, 120.0, 150.0]))
        h = draw(st.sampled_from([44.0, 70.0, 140.0]))
        rect = (x, y, x + w, y + h)
        if all(apart(rect, other) for other in boxes.values()):
            boxes[f"n{i}"] = rect
    return boxes


@settings(max_examples=300, deadline=None)
@given(scenes(), st.data())
def test_every_routed_link_is_clear_of_other_boxes(boxes, data) -> None:
    if len(boxes) < 2:
        return
    keys = sorted(boxes)
    source = data.draw(st.sampled_from(keys))
    target = data.draw(st.sampled_from([k for k in keys if k != source]))
    bend = data.draw(st.sampled_from([0.0, 0.0, 28.0, -28.0, 56.0]))
    grid = make_grid(boxes)
    found = way(grid, source, target, bend=bend)
    assert found.clear  # boxes this far apart always leave a way
    ends = (source, target)
    if found.points:
        line = drawn(grid, ends, found.points)
        assert under(line, boxes, ends) == []
        assert len(found.points) <= 2 * len(found.around) + 2
        for point in found.points:  # every bend off every box, ends included
            assert not any(
                r[0] < point[0] < r[2] and r[1] < point[1] < r[3] for r in boxes.values()
            )
    elif found.bend:
        x0, y0 = border(boxes[source], _control(boxes, ends, bend))
        x1, y1 = border(boxes[target], _control(boxes, ends, bend))
        cx, cy = _control(boxes, ends, bend)
        curve = [
            ((1 - t) ** 2 * x0 + 2 * t * (1 - t) * cx + t * t * x1,
             (1 - t) ** 2 * y0 + 2 * t * (1 - t) * cy + t * t * y1)
            for t in (i / 64 for i in range(65))
        ]
        assert under(curve, boxes, ends) == []
    else:
        assert under(drawn(grid, ends, ()), boxes, ends) == []


def _control(boxes, ends, bend):
    (sx, sy), (tx, ty) = centre(boxes[ends[0]]), centre(boxes[ends[1]])
    length = math.hypot(tx - sx, ty - sy)
    return ((sx + tx) / 2 + (ty - sy) / length * bend, (sy + ty) / 2 - (tx - sx) / length * bend)


@settings(max_examples=150, deadline=None)
@given(scenes(), st.data())
def test_a_clear_straight_line_is_kept_and_a_detour_needs_its_bends(boxes, data) -> None:
    if len(boxes) < 2:
        return
    keys = sorted(boxes)
    source = data.draw(st.sampled_from(keys))
    target = data.draw(st.sampled_from([k for k in keys if k != source]))
    grid = make_grid(boxes)
    ends = (source, target)
    found = way(grid, source, target)
    # A link keeps ``PAD`` off other boxes: straight when the straight line does (sampled
    # with half a pixel to spare either way).
    straight = drawn(grid, ends, ())
    if found.points:
        assert under(straight, boxes, ends, PAD + 0.5)
    else:
        assert under(straight, boxes, ends, PAD - 0.5) == []
    # no needless bends: without any one of them, the way comes too near a box
    for i in range(len(found.points)):
        fewer = found.points[:i] + found.points[i + 1 :]
        assert under(drawn(grid, ends, fewer), boxes, ends, PAD + 0.5), (found.points, i)


# -- stored routes, parallel links ------------------------------------------------------------
ROW = {
    "a": (0.0, 0.0, 120.0, 44.0),
    "b": (260.0, -60.0, 380.0, 140.0),  # a tall stage between a and c
    "c": (520.0, 0.0, 640.0, 44.0),
}


def test_a_stored_route_is_kept_while_clear() -> None:
    grid = make_grid(ROW)
    stored = [(190.0, -100.0), (450.0, -100.0)]
    assert way(grid, "a", "c", stored).points == tuple(stored)
    grid.put("b", (260.0, -140.0, 380.0, 40.0))  # now the stage stands on the route
    moved = way(grid, "a", "c", stored)
    assert moved.points != tuple(stored)
    assert under(drawn(grid, ("a", "c"), moved.points), grid.rects, ("a", "c")) == []


def test_parallel_links_go_round_on_their_own_sides_and_apart() -> None:
    grid = make_grid(ROW)
    over, below = way(grid, "a", "c", bend=28.0), way(grid, "a", "c", bend=-28.0)
    assert over.points and below.points
    assert all(y < -60 for _, y in over.points)  # above the stage between
    assert all(y > 140 for _, y in below.points)  # below it
    outer = way(grid, "a", "c", bend=56.0, spread=28.0)
    assert min(y for _, y in outer.points) < min(y for _, y in over.points) - 20


def test_a_detour_is_short_and_its_bends_keep_their_margin() -> None:
    grid = make_grid(ROW)
    found = way(grid, "a", "c")
    assert found.around == {"b"}
    line = drawn(grid, ("a", "c"), found.points)
    length = sum(math.dist(p, q) for p, q in pairwise(line))
    assert length < 1.4 * math.dist(centre(ROW["a"]), centre(ROW["c"]))
    for x, y in found.points:
        x0, y0, x1, y1 = ROW["b"]
        assert max(x0 - x, x - x1, y0 - y, y - y1) >= MARGIN - 1e-9


def test_no_way_out_of_a_closed_ring_is_reported() -> None:
    ring = {
        "in": (200.0, 200.0, 260.0, 240.0),
        "top": (100.0, 100.0, 360.0, 150.0),
        "bottom": (100.0, 290.0, 360.0, 340.0),
        "left": (100.0, 100.0, 150.0, 340.0),
        "right": (310.0, 100.0, 360.0, 340.0),
        "out": (600.0, 200.0, 660.0, 240.0),
    }
    found = way(make_grid(ring), "in", "out")
    assert not found.clear
    assert found.points == ()  # drawn plainly, routed again when a stage of it moves
    assert "right" in found.around


# -- auto-layout ----------------------------------------------------------------------------
def test_layout_goes_around_a_pinned_stage_off_its_layer() -> None:
    ids = ["a", "b", "c", "d", "p"]
    edges = [("a", "b"), ("b", "c"), ("c", "d"), ("a", "d")]
    sizes = {n: (150.0, 50.0) for n in ids}
    first = layout_graph(ids, edges, sizes=sizes)
    bends = first.routes[("a", "d")]
    line = [first.positions["a"], *bends, first.positions["d"]]
    # pin p on the middle of the long link's longest segment
    p, q = max(pairwise(line), key=lambda s: math.dist(*s))
    spot = ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)
    again = layout_graph(
        ids, edges, sizes=sizes, pinned={"p": spot}, previous={**first.positions, "p": spot}
    )
    assert again.positions["p"] == spot
    boxes = {
        n: (x - sizes[n][0] / 2, y - sizes[n][1] / 2, x + sizes[n][0] / 2, y + sizes[n][1] / 2)
        for n, (x, y) in again.positions.items()
    }
    for (a, b), route in again.routes.items():
        grid = make_grid(boxes)
        assert under(drawn(grid, (a, b), route), boxes, (a, b)) == [], (a, b)
