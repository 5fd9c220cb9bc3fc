"""Where things go: the boxes of stages, the paths of links, and their parts.

Pure geometry from the model and font metrics; drawing (``draw.py``), the canvas
and the exports all use it, so they agree to the pixel.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainterPath

from mesadiagram.model import Document, Edge, Node
from mesadiagram.render.drawn_text import drawable
from mesadiagram.render.fonts import make_font
from mesadiagram.render.theme import Theme

MAX_LABEL_WIDTH = 150.0
MIN_WIDTH, MIN_HEIGHT = 120.0, 44.0
PAD_X, PAD_Y = 12.0, 9.0
CHIP_HEIGHT, CHIP_GAP = 16.0, 4.0
ARROW_SIZE = 9.0
COUNTED_TYPES = ("mechanism", "caveat", "note")


def fonts(theme: Theme) -> tuple[QFont, QFont]:
    """The label font and the smaller font for chips and counts."""
    return _fonts(theme.font_family, theme.font_size)


def _fonts(family: str, size: float) -> tuple[QFont, QFont]:
    """Sized in pixels (scene units), so every device measures and draws text alike."""
    return make_font(family, size, bold=True), make_font(family, size * 0.78)


@functools.lru_cache(maxsize=16)
def metrics(family: str, size: float) -> tuple[QFontMetricsF, QFontMetricsF]:
    label, small = _fonts(family, size)
    return QFontMetricsF(label), QFontMetricsF(small)


@functools.lru_cache(maxsize=65536)
def advance(family: str, size: float, small: bool, text: str) -> float:
    """The width of ``text`` in the label (or small) font; cached, since opening a large
    model measures the same words and chips again and again."""
    return metrics(family, size)[1 if small else 0].horizontalAdvance(drawable(text))


@functools.lru_cache(maxsize=16384)
def _label_lines(family: str, size: float, label: str) -> tuple[tuple[str, ...], float]:
    """A stage label wrapped to ``MAX_LABEL_WIDTH``, and the width of its widest line."""
    lines = _wrap_by_words(family, size, label)
    if lines is None:
        lines = wrap(label, metrics(family, size)[0], MAX_LABEL_WIDTH)
    return tuple(lines), max((advance(family, size, False, line) for line in lines), default=0.0)


def _wrap_by_words(family: str, size: float, label: str) -> list[str] | None:
    """``wrap`` of a label, with far fewer text measurements (opening 5,000 stages made
    25,000): lines are guessed from cached word widths, then each line and each break is
    checked exactly. None when the guess is wrong or the label needs cutting or eliding."""
    words = label.split()
    if len(words) < 2 or label != " ".join(words):
        return None
    space = advance(family, size, False, " ")
    lines: list[list[str]] = [[]]
    used = 0.0
    for word in words:
        w = advance(family, size, False, word)
        if lines[-1] and used + space + w <= MAX_LABEL_WIDTH:
            lines[-1].append(word)
            used += space + w
        else:
            if lines[-1]:
                lines.append([])
            lines[-1].append(word)
            used = w
    if len(lines) > 4:
        return None
    texts = [" ".join(line) for line in lines]
    for i, text in enumerate(texts):
        if advance(family, size, False, text) > MAX_LABEL_WIDTH:
            return None
        if i + 1 < len(lines):
            trial = f"{text} {lines[i + 1][0]}"
            if advance(family, size, False, trial) <= MAX_LABEL_WIDTH:
                return None
    return texts


def wrap(text: str, fm: QFontMetricsF, width: float, max_lines: int = 4) -> list[str]:
    """Greedy word wrap; words longer than a line are cut; the last line gets an ellipsis."""
    # Nothing past what fits in max_lines is ever shown: don't measure a megabyte of it.
    limit = max_lines * max(40, int(width))
    if len(text) > limit:
        text = text[:limit]
    text = drawable(text, keep_newlines=True)  # lines as they will be drawn
    if "\n" not in text and text == " ".join(text.split()) and fm.horizontalAdvance(text) <= width:
        return [text]  # the common case, measured once: a short label on one line
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            trial = f"{current} {word}" if current else word
            if fm.horizontalAdvance(trial) <= width:
                current = trial
                continue
            if current:
                lines.append(current)
            current = word
            while fm.horizontalAdvance(current) > width and len(current) > 1:
                cut = max(1, int(len(current) * width / fm.horizontalAdvance(current)))
                lines.append(current[:cut])
                current = current[cut:]
        lines.append(current)
        if len(lines) > max_lines:
            break
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = fm.elidedText(lines[-1] + " …", Qt.TextElideMode.ElideRight, width)
    return lines or [""]


@dataclass
class Chip:
    rect: QRectF
    text: str
    type_name: str


@dataclass
class NodeGeometry:
    """The box of a stage and where its label lines, chips and counts go."""

    rect: QRectF
    label_lines: list[str]
    line_height: float
    chips: list[Chip] = field(default_factory=list)
    counts: list[tuple[str, int, QRectF]] = field(default_factory=list)
    label_top: float = 0.0  # top of the first label line (content centred in the box)


def node_geometry(node: Node, theme: Theme, local: bool = False) -> NodeGeometry:
    """The stage's box centred on its position, or on (0, 0) when ``local`` (canvas items)."""
    family, size = theme.font_family, theme.font_size
    lm, sm = metrics(family, size)
    label_lines, text_w = _label_lines(family, size, node.label)
    lines = list(label_lines)
    line_h = lm.height()
    kinds = [a.label or a.type for a in node.annotations if a.type == "kind"]
    counts = []
    if node.annotations:
        types = [a.type for a in node.annotations]
        counts = [(t, types.count(t)) for t in COUNTED_TYPES if t in types]
    chip_w = [min(advance(family, size, True, k) + 10, MAX_LABEL_WIDTH) for k in kinds]
    chip_rows = _rows(chip_w, MAX_LABEL_WIDTH)
    width = max(
        MIN_WIDTH,
        text_w + 2 * PAD_X,
        max((sum(r) + CHIP_GAP * (len(r) - 1) for r in chip_rows), default=0) + 2 * PAD_X,
    )
    height = 2 * PAD_Y + line_h * len(lines)
    if chip_rows:
        height += CHIP_GAP + len(chip_rows) * (CHIP_HEIGHT + CHIP_GAP)
    if counts:
        height += sm.height() + CHIP_GAP
    content_height = height
    height = max(MIN_HEIGHT, height)
    x, y = (0.0, 0.0) if local or node.position is None else node.position
    rect = QRectF(x - width / 2, y - height / 2, width, height)
    geo = NodeGeometry(rect, lines, line_h)
    geo.label_top = rect.top() + PAD_Y + (height - content_height) / 2
    top = geo.label_top + line_h * len(lines) + CHIP_GAP
    index = 0
    for row in chip_rows:
        row_w = sum(row) + CHIP_GAP * (len(row) - 1)
        left = rect.center().x() - row_w / 2
        for w in row:
            geo.chips.append(Chip(QRectF(left, top, w, CHIP_HEIGHT), kinds[index], "kind"))
            left += w + CHIP_GAP
            index += 1
        top += CHIP_HEIGHT + CHIP_GAP
    if counts:
        widths = [advance(family, size, True, str(n)) + 16 for _, n in counts]
        left = rect.center().x() - (sum(widths) + 6 * (len(widths) - 1)) / 2
        for (type_name, n), w in zip(counts, widths, strict=True):
            geo.counts.append((type_name, n, QRectF(left, top, w, sm.height())))
            left += w + 6
    return geo


def _rows(widths: list[float], limit: float) -> list[list[float]]:
    rows: list[list[float]] = []
    for w in widths:
        if rows and sum(rows[-1]) + CHIP_GAP * len(rows[-1]) + w <= limit:
            rows[-1].append(w)
        else:
            rows.append([w])
    return rows


def border_point(rect: QRectF, toward: QPointF) -> QPointF:
    """Where the line from the box's centre toward ``toward`` leaves a rounded box."""
    c = rect.center()
    x, y = _border(c.x(), c.y(), rect.width() / 2, rect.height() / 2, toward.x(), toward.y())
    return QPointF(x, y)


def _border(
    cx: float, cy: float, hw: float, hh: float, tx: float, ty: float
) -> tuple[float, float]:
    """``border_point`` on plain floats (links are recomputed on every frame of a drag)."""
    dx, dy = tx - cx, ty - cy
    if dx == 0 and dy == 0:
        return cx, cy
    sx = hw / abs(dx) if dx else math.inf
    sy = hh / abs(dy) if dy else math.inf
    s = min(sx, sy)
    return cx + dx * s, cy + dy * s


@dataclass
class EdgeGeometry:
    path: QPainterPath
    arrow: list[QPointF]
    middle: QPointF
    start: QPointF | None = None  # where the path leaves the source box
    straight: bool = True  # the path is the line from ``start`` to ``arrow[0]``


def edge_ends(
    source: QRectF, target: QRectF, bend: float = 0.0
) -> tuple[float, float, float, float, float, float]:
    """Where a link leaves ``source`` and meets ``target``, and the control point between
    (x0, y0, x1, y1, cx, cy): plain floats, so bounds come cheap without a path."""
    left, top, sw, sh = source.getRect()  # one call instead of five per box
    sw, sh = sw / 2, sh / 2
    sx, sy = left + sw, top + sh
    left, top, tw, th = target.getRect()
    tw, th = tw / 2, th / 2
    tx, ty = left + tw, top + th
    cx, cy = (sx + tx) / 2, (sy + ty) / 2
    if bend:
        # The unit normal of the centre line, as QLineF.normalVector().unitVector() gives.
        length = math.hypot(tx - sx, ty - sy)
        if length:
            cx += (ty - sy) / length * bend
            cy -= (tx - sx) / length * bend
    x0, y0 = _border(sx, sy, sw, sh, cx, cy)
    x1, y1 = _border(tx, ty, tw, th, cx, cy)
    return x0, y0, x1, y1, cx, cy


def routed_edge_geometry(
    source: QRectF, target: QRectF, route: list[tuple[float, float]]
) -> EdgeGeometry:
    """A link through the bend points auto-layout gave it (so it goes around boxes)."""
    points = [QPointF(x, y) for x, y in route]
    start = border_point(source, points[0])
    end = border_point(target, points[-1])
    path = QPainterPath(start)
    for p in points:
        path.lineTo(p)
    path.lineTo(end)
    last = points[-1]
    angle = math.atan2(end.y() - last.y(), end.x() - last.x())
    left = QPointF(
        end.x() - ARROW_SIZE * math.cos(angle - 0.4), end.y() - ARROW_SIZE * math.sin(angle - 0.4)
    )
    right = QPointF(
        end.x() - ARROW_SIZE * math.cos(angle + 0.4), end.y() - ARROW_SIZE * math.sin(angle + 0.4)
    )
    return EdgeGeometry(path, [end, left, right], path.pointAtPercent(0.5), start, False)


def edge_geometry(
    source: QRectF,
    target: QRectF,
    bend: float = 0.0,
    route: list[tuple[float, float]] | None = None,
) -> EdgeGeometry:
    """A link from box to box; ``bend`` curves it sideways (for a pair linked both ways);
    a ``route`` of bend points takes precedence."""
    if route:
        return routed_edge_geometry(source, target, route)
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
    left = QPointF(x1 - ARROW_SIZE * math.cos(angle - 0.4), y1 - ARROW_SIZE * math.sin(angle - 0.4))
    right = QPointF(
        x1 - ARROW_SIZE * math.cos(angle + 0.4), y1 - ARROW_SIZE * math.sin(angle + 0.4)
    )
    return EdgeGeometry(path, [end, left, right], middle, start, not bend)


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
