"""The frame of a group on the canvas: drawn behind its stages, around them as they are now.

A ``GroupFrameItem`` holds only the group's id. Its rectangle comes from the boxes of its
stages' items (``render/group_frames.py``'s ``group_frame_rect``, as in figures), made
again whenever one of them moves (during a drag too), changes size, or the group changes;
it is drawn by ``draw_group_frame``, so the canvas and the exports show the same frame.
Only the frame's border and its label take the mouse: a click inside a group falls
through to the stages and the empty canvas within, and a rubber band selects the group
only when it holds the whole frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from mesadiagram.render.group_frames import (
    draw_group_frame,
    frame_label_rect,
    group_frame_rect,
    label_band,
)
from mesadiagram.render.surface import PainterSurface

if TYPE_CHECKING:
    from mesadiagram.ui.canvas.scene import DiagramScene

FRAME_Z = -1.0  # behind the links (0) and the stages (1)
GRIP = 10.0  # the width of the border that takes the mouse, in scene units
_FLAG = QGraphicsItem.GraphicsItemFlag


class GroupFrameItem(QGraphicsItem):
    """A group's frame. Selectable (its border or label); a drag on it moves its stages
    (the scene does that, ``gestures.py``); a double-click on it renames the group."""

    def __init__(self, group_id: str) -> None:
        super().__init__()
        self.group_id = group_id
        self.rect = QRectF()
        self._bounds = QRectF()
        self._shape: QPainterPath | None = None
        self.setFlags(_FLAG.ItemIsSelectable | _FLAG.ItemIsFocusable)
        self.setZValue(FRAME_Z)

    @property
    def element_id(self) -> str:
        return self.group_id

    def diagram(self) -> DiagramScene:
        return self.scene()  # type: ignore[return-value]

    def refresh(self) -> None:
        """The frame around the stages' items as they are now (mid-drag included)."""
        scene = self.diagram()
        if scene is None or not scene.doc.has_group(self.group_id):
            return
        group = scene.doc.group(self.group_id)
        boxes = {}
        for stage in group.stages:
            item = scene.node_item(stage)
            if item is not None and item.geo is not None:
                boxes[stage] = item.box()
        rect = group_frame_rect(group, boxes, scene.theme) if boxes else QRectF()
        if rect == self.rect and not self._bounds.isNull():
            self.update()  # (the label or colour may have changed)
            return
        self.prepareGeometryChange()
        self.rect = rect
        self._shape = None
        # room for the selection outline and antialiasing
        self._bounds = rect.adjusted(-GRIP, -GRIP, GRIP, GRIP) if rect.isValid() else QRectF()
        self.update()

    def label_rect(self) -> QRectF:
        """The band on top of the frame, from its left to just past the label (a click
        there selects the group, a double-click renames it)."""
        scene = self.diagram()
        if scene is None or not self.rect.isValid():
            return QRectF()
        theme = scene.theme
        label = frame_label_rect(scene.doc.group(self.group_id), self.rect, theme)
        width = min(self.rect.width(), max(label.right() - self.rect.left(), 60 * theme.unit))
        return QRectF(self.rect.left(), self.rect.top(), width + GRIP, label_band(theme))

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        if self._shape is None:
            path = QPainterPath()
            if self.rect.isValid():
                outline = QPainterPath()
                outline.addRect(self.rect)
                stroker = QPainterPathStroker()
                stroker.setWidth(GRIP)
                path = stroker.createStroke(outline)
                path.setFillRule(Qt.FillRule.WindingFill)
                path.addRect(self.label_rect())
            self._shape = path
        return self._shape

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        scene = self.diagram()
        if not self.rect.isValid() or not scene.doc.has_group(self.group_id):
            return
        theme = scene.theme
        draw_group_frame(PainterSurface(painter), scene.doc.group(self.group_id), self.rect, theme)
        if self.isSelected():
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor(theme.selection), 2.2 * theme.unit, Qt.PenStyle.DashLine))
            painter.drawRect(self.rect.adjusted(-3, -3, 3, 3))

    def collidesWithPath(self, path: QPainterPath, mode=Qt.ItemSelectionMode.IntersectsItemShape):
        """A rubber band takes the group only when it holds the whole frame: one drawn
        round some stages inside a group selects those stages, not their group."""
        box = path.boundingRect()
        if box.width() <= 1 and box.height() <= 1:  # Qt asks about a point with a 1×1 path
            return super().collidesWithPath(path, mode)
        return self.rect.isValid() and path.contains(self.rect)

    def contains_point(self, scene_pos: QPointF) -> bool:
        """Whether ``scene_pos`` is on the frame's border or label (what takes the mouse)."""
        return self.shape().contains(self.mapFromScene(scene_pos))
