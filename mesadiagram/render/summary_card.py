"""The closing step's card: the analysis summary drawn beside the diagram.

Sized by the width of the whole view (screen or page), so it reads the same on both:
its heading like a slide's title, its text above the slide floor of 14 pt on a
13.33-inch page. Lines that do not fit the card are cut with an ellipsis.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF

from mesadiagram.presentation.summary import SummaryCard
from mesadiagram.render.fonts import font_metrics, left_baseline, make_font
from mesadiagram.render.surface import Fill, Stroke, Surface
from mesadiagram.render.theme import Theme
from mesadiagram.render.wrapping import wrap

TITLE = 28.0 / 960  # of the view's width: 28 pt on a slide
HEADING = 18.0 / 960
TEXT = 16.0 / 960
PAD = 0.6  # of the text size
BULLET = "• "


def draw_summary_card(
    s: Surface, rect: QRectF, card: SummaryCard, theme: Theme, view_width: float
) -> None:
    """``card`` in ``rect`` (the box as tall as its text needs, at most ``rect``);
    ``view_width`` is the width of the whole view in the same units."""
    family = theme.font_family
    title_font = make_font(family, view_width * TITLE, bold=True)
    heading_font = make_font(family, view_width * HEADING, bold=True)
    text_font = make_font(family, view_width * TEXT)
    pad = view_width * TEXT * PAD * 2
    width = rect.width() - 2 * pad
    gap = font_metrics(text_font).height() * 0.5
    bullet = font_metrics(text_font).horizontalAdvance(BULLET)
    # (text, font, colour, space above, indent)
    rows = [(card.title, title_font, theme.node_text, 0.0, 0.0)]
    for section in card.sections:
        for i, part in enumerate(wrap(section.heading, font_metrics(heading_font), width, 2)):
            rows.append((part, heading_font, theme.node_subtext, gap if i == 0 else 0.0, 0.0))
        for line in section.lines:  # each entry a bullet, its further lines hanging
            for i, part in enumerate(wrap(line, font_metrics(text_font), width - bullet, 3)):
                text = BULLET + part if i == 0 else part
                rows.append((text, text_font, theme.node_text, 0.0, 0.0 if i == 0 else bullet))
    needed = pad + sum(font_metrics(row[1]).height() + row[3] for row in rows)
    box = QRectF(rect.left(), rect.top(), rect.width(), min(rect.height(), needed))
    with s.group("summary", "summary", card.title):
        s.rect(box, pad / 2, Fill(theme.node_fill), Stroke(theme.node_border, 1.0))
        y = box.top() + pad / 2
        for text, font, color, above, indent in rows:
            height = font_metrics(font).height()
            if y + above + height > box.bottom() - pad / 2 + 0.5:
                return  # (what does not fit is left out; the box shows the rest)
            y += above
            line = QRectF(box.left() + pad + indent, y, width - indent, height)
            s.text(left_baseline(font, line), text, font, color, "start")
            y += height
