"""Drawing the visual vocabulary (issue 13): stage shapes, link heads and lines, theme
styles, groups' frames, text boxes and the legend's rows for them."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from mesadiagram.formats import loads
from mesadiagram.formats.theme_file import read_theme_file
from mesadiagram.model import Group, Node, TextBox
from mesadiagram.model.vocabulary import BUILTIN_LINK_TYPES, HEADS, SHAPES
from mesadiagram.render.contrast import contrast
from mesadiagram.render.export import ExportOptions, export_bytes
from mesadiagram.render.figure import build_figure, draw_figure
from mesadiagram.render.figure_check import check_figure
from mesadiagram.render.geometry import advance, arrow_head, node_geometry
from mesadiagram.render.group_frames import frame_colors, group_frame_rect
from mesadiagram.render.legend import legend_entries
from mesadiagram.render.link_heads import draw_head, head_points, link_look
from mesadiagram.render.stage_shapes import outer_size, stage_outline, text_rect
from mesadiagram.render.surface import PainterSurface
from mesadiagram.render.text_boxes import text_box_rect
from mesadiagram.render.theme import DEFAULT_THEME, available_themes
from mesadiagram.resource_files import resource_root

MODEL = """\
mesadiagram: 2
title: Vocabulary
link_types:
  - name: "yes"
    label: "Yes"
    color: "#009E73"
  - name: defer
    label: Defer
    line: dotted
    head: circle
    carries_risk: false
stage_classes:
  - name: claim
    label: Claim
    shape: note
    color: "#56B4E9"
nodes:
  - id: q
    label: Is inner alignment solved by default?
    class: question
    position: [0, 0]
  - id: lab
    label: The lab
    class: actor
    position: [320, 0]
  - id: claim
    label: A claim
    class: claim
    position: [640, 0]
  - id: end
    label: Catastrophe
    outcome: true
    position: [960, 0]
edges:
  - from: q
    to: lab
    type: "yes"
    label: "Yes"
    text: The reasoning behind the answer, written on the arrow.
  - from: lab
    to: claim
    type: defer
  - from: claim
    to: end
groups:
  - id: phase
    label: Training phase
    stages: [q, lab]
boxes:
  - id: key
    text: |-
      # How to read this diagram
      Hexagons are questions; arrows are answers.
    position: [0, -200]
    width: 300
"""


@pytest.fixture(name="doc")
def _doc():
    return loads(MODEL)


# -- shapes ---------------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(
    shape=st.sampled_from(SHAPES),
    width=st.floats(20, 600),
    height=st.floats(20, 300),
)
def test_the_content_fits_inside_every_shape(shape: str, width: float, height: float) -> None:
    """A box grown for its shape holds the content in ``text_rect``, and that rectangle
    lies inside the outline: its corners (a hair in) are in the path."""
    outer_w, outer_h = outer_size(shape, width, height)
    rect = QRectF(-outer_w / 2, -outer_h / 2, outer_w, outer_h)
    inner = text_rect(shape, rect)
    assert inner.width() >= width - 1e-6 and inner.height() >= height - 1e-6
    outline = stage_outline(shape, rect)
    # (a rounded box is its own content box: its padding, wider than the corners' cut
    # of 8 * (1 - 1/sqrt 2) = 2.4 px, keeps text off them)
    cut = 2.4 if shape == "rounded" else 0.01
    hair = inner.adjusted(cut, cut, -cut, -cut)
    for corner in (hair.topLeft(), hair.topRight(), hair.bottomLeft(), hair.bottomRight()):
        assert outline.contains(corner), (shape, corner)


@pytest.mark.parametrize("shape", SHAPES)
def test_a_wrapped_label_is_drawn_inside_its_shape(shape: str) -> None:
    """The label lines of a stage of each shape, as placed, lie inside the outline."""
    node = Node("s", "Will learned models contain mesa-optimizers by default?", position=(0, 0))
    geo = node_geometry(node, DEFAULT_THEME, shape=shape)
    outline = stage_outline(shape, geo.rect)
    theme = DEFAULT_THEME
    for i, line in enumerate(geo.label_lines):
        w = advance(theme.font_family, theme.font_size, False, line)
        top = geo.label_top + i * geo.line_height
        left = geo.rect.center().x() - w / 2
        for p in (QPointF(left, top), QPointF(left + w, top + geo.line_height)):
            assert outline.contains(p), (shape, line)
    if shape not in ("rounded", "rectangle"):  # cutting corners makes the box larger
        plain = node_geometry(node, DEFAULT_THEME, shape="rounded").rect
        assert geo.rect.width() * geo.rect.height() > plain.width() * plain.height()


# -- heads and lines ------------------------------------------------------------------
def _head_pixels(head: str) -> QImage:
    image = QImage(60, 60, QImage.Format.Format_ARGB32)
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    arrow = arrow_head(QPointF(50, 30), 0.0, 30.0)
    draw_head(PainterSurface(painter), head, arrow, "#000000", "#FFFFFF", 2.0)
    painter.end()
    return image


def _ink(image: QImage) -> set[tuple[int, int]]:
    return {
        (x, y)
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).lightness() < 128
    }


def test_every_head_draws_differently() -> None:
    """Each head leaves its own set of pixels (none is another's), and only ``none``
    draws nothing."""
    inks = {head: _ink(_head_pixels(head)) for head in HEADS}
    assert inks["none"] == set()
    for a, b in itertools.combinations(HEADS, 2):
        differ = len(inks[a] ^ inks[b])
        assert differ > 40, (a, b, differ)
    assert len(inks["arrow"]) > len(inks["open"])  # filled against hollow
    bar = head_points("bar", arrow_head(QPointF(0, 0), 0.0, 10.0))
    assert abs(bar[0].x() - bar[1].x()) < 1e-9  # across a level link: upright


def test_theme_files_tell_builtin_link_types_apart_without_colour() -> None:
    """Read from the theme files themselves: in every theme, each pair of built-in link
    types differs in its line or its head (a type's own, where the theme gives none)."""
    folder = resource_root() / "themes"
    files = sorted(folder.glob("*.yaml"))
    assert len(files) >= 4
    for path in files:
        styles = read_theme_file(path).get("link_types", {})
        looks = {}
        for name, own in BUILTIN_LINK_TYPES.items():
            style = styles.get(name, {})
            looks[name] = (style.get("line", own.line), style.get("head", own.head))
        for a, b in itertools.combinations(looks, 2):
            assert looks[a] != looks[b], f"{path.name}: {a} and {b} look alike: {looks[a]}"


def test_a_link_is_drawn_with_its_types_line_head_and_colour(doc) -> None:
    svg = export_bytes(doc, "svg", ExportOptions(theme=DEFAULT_THEME)).decode()
    yes = link_look(doc, DEFAULT_THEME, "yes")
    assert yes.color == "#009E73" and (yes.line, yes.head) == ("solid", "arrow")
    defer = link_look(doc, DEFAULT_THEME, "defer")
    assert (defer.line, defer.head) == ("dotted", "circle")
    assert "stroke:#009E73" in svg  # the type's colour, in every output
    assert "stroke-dasharray" in svg  # the dotted defer line
    print_theme = available_themes()["print"]
    assert link_look(doc, print_theme, "yes").color == print_theme.edge  # monochrome


# -- groups ---------------------------------------------------------------------------
def test_a_frame_holds_its_stages_with_room_for_its_label(doc) -> None:
    fig = build_figure(doc, DEFAULT_THEME)
    frame = fig.parts.frames["phase"]
    label = fig.parts.labels["phase"]
    for stage in ("q", "lab"):
        assert frame.contains(fig.nodes[stage].rect)
        assert label.bottom() <= fig.nodes[stage].rect.top()
    assert not frame.intersects(fig.nodes["end"].rect)
    assert fig.bounds.contains(frame)
    assert frame.contains(label)
    rects = {k: g.rect for k, g in fig.nodes.items()}
    moved = dict(rects, lab=rects["lab"].translated(0, 400))  # the frame follows
    after = group_frame_rect(doc.group("phase"), moved, DEFAULT_THEME)
    assert after.contains(moved["lab"]) and after.height() > frame.height()


def test_frame_labels_read_in_every_theme() -> None:
    for theme in available_themes().values():
        for color in (None, "#F0E442", "#0072B2", "#D55E00"):
            colors = frame_colors(Group("g", "G", ["a"], color), theme)
            assert contrast(colors.text, colors.fill) >= 4.5, (theme.name, color)


def test_a_frame_over_another_groups_stage_is_reported(doc) -> None:
    doc.update_node("end", position=(160, 40))  # between the group's two stages
    fig = build_figure(doc, DEFAULT_THEME)
    rules = {(v.rule, v.what) for v in check_figure(fig)}
    assert ("frame", "frame phase") in rules
    assert fig.part_trouble > 0


# -- text boxes -----------------------------------------------------------------------
def test_text_boxes_are_in_bounds_and_exported_as_text(doc) -> None:
    fig = build_figure(doc, DEFAULT_THEME)
    box = fig.parts.boxes["key"]
    assert box.topLeft() == QPointF(0, -200) and box.width() == 300
    assert fig.bounds.contains(box)
    assert check_figure(fig) == []
    svg = export_bytes(doc, "svg", ExportOptions(theme=DEFAULT_THEME)).decode()
    assert re.search(r'<g id="box-key" class="box">\s*<title>How to read this diagram</title>', svg)
    assert ">How to read this diagram</" in svg
    assert "Hexagons are questions; arrows are answers." in svg
    assert re.search(r'<g id="group-phase" class="group">\s*<title>Training phase</title>', svg)
    # frames behind everything: the group comes before the first link in the file
    assert svg.index('id="group-phase"') < svg.index('class="edge"')


def test_a_box_without_width_is_as_wide_as_its_text() -> None:
    short = text_box_rect(TextBox("a", "Key", (10, 20)), DEFAULT_THEME)
    long = text_box_rect(TextBox("b", "A much longer line of text", (10, 20)), DEFAULT_THEME)
    assert short.topLeft() == QPointF(10, 20)
    assert long.width() > short.width()
    wrapped = text_box_rect(TextBox("c", "word " * 60, (0, 0), width=200), DEFAULT_THEME)
    assert wrapped.width() == 200 and wrapped.height() > 5 * long.height()


def test_callouts_keep_off_boxes_and_link_text_is_shown_detailed(doc) -> None:
    doc.update_box("key", position=(40, -160))  # above the first link, near its middle
    fig = build_figure(doc, DEFAULT_THEME, detailed=True)
    callout = fig.callouts["q->lab"]  # the link's text, as a callout
    assert any("reasoning" in line.text for line in callout.lines)
    assert not callout.rect.intersects(fig.parts.boxes["key"])
    assert check_figure(fig) == []


# -- legend ---------------------------------------------------------------------------
def test_the_legend_lists_the_link_types_and_classes_in_use(doc) -> None:
    entries = [(e.kind, e.type_name, e.text) for e in legend_entries(doc)]
    assert ("link", "yes", "Yes") in entries
    assert ("link", "defer", "Defer (no risk)") in entries
    assert ("link", "causes", "Causes") in entries
    assert ("link", "enables", "Enables") not in entries  # not used
    assert ("class", "question", "Question") in entries
    assert ("class", "claim", "Claim") in entries
    assert not any(kind == "group" for kind, _, _ in entries)


def test_a_plain_model_gets_no_vocabulary_rows(seed_doc) -> None:
    assert all(e.kind in ("type", "marker") for e in legend_entries(seed_doc))


def test_stage_shapes_render_where_the_outline_is(doc) -> None:
    """A hexagon's corner region stays background: the box is not drawn as a rectangle."""
    fig = build_figure(doc, DEFAULT_THEME, legend=False)
    rect = fig.nodes["q"].rect
    image = QImage(1400, 600, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    offset = QPointF(100, 300)
    painter.translate(offset)
    draw_figure(PainterSurface(painter), fig)
    painter.end()
    corner = rect.topLeft() + offset + QPointF(3, 3)  # outside the hexagon: the frame
    middle = QPointF(rect.left() + 4, rect.center().y()) + offset  # inside, by its point
    inside = image.pixelColor(int(middle.x()), int(middle.y()))
    assert inside == QColor(DEFAULT_THEME.node_fill)
    assert image.pixelColor(int(corner.x()), int(corner.y())) != inside
