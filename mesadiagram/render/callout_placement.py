"""Where each detailed callout goes: near its stage or link, hiding nothing.

Rules (``figure_check.py`` tests the same ones on a built figure):

* a callout overlaps no stage, link label, intervention badge, other callout or leader,
  and no link passes under it (it keeps ``CLEAR`` off all of them), so nothing vanishes
  under a callout;
* its dashed leader crosses no stage, label, badge or callout, nor another leader; it
  starts on the stage's border, just off the link's badge, or on the link;
* it sits within ``reach(height)`` of its target (the stage's box, the link's badge or
  middle): spots are tried nearest first, ring by ring ``STEP`` apart, from ``GAP`` out.

A callout with no such spot is left out; figures then spread the stages further apart
and try again (``figure.py``); where that is not enough (a very dense model), a callout
may sit over links, which the figure then draws again over it, so that they never
vanish (``Placement.crossing``). The canvas, which cannot move stages, does the same
and then looks further out.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF

from mesadiagram.analysis.layout.clearance import Point, Rect, border_xy
from mesadiagram.model import Document, ElementId, LinkId
from mesadiagram.render.callout_spots import (
    COARSE,
    GAP,
    STEP,
    SpotGrid,
    Target,
    reach,
    spot_pattern,
    target_of,
)
from mesadiagram.render.callouts import PAD as CALLOUT_PAD
from mesadiagram.render.callouts import (
    CalloutGeometry,
    CalloutLine,
    callout_size,
    element_callout_lines,
)
from mesadiagram.render.draw import edge_label_rect
from mesadiagram.render.figure_parts import Parts, figure_parts
from mesadiagram.render.geometry import EdgeGeometry, metrics
from mesadiagram.render.link_labels import badge_rect, has_badge
from mesadiagram.render.plane import (
    Index,
    grown,
    polyline,
    qrect,
    rect_of,
)
from mesadiagram.render.theme import Theme

CLEAR = 6.0  # a callout keeps this far off everything else
LEADER_CLEAR = 2.0  # a leader keeps this far off boxes it must not cross
CORNER_INSET = 2.4  # a rounded stage's corner, diagonally in from its box's corner
FAR = 4.0  # the canvas's fallback looks this many times further out
MAX_TRIES = 400  # spots tried, nearest first, before giving up
THOROUGH_TRIES = 20_000  # the same, for the few callouts left without a spot
THOROUGH_FEW = 20  # how many are few
SEARCH_ON = 100  # spots still tried for one off links, once one over links is found


Spot = tuple[Rect, tuple[Point, Point]] | None  # a callout's box and its leader


def _nearest(r: Rect, p: Point) -> Point:
    return (min(max(p[0], r[0]), r[2]), min(max(p[1], r[1]), r[3]))


def _between(b: Rect, r: Rect) -> tuple[Point, Point]:
    """A leader from a stage's box ``b`` to a callout ``r``: straight across where they
    face each other, else from the stage's nearest (rounded) corner."""
    lo, hi = max(b[0] + 8, r[0]), min(b[2] - 8, r[2])
    if lo <= hi:
        x = (lo + hi) / 2
        return ((x, b[3]), (x, r[1])) if r[1] >= b[3] else ((x, b[1]), (x, r[3]))
    lo, hi = max(b[1] + 8, r[1]), min(b[3] - 8, r[3])
    if lo <= hi:
        y = (lo + hi) / 2
        return ((b[2], y), (r[0], y)) if r[0] >= b[2] else ((b[0], y), (r[2], y))
    cx = b[2] - CORNER_INSET if r[0] >= b[2] else b[0] + CORNER_INSET
    cy = b[3] - CORNER_INSET if r[1] >= b[3] else b[1] + CORNER_INSET
    return (cx, cy), _nearest(r, (cx, cy))


class Placement:
    """Callouts placed one by one among a figure's (or the canvas's) elements."""

    def __init__(
        self,
        doc: Document,
        theme: Theme,
        node_rects: dict[str, QRectF],
        edges: dict[LinkId, EdgeGeometry],
        parts: Parts | None = None,
    ) -> None:
        """``parts``: groups' frames and text boxes (None: those of ``doc`` around
        ``node_rects``, ``figure_parts.py``): their labels and the boxes are kept clear,
        and nothing placed lies across a frame's border (it is inside or outside)."""
        self.doc, self.theme = doc, theme
        self.node_rects, self.edges = node_rects, edges
        self.line_h = metrics(theme.font_family, theme.font_size)[1].height()
        self.boxes = Index()  # stages, labels, badges, callouts: by (kind, id)
        self.lines = Index()  # links, by link id
        self.leaders = Index()  # placed leaders, by owner
        self.crossing: set[ElementId] = set()  # owners whose callout has links over it
        self.texts: dict[ElementId, list[CalloutLine]] = {}
        # spots still tried for one off links once one over links is found (a crowded
        # figure tries fewer: most of its callouts have links all around)
        self.search_on = MAX_TRIES
        self.tries = MAX_TRIES  # spots tried before giving up (a small figure: all)
        for node_id, rect in node_rects.items():
            self.boxes.add(grown(rect_of(rect), LEADER_CLEAR), ("stage", node_id))
        if parts is None:
            parts = figure_parts(doc, theme, node_rects)
        for i, rect in enumerate(parts.obstacles()):
            self.boxes.add(grown(rect_of(rect), LEADER_CLEAR), ("part", str(i)))
        self.borders = Index()  # frames' borders, as thin boxes
        for group, rect in parts.frames.items():
            for side in _sides(rect_of(rect)):
                self.borders.add(side, group)
        # whether borders are kept clear: tags with no spot off them try again across
        # them (``tag_placement.py``), as a frame's border is only a line
        self.framed = len(self.borders) > 0
        for key, geo in edges.items():
            edge = doc.edge(key)
            self.lines.add_line(polyline(geo.path), key)
            label = edge_label_rect(theme, edge, geo)
            if label is not None:
                self.boxes.add(grown(rect_of(label), LEADER_CLEAR), ("label", key))
            if has_badge(edge):
                self.boxes.add(grown(badge_rect(geo), LEADER_CLEAR), ("badge", key))

    def lines_of(self, owner: ElementId) -> list[CalloutLine]:
        """The owner's callout lines (wrapped once, however often it is placed)."""
        lines = self.texts.get(owner)
        if lines is None:
            lines = self.texts[owner] = element_callout_lines(self.doc, owner, self.theme)
        return lines

    def place(
        self,
        owner: ElementId,
        cross_links: bool = False,
        far: bool = False,
        thorough: bool = False,
    ) -> CalloutGeometry | None:
        """The owner's callout at the nearest spot within ``reach`` that breaks no rule
        (of the first ``MAX_TRIES``, or of all with ``thorough``); with ``cross_links``,
        else the nearest with links under it (the figure draws those links again over
        it); with ``far``, else one further out."""
        lines = self.lines_of(owner)
        if not lines:
            return None
        w, h = callout_size(lines, self.line_h, self.theme.unit)
        target = target_of(self.doc, owner, self.node_rects, self.edges)
        tries = THOROUGH_TRIES if thorough else self.tries
        found, crossing = self.search(target, w, h, reach(h), tries)
        if found is None and crossing is not None and cross_links:
            found = crossing
            self.crossing.add(owner)
        if found is None and far:
            found, crossing = self.search(target, w, h, FAR * reach(h), tries)
            if found is None and crossing is not None:
                found = crossing
                self.crossing.add(owner)
            found = found or self.anywhere(target, w, h)
        if found is None:
            return None
        r, (start, end) = found
        self.take(r, ("callout", owner), (start, end))
        pad = CALLOUT_PAD * self.theme.unit  # (as the box grows with the text)
        return CalloutGeometry(qrect(r), lines, self.line_h, QPointF(*start), pad)

    def search(
        self,
        target: Target,
        w: float,
        h: float,
        limit: float,
        tries: int,
        clear: float = CLEAR,
        tag: bool = False,
        beyond: float = 0.0,
        grid: SpotGrid = COARSE,
        start: int = 0,
    ) -> tuple[Spot, Spot]:
        """The nearest spot that breaks no rule, and the nearest (before it) that only
        has links under it, among the first ``tries`` of ``grid`` (further than
        ``beyond`` from the target; from the ``start``-th: those before were tried and,
        as nothing placed goes away, still fail); either may be None. A ``tag``
        (``tag_placement.py``) never has links under it: its second spot is one whose
        leader crosses links."""
        crossing: Spot = None
        last = tries
        tries = -1
        pattern, left, top, u = spot_pattern(target, w, h, limit, grid, self.theme.unit)
        b0, b1, b2, b3 = target.box
        any_box = self.boxes.any_box
        for x, y in pattern:  # (inlined: the spots, their distance, the box grown)
            x0, y0 = left + x * u, top + y * u
            x1, y1 = x0 + w, y0 + h
            dx = b0 - x1 if b0 > x1 else (x0 - b2 if x0 > b2 else 0.0)
            dy = b1 - y1 if b1 > y1 else (y0 - b3 if y0 > b3 else 0.0)
            distance = math.hypot(dx, dy) if dx or dy else 0.0
            if beyond and distance <= beyond:
                continue
            tries += 1
            if tries >= last:
                break
            if distance > limit or tries < start:
                continue
            wide = (x0 - clear, y0 - clear, x1 + clear, y1 + clear)
            if any_box(wide) is not None:
                continue
            if self.framed and self.borders.any_box(wide) is not None:
                continue
            r = (x0, y0, x1, y1)
            if self.leaders.any_line_entering(grown(r, LEADER_CLEAR)) is not None:
                continue
            off_links = self.lines.any_line_entering(wide) is None
            if tag:
                line = self._leader(target, r) if off_links else None
                if line is None:
                    continue
                if self.lines.any_line_crossing(*line, (target.link,)) is None:
                    return (r, line), crossing
                if crossing is None:
                    crossing = (r, line)
                    last = min(last, tries + self.search_on)
                continue
            if not off_links and (crossing is not None or not self._own_link_clear(target, wide)):
                continue
            line = self._leader(target, r)
            if line is None:
                continue
            if off_links:
                return (r, line), crossing
            crossing = (r, line)
            last = min(last, tries + self.search_on)  # a little further for one off links
        return None, crossing

    def free(self, r: Rect, clear: float, skip: tuple = ()) -> bool:
        """Whether the box ``r`` keeps ``clear`` off every box (but ``skip``), link and
        leader placed: a spot that needs no leader (a tag touching its badge)."""
        wide = grown(r, clear)
        return (
            self.boxes.any_box(wide, skip) is None
            and not (self.framed and self.borders.any_box(wide) is not None)
            and self.lines.any_line_entering(wide) is None
            and self.leaders.any_line_entering(wide) is None
        )

    def still_open(self, r: Rect, line: tuple[Point, Point], own: tuple, clear: float) -> bool:
        """Whether a spot found before (a tag's, with its leader over links) is still
        clear of everything placed since: boxes, links and leaders; its leader of boxes
        but ``own`` and of leaders."""
        wide = grown(r, clear)
        return (
            self.boxes.any_box(wide) is None
            and not (self.framed and self.borders.any_box(wide) is not None)
            and self.lines.any_line_entering(wide) is None
            and self.leaders.any_line_entering(grown(r, LEADER_CLEAR)) is None
            and self.boxes.any_box_entered(*line, own) is None
            and self.leaders.any_line_crossing(*line) is None
        )

    def take(self, r: Rect, key: tuple, line: tuple[Point, Point] | None) -> None:
        """``r`` (with its leader, if any) is placed: later ones keep off it."""
        self.boxes.add(r, key)
        if line is not None:
            self.leaders.add_line(list(line), key[1])

    def _own_link_clear(self, target: Target, box: Rect) -> bool:
        """A link's callout never lies over the link itself (other links, at worst)."""
        if target.link is None:
            return True
        others = tuple(k for _, k, _ in self.lines.near(box) if k != target.link)
        return self.lines.any_line_entering(box, others) is None

    def _leader(self, target: Target, r: Rect) -> tuple[Point, Point] | None:
        """The leader from ``target`` to the callout box ``r``, if one is clear."""
        b = target.box
        if target.link is None:
            own: tuple = (("stage", target.owner),)
            candidates = [_between(b, r)]
        elif target.disc:
            own = (("badge", target.link),)
            c = ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)
            end = _nearest(r, c)
            half = (b[2] - b[0]) / 2 + 1  # (just off the badge's square, not its digits)
            candidates = [(border_xy(c[0], c[1], half, half, end[0], end[1]), end)]
        else:
            own = ()
            candidates = [(p, _nearest(r, p)) for p in target.starts]
        for p, q in candidates:
            if (
                self.boxes.any_box_entered(p, q, own) is None
                and self.leaders.any_line_crossing(p, q) is None
            ):
                return p, q
        return None

    def anywhere(
        self, target: Target, w: float, h: float, clear: float = CLEAR, links: bool = False
    ) -> tuple[Rect, tuple[Point, Point]]:
        """Below the target, as far down as it takes to overlap no box (and, ``links``,
        no link): the canvas, when its stages leave no room nearer."""
        b = target.box
        x = (b[0] + b[2] - w) / 2
        y = b[3] + GAP
        while True:
            r = (x, y, x + w, y + h)
            wide = grown(r, clear)
            if (
                self.boxes.any_box(wide) is None
                and not (self.framed and self.borders.any_box(wide) is not None)
                and (not links or self.lines.any_line_entering(wide) is None)
            ):
                start = ((b[0] + b[2]) / 2, b[3])
                return r, (start, _nearest(r, start))
            y += STEP * 4


def _sides(r: Rect) -> list[Rect]:
    """A frame's four borders as boxes a unit thick."""
    left, top, right, bottom = r
    return [
        (left, top, right, top + 1),
        (left, bottom - 1, right, bottom),
        (left, top, left + 1, bottom),
        (right - 1, top, right, bottom),
    ]


def in_flow_order(placement: Placement, owners: list[ElementId]) -> list[ElementId]:
    """``owners`` along the figure's longer side (their stage's centre, their link's
    middle), so that neighbours are placed one after another and each leaves the next
    its room; document order breaks ties."""
    rects = placement.node_rects
    if not rects:
        return list(owners)
    xs = [r.center().x() for r in rects.values()]
    ys = [r.center().y() for r in rects.values()]
    across = max(xs) - min(xs) >= max(ys) - min(ys)

    def where(owner: ElementId) -> float:
        rect = rects.get(owner)
        at = rect.center() if rect is not None else placement.edges[owner].middle
        return at.x() if across else at.y()

    return sorted(owners, key=where)


def place_callouts(
    doc: Document,
    theme: Theme,
    node_rects: dict[str, QRectF],
    edges: dict[LinkId, EdgeGeometry],
    owners: list[ElementId],
    far: bool = False,
) -> tuple[dict[ElementId, CalloutGeometry], list[ElementId]]:
    """Each owner's callout, in the order given, at the nearest spot within reach that
    breaks no rule; and the owners that found none. With ``far`` (the canvas, which
    cannot move stages) those take a spot with links under it, or one further out."""
    placement = Placement(doc, theme, node_rects, edges)
    placed: dict[ElementId, CalloutGeometry] = {}
    missing: list[ElementId] = []
    for owner in in_flow_order(placement, owners):
        geo = placement.place(owner)
        if geo is not None:
            placed[owner] = geo
        elif placement.lines_of(owner):
            missing.append(owner)
    if far:
        thorough = len(missing) <= THOROUGH_FEW  # (every spot: for a few, not hundreds)
        for owner in missing:
            geo = placement.place(owner, cross_links=True, far=True, thorough=thorough)
            if geo is not None:
                placed[owner] = geo
        missing = []
    return placed, missing
