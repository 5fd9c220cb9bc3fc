"""Canvas items. They hold an id and draw what the model says; they own no model state.

Drawing goes through ``render`` so the canvas looks like the exports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from mesadiagram.model import EdgeKey
from mesadiagram.render.callouts import CalloutGeometry, callout_geometry, draw_callout
from mesadiagram.render.geometry import EdgeGeometry, NodeGeometry, edge_geometry, node_geometry
from mesadiagram.render.painting import draw_edge, draw_node

if TYPE_CHECKING:
    from mesadiagram.ui.canvas.scene import DiagramScene

LOD_TEXT = 0.35  # below this zoom, stages are plain boxes: text would be unreadable anyway
HANDLE_RADIUS = 6.0


class NodeItem(QGraphicsItem):
    """A stage. Its position is the stage's centre; a drag moves it here and the scene
    turns the whole drag into one MoveNodes command on release."""

    def __init__(self, node_id: str) -> None:
        super().__init__()
        self.node_id = node_id
        self.geo: NodeGeometry | None = None
        self.callout: CalloutGeometry | None = None
        self._bounds = QRectF()
        self.hovered = False
        self.highlight: QColor | None = None
        self._syncing = False  # True while following the model: no snapping then
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
            | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable
        )
        self.setAcceptHoverEvents(True)
        self.setZValue(1)

    def diagram(self) -> DiagramScene:
        return self.scene()  # type: ignore[return-value]

    def refresh(self) -> None:
        """Re-read the node from the model: geometry, position, callout."""
        scene = self.diagram()
        node = scene.doc.node(self.node_id)
        self.prepareGeometryChange()
        self.geo = node_geometry(node, scene.theme, local=True)
        self.callout = None
        if scene.is_detailed(("node", self.node_id)) and node.annotations:
            below = QPointF(self.geo.rect.center().x() - 130, self.geo.rect.bottom() + 26)
            anchor = QPointF(self.geo.rect.center().x(), self.geo.rect.bottom())
            self.callout = callout_geometry(scene.doc, node.annotations, anchor, below, scene.theme)
        rect = self.geo.rect.adjusted(-4, -4, HANDLE_RADIUS + 4, 4)
        self._bounds = (
            rect.united(self.callout.rect.adjusted(-2, -2, 2, 2)) if self.callout else rect
        )
        if node.position is not None and self.pos() != QPointF(*node.position):
            self._syncing = True
            self.setPos(*node.position)
            self._syncing = False
        self.setToolTip(_tooltip(node.label, node.text))
        self.update()

    def box(self) -> QRectF:
        """The stage's box in scene coordinates (not including callouts)."""
        return self.geo.rect.translated(self.pos()) if self.geo else QRectF()

    def handle_rect(self) -> QRectF:
        """The link handle: a dot on the right edge, shown on hover and selection."""
        assert self.geo is not None
        c = QPointF(self.geo.rect.right(), self.geo.rect.center().y())
        return QRectF(
            c.x() - HANDLE_RADIUS, c.y() - HANDLE_RADIUS, 2 * HANDLE_RADIUS, 2 * HANDLE_RADIUS
        )

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        if self.geo:
            path.addRoundedRect(self.geo.rect, 8, 8)
            path.addEllipse(self.handle_rect())
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self.geo is None:
            return
        scene = self.diagram()
        theme = scene.theme
        selected = self.isSelected()
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < LOD_TEXT:
            painter.setPen(QPen(QColor(theme.selection if selected else theme.node_border), 0))
            painter.setBrush(QColor(theme.node_fill))
            painter.drawRect(self.geo.rect)
            return
        node = scene.doc.node(self.node_id)
        if self.highlight is not None:
            painter.setPen(QPen(self.highlight, 6))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self.geo.rect.adjusted(-3, -3, 3, 3), 10, 10)
        draw_node(painter, scene.doc, node, self.geo, theme, selected=selected)
        if self.callout:
            draw_callout(painter, scene.doc, self.callout, theme)
        if (self.hovered or selected) and scene.editable:
            painter.setPen(QPen(QColor(theme.background), 1.5))
            painter.setBrush(QColor(theme.selection))
            painter.drawEllipse(self.handle_rect())

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value):
        moving = change == QGraphicsItem.GraphicsItemChange.ItemPositionChange
        if moving and self.scene() and not self._syncing:
            return self.diagram().snap(value)
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged and self.scene():
            self.diagram().node_moved(self.node_id)
        return super().itemChange(change, value)

    def hoverEnterEvent(self, event) -> None:
        self.hovered = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:
        self.hovered = False
        self.update()
        super().hoverLeaveEvent(event)

    def hoverMoveEvent(self, event) -> None:
        on_handle = self.handle_rect().contains(event.pos())
        self.setCursor(Qt.CursorShape.CrossCursor if on_handle else Qt.CursorShape.ArrowCursor)
        super().hoverMoveEvent(event)


class EdgeItem(QGraphicsItem):
    """A link, drawn between the current boxes of its two stages."""

    def __init__(self, key: EdgeKey) -> None:
        super().__init__()
        self.key = key
        self.geo: EdgeGeometry | None = None
        self.callout: CalloutGeometry | None = None
        self._shape = QPainterPath()
        self._bounds = QRectF()
        self.highlight: QColor | None = None
        self.warning = False
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable
        )
        self.setZValue(0)

    def diagram(self) -> DiagramScene:
        return self.scene()  # type: ignore[return-value]

    def refresh(self) -> None:
        scene = self.diagram()
        source, target = scene.node_item(self.key[0]), scene.node_item(self.key[1])
        if source is None or target is None:
            return
        edge = scene.doc.edge(self.key)
        self.prepareGeometryChange()
        self.geo = edge_geometry(source.box(), target.box(), scene.bend(self.key))
        stroker = QPainterPathStroker()
        stroker.setWidth(12)
        self._shape = stroker.createStroke(self.geo.path)
        self._shape.addEllipse(self.geo.middle, 11, 11)
        self.callout = None
        if scene.is_detailed(("edge", self.key)) and edge.annotations:
            top_left = QPointF(self.geo.middle.x() - 130, self.geo.middle.y() + 40)
            self.callout = callout_geometry(
                scene.doc, edge.annotations, self.geo.middle, top_left, scene.theme
            )
        bounds = self._shape.boundingRect().adjusted(-6, -6, 6, 6)
        self._bounds = (
            bounds.united(self.callout.rect.adjusted(-2, -2, 2, 2)) if self.callout else bounds
        )
        self.setToolTip(_tooltip(edge.label or f"{self.key[0]} → {self.key[1]}", edge.text))
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return self._shape

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self.geo is None:
            return
        scene = self.diagram()
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < LOD_TEXT:
            painter.setPen(QPen(QColor(scene.theme.edge), 0))
            painter.drawPath(self.geo.path)
            return
        if self.highlight is not None:
            painter.setPen(QPen(self.highlight, 7, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawPath(self.geo.path)
        draw_edge(
            painter,
            scene.doc,
            scene.doc.edge(self.key),
            self.geo,
            scene.theme,
            selected=self.isSelected(),
            warning=self.warning,
        )
        if self.callout:
            draw_callout(painter, scene.doc, self.callout, scene.theme)


def _tooltip(title: str, text: str) -> str:
    return f"{title}\n\n{text}" if text else title
