"""Fonts in pixel sizes and cached text measurement, shared by every surface."""

from __future__ import annotations

import functools

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont, QFontMetricsF

from mesadiagram.render.drawn_text import drawable

FALLBACK_FAMILIES = ("Helvetica", "Arial", "sans-serif")


@functools.lru_cache(maxsize=64)
def make_font(family: str, pixel_size: float, bold: bool = False) -> QFont:
    """A font sized in pixels (scene units), so screen, PNG, PDF and SVG agree."""
    font = QFont(family)
    font.setPixelSize(max(1, round(pixel_size)))
    if bold:
        font.setWeight(QFont.Weight.DemiBold)
    font.setKerning(True)
    # No ligatures: text copied out of a PDF (and pdftotext) then reads "ff", not "ﬀ",
    # and SVG renderers, which may not form ligatures, lay out the same widths.
    for tag in ("liga", "clig"):
        font.setFeature(QFont.Tag.fromString(tag), 0)
    return font


@functools.lru_cache(maxsize=64)
def font_metrics(font: QFont) -> QFontMetricsF:
    return QFontMetricsF(font)


@functools.lru_cache(maxsize=65536)
def _width(font: QFont, text: str) -> float:
    return font_metrics(font).horizontalAdvance(text)


def text_width(font: QFont, text: str) -> float:
    """The width of ``text`` as drawn (see ``drawn_text.drawable``)."""
    return _width(font, drawable(text))


def centred_baseline(font: QFont, rect: QRectF) -> QPointF:
    """The baseline point that centres one line of ``font`` in ``rect``."""
    m = font_metrics(font)
    return QPointF(rect.center().x(), rect.center().y() + (m.ascent() - m.descent()) / 2)


def left_baseline(font: QFont, rect: QRectF) -> QPointF:
    """The baseline point of one line starting at the left of ``rect``, centred vertically."""
    m = font_metrics(font)
    return QPointF(rect.left(), rect.center().y() + (m.ascent() - m.descent()) / 2)
