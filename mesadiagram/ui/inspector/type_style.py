"""How annotation types look in widgets: the canvas mark as an icon, a readable colour."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from mesadiagram.model import AnnotationType
from mesadiagram.render.marks import draw_type_mark


def type_icon(atype: AnnotationType, size: int = 12, ratio: float = 2.0) -> QIcon:
    """The type's mark (the one the canvas and legend draw), crisp on high-DPI screens."""
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    draw_type_mark(painter, atype.icon, QRectF(1.5, 1.5, size - 3, size - 3), QColor(atype.color))
    painter.end()
    return QIcon(pixmap)


def _luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable(color: str | QColor, background: QColor, minimum: float = 3.0) -> QColor:
    """``color`` lightened or darkened until it reads on ``background`` (dark palettes)."""
    result = QColor(color)
    dark_background = _luminance(background) < 0.5
    for _ in range(12):
        if contrast(result, background) >= minimum:
            break
        result = result.lighter(118) if dark_background else result.darker(118)
    return result
