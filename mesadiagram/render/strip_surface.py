"""A Surface that records each primitive only into the horizontal strips it reaches.

A banded PNG (``png_bands.py``) replays a recording of the figure once per band. Replaying
the whole figure for each of 80 bands made replay two thirds of a 1,000-stage export:
Qt lays out every text again and clips every path, even the ones far from the band.
Recorded per strip instead, a band replays only what can touch it; a primitive that
crosses a strip's edge is recorded into each strip it reaches, and each band replays one
strip, so nothing is drawn twice.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from contextlib import contextmanager

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont, QPainterPath

from mesadiagram.render.fonts import font_metrics
from mesadiagram.render.surface import Fill, PainterSurface, Stroke


class StripSurface:
    """Draws on one PainterSurface per strip; strip ``i`` spans ``tops[i]`` to
    ``tops[i + 1]`` in scene y (the last one to infinity). ``slack`` (scene units) widens
    every primitive's extent for antialiasing and pen joins."""

    def __init__(self, strips: list[PainterSurface], tops: list[float], slack: float) -> None:
        self.strips = strips
        self.tops = tops
        self.slack = slack

    def _reached(self, top: float, bottom: float, pad: float = 0.0) -> list[PainterSurface]:
        pad += self.slack
        first = max(0, bisect_right(self.tops, top - pad) - 1)
        last = max(first, bisect_left(self.tops, bottom + pad) - 1)
        return self.strips[first : last + 1]

    @staticmethod
    def _pad(stroke: Stroke | None) -> float:
        # Mitred corners may reach past the line by a few pen widths.
        return 0.0 if stroke is None else 2.0 * stroke.width

    @contextmanager
    def group(self, element_id: str | None, css_class: str | None, title: str | None):
        yield

    def rect(self, rect: QRectF, radius: float, fill: Fill | None, stroke: Stroke | None) -> None:
        for s in self._reached(rect.top(), rect.bottom(), self._pad(stroke)):
            s.rect(rect, radius, fill, stroke)

    def ellipse(self, rect: QRectF, fill: Fill | None, stroke: Stroke | None) -> None:
        for s in self._reached(rect.top(), rect.bottom(), self._pad(stroke)):
            s.ellipse(rect, fill, stroke)

    def polygon(self, points: list[QPointF], fill: Fill | None, stroke: Stroke | None) -> None:
        ys = [p.y() for p in points]
        for s in self._reached(min(ys), max(ys), self._pad(stroke)):
            s.polygon(points, fill, stroke)

    def path(self, path: QPainterPath, stroke: Stroke, fill: Fill | None = None) -> None:
        # Control points bound a curve, and are much cheaper than its exact bounds.
        box = path.controlPointRect()
        for s in self._reached(box.top(), box.bottom(), self._pad(stroke)):
            s.path(path, stroke, fill)

    def line(self, a: QPointF, b: QPointF, stroke: Stroke) -> None:
        top, bottom = sorted((a.y(), b.y()))
        for s in self._reached(top, bottom, self._pad(stroke)):
            s.line(a, b, stroke)

    def polyline(self, points: list[QPointF], stroke: Stroke) -> None:
        ys = [p.y() for p in points]
        for s in self._reached(min(ys), max(ys), self._pad(stroke)):
            s.polyline(points, stroke)

    def text(self, baseline: QPointF, text: str, font: QFont, color: str, anchor: str) -> None:
        # A line's full height either side of the baseline covers accents and descenders.
        reach = font_metrics(font).height()
        for s in self._reached(baseline.y() - reach, baseline.y() + reach):
            s.text(baseline, text, font, color, anchor)

    def text_lines(
        self, baselines: list[QPointF], lines: list[str], font: QFont, color: str, anchor: str
    ) -> None:
        for baseline, line in zip(baselines, lines, strict=True):
            self.text(baseline, line, font, color, anchor)
