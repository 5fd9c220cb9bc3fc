"""Groups drawn as labelled frames behind their stages (a phase, an actor).

A frame is the union of its stages' boxes, padded, with a band on top for its label
(``group_frame_rect``); figures draw frames first, so links and stages lie over them
(``figure.draw_figure``), and the canvas draws the same frame from the same functions.
Colours come from the group's ``color`` (unless the theme is ``monochrome``) or the
theme's ``group_*`` keys, else a light tint of the stages' border colour; the label
reads at least ``MIN_CONTRAST`` to one on the frame's fill.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt

from mesadiagram.analysis.layout import FrameRoom
from mesadiagram.model import Group
from mesadiagram.render.contrast import GRAPHIC_CONTRAST, MIN_CONTRAST, blend, readable
from mesadiagram.render.fonts import font_metrics, left_baseline, make_font, text_width
from mesadiagram.render.surface import Fill, Stroke, Surface
from mesadiagram.render.theme import Theme

# For 14-pixel labels, times the theme's ``unit``.
FRAME_PAD = 14.0  # between the stages' boxes and the frame
LABEL_PAD = 6.0  # around the label in its band
CORNER = 10.0
TINT = 0.07  # the fill: the frame's colour this opaque over the background


@dataclass(frozen=True)
class FrameColors:
    fill: str
    border: str
    text: str


def label_font(theme: Theme):
    """The frame's label: bold, as large as legend headings."""
    return make_font(theme.font_family, theme.font_size * 0.85, bold=True)


def label_band(theme: Theme) -> float:
    """The height of the band on top of a frame that holds its label."""
    return font_metrics(label_font(theme)).height() + 2 * LABEL_PAD * theme.unit


def frame_colors(group: Group, theme: Theme) -> FrameColors:
    """The frame's fill, border and label colours in ``theme``."""
    own = None if theme.monochrome else group.color
    if own is not None:
        base, fill, wanted = own, blend(own, TINT, theme.background), own
    else:
        base = theme.group_border or theme.node_border
        fill = theme.group_fill or blend(base, TINT, theme.background)
        wanted = theme.group_text or base
    border = readable(base, theme.background, GRAPHIC_CONTRAST)
    text = readable(wanted, fill, MIN_CONTRAST)
    return FrameColors(fill, border, text)


def group_frame_rect(group: Group, node_rects: dict[str, QRectF], theme: Theme) -> QRectF:
    """The frame around the boxes of the group's stages (those in ``node_rects``),
    ``FRAME_PAD`` out, with the label's band on top, and at least as wide as its label;
    an empty rectangle when none of its stages is drawn."""
    union = QRectF()
    for stage in group.stages:
        rect = node_rects.get(stage)
        if rect is not None:
            union = rect if union.isNull() else union.united(rect)
    if union.isNull():
        return QRectF()
    k = theme.unit
    pad = FRAME_PAD * k
    rect = union.adjusted(-pad, -pad - label_band(theme), pad, pad)
    need = text_width(label_font(theme), group.label) + 2 * LABEL_PAD * k
    if rect.width() < need:  # (a narrow group: the frame grows on both sides)
        grow = (need - rect.width()) / 2
        rect.adjust(-grow, 0, grow, 0)
    return rect


def frame_label_rect(group: Group, rect: QRectF, theme: Theme) -> QRectF:
    """Where the label is written in a frame ``rect``: its band's left, as wide as the
    label (kept clear of callouts and tags: ``obstacles``)."""
    k = theme.unit
    font = label_font(theme)
    width = min(text_width(font, group.label), rect.width() - 2 * LABEL_PAD * k)
    height = font_metrics(font).height()
    return QRectF(rect.left() + LABEL_PAD * k, rect.top() + LABEL_PAD * k, width, height)


def draw_group_frame(s: Surface, group: Group, rect: QRectF, theme: Theme) -> None:
    """The frame: a lightly filled rounded box with a thin border, its label in the
    band on top (cut with an ellipsis if the frame is narrower than it)."""
    if rect.isNull():
        return
    colors = frame_colors(group, theme)
    k = theme.unit
    s.rect(rect, CORNER * k, Fill(colors.fill), Stroke(colors.border, 1.2 * k))
    if not group.label:
        return
    font = label_font(theme)
    where = frame_label_rect(group, rect, theme)
    text = group.label
    if text_width(font, text) > where.width():
        text = font_metrics(font).elidedText(text, Qt.TextElideMode.ElideRight, where.width())
    baseline = left_baseline(font, where)
    s.text(QPointF(baseline.x(), baseline.y()), text, font, colors.text, "start")


def frame_room(theme: Theme) -> FrameRoom:
    """How far frames reach beyond their stages in ``theme``, for the layout to keep
    them apart (``analysis/layout/groups.py``)."""
    return FrameRoom(FRAME_PAD * theme.unit, label_band(theme))
