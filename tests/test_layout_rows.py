"""Wrapping a layered layout into rows (``analysis.layout.rows``): balanced rows, each
under the last, links between rows routed through the gaps without touching a stage.

Geometry is checked with this file's own helpers, not the engine's.
"""

from __future__ import annotations

import itertools
import random
from itertools import pairwise

import pytest

from mesadiagram.analysis.layout import layered_layout, layout_graph, wrap_rows
from mesadiagram.analysis.layout.rows import row_breaks
from mesadiagram.analysis.placement import layout_command
from mesadiagram.model import Document, Edge, Node
from mesadiagram.model.history import History
from tests.test_layout import random_graph, random_sizes

DEFAULT = (150.0, 50.0)


def chain(n: int) -> tuple[list[str], list[tuple[str, str]]]:
    ids = [f"s{i}" for i in range(n)]
    return ids, list(pairwise(ids))


def boxes(positions, sizes) -> dict[str, tuple[float, float, float, float]]:
    out = {}
    for node, (x, y) in positions.items():
        w, h = sizes.get(node, DEFAULT)
        out[node] = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
    return out


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def segment_enters(p, q, box, eps: float = 1e-6) -> bool:
    """Does the segment p-q pass through the box's interior? (Slab clipping.)"""
    lo, hi = 0.0, 1.0
    for axis in (0, 1):
        d = q[axis] - p[axis]
        a, b = box[axis] + eps, box[axis + 2] - eps
        if d == 0:
            if not a < p[axis] < b:
                return False
            continue
        t1, t2 = (a - p[axis]) / d, (b - p[axis]) / d
        lo, hi = max(lo, min(t1, t2)), min(hi, max(t1, t2))
        if lo >= hi:
            return False
    return True


def drawn_line(result, link):
    a, b = link
    return [result.positions[a], *result.routes[link], result.positions[b]]


def assert_clean(result, edges, sizes) -> None:
    """No two boxes overlap and no link passes through a stage but its own two."""
    rects = boxes(result.positions, sizes)
    for (m, a), (n, b) in itertools.combinations(rects.items(), 2):
        assert not overlap(a, b), (m, n)
    for link in dict.fromkeys(edges):
        line = drawn_line(result, link)
        for node, rect in rects.items():
            if node in link:
                continue
            for p, q in pairwise(line):
                assert not segment_enters(p, q, rect), (link, node, p, q)


# -- balanced rows ----------------------------------------------------------------------
def longest(lengths, gaps, starts) -> float:
    ends = [*starts[1:], len(lengths)]
    return max(
        sum(lengths[s:e]) + sum(gaps[s : e - 1]) for s, e in zip(starts, ends, strict=True)
    )


@pytest.mark.parametrize("seed", range(40))
def test_row_breaks_make_the_longest_row_as_short_as_any_cut(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randrange(1, 9)
    lengths = [rng.choice((120.0, 150.0, 190.0, 260.0)) for _ in range(n)]
    gaps = [rng.choice((60.0, 100.0)) for _ in range(n - 1)]
    rows = rng.randrange(1, 5)
    starts = row_breaks(lengths, gaps, rows)
    assert starts[0] == 0 and starts == sorted(set(starts)) and len(starts) <= rows
    best = min(
        longest(lengths, gaps, [0, *cut])
        for k in range(min(rows, n))
        for cut in itertools.combinations(range(1, n), k)
    )
    assert longest(lengths, gaps, starts) <= best + 0.5  # (bisection to half a unit)


# -- wrapping -----------------------------------------------------------------------------
def test_a_chain_of_eight_wraps_into_two_rows_of_four_read_left_to_right() -> None:
    ids, edges = chain(8)
    flat = layout_graph(ids, edges, "LR")
    wrapped = wrap_rows(flat, edges, "LR", rows=2)
    pos = wrapped.positions
    first, second = ids[:4], ids[4:]
    assert {pos[n][1] for n in first} == {pos[ids[0]][1]}  # one line each
    assert {pos[n][1] for n in second} == {pos[ids[4]][1]}
    assert pos[ids[4]][1] - pos[ids[0]][1] >= DEFAULT[1]  # below, not beside
    assert [pos[n][0] for n in second] == [pos[n][0] for n in first]  # from the left again
    assert [pos[n][0] for n in first] == sorted(pos[n][0] for n in first)
    width = max(x for x, _ in pos.values()) - min(x for x, _ in pos.values())
    flat_width = max(x for x, _ in flat.positions.values())
    assert width < flat_width / 2
    # the link between the rows turns down through the gap, then in from the left
    route = wrapped.routes[(ids[3], ids[4])]
    assert len(route) == 4
    assert route[0][0] > pos[ids[3]][0] and route[-1][0] < pos[ids[4]][0]
    gap_y = route[1][1]
    assert pos[ids[3]][1] + DEFAULT[1] / 2 < gap_y < pos[ids[4]][1] - DEFAULT[1] / 2
    assert all(wrapped.routes[link] == [] for link in edges if link != (ids[3], ids[4]))
    assert_clean(wrapped, edges, {})


def test_top_to_bottom_wraps_into_columns() -> None:
    ids, edges = chain(6)
    wrapped = wrap_rows(layout_graph(ids, edges, "TB"), edges, "TB", rows=3)
    pos = wrapped.positions
    columns = [ids[0:2], ids[2:4], ids[4:6]]
    xs = [pos[c[0]][0] for c in columns]
    assert xs == sorted(xs) and len(set(xs)) == 3
    for column in columns:
        assert pos[column[0]][0] == pos[column[1]][0]
        assert pos[column[0]][1] < pos[column[1]][1]
    assert_clean(wrapped, edges, {})


def test_one_row_or_one_layer_gives_the_layout_back() -> None:
    ids, edges = chain(5)
    flat = layout_graph(ids, edges, "LR")
    assert wrap_rows(flat, edges, "LR", rows=1) is flat
    single = layout_graph(["a"], [], "LR")
    assert wrap_rows(single, [], "LR", rows=3) is single


@pytest.mark.parametrize("seed", range(24))
@pytest.mark.parametrize("direction", ["LR", "TB"])
def test_random_models_wrap_without_touching_a_stage(seed: int, direction: str) -> None:
    n = 6 + seed % 14
    ids, edges = random_graph(n, n + seed % 5, seed, span=3, back=seed % 3)
    edges = [(a, b) for a, b in edges if a != b]  # (a self-loop is drawn by the renderer)
    sizes = random_sizes(ids, seed)
    flat = layout_graph(ids, edges, direction, sizes)
    for rows in (2, 3, 4):
        wrapped = wrap_rows(flat, edges, direction, rows, sizes)
        assert set(wrapped.positions) == set(ids)
        assert set(wrapped.routes) >= set(edges)
        assert_clean(wrapped, edges, sizes)


def test_links_that_skip_rows_or_go_back_use_their_own_lanes() -> None:
    ids = [f"s{i}" for i in range(9)]
    edges = [*pairwise(ids), ("s0", "s8"), ("s1", "s8"), ("s7", "s2")]  # long, long, back
    wrapped = wrap_rows(layout_graph(ids, edges, "LR"), edges, "LR", rows=3)
    assert_clean(wrapped, edges, {})
    lanes = [wrapped.routes[link] for link in (("s0", "s8"), ("s1", "s8"))]
    assert all(len(route) == 6 for route in lanes)  # down the margin, left of every row
    margins = {route[2][0] for route in lanes}
    assert len(margins) == 2 and max(margins) < min(x for x, _ in wrapped.positions.values())
    horizontal = [
        (p[1], min(p[0], q[0]), max(p[0], q[0]))
        for route in wrapped.routes.values()
        for p, q in pairwise(route)
        if p[1] == q[1]
    ]
    for (y1, a1, b1), (y2, a2, b2) in itertools.combinations(horizontal, 2):
        assert not (y1 == y2 and a1 < b2 and a2 < b1), "two links on one line"


def test_layout_command_wraps_and_undoes(seed_doc) -> None:
    before = {n.id: n.position for n in seed_doc.nodes}
    history = History(seed_doc)
    history.push(layout_command(seed_doc, "LR", rows=2))
    ys = sorted({n.position[1] for n in seed_doc.nodes})
    assert len(ys) == 2  # seven stages in two rows
    assert layered_layout(seed_doc, "LR", rows=2).positions == {
        n.id: n.position for n in seed_doc.nodes
    }
    history.undo()
    assert {n.id: n.position for n in seed_doc.nodes} == before


def test_pinned_stages_move_with_their_row() -> None:
    doc = Document()
    for i in range(6):
        doc.insert_node(Node(f"s{i}", f"S{i}", position=(i * 250.0, 0.0), pinned=i == 5))
    for i in range(5):
        doc.insert_edge(Edge(f"s{i}", f"s{i + 1}"))
    result = layered_layout(doc, "LR", pinned={"s5"}, rows=2)
    assert result.positions["s5"][1] > result.positions["s0"][1]  # in the second row


def test_the_layout_command_wraps_with_rows(tmp_path, capsys) -> None:
    from mesadiagram.cli import main
    from mesadiagram.formats import load
    from tests.conftest import EXAMPLE

    out = tmp_path / "wrapped.yaml"
    assert main(["layout", str(EXAMPLE), "-o", str(out), "--rows", "2"]) == 0
    doc = load(out)
    rows: dict[float, list[str]] = {}
    for node in doc.nodes:
        rows.setdefault(node.position[1], []).append(node.id)
    assert [len(r) for _, r in sorted(rows.items())] == [4, 3]  # in file order, as read
    crossing = doc.edge("deployment->distribution-shift")
    assert crossing.route and all(e.route == [] for e in doc.edges if e is not crossing)
    assert main(["layout", str(EXAMPLE), "-o", str(out), "--rows", "0"]) == 2
    assert "--rows must be from 1 to 50" in capsys.readouterr().err
