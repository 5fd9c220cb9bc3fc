"""The canvas's mouse gestures: dragging stages, drawing links, double-clicks, menus, tips.

Gestures that edit end in one model command pushed on release (a whole drag is one undo
step) or in a signal the editor answers (it owns label editing and new stages). The scene
(``scene.py``) supplies the items, the session and the signals this uses.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPen, QTransform
from PySide6.QtWidgets import (
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSceneHelpEvent,
    QGraphicsSceneMouseEvent,
    QGraphicsView,
    QToolTip,
)

from mesadiagram.model import ElementId
from mesadiagram.model.commands import MoveNodes
from mesadiagram.render.geometry import border_point
from mesadiagram.ui.canvas.box_items import TextBoxItem
from mesadiagram.ui.canvas.group_items import GroupFrameItem
from mesadiagram.ui.canvas.items import EdgeItem, NodeItem

GRID = 20.0
LINK_MODIFIERS = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier


class SceneGestures(QGraphicsScene):
    """The mouse half of ``DiagramScene`` (which defines what this reads: ``editable``,
    ``stack``, ``snap``, the item maps and the request signals)."""

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
        _shift_as_ctrl(event, self)
        super().mousePressEvent(event)
        self._frame_drag = None
        if event.button() == Qt.MouseButton.LeftButton:
            # What a drag will move: the selection, and the stage or text box under the
            # mouse even when a Shift-press left it unselected (Qt moves it along).
            grabber = self.mouseGrabberItem()
            moving = [*self.selectedItems(), grabber]
            self._drag_start = {
                i.element_id: i.pos() for i in moving if isinstance(i, NodeItem | TextBoxItem)
            }
            if isinstance(grabber, GroupFrameItem) and self.editable:
                # A frame is not movable itself: a drag on it moves its stages (and the
                # rest of the selection), by hand in ``mouseMoveEvent``.
                stages = self.doc.group(grabber.group_id).stages
                items = [self.node_item(n) for n in stages]
                self._drag_start.update({i.node_id: i.pos() for i in items if i is not None})
                self._frame_drag = event.scenePos()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._link_source is not None:
            self._update_link_preview(event.scenePos())
            event.accept()
            return
        super().mouseMoveEvent(event)
        frame_drag = self._frame_drag
        if frame_drag is not None and event.buttons() & Qt.MouseButton.LeftButton:
            delta = event.scenePos() - frame_drag
            for element_id, start in self._drag_start.items():
                item = self.movable_item(element_id)
                if item is not None:
                    item.setPos(start + delta)
        with self.parts.held_frames():  # (each frame once, not once per member)
            for element_id in self._drag_start:  # Qt has moved them: snap; links follow
                item = self.movable_item(element_id)
                if item is not None:
                    item.follow_position()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._link_source is not None and event.button() == Qt.MouseButton.LeftButton:
            source = self._link_source
            self._finish_link(event.scenePos())
            clicked = event.scenePos() == event.buttonDownScenePos(Qt.MouseButton.LeftButton)
            if clicked and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                # Ctrl also starts links; a Ctrl-click that went nowhere keeps Qt's meaning.
                source.setSelected(not source.isSelected())
            event.accept()
            return
        _shift_as_ctrl(event, self)
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and self._drag_start:
            moved = {
                nid: (item.pos().x(), item.pos().y())
                for nid, start in self._drag_start.items()
                if (item := self.movable_item(nid)) and item.pos() != start
            }
            self._drag_start = {}
            self._frame_drag = None
            if moved:
                self.stack.run(MoveNodes(moved, _move_text(self.doc, moved)))

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or not self.editable:
            super().mouseDoubleClickEvent(event)
            return
        item = self.itemAt(event.scenePos(), QTransform())
        if isinstance(item, NodeItem | EdgeItem | GroupFrameItem | TextBoxItem):
            self.renameRequested.emit(item.element_id)  # (a text box: its text)
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
        owner: ElementId | None = None
        if isinstance(item, NodeItem | EdgeItem | GroupFrameItem | TextBoxItem):
            owner = item.element_id
        if item is not None and not item.isSelected():
            self.clearSelection()
            item.setSelected(True)
        self.contextMenuRequested.emit(owner, event.screenPos())
        event.accept()

    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:
        """The hover card of the stage or link under the pointer (on its box or line, a
        mark, its label or its callout), made now: no item stores one."""
        view = event.widget().parentWidget() if event.widget() else None
        transform = view.transform() if isinstance(view, QGraphicsView) else QTransform()
        pos = event.scenePos()
        for item in self.items(
            pos,
            # Bounding rects, since a callout or a link's label lies outside the shape;
            # each item then says whether the pointer is on it.
            Qt.ItemSelectionMode.IntersectsItemBoundingRect,
            Qt.SortOrder.DescendingOrder,
            transform,
        ):
            if isinstance(item, NodeItem | EdgeItem):
                text = item.tooltip_at(item.mapFromScene(pos))
            else:
                text = item.toolTip() if item.contains(item.mapFromScene(pos)) else ""
            if text:
                QToolTip.showText(event.screenPos(), text, event.widget())
                event.accept()
                return
        QToolTip.hideText()
        event.ignore()


def _move_text(doc, moved: dict[str, tuple[float, float]]) -> str:
    """The undo step's name: "Move stage", "Move 3 stages", "Move text box"..."""
    boxes = sum(1 for element_id in moved if doc.has_box(element_id))
    stages = len(moved) - boxes
    if not boxes:
        return "Move stage" if stages == 1 else f"Move {stages} stages"
    if not stages:
        return "Move text box" if boxes == 1 else f"Move {boxes} text boxes"
    return f"Move {len(moved)} elements"


def _shift_as_ctrl(event: QGraphicsSceneMouseEvent, scene: QGraphicsScene) -> None:
    """Shift-click on an item toggles it in the selection, as Ctrl-click does in Qt."""
    mods = event.modifiers()
    if mods & Qt.KeyboardModifier.ShiftModifier and scene.itemAt(event.scenePos(), QTransform()):
        event.setModifiers(
            (mods & ~Qt.KeyboardModifier.ShiftModifier) | Qt.KeyboardModifier.ControlModifier
        )
