"""The outlines of stage classes' boxes (``model/vocabulary.py`` SHAPES) and the room
for text inside each.

A stage's box (``geometry.node_geometry``) is laid out as a rounded rectangle holding its
label, text, chips and counts: its *content*. A shape that cuts corners (a hexagon, a
diamond, an ellipse...) needs a larger outline to hold the same content: ``outer_size``
gives it, and ``text_rect`` gives the rectangle inside the outline, centred in it, where
the content goes. ``text_rect(shape, rect)`` always lies inside ``stage_outline(shape,
rect)`` (``tests/test_stage_shapes.py``), so a wrapped label never crosses the border.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath, QPolygonF

from mesadiagram.model import Document, Node
from mesadiagram.model.vocabulary import BUILTIN_STAGE_CLASSES, SHAPES
from mesadiagram.render.contrast import GRAPHIC_CONTRAST, MIN_CONTRAST, blend, contrast, readable
from mesadiagram.render.theme import Theme

CORNER = 8.0  # a rounded box's corner radius (``draw.CORNER``)
SLANT = 0.3  # a hexagon's points and a parallelogram's lean, as a share of the height
FOLD = 0.22  # a note's folded corner, as a share of its shorter side
ROOT2 = math.sqrt(2.0)
CLASS_TINT = 0.1  # a classed stage's fill: its colour this opaque over the stage fill


def _slant(rect: QRectF) -> float:
    return min(SLANT * rect.height(), rect.width() / 4)


def _fold(rect: QRectF) -> float:
    return FOLD * min(rect.width(), rect.height())


def _polygon(points: list[QPointF]) -> QPainterPath:
    path = QPainterPath()
    path.addPolygon(QPolygonF([*points, points[0]]))
    path.closeSubpath()
    return path


def outline_points(shape: str, rect: QRectF) -> list[QPointF] | None:
    """The corners of a polygonal outline (hexagon, diamond, parallelogram, note), or
    None for the round ones (rounded, ellipse, stadium) and the plain rectangle."""
    left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
    cx, cy = rect.center().x(), rect.center().y()
    if shape == "hexagon":
        d = _slant(rect)
        return [
            QPointF(left + d, top),
            QPointF(right - d, top),
            QPointF(right, cy),
            QPointF(right - d, bottom),
            QPointF(left + d, bottom),
            QPointF(left, cy),
        ]
    if shape == "diamond":
        return [QPointF(cx, top), QPointF(right, cy), QPointF(cx, bottom), QPointF(left, cy)]
    if shape == "parallelogram":
        d = _slant(rect)
        return [
            QPointF(left + d, top),
            QPointF(right, top),
            QPointF(right - d, bottom),
            QPointF(left, bottom),
        ]
    if shape == "note":
        f = _fold(rect)
        return [
            QPointF(left, top),
            QPointF(right - f, top),
            QPointF(right, top + f),
            QPointF(right, bottom),
            QPointF(left, bottom),
        ]
    return None


def stage_outline(shape: str, rect: QRectF, corner: float = CORNER) -> QPainterPath:
    """The closed outline of a ``shape`` box filling ``rect`` (an unknown shape: the
    rounded box). ``corner``: the rounded box's radius (it grows with the theme's unit)."""
    path = QPainterPath()
    if shape == "rectangle":
        path.addRect(rect)
    elif shape == "ellipse":
        path.addEllipse(rect)
    elif shape == "stadium":
        r = min(rect.width(), rect.height()) / 2
        path.addRoundedRect(rect, r, r)
    else:
        points = outline_points(shape, rect)
        if points is None:  # rounded (and anything unknown)
            path.addRoundedRect(rect, corner, corner)
        else:
            return _polygon(points)
    return path


def note_fold(rect: QRectF) -> list[QPointF]:
    """The fold line of a note's corner (drawn over its outline)."""
    f = _fold(rect)
    return [
        QPointF(rect.right() - f, rect.top()),
        QPointF(rect.right() - f, rect.top() + f),
        QPointF(rect.right(), rect.top() + f),
    ]


def outer_size(shape: str, width: float, height: float) -> tuple[float, float]:
    """The size of a ``shape`` outline whose ``text_rect`` holds content of ``width`` by
    ``height`` (the rounded box's own size)."""
    if shape == "diamond":  # the least diamond around a rectangle: twice its sides
        return 2 * width, 2 * height
    if shape == "ellipse":  # the least ellipse of the same proportions
        return width * ROOT2, height * ROOT2
    if shape == "stadium":  # round ends as high as the box, beside the content
        return width + height, height
    if shape in ("hexagon", "parallelogram"):
        # points (or the lean) SLANT of the height deep on either side; where that would
        # be over a quarter of the width, a quarter (the content is then narrower still)
        return width + 2 * SLANT * height, height
    if shape == "note":
        # the fold, a share of the outline's height, comes off the content's corner
        outer_h = height / (1 - FOLD)
        return width + FOLD * outer_h, outer_h
    return width, height


def text_rect(shape: str, rect: QRectF) -> QRectF:
    """The rectangle inside a ``shape`` outline filling ``rect``, centred in it, where
    the stage's content (label, text, chips, counts) goes."""
    w, h = rect.width(), rect.height()
    if shape == "diamond":
        inner_w, inner_h = w / 2, h / 2
    elif shape == "ellipse":
        inner_w, inner_h = w / ROOT2, h / ROOT2
    elif shape == "stadium":
        r = min(w, h) / 2
        inner_w, inner_h = w - 2 * r, h
        if inner_w <= 0:  # (a circle: its inscribed square)
            inner_w = inner_h = min(w, h) / ROOT2
    elif shape in ("hexagon", "parallelogram"):
        inner_w, inner_h = w - 2 * _slant(rect), h
    elif shape == "note":
        f = _fold(rect)
        inner_w, inner_h = w - f, h - f
    else:
        return QRectF(rect)
    c = rect.center()
    return QRectF(c.x() - inner_w / 2, c.y() - inner_h / 2, inner_w, inner_h)


def known_shape(shape: str) -> str:
    """``shape`` if the renderer knows it, else the default (a rounded box)."""
    return shape if shape in SHAPES else SHAPES[0]


def builtin_shape(class_name: str) -> str:
    """The shape of a built-in stage class; the default for any other name (a declared
    class's shape needs its document: ``stage_shape``)."""
    found = BUILTIN_STAGE_CLASSES.get(class_name)
    return found.shape if found is not None else SHAPES[0]


def stage_shape(doc: Document, node: Node) -> str:
    """The outline of a stage's box: its class's shape (declared or built-in)."""
    try:
        return known_shape(doc.stage_class(node.stage_class).shape)
    except KeyError:  # (a class the document no longer declares: the default box)
        return SHAPES[0]


def stage_colors(doc: Document, node: Node, theme: Theme, outcome: bool) -> tuple[str, str]:
    """A stage's fill and border: an outcome's own marking, else its class's
    (``class_colors``)."""
    if outcome:
        return theme.outcome_fill, theme.outcome_border
    return class_colors(doc, theme, node.stage_class)


def class_colors(doc: Document, theme: Theme, class_name: str) -> tuple[str, str]:
    """The fill and border of stages of a class: its colour (the theme's for the class,
    else the class's own unless the theme is monochrome) as the border over a light
    tint of it, else the theme's stage colours. The tint is left out where the stage's
    texts would read less than ``MIN_CONTRAST`` on it."""
    style = theme.stage_classes.get(class_name)
    color = style.color if style is not None else None
    if color is None and not theme.monochrome:
        try:
            color = doc.stage_class(class_name).color
        except KeyError:
            color = None
    if color is None:
        return theme.node_fill, theme.node_border
    fill = blend(color, CLASS_TINT, theme.node_fill)
    texts = (theme.node_text, theme.node_subtext)
    if any(contrast(text, fill) < MIN_CONTRAST for text in texts):
        fill = theme.node_fill
    return fill, readable(color, fill, GRAPHIC_CONTRAST)
