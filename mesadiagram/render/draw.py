"""Drawing a document's parts on a Surface: stages, links, marks, callouts.

This is the one place that decides what the diagram looks like; the canvas items, the
PNG/PDF export (QPainter) and the SVG export all call it.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import replace
from itertools import groupby

from PySide6.QtCore import QPointF, QRectF

from mesadiagram.analysis.outcomes import is_outcome
from mesadiagram.model import Annotation, Document, Edge, Node
from mesadiagram.render.callouts import REASONING, CalloutGeometry, leader_end
from mesadiagram.render.drawn_text import svg_id
from mesadiagram.render.fonts import centred_baseline, left_baseline, make_font
from mesadiagram.render.geometry import EdgeGeometry, NodeGeometry
from mesadiagram.render.link_heads import LinkLook, draw_head, line_stroke, link_look
from mesadiagram.render.link_labels import has_badge, label_size, label_text, place_label
from mesadiagram.render.mark_shapes import badge_rect, draw_badge, draw_count, draw_mark
from mesadiagram.render.stage_shapes import (
    note_fold,
    stage_colors,
    stage_outline,
    stage_shape,
    text_rect,
)
from mesadiagram.render.surface import Fill, Stroke, Surface
from mesadiagram.render.theme import Theme

CORNER = 8.0
LINK_WIDTH = 1.4  # at 14 px, times the theme's ``unit``


def label_font(theme: Theme):
    return make_font(theme.font_family, theme.font_size * theme.label_scale, bold=True)


def small_font(theme: Theme):
    return make_font(theme.font_family, theme.font_size * 0.78)


def type_color(doc: Document, theme: Theme, type_name: str) -> str:
    return theme.type_color(type_name, doc.annotation_type(type_name).color)


def type_text_color(doc: Document, theme: Theme, type_name: str) -> str:
    """Text in a type's colour (a callout heading): readable on the background."""
    return theme.type_text(type_name, doc.annotation_type(type_name).color)


def draw_node(
    s: Surface,
    doc: Document,
    node: Node,
    geo: NodeGeometry,
    theme: Theme,
    selected: bool = False,
    marked: bool | None = None,
) -> None:
    """A stage: rounded box, wrapped label, kind chips, counts of other annotations.
    Outcomes in the theme's outcome colours, every other stage (a dead end that is not an
    outcome too) in the neutral ones. ``marked``: whether the document marks outcomes,
    when the caller knows (see ``analysis.outcomes``; drawing many stages, ask once)."""
    outcome = is_outcome(doc, node, marked)
    shape = stage_shape(doc, node)
    box_fill, border = stage_colors(doc, node, theme, outcome)
    if selected:
        border = theme.selection
    k = theme.unit  # (the border and the pin, like the box, grow with the text)
    stroke = Stroke(border, (2.2 if selected else (1.6 if outcome else 1.3)) * k)
    if shape == "rounded":
        s.rect(geo.rect, CORNER, Fill(box_fill), stroke)
    elif shape == "ellipse":
        s.ellipse(geo.rect, Fill(box_fill), stroke)
    else:
        s.path(stage_outline(shape, geo.rect), stroke, Fill(box_fill))
        if shape == "note":
            s.polyline(note_fold(geo.rect), Stroke(border, stroke.width * 0.7))
    if node.pinned:  # a small pin at the top-right corner: auto-layout leaves this stage
        inner = text_rect(shape, geo.rect)  # (inside the outline, whatever its shape)
        head = QRectF(inner.right() - 13 * k, inner.top() + 4 * k, 7 * k, 7 * k)
        s.line(
            QPointF(head.center().x(), head.bottom()),
            QPointF(head.center().x() - 2 * k, head.bottom() + 5 * k),
            Stroke(theme.node_subtext, 1.2),
        )
        s.ellipse(head, Fill(theme.node_subtext), None)
    font = label_font(theme)
    top = geo.label_top
    baselines = []
    for i in range(len(geo.label_lines)):
        line_rect = QRectF(
            geo.rect.left(), top + i * geo.line_height, geo.rect.width(), geo.line_height
        )
        baselines.append(centred_baseline(font, line_rect))
    s.text_lines(baselines, geo.label_lines, font, theme.node_text, "middle")
    small = small_font(theme)
    if geo.text_lines:  # the stage's text, under its label
        h = geo.text_line_height
        rows = [
            QRectF(geo.rect.left(), geo.text_top + i * h, geo.rect.width(), h)
            for i in range(len(geo.text_lines))
        ]
        baselines = [centred_baseline(small, row) for row in rows]
        s.text_lines(baselines, geo.text_lines, small, theme.node_subtext, "middle")
    if geo.chips:
        kind = type_color(doc, theme, "kind")
        style = theme.type_style("kind")
        for chip in geo.chips:
            fill = Fill(kind, 0.14) if style.fill != "hollow" else Fill(theme.node_fill)
            s.rect(chip.rect, chip.rect.height() / 2, fill, Stroke(kind, 0.9 * k, style.line))
            s.text(centred_baseline(small, chip.rect), chip.text, small, theme.node_text, "middle")
    under = (small, theme.node_subtext, box_fill)
    for type_name, count, rect in geo.counts:
        draw_count(
            s,
            type_name,
            doc.annotation_type(type_name).icon,
            type_color(doc, theme, type_name),
            theme.type_style(type_name),
            count,
            rect,
            under,
            k,
        )


def edge_label_text(edge: Edge) -> str:
    return label_text(edge)


def edge_label_rect(theme: Theme, edge: Edge, geo: EdgeGeometry) -> QRectF | None:
    """Where a link's label (and probability) sits: on the link, as placed with the
    figure or the canvas (``geo.label``), else beside its middle (``link_labels.py``)."""
    size = label_size(theme, edge)
    if size is None:
        return None
    if geo.label is None:
        geo.label = place_label(geo, size, has_badge(edge))
    return geo.label


def draw_edge(
    s: Surface,
    doc: Document,
    edge: Edge,
    geo: EdgeGeometry,
    theme: Theme,
    selected: bool = False,
    warning: bool = False,
) -> None:
    """A link: a halo (so crossings stay readable), the line, its arrow head, its label,
    and the intervention marker with the number of interventions at its middle. Lines
    are as wide as the theme's ``unit`` makes them (a slide's text is larger: so are its
    lines and heads, ``geometry.ARROW_SIZE``)."""
    k = theme.unit
    look = link_look(doc, theme, edge.type)
    if selected:
        stroke = replace(line_stroke(look, 2.2 * k, k), color=theme.selection)
    elif warning:
        stroke = Stroke(theme.warning, 2.0 * k, "dashed")
    else:
        stroke = line_stroke(look, LINK_WIDTH * k, k)
    halo = Stroke(theme.background, 5.0 * k)
    if geo.straight and geo.start is not None:  # lines draw far cheaper than paths
        s.line(geo.start, geo.arrow[0], halo)
        s.line(geo.start, geo.arrow[0], stroke)
    elif geo.corners:  # routed around stages: a polyline, also cheaper than a path
        s.polyline(geo.corners, halo)
        s.polyline(geo.corners, stroke)
    else:
        s.path(geo.path, halo)
        s.path(geo.path, stroke)
    draw_head(s, look.head, geo.arrow, stroke.color, theme.background, k)
    small = small_font(theme)
    label_rect = edge_label_rect(theme, edge, geo)
    if label_rect is not None:
        s.rect(label_rect, 3, Fill(theme.background), None)  # (over its own link)
        s.text(
            centred_baseline(small, label_rect),
            edge_label_text(edge),
            small,
            theme.edge_text,
            "middle",
        )
    count = sum(1 for a in edge.annotations if a.type == "intervention")
    if count:
        color = type_color(doc, theme, "intervention")
        rect = badge_rect(geo.middle, geo.badge)  # (as large as placed: ``fit_badge``)
        draw_badge(s, rect, str(count), color, theme.background, small)


def draw_link_line(
    s: Surface, geo: EdgeGeometry, theme: Theme, look: LinkLook | None = None
) -> None:
    """A link's line and head alone (in its type's ``look``), drawn again over the
    callouts it passes under (only in a figure too crowded to keep every callout off
    the links)."""
    look = look or LinkLook(theme.edge)
    stroke = line_stroke(look, LINK_WIDTH * theme.unit, theme.unit)
    if geo.corners:
        s.polyline(geo.corners, stroke)
    elif geo.straight and geo.start is not None:
        s.line(geo.start, geo.arrow[0], stroke)
    else:
        s.path(geo.path, stroke)
    draw_head(s, look.head, geo.arrow, stroke.color, theme.background, theme.unit)


def annotation_title(ann: Annotation) -> str:
    if ann.label and ann.text:
        return f"{ann.label}: {ann.text}"
    return ann.label or ann.text or ann.type


def draw_callout(
    s: Surface, doc: Document, geo: CalloutGeometry, theme: Theme, owner_id: str
) -> None:
    """The detailed view of an element's annotations: a box of grouped lines, joined to
    its element by a dashed leader; each annotation is its own group. Each item (a
    heading, an entry's text, a method) is one text of several lines, each line placed
    by its own x: SVG gets one ``<text>`` per item with a ``<tspan>`` per line, so hanging
    indents never depend on leading spaces (which SVG renderers drop)."""
    with s.group(f"callout-{owner_id}", "callout", None), ExitStack() as annotation:
        end = leader_end(geo.rect, geo.anchor)
        s.line(geo.anchor, end, Stroke(theme.node_border, 0.8, "dashed", 0.7))
        s.rect(geo.rect, 5, Fill(theme.background), Stroke(theme.node_border, 0.8, opacity=0.7))
        small = small_font(theme)
        bold = make_font(theme.font_family, theme.font_size * 0.78, bold=True)
        rows = []  # (line, its row's rect)
        for i, line in enumerate(geo.lines):
            left = geo.rect.left() + geo.pad + line.indent
            top = geo.rect.top() + geo.pad + i * geo.line_height
            width = geo.rect.width() - 2 * geo.pad - line.indent
            rows.append((line, QRectF(left, top, width, geo.line_height)))
        index = -1
        for _, item_rows in groupby(rows, key=lambda row: row[0].item):
            item = list(item_rows)
            first, rect = item[0]
            font = bold if first.heading else small
            if first.type_name == REASONING:  # a link's text: plain, before any type
                annotation.close()
                s.text_lines(
                    [left_baseline(font, r) for _, r in item],
                    [line.text for line, _ in item],
                    font,
                    theme.node_text,
                    "start",
                )
                continue
            color = type_color(doc, theme, first.type_name)
            if first.heading:
                annotation.close()
            elif first.first:
                annotation.close()
                index += 1
                ann = first.annotation
                group = svg_id("annotation", ann.id) if ann and ann.id else None
                annotation.enter_context(
                    s.group(
                        group or f"annotation-{owner_id}-{index}",
                        f"annotation {first.type_name}",
                        annotation_title(ann) if ann else first.type_name,
                    )
                )
                k = theme.unit
                mark = QRectF(rect.left() - 11 * k, rect.center().y() - 3.5 * k, 7 * k, 7 * k)
                draw_mark(
                    s,
                    doc.annotation_type(first.type_name).icon,
                    mark,
                    color,
                    theme.type_style(first.type_name),
                    theme.background,
                )
            s.text_lines(
                [left_baseline(font, r) for _, r in item],
                [line.text for line, _ in item],
                font,
                type_text_color(doc, theme, first.type_name) if first.heading else theme.node_text,
                "start",
            )
