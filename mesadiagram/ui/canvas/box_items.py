"""A text box on the canvas: a title block or a key, drawn as figures draw it.

A ``TextBoxItem`` holds only the box's id. Its position is the box's top-left corner;
its rectangle and drawing come from ``render/text_boxes.py`` (``text_box_rect``,
``draw_text_box``), so the canvas and the exports agree. It moves with the selected
stages in one ``MoveNodes`` step (``gestures.py``), and a double-click edits its text
in place (``box_editor.py``, through the editor).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from mesadiagram.render.surface import PainterSurface
from mesadiagram.render.text_boxes import draw_text_box, text_box_rect

if TYPE_CHECKING:
    from mesadiagram.ui.canvas.scene import DiagramScene

BOX_Z = 0.5  # over the frames and links, under the stages
_FLAG = QGraphicsItem.GraphicsItemFlag
_BOX_FLAGS = _FLAG.ItemIsSelectable | _FLAG.ItemIsFocusable | _FLAG.ItemIsMovable


class TextBoxItem(QGraphicsItem):
    """A text box; the scene turns a drag of it into one MoveNodes on release."""

    def __init__(self, box_id: str) -> None:
        super().__init__()
        self.box_id = box_id
        self.rect = QRectF()  # in item coordinates: the top-left corner is (0, 0)
        self.scene_box = QRectF()
        self.setFlags(_BOX_FLAGS)
        self.setZValue(BOX_Z)

    @property
    def element_id(self) -> str:
        return self.box_id

    def diagram(self) -> DiagramScene:
        return self.scene()  # type: ignore[return-value]

    def refresh(self) -> None:
        """Re-read the box from the model: text, width, position."""
        scene = self.diagram()
        if scene is None or not scene.doc.has_box(self.box_id):
            return
        box = scene.doc.box(self.box_id)
        at = QPointF(*box.position)
        self.prepareGeometryChange()
        self.rect = text_box_rect(box, scene.theme).translated(-at)
        if self.pos() != at:
            self.setPos(at)
        self.scene_box = self.rect.translated(self.pos())
        self.update()

    def box(self) -> QRectF:
        """The box in scene coordinates, where it is now (mid-drag included)."""
        return self.rect.translated(self.pos())

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-4, -4, 4, 4)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.rect)
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        scene = self.diagram()
        if not scene.doc.has_box(self.box_id):
            return
        theme = scene.theme
        draw_text_box(PainterSurface(painter), scene.doc.box(self.box_id), self.rect, theme)
        if self.isSelected():
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor(theme.selection), 2.2 * theme.unit))
            painter.drawRect(self.rect.adjusted(-2, -2, 2, 2))

    def follow_position(self) -> None:
        """Qt has moved the item (a drag): snap its corner; the view's canvas grows."""
        scene = self.diagram()
        pos = self.pos()
        snapped = scene.snap(pos)
        if snapped != pos:
            self.setPos(snapped)
        self.scene_box = self.rect.translated(snapped)
