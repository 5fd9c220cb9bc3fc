"""Compact mode's tag of a link: each intervention's label, readable beside the link.

A link with interventions shows their count on a badge at its middle (``draw.py``); the
tag lists them under (or beside) the badge, one entry per intervention with its mark,
wrapped narrow enough to sit between the two stages; the link's other annotations
(caveats, notes, declared types...) follow as marks with counts, as on a stage. Methods
stay in the detailed view's callout.

Where it goes: the first of a few spots next to the badge (``near_spots``: below or above
a level link, right or left of an upright one, wide or narrow) that overlaps nothing.
Figures place tags by the rules of callouts (``tag_placement.py``: a spot further out,
within reach, with a leader, when none near is free); the canvas checks only the link's
own stages and label (``local_tag``), so a tag follows its link while dragging.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, Qt

from mesadiagram.model import Annotation, Document, Edge
from mesadiagram.render.callouts import leader_end
from mesadiagram.render.draw import annotation_title, small_font, type_color
from mesadiagram.render.drawn_text import svg_id
from mesadiagram.render.fonts import font_metrics, left_baseline, make_font, text_width
from mesadiagram.render.geometry import EdgeGeometry, counted_types
from mesadiagram.render.mark_shapes import BADGE_SIZE, COUNT_TEXT, draw_count, draw_mark
from mesadiagram.render.obstacles import CLEARANCE, link_points, segment_meets
from mesadiagram.render.surface import Fill, Stroke, Surface
from mesadiagram.render.theme import Theme
from mesadiagram.render.wrapping import wrap

# Text-related sizes, for 14-pixel labels (times the theme's ``unit``):
TEXT_WIDTHS = (150.0, 96.0)  # the canvas: wrap widths tried next to the badge
# Figures: also wider, fewer lines (beside an upright link, between two layers of stages;
# away from a level one, under or over a row of stages), whichever finds room.
FIGURE_WIDTHS = (220.0, 150.0, 96.0)
PAD, MARK, MARK_GAP = 3.0, 7.0, 4.0
COUNT_GAP = 6.0  # between two counts
# ...and spacing, in scene units:
GAP = 6.0  # from the badge (beyond its clearance)
MAX_LINES = 12  # of one intervention's label (the inspector and hover card have it all)
CANVAS_LINES = 6  # a canvas tag's lines at most (its link's bounds are made from this)


@dataclass
class TagEntry:
    """One intervention: its label in lines."""

    annotation: Annotation
    lines: list[str]


@dataclass
class LinkTag:
    """Where a link's tag is drawn: its box, the link's middle it belongs to, the
    interventions' lines and the counts of the other types."""

    rect: QRectF
    anchor: QPointF
    entries: list[TagEntry]
    counts: list[tuple[str, int]] = field(default_factory=list)
    line_height: float = 0.0
    leader: bool = False  # away from the badge: a thin line joins them
    line: tuple[QPointF, QPointF] | None = None  # that line, as placed (else from the badge)
    crossing: bool = False  # its leader crosses links: no spot within reach had a clear one
    covers: bool = False  # links pass under it (a large crowded figure): drawn over it again


def _measure(theme: Theme):
    small = small_font(theme)
    return functools.partial(text_width, small)


@functools.lru_cache(maxsize=16384)
def _wrapped(family: str, size: float, text: str, width: float) -> tuple[tuple[str, ...], float]:
    """A label in lines of at most ``width``, and its widest line (cached: the canvas
    asks again at every refresh of a link)."""
    small = make_font(family, size * 0.78)
    measure = functools.partial(text_width, small)
    lines = tuple(wrap(text, measure, width, MAX_LINES))
    return lines, max((measure(line) for line in lines), default=0.0)


def tag_layouts(
    edge: Edge, theme: Theme, widths: tuple[float, ...] = TEXT_WIDTHS
) -> list[tuple[list[TagEntry], list, float, float]]:
    """The tag's content at each wrap width that wraps it differently: (entries, counts,
    width, height), widest first."""
    ivs = [a for a in edge.annotations if a.type == "intervention"]
    others = [a.type for a in edge.annotations if a.type != "intervention"]
    counts = [(t, others.count(t)) for t in _counted(others)]
    if not ivs and not counts:
        return []
    line_h = font_metrics(small_font(theme)).height()
    k = theme.unit
    out: list = []
    seen: set[tuple] = set()
    for text_w in widths:
        entries, widest = [], 0.0
        for a in ivs:
            text = a.label or a.text or "intervention"
            lines, w = _wrapped(theme.font_family, theme.font_size, text, text_w * k)
            entries.append(TagEntry(a, list(lines)))
            widest = max(widest, w)
        wrapped = tuple(tuple(e.lines) for e in entries)
        if wrapped in seen:
            continue  # (as a wider one: every label fits both)
        seen.add(wrapped)
        content = widest + ((MARK + MARK_GAP) * k if entries else 0.0)
        if counts:
            content = max(content, _counts_width(counts, theme))
        rows = sum(len(e.lines) for e in entries) + (1 if counts else 0)
        out.append((entries, counts, content + 2 * PAD * k, rows * line_h + 2 * PAD * k))
    return out


def _counted(types: list[str]) -> list[str]:
    kinds = ["kind"] if "kind" in types else []
    return kinds + counted_types(types)


def _counts_width(counts: list[tuple[str, int]], theme: Theme) -> float:
    measure, k = _measure(theme), theme.unit
    return sum(COUNT_TEXT * k + measure(str(n)) for _, n in counts) + COUNT_GAP * k * (
        len(counts) - 1
    )


def level(geo: EdgeGeometry) -> bool:
    """Whether the link runs more across than up or down at its middle."""
    angle = math.radians(geo.path.angleAtPercent(0.5))
    return abs(math.cos(angle)) >= abs(math.sin(angle))


def near_spots(geo: EdgeGeometry, w: float, h: float, label: QRectF | None) -> Iterator[QRectF]:
    """Spots touching the badge: below and above a level link (above its label, if
    any), right and left of an upright one, then the other two; each centred on the
    badge, then flush with either of its sides."""
    m, r, half = geo.middle, geo.badge / 2 + GAP, geo.badge / 2
    top = min(m.y() - r, label.top() - GAP) if label is not None else m.y() - r
    across = [m.x() - w / 2, m.x() - half, m.x() + half - w]  # lefts: centred, flush
    upright = [m.y() - h / 2, m.y() - half, m.y() + half - h]  # tops
    below = [QRectF(x, m.y() + r, w, h) for x in across]
    above = [QRectF(x, top - h, w, h) for x in across]
    right = [QRectF(m.x() + r, y, w, h) for y in upright]
    left = [QRectF(m.x() - r - w, y, w, h) for y in upright]
    sides = (below, above, right, left) if level(geo) else (right, left, below, above)
    for side in sides:
        yield from side


def make_tag(layout, rect: QRectF, geo: EdgeGeometry, theme: Theme, leader: bool) -> LinkTag:
    """A tag of ``layout`` (one of ``tag_layouts``) at ``rect``, for the link ``geo``."""
    entries, counts, _w, _h = layout
    line_h = font_metrics(small_font(theme)).height()
    return LinkTag(rect, QPointF(geo.middle), entries, counts, line_h, leader)


def local_tag(
    edge: Edge, geo: EdgeGeometry, theme: Theme, boxes: list[QRectF], label: QRectF | None
) -> LinkTag | None:
    """The canvas's tag: the first spot next to the badge clear of ``boxes`` (the link's
    stages), its label and its own line; the first spot when none is."""
    layouts = [_capped(layout, theme) for layout in tag_layouts(edge, theme)]
    if not layouts:
        return None
    # A handful of obstacles: tested one by one (a grid would cost more than it saves;
    # the canvas makes the tag of every annotated link it paints).
    rects = [*boxes, *([label] if label is not None else [])]
    lines = list(pairwise(link_points(geo)))
    first = None
    for layout in layouts:
        for rect in near_spots(geo, layout[2], layout[3], label):
            first = first or (layout, rect)
            grown = rect.adjusted(-CLEARANCE, -CLEARANCE, CLEARANCE, CLEARANCE)
            if any(grown.intersects(r) for r in rects):
                continue
            if not any(segment_meets(a, b, grown) for a, b in lines):
                return make_tag(layout, rect, geo, theme, False)
    assert first is not None
    return make_tag(first[0], first[1], geo, theme, False)


def _capped(layout, theme: Theme):
    """At most ``CANVAS_LINES`` lines (the hover card and inspector have the rest): the
    last line shown ends with an ellipsis when anything is left out."""
    entries, counts, w, _h = layout
    room = CANVAS_LINES - (1 if counts else 0)
    if sum(len(e.lines) for e in entries) <= room:
        return layout
    kept: list[TagEntry] = []
    for entry in entries:
        if room <= 0:
            break
        kept.append(TagEntry(entry.annotation, entry.lines[:room]))
        room -= len(kept[-1].lines)
    small = small_font(theme)
    k = theme.unit
    text_w = w - 2 * PAD * k - MARK * k - MARK_GAP * k
    last = kept[-1].lines
    last[-1] = font_metrics(small).elidedText(last[-1] + " …", Qt.TextElideMode.ElideRight, text_w)
    rows = sum(len(e.lines) for e in kept) + (1 if counts else 0)
    return kept, counts, w, rows * font_metrics(small).height() + 2 * PAD * theme.unit


def draw_link_tag(s: Surface, doc: Document, tag: LinkTag, theme: Theme, owner_id: str) -> None:
    """The tag on an opaque ground: per intervention its mark and its label (one text of
    several lines, in its own group with the annotation's id), then the counts."""
    small = small_font(theme)
    k = theme.unit
    pad, mark_side, mark_gap = PAD * k, MARK * k, MARK_GAP * k
    with s.group(f"tag-{owner_id}", "tag", None):
        if tag.leader:  # from the badge's edge, so it never crosses the digits
            if tag.line is not None:
                off, end = tag.line
            else:
                end = leader_end(tag.rect, tag.anchor)
                off = _off_badge(tag.anchor, end, BADGE_SIZE * k)
            s.line(off, end, Stroke(theme.edge, 0.8, opacity=0.7))
        s.rect(tag.rect, 3, Fill(theme.background), None)
        left = tag.rect.left() + pad
        y = tag.rect.top() + pad
        h = tag.line_height
        color = type_color(doc, theme, "intervention")
        style = theme.type_style("intervention")
        icon = doc.annotation_type("intervention").icon
        for entry in tag.entries:
            ann = entry.annotation
            group = svg_id("annotation", ann.id) if ann.id else None
            # (class "entry", not "annotation": that one marks the detailed view's callouts)
            with s.group(group, "entry intervention", annotation_title(ann)):
                mark = QRectF(left, y + (h - mark_side) / 2, mark_side, mark_side)
                draw_mark(s, icon, mark, color, style, theme.background)
                rows = [
                    QRectF(left + mark_side + mark_gap, y + i * h, tag.rect.width(), h)
                    for i in range(len(entry.lines))
                ]
                baselines = [left_baseline(small, row) for row in rows]
                s.text_lines(baselines, entry.lines, small, theme.edge_text, "start")
            y += h * len(entry.lines)
        _draw_counts(s, doc, tag, theme, QRectF(left, y, tag.rect.width(), h))


def _off_badge(middle: QPointF, toward: QPointF, badge: float) -> QPointF:
    """Where the line from the centre of a badge of side ``badge`` toward ``toward``
    leaves the badge."""
    dx, dy = toward.x() - middle.x(), toward.y() - middle.y()
    most = max(abs(dx), abs(dy))
    if most <= badge / 2:
        return middle
    t = (badge / 2 + 1) / most
    return QPointF(middle.x() + dx * t, middle.y() + dy * t)


def _draw_counts(s: Surface, doc: Document, tag: LinkTag, theme: Theme, row: QRectF) -> None:
    small = small_font(theme)
    k = theme.unit
    x = row.left()
    under = (small, theme.node_subtext, theme.background)
    for type_name, count in tag.counts:
        rect = QRectF(x, row.top(), row.width(), row.height())
        icon = doc.annotation_type(type_name).icon
        color = type_color(doc, theme, type_name)
        style = theme.type_style(type_name)
        draw_count(s, type_name, icon, color, style, count, rect, under, k)
        x += COUNT_TEXT * k + text_width(small, str(count)) + COUNT_GAP * k


def tag_reach(edge: Edge, theme: Theme) -> tuple[float, float] | None:
    """How far from the link's middle its canvas tag can reach, across and up or down
    (the bounds of a link, made at every refresh, before its path): from the largest
    tag the canvas draws, without wrapping anything; None when it has no tag."""
    if not edge.annotations:
        return None
    others = [a.type for a in edge.annotations if a.type != "intervention"]
    counts = [(t, others.count(t)) for t in _counted(others)]
    line_h = font_metrics(small_font(theme)).height()
    k = theme.unit
    widest = (TEXT_WIDTHS[0] + MARK + MARK_GAP) * k
    w = max(widest, _counts_width(counts, theme) if counts else 0)
    beside = BADGE_SIZE * k / 2 + GAP + 2.0
    label = 2 * line_h + 16.0 * k  # above a label beside the badge
    return w + 2 * PAD * k + beside, CANVAS_LINES * line_h + 2 * PAD * k + beside + label
