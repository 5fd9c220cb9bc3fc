"""The layered layout engine (mesadiagram.analysis.layout).

Geometry is checked with this file's own helpers (box overlap, segment against box,
brute-force crossings), not with the engine's, so that a bug in one does not hide in both.
Run ``python -m tests.test_layout --record`` to rewrite tests/data/layout_crossings.json
after an improvement (the test fails when a count goes up).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import time
from itertools import combinations, pairwise
from pathlib import Path

import pytest

from mesadiagram.analysis.layout import LayoutResult, count_crossings, layered_layout, layout_graph
from mesadiagram.model import Document, Edge, Node
from tests.conftest import ROOT

RECORD = Path(__file__).parent / "data" / "layout_crossings.json"
DEFAULT = (150.0, 50.0)
EPS = 1e-6
Graph = tuple[list[str], list[tuple[str, str]]]


# -- graphs ---------------------------------------------------------------------------------
def random_graph(
    n: int, links: int, seed: int, *, span: int = 4, back: int = 0, parts: int = 1
) -> Graph:
    """``n`` stages in ``parts`` separate groups; ``links`` forward links of at most ``span``
    steps in index order, plus ``back`` links closing cycles (and a self-loop if any)."""
    rng = random.Random(seed)
    ids = [f"s{i}" for i in range(n)]
    cuts = sorted(rng.sample(range(1, n), parts - 1)) if parts > 1 else []
    groups = [g for g in zip([0, *cuts], [*cuts, n], strict=True) if g[1] - g[0] >= 2]
    edges: set[tuple[int, int]] = set()
    for _ in range(50 * (links + back)):
        if len(edges) >= links:
            break
        lo, hi = rng.choice(groups)
        a = rng.randrange(lo, hi - 1)
        b = rng.randrange(a + 1, min(hi, a + span + 1))
        edges.add((a, b))
    forward = sorted(edges)
    extra = []
    for a, b in rng.sample(forward, min(back, len(forward))):
        extra.append((b, max(a - rng.randrange(2), 0)) if b - a > 1 else (b, a))
    if back:
        extra.append((forward[0][0], forward[0][0]))
    return ids, [(ids[a], ids[b]) for a, b in dict.fromkeys(forward + extra)]


def random_sizes(ids: list[str], seed: int) -> dict[str, tuple[float, float]]:
    rng = random.Random(seed)
    return {i: (rng.uniform(60, 220), rng.uniform(30, 90)) for i in ids}


def document(ids: list[str], edges: list[tuple[str, str]]) -> Document:
    doc = Document("test")
    for i in ids:
        doc.insert_node(Node(i, i.upper()))
    for a, b in edges:
        doc.insert_edge(Edge(a, b))
    return doc


# -- geometry -------------------------------------------------------------------------------
Box = tuple[float, float, float, float]


def boxes(result: LayoutResult, sizes: dict[str, tuple[float, float]]) -> dict[str, Box]:
    out = {}
    for node, (x, y) in result.positions.items():
        w, h = sizes.get(node, DEFAULT)
        out[node] = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
    return out


def overlaps(result: LayoutResult, sizes: dict[str, tuple[float, float]]) -> list[tuple[str, str]]:
    found = []
    for (a, p), (b, q) in combinations(boxes(result, sizes).items(), 2):
        if p[0] < q[2] - EPS and q[0] < p[2] - EPS and p[1] < q[3] - EPS and q[1] < p[3] - EPS:
            found.append((a, b))
    return found


def _orient(p, q, r) -> float:
    return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])


def _on(p, q, r) -> bool:
    return min(p[0], q[0]) <= r[0] <= max(p[0], q[0]) and min(p[1], q[1]) <= r[1] <= max(p[1], q[1])


def meet(p1, p2, q1, q2) -> bool:
    """Closed segments share a point."""
    d1, d2, d3, d4 = (
        _orient(q1, q2, p1),
        _orient(q1, q2, p2),
        _orient(p1, p2, q1),
        _orient(p1, p2, q2),
    )
    if d1 * d2 < 0 and d3 * d4 < 0:
        return True
    return any(
        d == 0 and _on(a, b, c)
        for d, a, b, c in ((d1, q1, q2, p1), (d2, q1, q2, p2), (d3, p1, p2, q1), (d4, p1, p2, q2))
    )


def inside(p, box: Box) -> bool:
    return box[0] + EPS < p[0] < box[2] - EPS and box[1] + EPS < p[1] < box[3] - EPS


def cuts_box(p, q, box: Box) -> bool:
    """Does segment p-q enter the box's interior (the box shrunk by a hair)?"""
    x0, y0, x1, y1 = box[0] + 1e-3, box[1] + 1e-3, box[2] - 1e-3, box[3] - 1e-3
    if inside(p, (x0, y0, x1, y1)) or inside(q, (x0, y0, x1, y1)):
        return True
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    return any(meet(p, q, corners[i], corners[(i + 1) % 4]) for i in range(4))


def brute_crossings(edges, positions) -> int:
    segs = [(positions[a], positions[b], a, b) for a, b in dict.fromkeys(edges) if a != b]
    return sum(
        1
        for s, t in combinations(segs, 2)
        if not {s[2], s[3]} & {t[2], t[3]} and meet(s[0], s[1], t[0], t[1])
    )


def layers_of(result: LayoutResult, axis: int = 0) -> dict[float, list[str]]:
    """Stages grouped by their coordinate along the layers, each group in order across."""
    groups: dict[float, list[str]] = {}
    for node, p in result.positions.items():
        groups.setdefault(round(p[axis], 6), []).append(node)
    return {k: sorted(v, key=lambda n: result.positions[n][1 - axis]) for k, v in groups.items()}


# -- the seed chain -------------------------------------------------------------------------
def test_seed_chain_is_a_straight_evenly_spaced_line(seed_doc) -> None:
    result = layered_layout(seed_doc)
    chain = [
        "base-optimizer",
        "mesa-optimizer",
        "misalignment",
        "deployment",
        "distribution-shift",
        "unanticipated-behaviour",
        "catastrophe",
    ]
    xs = [result.positions[n][0] for n in chain]
    assert {result.positions[n][1] for n in chain} == {result.positions[chain[0]][1]}
    assert [b - a for a, b in pairwise(xs)] == [150.0 + 100.0] * 6
    assert result.routes == {(e.source, e.target): [] for e in seed_doc.edges}
    assert result.crossings == 0
    down = layered_layout(seed_doc, "TB")
    assert {down.positions[n][0] for n in chain} == {down.positions[chain[0]][0]}
    ys = [down.positions[n][1] for n in chain]
    assert [b - a for a, b in pairwise(ys)] == [50.0 + 100.0] * 6


def test_gaps_are_configurable() -> None:
    ids, edges = ["a", "b", "c", "d"], [("a", "b"), ("a", "c"), ("c", "d")]
    result = layout_graph(ids, edges, layer_gap=60, node_gap=10)
    (ax, _), (bx, by), (_, cy) = (result.positions[n] for n in "abc")
    assert bx - ax == 150 + 60
    assert abs(by - cy) == pytest.approx(50 + 10)


# -- invariants on many graphs --------------------------------------------------------------
CASES = [
    (n, seed, back, parts)
    for n, seed, back, parts in [
        (20, 1, 0, 1),
        (35, 2, 3, 1),
        (50, 3, 0, 3),
        (80, 4, 6, 2),
        (120, 5, 2, 5),
        (160, 6, 10, 1),
        (200, 7, 4, 4),
        (60, 8, 30, 2),
    ]
]


@pytest.mark.parametrize("direction", ["LR", "TB"])
@pytest.mark.parametrize(("n", "seed", "back", "parts"), CASES)
def test_no_boxes_overlap(n: int, seed: int, back: int, parts: int, direction: str) -> None:
    ids, edges = random_graph(n, 2 * n, seed, back=back, parts=parts)
    sizes = random_sizes(ids, seed) if seed % 2 else {}
    result = layout_graph(ids, edges, direction, sizes)
    assert set(result.positions) == set(ids)
    assert overlaps(result, sizes) == []
    assert set(result.routes) == set(edges)


@pytest.mark.parametrize(("n", "seed", "back", "parts"), CASES[:5])
def test_boxes_in_a_layer_keep_the_node_gap(n: int, seed: int, back: int, parts: int) -> None:
    ids, edges = random_graph(n, 2 * n, seed, back=back, parts=parts)
    sizes = random_sizes(ids, seed)
    result = layout_graph(ids, edges, "LR", sizes, node_gap=40)
    for column in layers_of(result).values():
        for a, b in pairwise(column):
            gap = result.positions[b][1] - result.positions[a][1] - (sizes[a][1] + sizes[b][1]) / 2
            assert gap >= 40 - EPS


def test_links_point_along_the_direction() -> None:
    ids, edges = random_graph(60, 110, 11)
    right = layout_graph(ids, edges, "LR")
    down = layout_graph(ids, edges, "TB")
    for a, b in edges:
        assert right.positions[b][0] > right.positions[a][0]
        assert down.positions[b][1] > down.positions[a][1]


def test_top_to_bottom_is_left_to_right_turned() -> None:
    """With each box's width and height swapped, TB is LR mirrored in the diagonal."""
    ids, edges = random_graph(70, 130, 12, back=3, parts=2)
    sizes = random_sizes(ids, 12)
    right = layout_graph(ids, edges, "LR", sizes)
    down = layout_graph(ids, edges, "TB", {k: (h, w) for k, (w, h) in sizes.items()})
    for node, (x, y) in right.positions.items():
        assert down.positions[node] == (y, x)
    for key, bends in right.routes.items():
        assert down.routes[key] == [(y, x) for x, y in bends]
    with pytest.raises(ValueError):
        layout_graph(ids, edges, "RL")


def test_components_sit_side_by_side() -> None:
    ids, edges = random_graph(90, 150, 13, parts=4)
    result = layout_graph(ids, edges)
    neighbours: dict[str, set[str]] = {i: set() for i in ids}
    for a, b in edges:
        neighbours[a].add(b)
        neighbours[b].add(a)
    seen: set[str] = set()
    spans = []
    for start in ids:
        if start in seen:
            continue
        part, todo = set(), [start]
        while todo:
            x = todo.pop()
            if x not in part:
                part.add(x)
                todo += neighbours[x]
        seen |= part
        ys = [result.positions[x][1] for x in part]
        spans.append((min(ys) - 25, max(ys) + 25))
    spans.sort()
    assert len(spans) > 4  # groups, plus stages no link touches
    for (_, end), (start, _) in pairwise(spans):
        assert start >= end  # one component's band ends before the next begins


# -- determinism ----------------------------------------------------------------------------
def _as_json(result: LayoutResult) -> str:
    return json.dumps(
        [
            sorted(result.positions.items()),
            sorted((list(k), v) for k, v in result.routes.items()),
            result.crossings,
        ]
    )


def test_same_input_same_output_in_process() -> None:
    ids, edges = random_graph(150, 300, 14, back=8, parts=3)
    sizes = random_sizes(ids, 14)
    first = layout_graph(ids, edges, "LR", sizes)
    again = layout_graph(ids, edges, "LR", dict(reversed(list(sizes.items()))))
    assert _as_json(first) == _as_json(again)


def test_same_output_whatever_the_hash_seed() -> None:
    """String hashing changes between processes; the layout must not."""
    code = (
        "from tests.test_layout import random_graph, random_sizes, _as_json\n"
        "from mesadiagram.analysis.layout import layout_graph\n"
        "ids, edges = random_graph(120, 240, 15, back=6, parts=3)\n"
        "pins = {'s7': (40.0, 900.0)}\n"
        "print(_as_json(layout_graph(ids, edges, 'TB', random_sizes(ids, 15), pins)))\n"
    )
    outs = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        run = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outs.add(run.stdout)
    assert len(outs) == 1


# -- pinned stages and incremental layout ---------------------------------------------------
def test_pinned_stages_stay_and_the_rest_avoid_them() -> None:
    ids, edges = random_graph(80, 150, 16, back=2, parts=2)
    doc = document(ids, edges)
    first = layered_layout(doc)
    xs = sorted({p[0] for p in first.positions.values()})
    # one pinned stage dropped onto another layer's column, one moved far off
    moves = {"s10": (xs[3], first.positions["s30"][1] + 10.0), "s40": (-500.0, -300.0)}
    for node, pos in moves.items():
        doc.update_node(node, position=pos)
    pinned = {"s10", "s40", "s55"}
    previous = {"s55": first.positions["s55"]}
    result = layered_layout(doc, pinned=pinned, previous=previous)
    assert result.positions["s10"] == moves["s10"]
    assert result.positions["s40"] == moves["s40"]
    assert result.positions["s55"] == first.positions["s55"]
    assert overlaps(result, {}) == []


def test_a_stage_squeezed_between_two_pins_moves_out() -> None:
    """Pins too close for the stage ordered between them: it goes round, no overlap."""
    ids = ["x", "y", "z", "t"]
    edges = [("x", "t"), ("y", "t"), ("z", "t")]
    for direction, across in (("LR", 1), ("TB", 0)):
        first = layout_graph(ids, edges, direction)
        px, py = first.positions["x"], first.positions["y"]
        assert py[across] > px[across]  # y is ordered after x
        size = DEFAULT[across]
        z = list(px)
        z[across] += size + 60.0  # 60 px of room between the pins: y needs size + 2 * 40
        pins = {"x": px, "z": (z[0], z[1])}
        result = layout_graph(ids, edges, direction, pinned=pins)
        assert {k: result.positions[k] for k in pins} == pins
        assert overlaps(result, {}) == []


def test_pinned_without_a_position_is_laid_out() -> None:
    doc = document(["a", "b"], [("a", "b")])
    result = layered_layout(doc, pinned={"a", "nowhere"})
    assert set(result.positions) == {"a", "b"}


def _old_layer_orders(before: LayoutResult, after: LayoutResult) -> tuple[list, list]:
    """Order across each layer of the old stages, in the old and the new layout."""
    old, new = [], []
    for column in layers_of(after).values():
        kept = [n for n in column if n in before.positions]
        new.append(kept)
        old.append(sorted(kept, key=lambda n: before.positions[n][1]))
    return old, new


@pytest.mark.parametrize("seed", [17, 18, 19, 20])
def test_adding_a_stage_moves_the_others_little(seed: int) -> None:
    ids, edges = random_graph(60, 100, seed)
    before = layout_graph(ids, edges)
    middle = sorted(ids, key=lambda n: before.positions[n][0])[len(ids) // 2]
    later = [n for n in ids if before.positions[n][0] > before.positions[middle][0] + 300]
    new_edges = [*edges, (middle, "new")] + ([("new", later[0])] if later else [])
    after = layout_graph([*ids, "new"], new_edges, previous=before.positions)
    moved = [
        ((after.positions[n][0] - p[0]) ** 2 + (after.positions[n][1] - p[1]) ** 2) ** 0.5
        for n, p in before.positions.items()
    ]
    assert statistics.mean(moved) < 15.0, statistics.mean(moved)
    old, new = _old_layer_orders(before, after)
    assert old == new
    assert overlaps(after, {}) == []


def test_previous_order_wins_over_a_fresh_one() -> None:
    """Mirror a layout by hand: a re-layout with it as ``previous`` keeps the mirrored order
    in every layer (a fresh layout would not)."""
    ids, edges = random_graph(50, 90, 26)
    fresh = layout_graph(ids, edges)
    mirrored = {n: (x, -y) for n, (x, y) in fresh.positions.items()}
    again = layout_graph([*ids, "new"], [*edges, (ids[20], "new")], previous=mirrored)
    for column in layers_of(again).values():
        kept = [n for n in column if n != "new"]
        assert kept == sorted(kept, key=lambda n: -fresh.positions[n][1])
    assert layers_of(fresh) != {k: v[::-1] for k, v in layers_of(fresh).items()}  # not symmetric


def test_relayout_with_its_own_positions_changes_nothing_much() -> None:
    ids, edges = random_graph(50, 90, 21, back=2)
    first = layout_graph(ids, edges)
    again = layout_graph(ids, edges, previous=first.positions)
    old, new = _old_layer_orders(first, again)
    assert old == new
    assert max(abs(again.positions[n][1] - p[1]) for n, p in first.positions.items()) < 20.0


# -- routes ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("n", "seed", "back", "direction"),
    [
        (40, 22, 0, "LR"),
        (80, 23, 4, "LR"),
        (120, 24, 6, "TB"),
        (60, 25, 20, "TB"),
    ],
)
def test_routes_go_around_boxes(n: int, seed: int, back: int, direction: str) -> None:
    ids, edges = random_graph(n, 2 * n, seed, span=8, back=back, parts=2)
    sizes = random_sizes(ids, seed)
    result = layout_graph(ids, edges, direction, sizes)
    all_boxes = boxes(result, sizes)
    bent = 0
    for (a, b), bends in result.routes.items():
        if a == b:
            assert bends == []
            continue
        bent += bool(bends)
        for p in bends:
            assert not any(inside(p, box) for box in all_boxes.values()), (a, b, p)
        line = [result.positions[a], *bends, result.positions[b]]
        for p, q in pairwise(line):
            for node, box in all_boxes.items():
                if node not in (a, b):
                    assert not cuts_box(p, q, box), (a, b, node)
    assert bent > n // 10  # long links do get bends: the check above is not vacuous


def test_a_link_and_its_reverse_are_drawn_apart() -> None:
    ids = ["a", "b", "c", "d"]
    edges = [("a", "b"), ("b", "a"), ("b", "c"), ("c", "d"), ("d", "b"), ("b", "d")]
    result = layout_graph(ids, edges)
    for x, y in [("a", "b"), ("b", "d")]:
        there = [result.positions[x], *result.routes[(x, y)], result.positions[y]]
        back = [result.positions[y], *result.routes[(y, x)], result.positions[x]]
        assert there != back[::-1]
        assert result.routes[(x, y)] or result.routes[(y, x)]
    assert overlaps(result, {}) == []


# -- crossings ------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", range(6))
def test_count_crossings_agrees_with_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    ids = [f"n{i}" for i in range(40)]
    # a coarse grid makes touching, collinear and vertical links common
    positions = {i: (float(rng.randrange(8)), float(rng.randrange(8))) for i in ids}
    edges = [tuple(rng.sample(ids, 2)) for _ in range(70)] + [("n1", "n1")]
    assert count_crossings(edges, positions) == brute_crossings(edges, positions)
    ids2, edges2 = random_graph(60, 120, seed, back=3, parts=2)
    result = layout_graph(ids2, edges2)
    assert result.crossings == brute_crossings(edges2, result.positions)
    assert count_crossings(document(ids2, edges2), result.positions) == result.crossings


def test_crossings_known_small_cases() -> None:
    square = {"a": (0.0, 0.0), "b": (0.0, 1.0), "c": (1.0, 0.0), "d": (1.0, 1.0)}
    assert count_crossings([("a", "d"), ("b", "c")], square) == 1
    assert count_crossings([("a", "c"), ("b", "d")], square) == 0
    assert count_crossings([("a", "d"), ("a", "c")], square) == 0  # shared stage
    assert count_crossings([("a", "d"), ("b", "c"), ("b", "zz")], square) == 1


RECORDED_GRAPHS: dict[str, dict] = {
    "chain-like-40": {"n": 40, "links": 60, "seed": 101, "span": 3},
    "dag-100": {"n": 100, "links": 200, "seed": 102, "span": 4},
    "dag-200-long": {"n": 200, "links": 400, "seed": 103, "span": 12},
    "cyclic-120": {"n": 120, "links": 240, "seed": 104, "span": 5, "back": 12},
    "parts-150": {"n": 150, "links": 280, "seed": 105, "span": 6, "parts": 5},
    "dense-80": {"n": 80, "links": 320, "seed": 106, "span": 3},
}


def recorded_counts() -> dict[str, int]:
    counts = {}
    for name, spec in RECORDED_GRAPHS.items():
        spec = dict(spec)
        ids, edges = random_graph(spec.pop("n"), spec.pop("links"), spec.pop("seed"), **spec)
        counts[name] = layout_graph(ids, edges).crossings
    return counts


def test_crossings_never_worse_than_recorded() -> None:
    recorded = json.loads(RECORD.read_text(encoding="utf-8"))
    counts = recorded_counts()
    assert set(counts) == set(recorded)
    worse = {k: (recorded[k], counts[k]) for k in counts if counts[k] > recorded[k]}
    assert not worse, f"crossings went up (recorded, now): {worse}"


def test_speed_at_a_thousand_stages() -> None:
    ids, edges = random_graph(1000, 2000, 107, span=6)
    start = time.process_time()
    layout_graph(ids, edges)
    assert time.process_time() - start < 3.0  # about 0.3 s here; catches a quadratic step


if __name__ == "__main__":
    if "--record" in sys.argv:
        RECORD.parent.mkdir(exist_ok=True)
        RECORD.write_text(json.dumps(recorded_counts(), indent=2) + "\n", encoding="utf-8")
        print(RECORD.read_text(encoding="utf-8"))
