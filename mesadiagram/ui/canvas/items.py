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
    edge_label_rect,
    edge_label_text,
    small_font,
)
from mesadiagram.render.fonts import text_width
from mesadiagram.render.geometry import (
    ARROW_SIZE,
    EdgeGeometry,
    NodeGeometry,
    edge_geometry,
    node_geometry,
)
from mesadiagram.render.link_labels import (
    fit_badge,
    has_badge,
    label_size,
    off_stages,
    place_on_link,
)
from mesadiagram.render.link_routes import way_outline
from mesadiagram.render.link_tags import LinkTag, draw_link_tag, local_tag, tag_reach
from mesadiagram.render.outcome_risk import node_with_risk
from mesadiagram.render.stage_shapes import stage_outline, stage_shape
from mesadiagram.render.surface import PainterSurface
from mesadiagram.render.theme import Theme
from mesadiagram.ui.canvas.hover_card import element_card

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

    def tooltip(self, focus: str | None = None) -> str:
        """The hover card (``hover_card.py``), made when asked for by
        ``DiagramScene.helpEvent``, never stored on the items; ``focus`` is the type of
        the mark pointed at, listed first."""
        scene = self.diagram()
        return element_card(scene.doc, scene.theme, self.element_id, focus)  # type: ignore[attr-defined]

    def tooltip_at(self, pos: QPointF) -> str | None:
        """The card when ``pos`` (item coordinates) is on this element, a mark of it or
        its callout; else None."""
        on, focus = self.mark_at(pos)  # type: ignore[attr-defined]
        if not on and self.callout is not None and self.callout.rect.contains(pos):
            on, focus = True, _callout_type_at(self.callout, pos)
        return self.tooltip(focus) if on else None

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
        self.risk_text: str | None = None  # View > Risk on Outcomes: the line drawn
        self.shape_name = "rounded"
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
        self.shape_name = stage_shape(scene.doc, node)  # its class's outline
        stage_text = scene.view_state.show_stage_text
        self.risk_text = scene.view_state.risk_line(self.node_id)  # (its text's first line)
        node, stage_text = node_with_risk(node, self.risk_text, stage_text)
        self.geo = node_geometry(node, scene.theme, True, stage_text, self.shape_name)
        # (7: the highlight ring, 6 wide at 3 px out, is drawn whole, not cut off)
        self._base_bounds = self.geo.rect.adjusted(-7, -7, HANDLE_RADIUS + 4, 7)
        self._bounds = _with_callout(self._base_bounds, self.callout)
        if node.position is not None and self.pos() != QPointF(*node.position):
            self.setPos(*node.position)
        self.scene_box = self.geo.rect.translated(self.pos())
        scene.overview.touched()
        self.update()

    def mark_at(self, pos: QPointF) -> tuple[bool, str | None]:
        """Whether ``pos`` is on the stage, and the type of the chip or count there."""
        if self.geo is None or not self.shape().contains(pos):
            return False, None
        for chip in self.geo.chips:
            if chip.rect.contains(pos):
                return True, chip.type_name
        for type_name, _count, rect in self.geo.counts:
            if rect.contains(pos):
                return True, type_name
        return True, None

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
            path.addPath(stage_outline(self.shape_name, self.geo.rect))
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
        marked = scene.marks_outcomes
        draw_node(surface, scene.doc, node, self.geo, theme, selected=selected, marked=marked)
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
        # Compact: the interventions' labels beside the badge (``render/link_tags.py``),
        # made with the geometry; only how far it may reach is known at each refresh.
        self._tag: LinkTag | None = None
        self._tag_reach: tuple[float, float] | None = None
        self.callout: CalloutGeometry | None = None
        self._shape: QPainterPath | None = None
        self._bounds = QRectF()
        self._base_bounds = QRectF()
        # A straight or routed link as lines, for the overview; None for a curve (it draws
        # the path).
        self.overview_lines: list[QLineF] | None = None
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
        # Its way around the other stages, decided by the scene's router
        # (``routing.py``): bend points, or a curve, or the straight line.
        way = scene.routes.way(self.link_id, edge)
        bend, route = way.bend, list(way.points)
        self._ends = (source.scene_box, target.scene_box, bend, route)
        self._geo = None
        self._shape = None
        self._tag = None
        detailed = scene.is_detailed(self.link_id)  # (then its callout shows it all)
        self._tag_reach = None if detailed else tag_reach(edge, scene.theme)
        # Bounds without the path: it runs inside the hull of its ends (and the control
        # point of a curve, or the bend points of a route); its middle, marker and label
        # lie on it.
        xs, ys, self.overview_lines = way_outline(source.scene_box, target.scene_box, way)
        # 12-wide shape stroke with square caps (6 * sqrt(2)) or the 11-radius marker, and
        # 6 for antialiasing; the label box goes above the middle.
        pad = 17.0
        if edge.label or edge.probability is not None:
            # its label sits on (or just beside) the link, anywhere along it
            pad = max(pad, _label_width(edge, scene.theme) / 2 + 24)
        left, top = min(xs) - pad, min(ys) - pad
        self._base_bounds = QRectF(left, top, max(xs) + pad - left, max(ys) + pad - top)
        if self._tag_reach is not None:  # the tag is beside the middle, within the hull
            w, h = self._tag_reach
            corner, far = QPointF(min(xs) - w, min(ys) - h), QPointF(max(xs) + w, max(ys) + h)
            self._base_bounds |= QRectF(corner, far)
        self._bounds = _with_callout(self._base_bounds, self.callout)
        scene.overview.touched()
        self.update()

    @property
    def geo(self) -> EdgeGeometry | None:
        """The path, arrow head and middle, made on first use after each refresh."""
        if self._geo is None and self._ends is not None:
            theme = self.diagram().theme  # (the head grows with the text, as in figures)
            geo = edge_geometry(*self._ends, arrow=ARROW_SIZE * theme.unit)
            self._geo = fit_badge(geo, theme)
            self._place_label(self._geo)
        return self._geo

    def _place_label(self, geo: EdgeGeometry) -> None:
        """Its label on the link, and its badge beside it, where they cover no stage
        (``render/link_labels.py``; figures also keep them off other labels and links)."""
        scene = self.diagram()
        edge = scene.doc.edge(self.link_id)
        size = label_size(scene.theme, edge)
        if size is None or self._ends is None:
            return
        # every stage's box (once routed), and the link's own two boxes in any case
        rejected = off_stages(self._ends[:2], scene.routes.router.grid)
        place_on_link(geo, size, has_badge(edge), rejected)

    @property
    def has_tag(self) -> bool:
        """Whether the link shows a tag (known without making it)."""
        return self._tag_reach is not None

    @property
    def tag(self) -> LinkTag | None:
        """The compact tag, placed clear of the link's own stages and label."""
        if self._tag is None and self._tag_reach is not None and self.geo is not None:
            scene = self.diagram()
            edge = scene.doc.edge(self.link_id)
            label = edge_label_rect(scene.theme, edge, self.geo)
            boxes = [self._ends[0], self._ends[1]] if self._ends else []
            self._tag = local_tag(edge, self.geo, scene.theme, boxes, label)
        return self._tag

    def mark_at(self, pos: QPointF) -> tuple[bool, str | None]:
        """Whether ``pos`` is on the link, its label or its tag; "intervention" on its
        disc or an intervention's label."""
        geo = self.geo
        if geo is None:
            return False, None
        tag = self.tag
        if tag is not None and tag.rect.contains(pos):
            return True, "intervention" if tag.entries else None
        scene = self.diagram()
        edge = scene.doc.edge(self.link_id)
        if QLineF(pos, geo.middle).length() <= 11:
            disc = any(a.type == "intervention" for a in edge.annotations)
            return True, "intervention" if disc else None
        label = edge_label_rect(scene.theme, edge, geo)
        return bool(label is not None and label.contains(pos)) or self.shape().contains(pos), None

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
            if self.tag is not None:  # (a click on an intervention's label picks the link)
                self._shape.addRect(self.tag.rect)
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
        if self.tag is not None:
            draw_link_tag(surface, scene.doc, self.tag, scene.theme, f"edge-{self.link_id}")
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


def _callout_type_at(callout: CalloutGeometry, pos: QPointF) -> str | None:
    """The type of the callout line at ``pos`` (its heading or one of its entries)."""
    row = int((pos.y() - callout.rect.top() - callout.pad) // callout.line_height)
    return callout.lines[row].type_name if 0 <= row < len(callout.lines) else None


def _label_width(edge: Edge, theme: Theme) -> float:
    """Room for the label ``draw_edge`` puts above the middle of a link (with a margin)."""
    return text_width(small_font(theme), edge_label_text(edge)) + 16
