"""Room for detailed callouts: how far apart a figure's stages must be spread.

A detailed figure places each callout near its target (``callout_placement.py``). A
crowded model (the 1,000-stage benchmark has about one callout per stage, each larger
than a stage) has no room near most targets, so the figure spreads the stages apart:
positions and stored routes are scaled by ``spread``, boxes and text keep their size.

The first spread is guessed from how crowded the model is (``crowding``: the area the
callouts and stages need around each place, against the area there, smoothed over
neighbouring places; a figure with the callouts' share at ``1 / ROOM`` of the area
places nearly all of them at once). Where callouts are still left without a spot, the
spread grows and the figure is built again, up to ``MAX_SPREAD``; callouts over links
are accepted from ``CROSSING_SPREAD`` on (those links are drawn again over them).
What is still left at ``MAX_SPREAD`` goes further out.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF

from mesadiagram.model import Document, ElementId
from mesadiagram.render.callout_placement import (
    CLEAR,
    SEARCH_ON,
    THOROUGH_TRIES,
    Placement,
    in_flow_order,
)
from mesadiagram.render.callouts import callout_size, element_callout_lines
from mesadiagram.render.geometry import metrics, node_geometry
from mesadiagram.render.plane import rect_of
from mesadiagram.render.stage_shapes import stage_shape
from mesadiagram.render.theme import Theme

MAX_SPREAD = 4.0
CROSSING_SPREAD = 1.6  # below this, a callout over links makes the figure spread more
SMALL_CROSSING_SPREAD = 1.6  # the same for a figure with few callouts
ROOM = 6.5  # area per area of callouts and stages that places them at once
CELL = 600.0  # px: the places whose crowding is measured
SMALL = 40  # a figure with fewer callouts starts at its own spacing
LABEL_SPREAD, LABEL_STEP = 2.0, 1.12  # spreads tried for badges and labels without room
LABEL_STAGES = 400  # a larger model keeps its spacing for them (each try costs a layout)


def crowding(node_rects: dict[str, QRectF], callouts: list[tuple[QPointF, float, float]]) -> float:
    """How crowded a figure is: the 90th percentile, over the places holding stages, of
    the area stages and ``callouts`` (where, width, height) need in that place and its
    eight neighbours, against the area of those nine places."""
    need: dict[tuple[int, int], float] = {}

    def add(x: float, y: float, area: float) -> None:
        key = (int(x // CELL), int(y // CELL))
        need[key] = need.get(key, 0.0) + area

    for rect in node_rects.values():
        add(rect.center().x(), rect.center().y(), rect.width() * rect.height())
    for at, w, h in callouts:
        add(at.x(), at.y(), (w + 2 * CLEAR) * (h + 2 * CLEAR))
    if not need:
        return 0.0
    smoothed = sorted(
        sum(need.get((i + a, j + b), 0.0) for a in (-1, 0, 1) for b in (-1, 0, 1))
        / (9 * CELL * CELL)
        for i, j in need
    )
    return smoothed[int(0.9 * (len(smoothed) - 1))]


def first_spread(doc: Document, theme: Theme, owners: list[ElementId], texts: dict) -> float:
    """The spread a figure starts at: its own spacing when it has few callouts, else as
    much as ``crowding`` says (measured on the boxes alone, before any link is routed)."""
    if len(owners) < SMALL:
        return 1.0
    rects = {n.id: node_geometry(n, theme, shape=stage_shape(doc, n)).rect for n in doc.nodes}
    line_h = metrics(theme.font_family, theme.font_size)[1].height()
    callouts = []
    for owner in owners:
        lines = texts.get(owner)
        if lines is None:
            lines = texts[owner] = element_callout_lines(doc, owner, theme)
        if not lines:
            continue
        if owner in rects:
            at = rects[owner].center()
        else:
            edge = doc.edge(owner)
            at = (rects[edge.source].center() + rects[edge.target].center()) / 2
        callouts.append((at, *callout_size(lines, line_h, theme.unit)))
    return min(MAX_SPREAD, max(1.0, math.sqrt(ROOM * crowding(rects, callouts))))


def spread_callouts(
    doc: Document, theme: Theme, owners: list[ElementId], laid_out: Callable[[float], object]
):
    """The figure ``laid_out(spread)`` gives, at the least spread tried at which every
    callout found a spot near its target, with its callouts placed."""
    texts: dict = {}  # (each callout is wrapped once, whatever the spread)
    crossing_spread = CROSSING_SPREAD if len(owners) >= SMALL else SMALL_CROSSING_SPREAD
    spread = first_spread(doc, theme, owners, texts)
    fig = None
    while True:
        if fig is None or spread != fig.spread:  # type: ignore[attr-defined]
            fig = laid_out(spread)
        last = spread >= MAX_SPREAD
        # A small figure tries a few orders (greedy placement depends on it); the
        # first that places every callout off the links wins.
        best = None
        for order in ORDERS if len(owners) < SMALL and not last else ORDERS[:1]:
            placement = _placement(doc, theme, fig, texts, len(owners) >= SMALL)
            placed, missing = {}, []
            for owner in order(placement, owners):
                geo = placement.place(owner, cross_links=True)
                if geo is not None:
                    placed[owner] = geo
                elif placement.lines_of(owner):
                    missing.append(owner)
            left = missing
            missing = []  # (the few left: every spot within reach, then further out)
            for owner in left:
                geo = placement.place(owner, cross_links=True, far=last, thorough=True)
                if geo is not None:
                    placed[owner] = geo
                else:
                    missing.append(owner)
            crossing = len(placement.crossing) if spread < crossing_spread else 0
            score = (len(missing), crossing)
            if best is None or score < best[0]:
                best = (score, placement, placed)
            if score == (0, 0):
                break
        assert best is not None
        (missing_count, crossing), placement, placed = best
        if spread < LABEL_SPREAD and len(doc.nodes) <= LABEL_STAGES:
            crossing += fig.crowded  # type: ignore[attr-defined]
        if last or not (missing_count or crossing):
            break
        # grow with the share that found no room (a few: a little; most: a lot)
        share = (missing_count + crossing / 2) / len(owners)
        spread = min(MAX_SPREAD, spread * (1.15 + min(1.0, 2 * share)))
    # drawn (and written to SVG) in document order, whatever order placed them
    fig.callouts = {o: placed[o] for o in owners if o in placed}  # type: ignore[attr-defined]
    fig.over_callouts = _links_under(fig, placement)  # type: ignore[attr-defined]
    return fig


def spread_labels(doc: Document, laid_out: Callable[[float], object]):
    """The figure ``laid_out(spread)`` gives at the least spread (from 1, up to
    ``LABEL_SPREAD``) at which every badge and link label is clear; a model of more
    than ``LABEL_STAGES`` stages keeps its own spacing."""
    fig = laid_out(1.0)
    best = fig
    spread = 1.0
    while fig.crowded and len(doc.nodes) <= LABEL_STAGES:  # type: ignore[attr-defined]
        spread *= LABEL_STEP
        if spread > LABEL_SPREAD:
            break
        fig = laid_out(spread)
        if fig.crowded < best.crowded:  # type: ignore[attr-defined]
            best = fig
    return best


def _shortest_first(placement: Placement, owners: list[ElementId]) -> list[ElementId]:
    return sorted(in_flow_order(placement, owners), key=lambda o: len(placement.lines_of(o)))


def _links_first(placement: Placement, owners: list[ElementId]) -> list[ElementId]:
    flow = in_flow_order(placement, owners)
    return sorted(flow, key=lambda o: o in placement.node_rects)


def _stages_first(placement: Placement, owners: list[ElementId]) -> list[ElementId]:
    flow = in_flow_order(placement, owners)
    return sorted(flow, key=lambda o: o not in placement.node_rects)


ORDERS = (in_flow_order, _shortest_first, _links_first, _stages_first)


def _placement(doc: Document, theme: Theme, fig, texts: dict, many: bool) -> Placement:
    rects = {n: g.rect for n, g in fig.nodes.items()}
    placement = Placement(doc, theme, rects, fig.edges)
    placement.texts = texts
    if many:
        placement.search_on = SEARCH_ON
    else:  # (few callouts: every spot within reach is worth a look)
        placement.tries = placement.search_on = THOROUGH_TRIES
    return placement


def _links_under(fig, placement: Placement) -> set:
    """The links that pass under a callout: drawn again over the callouts."""
    found = set()
    for owner in placement.crossing:
        if owner in fig.callouts:
            found.update(placement.lines.lines_entering(rect_of(fig.callouts[owner].rect)))
    return found
