"""The canvas view: zoom (wheel, keys, fit), pan (space-drag, middle button), rubber band.

Keys that edit (Tab, F2, arrows...) are passed to the editor, which turns them into
model commands; Alt+arrow keys move the selection along links (``navigation.py``), and
Ctrl+Tab leaves the canvas (Tab adds stages on it). Annotations dragged from the palette
drop onto the stage or link under the cursor (highlighted while dragging); other drops,
such as a .yaml file, go to the window. Once it shows a ``DiagramScene`` it has a minimap
(``minimap.py``), a keyboard focus frame and ring, and an accessible name and description
that carry the selection (``accessible.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget

from mesadiagram.ui.canvas.accessible import NAME, CanvasAccessibility
from mesadiagram.ui.canvas.drops import AnnotationDrops
from mesadiagram.ui.canvas.minimap import Minimap
from mesadiagram.ui.canvas.navigation import KeyboardNavigator
from mesadiagram.ui.canvas.scene import DiagramScene

MIN_ZOOM, MAX_ZOOM = 0.05, 8.0
READABLE_LABEL_PX = 11.0  # stage labels at least this high on screen when a document opens


class DiagramView(AnnotationDrops, QGraphicsView):
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
        self.setObjectName("diagramCanvas")
        self.setAccessibleName(NAME)
        self.key_handler: Callable[[QKeyEvent], bool] | None = None
        self.navigator: KeyboardNavigator | None = None
        self.minimap = Minimap(self)
        self._accessibility: CanvasAccessibility | None = None
        self._space_down = False
        self._panning_from: QPointF | None = None
        # How to place the view once it is shown and has its real size (fit, readable, a
        # remembered view), when asked for before.
        self._pending_view: Callable[[], None] | None = None
        self.init_drops()

    def setScene(self, scene: QGraphicsScene | None) -> None:
        super().setScene(scene)
        if isinstance(scene, DiagramScene):
            self.navigator = KeyboardNavigator(scene, self)
            self.minimap.follow(scene)
            self._accessibility = CanvasAccessibility(scene.session, self)
            scene.view_state.changed.connect(self._view_state_changed)
            self._view_state_changed(frozenset({"theme"}))

    def _view_state_changed(self, aspects: frozenset[str]) -> None:
        if "theme" in aspects:
            # The keyboard focus frame: the theme's selection colour round the canvas when
            # it has the focus, its background colour otherwise (no jump in size).
            theme = self.scene().theme
            self.setStyleSheet(
                f"#diagramCanvas {{ border: 2px solid {theme.background}; }}"
                f"#diagramCanvas:focus {{ border: 2px solid {theme.selection}; }}"
            )

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
            self._pending_view = self.show_readable
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
            self._pending_view = self.zoom_to_fit  # fit once shown and sized (resizeEvent)
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

    def show_view(self, zoom: float, centre: QPointF) -> None:
        """Show ``centre`` (scene) in the middle at ``zoom``: a view remembered for a file."""
        if not self.isVisible():
            self._pending_view = lambda: self.show_view(zoom, centre)
            return
        self.set_zoom(zoom)
        self.centerOn(centre)
        self.zoomChanged.emit(self.zoom())

    def centre(self) -> QPointF:
        """The scene point in the middle of the view."""
        return self.mapToScene(self.viewport().rect().center())

    def has_settled_view(self) -> bool:
        """Whether the zoom and scroll are the user's: shown, and no placing pending."""
        return self.isVisible() and self._pending_view is None

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._pending_view and self.isVisible():
            self._run_pending_view()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._pending_view:
            self._run_pending_view()

    def _run_pending_view(self) -> None:
        pending, self._pending_view = self._pending_view, None
        if pending is not None:
            pending()

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
        if self.navigator is not None and self.navigator.keyboard_mode:
            self.navigator.keyboard_mode = False  # the focus ring is for keyboard use
            self.navigator.refresh_ring()
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

    # -- keys and focus ------------------------------------------------------------------
    def focusNextPrevChild(self, next: bool) -> bool:
        return False  # Tab and Shift+Tab add stages on the canvas; Ctrl+Tab leaves it

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and mods & ctrl:
            # Ctrl+Tab, Ctrl+Shift+Tab: on to the next or previous widget, as in a text editor.
            backwards = key == Qt.Key.Key_Backtab or bool(mods & shift)
            super().focusNextPrevChild(not backwards)
            event.accept()
            return
        if (key == Qt.Key.Key_F10 and mods == shift) or key == Qt.Key.Key_Menu:
            self.keyboard_context_menu()
            event.accept()
            return
        if self.navigator is not None and self.navigator.handle_key(event):
            event.accept()
            return
        if self.key_handler is not None and self.key_handler(event):
            if self.navigator is not None and not self.navigator.keyboard_mode:
                self.navigator.keyboard_mode = True
                self.navigator.refresh_ring()
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            self.keyboard_context_menu()  # for the current element, not the top left
            event.accept()
            return
        super().contextMenuEvent(event)

    def keyboard_context_menu(self) -> None:
        """The Menu key or Shift+F10: the context menu of the current stage or link, at it
        (of the empty canvas, at the view's centre, when there is none)."""
        scene = self.scene()
        if not isinstance(scene, DiagramScene) or self.navigator is None:
            return
        current = self.navigator.current()
        point = self.viewport().rect().center()
        if current is not None:
            self.navigator.reveal(current)
            point = self.mapFromScene(self.navigator.element_rect(current).center())
        scene.contextMenuRequested.emit(current, self.viewport().mapToGlobal(point))

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        if self.navigator is not None:
            self.navigator.refresh_ring()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        if self.navigator is not None:
            self.navigator.refresh_ring()

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        super().drawForeground(painter, rect)
        if self.navigator is not None:
            self.navigator.draw_ring(painter)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = False
            self.viewport().setCursor(Qt.CursorShape.ArrowCursor)
        super().keyReleaseEvent(event)
