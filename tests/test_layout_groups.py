"""The layered layout keeps each group's stages together (issue 13).

The property checked (and promised by ``layered_layout``): with no stage pinned, after a
layout (fresh, or keeping an earlier one's order), left to right or top to bottom,

* the frames of two groups never meet, and
* no stage outside a group meets that group's frame,

where a frame is the union of its stages' boxes padded by ``GROUP_PADDING`` with
``GROUP_LABEL_ROOM`` more on top: whatever the model, the groups, the box sizes and the
gaps. Wrapped into rows it holds too whenever some cut between rows splits no group (a
cut then splits none). Frames are computed here, not with the engine's ``frame_rect``.
"""

from __future__ import annotations

import itertools
import random
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesadiagram.analysis.layout import (
    GROUP_LABEL_ROOM,
    GROUP_PADDING,
    FrameRoom,
    LayoutResult,
    frame_rect,
    layered_layout,
    layout_graph,
    wrap_rows,
)
from mesadiagram.analysis.layout.rows import row_breaks
from mesadiagram.analysis.placement import layout_command, place_missing
from mesadiagram.model import Document, Edge, Group, Node
from tests.test_layout_rows import assert_clean, longest

DEFAULT = (150.0, 50.0)
EPS = 1e-6
Rect = tuple[float, float, float, float]


def box(result: LayoutResult, node: str, sizes) -> Rect:
    x, y = result.positions[node]
    w, h = sizes.get(node, DEFAULT)
    return (x - w / 2, y - h / 2, x + w / 2, y + h / 2)


def frame(result: LayoutResult, stages, sizes, pad=GROUP_PADDING, label=GROUP_LABEL_ROOM) -> Rect:
    rects = [box(result, n, sizes) for n in stages]
    return (
        min(r[0] for r in rects) - pad,
        min(r[1] for r in rects) - pad - label,
        max(r[2] for r in rects) + pad,
        max(r[3] for r in rects) + pad,
    )


def meet(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] - EPS and b[0] < a[2] - EPS and a[1] < b[3] - EPS and b[1] < a[3] - EPS


def frame_problems(result: LayoutResult, groups, sizes, *room) -> list[str]:
    """Every pair of frames that meet and every outside stage that meets a frame."""
    frames = {name: frame(result, stages, sizes, *room) for name, stages in groups.items()}
    found = [
        f"frames {a} and {b} meet"
        for (a, fa), (b, fb) in itertools.combinations(frames.items(), 2)
        if meet(fa, fb)
    ]
    for name, stages in groups.items():
        for node in result.positions:
            if node not in stages and meet(box(result, node, sizes), frames[name]):
                found.append(f"stage {node} meets the frame of {name}")
    return found


def document(ids, edges, groups, sizes=None) -> Document:
    doc = Document("groups")
    for i in ids:
        doc.insert_node(Node(i, i.upper()))
    for a, b in edges:
        doc.insert_edge(Edge(a, b))
    for name, stages in groups.items():
        doc.insert_group(Group(name, name.title(), list(stages)))
    return doc


# -- random models with random groups -------------------------------------------------------
@st.composite
def grouped_models(draw):
    n = draw(st.integers(2, 16))
    ids = [f"s{i}" for i in range(n)]
    pairs = [(a, b) for a in range(n) for b in range(a + 1, min(n, a + 4))]
    forward = draw(st.lists(st.sampled_from(pairs), max_size=2 * n, unique=True)) if pairs else []
    back = draw(st.lists(st.sampled_from(forward), max_size=2, unique=True)) if forward else []
    edges = [(ids[a], ids[b]) for a, b in forward] + [(ids[b], ids[a]) for a, b in back]
    k = draw(st.integers(1, 4))
    label = draw(st.lists(st.integers(-1, k - 1), min_size=n, max_size=n))
    groups: dict[str, list[str]] = {}
    for node, g in zip(ids, label, strict=True):
        if g >= 0:
            groups.setdefault(f"g{g}", []).append(node)
    wh = st.tuples(st.floats(40, 240), st.floats(24, 110))
    sizes = dict(zip(ids, draw(st.lists(wh, min_size=n, max_size=n)), strict=True))
    direction = draw(st.sampled_from(["LR", "TB"]))
    gaps = draw(st.sampled_from([(100.0, 40.0), (30.0, 10.0), (160.0, 5.0)]))
    return ids, edges, groups, sizes, direction, gaps


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grouped_models())
def test_frames_keep_clear_of_each_other_and_of_other_stages(model) -> None:
    ids, edges, groups, sizes, direction, (layer_gap, node_gap) = model
    doc = document(ids, edges, groups)
    first = layered_layout(doc, direction, sizes, layer_gap=layer_gap, node_gap=node_gap)
    assert frame_problems(first, groups, sizes) == []
    assert_clean(first, [(a, b) for a, b in edges if a != b], sizes)
    # again, keeping the first layout's layers and order (as "update layout" does)
    again = layered_layout(
        doc, direction, sizes, previous=first.positions, layer_gap=layer_gap, node_gap=node_gap
    )
    assert frame_problems(again, groups, sizes) == []


@settings(max_examples=100, deadline=None)
@given(grouped_models(), st.integers(2, 4))
def test_rows_keep_groups_whole_when_a_cut_allows(model, rows: int) -> None:
    ids, edges, groups, sizes, direction, _ = model
    laid = layout_graph(ids, edges, direction, sizes, groups=list(groups.values()))
    along = 1 if direction == "TB" else 0
    layer_at = sorted({round(p[along], 3) for p in laid.positions.values()})
    layer = {n: layer_at.index(round(p[along], 3)) for n, p in laid.positions.items()}
    joined = set()
    for stages in groups.values():
        spanned = [layer[n] for n in stages]
        joined |= set(range(min(spanned), max(spanned)))
    wrapped = wrap_rows(laid, edges, direction, rows, sizes)
    if len(layer_at) > 1 and len(joined) < len(layer_at) - 1:  # some cut splits no group
        assert frame_problems(wrapped, groups, sizes) == []
    assert_clean(wrapped, [(a, b) for a, b in edges if a != b], sizes)


@pytest.mark.parametrize("seed", range(40))
def test_row_breaks_cut_only_between_groups_and_balance_the_rest(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randrange(2, 9)
    lengths = [rng.choice((120.0, 150.0, 190.0, 260.0)) for _ in range(n)]
    gaps = [rng.choice((60.0, 100.0)) for _ in range(n - 1)]
    joined = [rng.random() < 0.5 for _ in range(n - 1)]
    rows = rng.randrange(1, 5)
    starts = row_breaks(lengths, gaps, rows, joined)
    assert starts[0] == 0 and starts == sorted(set(starts)) and len(starts) <= rows
    allowed = [i for i in range(1, n) if not joined[i - 1]]
    if not allowed:  # every cut splits a group: cut as without groups
        assert starts == row_breaks(lengths, gaps, rows)
        return
    assert all(s in allowed for s in starts[1:])
    best = min(
        longest(lengths, gaps, [0, *cut])
        for k in range(min(rows, len(allowed) + 1))
        for cut in itertools.combinations(allowed, k)
    )
    assert longest(lengths, gaps, starts) <= best + 0.5


# -- fixed cases ----------------------------------------------------------------------------
PHASES = {
    "training": ["base-optimizer", "mesa-optimizer", "misalignment"],
    "deployed": ["deployment", "distribution-shift"],
    "outcome": ["unanticipated-behaviour", "catastrophe"],
}


@pytest.fixture
def phased(seed_doc) -> Document:
    for name, stages in PHASES.items():
        seed_doc.insert_group(Group(name, name.title(), stages))
    return seed_doc


@pytest.mark.parametrize("direction", ["LR", "TB"])
def test_the_seed_chain_in_three_phases_stays_one_straight_line(phased, direction) -> None:
    result = layered_layout(phased, direction)
    across = 0 if direction == "TB" else 1
    assert len({p[across] for p in result.positions.values()}) == 1
    assert result.crossings == 0
    assert frame_problems(result, PHASES, {}) == []


def test_two_rows_of_the_phased_seed_cut_between_phases(phased) -> None:
    layout_command(phased, "LR", rows=2).apply(phased)
    row = {n.id: n.position[1] for n in phased.nodes}
    for stages in PHASES.values():
        assert len({row[s] for s in stages}) == 1, stages
    assert row["misalignment"] < row["deployment"]  # without groups: after deployment
    result = layered_layout(phased, "LR", rows=2)
    assert frame_problems(result, PHASES, {}) == []


BRANCHES = ["r", "a1", "a2", "b1", "b2", "x", "j"]
BRANCH_LINKS = [
    ("r", "a1"), ("a1", "a2"), ("a2", "j"), ("r", "b1"), ("b1", "b2"), ("b2", "j"),
    ("a1", "b2"), ("b1", "a2"), ("r", "x"), ("x", "j"),
]  # fmt: skip


@pytest.mark.parametrize("direction", ["LR", "TB"])
def test_two_groups_in_the_same_layers_are_stacked_apart(direction) -> None:
    groups = {"a": ["a1", "a2"], "b": ["b1", "b2"]}
    doc = document(BRANCHES, BRANCH_LINKS, groups)
    result = layered_layout(doc, direction)
    assert frame_problems(result, groups, {}) == []
    across = 0 if direction == "TB" else 1
    fa, fb = frame(result, groups["a"], {}), frame(result, groups["b"], {})
    assert fa[across + 2] < fb[across] or fb[across + 2] < fa[across]  # one after the other
    # the stage beside them in their layer stays out of both frames
    assert not meet(box(result, "x", {}), fa) and not meet(box(result, "x", {}), fb)


@pytest.mark.parametrize("direction", ["LR", "TB"])
def test_a_stage_between_two_stages_of_a_group_goes_round_its_frame(direction) -> None:
    # the group's stages are two layers apart and the stage between them is not in it: the
    # frame still spans the middle layer, and the middle stage sits beside it
    ids = ["a", "b", "c", "d"]
    links = [("a", "b"), ("b", "c"), ("a", "d"), ("d", "c")]
    groups = {"ends": ["a", "c"]}
    result = layered_layout(document(ids, links, groups), direction)
    assert frame_problems(result, groups, {}) == []


def test_a_group_whose_stages_no_link_joins_is_kept_together() -> None:
    ids = ["p1", "p2", "q1", "q2", "r1", "r2"]
    links = [("p1", "p2"), ("q1", "q2"), ("r1", "r2")]
    groups = {"g": ["p1", "r2"]}
    result = layered_layout(document(ids, links, groups), "LR")
    assert frame_problems(result, groups, {}) == []


def test_narrow_gaps_widen_between_layers_only_where_frames_need_it() -> None:
    ids = ["a", "b", "c"]
    links = list(pairwise(ids))
    plain = layered_layout(document(ids, links, {}), "LR", layer_gap=10)
    grouped = layered_layout(document(ids, links, {"g": ["a"], "h": ["b"]}), "LR", layer_gap=10)
    step = grouped.positions["b"][0] - grouped.positions["a"][0]
    assert plain.positions["b"][0] - plain.positions["a"][0] == 150 + 10
    assert step >= 150 + 2 * GROUP_PADDING
    assert frame_problems(grouped, {"g": ["a"], "h": ["b"]}, {}) == []


def test_without_groups_the_layout_is_unchanged() -> None:
    from tests.test_layout import random_graph, random_sizes

    ids, edges = random_graph(40, 70, seed=3, back=2, parts=2)
    sizes = random_sizes(ids, 3)
    plain = layout_graph(ids, edges, "LR", sizes)
    doc = document(ids, edges, {})
    assert layered_layout(doc, "LR", sizes).positions == plain.positions
    # groups change the layout (the test above would hold for a layout that ignored them)
    grouped = layout_graph(ids, edges, "LR", sizes, groups=[ids[::3]])
    assert grouped.positions != plain.positions


def test_pinned_stages_stay_where_they_are_in_a_group() -> None:
    groups = {"a": ["a1", "a2"], "b": ["b1", "b2"]}
    doc = document(BRANCHES, BRANCH_LINKS, groups)
    first = layered_layout(doc, "LR")
    pinned = {"a2": (first.positions["a2"][0], first.positions["a2"][1] + 300.0)}
    result = layered_layout(doc, "LR", pinned=set(pinned), previous={**first.positions, **pinned})
    assert result.positions["a2"] == pinned["a2"]


def test_layout_command_keeps_the_groups_of_the_document(phased) -> None:
    layout_command(phased, "TB").apply(phased)
    result = LayoutResult({n.id: n.position for n in phased.nodes})
    assert frame_problems(result, PHASES, {}) == []


@pytest.mark.parametrize("direction", ["LR", "TB"])
def test_a_theme_with_larger_frames_passes_its_room(direction) -> None:
    groups = {"a": ["a1", "a2"], "b": ["b1", "b2"]}
    doc = document(BRANCHES, BRANCH_LINKS, groups)
    room = FrameRoom(padding=40.0, label=60.0)
    result = layered_layout(doc, direction, room=room)
    assert frame_problems(result, groups, {}, 40.0, 60.0) == []
    assert frame_problems(layered_layout(doc, direction), groups, {}, 40.0, 60.0) != []


def test_frame_rect_is_the_padded_union_with_the_label_on_top() -> None:
    result = LayoutResult({"p": (0.0, 0.0), "q": (300.0, 100.0)})
    expected = frame(result, ["p", "q"], {})
    assert frame_rect([box(result, "p", {}), box(result, "q", {})]) == expected
    assert frame_rect([]) is None


def test_stages_placed_among_groups_leave_the_placed_ones_alone(phased) -> None:
    before = {n.id: n.position for n in phased.nodes}
    phased.insert_node(Node("late", "Late stage"))
    phased.insert_edge(Edge("misalignment", "late"))
    command = place_missing(phased)
    assert command is not None and set(command.positions) == {"late"}
    command.apply(phased)
    assert all(phased.node(n).position == p for n, p in before.items())
