"""Drawing a document's parts on a Surface: stages, links, marks, callouts.

This is the one place that decides what the diagram looks like; the canvas items, the
PNG/PDF export (QPainter) and the SVG export all call it.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF

from mesadiagram.model import Annotation, Document, Edge, Node
from mesadiagram.render.callouts import CalloutGeometry
from mesadiagram.render.drawn_text import svg_id
from mesadiagram.render.fonts import centred_baseline, left_baseline, make_font
from mesadiagram.render.geometry import EdgeGeometry, NodeGeometry
from mesadiagram.render.surface import Fill, Stroke, Surface
from mesadiagram.render.theme import Theme, TypeStyle

CORNER = 8.0


def label_font(theme: Theme):
    return make_font(theme.font_family, theme.font_size, bold=True)


def small_font(theme: Theme):
    return make_font(theme.font_family, theme.font_size * 0.78)


def is_outcome(doc: Document, node: Node) -> bool:
    return node.outcome or (not doc.outgoing(node.id) and bool(doc.incoming(node.id)))


def type_color(doc: Document, theme: Theme, type_name: str) -> str:
    return theme.type_color(type_name, doc.annotation_type(type_name).color)


def draw_mark(
    s: Surface, icon: str, rect: QRectF, color: str, style: TypeStyle, background: str
) -> None:
    """The mark of an annotation type: its shape, filled solid, hollow or half (a ring
    with a dot), outlined in its line style, so types differ without colour."""
    stroke = Stroke(color, 1.1, style.line if style.fill != "solid" else "solid")
    fill = Fill(color) if style.fill == "solid" else Fill(background)
    _shape(s, icon, rect, fill, stroke)
    if style.fill == "half":
        inner = rect.adjusted(
            rect.width() * 0.3, rect.height() * 0.3, -rect.width() * 0.3, -rect.height() * 0.3
        )
        _shape(s, icon, inner, Fill(color), None)


def _shape(s: Surface, icon: str, r: QRectF, fill: Fill | None, stroke: Stroke | None) -> None:
    c = r.center()
    if icon in ("caveat", "diamond"):
        s.polygon(
            [
                QPointF(c.x(), r.top()),
                QPointF(r.right(), c.y()),
                QPointF(c.x(), r.bottom()),
                QPointF(r.left(), c.y()),
            ],
            fill,
            stroke,
        )
    elif icon in ("shield", "square"):
        s.rect(r, 0, fill, stroke)
    elif icon == "note":
        s.rect(r.adjusted(r.width() * 0.12, 0, -r.width() * 0.12, 0), 0, fill, stroke)
    elif icon == "gear":
        s.polygon(
            [
                QPointF(c.x(), r.top()),
                QPointF(r.right(), r.bottom()),
                QPointF(r.left(), r.bottom()),
            ],
            fill,
            stroke,
        )
    elif icon == "star":
        s.polygon(
            [
                QPointF(c.x(), r.top()),
                QPointF(r.right(), r.bottom()),
                QPointF(r.left(), c.y() - r.height() * 0.1),
                QPointF(r.right(), c.y() - r.height() * 0.1),
                QPointF(r.left(), r.bottom()),
            ],
            fill,
            stroke,
        )
    else:  # chip, dot and unknown icons
        s.ellipse(r, fill, stroke)


def draw_node(
    s: Surface, doc: Document, node: Node, geo: NodeGeometry, theme: Theme, selected: bool = False
) -> None:
    """A stage: rounded box, wrapped label, kind chips, counts of other annotations."""
    outcome = is_outcome(doc, node)
    border = (
        theme.selection if selected else (theme.outcome_border if outcome else theme.node_border)
    )
    s.rect(
        geo.rect,
        CORNER,
        Fill(theme.outcome_fill if outcome else theme.node_fill),
        Stroke(border, 2.2 if selected else (1.6 if outcome else 1.3)),
    )
    if node.pinned:  # a small pin at the top-right corner: auto-layout leaves this stage
        head = QRectF(geo.rect.right() - 13, geo.rect.top() + 4, 7, 7)
        s.line(
            QPointF(head.center().x(), head.bottom()),
            QPointF(head.center().x() - 2, head.bottom() + 5),
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
    if geo.chips:
        kind = type_color(doc, theme, "kind")
        style = theme.type_style("kind")
        for chip in geo.chips:
            fill = Fill(kind, 0.14) if style.fill != "hollow" else Fill(theme.node_fill)
            s.rect(chip.rect, chip.rect.height() / 2, fill, Stroke(kind, 0.9, style.line))
            s.text(centred_baseline(small, chip.rect), chip.text, small, theme.node_text, "middle")
    for type_name, count, rect in geo.counts:
        icon = doc.annotation_type(type_name).icon
        mark = QRectF(rect.left(), rect.center().y() - 4.5, 9, 9)
        draw_mark(
            s,
            icon,
            mark,
            type_color(doc, theme, type_name),
            theme.type_style(type_name),
            theme.outcome_fill if outcome else theme.node_fill,
        )
        s.text(
            left_baseline(
                small, QRectF(rect.left() + 12, rect.top(), rect.width() - 12, rect.height())
            ),
            str(count),
            small,
            theme.node_subtext,
            "start",
        )


def edge_label_text(edge: Edge) -> str:
    text = edge.label
    if edge.probability is not None:
        text = f"{text}  p = {edge.probability:g}".strip()
    return text


def edge_label_rect(theme: Theme, edge: Edge, geo: EdgeGeometry) -> QRectF | None:
    """Where a link's label (and probability) sits: just above its middle."""
    from mesadiagram.render.fonts import font_metrics, text_width

    text = edge_label_text(edge)
    if not text:
        return None
    small = small_font(theme)
    width = text_width(small, text) + 8
    height = font_metrics(small).height() + 2
    return QRectF(geo.middle.x() - width / 2, geo.middle.y() - 13 - height, width, height)


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
    and the intervention marker with the number of interventions at its middle."""
    if selected:
        stroke = Stroke(theme.selection, 2.2)
    elif warning:
        stroke = Stroke(theme.warning, 2.0, "dashed")
    else:
        stroke = Stroke(theme.edge, 1.4)
    halo = Stroke(theme.background, 5.0)
    if geo.straight and geo.start is not None:  # lines draw far cheaper than paths
        s.line(geo.start, geo.arrow[0], halo)
        s.line(geo.start, geo.arrow[0], stroke)
    else:
        s.path(geo.path, halo)
        s.path(geo.path, stroke)
    s.polygon(geo.arrow, Fill(stroke.color), Stroke(stroke.color, 1.0))
    small = small_font(theme)
    label_rect = edge_label_rect(theme, edge, geo)
    if label_rect is not None:
        s.rect(label_rect, 3, Fill(theme.background, 0.9), None)
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
        r = QRectF(geo.middle.x() - 9, geo.middle.y() - 9, 18, 18)
        s.ellipse(r, Fill(color), Stroke(theme.background, 1.5))
        s.text(centred_baseline(small, r), str(count), small, _on(color), "middle")


def _on(color: str) -> str:
    """Black or white, whichever reads better on ``color``."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#FFFFFF"


def annotation_title(ann: Annotation) -> str:
    if ann.label and ann.text:
        return f"{ann.label}: {ann.text}"
    return ann.label or ann.text or ann.type


def draw_callout(
    s: Surface, doc: Document, geo: CalloutGeometry, theme: Theme, owner_id: str
) -> None:
    """The detailed view of an element's annotations: a box of grouped lines, joined to
    its element by a dashed leader; each annotation is its own group."""
    with s.group(f"callout-{owner_id}", "callout", None):
        s.line(geo.anchor, _leader_end(geo), Stroke(theme.node_border, 0.8, "dashed", 0.7))
        s.rect(geo.rect, 5, Fill(theme.background), Stroke(theme.node_border, 0.8, opacity=0.7))
        small = small_font(theme)
        bold = make_font(theme.font_family, theme.font_size * 0.78, bold=True)
        y = geo.rect.top() + geo.pad
        index = -1
        open_group = None
        for line in geo.lines:
            rect = QRectF(
                geo.rect.left() + geo.pad + line.indent,
                y,
                geo.rect.width() - 2 * geo.pad - line.indent,
                geo.line_height,
            )
            color = type_color(doc, theme, line.type_name)
            if line.heading:
                if open_group is not None:
                    open_group.__exit__(None, None, None)
                    open_group = None
                s.text(left_baseline(bold, rect), line.text, bold, color, "start")
            else:
                if line.first:
                    if open_group is not None:
                        open_group.__exit__(None, None, None)
                    index += 1
                    ann = line.annotation
                    group = svg_id("annotation", ann.id) if ann and ann.id else None
                    open_group = s.group(
                        group or f"annotation-{owner_id}-{index}",
                        f"annotation {line.type_name}",
                        annotation_title(ann) if ann else line.type_name,
                    )
                    open_group.__enter__()
                    mark = QRectF(rect.left() - 11, rect.center().y() - 3.5, 7, 7)
                    draw_mark(
                        s,
                        doc.annotation_type(line.type_name).icon,
                        mark,
                        color,
                        theme.type_style(line.type_name),
                        theme.background,
                    )
                s.text(left_baseline(small, rect), line.text, small, theme.node_text, "start")
            y += geo.line_height
        if open_group is not None:
            open_group.__exit__(None, None, None)


def _leader_end(geo: CalloutGeometry) -> QPointF:
    """The point of the callout box nearest its anchor, on the box's border."""
    r, a = geo.rect, geo.anchor
    x = min(max(a.x(), r.left()), r.right())
    y = min(max(a.y(), r.top()), r.bottom())
    return QPointF(x, y)
