"""Links on the canvas go around stages: each link's way, kept current as stages move.

The scene's ``LinkRouter`` (``render/link_routes.py``, the figures' router too) holds
every stage's box; this keeps each link's ``Way`` and decides which links to route again:

* a stage moved, grew, came or went: its own links, the links that went around its old
  place (their ``Way.around``), and the links whose drawn path passes under its new place
  (found through the scene's item index, then tested exactly);
* a link came or changed (its stored route), or its parallel links did.

A change routes at once, up to ``BUDGET`` seconds; what is left is routed in the
background in slices of ``SLICE`` seconds, those in view first, never while the mouse
drags a stage (a drag frame stays within its budget). A small document is routed when it
opens; a large one (more than ``SMALL`` links) after its first frame, so that it opens as
fast as before. Until routed, a link is drawn as planned: its stored route, its curve or
its line.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt, QTimer

from mesadiagram.analysis.layout.clearance import PAD
from mesadiagram.analysis.layout.detour import Way, way_blocker
from mesadiagram.model import Edge, LinkId
from mesadiagram.render.link_routes import LinkRouter, planned, rect_of
from mesadiagram.ui.canvas.items import EdgeItem

if TYPE_CHECKING:
    from mesadiagram.ui.canvas.scene import DiagramScene

BUDGET = 0.008  # routing done at once per change (a drag frame has 16 ms in all)
OPEN_BUDGET = 0.02  # before a document's first frame, for one of at most SMALL links
SMALL = 400
RESET_BUDGET = 0.03  # when every box changed (a theme): the rest in the background
SLICE = 0.004  # one background slice
DRAG_RETRY_MS = 60  # while the mouse drags, the background waits


class CanvasRoutes:
    """The ways of the scene's links, and the work left to route them."""

    def __init__(self, scene: DiagramScene) -> None:
        self.scene = scene
        self.router = LinkRouter()
        self.ways: dict[LinkId, Way] = {}
        self._around: dict[str, set[LinkId]] = {}  # stage -> links whose way it shaped
        self._boxes_left: dict[str, None] = {}  # stages not yet in the router's grid
        self._links_left: dict[LinkId, None] = {}  # links drawn as planned, to route
        self._kept: dict[LinkId, None] = {}  # links a drag kept on their old way: to redo
        self._ordered = False  # the links left are sorted, those in view first
        self._after_paint = False  # the work starts when the canvas has painted
        self._timer = QTimer(scene)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._slice)

    @property
    def pending(self) -> bool:
        """Work is left (links drawn as planned, not yet known to be clear)."""
        return bool(self._boxes_left or self._links_left or self._kept)

    def way(self, key: LinkId, edge: Edge | None = None) -> Way:
        """How the link is drawn now (``edge``: the link, when the caller has it)."""
        found = self.ways.get(key)
        if found is not None:
            return found
        doc = self.scene.doc
        return planned(doc, edge or doc.edge(key))

    # -- what the scene tells ------------------------------------------------------------
    def reset(self, budget: float = OPEN_BUDGET) -> None:
        """Everything anew (a document opened, boxes changed size). A small document is
        routed now (for at most ``budget`` seconds), a large one after the next paint.
        Call before the links refresh."""
        doc = self.scene.doc
        self.router = LinkRouter()
        self.ways = {}
        self._around = {}
        self._boxes_left = dict.fromkeys(node.id for node in doc.nodes)
        self._links_left = dict.fromkeys(edge.id for edge in doc.edges)
        self._kept = {}
        self._ordered = False
        if len(self._links_left) <= SMALL:  # routed before it is first drawn
            self._advance(time.perf_counter() + budget)
        if self.pending:
            self._after_paint = True
            self._timer.start(200)  # (in case nothing paints)

    def recheck_boxes(self) -> None:
        """After every stage was refreshed: when any box changed size, route anew."""
        rects = self.router.grid.rects
        for item in self.scene.node_items():
            if item.node_id not in self._boxes_left and rects.get(item.node_id) != rect_of(
                item.scene_box
            ):
                self.reset(RESET_BUDGET)
                return

    def box_changed(self, node_id: str) -> set[LinkId]:
        """A stage's box moved or changed: the links to redraw (its own, and those that
        were routed again because of it)."""
        doc = self.scene.doc
        links = set(doc.incident_edges(node_id))
        item = self.scene.node_item(node_id)
        if item is None or item.geo is None:
            return links
        self._boxes_left.pop(node_id, None)  # (placed below, so that its move is seen)
        self._place_all()
        box = item.scene_box
        old = self.router.place(node_id, box)
        if old is not None and old == self.router.grid.rects[node_id]:
            # The same box: a label edit of equal size, or the end of a drag, whose links
            # may have kept their old ways: they are routed afresh.
            return links | self.update(links)
        concerned = links | self._around.get(node_id, set()) | self._under(box, node_id)
        return links | self.update(concerned)

    def box_removed(self, node_id: str) -> set[LinkId]:
        self._place_all()
        self.router.remove(node_id)
        self._boxes_left.pop(node_id, None)
        return self.update(self._around.pop(node_id, set()))

    def forget(self, key: LinkId) -> None:
        self._set(key, None)
        self._links_left.pop(key, None)

    def update(self, keys: Iterable[LinkId], budget: float = BUDGET) -> set[LinkId]:
        """Route these links now, for at most ``budget`` seconds (the rest later);
        returns those whose way changed. While the mouse drags, a link keeps its old way
        where that is still clear, and is routed afresh once the drag is over."""
        self._place_all()
        deadline = time.perf_counter() + budget
        changed = set()
        doc = self.scene.doc
        dragging = self.scene.mouseGrabberItem() is not None
        for key in keys:
            if not doc.has_edge(key):
                continue
            if time.perf_counter() > deadline:
                if key in self.ways:
                    changed.add(key)  # drawn as planned until its turn comes
                self._set(key, None)
                self._links_left[key] = None
                continue
            if self._route(key, dragging):
                changed.add(key)
        if self.pending and not self._timer.isActive():
            self._timer.start(0)
        return changed

    def painted(self) -> None:
        """The canvas has painted: the work left from opening may start."""
        if self._after_paint:
            self._after_paint = False
            self._timer.start(0)

    def finish(self) -> None:
        """Route everything left now (exports of the canvas, tests)."""
        self._timer.stop()
        self._place_all()
        self._refresh(self._route_left(None))

    # -- the work ------------------------------------------------------------------------
    def _route(self, key: LinkId, keep: bool = False) -> bool:
        edge = self.scene.doc.edge(key)
        self._links_left.pop(key, None)
        self._kept.pop(key, None)
        if edge.source not in self.router.grid or edge.target not in self.router.grid:
            return False  # (a stage being built)
        old = self.ways.get(key)
        new = self.router.way(self.scene.doc, edge, old if keep else None)
        if keep and new.points:
            self._kept[key] = None  # (perhaps its old way: a fresh search once dropped)
        self._set(key, new)
        return old != new if old is not None else new != planned(self.scene.doc, edge)

    def _set(self, key: LinkId, new: Way | None) -> None:
        old = self.ways.pop(key, None)
        if old is not None:
            for node_id in old.around:
                links = self._around.get(node_id)
                if links is not None:
                    links.discard(key)
        if new is not None:
            self.ways[key] = new
            for node_id in new.around:
                self._around.setdefault(node_id, set()).add(key)

    def _under(self, box: QRectF, node_id: str) -> set[LinkId]:
        """Links (not of this stage) whose drawn way passes under its box."""
        area = box.adjusted(-PAD, -PAD, PAD, PAD)
        found = set()
        grid = self.router.grid
        for item in self.scene.items(area, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
            if not isinstance(item, EdgeItem) or node_id in item.ends:
                continue
            source, target = item.ends
            if source in grid and target in grid:
                current = self.way(item.link_id)
                if way_blocker(grid, item.ends, current) is not None:
                    found.add(item.link_id)
        return found

    def _place_all(self) -> None:
        """Every box in the grid: routing needs all of them."""
        if self._boxes_left:
            self._place_boxes(None)

    def _place_boxes(self, deadline: float | None) -> None:
        scene, router = self.scene, self.router
        while self._boxes_left:
            if deadline is not None and time.perf_counter() > deadline:
                return
            node_id = next(iter(self._boxes_left))
            del self._boxes_left[node_id]
            item = scene.node_item(node_id)
            if item is not None and item.geo is not None:
                router.place(node_id, item.scene_box)

    def _route_left(self, deadline: float | None) -> set[LinkId]:
        changed = set()
        doc = self.scene.doc
        while self._links_left:
            if deadline is not None and time.perf_counter() > deadline:
                break
            key = next(iter(self._links_left))
            del self._links_left[key]
            if doc.has_edge(key) and self._route(key):
                changed.add(key)
        return changed

    def _advance(self, deadline: float) -> set[LinkId]:
        self._place_boxes(deadline)
        if self._boxes_left:
            return set()
        return self._route_left(deadline)

    def _slice(self) -> None:
        if self.scene.mouseGrabberItem() is not None:  # a drag: its frames come first
            self._timer.start(DRAG_RETRY_MS)
            return
        if self._kept:  # links a drag kept on their old ways: routed afresh
            self._links_left.update(self._kept)
            self._kept = {}
        if not self._ordered and not self._boxes_left:
            self._in_view_first()
        self._refresh(self._advance(time.perf_counter() + SLICE))
        if self.pending:
            self._timer.start(0)

    def _in_view_first(self) -> None:
        self._ordered = True
        seen: dict[LinkId, None] = {}
        for view in self.scene.views():
            shown = view.mapToScene(view.viewport().rect()).boundingRect()
            for item in self.scene.items(shown, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
                if isinstance(item, EdgeItem) and item.link_id in self._links_left:
                    seen[item.link_id] = None
        if seen:
            self._links_left = {**seen, **self._links_left}

    def _refresh(self, keys: Iterable[LinkId]) -> None:
        for key in keys:
            item = self.scene.edge_item(key)
            if item is not None:
                item.refresh()
