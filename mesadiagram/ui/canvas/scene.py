"""The diagram scene: follows the session's document and view state, keeps an id -> item map.

It lives as long as its window's session: a replaced document rebuilds the items, a view
state change repaints what it concerns. Its mouse gestures are in ``gestures.py``.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsPathItem,
    QGraphicsScene,
)

from mesadiagram import gc_pause
from mesadiagram.analysis.outcomes import dead_ends
from mesadiagram.model import Document, ElementId, LinkId
from mesadiagram.model import events as ev
from mesadiagram.render.theme import Theme
from mesadiagram.ui.canvas.box_items import TextBoxItem
from mesadiagram.ui.canvas.detail import CalloutPlacer
from mesadiagram.ui.canvas.gestures import GRID, SceneGestures
from mesadiagram.ui.canvas.group_items import GroupFrameItem
from mesadiagram.ui.canvas.items import EdgeItem, NodeItem
from mesadiagram.ui.canvas.overview import Overview
from mesadiagram.ui.canvas.routing import CanvasRoutes
from mesadiagram.ui.canvas.scene_parts import SceneParts
from mesadiagram.ui.session import DocumentSession
from mesadiagram.ui.undo import UndoStack
from mesadiagram.ui.view_state import ViewState

MARGIN = 1000.0  # empty canvas kept around the stages, so the view can always pan


TAGS_IN_BOUNDS = 500  # beyond this many tagged links, ``items_bounds`` leaves tags out


class DiagramScene(SceneGestures):
    """Draws the session's Document as its view state says; every edit it makes goes
    through the session's undo stack."""

    # Emitted when a gesture asks for something the editor does (it owns label editing).
    stageRequested = Signal(QPointF)  # double-click on empty canvas
    linkDropped = Signal(str, object)  # source id, target id or a QPointF on empty canvas
    renameRequested = Signal(str)  # the id of a stage, link, group or text box
    # an id (stage, link, group, text box) or None (empty canvas), and a QPoint
    contextMenuRequested = Signal(object, object)

    def __init__(self, session: DocumentSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.view_state: ViewState = session.view_state
        self._node_items: dict[str, NodeItem] = {}
        self._edge_items: dict[LinkId, EdgeItem] = {}
        self._drag_start: dict[str, QPointF] = {}  # stages and text boxes a drag moves
        self._frame_drag: QPointF | None = None  # where a drag on a group's frame began
        self._link_source: NodeItem | None = None
        self._link_preview: QGraphicsPathItem | None = None
        self._canvas = QRectF()  # the scrollable area: grows only, like Qt's own scene rect
        self._margin = MARGIN
        self._marked: set[str] = set()  # stages marked as outcomes (see marks_outcomes)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.callouts = CalloutPlacer(self)  # detailed view: callouts without overlaps
        self.overview = Overview(self)  # boxes and lines in batches when zoomed far out
        self.routes = CanvasRoutes(self)  # links around stages (``routing.py``)
        self.parts = SceneParts(self)  # group frames and text boxes (``scene_parts.py``)
        self.selectionChanged.connect(self.overview.touched)
        self.selectionChanged.connect(self._report_selection)
        session.changed.connect(self._on_change)
        session.documentReplaced.connect(self.rebuild)
        session.selectRequested.connect(self._select_ids)
        self.view_state.changed.connect(self._view_changed)
        self.rebuild()

    # -- what it reads -------------------------------------------------------------------
    @property
    def doc(self) -> Document:
        return self.session.doc

    @property
    def stack(self) -> UndoStack:
        return self.session.stack

    @property
    def theme(self) -> Theme:
        return self.view_state.theme

    @property
    def editable(self) -> bool:
        return self.view_state.editable

    def is_detailed(self, owner: ElementId) -> bool:
        return self.view_state.is_detailed(owner)

    # -- model -> items ------------------------------------------------------------------
    def rebuild(self, _doc: Document | None = None) -> None:
        self.clear()
        self.overview.reset()
        self._node_items.clear()
        self._edge_items.clear()
        self._link_preview = None
        self._marked = {n.id for n in self.doc.nodes if n.outcome}
        with gc_pause.paused():  # (thousands of items: no collection walks them all)
            for node in self.doc.nodes:
                self._add_node_item(node.id)
            self.routes.reset()  # (most of it after the first frame, for large models)
            for edge in self.doc.edges:
                self._add_edge_item(edge.id)
            self.parts.rebuild()
        self.setBackgroundBrush(QColor(self.theme.background))
        bounds = self.items_bounds()
        self._margin = max(MARGIN, bounds.width() / 2, bounds.height() / 2)
        self._canvas = QRectF()
        self.grow_canvas(bounds if bounds.isValid() else QRectF(0, 0, 1, 1))

    def grow_canvas(self, rect: QRectF) -> None:
        """Keep a margin of empty canvas around ``rect`` scrollable.

        An explicit scene rect, grown here in O(1), also spares Qt from recomputing the
        bounds of every item when stages move.
        """
        m = self._margin
        padded = rect.adjusted(-m, -m, m, m)
        if not self._canvas.contains(padded):
            self._canvas = padded if self._canvas.isEmpty() else self._canvas.united(padded)
            self.setSceneRect(self._canvas)

    def _add_node_item(self, node_id: str) -> NodeItem:
        item = NodeItem(node_id)
        self._node_items[node_id] = item
        self.addItem(item)
        item.refresh()
        if self._canvas.isValid():  # (rebuild sizes the canvas once all items are in)
            self.grow_canvas(item.sceneBoundingRect())
        return item

    def _add_edge_item(self, key: LinkId) -> EdgeItem:
        edge = self.doc.edge(key)
        item = EdgeItem(key, (edge.source, edge.target))
        self._edge_items[key] = item
        self.addItem(item)
        item.refresh()
        return item

    @property
    def marks_outcomes(self) -> bool:
        """Whether the document marks outcomes (else its dead ends are outcomes: see
        ``analysis.outcomes``). Kept here so that painting a stage asks in O(1)."""
        return bool(self._marked)

    def _follow_marks(self, event: ev.ChangeEvent) -> None:
        """Keep the marked stages; when the first is marked or the last one unmarked,
        every dead end changes between outcome and neutral colours."""
        before = bool(self._marked)
        match event:
            case ev.NodeAdded(node_id=node_id) if self.doc.node(node_id).outcome:
                self._marked.add(node_id)
            case ev.NodeRemoved(node_id=node_id):
                self._marked.discard(node_id)
            case ev.NodeChanged(node_id=node_id, fields=fields) if "outcome" in fields:
                if self.doc.node(node_id).outcome:
                    self._marked.add(node_id)
                else:
                    self._marked.discard(node_id)
        if bool(self._marked) != before:
            for node_id in dead_ends(self.doc):
                item = self._node_items.get(node_id)
                if item is not None:
                    item.update()

    def _on_change(self, event: ev.ChangeEvent) -> None:
        self.overview.touched()  # (removed items, for one, are no item's repaint)
        self.callouts.schedule()
        self._follow_marks(event)
        if self.parts.handles(event):
            self.parts.on_change(event)
            return
        match event:
            case ev.NodeAdded(node_id=node_id):
                self._add_node_item(node_id)
                self.node_moved(node_id)  # (links it was dropped on go around it)
            case ev.NodeRemoved(node_id=node_id):
                self.removeItem(self._node_items.pop(node_id))
                self._refresh_links(self.routes.box_removed(node_id))
            case ev.NodeChanged(node_id=node_id):
                self._node_items[node_id].refresh()
                self.node_moved(node_id)
            case ev.EdgeAdded(link_id=key):
                self._add_edge_item(key)
                self._link_changed(self.doc.edge(key).source, self.doc.edge(key).target)
            case ev.EdgeRemoved(link_id=key):
                item = self._edge_items.pop(key)
                self.removeItem(item)
                self.routes.forget(key)
                self._link_changed(*item.ends)
            case ev.EdgeChanged(link_id=key, fields=fields):
                self.routes.update([key])  # (its stored route may have changed)
                self._edge_items[key].refresh()
                if "type" in fields:  # evidence or not: its stages may become dead ends
                    self._repaint_stages(*self._edge_items[key].ends)
            case ev.AnnotationsChanged(owner=owner) if owner in self._node_items:
                self._node_items[owner].refresh()
                self.node_moved(owner)
            case ev.AnnotationsChanged(owner=owner):
                self._edge_items[owner].refresh()
            case ev.DocumentChanged():
                self.refresh_all()

    def _link_changed(self, source: str, target: str) -> None:
        """A link came or went between two stages: the other links between them fan out
        anew, and the stages repaint whole (a stage without outgoing links may be drawn as
        an outcome; stage items cache their drawing)."""
        keys = self.doc.links_between(source, target) + self.doc.links_between(target, source)
        self.routes.update(keys)
        for key in keys:
            self._edge_items[key].refresh()
        self._repaint_stages(source, target)

    def _repaint_stages(self, *node_ids: str) -> None:
        for node_id in node_ids:
            item = self._node_items.get(node_id)
            if item is not None:
                item.update()

    def refresh_all(self) -> None:
        self.setBackgroundBrush(QColor(self.theme.background))
        for item in self._node_items.values():
            item.refresh()
        self.routes.recheck_boxes()  # (a theme's font changes their sizes)
        for edge_item in self._edge_items.values():
            edge_item.refresh()
        self.parts.refresh_all()
        self.callouts.place()

    def node_item(self, node_id: str) -> NodeItem | None:
        return self._node_items.get(node_id)

    def edge_item(self, key: LinkId) -> EdgeItem | None:
        return self._edge_items.get(key)

    def frame_item(self, group_id: str) -> GroupFrameItem | None:
        return self.parts.frame(group_id)

    def box_item(self, box_id: str) -> TextBoxItem | None:
        return self.parts.box(box_id)

    def movable_item(self, element_id: str) -> NodeItem | TextBoxItem | None:
        """The item a drag moves for this id: a stage's or a text box's."""
        return self._node_items.get(element_id) or self.parts.box(element_id)

    def node_items(self) -> list[NodeItem]:
        return list(self._node_items.values())

    def edge_items(self) -> list[EdgeItem]:
        return list(self._edge_items.values())

    def node_moved(self, node_id: str) -> None:
        """A stage moved or changed (by drag or by the model): its links follow, and the
        links it leaves or comes in the way of go around it anew (``routing.py``)."""
        item = self._node_items.get(node_id)
        if item is not None:
            self.grow_canvas(item.sceneBoundingRect())
        self._refresh_links(self.routes.box_changed(node_id))
        self.parts.stage_moved(node_id)

    def _refresh_links(self, keys) -> None:
        for key in keys:
            item = self._edge_items.get(key)
            if item:
                item.refresh()

    # -- view state ----------------------------------------------------------------------
    def _view_changed(self, aspects: frozenset[str]) -> None:
        """Repaint what the changed aspects concern; rebuild geometry only when needed."""
        if aspects & {"theme", "all_detailed", "detail_overrides", "show_stage_text"}:
            self.refresh_all()
        elif aspects & {"show_outcome_risk", "outcome_risk"}:  # (View > Risk on Outcomes)
            for node_id, item in self._node_items.items():  # (only those whose line changes)
                if item.risk_text != self.view_state.risk_line(node_id):
                    item.refresh()
                    self.node_moved(node_id)
                    self.callouts.schedule()
        if aspects & {"hidden", "dimmed"}:
            self._apply_visibility()
        if aspects & {"highlights", "warnings", "editable", "hidden", "dimmed"}:
            for item in (*self._node_items.values(), *self._edge_items.values()):
                item.update()
            self.overview.touched()
        if "show_grid" in aspects:
            self.update()

    def _apply_visibility(self) -> None:
        """Hidden elements are not drawn; dimmed ones are drawn faint (presentation steps)."""
        values = self.view_state.values
        for element_id, item in (*self._node_items.items(), *self._edge_items.items()):
            item.setVisible(element_id not in values.hidden)
            item.setOpacity(0.25 if element_id in values.dimmed else 1.0)
        self.parts.set_visibility(values.hidden, values.dimmed)

    def snap(self, pos: QPointF) -> QPointF:
        """Where a stage placed at ``pos`` goes: the grid when snapping, else whole units.

        Files store whole-unit coordinates, so positions made here save and reopen equal.
        """
        step = GRID if self.view_state.snap_to_grid else 1.0
        return QPointF(round(pos.x() / step) * step, round(pos.y() / step) * step)

    def selected_node_ids(self) -> list[str]:
        """Selected stages in document order."""
        chosen = {i.node_id for i in self.selectedItems() if isinstance(i, NodeItem)}
        return [n.id for n in self.doc.nodes if n.id in chosen]

    def selected_link_ids(self) -> list[LinkId]:
        """Selected links in document order."""
        chosen = {i.link_id for i in self.selectedItems() if isinstance(i, EdgeItem)}
        return [e.id for e in self.doc.edges if e.id in chosen]

    def selected_ids(self) -> list[ElementId]:
        """Selected stages, links, groups, then text boxes, each in document order."""
        parts = self.parts.selected_group_ids() + self.parts.selected_box_ids()
        return self.selected_node_ids() + self.selected_link_ids() + parts

    def select(
        self, node_ids: list[str] = (), edge_keys: list[LinkId] = (), part_ids: list[str] = ()
    ) -> None:
        """Select exactly these stages, links and (``part_ids``) groups and text boxes;
        one selectionChanged for all of them."""
        self.blockSignals(True)  # (one per item would cost O(n) each at select-all)
        try:
            self.clearSelection()
            for node_id in node_ids:
                if node_id in self._node_items:
                    self._node_items[node_id].setSelected(True)
            for key in edge_keys:
                if key in self._edge_items:
                    self._edge_items[key].setSelected(True)
            self.parts.select(part_ids)
        finally:
            self.blockSignals(False)
        self.selectionChanged.emit()

    def _select_ids(self, element_ids: list[ElementId]) -> None:
        self.select(
            [i for i in element_ids if i in self._node_items],
            [i for i in element_ids if i in self._edge_items],
            [i for i in element_ids if i not in self._node_items and i not in self._edge_items],
        )

    def _report_selection(self) -> None:
        self.session.selection_shown(self.selected_ids())

    def items_bounds(self) -> QRectF:
        rect = QRectF()
        for item in self._node_items.values():
            rect = rect.united(item.sceneBoundingRect())
        # Compact tags count too, but placing thousands costs a fifth of a second when a
        # large model opens, and there they hardly reach beyond the stages: left out.
        tagged = [e for e in self._edge_items.values() if e.has_tag and not e.callout]
        with_tags = len(tagged) <= TAGS_IN_BOUNDS
        for edge_item in self._edge_items.values():
            if edge_item.callout:
                rect = rect.united(edge_item.sceneBoundingRect())
            elif with_tags and edge_item.has_tag and edge_item.tag is not None:
                rect = rect.united(edge_item.tag.rect)
        return rect.united(self.parts.bounds())

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        gc_pause.busy_for()  # a paint (more follow while dragging): background copies wait
        super().drawBackground(painter, rect)
        self.overview.sync(painter)  # decided before this paint draws the items
        self.routes.painted()
        if (
            self.view_state.show_grid and GRID * painter.worldTransform().m11() >= 4
        ):  # else a mere tint
            self._draw_grid(painter, rect)
        self.overview.draw(painter, rect)

    def _draw_grid(self, painter: QPainter, rect: QRectF) -> None:
        color = QColor(self.theme.node_border)
        color.setAlphaF(0.18)
        painter.setPen(QPen(color, 0))
        left = int(rect.left() // GRID) * GRID
        top = int(rect.top() // GRID) * GRID
        x = left
        while x < rect.right():
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
            x += GRID
        y = top
        while y < rect.bottom():
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            y += GRID
