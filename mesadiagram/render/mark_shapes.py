"""The marks of annotation types: one shape per icon, filled solid, hollow or half, outlined
in the type's line style; and the badge that counts a link's interventions.

Marks are small (7 to 10 units with 14-pixel labels, in proportion with larger ones:
about 5 to 8 pt in a figure at its natural size, less when it is scaled to a column).
So their outlines are thicker than a link's, and dashes and dots are sized to the mark,
not to the line: each side shows whole dashes, and a dashed triangle still reads as a
triangle at 6 pt rather than as broken strokes.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont

from mesadiagram.render.contrast import GRAPHIC_CONTRAST, blend, ink_on, readable
from mesadiagram.render.fonts import centred_baseline, left_baseline
from mesadiagram.render.surface import Fill, Stroke, Surface
from mesadiagram.render.theme import TypeStyle

CHIP_TINT = 0.25  # a kind's mark: its colour over the background, as light as a chip


def mark_stroke(color: str, size: float, line: str) -> Stroke:
    """The outline of a mark ``size`` units across: thicker than a link's, with a dash
    pattern in proportion to the mark (``Stroke.pattern``)."""
    width = max(1.3, size * 0.16)
    # Gaps narrower than the ink (about two thirds of the outline is ink, at least two
    # dashes a side): with gaps as wide as dots, a 5-pt dotted diamond printed as a ring
    # of specks and a dashed triangle as three loose dashes.
    if line == "dashed":
        pattern: tuple[float, ...] = (size * 0.3, size * 0.12)
    elif line == "dotted":  # square dots, a little apart: a beaded but closed outline
        pattern = (width * 1.1, width * 0.7)
    elif line == "dashdot":
        pattern = (size * 0.3, size * 0.11, width, size * 0.11)
    else:
        return Stroke(color, width)
    return Stroke(color, width, line, pattern=pattern)


def draw_mark(
    s: Surface, icon: str, rect: QRectF, color: str, style: TypeStyle, background: str
) -> None:
    """The mark of an annotation type: its shape, filled solid, hollow or half (a ring
    with a dot), outlined in its line style, so types differ without colour. The outline
    reads at least 3:1 on ``background`` (what the mark sits on): a pale type colour
    (orange on an outcome's pink) gets an outline of its own hue, darker just enough."""
    size = min(rect.width(), rect.height())
    line = style.line if style.fill != "solid" else "solid"
    outline = readable(color, background, GRAPHIC_CONTRAST)
    stroke = mark_stroke(outline, size, line)
    fill = Fill(color) if style.fill == "solid" else Fill(background)
    if icon == "chip":  # a kind: a chip as on a stage, lightly filled and outlined
        line = style.line if style.fill != "hollow" else line
        stroke = mark_stroke(outline, size, line)
        tint = blend(color, CHIP_TINT, background)  # (opaque: icons have no background)
        fill = Fill(tint) if style.fill != "hollow" else Fill(background)
    # The outline is drawn inside the rect, so a thick one does not make the mark larger.
    inset = stroke.width / 2 if style.fill != "solid" else 0.0
    shape(s, icon, rect.adjusted(inset, inset, -inset, -inset), fill, stroke)
    if style.fill == "half":
        inner = rect.adjusted(
            rect.width() * 0.3, rect.height() * 0.3, -rect.width() * 0.3, -rect.height() * 0.3
        )
        shape(s, icon, inner, Fill(color), None)


def shape(s: Surface, icon: str, r: QRectF, fill: Fill | None, stroke: Stroke | None) -> None:
    """The outline of ``icon`` in ``r`` (see ``docs/themes.md`` for the table)."""
    c = r.center()
    if icon in ("caveat", "diamond"):
        s.polygon(
            [
                QPointF(c.x(), r.top()),
                QPointF(r.right(), c.y()),
                QPointF(c.x(), r.bottom()),
                QPointF(r.left(), c.y()),
            ],
            fill,
            stroke,
        )
    elif icon in ("shield", "square"):
        s.rect(r, 0, fill, stroke)
    elif icon == "note":
        s.rect(r.adjusted(r.width() * 0.12, 0, -r.width() * 0.12, 0), 0, fill, stroke)
    elif icon == "gear":
        s.polygon(
            [
                QPointF(c.x(), r.top()),
                QPointF(r.right(), r.bottom()),
                QPointF(r.left(), r.bottom()),
            ],
            fill,
            stroke,
        )
    elif icon == "star":
        s.polygon(
            [
                QPointF(c.x(), r.top()),
                QPointF(r.right(), r.bottom()),
                QPointF(r.left(), c.y() - r.height() * 0.1),
                QPointF(r.right(), c.y() - r.height() * 0.1),
                QPointF(r.left(), r.bottom()),
            ],
            fill,
            stroke,
        )
    elif icon == "chip":  # a kind: a small chip (a pill), as kinds are drawn on stages
        pill = r.adjusted(0, r.height() * 0.2, 0, -r.height() * 0.2)
        s.rect(pill, pill.height() / 2, fill, stroke)
    else:  # dot and unknown icons
        s.ellipse(r, fill, stroke)


COUNT_MARK, COUNT_TEXT = 9.0, 12.0  # a count's mark, and where its digits start (at 14 px)


def draw_count(
    s: Surface,
    type_name: str,
    icon: str,
    color: str,
    style: TypeStyle,
    count: int,
    rect: QRectF,
    theme_text: tuple[QFont, str, str],
    unit: float = 1.0,
) -> None:
    """How many annotations of a type an element has: the type's mark, then the number
    (a group of class ``count TYPE``). ``theme_text``: the font, the digits' colour and
    the background under the mark; ``unit``: the theme's (marks grow with the text)."""
    font, text_color, background = theme_text
    with s.group(None, f"count {type_name}", None):
        side = COUNT_MARK * unit
        mark = QRectF(rect.left(), rect.center().y() - side / 2, side, side)
        draw_mark(s, icon, mark, color, style, background)
        digits = QRectF(rect.left() + COUNT_TEXT * unit, rect.top(), rect.width(), rect.height())
        s.text(left_baseline(font, digits), str(count), font, text_color, "start")


BADGE_SIZE = 18.0  # at 14 px (``EdgeGeometry.badge`` has a link's own)


def badge_rect(middle: QPointF, size: float = BADGE_SIZE) -> QRectF:
    """The badge that counts a link's interventions, centred on the link's middle."""
    half = size / 2
    return QRectF(middle.x() - half, middle.y() - half, size, size)


def draw_badge(
    s: Surface, rect: QRectF, text: str, color: str, background: str, font: QFont
) -> None:
    """The count of a link's interventions on a square, the shape of the intervention's
    mark (``shield``), so it never looks like another type's mark (a kind's, a dot); the
    digits in black or white, whichever reads better on the colour."""
    with s.group(None, "badge", None):
        s.rect(rect, 3, Fill(color), Stroke(background, 1.5))
        s.text(centred_baseline(font, rect), text, font, ink_on(color), "middle")
