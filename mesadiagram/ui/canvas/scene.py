"""The diagram scene: follows the Document's events and keeps an id -> item map.

Mouse gestures that edit (dragging stages, drawing links) end in one model command pushed
on release, so a whole drag is one undo step.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QTransform
from PySide6.QtWidgets import (
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
)

from mesadiagram.model import Document, EdgeKey, OwnerRef
from mesadiagram.model import events as ev
from mesadiagram.model.commands import MoveNodes
from mesadiagram.render.geometry import border_point
from mesadiagram.render.theme import DEFAULT_THEME, Theme
from mesadiagram.ui.canvas.items import EdgeItem, NodeItem
from mesadiagram.ui.undo import UndoStack

GRID = 20.0
LINK_MODIFIERS = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier


class DiagramScene(QGraphicsScene):
    """Draws one Document; every edit it makes goes through ``stack``."""

    # Emitted when a gesture asks for something the editor does (it owns label editing).
    stageRequested = Signal(QPointF)  # double-click on empty canvas
    linkDropped = Signal(str, object)  # source id, target id or a QPointF on empty canvas
    renameRequested = Signal(object)  # an OwnerRef
    contextMenuRequested = Signal(object, object)  # OwnerRef or None (empty canvas), QPoint

    def __init__(
        self, doc: Document, stack: UndoStack, theme: Theme = DEFAULT_THEME, parent=None
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.stack = stack
        self.theme = theme
        self.editable = True
        self.snap_to_grid = False
        self.show_grid = False
        self.all_detailed = False
        self.detail_overrides: dict[OwnerRef, bool] = {}
        self._node_items: dict[str, NodeItem] = {}
        self._edge_items: dict[EdgeKey, EdgeItem] = {}
        self._drag_start: dict[str, QPointF] = {}
        self._link_source: NodeItem | None = None
        self._link_preview: QGraphicsPathItem | None = None
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self._unsubscribe = doc.subscribe(self._on_change)
        self.rebuild()

    # -- model -> items ------------------------------------------------------------------
    def rebuild(self) -> None:
        self.clear()
        self._node_items.clear()
        self._edge_items.clear()
        self._link_preview = None
        for node in self.doc.nodes:
            self._add_node_item(node.id)
        for edge in self.doc.edges:
            self._add_edge_item(edge.key)
        self.setBackgroundBrush(QColor(self.theme.background))

    def detach(self) -> None:
        """Stop following the document (before the scene is thrown away)."""
        self._unsubscribe()

    def _add_node_item(self, node_id: str) -> NodeItem:
        item = NodeItem(node_id)
        self._node_items[node_id] = item
        self.addItem(item)
        item.refresh()
        return item

    def _add_edge_item(self, key: EdgeKey) -> EdgeItem:
        item = EdgeItem(key)
        self._edge_items[key] = item
        self.addItem(item)
        item.refresh()
        return item

    def _on_change(self, event: ev.ChangeEvent) -> None:
        match event:
            case ev.NodeAdded(node_id=node_id):
                self._add_node_item(node_id)
            case ev.NodeRemoved(node_id=node_id):
                self.removeItem(self._node_items.pop(node_id))
            case ev.NodeChanged(node_id=node_id):
                self._node_items[node_id].refresh()
                self.node_moved(node_id)
            case ev.EdgeAdded(key=key):
                self._add_edge_item(key)
                self._refresh_reverse(key)
            case ev.EdgeRemoved(key=key):
                self.removeItem(self._edge_items.pop(key))
                self._refresh_reverse(key)
            case ev.EdgeChanged(key=key):
                self._edge_items[key].refresh()
            case ev.AnnotationsChanged(owner=("node", node_id)):
                self._node_items[node_id].refresh()
                self.node_moved(node_id)
            case ev.AnnotationsChanged(owner=("edge", key)):
                self._edge_items[key].refresh()
            case ev.DocumentChanged():
                self.refresh_all()

    def _refresh_reverse(self, key: EdgeKey) -> None:
        reverse = self._edge_items.get((key[1], key[0]))
        if reverse:
            reverse.refresh()

    def refresh_all(self) -> None:
        self.setBackgroundBrush(QColor(self.theme.background))
        for item in self._node_items.values():
            item.refresh()
        for edge_item in self._edge_items.values():
            edge_item.refresh()

    def node_item(self, node_id: str) -> NodeItem | None:
        return self._node_items.get(node_id)

    def edge_item(self, key: EdgeKey) -> EdgeItem | None:
        return self._edge_items.get(key)

    def node_items(self) -> list[NodeItem]:
        return list(self._node_items.values())

    def edge_items(self) -> list[EdgeItem]:
        return list(self._edge_items.values())

    def node_moved(self, node_id: str) -> None:
        """A stage moved (by drag or by the model): its links follow."""
        for key in self.doc.incident_edges(node_id):
            item = self._edge_items.get(key)
            if item:
                item.refresh()

    def bend(self, key: EdgeKey) -> float:
        return 28.0 if (key[1], key[0]) in self._edge_items else 0.0

    # -- view state ----------------------------------------------------------------------
    def is_detailed(self, owner: OwnerRef) -> bool:
        return self.detail_overrides.get(owner, self.all_detailed)

    def set_detailed(self, owners: list[OwnerRef], detailed: bool) -> None:
        for owner in owners:
            self.detail_overrides[owner] = detailed
        self.refresh_all()

    def set_all_detailed(self, detailed: bool) -> None:
        self.all_detailed = detailed
        self.detail_overrides.clear()
        self.refresh_all()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.refresh_all()

    def snap(self, pos: QPointF) -> QPointF:
        if not self.snap_to_grid:
            return pos
        return QPointF(round(pos.x() / GRID) * GRID, round(pos.y() / GRID) * GRID)

    def selected_node_ids(self) -> list[str]:
        """Selected stages in document order."""
        chosen = {i.node_id for i in self.selectedItems() if isinstance(i, NodeItem)}
        return [n.id for n in self.doc.nodes if n.id in chosen]

    def selected_edge_keys(self) -> list[EdgeKey]:
        chosen = {i.key for i in self.selectedItems() if isinstance(i, EdgeItem)}
        return [e.key for e in self.doc.edges if e.key in chosen]

    def select(self, node_ids: list[str] = (), edge_keys: list[EdgeKey] = ()) -> None:
        self.clearSelection()
        for node_id in node_ids:
            if node_id in self._node_items:
                self._node_items[node_id].setSelected(True)
        for key in edge_keys:
            if key in self._edge_items:
                self._edge_items[key].setSelected(True)

    def items_bounds(self) -> QRectF:
        rect = QRectF()
        for item in self._node_items.values():
            rect = rect.united(item.sceneBoundingRect())
        for edge_item in self._edge_items.values():
            if edge_item.callout:
                rect = rect.united(edge_item.sceneBoundingRect())
        return rect

    # -- gestures ------------------------------------------------------------------------
    def _node_at(self, pos: QPointF) -> NodeItem | None:
        for item in self.items(
            pos,
            Qt.ItemSelectionMode.IntersectsItemShape,
            Qt.SortOrder.DescendingOrder,
            QTransform(),
        ):
            if isinstance(item, NodeItem):
                return item
        return None

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.editable:
            node = self._node_at(event.scenePos())
            on_handle = node is not None and node.handle_rect().contains(
                node.mapFromScene(event.scenePos())
            )
            if node is not None and (on_handle or event.modifiers() & LINK_MODIFIERS):
                self._start_link(node, event.scenePos())
                event.accept()
                return
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_start = {
                i.node_id: i.pos() for i in self.selectedItems() if isinstance(i, NodeItem)
            }

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._link_source is not None:
            self._update_link_preview(event.scenePos())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._link_source is not None and event.button() == Qt.MouseButton.LeftButton:
            self._finish_link(event.scenePos())
            event.accept()
            return
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and self._drag_start:
            moved = {
                nid: (item.pos().x(), item.pos().y())
                for nid, start in self._drag_start.items()
                if (item := self._node_items.get(nid)) and item.pos() != start
            }
            self._drag_start = {}
            if moved:
                self.stack.run(
                    MoveNodes(
                        moved, "Move stage" if len(moved) == 1 else f"Move {len(moved)} stages"
                    )
                )

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or not self.editable:
            super().mouseDoubleClickEvent(event)
            return
        item = self.itemAt(event.scenePos(), QTransform())
        if isinstance(item, NodeItem):
            self.renameRequested.emit(("node", item.node_id))
        elif isinstance(item, EdgeItem):
            self.renameRequested.emit(("edge", item.key))
        else:
            self.stageRequested.emit(self.snap(event.scenePos()))
        event.accept()

    def _start_link(self, node: NodeItem, pos: QPointF) -> None:
        self._link_source = node
        self._link_preview = QGraphicsPathItem()
        pen = QPen(QColor(self.theme.selection), 1.6, Qt.PenStyle.DashLine)
        self._link_preview.setPen(pen)
        self._link_preview.setZValue(10)
        self.addItem(self._link_preview)
        self._update_link_preview(pos)

    def _update_link_preview(self, pos: QPointF) -> None:
        assert self._link_source is not None and self._link_preview is not None
        start = border_point(self._link_source.box(), pos)
        target = self._node_at(pos)
        end = pos
        if target is not None and target is not self._link_source:
            end = border_point(target.box(), start)
        path = QPainterPath(start)
        path.lineTo(end)
        self._link_preview.setPath(path)

    def _finish_link(self, pos: QPointF) -> None:
        source = self._link_source
        assert source is not None
        self._link_source = None
        if self._link_preview is not None:
            self.removeItem(self._link_preview)
            self._link_preview = None
        target = self._node_at(pos)
        if target is source:
            return
        if target is not None:
            self.linkDropped.emit(source.node_id, target.node_id)
        elif not source.box().contains(pos):
            self.linkDropped.emit(source.node_id, self.snap(pos))

    def contextMenuEvent(self, event) -> None:
        item = self.itemAt(event.scenePos(), QTransform())
        owner: OwnerRef | None = None
        if isinstance(item, NodeItem):
            owner = ("node", item.node_id)
        elif isinstance(item, EdgeItem):
            owner = ("edge", item.key)
        if item is not None and not item.isSelected():
            self.clearSelection()
            item.setSelected(True)
        self.contextMenuRequested.emit(owner, event.screenPos())
        event.accept()

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        super().drawBackground(painter, rect)
        if not self.show_grid:
            return
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
