"""Placement that hides nothing (issue 11), checked by ``render/figure_check.py`` on
built figures and on the canvas: callouts, compact tags and link labels overlap no
stage, link, label, badge, tag, callout, leader or the legend; leaders cross no text
(a tag's leader no link either); a callout or tag sits within reach of its target; a
label sits on its own link, the labels of two links joining the same stages each on its
own side.

The seed left to right and top to bottom breaks no rule at all, at its natural size and
framed at each size. A branching model and random layered models
(``benchmarks/generate.py``, laid out as the editor lays them out) break none either;
where a crowded figure has no room for a callout off the links, the links under it are
drawn over it ("crossed", never hidden), and where a tag has no spot within reach with a
leader clear of links, its leader crosses them ("leader over link"): both are counted
apart.
"""

from __future__ import annotations

from itertools import pairwise

import pytest
from PySide6.QtCore import QLineF

from mesadiagram.render.callouts import CalloutGeometry
from mesadiagram.render.figure import Figure, build_figure
from mesadiagram.render.figure_check import check_figure
from mesadiagram.render.fit import fit_figure
from mesadiagram.render.geometry import NodeGeometry
from mesadiagram.render.plane import polyline, rect_of, segment_point_distance
from mesadiagram.render.target_size import PRESETS
from mesadiagram.render.theme import DEFAULT_THEME
from tests.placement_support import (
    branching,
    clear_spot,
    laid_out,
    layered_document,
    random_model,
    seed,
)
from tests.ui_helpers import make_window

CROWDED = ("crossed", "leader over link")  # reported apart: a crowded figure's way out


def _problems(fig, allow_crossed: bool = False) -> list[str]:
    return [str(v) for v in check_figure(fig) if not (allow_crossed and v.rule in CROWDED)]


def _annotated_links(doc) -> set[str]:
    return {e.id for e in doc.edges if e.annotations}


@pytest.mark.parametrize("direction", ["LR", "TB"])
@pytest.mark.parametrize("detailed", [False, True])
def test_the_seed_breaks_no_rule(direction: str, detailed: bool) -> None:
    doc = seed(direction)
    fig = build_figure(doc, DEFAULT_THEME, detailed=detailed)
    assert _problems(fig) == []
    assert fig.spread == 1.0  # (room enough as the author placed it)
    assert set(fig.tags) == (set() if detailed else _annotated_links(doc))  # (all checked)
    if detailed:
        annotated = {n.id for n in doc.nodes if n.annotations} | {
            e.id for e in doc.edges if e.annotations
        }
        assert set(fig.callouts) == annotated
        assert not fig.over_callouts


def test_top_to_bottom_callouts_sit_beside_their_targets() -> None:
    """In the top-to-bottom seed no callout is stacked under Catastrophe (four were):
    each sits beside its own stage, or about level with its link's badge."""
    doc = seed("TB")
    fig = build_figure(doc, DEFAULT_THEME, detailed=True)
    for owner, callout in fig.callouts.items():
        box = rect_of(callout.rect)
        if owner in fig.nodes:
            target = fig.nodes[owner].rect
            assert box[1] < target.bottom() and box[3] > target.top(), owner  # beside it
        else:
            y = fig.edges[owner].middle.y()
            assert box[1] - 60 < y < box[3] + 60, owner
        assert box[1] < fig.nodes["catastrophe"].rect.bottom()


@pytest.mark.parametrize("size", ["column", "page", "slide"])
def test_the_seed_framed_at_each_size_breaks_no_rule(size: str) -> None:
    """The figure the fitter picks (a layout of its own, larger text): its tags too (at
    the slide size a leader crossed the Mesa optimizer to Misalignment link)."""
    doc = seed("LR")
    fitted = fit_figure(doc, DEFAULT_THEME, PRESETS[size], force=True)
    assert set(fitted.fig.tags) == _annotated_links(doc)
    assert _problems(fitted.fig) == []


@pytest.mark.parametrize("direction", ["LR", "TB"])
@pytest.mark.parametrize("detailed", [False, True])
def test_a_branching_model_breaks_no_rule(direction: str, detailed: bool) -> None:
    doc = laid_out(branching(), direction)
    fig = build_figure(doc, DEFAULT_THEME, detailed=detailed)
    assert _problems(fig, allow_crossed=True) == []
    assert set(fig.tags) == (set() if detailed else _annotated_links(doc))
    for key in fig.over_callouts:  # (a link under a callout is drawn again over it)
        assert key in fig.edges


@pytest.mark.parametrize("direction", ["LR", "TB"])
def test_labels_of_opposite_links_sit_on_their_own_side(direction: str) -> None:
    """"evades" (Misalignment to Oversight) and "feeds back  p = 0.8" (back again): each
    label is nearer its own curve than the other one, and they lie on either side of the
    line between the two stages."""
    doc = laid_out(branching(), direction)
    fig = build_figure(doc, DEFAULT_THEME)
    ends = QLineF(fig.nodes["mis"].rect.center(), fig.nodes["watch"].rect.center())
    sides = []
    for own, other in (("mis->watch", "watch->mis"), ("watch->mis", "mis->watch")):
        c = fig.edges[own].label.center()
        point = (c.x(), c.y())
        assert _distance(fig, own, point) < _distance(fig, other, point)
        d = ends.p2() - ends.p1()
        sides.append(d.x() * (c.y() - ends.y1()) - d.y() * (c.x() - ends.x1()))
    assert sides[0] * sides[1] < 0


def _distance(fig, link: str, point) -> float:
    line = polyline(fig.edges[link].path)
    return min(segment_point_distance(p, q, point) for p, q in pairwise(line))


@pytest.mark.parametrize("stages", [8, 15, 25])
@pytest.mark.parametrize("seed_", [1, 2, 3])
@pytest.mark.parametrize("direction", ["LR", "TB"])
def test_random_models_break_no_rule(stages: int, seed_: int, direction: str) -> None:
    doc = random_model(stages, seed_, direction)
    for detailed in (False, True):
        fig = build_figure(doc, DEFAULT_THEME, detailed=detailed)
        assert _problems(fig, allow_crossed=True) == [], (detailed, fig.spread)
        if not detailed:  # every tag checked; a leader over links only where it must
            assert set(fig.tags) == _annotated_links(doc)
            for v in check_figure(fig):
                if v.rule == "leader over link":
                    link = v.what.removeprefix("tag ")
                    assert clear_spot(fig, link) is None, (v, fig.tags[link].rect)


def test_a_detailed_figure_of_1000_stages_stays_a_sane_page() -> None:
    """The generated 1,000-stage model (a callout for about every stage): every callout
    within reach of its target, nothing hidden, and the page the shape of the compact
    figure, a few times its size (it was 95 x 856 in, callouts in a strip 21 m long)."""
    doc = layered_document(1000)
    compact = build_figure(doc, DEFAULT_THEME)
    fig = build_figure(doc, DEFAULT_THEME, detailed=True)
    assert len(fig.callouts) > 900
    assert _problems(fig, allow_crossed=True) == []
    w = fig.bounds.width() / compact.bounds.width()
    h = fig.bounds.height() / compact.bounds.height()
    assert 1 <= w <= 3.5 and 1 <= h <= 3.5, (w, h)
    assert 0.8 <= w / h <= 1.25  # the same shape
    # most callouts off the links; the links under the others are drawn over them
    crossed = {v.other for v in check_figure(fig) if v.rule == "crossed"}
    assert len(crossed) < len(fig.callouts) / 2


def _canvas_figure(window) -> Figure:
    """What the canvas shows, as a Figure: boxes, links (with their labels), callouts."""
    scene = window.scene
    fig = Figure(window.doc, scene.theme)
    for item in scene.node_items():
        fig.nodes[item.node_id] = NodeGeometry(item.box(), [], 0.0)
        if item.callout is not None:  # (drawn in the stage's own coordinates)
            c = item.callout
            fig.callouts[item.node_id] = CalloutGeometry(
                c.rect.translated(item.pos()), c.lines, c.line_height, c.anchor + item.pos()
            )
    for item in scene.edge_items():
        fig.edges[item.link_id] = item.geo
        if item.callout is not None:
            fig.callouts[item.link_id] = item.callout
    return fig


@pytest.mark.parametrize("direction", ["LR", "TB"])
def test_the_canvas_detailed_view_breaks_no_rule(qtbot, direction: str) -> None:
    doc = seed(direction)
    for edge in doc.edges:  # (labels on every link, as "p = 0.5")
        doc.update_edge(edge.id, probability=0.5)
    window = make_window(qtbot, doc)
    window.actions_by_name["detailed"].trigger()  # View > Detailed Annotations
    scene = window.scene
    qtbot.waitUntil(lambda: not scene.routes.pending)
    qtbot.waitUntil(lambda: all(i.callout is not None for i in scene.edge_items()))
    fig = _canvas_figure(window)
    assert len(fig.callouts) == 12
    assert _problems(fig) == []
