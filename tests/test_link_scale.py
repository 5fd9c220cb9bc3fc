"""Links grow with the text of a figure at a size (review of the seed at slide size):
the arrow head keeps its share of the small text (a slide's was 0.44 of it against a
page's 0.82, a 6 pt head beside 14 pt text), links and borders thicken alike, and the
interventions badge never covers a head. Measured on the figures ``fit_figure`` makes."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainterPath, QPolygonF

from mesadiagram.render.fit import fit_figure
from mesadiagram.render.surface import Fill
from mesadiagram.render.target_size import PRESETS
from mesadiagram.render.theme import DEFAULT_THEME


def _head_length(arrow) -> float:
    """From the tip to the farther barb, in scene units."""
    tip = arrow[0]
    return max(math.hypot(p.x() - tip.x(), p.y() - tip.y()) for p in arrow[1:])


def _head_to_text(fig) -> float:
    small_px = fig.theme.font_size * 0.78  # the small text (counts, tags, link labels)
    lengths = {round(_head_length(geo.arrow), 6) for geo in fig.edges.values()}
    assert len(lengths) == 1  # (every head alike)
    return lengths.pop() / small_px


@pytest.fixture(scope="module")
def fitted(seed_doc_module):
    return {
        name: fit_figure(seed_doc_module, DEFAULT_THEME, PRESETS[name])
        for name in ("page", "slide")
    }


@pytest.fixture(scope="module")
def seed_doc_module():
    from mesadiagram.formats import load
    from tests.conftest import EXAMPLE

    return load(EXAMPLE)


def test_a_slide_head_keeps_its_share_of_the_text(fitted) -> None:
    page, slide = _head_to_text(fitted["page"].fig), _head_to_text(fitted["slide"].fig)
    assert slide == pytest.approx(page, rel=0.2), (page, slide)
    assert fitted["slide"].fig.theme.unit > 1.2  # (a slide's text is larger than 14 px)


def test_no_badge_covers_an_arrow_head_on_a_slide(fitted, seed_doc_module) -> None:
    fig = fitted["slide"].fig
    badged = 0
    for edge in seed_doc_module.edges:
        if not any(a.type == "intervention" for a in edge.annotations):
            continue
        geo = fig.edges[edge.id]
        half = geo.badge / 2
        badge = QRectF(geo.middle.x() - half, geo.middle.y() - half, geo.badge, geo.badge)
        head = QPainterPath()
        head.addPolygon(QPolygonF(geo.arrow))
        head.closeSubpath()
        assert not head.intersects(badge), edge.id
        badged += 1
    assert badged >= 5


class _Widths:
    """A Surface that keeps the width of every stroke of each kind of element."""

    def __init__(self) -> None:
        self.widths: dict[str, list[float]] = {}
        self.kind = ""

    def group(self, element_id, css_class, title):
        from contextlib import contextmanager

        @contextmanager
        def inside():
            before, self.kind = self.kind, css_class or self.kind
            try:
                yield
            finally:
                self.kind = before

        return inside()

    def _keep(self, stroke) -> None:
        if stroke is not None:
            self.widths.setdefault(self.kind, []).append(stroke.width)

    def rect(self, rect, radius, fill: Fill | None, stroke=None) -> None:
        self._keep(stroke)

    def ellipse(self, rect, fill, stroke=None) -> None:
        self._keep(stroke)

    def polygon(self, points, fill, stroke=None) -> None:
        self._keep(stroke)

    def path(self, path, stroke) -> None:
        self._keep(stroke)

    def line(self, a, b, stroke) -> None:
        self._keep(stroke)

    def polyline(self, points, stroke) -> None:
        self._keep(stroke)

    def text(self, *args) -> None: ...

    def text_lines(self, *args) -> None: ...


def test_links_and_borders_thicken_with_the_text(fitted) -> None:
    from mesadiagram.render.figure import draw_figure

    ratios = {}
    for name, found in fitted.items():
        widths = _Widths()
        draw_figure(widths, found.fig)  # type: ignore[arg-type]
        small_px = found.fig.theme.font_size * 0.78
        # (the thinnest stroke of a link is its line or head; of a stage its border)
        ratios[name] = (min(widths.widths["edge"]), min(widths.widths["node"]))
        ratios[name] = tuple(w / small_px for w in ratios[name])
    for page, slide in zip(ratios["page"], ratios["slide"], strict=True):
        assert slide == pytest.approx(page, rel=0.2), ratios
