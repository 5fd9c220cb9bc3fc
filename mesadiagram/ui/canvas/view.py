"""The canvas view: zoom (wheel, keys, fit), pan (space-drag, middle button), rubber band.

Keys that edit (Tab, F2, arrows...) are passed to the editor, which turns them into
model commands. Annotations dragged from the palette drop onto the stage or link under the
cursor (highlighted while dragging); other drops, such as a .yaml file, go to the window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsView, QWidget

from mesadiagram.ui.annotation_drag import MIME, attach_command, read_mime
from mesadiagram.ui.canvas.items import EdgeItem, NodeItem

MIN_ZOOM, MAX_ZOOM = 0.05, 8.0
READABLE_LABEL_PX = 11.0  # stage labels at least this high on screen when a document opens


class DiagramView(QGraphicsView):
    zoomChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(True)
        self.key_handler: Callable[[QKeyEvent], bool] | None = None
        self._space_down = False
        self._panning_from: QPointF | None = None
        # A fit asked for before the view had its real size: None, "fit" or "readable".
        self._fit_pending: str | None = None
        self._annotation_drag = False  # a palette drag is over the view
        self._drop_item: NodeItem | EdgeItem | None = None
        self._drop_item_highlight: QColor | None = None  # what it showed before

    # -- zoom ----------------------------------------------------------------------------
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float, anchor: QPointF | None = None) -> None:
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        scale = factor / self.zoom()
        if anchor is None:
            self.scale(scale, scale)
        else:
            # Keep what is under ``anchor`` there. Qt's AnchorUnderMouse would read
            # QCursor.pos(), which not every platform reports (Wayland, offscreen).
            under = self.mapToScene(anchor.toPoint())
            old = self.transformationAnchor()
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
            self.scale(scale, scale)
            self.setTransformationAnchor(old)
            shift = self.mapFromScene(under) - anchor.toPoint()
            bar_x, bar_y = self.horizontalScrollBar(), self.verticalScrollBar()
            bar_x.setValue(bar_x.value() + shift.x())
            bar_y.setValue(bar_y.value() + shift.y())
        self.zoomChanged.emit(self.zoom())

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * 1.25)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / 1.25)

    def zoom_reset(self) -> None:
        self.set_zoom(1.0)

    def show_readable(self) -> None:
        """How a document opens: all of it when its stage labels are readable so (at
        least ``READABLE_LABEL_PX`` high on screen), else that zoom on its start (the top
        left, where a chain begins), to scroll from. View > Zoom to Fit still fits all."""
        if not self.isVisible():
            self._fit_pending = "readable"
            return
        self.zoom_to_fit()
        scene = self.scene()
        theme = getattr(scene, "theme", None)
        if theme is None or not hasattr(scene, "items_bounds"):
            return
        readable = READABLE_LABEL_PX / theme.font_size
        rect = scene.items_bounds()
        if self.zoom() >= readable or rect.isEmpty():
            return
        rect = rect.adjusted(-30, -30, 30, 30)
        self.set_zoom(readable)
        shown = self.mapToScene(self.viewport().rect()).boundingRect()
        x = rect.left() + shown.width() / 2
        y = (
            rect.center().y()
            if rect.height() <= shown.height()
            else rect.top() + shown.height() / 2
        )
        self.centerOn(x, y)
        self.zoomChanged.emit(self.zoom())

    def zoom_to_fit(self) -> None:
        if not self.isVisible():
            self._fit_pending = "fit"  # fit once shown and sized (see resizeEvent)
            return
        scene = self.scene()
        rect: QRectF = (
            scene.items_bounds() if hasattr(scene, "items_bounds") else scene.itemsBoundingRect()
        )
        if rect.isEmpty():
            self.zoom_reset()
            return
        rect = rect.adjusted(-30, -30, 30, 30)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > 1.5:
            self.set_zoom(1.5)
            self.centerOn(rect.center())
        self.zoomChanged.emit(self.zoom())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fit_pending and self.isVisible():
            self._run_pending_fit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._fit_pending:
            self._run_pending_fit()

    def _run_pending_fit(self) -> None:
        pending, self._fit_pending = self._fit_pending, None
        if pending == "readable":
            self.show_readable()
        else:
            self.zoom_to_fit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            super().wheelEvent(event)  # scroll
            return
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.set_zoom(self.zoom() * (1.15**steps), event.position())
        event.accept()

    # -- pan -----------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton or (
            self._space_down and event.button() == Qt.MouseButton.LeftButton
        ):
            self._panning_from = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        shift = Qt.KeyboardModifier.ShiftModifier
        if (
            event.button() == Qt.MouseButton.LeftButton
            and event.modifiers() & shift
            and self.itemAt(event.position().toPoint()) is None
        ):
            # Shift-drag on empty canvas adds to the selection, as Shift-click does; Qt's
            # rubber band does that for Ctrl only.
            mods = (event.modifiers() & ~shift) | Qt.KeyboardModifier.ControlModifier
            extend = QMouseEvent(
                event.type(),
                event.position(),
                event.globalPosition(),
                event.button(),
                event.buttons(),
                mods,
            )
            super().mousePressEvent(extend)
            event.setAccepted(extend.isAccepted())
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._panning_from is not None:
            delta = event.position() - self._panning_from
            self._panning_from = event.position()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - int(delta.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - int(delta.y()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._panning_from is not None:
            self._panning_from = None
            self.viewport().setCursor(
                Qt.CursorShape.OpenHandCursor if self._space_down else Qt.CursorShape.ArrowCursor
            )
            event.accept()
            return
        super().mouseReleaseEvent(event)

    # -- keys ----------------------------------------------------------------------------
    def focusNextPrevChild(self, next: bool) -> bool:
        return False  # Tab and Shift+Tab add stages on the canvas

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        if self.key_handler is not None and self.key_handler(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = False
            self.viewport().setCursor(Qt.CursorShape.ArrowCursor)
        super().keyReleaseEvent(event)

    # -- annotation drops from the palette -----------------------------------------------
    def _editable(self) -> bool:
        return self.scene() is not None and getattr(self.scene(), "editable", False)

    def drop_target(self, pos: QPoint) -> NodeItem | EdgeItem | None:
        """The stage or link under viewport position ``pos`` (stages win over links)."""
        for item in self.items(pos):
            if isinstance(item, NodeItem | EdgeItem):
                return item
        return None

    def _show_drop_target(self, item: NodeItem | EdgeItem | None) -> None:
        if item is self._drop_item:
            return
        if self._drop_item is not None:
            self._drop_item.drop_highlight = self._drop_item_highlight
            self._drop_item.update()
        self._drop_item = item
        if item is not None:
            self._drop_item_highlight = item.drop_highlight
            item.drop_highlight = QColor(self.scene().theme.highlight)
            item.update()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not event.mimeData().hasFormat(MIME):
            # No canvas item takes other drops, and QGraphicsView would accept the enter for
            # its scene and swallow the drop: ignore it, so it goes on to the window (which
            # opens a dropped .yaml file).
            event.ignore()
            return
        if not self._editable():
            event.ignore()
            return
        # Accept the enter so moves follow; each move decides whether a drop is allowed.
        self._annotation_drag = True
        event.acceptProposedAction()
        self._show_drop_target(self.drop_target(event.position().toPoint()))

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if not self._annotation_drag:
            event.ignore()
            return
        target = self.drop_target(event.position().toPoint())
        self._show_drop_target(target)
        if target is None:
            event.ignore()  # empty canvas: nothing to attach to
        else:
            event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        if not self._annotation_drag:
            return  # not ours (QGraphicsView would warn of a leave without an enter)
        self._annotation_drag = False
        self._show_drop_target(None)
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        if not self._annotation_drag:
            event.ignore()
            return
        self._annotation_drag = False
        self._show_drop_target(None)
        target = self.drop_target(event.position().toPoint())
        parsed = read_mime(event.mimeData())
        if target is None or parsed is None or not self._editable():
            event.ignore()
            return
        scene = self.scene()
        owner = target.node_id if isinstance(target, NodeItem) else target.link_id
        scene.stack.run(attach_command(scene.doc, [owner], *parsed))
        if isinstance(target, NodeItem):
            scene.select([target.node_id])
        else:
            scene.select(edge_keys=[target.link_id])
        event.acceptProposedAction()
        self.setFocus()
