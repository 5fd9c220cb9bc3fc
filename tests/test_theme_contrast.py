"""Every text a figure draws reads on what lies under it, in every theme (4.5:1, WCAG AA),
computed from the theme files by drawing; the print theme gives every type its own mark;
and dashed and dotted marks stay legible where text is 6 pt."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont, QPainterPath, QPolygonF

from mesadiagram.render.contrast import GRAPHIC_CONTRAST, MIN_CONTRAST, blend, contrast
from mesadiagram.render.export import ExportOptions, figure_for, svg_text
from mesadiagram.render.figure import draw_figure
from mesadiagram.render.fonts import font_metrics, text_width
from mesadiagram.render.legend import draw_legend, legend_geometry
from mesadiagram.render.mark_shapes import mark_stroke
from mesadiagram.render.surface import Fill, Stroke
from mesadiagram.render.theme import Theme, available_themes
from mesadiagram.resource_files import resource_root
from tests.argument_support import (
    group,
    groups_of_class,
    rich_doc,
    shape_signature,
    shapes,
    svg_styles,
)

THEME_FILES = sorted(p.stem for p in (resource_root() / "themes").glob("*.yaml"))


@dataclass
class Drawn:
    text: str
    color: str
    background: str
    ratio: float


class ContrastRecorder:
    """A Surface that keeps every filled shape, in painting order, and for each text the
    colour under it: the fills that cover the text's box, blended in order over the
    figure's background. The worst of a few points across the text counts."""

    def __init__(self, background: str) -> None:
        self.background = background
        self.fills: list[tuple[QPainterPath, Fill]] = []
        self.texts: list[Drawn] = []

    @contextmanager
    def group(self, element_id, css_class, title):
        yield

    def _fill(self, path: QPainterPath, fill: Fill | None) -> None:
        if fill is not None:
            self.fills.append((path, fill))

    def rect(self, rect: QRectF, radius: float, fill: Fill | None, stroke: Stroke | None) -> None:
        path = QPainterPath()
        path.addRoundedRect(rect, radius, radius)
        self._fill(path, fill)

    def ellipse(self, rect: QRectF, fill: Fill | None, stroke: Stroke | None) -> None:
        path = QPainterPath()
        path.addEllipse(rect)
        self._fill(path, fill)

    def polygon(self, points: list[QPointF], fill: Fill | None, stroke: Stroke | None) -> None:
        path = QPainterPath()
        path.addPolygon(QPolygonF(points))
        self._fill(path, fill)

    def path(self, path: QPainterPath, stroke: Stroke, fill: Fill | None = None) -> None:
        self._fill(path, fill)

    def line(self, a: QPointF, b: QPointF, stroke: Stroke) -> None:
        pass

    def polyline(self, points: list[QPointF], stroke: Stroke) -> None:
        pass

    def text(self, baseline: QPointF, text: str, font: QFont, color: str, anchor: str) -> None:
        width = text_width(font, text)
        left = baseline.x() - {"start": 0, "middle": width / 2, "end": width}[anchor]
        m = font_metrics(font)
        middle = baseline.y() - (m.ascent() - m.descent()) / 2
        worst = None
        for share in (0.1, 0.5, 0.9):
            under = self._under(QPointF(left + width * share, middle))
            ratio = contrast(color, under)
            if worst is None or ratio < worst.ratio:
                worst = Drawn(text, color, under, ratio)
        assert worst is not None
        self.texts.append(worst)

    def text_lines(self, baselines, lines, font, color, anchor) -> None:
        for baseline, line in zip(baselines, lines, strict=True):
            self.text(baseline, line, font, color, anchor)

    def _under(self, point: QPointF) -> str:
        colour = self.background
        for path, fill in self.fills:
            if path.contains(point):
                colour = blend(fill.color, fill.opacity, colour)
        return colour


def _drawn(theme: Theme, detailed: bool) -> list[Drawn]:
    doc = rich_doc()
    fig = figure_for(doc, ExportOptions(theme=theme, detailed=detailed))
    recorder = ContrastRecorder(theme.background)
    draw_figure(recorder, fig)  # type: ignore[arg-type]
    return recorder.texts


@pytest.mark.parametrize("detailed", [False, True], ids=["compact", "detailed"])
@pytest.mark.parametrize("name", THEME_FILES)
def test_every_text_reads_on_its_background(name: str, detailed: bool) -> None:
    theme = available_themes()[name]
    texts = _drawn(theme, detailed)
    poor = [t for t in texts if t.ratio < MIN_CONTRAST]
    assert not poor, "\n".join(
        f"{t.text!r}: {t.color} on {t.background} is {t.ratio:.2f}:1" for t in poor
    )
    # Every role was drawn and checked: labels on stages and on the outcome, subtext on
    # both, link labels, the tags, counts, chips, badge digits, the legend...
    seen = {t.text for t in texts}
    roles = ["Catastrophe", "Deployment", "Proxy", "Legend", "Caveats", "leads to  p = 0.8"]
    roles += ["Interventions on a link (count)"]
    roles += ["Evidence"] if detailed else ["prevent catastrophe", "n"]
    assert not [r for r in roles if r not in seen], sorted(seen)
    for words in ("loss of value", "mesa objective"):  # stage texts (wrapped)
        assert any(words in text for text in seen), words
    on = {t.background for t in texts}
    assert {theme.node_fill, theme.outcome_fill, theme.background} <= on


@pytest.mark.parametrize("name", THEME_FILES)
def test_the_canvas_legend_reads_too(name: str) -> None:
    theme = available_themes()[name]
    doc = rich_doc()
    geo = legend_geometry(doc, theme, QPointF(0, 0))
    assert geo is not None
    recorder = ContrastRecorder(theme.background)
    draw_legend(recorder, doc, geo, theme)  # type: ignore[arg-type]
    assert min(t.ratio for t in recorder.texts) >= MIN_CONTRAST


def test_a_pale_type_colour_gets_a_readable_heading_of_its_own_hue() -> None:
    theme = available_themes()["default"]
    pale = "#F0E442"
    assert contrast(pale, theme.background) < 2  # (yellow on white)
    heading = theme.type_text("evidence", pale)
    assert contrast(heading, theme.background) >= MIN_CONTRAST
    r, g, b = (int(heading[i : i + 2], 16) for i in (1, 3, 5))
    assert r >= g > b  # still a yellow-brown, not black
    # A theme's own text colour wins when it reads.
    assert theme.type_text("caveat", "#E69F00") == theme.types["caveat"].text


def test_no_two_marks_alike_in_the_print_theme() -> None:
    doc = rich_doc()
    svg = svg_text(doc, ExportOptions(theme=available_themes()["print"]))
    styles = svg_styles(svg)
    legend = group(svg, "legend")
    rows = groups_of_class(legend, "legend-row")
    marks = {row.get("class"): shape_signature(shapes(row)[0], styles) for row in rows}
    assert len(rows) == 7  # kinds, mechanisms, caveats, interventions, notes, evidence, badge
    assert len(set(marks.values())) == len(marks), marks
    kind = marks["legend-row type kind"]
    badge = marks["legend-row marker intervention"]
    assert kind[0] == "rect" and badge[0] == "rect" and kind != badge  # a chip, a square


@pytest.mark.parametrize("line", ["dashed", "dotted", "dashdot"])
@pytest.mark.parametrize("size", [7.0, 9.0, 10.0])  # callout, count and legend marks
def test_dashed_and_dotted_marks_stay_legible_where_text_is_6_pt(line: str, size: float) -> None:
    small_px = 14 * 0.78  # the small text of the default font size
    pt_per_unit = 6.0 / small_px  # the figure scaled until that text is 6 pt
    stroke = mark_stroke("#000000", size, line)
    assert stroke.pattern, "a pattern sized to the mark"
    # The outline is a line a printer draws (at least 0.5 pt), each dash and gap at least
    # 0.4 pt, and each side of the mark shows at least one whole dash and gap.
    assert stroke.width * pt_per_unit >= 0.5
    assert min(stroke.pattern) * pt_per_unit >= 0.4
    assert sum(stroke.pattern[:2]) <= size * 0.6
    solid = mark_stroke("#000000", size, "solid")
    assert solid.width == stroke.width and not solid.pattern


def test_a_theme_file_may_give_a_types_text_colour() -> None:
    from mesadiagram.formats import FormatError
    from mesadiagram.formats.theme_file import read_theme_text
    from mesadiagram.render.theme import theme_from_data

    text = 'name: t\ntypes:\n  caveat: {color: "#E69F00", text: "#6B4A00"}\n'
    theme = theme_from_data(read_theme_text(text, "t.yaml"))
    assert theme.types["caveat"].text == "#6B4A00"
    assert theme.type_text("caveat", "#000000") == "#6B4A00"
    with pytest.raises(FormatError, match=r"types\.caveat\.text: expected a colour"):
        read_theme_text("name: t\ntypes:\n  caveat: {text: dark}\n", "t.yaml")


class MarkRecorder:
    """A Surface that keeps the outline colour of each shape a mark draws (its fill's
    colour when it has no outline): what meets the fill under the mark."""

    def __init__(self) -> None:
        self.edges: list[str] = []

    @contextmanager
    def group(self, element_id, css_class, title):
        yield

    def _keep(self, fill: Fill | None, stroke: Stroke | None) -> None:
        if stroke is not None:
            self.edges.append(stroke.color)
        elif fill is not None:
            self.edges.append(fill.color)

    def rect(self, rect, radius, fill=None, stroke=None) -> None:
        self._keep(fill, stroke)

    def ellipse(self, rect, fill=None, stroke=None) -> None:
        self._keep(fill, stroke)

    def polygon(self, points, fill=None, stroke=None) -> None:
        self._keep(fill, stroke)


@pytest.mark.parametrize("name", THEME_FILES)
def test_every_mark_reads_on_every_fill_it_sits_on(name: str) -> None:
    """WCAG 1.4.11, 3:1 for graphics: each type's mark against a stage's fill (counts),
    an outcome's (the caveat's orange on its pink was 1.98:1), and the background under
    callouts, tags and the legend. (The half mark's core lies inside its outline.)"""
    from mesadiagram.render.draw import type_color
    from mesadiagram.render.mark_shapes import draw_mark

    theme = available_themes()[name]
    doc = rich_doc()
    poor = []
    for type_name in sorted(
        {a.type for e in [*doc.nodes, *doc.edges] for a in e.annotations} | set(theme.types)
    ):
        icon = doc.annotation_type(type_name).icon
        color = type_color(doc, theme, type_name)
        for under in {theme.node_fill, theme.outcome_fill, theme.background}:
            recorder = MarkRecorder()
            rect = QRectF(0, 0, 9, 9)
            draw_mark(recorder, icon, rect, color, theme.type_style(type_name), under)  # type: ignore[arg-type]
            outline = recorder.edges[0]
            if contrast(outline, under) < GRAPHIC_CONTRAST:
                poor.append(f"{type_name}: {outline} on {under} {contrast(outline, under):.2f}")
    assert not poor, poor


SIDES = {  # the shortest side of each icon's outline, as a share of the mark's inset box
    "caveat": 2**0.5 / 2,  # a diamond
    "gear": 1.0,  # a triangle's base
    "note": 0.76,  # a narrowed rect
    "shield": 1.0,
    "dot": 3.14159 / 4,  # a quarter of a circle
}


@pytest.mark.parametrize("name", ["print", "colourblind"])
@pytest.mark.parametrize("size", [7.0, 9.0, 10.0])  # callout, count and legend marks
def test_broken_outlines_are_mostly_ink_and_hold_two_dashes_a_side(name: str, size: float) -> None:
    """A dashed or dotted mark reads as one shape at 6 pt: at least 60% of its outline
    is ink (dots as far apart as they are long printed as specks), and its shortest
    side holds two dashes and the gap between (a triangle was three loose dashes)."""
    theme = available_themes()[name]
    doc = rich_doc()
    checked = 0
    for type_name, style in theme.types.items():
        if style.line == "solid" or style.fill == "solid":
            continue
        icon = doc.annotation_type(type_name).icon
        stroke = mark_stroke("#000000", size, style.line)
        ink = sum(stroke.pattern[0::2]) / sum(stroke.pattern)
        assert ink >= 0.6, (type_name, ink)
        side = (size - stroke.width) * SIDES.get(icon, 1.0)
        assert sum((stroke.pattern * 2)[:3]) <= side + 1e-9, (type_name, stroke.pattern, side)
        checked += 1
    assert checked >= 3  # mechanisms, caveats, notes
