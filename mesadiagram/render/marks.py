"""The small marks that stand for annotation types (legend, counts, callouts).

Shapes differ by type, not only colours, so the print and colour-blind themes stay legible.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF


def draw_type_mark(painter: QPainter, icon: str, rect: QRectF, color: QColor) -> None:
    """The small mark of an annotation type (legend, counts, chips)."""
    painter.save()
    painter.setPen(QPen(color.darker(130), 0.8))
    painter.setBrush(color)
    c = rect.center()
    if icon in ("caveat", "diamond"):
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(c.x(), rect.top()),
                    QPointF(rect.right(), c.y()),
                    QPointF(c.x(), rect.bottom()),
                    QPointF(rect.left(), c.y()),
                ]
            )
        )
    elif icon in ("shield", "square"):
        painter.drawRect(rect)
    elif icon == "note":
        painter.drawRect(rect.adjusted(1, 0, -1, 0))
    elif icon == "gear":
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(c.x(), rect.top()),
                    QPointF(rect.right(), rect.bottom()),
                    QPointF(rect.left(), rect.bottom()),
                ]
            )
        )
    else:
        painter.drawEllipse(rect)
    painter.restore()
