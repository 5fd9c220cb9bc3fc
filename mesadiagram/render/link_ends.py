"""Links that end on a shaped stage's outline rather than on its box.

The router and ``geometry.edge_geometry`` end links on a stage's box (a rounded
rectangle). A hexagon, a diamond, an ellipse... lies inside that box, so a link would
stop short of it. ``meet_outlines`` moves each end on, toward the box's centre, to
where it meets the outline (``stage_shapes.stage_outline``), and the head with it.
Figures call it for every link; the canvas does the same for its links.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

from mesadiagram.render.geometry import ARROW_SIZE, EdgeGeometry, arrow_head
from mesadiagram.render.stage_shapes import stage_outline

BOXLIKE = ("rounded", "rectangle")  # the box is the outline: nothing to move
STEPS = 24  # halvings of the search for the outline along the way in


def outline_entry(shape: str, rect: QRectF, point: QPointF) -> QPointF:
    """Where the line from ``point`` (on or outside the box) to the box's centre
    enters the ``shape`` outline."""
    if shape in BOXLIKE:
        return point
    outline = stage_outline(shape, rect)
    centre = rect.center()
    if outline.contains(point):
        return point
    low, high = 0.0, 1.0  # share of the way to the centre: outside at low, inside at high
    for _ in range(STEPS):
        mid = (low + high) / 2
        if outline.contains(point + (centre - point) * mid):
            high = mid
        else:
            low = mid
    return point + (centre - point) * high


def meet_outlines(
    geo: EdgeGeometry,
    shapes: tuple[str, str],
    rects: tuple[QRectF, QRectF],
    unit: float = 1.0,
) -> EdgeGeometry:
    """``geo`` with its ends moved onto the outlines of its source's and target's
    shapes (``shapes`` and ``rects``: the source's, then the target's), its head (of
    ``ARROW_SIZE * unit``) at the new tip. Returned as it is for two box-like stages."""
    if shapes[0] in BOXLIKE and shapes[1] in BOXLIKE:
        return geo
    tip = geo.arrow[0]
    start = geo.start if geo.start is not None else geo.path.pointAtPercent(0)
    new_start = outline_entry(shapes[0], rects[0], start)
    new_tip = outline_entry(shapes[1], rects[1], tip)
    if new_start == start and new_tip == tip:
        return geo
    if geo.corners:
        corners = [new_start, *geo.corners[1:-1], new_tip]
        path = QPainterPath(corners[0])
        for p in corners[1:]:
            path.lineTo(p)
        before = corners[-2]
    elif geo.straight:
        corners = None
        path = QPainterPath(new_start)
        path.lineTo(new_tip)
        before = new_start
    else:  # a curve: its ends carried on in straight pieces (short: inside the box)
        corners = None
        path = QPainterPath(new_start)
        path.lineTo(start)
        path.connectPath(geo.path)
        path.lineTo(new_tip)
        before = tip
    if new_tip == tip:
        head = geo.arrow
    else:
        angle = math.atan2(new_tip.y() - before.y(), new_tip.x() - before.x())
        head = arrow_head(new_tip, angle, ARROW_SIZE * unit)
    return EdgeGeometry(
        path, head, geo.middle, new_start, geo.straight, corners, geo.label, geo.badge
    )
