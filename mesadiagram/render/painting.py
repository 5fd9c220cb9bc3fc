"""Drawing stages, links and whole documents with a QPainter (screen, SVG, PDF, PNG)."""

from __future__ import annotations

import functools

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPolygonF

from mesadiagram.model import Document, Edge, Node
from mesadiagram.render.geometry import (
    PAD_Y,
    EdgeGeometry,
    NodeGeometry,
    edge_bend,
    edge_geometry,
    fonts,
    node_geometry,
)
from mesadiagram.render.marks import draw_type_mark
from mesadiagram.render.theme import Theme

CORNER = 8.0
_SOLID = Qt.PenStyle.SolidLine


# The canvas paints hundreds of stages and links per frame: colours and pens are made
# once per value, not once per paint. Painters copy what they are given, so sharing is safe
# as long as nobody changes a cached object (copy with QColor(c) before changing one).
@functools.lru_cache(maxsize=256)
def color(name: str) -> QColor:
    return QColor(name)


@functools.lru_cache(maxsize=256)
def pen(name: str, width: float, style: Qt.PenStyle = _SOLID) -> QPen:
    return QPen(color(name), width, style)


@functools.lru_cache(maxsize=256)
def _tint(name: str) -> QColor:
    tint = QColor(name)
    tint.setAlphaF(0.14)
    return tint


def draw_node(
    painter: QPainter,
    doc: Document,
    node: Node,
    geo: NodeGeometry,
    theme: Theme,
    selected: bool = False,
) -> None:
    outcome = node.outcome or (not doc.outgoing(node.id) and bool(doc.incoming(node.id)))
    fill = theme.outcome_fill if outcome else theme.node_fill
    border = (
        theme.selection if selected else (theme.outcome_border if outcome else theme.node_border)
    )
    painter.setPen(pen(border, 2.2 if selected else 1.3))
    painter.setBrush(QBrush(color(fill)))
    painter.drawRoundedRect(geo.rect, CORNER, CORNER)
    label_font, small_font = fonts(theme)
    painter.setFont(label_font)
    painter.setPen(color(theme.node_text))
    top = geo.rect.top() + PAD_Y
    for line in geo.label_lines:
        painter.drawText(
            QRectF(geo.rect.left(), top, geo.rect.width(), geo.line_height),
            Qt.AlignmentFlag.AlignCenter,
            line,
        )
        top += geo.line_height
    painter.setFont(small_font)
    if geo.chips:
        kind = theme.type_color("kind", doc.annotation_type("kind").color)
    for chip in geo.chips:
        painter.setPen(pen(kind, 0.8))
        painter.setBrush(_tint(kind))
        painter.drawRoundedRect(chip.rect, chip.rect.height() / 2, chip.rect.height() / 2)
        painter.setPen(color(theme.node_text))
        painter.drawText(chip.rect, Qt.AlignmentFlag.AlignCenter, chip.text)
    for type_name, count, rect in geo.counts:
        ann_type = doc.annotation_type(type_name)
        mark = color(theme.type_color(type_name, ann_type.color))
        icon = QRectF(rect.left(), rect.center().y() - 4.5, 9, 9)
        draw_type_mark(painter, ann_type.icon, icon, mark)
        painter.setPen(color(theme.node_subtext))
        painter.drawText(
            QRectF(rect.left() + 12, rect.top(), rect.width() - 12, rect.height()),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            str(count),
        )


def draw_edge(
    painter: QPainter,
    doc: Document,
    edge: Edge,
    geo: EdgeGeometry,
    theme: Theme,
    selected: bool = False,
    warning: bool = False,
) -> None:
    """A link: its path, arrow head, label, and the intervention marker at its middle.

    ``warning`` draws an undefended link dashed in the warning colour (analysis overlay).
    """
    if selected:
        name, width, style = theme.selection, 2.2, _SOLID
    elif warning:
        name, width, style = theme.warning, 2.0, Qt.PenStyle.DashLine
    else:
        name, width, style = theme.edge, 1.4, _SOLID
    painter.setPen(pen(name, width, style))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(geo.path)
    painter.setPen(pen(name, width))
    painter.setBrush(color(name))
    painter.drawPolygon(QPolygonF(geo.arrow))
    _, small = fonts(theme)
    painter.setFont(small)
    if edge.label or edge.probability is not None:
        text = edge.label
        if edge.probability is not None:
            text = f"{text}  p={edge.probability:g}".strip()
        metrics = painter.fontMetrics()
        width_px = metrics.horizontalAdvance(text) + 8
        box = QRectF(
            geo.middle.x() - width_px / 2, geo.middle.y() - 26, width_px, metrics.height() + 2
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color(theme.background))
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(color(theme.edge_text))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    interventions = [a for a in edge.annotations if a.type == "intervention"]
    if interventions:
        ann_type = doc.annotation_type("intervention")
        r = QRectF(geo.middle.x() - 9, geo.middle.y() - 9, 18, 18)
        painter.setPen(pen(theme.background, 1.5))
        painter.setBrush(color(theme.type_color("intervention", ann_type.color)))
        painter.drawEllipse(r)
        painter.setPen(color("#FFFFFF"))
        painter.drawText(r, Qt.AlignmentFlag.AlignCenter, str(len(interventions)))


def document_bounds(doc: Document, theme: Theme, margin: float = 24.0) -> QRectF:
    rect = QRectF()
    for node in doc.nodes:
        rect = rect.united(node_geometry(node, theme).rect)
    return rect.adjusted(-margin, -margin, margin, margin)


def draw_document(painter: QPainter, doc: Document, theme: Theme) -> None:
    """Links first, then stages over them."""
    geos = {node.id: node_geometry(node, theme) for node in doc.nodes}
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    for edge in doc.edges:
        eg = edge_geometry(geos[edge.source].rect, geos[edge.target].rect, edge_bend(doc, edge))
        draw_edge(painter, doc, edge, eg, theme)
    for node in doc.nodes:
        draw_node(painter, doc, node, geos[node.id], theme)
