"""Canvas items. They hold an id and draw what the model says; they own no model state.

Drawing goes through ``render`` so the canvas looks like the exports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from mesadiagram.model import Edge, LinkId
from mesadiagram.render.callouts import CalloutGeometry
from mesadiagram.render.draw import (
    draw_callout,
    draw_edge,
    draw_node,
    edge_label_text,
    small_font,
)
from mesadiagram.render.fonts import text_width
from mesadiagram.render.geometry import (
    EdgeGeometry,
    NodeGeometry,
    edge_bend,
    edge_ends,
    edge_geometry,
    node_geometry,
)
from mesadiagram.render.surface import PainterSurface
from mesadiagram.render.theme import Theme

if TYPE_CHECKING:
    from mesadiagram.ui.canvas.scene import DiagramScene

LOD_TEXT = 0.35  # below this zoom, stages are plain boxes: text would be unreadable anyway
HANDLE_RADIUS = 6.0
_FLAG = QGraphicsItem.GraphicsItemFlag
_EDGE_FLAGS = _FLAG.ItemIsSelectable | _FLAG.ItemIsFocusable  # (combined once, not per item)
_NODE_FLAGS = _EDGE_FLAGS | _FLAG.ItemIsMovable


class _CalloutMixin:
    """What both kinds of item share: the callout the scene placed for the detailed view
    (``ui/canvas/detail.py``; their bounds grow to include it), their scene, and their
    highlight, read from the view state by element id."""

    callout: CalloutGeometry | None
    drop_highlight: QColor | None
    _base_bounds: QRectF
    _bounds: QRectF

    def set_callout(self, callout: CalloutGeometry | None) -> None:
        """Node items get it in their own coordinates, link items in the scene's."""
        if callout is None and self.callout is None:
            return
        self.prepareGeometryChange()  # type: ignore[attr-defined]
        self.callout = callout
        self._bounds = _with_callout(self._base_bounds, callout)
        self.update()  # type: ignore[attr-defined]

    def diagram(self) -> DiagramScene:
        return self.scene()  # type: ignore[attr-defined,no-any-return]

    @property
    def highlight(self) -> QColor | None:
        """The drag-over colour, else the view state's highlight of this element."""
        if self.drop_highlight is not None:
            return self.drop_highlight
        return _highlight_colour(self.diagram(), self.element_id)  # type: ignore[attr-defined]


class NodeItem(_CalloutMixin, QGraphicsItem):
    """A stage. Its position is the stage's centre; a drag moves it here and the scene
    turns the whole drag into one MoveNodes command on release."""

    def __init__(self, node_id: str) -> None:
        super().__init__()
        self.node_id = node_id
        self.geo: NodeGeometry | None = None
        self.callout: CalloutGeometry | None = None
        self._bounds = QRectF()
        self._base_bounds = QRectF()
        self.scene_box = QRectF()  # box() kept current for the overview (``overview.py``)
        self.hovered = False
        self.drop_highlight: QColor | None = None  # while an annotation is dragged over it
        # No itemChange() override and no ItemSendsGeometryChanges: a Python call for every
        # change of every item made opening 5,000 stages a quarter slower. The scene calls
        # follow_position() after Qt moves items in a drag.
        self.setFlags(_NODE_FLAGS)
        # Drawn once into a pixmap per zoom and reused while unchanged: a drag repaints
        # the stages around the moving one on every frame (a third of a drag frame).
        # Whatever changes the drawing calls update(), which renews the pixmap.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setAcceptHoverEvents(True)
        self.setZValue(1)

    @property
    def element_id(self) -> str:
        return self.node_id

    def refresh(self) -> None:
        """Re-read the node from the model: geometry, position, callout."""
        scene = self.diagram()
        node = scene.doc.node(self.node_id)
        self.prepareGeometryChange()
        self.geo = node_geometry(node, scene.theme, local=True)
        self._base_bounds = self.geo.rect.adjusted(-4, -4, HANDLE_RADIUS + 4, 4)
        self._bounds = _with_callout(self._base_bounds, self.callout)
        if node.position is not None and self.pos() != QPointF(*node.position):
            self.setPos(*node.position)
        self.scene_box = self.geo.rect.translated(self.pos())
        scene.overview.touched()
        self.update()

    def tooltip(self) -> str:
        """Made when asked for (``DiagramScene.helpEvent``), not stored on every item."""
        node = self.diagram().doc.node(self.node_id)
        return _tooltip(node.label, node.text)

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
        path.setFillRule(Qt.FillRule.WindingFill)  # the box and its handle, overlap included
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
        surface = PainterSurface(painter)
        draw_node(surface, scene.doc, node, self.geo, theme, selected=selected)
        if self.callout:
            draw_callout(surface, scene.doc, self.callout, theme, f"node-{self.node_id}")
        if (self.hovered or selected) and scene.editable:
            painter.setPen(QPen(QColor(theme.background), 1.5))
            painter.setBrush(QColor(theme.selection))
            painter.drawEllipse(self.handle_rect())

    def follow_position(self) -> None:
        """Qt has moved the item (a drag): snap it; its links follow."""
        if self.geo is None:
            return
        scene = self.diagram()
        pos = self.pos()
        snapped = scene.snap(pos)
        if snapped != pos:
            self.setPos(snapped)
        box = self.geo.rect.translated(snapped)
        if box != self.scene_box:
            self.scene_box = box
            scene.node_moved(self.node_id)
            scene.overview.touched()

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


class EdgeItem(_CalloutMixin, QGraphicsItem):
    """A link, drawn between the current boxes of its two stages."""

    def __init__(self, link_id: LinkId, ends: tuple[str, str]) -> None:
        super().__init__()
        self.link_id = link_id
        self.ends = ends  # (from, to): a link never changes its stages
        # What the geometry is made from; the geometry itself is made when first needed
        # (painting, hit tests): opening a large model at fit-to-window needs none of it.
        self._ends: tuple[QRectF, QRectF, float, list] | None = None
        self._geo: EdgeGeometry | None = None
        self.callout: CalloutGeometry | None = None
        self._shape: QPainterPath | None = None
        self._bounds = QRectF()
        self._base_bounds = QRectF()
        # A straight link as one line, for the overview; None for a curve (it draws the path).
        self.overview_line: QLineF | None = None
        self.drop_highlight: QColor | None = None  # while an annotation is dragged over it
        self.setFlags(_EDGE_FLAGS)  # z 0 (the default): under the stages

    @property
    def element_id(self) -> str:
        return self.link_id

    @property
    def warning(self) -> bool:
        return self.link_id in self.diagram().view_state.warnings

    def refresh(self) -> None:
        scene = self.diagram()
        edge = scene.doc.edge(self.link_id)
        source, target = scene.node_item(edge.source), scene.node_item(edge.target)
        if source is None or target is None:
            return
        self.prepareGeometryChange()
        bend = edge_bend(scene.doc, edge)
        route = list(edge.route)
        self._ends = (source.scene_box, target.scene_box, bend, route)
        self._geo = None
        self._shape = None
        # Bounds without the path: it runs inside the hull of its ends (and the control
        # point of a curve, or the bend points of a route); its middle, marker and label
        # lie on it.
        x0, y0, x1, y1, cx, cy = edge_ends(source.scene_box, target.scene_box, bend)
        self.overview_line = None if bend or route else QLineF(x0, y0, x1, y1)
        xs, ys = [x0, x1], [y0, y1]
        if bend:
            xs.append(cx)
            ys.append(cy)
        for x, y in route:
            xs.append(x)
            ys.append(y)
        # 12-wide shape stroke with square caps (6 * sqrt(2)) or the 11-radius marker, and
        # 6 for antialiasing; the label box goes above the middle.
        above = 17.0
        half = 17.0
        if edge.label or edge.probability is not None:
            above = 30.0
            half = max(half, _label_width(edge, scene.theme) / 2)
        left, top = min(xs) - half, min(ys) - above
        self._base_bounds = QRectF(left, top, max(xs) + half - left, max(ys) + 17 - top)
        self._bounds = _with_callout(self._base_bounds, self.callout)
        scene.overview.touched()
        self.update()

    @property
    def geo(self) -> EdgeGeometry | None:
        """The path, arrow head and middle, made on first use after each refresh."""
        if self._geo is None and self._ends is not None:
            self._geo = edge_geometry(*self._ends)
        return self._geo

    def tooltip(self) -> str:
        doc = self.diagram().doc
        edge = doc.edge(self.link_id)
        ends = f"{doc.node(edge.source).label} → {doc.node(edge.target).label}"
        return _tooltip(f"{ends}: {edge.label}" if edge.label else ends, edge.text)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        if self._shape is None:
            if self.geo is None:
                return QPainterPath()
            stroker = QPainterPathStroker()
            stroker.setWidth(12)
            self._shape = stroker.createStroke(self.geo.path)
            self._shape.addEllipse(self.geo.middle, 11, 11)
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
            painter.setBrush(Qt.BrushStyle.NoBrush)  # a curve would be filled otherwise
            painter.drawPath(self.geo.path)
            return
        if self.highlight is not None:
            painter.setPen(QPen(self.highlight, 7, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawPath(self.geo.path)
        surface = PainterSurface(painter)
        draw_edge(
            surface,
            scene.doc,
            scene.doc.edge(self.link_id),
            self.geo,
            scene.theme,
            selected=self.isSelected(),
            warning=self.warning,
        )
        if self.callout:
            draw_callout(surface, scene.doc, self.callout, scene.theme, f"edge-{self.link_id}")


def _highlight_colour(scene: DiagramScene | None, element_id: str) -> QColor | None:
    """The theme's highlight, a little transparent, for an element the view state
    highlights (an Analysis result, a search)."""
    if scene is None or element_id not in scene.view_state.highlights:
        return None
    color = QColor(scene.theme.highlight)
    color.setAlphaF(0.7)
    return color


def _with_callout(bounds: QRectF, callout: CalloutGeometry | None) -> QRectF:
    if callout is None:
        return bounds
    return bounds.united(callout.rect.adjusted(-2, -2, 2, 2)).united(
        QRectF(callout.anchor, callout.anchor).adjusted(-2, -2, 2, 2)
    )


def _tooltip(title: str, text: str) -> str:
    return f"{title}\n\n{text}" if text else title


def _label_width(edge: Edge, theme: Theme) -> float:
    """Room for the label ``draw_edge`` puts above the middle of a link (with a margin)."""
    return text_width(small_font(theme), edge_label_text(edge)) + 16
