"""The legend goes where it adds the least area: in a free corner of the figure, else
beside it on its short side, never adding a blank band (issue: in left-to-right layouts
it sat below and raised the compact seed from 137 to 342 pt, mostly blank)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF, QSizeF

from mesadiagram.analysis.placement import layout_command
from mesadiagram.formats import load
from mesadiagram.render.figure import build_figure
from mesadiagram.render.legend import legend_spot
from mesadiagram.render.sizes import node_sizes
from mesadiagram.render.theme import DEFAULT_THEME
from tests.conftest import EXAMPLE


def _seed(direction: str):
    doc = load(EXAMPLE)
    if direction == "TB":
        layout_command(doc, "TB", node_sizes(doc)).apply(doc)
    return doc


def _area(rect: QRectF) -> float:
    return rect.width() * rect.height()


@pytest.mark.parametrize("detailed", [False, True], ids=["compact", "detailed"])
@pytest.mark.parametrize("direction", ["LR", "TB"])
def test_the_legend_adds_no_blank_band(direction: str, detailed: bool) -> None:
    doc = _seed(direction)
    bare = build_figure(doc, DEFAULT_THEME, detailed, legend=False)
    fig = build_figure(doc, DEFAULT_THEME, detailed, legend=True)
    assert fig.legend is not None
    added = _area(fig.bounds) - _area(bare.bounds)
    blank = added - _area(fig.legend.rect)
    assert blank <= 0.10 * _area(fig.bounds), (direction, fig.bounds, bare.bounds)
    # Beside the drawing, on its short side, overlapping nothing drawn.
    content = bare.bounds.adjusted(24, 24, -24, -24)
    wide = content.width() >= content.height()
    legend = fig.legend.rect
    if not content.contains(legend):
        if wide:
            assert legend.left() >= content.right() or legend.right() <= content.left()
        else:
            assert legend.top() >= content.bottom() or legend.bottom() <= content.top()
    for geo in fig.nodes.values():
        assert not legend.intersects(geo.rect)
    for tag in fig.tags.values():
        assert not legend.intersects(tag.rect)
    for callout in fig.callouts.values():
        assert not legend.intersects(callout.rect)


def test_the_seed_compact_figure_stays_low() -> None:
    """Left to right, the legend beside the chain: the figure is as tall as its
    drawing or the legend, whichever is taller, not the two stacked."""
    doc = _seed("LR")
    fig = build_figure(doc, DEFAULT_THEME)
    bare = build_figure(doc, DEFAULT_THEME, legend=False)
    assert fig.legend is not None
    tallest = max(bare.bounds.height(), fig.legend.rect.height() + 48)
    assert fig.bounds.height() <= tallest + 1


def test_a_free_corner_adds_nothing() -> None:
    content = QRectF(0, 0, 1000, 400)
    drawn = QRectF(0, 0, 600, 400)  # the right part of the figure is empty
    spot = legend_spot(QSizeF(200, 150), content, lambda r: not r.intersects(drawn), 24)
    legend = QRectF(spot, QSizeF(200, 150))
    assert content.contains(legend) and not legend.intersects(drawn)
    # Nothing free: beside the short side of a wide figure, below a tall one.
    spot = legend_spot(QSizeF(200, 150), content, lambda r: False, 24)
    assert spot == QPointF(1024, 0)
    tall = QRectF(0, 0, 300, 1200)
    spot = legend_spot(QSizeF(200, 150), tall, lambda r: False, 24)
    assert spot.y() >= 1200 or spot.x() >= 300  # whichever adds less: here below
    assert _area(tall.united(QRectF(spot, QSizeF(200, 150)))) <= 300 * (1200 + 174)


def test_a_nearly_free_corner_costs_a_sliver_not_a_band() -> None:
    """The corner beside a figure's last stage is free but for a few units at its edge:
    the legend slides out of the drawing just that far, instead of a band of its own
    below or beside (the seed at --size page stood 516 pt tall, now 408)."""
    content = QRectF(0, 0, 1000, 600)
    drawn = [QRectF(0, 0, 1000, 300), QRectF(0, 300, 640, 300)]  # free: x 640..1000

    def free(rect: QRectF) -> bool:
        return not any(rect.intersects(d) for d in drawn)

    spot = legend_spot(QSizeF(380, 200), content, free, 24)  # 20 wider than the room
    legend = QRectF(spot, QSizeF(380, 200))
    assert free(legend)
    whole = content.united(legend)
    assert whole.height() == 600  # no band below
    assert whole.width() <= 1000 + (380 + 24) / 8 + 1  # one step out, not 380 + 24


def test_the_seed_at_page_size_gets_no_legend_band() -> None:
    from mesadiagram.render.fit import fit_figure
    from mesadiagram.render.target_size import parse_size

    doc = load(EXAMPLE)
    with_legend = fit_figure(doc, DEFAULT_THEME, parse_size("page"))
    without = fit_figure(doc, DEFAULT_THEME, parse_size("page"), legend=False)
    height = with_legend.fig.bounds.height() * with_legend.fig.points_per_unit
    bare = without.fig.bounds.height() * without.fig.points_per_unit
    assert height <= bare + 24  # (points) the legend found room beside the drawing
