"""Link types and stage classes as icons, drawn by ``render`` as the canvas draws them.

A link type's icon is a short link in its line and head, a stage class's the outline of
its shape in its colours, both in the theme shown: the palette, the inspector's combos
and the context menus use them, so an entry looks like what it applies.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap

from mesadiagram.model import Document, Node
from mesadiagram.render.link_heads import draw_head, line_stroke, link_look
from mesadiagram.render.stage_shapes import stage_colors, stage_outline, stage_shape
from mesadiagram.render.surface import Fill, PainterSurface, Stroke
from mesadiagram.render.theme import Theme

WIDTH, HEIGHT = 30, 14  # the icon's size in device-independent pixels


def _canvas(ratio: float) -> tuple[QPixmap, QPainter]:
    pixmap = QPixmap(round(WIDTH * ratio), round(HEIGHT * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pixmap, painter


def link_type_icon(doc: Document, theme: Theme, name: str, ratio: float = 2.0) -> QIcon:
    """A short link of type ``name``: its colour, line and head in ``theme``."""
    look = link_look(doc, theme, name)
    pixmap, painter = _canvas(ratio)
    surface = PainterSurface(painter)
    y, tip = HEIGHT / 2, WIDTH - 2.0
    head = 7.0  # the head's length; its barbs half as far out
    surface.line(QPointF(2, y), QPointF(tip - head * 0.6, y), line_stroke(look, 1.6, 1.0))
    arrow = [QPointF(tip, y), QPointF(tip - head, y - head / 2), QPointF(tip - head, y + head / 2)]
    draw_head(surface, look.head, arrow, look.color, theme.background, 1.0)
    painter.end()
    return QIcon(pixmap)


def stage_class_icon(doc: Document, theme: Theme, name: str, ratio: float = 2.0) -> QIcon:
    """The outline of class ``name``'s shape, in its fill and border in ``theme``."""
    sample = Node("icon", "", stage_class=name)
    shape = stage_shape(doc, sample)
    fill, border = stage_colors(doc, sample, theme, False)
    pixmap, painter = _canvas(ratio)
    surface = PainterSurface(painter)
    rect = QRectF(3, 1.5, WIDTH - 6, HEIGHT - 3)
    surface.path(stage_outline(shape, rect, 3.0), Stroke(border, 1.2), Fill(fill))
    painter.end()
    return QIcon(pixmap)
