"""How a link of each type looks: its colour, its line (solid, dashed, dotted) and the
mark at its target end (``model/vocabulary.py`` HEADS).

A type's look is the theme's style for its name (``link_types:`` in a theme file),
else the type's own (built-in, or declared by the document), else the theme's ``edge``
colour and a solid line with a filled arrow. The built-in themes give each built-in
type its own line or head, so that no type is told apart by colour alone
(``tests/test_link_heads.py`` reads the theme files). Lines are at least
``GRAPHIC_CONTRAST`` to one on the background.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF

from mesadiagram.model import Document
from mesadiagram.model.vocabulary import DEFAULT_LINK_TYPE, HEADS, LINE_STYLES
from mesadiagram.render.contrast import GRAPHIC_CONTRAST, readable
from mesadiagram.render.surface import Fill, Stroke, Surface
from mesadiagram.render.theme import Theme

# Dash and gap lengths at 14 px (times the theme's ``unit``), the same in every output
# (a pattern in scene units, not the dash style's own, which SVG and Qt scale apart).
PATTERNS = {"solid": (), "dashed": (6.0, 3.5), "dotted": (1.6, 2.4)}
HEAD_WIDTH = 1.2  # a hollow head's outline, times the unit
BAR_WIDTH = 2.0  # a bar head's stroke, times the unit


@dataclass(frozen=True)
class LinkLook:
    color: str
    line: str = LINE_STYLES[0]
    head: str = HEADS[0]


def link_look(doc: Document, theme: Theme, type_name: str = DEFAULT_LINK_TYPE) -> LinkLook:
    """The colour, line and head of links of ``type_name`` in ``theme``."""
    try:
        own = doc.link_type(type_name)
    except KeyError:  # (a type no longer declared: drawn as the default)
        own = doc.link_type(DEFAULT_LINK_TYPE)
    style = theme.link_types.get(type_name)
    color = (style.color if style else None) or (None if theme.monochrome else own.color)
    line = (style.line if style else None) or own.line
    head = (style.head if style else None) or own.head
    return LinkLook(readable(color or theme.edge, theme.background, GRAPHIC_CONTRAST), line, head)


def line_stroke(look: LinkLook, width: float, unit: float) -> Stroke:
    """The stroke of a link's line: ``width`` wide, dashed or dotted as its type says."""
    pattern = tuple(v * unit for v in PATTERNS.get(look.line, ()))
    return Stroke(look.color, width, look.line if pattern else "solid", pattern=pattern)


def _frame(arrow: list[QPointF]) -> tuple[QPointF, float, float, float, float]:
    """The tip, the unit vector along the link at the tip (ux, uy), and the head's
    length along the link and half width, from ``EdgeGeometry.arrow``."""
    tip, a, b = arrow
    back = QPointF((a.x() + b.x()) / 2, (a.y() + b.y()) / 2)
    dx, dy = tip.x() - back.x(), tip.y() - back.y()
    length = math.hypot(dx, dy) or 1.0
    half = math.hypot(a.x() - b.x(), a.y() - b.y()) / 2
    return tip, dx / length, dy / length, length, half


def head_points(head: str, arrow: list[QPointF]) -> list[QPointF]:
    """The outline of a polygonal head (arrow, open, diamond) or the two ends of a bar;
    empty for a circle (``head_circle``) and none."""
    if head in ("arrow", "open"):
        return list(arrow)
    tip, ux, uy, length, half = _frame(arrow)
    nx, ny = -uy, ux
    if head == "diamond":
        a = length * 0.8  # half the diamond's length
        w = half * 0.95
        return [
            tip,
            QPointF(tip.x() - ux * a + nx * w, tip.y() - uy * a + ny * w),
            QPointF(tip.x() - ux * 2 * a, tip.y() - uy * 2 * a),
            QPointF(tip.x() - ux * a - nx * w, tip.y() - uy * a - ny * w),
        ]
    if head == "bar":  # across the line, just off the stage's border
        back = length * 0.25
        cx, cy = tip.x() - ux * back, tip.y() - uy * back
        w = half * 1.4
        return [QPointF(cx + nx * w, cy + ny * w), QPointF(cx - nx * w, cy - ny * w)]
    return []


def head_circle(arrow: list[QPointF]) -> QRectF:
    """The box of a circle head: touching the tip, as wide as an arrow's barbs."""
    tip, ux, uy, _, half = _frame(arrow)
    r = half * 0.9
    cx, cy = tip.x() - ux * r, tip.y() - uy * r
    return QRectF(cx - r, cy - r, 2 * r, 2 * r)


def draw_head(
    s: Surface, head: str, arrow: list[QPointF], color: str, background: str, unit: float
) -> None:
    """The mark at a link's target end: a filled arrow, an open (hollow) arrow, a bar
    across the line, a filled diamond, a hollow circle, or nothing. Hollow heads are
    filled with the background, so the line stops at their outline."""
    if head == "none":
        return
    if head == "circle":
        s.ellipse(head_circle(arrow), Fill(background), Stroke(color, HEAD_WIDTH * unit))
        return
    points = head_points(head, arrow)
    if head == "bar":
        s.line(points[0], points[1], Stroke(color, BAR_WIDTH * unit))
    elif head == "open":
        s.polygon(points, Fill(background), Stroke(color, HEAD_WIDTH * unit))
    else:  # arrow, diamond (and anything unknown: a filled arrow)
        s.polygon(points or list(arrow), Fill(color), Stroke(color, unit))
