"""Where a callout may go around its target, nearest first.

The target is a stage's box, or a link's badge (else the link's middle); a callout may
sit at most ``reach(height)`` from it (twice its height and ``REACH_PAD``: the nearest
distance between their boxes). ``spots`` lists the places a callout may take, in rings
``GAP`` to ``reach`` out, nearest first; placement (``callout_placement.py``) takes the
first that breaks no rule.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

from PySide6.QtCore import QRectF

from mesadiagram.analysis.layout.clearance import Point, Rect
from mesadiagram.model import Document, ElementId, LinkId
from mesadiagram.render.geometry import EdgeGeometry
from mesadiagram.render.link_labels import badge_rect, has_badge
from mesadiagram.render.plane import polyline, rect_of

GAP = 14.0  # the nearest a callout comes to its target
REACH_PAD = 80.0  # px a callout may be further from its target than twice its height
STEP = 14.0  # between rings of spots
SLIDE = 30.0  # between spots along one side of the target
RINGS = 10  # rings of spots between GAP and reach, at most (further apart for tall callouts)
ROUND = 24.0  # target sizes are rounded up to this for the patterns of spots


class SpotGrid(NamedTuple):
    """How densely spots are laid out: callouts use the default; compact tags
    (``tag_placement.py``), small and many, a size ``quantum`` (their sizes rounded up to
    it, in units of the theme's text size, so that a few patterns serve a figure at
    every font size) and, for the few left without a spot, a finer grid from nearer in."""

    quantum: float = 0.0  # box sizes rounded up to this, in units (0: exact, in px)
    slide: float = SLIDE  # between spots along a side
    step: float = STEP  # between rings, at least
    first: float = GAP  # the nearest ring
    rings: int = RINGS  # rings between ``first`` and the limit, at most


COARSE = SpotGrid()


def reach(height: float) -> float:
    """How far a callout of ``height`` may sit from its target: twice its height and
    ``REACH_PAD`` (its gap to the target: the nearest distance between their boxes)."""
    return 2 * height + REACH_PAD


@dataclass
class Target:
    """What a callout points at: a stage's box, or a link (its disc, else its line)."""

    owner: ElementId
    box: Rect
    link: LinkId | None = None
    disc: bool = False
    starts: tuple[Point, ...] = ()  # for a link without a disc: where a leader may start
    horizontal: bool = True  # the target's links (or the link) run mostly sideways
    # a link's callouts prefer above (left of) it, so as not to take its stages' places
    # below (right); a compact tag prefers below (right), where its spots touching the
    # badge are (``link_tags.near_spots``)
    link_sides: bool = True


def target_of(
    doc: Document,
    owner: ElementId,
    node_rects: dict[str, QRectF],
    edges: dict[LinkId, EdgeGeometry],
) -> Target:
    if doc.has_node(owner):
        box = rect_of(node_rects[owner])
        sideways = 0.0
        for key in doc.incident_edges(owner):
            geo = edges.get(key)
            if geo is not None:
                line = polyline(geo.path)
                dx, dy = line[-1][0] - line[0][0], line[-1][1] - line[0][1]
                sideways += abs(dx) - abs(dy)
        return Target(owner, box, horizontal=sideways >= 0)
    geo = edges[owner]
    line = polyline(geo.path)
    dx, dy = line[-1][0] - line[0][0], line[-1][1] - line[0][1]
    m = (geo.middle.x(), geo.middle.y())
    if has_badge(doc.edge(owner)):
        return Target(owner, badge_rect(geo), owner, True, horizontal=abs(dx) >= abs(dy))
    starts = _points_along(line, m)
    return Target(owner, (m[0], m[1], m[0], m[1]), owner, False, starts, abs(dx) >= abs(dy))


def _points_along(line: list[Point], middle: Point) -> tuple[Point, ...]:
    """The middle of a link, then points of it further from the middle (a leader may
    start beside the link's label rather than through it)."""
    out = [middle]
    lengths = [0.0]
    for (x0, y0), (x1, y1) in pairwise(line):
        lengths.append(lengths[-1] + math.hypot(x1 - x0, y1 - y0))
    for t in (0.35, 0.65, 0.25, 0.75):
        s = lengths[-1] * t
        for i in range(1, len(line)):
            if lengths[i] >= s:
                piece = lengths[i] - lengths[i - 1] or 1.0
                f = (s - lengths[i - 1]) / piece
                (x0, y0), (x1, y1) = line[i - 1], line[i]
                out.append((x0 + (x1 - x0) * f, y0 + (y1 - y0) * f))
                break
    return tuple(out)


@functools.lru_cache(maxsize=4096)
def _pattern(
    tw: float,
    th: float,
    w: float,
    h: float,
    horizontal: bool,
    link: bool,
    limit: float,
    grid: SpotGrid = COARSE,
) -> tuple[tuple[float, float], ...]:
    """Top-left corners of spots around a ``tw`` x ``th`` target at (0, 0), nearest first
    (ties: the sides away from the target's links first, then centred first). Stages
    prefer below (or right of) themselves and links above (or left of) themselves, so
    that in a chain the two kinds of callout do not take each other's places."""
    found: list[tuple[float, int, float, float, float]] = []
    sides = ("below", "above", "right", "left")
    if not horizontal:
        sides = ("right", "left", "below", "above")
    if link:
        sides = (sides[1], sides[0], sides[3], sides[2])
    step = max(grid.step, (limit - grid.first) / grid.rings)
    g = grid.first
    while g <= limit:
        for rank, side in enumerate(sides):
            along = w if side in ("below", "above") else h
            span = tw if side in ("below", "above") else th
            centred = (span - along) / 2
            for o in _offsets(centred, along, span, limit, grid.slide):
                # how far the spot reaches past the target's side, the other way
                past = max(0.0, -(o + along), o - span)
                d = math.hypot(g, past)
                if d > limit:
                    continue
                if side == "below":
                    x, y = o, th + g
                elif side == "above":
                    x, y = o, -g - h
                elif side == "right":
                    x, y = tw + g, o
                else:
                    x, y = -g - w, o
                found.append((d, rank, abs(o - centred), x, y))
        g += step
    found.sort()
    seen: set[tuple[float, float]] = set()
    out = []
    for *_, x, y in found:
        if (x, y) not in seen:
            seen.add((x, y))
            out.append((x, y))
    return tuple(out)


def _offsets(
    centred: float, along: float, span: float, limit: float, slide: float = SLIDE
) -> list[float]:
    """Where a spot may start along the target's side: centred, flush with either end,
    and ``slide`` apart out to where it would be ``limit`` past the target."""
    out = [centred, 0.0, span - along]
    k = 1
    while True:
        more = [o for o in (centred - k * slide, centred + k * slide) if -(o + along) <= limit]
        more = [o for o in more if o - span <= limit]
        if not more:
            return out
        out += more
        k += 1


def spots(
    target: Target, w: float, h: float, limit: float, grid: SpotGrid = COARSE
) -> Iterator[Rect]:
    """Spots for a ``w`` x ``h`` callout around ``target``, nearest first. (The pattern
    is made for the target's size rounded up to ``ROUND``, so that a few patterns serve
    a whole figure; centred on the real target, its spots are never nearer than meant.
    With a ``grid.quantum``, the box's size is rounded up to it too: spots above or
    left of the target are then up to a ``quantum`` further out.)"""
    pattern, left, top, unit = spot_pattern(target, w, h, limit, grid)
    for x, y in pattern:
        x0, y0 = left + x * unit, top + y * unit
        yield (x0, y0, x0 + w, y0 + h)


def spot_pattern(
    target: Target, w: float, h: float, limit: float, grid: SpotGrid = COARSE, unit: float = 1.0
) -> tuple[tuple[tuple[float, float], ...], float, float, float]:
    """What ``spots`` yields, as the cached pattern of top-left corners, where its origin
    is and its scale (placement walks it without a generator: it tries thousands). With a
    ``grid.quantum``, the pattern is made in ``unit``s (a theme's: text sizes over 14 px),
    so that one pattern serves a figure at every font size, its spots as far apart
    against the text."""
    q = grid.quantum
    u = unit if q else 1.0
    pw, ph = w / u, h / u
    if q:
        pw, ph = math.ceil(pw / q) * q, math.ceil(ph / q) * q
    b = target.box
    tw = math.ceil((b[2] - b[0]) / u / ROUND) * ROUND
    th = math.ceil((b[3] - b[1]) / u / ROUND) * ROUND
    left = (b[0] + b[2] - tw * u) / 2
    top = (b[1] + b[3] - th * u) / 2
    link = target.link is not None and target.link_sides
    reach_to = math.floor(limit / u / q) * q if q else round(limit)  # (rounded down: within)
    pattern = _pattern(tw, th, pw, ph, target.horizontal, link, reach_to, grid)
    return pattern, left, top, u
