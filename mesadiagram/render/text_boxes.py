"""Free text boxes: a title block, a key ("how to read this diagram").

A box's ``position`` is its top-left corner; its ``width`` (the box's, padding
included) wraps the text, else the box is as wide as the text's longest paragraph, up
to ``MAX_WIDTH``. A paragraph that starts with ``# `` is a heading: bold and as large
as stage labels. The box is drawn with the theme's ``box_*`` colours (else the
background, the stages' border and text colours), exported in every format as real
text, and kept clear by callouts, tags and the legend (``obstacles``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from itertools import groupby

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont

from mesadiagram.model import TextBox
from mesadiagram.render.contrast import GRAPHIC_CONTRAST, MIN_CONTRAST, readable
from mesadiagram.render.fonts import font_metrics, left_baseline, make_font, text_width
from mesadiagram.render.surface import Fill, Stroke, Surface
from mesadiagram.render.theme import Theme
from mesadiagram.render.wrapping import wrap

# For 14-pixel labels, times the theme's ``unit``.
PAD_X, PAD_Y = 10.0, 8.0
SPACE = 3.0  # between paragraphs (lines of the text)
PARAGRAPH_GAP = 6.0  # more for a blank line
MAX_WIDTH = 340.0  # a box without a width wraps its text at this
MAX_LINES = 200  # a longer text is cut with an ellipsis
HEADING = "# "
TEXT_SCALE = 0.85  # body text, of the label size (legend headings' size, not bold)


@dataclass(frozen=True)
class BoxLine:
    text: str
    heading: bool
    top: float  # from the text's top


@dataclass(frozen=True)
class BoxColors:
    fill: str
    border: str
    text: str


def body_font(theme: Theme) -> QFont:
    return make_font(theme.font_family, theme.font_size * TEXT_SCALE)


def heading_font(theme: Theme) -> QFont:
    return make_font(theme.font_family, theme.font_size, bold=True)


def box_colors(theme: Theme) -> BoxColors:
    fill = theme.box_fill or theme.background
    border = readable(theme.box_border or theme.node_border, fill, GRAPHIC_CONTRAST)
    return BoxColors(fill, border, readable(theme.box_text or theme.node_text, fill, MIN_CONTRAST))


def _paragraphs(text: str) -> list[tuple[str, bool]]:
    """The text's paragraphs (its lines), each with whether it is a heading."""
    out = []
    for line in text.strip().split("\n"):
        heading = line.startswith(HEADING)
        out.append((line[len(HEADING) :].strip() if heading else line.strip(), heading))
    return out


def box_lines(box: TextBox, theme: Theme) -> tuple[tuple[BoxLine, ...], float, float]:
    """The box's lines, each at its height under the text's top, and the text's width
    and height (the box adds ``PAD_X`` and ``PAD_Y`` on each side)."""
    return _box_lines(box.text, box.width, theme.font_family, theme.font_size)


@functools.lru_cache(maxsize=256)
def _box_lines(
    text: str, width: float | None, family: str, size: float
) -> tuple[tuple[BoxLine, ...], float, float]:
    unit = size / 14.0
    body = make_font(family, size * TEXT_SCALE)
    head = make_font(family, size, bold=True)
    pad_x = PAD_X * unit
    paragraphs = _paragraphs(text)
    if width is not None:
        limit = max(1.0, width - 2 * pad_x)
    else:
        natural = max(text_width(head if h else body, t) for t, h in paragraphs)
        limit = min(natural, MAX_WIDTH * unit - 2 * pad_x)
    lines: list[BoxLine] = []
    top = 0.0
    widest = 0.0
    for i, (paragraph, heading) in enumerate(paragraphs):
        font = head if heading else body
        height = font_metrics(font).height()
        if i and not paragraph:  # a blank line: a paragraph gap
            top += PARAGRAPH_GAP * unit
            continue
        if i and lines:  # (paragraphs a little apart, so each reads as one)
            top += SPACE * unit
        for line in wrap(paragraph, font_metrics(font), limit, MAX_LINES):
            lines.append(BoxLine(line, heading, top))
            widest = max(widest, text_width(font, line))
            top += height
    inner_w = limit if width is not None else min(widest, limit) if lines else 0.0
    return tuple(lines), inner_w, top


def text_box_rect(box: TextBox, theme: Theme) -> QRectF:
    """The box: its top-left corner at ``position``, as wide as its ``width`` (or its
    text), as high as its wrapped text."""
    _, width, height = box_lines(box, theme)
    k = theme.unit
    x, y = box.position
    outer_w = box.width if box.width is not None else width + 2 * PAD_X * k
    return QRectF(x, y, outer_w, height + 2 * PAD_Y * k)


def draw_text_box(s: Surface, box: TextBox, rect: QRectF, theme: Theme) -> None:
    """The box, its border and its text (each line real text in SVG)."""
    colors = box_colors(theme)
    k = theme.unit
    s.rect(rect, 4 * k, Fill(colors.fill), Stroke(colors.border, 0.9 * k))
    lines, _, _ = box_lines(box, theme)
    left, top = rect.left() + PAD_X * k, rect.top() + PAD_Y * k
    for heading, run in groupby(lines, key=lambda line: line.heading):
        font = heading_font(theme) if heading else body_font(theme)
        height = font_metrics(font).height()
        chosen = list(run)  # (one text per run of lines in the same font)
        rows = [QRectF(left, top + line.top, rect.width(), height) for line in chosen]
        s.text_lines(
            [left_baseline(font, row) for row in rows],
            [line.text for line in chosen],
            font,
            colors.text,
            "start",
        )


def box_title(box: TextBox) -> str:
    """The box's first line (its heading marker left out): its title in SVG."""
    first = box.text.strip().split("\n", 1)[0]
    return first[len(HEADING) :].strip() if first.startswith(HEADING) else first.strip()
