"""A drawing surface: the few primitives the renderer needs, for QPainter and for SVG.

The drawing code (``draw.py``, ``callouts.py``, ``marks.py``, ``legend.py``) draws
only through a Surface, so the canvas, PNG/PDF (QPainter) and SVG (``svg_surface.py``)
come out of the same instructions and look alike. Text is placed by its baseline, with
positions computed from Qt's font metrics in one place, for the same reason.
"""

from __future__ import annotations

import functools
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF

from mesadiagram.render.drawn_text import drawable

DASHES = {
    "solid": Qt.PenStyle.SolidLine,
    "dashed": Qt.PenStyle.DashLine,
    "dotted": Qt.PenStyle.DotLine,
    "dashdot": Qt.PenStyle.DashDotLine,
}


@dataclass(frozen=True)
class Stroke:
    color: str
    width: float = 1.0
    dash: str = "solid"  # solid, dashed, dotted, dashdot
    opacity: float = 1.0
    # Dash and gap lengths in scene units, instead of the dash style's own (small marks
    # size theirs to the mark: ``mark_shapes.mark_stroke``).
    pattern: tuple[float, ...] = ()


@dataclass(frozen=True)
class Fill:
    color: str
    opacity: float = 1.0


class Surface(Protocol):
    """What the renderer draws on."""

    def group(self, element_id: str | None, css_class: str | None, title: str | None): ...

    def rect(
        self, rect: QRectF, radius: float, fill: Fill | None, stroke: Stroke | None
    ) -> None: ...

    def ellipse(self, rect: QRectF, fill: Fill | None, stroke: Stroke | None) -> None: ...

    def polygon(self, points: list[QPointF], fill: Fill | None, stroke: Stroke | None) -> None: ...

    def path(self, path: QPainterPath, stroke: Stroke, fill: Fill | None = None) -> None: ...

    def line(self, a: QPointF, b: QPointF, stroke: Stroke) -> None: ...

    def polyline(self, points: list[QPointF], stroke: Stroke) -> None:
        """An open line through ``points`` (a link routed around stages)."""
        ...

    def text(self, baseline: QPointF, text: str, font: QFont, color: str, anchor: str) -> None:
        """``anchor``: "start", "middle" or "end" of the text at ``baseline``."""
        ...

    def text_lines(
        self, baselines: list[QPointF], lines: list[str], font: QFont, color: str, anchor: str
    ) -> None:
        """Several lines of one text (a wrapped label)."""
        ...


def _qcolor(color: str, opacity: float) -> QColor:
    c = QColor(color)
    if opacity < 1:
        c.setAlphaF(opacity)
    return c


# The canvas paints hundreds of items per frame: pens and brushes are made once per
# style (painters copy what they are given, so sharing them is safe).
@functools.lru_cache(maxsize=512)
def _pen(stroke: Stroke) -> QPen:
    pen = QPen(_qcolor(stroke.color, stroke.opacity), stroke.width, DASHES[stroke.dash])
    if stroke.pattern:  # (Qt counts dashes in pen widths)
        pen.setDashPattern([length / stroke.width for length in stroke.pattern])
    pen.setCapStyle(Qt.PenCapStyle.FlatCap if stroke.dash != "solid" else Qt.PenCapStyle.SquareCap)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    return pen


@functools.lru_cache(maxsize=512)
def _brush(fill: Fill) -> QBrush:
    return QBrush(_qcolor(fill.color, fill.opacity))


@functools.lru_cache(maxsize=256)
def _text_color(color: str) -> QColor:
    return QColor(color)


class PainterSurface:
    """Draws on a QPainter (screen, PNG, PDF)."""

    def __init__(self, painter: QPainter) -> None:
        self.painter = painter

    @contextmanager
    def group(self, element_id: str | None, css_class: str | None, title: str | None):
        yield

    def _set(self, fill: Fill | None, stroke: Stroke | None) -> None:
        p = self.painter
        p.setPen(Qt.PenStyle.NoPen if stroke is None else _pen(stroke))
        p.setBrush(Qt.BrushStyle.NoBrush if fill is None else _brush(fill))

    def rect(self, rect: QRectF, radius: float, fill: Fill | None, stroke: Stroke | None) -> None:
        self._set(fill, stroke)
        if radius > 0:
            self.painter.drawRoundedRect(rect, radius, radius)
        else:
            self.painter.drawRect(rect)

    def ellipse(self, rect: QRectF, fill: Fill | None, stroke: Stroke | None) -> None:
        self._set(fill, stroke)
        self.painter.drawEllipse(rect)

    def polygon(self, points: list[QPointF], fill: Fill | None, stroke: Stroke | None) -> None:
        self._set(fill, stroke)
        self.painter.drawPolygon(QPolygonF(points))

    def path(self, path: QPainterPath, stroke: Stroke, fill: Fill | None = None) -> None:
        self._set(fill, stroke)
        self.painter.drawPath(path)

    def line(self, a: QPointF, b: QPointF, stroke: Stroke) -> None:
        self._set(None, stroke)
        self.painter.drawLine(a, b)

    def polyline(self, points: list[QPointF], stroke: Stroke) -> None:
        # As lines: a third of the time of the same path (a drag repaints many links).
        self._set(None, stroke)
        self.painter.drawLines([QLineF(a, b) for a, b in pairwise(points)])

    def text(self, baseline: QPointF, text: str, font: QFont, color: str, anchor: str) -> None:
        from mesadiagram.render.fonts import text_width

        text = drawable(text)  # what SVG draws too: no bidi overrides, no controls
        x = baseline.x()
        if anchor != "start":
            width = text_width(font, text)
            x -= width / 2 if anchor == "middle" else width
        self.painter.setFont(font)
        self.painter.setPen(_text_color(color))
        self.painter.drawText(QPointF(x, baseline.y()), text)

    def text_lines(
        self, baselines: list[QPointF], lines: list[str], font: QFont, color: str, anchor: str
    ) -> None:
        for baseline, line in zip(baselines, lines, strict=True):
            self.text(baseline, line, font, color, anchor)
