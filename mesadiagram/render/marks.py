"""The small mark of an annotation type, for widgets (palette, inspector icons).

It is ``mark_shapes.draw_mark`` on a QPainter, so icons in the docks match the canvas and
figures.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter

from mesadiagram.render.mark_shapes import draw_mark
from mesadiagram.render.surface import PainterSurface
from mesadiagram.render.theme import TypeStyle


def draw_type_mark(
    painter: QPainter,
    icon: str,
    rect: QRectF,
    color: QColor,
    style: TypeStyle | None = None,
    background: str = "#FFFFFF",
) -> None:
    painter.save()
    draw_mark(PainterSurface(painter), icon, rect, color.name(), style or TypeStyle(), background)
    painter.restore()
