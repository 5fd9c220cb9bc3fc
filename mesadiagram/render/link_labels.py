"""Where a link's label ("feeds back  p = 0.8") and its intervention disc go.

The disc sits at the link's middle. The label sits *on* its own link, centred on a point
of it, its background hiding the line under it: next to the middle when there is no disc,
else just beside the disc, along the link. So a label is read as the link's own, and two
links joining the same stages both ways each carry their label on their own curve. When
no point of the link has room (a short link between close stages), the label goes beside
the link, touching it, on the outside of a curve.

``place_label`` tries these spots in order and takes the first one that the caller's
test does not reject: figures reject any spot over a stage, another label, a disc or
another link (``place_labels``, all links at once); the canvas rejects spots over a
stage (``ui/canvas/items.py``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF

from mesadiagram.analysis.layout.clearance import BoxGrid, Point, Rect
from mesadiagram.model import Document, Edge, LinkId
from mesadiagram.model.credence import short_text
from mesadiagram.render.fonts import font_metrics, make_font, text_width
from mesadiagram.render.geometry import EdgeGeometry
from mesadiagram.render.mark_shapes import BADGE_SIZE
from mesadiagram.render.plane import Index, grown, overlap, polyline, qrect, rect_of
from mesadiagram.render.theme import Theme

CLEAR = 3.0  # a label keeps this far off stages, discs, other labels and other links
STEP = 4.0  # between spots tried along the link
REACH = 6.0  # a label beside its link is at most this far from it
BADGE_TRIES = 12  # badge spots tried for a link whose label has no room
BADGE_SLIDE = 0.45  # a badge moves at most this share of its link's length off the middle


def label_text(edge: Edge) -> str:
    text = edge.label
    if edge.probability is not None:
        text = f"{text}  p = {short_text(edge.probability)}".strip()
    return text


def label_size(theme: Theme, edge: Edge) -> tuple[float, float] | None:
    """The label's box size (text and a little padding), None when it has no text."""
    text = label_text(edge)
    if not text:
        return None
    small = make_font(theme.font_family, theme.font_size * 0.78)
    k = theme.unit  # (its padding grows with the text)
    return text_width(small, text) + 8 * k, font_metrics(small).height() + 2 * k


def has_badge(edge: Edge) -> bool:
    return any(a.type == "intervention" for a in edge.annotations)


def fit_badge(geo: EdgeGeometry, theme: Theme) -> EdgeGeometry:
    """``geo`` with its badge as large as the theme's text makes it (``geo.badge``), so
    the badge is placed, checked and drawn at one size."""
    geo.badge = BADGE_SIZE * theme.unit
    return geo


def badge_rect(geo: EdgeGeometry) -> Rect:
    m = geo.middle
    r = geo.badge / 2
    return (m.x() - r, m.y() - r, m.x() + r, m.y() + r)


def spots(geo: EdgeGeometry, width: float, height: float, badge: bool) -> Iterator[Rect]:
    """Where the label may go, best first: centred on the link near its middle (beside
    the disc, if any), then beside the link."""
    line = polyline(geo.path)
    if len(line) < 2:
        return
    lengths = [0.0]
    for (x0, y0), (x1, y1) in pairwise(line):
        lengths.append(lengths[-1] + math.hypot(x1 - x0, y1 - y0))
    total = lengths[-1]
    middle = total / 2
    disc = grown(badge_rect(geo), CLEAR) if badge else None
    offsets = [0.0]
    k = 1
    while k * STEP < total / 2:
        offsets += [-k * STEP, k * STEP]  # the source's side first
        k += 1
    for d in offsets:
        (x, y), _ = _at(line, lengths, middle + d)
        r = (x - width / 2, y - height / 2, x + width / 2, y + height / 2)
        if disc is None or not overlap(r, disc):
            yield r
    side = _outside(geo, line)
    for d in offsets:
        (x, y), (tx, ty) = _at(line, lengths, middle + d)
        for sign in (side, -side):
            nx, ny = -ty * sign, tx * sign  # unit normal
            reach = abs(nx) * width / 2 + abs(ny) * height / 2 + 1.0
            cx, cy = x + nx * reach, y + ny * reach
            r = (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)
            if disc is None or not overlap(r, disc):
                yield r


def _at(line: list[Point], lengths: list[float], s: float) -> tuple[Point, Point]:
    """The point ``s`` along the polyline and the unit direction there."""
    s = max(0.0, min(lengths[-1], s))
    for i in range(1, len(lengths)):
        if lengths[i] >= s or i == len(lengths) - 1:
            (x0, y0), (x1, y1) = line[i - 1], line[i]
            piece = lengths[i] - lengths[i - 1]
            t = 0.0 if piece == 0 else (s - lengths[i - 1]) / piece
            ux, uy = ((x1 - x0) / piece, (y1 - y0) / piece) if piece else (1.0, 0.0)
            return (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t), (ux, uy)
    return line[-1], (1.0, 0.0)


def _outside(geo: EdgeGeometry, line: list[Point]) -> int:
    """Which side of the link (1: left of its direction) is away from the straight line
    between its ends: the outside of a curve; above (or right of) a straight link."""
    (x0, y0), (x1, y1) = line[0], line[-1]
    mx, my = geo.middle.x(), geo.middle.y()
    cross = (x1 - x0) * (my - y0) - (y1 - y0) * (mx - x0)
    if abs(cross) > 1.0:
        return 1 if cross < 0 else -1  # (y grows downwards: left is a negative cross)
    return 1 if x1 >= x0 else -1


def place_label(
    geo: EdgeGeometry,
    size: tuple[float, float],
    badge: bool,
    rejected: Callable[[Rect], bool] = lambda r: False,
) -> QRectF:
    """The first spot of ``spots`` that ``rejected`` lets pass (else the first spot)."""
    return _label_spot(geo, size, badge, rejected)[0]


def _label_spot(
    geo: EdgeGeometry, size: tuple[float, float], badge: bool, rejected: Callable[[Rect], bool]
) -> tuple[QRectF, bool]:
    """``place_label``, and whether the spot was let pass."""
    first: Rect | None = None
    for r in spots(geo, size[0], size[1], badge):
        if first is None:
            first = r
        if not rejected(r):
            return qrect(r), True
    if first is None:  # (a link of no length)
        m = geo.middle
        return QRectF(m.x() - size[0] / 2, m.y() - size[1] / 2, size[0], size[1]), False
    return qrect(first), False


def place_labels(
    doc: Document, theme: Theme, node_rects: dict[str, QRectF], edges: dict[LinkId, EdgeGeometry]
) -> int:
    """Figures: every link's badge and label, in document order, each clear of every
    stage, other badge, other label and other link where it can be. A badge moves along
    its link from the middle (``geo.middle``) as far as it must (two links crossing at
    their middles); a link with a label takes the badge spot nearest the middle that
    leaves the label a clear spot too (``geo.label``). Returns how many badges and
    labels found no clear spot (a crowded figure)."""
    obstacles = Index()  # stages, badges and labels placed
    lines = Index()
    crowded = 0
    for node_id, rect in node_rects.items():
        obstacles.add(rect_of(rect), ("stage", node_id))
    for edge in doc.edges:
        geo = edges.get(edge.id)
        if geo is not None:
            fit_badge(geo, theme)
            lines.add_line(polyline(geo.path), edge.id)
    labelled = []
    for edge in doc.edges:
        geo = edges.get(edge.id)
        if geo is None:
            continue
        if label_size(theme, edge) is not None:
            labelled.append(edge)
        elif has_badge(edge):
            point = next(_badge_points(geo, _rejecting(obstacles, lines, edge.id)), None)
            crowded += point is None
            geo.middle = point or geo.middle
            obstacles.add(badge_rect(geo), ("badge", edge.id))
    for edge in labelled:
        geo = edges[edge.id]
        size = label_size(theme, edge)
        assert size is not None

        rejected = _rejecting(obstacles, lines, edge.id)
        if has_badge(edge):
            clear = _with_badge(geo, size, rejected)
            obstacles.add(badge_rect(geo), ("badge", edge.id))
        else:
            geo.label, clear = _label_spot(geo, size, False, rejected)
        crowded += not clear
        obstacles.add(rect_of(geo.label), ("label", edge.id))
    return crowded


def place_on_link(
    geo: EdgeGeometry,
    size: tuple[float, float] | None,
    badge: bool,
    rejected: Callable[[Rect], bool],
) -> None:
    """One link's badge (``geo.middle``) and label (``geo.label``) where ``rejected``
    lets them be (the canvas: clear of the stages; figures use ``place_labels``)."""
    if badge and size is not None:
        _with_badge(geo, size, rejected)
    elif badge:
        geo.middle = next(_badge_points(geo, rejected), geo.middle)
    elif size is not None:
        geo.label, _ = _label_spot(geo, size, False, rejected)


def off_stages(ends: list[QRectF], grid: BoxGrid) -> Callable[[Rect], bool]:
    """The canvas's test for a link's badge or label: does it, with ``CLEAR`` around
    it, meet its link's two stages (``ends``) or any stage in the router's ``grid``?"""
    boxes = [rect_of(box) for box in ends]

    def rejected(r: Rect) -> bool:
        wide = grown(r, CLEAR)
        return any(overlap(wide, box) for box in boxes) or bool(grid.touching(wide))

    return rejected


def _rejecting(obstacles: Index, lines: Index, own: LinkId) -> Callable[[Rect], bool]:
    """A test of a box for a link's badge or label: does it, with ``CLEAR`` around it,
    meet a stage, badge or label placed, or another link?"""

    def rejected(r: Rect) -> bool:
        wide = grown(r, CLEAR)
        return obstacles.any_box(wide) is not None or (
            lines.any_line_entering(wide, (own,)) is not None
        )

    return rejected


def _with_badge(
    geo: EdgeGeometry, size: tuple[float, float], rejected: Callable[[Rect], bool]
) -> bool:
    """Set the badge (``geo.middle``) and the label of a link that has both: the badge
    spot nearest the middle (of the first ``BADGE_TRIES``) at which the label has a
    clear spot; whether there was one."""
    middle = geo.middle
    for i, point in enumerate(_badge_points(geo, rejected)):
        if i == BADGE_TRIES:
            break
        geo.middle = point
        geo.label, clear = _label_spot(geo, size, True, rejected)
        if clear:
            return True
    geo.middle = next(_badge_points(geo, rejected), middle)
    geo.label, _ = _label_spot(geo, size, True, rejected)
    return False


def _badge_points(geo: EdgeGeometry, rejected: Callable[[Rect], bool]) -> Iterator[QPointF]:
    """The points of the link, nearest its middle first and at most ``BADGE_SLIDE`` of
    its length off it, where ``rejected`` lets its badge be."""
    line = polyline(geo.path)
    if len(line) < 2:
        return
    lengths = [0.0]
    for (x0, y0), (x1, y1) in pairwise(line):
        lengths.append(lengths[-1] + math.hypot(x1 - x0, y1 - y0))
    total = lengths[-1]
    r = geo.badge / 2
    head = _head_box(geo)
    k = 0
    while k * STEP <= BADGE_SLIDE * total:
        for d in (-k * STEP, k * STEP) if k else (0.0,):
            (x, y), _ = _at(line, lengths, total / 2 + d)
            box = (x - r, y - r, x + r, y + r)
            if not overlap(box, head) and not rejected(box):
                yield QPointF(x, y)
        k += 1


def _head_box(geo: EdgeGeometry) -> Rect:
    """The box of the link's arrow head, ``CLEAR`` around it: no badge covers the head
    (on a short link between close stages the middle is near it)."""
    xs = [p.x() for p in geo.arrow]
    ys = [p.y() for p in geo.arrow]
    return grown((min(xs), min(ys), max(xs), max(ys)), CLEAR)
