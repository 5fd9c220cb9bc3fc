"""How annotation types look in widgets: the canvas mark as an icon, a readable colour.

The one ``type_icon`` for the palette, the inspector and the context menus: it takes the
theme, so the icons have the colours the canvas gives the types in the theme shown.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from mesadiagram.model import AnnotationType
from mesadiagram.render.marks import draw_type_mark
from mesadiagram.render.theme import Theme


def type_icon(atype: AnnotationType, theme: Theme, size: int = 14, ratio: float = 2.0) -> QIcon:
    """The type's mark as the canvas and legend draw it in ``theme``, crisp on high-DPI
    screens."""
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    color = QColor(theme.type_color(atype.name, atype.color))
    draw_type_mark(painter, atype.icon, QRectF(2, 2, size - 4, size - 4), color)
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
