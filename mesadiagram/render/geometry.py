"""Where things go: the boxes of stages, the paths of links, and their parts.

Pure geometry from the model and font metrics; drawing (``draw.py``), the canvas
and the exports all use it, so they agree to the pixel.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont, QFontMetricsF, QPainterPath

from mesadiagram.analysis.layout.clearance import border_xy as _border
from mesadiagram.analysis.layout.detour import curve_ends_xy
from mesadiagram.model import Document, Edge, Node
from mesadiagram.render.drawn_text import drawable
from mesadiagram.render.fonts import make_font
from mesadiagram.render.mark_shapes import BADGE_SIZE
from mesadiagram.render.stage_shapes import builtin_shape, outer_size
from mesadiagram.render.theme import BASE_FONT_SIZE, Theme
from mesadiagram.render.wrapping import wrap

# The sizes of a stage's parts, for 14-pixel labels: each is multiplied by the theme's
# ``unit`` (``font_size / 14``), so a box grows with its text.
MAX_LABEL_WIDTH = 150.0
MIN_WIDTH, MIN_HEIGHT = 120.0, 44.0
PAD_X, PAD_Y = 12.0, 9.0
CHIP_HEIGHT, CHIP_GAP = 16.0, 4.0
CHIP_PAD = 10.0  # a chip's width beyond its text
# In a theme that lets chips flow (``Theme.flow_chips``: figures in a fixed frame), chips
# that would take more than ``CHIP_STACK`` rows in a box as wide as a label may make it
# wider, up to ``CHIP_ROW_WIDTH``: as few rows as that allows, each as narrow as it can
# be (five kinds in two rows, not four: a box half as tall, a little wider).
CHIP_STACK, CHIP_ROW_WIDTH = 2, 250.0
COUNT_WIDTH, COUNT_GAP = 16.0, 6.0  # a count's width beyond its digits, and between counts
TEXT_GAP = 2.0  # between a stage's label and its text
# A link's arrow head, at 14 px (0.82 of the small text): figures multiply it by the
# theme's ``unit`` as they do text, so a slide's head keeps its size against its text.
ARROW_SIZE = 9.0
COUNTED_TYPES = ("mechanism", "caveat", "intervention", "note")  # then declared types
STAGE_TEXT_LINES = 6  # a longer stage text is cut with an ellipsis (the inspector has it all)


def fonts(theme: Theme) -> tuple[QFont, QFont]:
    """The label font and the smaller font for chips and counts."""
    return _fonts(theme.font_family, theme.font_size, theme.label_scale)


def _fonts(family: str, size: float, label_scale: float = 1.0) -> tuple[QFont, QFont]:
    """Sized in pixels (scene units), so every device measures and draws text alike."""
    return make_font(family, size * label_scale, bold=True), make_font(family, size * 0.78)


@functools.lru_cache(maxsize=16)
def metrics(
    family: str, size: float, label_scale: float = 1.0
) -> tuple[QFontMetricsF, QFontMetricsF]:
    label, small = _fonts(family, size, label_scale)
    return QFontMetricsF(label), QFontMetricsF(small)


@functools.lru_cache(maxsize=65536)
def advance(family: str, size: float, small: bool, text: str, label_scale: float = 1.0) -> float:
    """The width of ``text`` in the label (or small) font; cached, since opening a large
    model measures the same words and chips again and again."""
    return metrics(family, size, label_scale)[1 if small else 0].horizontalAdvance(drawable(text))


@functools.lru_cache(maxsize=16384)
def _label_lines(
    family: str, size: float, label: str, label_scale: float = 1.0
) -> tuple[tuple[str, ...], float]:
    """A stage label wrapped to ``MAX_LABEL_WIDTH`` (at 14 px; in proportion to ``size``
    and ``label_scale``, so it wraps alike at any size: ``render/wrapping.py``, measured
    with the cached ``advance``: opening 5,000 stages measures the same words again and
    again), and the width of its widest line."""
    limit = MAX_LABEL_WIDTH * (size / BASE_FONT_SIZE) * label_scale
    measure = functools.partial(_label_advance, family, size, label_scale)
    lines = wrap(label, measure, limit)
    return tuple(lines), max((measure(line) for line in lines), default=0.0)


def _label_advance(family: str, size: float, label_scale: float, text: str) -> float:
    return advance(family, size, False, text, label_scale)


@functools.lru_cache(maxsize=16384)
def _text_lines(
    family: str, size: float, text: str, width: float = 0.0
) -> tuple[tuple[str, ...], float]:
    """A stage's text in the small font, wrapped like its label (or to ``width``, when
    its chips make the box wider), and its widest line."""
    measure = functools.partial(advance, family, size, True)
    limit = max(width, MAX_LABEL_WIDTH * (size / BASE_FONT_SIZE))
    lines = wrap(text, measure, limit, STAGE_TEXT_LINES)
    return tuple(lines), max((advance(family, size, True, line) for line in lines), default=0.0)


def counted_types(types: list[str]) -> list[str]:
    """The types a stage counts (every type but kinds, which are chips), in the order
    they are drawn: the built-in ones, then declared ones as they first appear."""
    present = set(types)
    declared = [t for t in dict.fromkeys(types) if t not in COUNTED_TYPES and t != "kind"]
    return [t for t in COUNTED_TYPES if t in present] + declared


@dataclass
class Chip:
    rect: QRectF
    text: str
    type_name: str


@dataclass
class NodeGeometry:
    """The box of a stage and where its label lines, text lines, chips and counts go."""

    rect: QRectF
    label_lines: list[str]
    line_height: float
    chips: list[Chip] = field(default_factory=list)
    counts: list[tuple[str, int, QRectF]] = field(default_factory=list)
    label_top: float = 0.0  # top of the first label line (content centred in the box)
    text_lines: list[str] = field(default_factory=list)  # the stage's ``text``, under it
    text_top: float = 0.0
    text_line_height: float = 0.0


def node_geometry(
    node: Node,
    theme: Theme,
    local: bool = False,
    stage_text: bool = True,
    shape: str | None = None,
) -> NodeGeometry:
    """The stage's box centred on its position, or on (0, 0) when ``local`` (canvas items);
    its ``text`` goes under the label unless ``stage_text`` is off (View > Stage Text,
    ``--no-stage-text``): the box, and so the layout, grows to hold it. ``shape``: its
    class's outline (``stage_shapes.stage_shape(doc, node)``; None: a built-in class's,
    else the rounded box): a shape that cuts corners gets a larger box, its content
    centred in the shape's ``text_rect``."""
    family, size, k = theme.font_family, theme.font_size, theme.unit
    lm, sm = metrics(family, size, theme.label_scale)
    label_lines, text_w = _label_lines(family, size, node.label, theme.label_scale)
    lines = list(label_lines)
    line_h = lm.height()
    kinds = [a.label or a.type for a in node.annotations if a.type == "kind"]
    counts = []
    if node.annotations:
        types = [a.type for a in node.annotations]
        counts = [(t, types.count(t)) for t in counted_types(types)]
    wrap_w, chip_gap, chip_h, pad_x, pad_y = (
        MAX_LABEL_WIDTH * k,
        CHIP_GAP * k,
        CHIP_HEIGHT * k,
        PAD_X * k,
        PAD_Y * k,
    )
    chip_w = [min(advance(family, size, True, name) + CHIP_PAD * k, wrap_w) for name in kinds]
    widest = CHIP_ROW_WIDTH * k if theme.flow_chips else wrap_w
    chip_rows = chip_layout(chip_w, wrap_w, widest, chip_gap)
    rows_w = max((sum(r) + chip_gap * (len(r) - 1) for r in chip_rows), default=0.0)
    body: tuple[str, ...] = ()
    if stage_text and node.text.strip():  # (as wide as the chips, if they are wider)
        body, body_w = _text_lines(family, size, node.text.strip(), rows_w)
        text_w = max(text_w, body_w)
    width = max(
        text_w + 2 * pad_x,
        max((sum(r) + chip_gap * (len(r) - 1) for r in chip_rows), default=0) + 2 * pad_x,
    )
    height = 2 * pad_y + line_h * len(lines)
    if body:
        height += TEXT_GAP * k + sm.height() * len(body)
    if chip_rows:
        height += chip_gap + len(chip_rows) * (chip_h + chip_gap)
    if counts:
        height += sm.height() + chip_gap
    content_height = height
    shape = builtin_shape(node.stage_class) if shape is None else shape
    if shape not in ("rounded", "rectangle"):  # (the content is centred in either way)
        width, height = outer_size(shape, width, height)
    width = max(MIN_WIDTH * k, width)
    height = max(MIN_HEIGHT * k, height)
    x, y = (0.0, 0.0) if local or node.position is None else node.position
    rect = QRectF(x - width / 2, y - height / 2, width, height)
    geo = NodeGeometry(rect, lines, line_h)
    geo.label_top = rect.top() + pad_y + (height - content_height) / 2
    top = geo.label_top + line_h * len(lines)
    if body:
        text_top = top + TEXT_GAP * k
        geo.text_lines, geo.text_top, geo.text_line_height = list(body), text_top, sm.height()
        top += TEXT_GAP * k + sm.height() * len(body)
    top += chip_gap
    index = 0
    for row in chip_rows:
        row_w = sum(row) + chip_gap * (len(row) - 1)
        left = rect.center().x() - row_w / 2
        for w in row:
            geo.chips.append(Chip(QRectF(left, top, w, chip_h), kinds[index], "kind"))
            left += w + chip_gap
            index += 1
        top += chip_h + chip_gap
    if counts:
        widths = [advance(family, size, True, str(n)) + COUNT_WIDTH * k for _, n in counts]
        left = rect.center().x() - (sum(widths) + COUNT_GAP * k * (len(widths) - 1)) / 2
        for (type_name, n), w in zip(counts, widths, strict=True):
            geo.counts.append((type_name, n, QRectF(left, top, w, sm.height())))
            left += w + COUNT_GAP * k
    return geo


def chip_layout(widths: list[float], limit: float, widest: float, gap: float) -> list[list[float]]:
    """Chips of ``widths`` in rows of at most ``limit``; when that takes more than
    ``CHIP_STACK`` rows, in as few rows as ``widest`` allows, each as narrow as it can be
    for that many (the least limit that gives them)."""
    rows = _rows(widths, limit, gap)
    if len(rows) <= CHIP_STACK or widest <= limit:
        return rows
    fewest = len(_rows(widths, widest, gap))
    if fewest >= len(rows):
        return rows
    # the least row width that still gives ``fewest`` rows: one of the widths a row of
    # consecutive chips can have
    spans = sorted(
        {
            sum(widths[i:j]) + gap * (j - i - 1)
            for i in range(len(widths))
            for j in range(i + 1, len(widths) + 1)
        }
    )
    for span in spans:
        if limit <= span <= widest and len(_rows(widths, span, gap)) == fewest:
            return _rows(widths, span, gap)
    return _rows(widths, widest, gap)


def _rows(widths: list[float], limit: float, gap: float) -> list[list[float]]:
    rows: list[list[float]] = []
    for w in widths:
        if rows and sum(rows[-1]) + gap * len(rows[-1]) + w <= limit:
            rows[-1].append(w)
        else:
            rows.append([w])
    return rows


def border_point(rect: QRectF, toward: QPointF) -> QPointF:
    """Where the line from the box's centre toward ``toward`` leaves a rounded box."""
    c = rect.center()
    x, y = _border(c.x(), c.y(), rect.width() / 2, rect.height() / 2, toward.x(), toward.y())
    return QPointF(x, y)


@dataclass
class EdgeGeometry:
    path: QPainterPath
    arrow: list[QPointF]
    middle: QPointF
    start: QPointF | None = None  # where the path leaves the source box
    straight: bool = True  # the path is the line from ``start`` to ``arrow[0]``
    corners: list[QPointF] | None = None  # a routed path's points, ends included
    label: QRectF | None = None  # where its label goes, once placed (``link_labels.py``)
    # The side of its interventions' badge: ``BADGE_SIZE`` times the theme's ``unit``, set
    # where its label and badge are placed (``link_labels.fit_badge``).
    badge: float = BADGE_SIZE


def edge_ends(
    source: QRectF, target: QRectF, bend: float = 0.0
) -> tuple[float, float, float, float, float, float]:
    """Where a link leaves ``source`` and meets ``target``, and the control point between
    (x0, y0, x1, y1, cx, cy): plain floats, so bounds come cheap without a path. The router
    tests the same curve (``analysis/layout/detour.py``)."""
    left, top, sw, sh = source.getRect()  # one call instead of five per box
    sw, sh = sw / 2, sh / 2
    left2, top2, tw, th = target.getRect()
    tw, th = tw / 2, th / 2
    return curve_ends_xy(left + sw, top + sh, sw, sh, left2 + tw, top2 + th, tw, th, bend)


def routed_edge_geometry(
    source: QRectF, target: QRectF, route: list[tuple[float, float]], arrow: float = ARROW_SIZE
) -> EdgeGeometry:
    """A link through bend points (its way around boxes: ``render/link_routes.py``), its
    head ``arrow`` long."""
    points = [QPointF(x, y) for x, y in route]
    start = border_point(source, points[0])
    end = border_point(target, points[-1])
    path = QPainterPath(start)
    for p in points:
        path.lineTo(p)
    path.lineTo(end)
    last = points[-1]
    angle = math.atan2(end.y() - last.y(), end.x() - last.x())
    corners = [start, *points, end]
    head = arrow_head(end, angle, arrow)
    return EdgeGeometry(path, head, path.pointAtPercent(0.5), start, False, corners)


def arrow_head(tip: QPointF, angle: float, length: float) -> list[QPointF]:
    """The head's three points: its tip, then its two barbs ``length`` back along the
    link (``angle``: the link's direction at the tip), 0.4 rad either side."""
    x, y = tip.x(), tip.y()
    return [
        tip,
        QPointF(x - length * math.cos(angle - 0.4), y - length * math.sin(angle - 0.4)),
        QPointF(x - length * math.cos(angle + 0.4), y - length * math.sin(angle + 0.4)),
    ]


def edge_geometry(
    source: QRectF,
    target: QRectF,
    bend: float = 0.0,
    route: list[tuple[float, float]] | None = None,
    arrow: float = ARROW_SIZE,
) -> EdgeGeometry:
    """A link from box to box; ``bend`` curves it sideways (for a pair linked both ways);
    a ``route`` of bend points takes precedence. Which of them a link takes, so that it
    passes under no stage, the router decides (``render/link_routes.py``). ``arrow``: the
    head's length (``ARROW_SIZE`` times the theme's ``unit``)."""
    if route:
        return routed_edge_geometry(source, target, route, arrow)
    x0, y0, x1, y1, cx, cy = edge_ends(source, target, bend)
    start, end = QPointF(x0, y0), QPointF(x1, y1)
    path = QPainterPath(start)
    if bend:
        path.quadTo(QPointF(cx, cy), end)
        middle = path.pointAtPercent(0.5)
        angle = math.atan2(y1 - cy, x1 - cx)
    else:
        path.lineTo(end)
        middle = QPointF((x0 + x1) / 2, (y0 + y1) / 2)
        angle = math.atan2(y1 - y0, x1 - x0)
    return EdgeGeometry(path, arrow_head(end, angle, arrow), middle, start, not bend)


BEND_SPACING = 56.0  # between neighbouring links that join the same two stages


def edge_bend(doc: Document, edge: Edge) -> float:
    """How far the link curves sideways: links joining the same two stages (either way)
    fan out, ``BEND_SPACING`` apart, in document order; a single link is straight.

    The bend is measured to the left of the link's own direction, so a link running the
    other way counts its offset with the opposite sign."""
    a, b = edge.source, edge.target
    siblings = doc.links_between(a, b) + doc.links_between(b, a)
    count = len(siblings)
    if count < 2:
        return 0.0
    first, second = sorted((a, b))
    slot = sorted(siblings, key=doc.edge_index).index(edge.id)
    offset = ((count - 1) / 2 - slot) * BEND_SPACING
    return offset if (a, b) == (first, second) else -offset
