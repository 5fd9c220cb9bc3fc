"""Figures: where each compact tag goes, by the rules of detailed callouts and with their
machinery (``callout_placement.Placement``); ``link_tags.py`` makes and draws the tags.

* A tag overlaps no stage, link label, badge, other tag or leader, and no link passes
  under it, its own included (it keeps ``CLEAR`` off all of them).
* Best, it touches its badge (``link_tags.near_spots``), wide or narrow: no leader.
* Else it takes the nearest spot within ``reach(height)`` of the badge (of the link's
  middle when it has none), with a leader from just off the badge (from the link) that
  crosses no stage, label, badge, tag, leader and no other link.
* Only when no such spot is within reach may the leader cross links: the nearest spot
  whose leader crosses links (``LinkTag.crossing``; ``figure_check.py`` reports these
  apart, as "leader over link").
* A tag with neither, or with a leader over links, counts as crowded: the figure spreads
  its stages further apart and tries again (``callout_room.spread_labels``); where that
  is not enough (a model too large to spread), it goes further out.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPointF, QRectF

from mesadiagram.analysis.layout.clearance import Point, Rect
from mesadiagram.model import Document, Edge, LinkId
from mesadiagram.render.callout_placement import (
    FAR,
    THOROUGH_FEW,
    THOROUGH_TRIES,
    Placement,
    in_flow_order,
)
from mesadiagram.render.callout_spots import SpotGrid, Target, reach, target_of
from mesadiagram.render.draw import edge_label_rect
from mesadiagram.render.figure_parts import Parts
from mesadiagram.render.geometry import EdgeGeometry
from mesadiagram.render.link_tags import (
    FIGURE_WIDTHS,
    LinkTag,
    make_tag,
    near_spots,
    tag_layouts,
)
from mesadiagram.render.obstacles import CLEARANCE
from mesadiagram.render.plane import qrect, rect_of
from mesadiagram.render.theme import Theme

CLEAR = CLEARANCE  # a tag keeps this far off everything else
FAR_WEIGHT = 3  # a tag with no spot within reach breaks a rule: worse than a leader over links
GRID = SpotGrid(quantum=8.0)  # (sizes rounded up: a few cached patterns serve a figure)
FINE = SpotGrid(quantum=2.0, slide=6.0, step=6.0, first=4.0, rings=60)  # for the few left
MANY, MANY_TRIES = 100, 60  # a figure with more tags tries this many spots per tag and layout
QUICK_TRIES = 150  # the same in the "quick" ways of a figure at a size


def place_link_tags(
    doc: Document,
    theme: Theme,
    node_rects: dict[str, QRectF],
    edges: dict[LinkId, EdgeGeometry],
    effort: str = "full",
    parts: Parts | None = None,
) -> tuple[dict[LinkId, LinkTag], int]:
    """Every annotated link's tag (in document order), placed along the figure's flow
    (``in_flow_order``: neighbours one after another), those without a clear spot
    among the first tried after the others; and how crowded they were: one for each
    whose leader crosses links, ``FAR_WEIGHT`` for each with no spot within reach (a
    figure spreads its stages to make that nought, else as small as it gets).
    ``parts``: frames and text boxes to keep clear (None: ``doc``'s, ``Placement``).

    ``effort``: "full" tries every spot within reach for the few left, then further
    out; "fine" the same on a finer grid (a figure's last look); "quick" (the ways a
    figure at a size tries, ``fit.py``) does not look further out: a tag left without a
    spot within reach is put by its badge, over whatever is there, and counted."""
    placement = Placement(doc, theme, node_rects, edges, parts)
    owners = [e.id for e in doc.edges if e.annotations]
    # A large figure tries fewer spots per tag (and those left take links under them
    # before going further out): it is built once, at its own spacing.
    many = len(owners) > MANY
    quick = effort == "quick"
    tries = MANY_TRIES if many else QUICK_TRIES if quick else placement.tries
    tags: dict[LinkId, LinkTag] = {}
    left: list[tuple[LinkId, list, list]] = []  # no clear spot in the first pass
    for link in in_flow_order(placement, owners):
        edge, geo = doc.edge(link), edges[link]
        layouts = tag_layouts(edge, theme, FIGURE_WIDTHS)
        if not layouts:
            continue
        tag = _near(placement, edge, geo, theme, layouts)
        over: list = []  # (each layout's nearest spot with its leader over links, if any)
        if tag is None:
            tag = _within_reach(placement, edge, geo, theme, layouts, tries, over=over)
        if tag is None and placement.framed:  # (then across a frame's border)
            placement.framed = False
            tag = _near(placement, edge, geo, theme, layouts)
            if tag is None:
                tag = _within_reach(placement, edge, geo, theme, layouts, tries, over=over)
            placement.framed = True
        if tag is None:
            left.append((link, layouts, over))
        else:
            tags[link] = tag
    crowded = 0
    # Those left found no spot off frames' borders: across them now. Frames leave tags
    # little room (a tag may not lie across one at first), so a figure with frames
    # looks thoroughly for a few left even in a quick look.
    framed, placement.framed = placement.framed, False
    few = len(left) <= THOROUGH_FEW and (framed or not quick)
    grid, start = (FINE, 0) if few and effort == "fine" else (GRID, tries)
    if few:  # (every spot within reach, for a few; those tried already are not again)
        tries = THOROUGH_TRIES
    for link, layouts, over in left:
        edge, geo = doc.edge(link), edges[link]
        if grid is FINE:
            over = []  # (another grid: found again)
        tag = _within_reach(placement, edge, geo, theme, layouts, tries, grid, start, over, True)
        if tag is None and many:
            tag = _over_links(placement, edge, geo, theme, layouts, placement.tries)
        if tag is not None:
            crowded += 1 if tag.crossing or tag.covers else 0
        elif few:
            tag = _further(placement, edge, geo, theme, layouts)
            crowded += FAR_WEIGHT
        else:  # (crowded beyond reason, or a quick look: by its badge, over what is there)
            layout = layouts[0]
            rect = next(near_spots(geo, layout[2], layout[3], edge_label_rect(theme, edge, geo)))
            placement.take(rect_of(rect), ("tag", edge.id), None)
            tag = make_tag(layout, rect, geo, theme, False)
            crowded += FAR_WEIGHT
        tags[link] = tag
    return {k: tags[k] for k in owners if k in tags}, crowded


def _near(
    placement: Placement, edge: Edge, geo: EdgeGeometry, theme: Theme, layouts: list
) -> LinkTag | None:
    """The tag touching its badge, wide or narrow, where it overlaps nothing."""
    label = edge_label_rect(theme, edge, geo)
    own_badge = (("badge", edge.id),)  # (a spot touching it is meant to)
    for layout in layouts:
        for rect in near_spots(geo, layout[2], layout[3], label):
            r = rect_of(rect)
            if placement.free(r, CLEAR, own_badge):
                placement.take(r, ("tag", edge.id), None)
                return make_tag(layout, rect, geo, theme, False)
    return None


def _within_reach(
    placement: Placement,
    edge: Edge,
    geo: EdgeGeometry,
    theme: Theme,
    layouts: list,
    tries: int,
    grid: SpotGrid = GRID,
    start: int = 0,
    over: list | None = None,
    crossing: bool = False,
) -> LinkTag | None:
    """The tag at the nearest spot within reach (from the ``start``-th, of the first
    ``tries`` of ``grid``) whose leader is clear, of the first layout that has one;
    with ``crossing``, else the nearest whose leader crosses links. ``over`` keeps each
    layout's nearest of those, from one call to the next (a spot found before is taken
    only if nothing placed since is in its way)."""
    target = _target(placement, edge)
    found_over = over if over is not None else []
    fresh = not found_over
    own = (("badge", edge.id),)
    for i, layout in enumerate(layouts):
        w, h = layout[2], layout[3]
        if start >= tries:  # (every spot it may try was tried: only those kept are left)
            found, crosses = None, None
        else:
            found, crosses = placement.search(
                target, w, h, reach(h), tries, CLEAR, True, 0, grid, start
            )
        if found is not None:
            return _taken(placement, edge.id, layout, found, geo, theme, target)
        if fresh:
            found_over.append(crosses)
        else:
            before = found_over[i]
            if before is None or not placement.still_open(*before, own, CLEAR):
                found_over[i] = crosses
    if not crossing:
        return None
    for layout, spot in zip(layouts, found_over, strict=True):
        if spot is not None:
            tag = _taken(placement, edge.id, layout, spot, geo, theme, target)
            tag.crossing = True
            return tag
    return None


def _over_links(
    placement: Placement, edge: Edge, geo: EdgeGeometry, theme: Theme, layouts: list, tries: int
) -> LinkTag | None:
    """A large, crowded figure: the tag at the nearest spot within reach with links
    (never its own) under it, drawn again over it, as callouts of a crowded figure."""
    target = _target(placement, edge)
    for layout in layouts:
        w, h = layout[2], layout[3]
        found, over = placement.search(target, w, h, reach(h), tries, CLEAR, grid=GRID)
        spot = found or over
        if spot is not None:
            tag = _taken(placement, edge.id, layout, spot, geo, theme, target)
            tag.covers = found is None
            tag.crossing = True  # (its leader may cross links: a clear one was looked for)
            return tag
    return None


def _further(
    placement: Placement, edge: Edge, geo: EdgeGeometry, theme: Theme, layouts: list
) -> LinkTag:
    """The tag out of reach (a figure too crowded to spread): the nearest spot further
    out, with a clear leader if one is found, else one over links; else below, as far
    as it takes."""
    target = _target(placement, edge)
    over = None
    for layout in layouts:
        w, h = layout[2], layout[3]
        limit, tries = FAR * reach(h), placement.tries  # (beyond reach: nearer ones failed)
        far, crosses = placement.search(target, w, h, limit, tries, CLEAR, True, reach(h), GRID)
        if far is not None:
            return _taken(placement, edge.id, layout, far, geo, theme, target)
        over = over or (crosses and (layout, crosses))
    if over is not None:
        tag = _taken(placement, edge.id, over[0], over[1], geo, theme, target)
        tag.crossing = True
        return tag
    layout = layouts[-1]
    spot = placement.anywhere(target, layout[2], layout[3], CLEAR, links=True)
    return _taken(placement, edge.id, layout, spot, geo, theme, target)


def _target(placement: Placement, edge: Edge) -> Target:
    """The tag's target: its link's badge (else middle), spots below or right first."""
    target = target_of(placement.doc, edge.id, placement.node_rects, placement.edges)
    return replace(target, link_sides=False)


def _taken(
    placement: Placement,
    link: LinkId,
    layout,
    spot: tuple[Rect, tuple[Point, Point]],
    geo: EdgeGeometry,
    theme: Theme,
    target: Target,
) -> LinkTag:
    r, line = spot
    placement.take(r, ("tag", link), line)
    tag = make_tag(layout, qrect(r), geo, theme, True)
    start, end = QPointF(*line[0]), QPointF(*line[1])
    tag.line = (start, end)
    if not target.disc:  # (from the link itself: the leader starts there)
        tag.anchor = start
    return tag
