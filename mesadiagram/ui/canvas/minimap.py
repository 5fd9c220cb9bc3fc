"""The minimap: the whole diagram in miniature in the canvas's bottom-right corner.

An overlay on the view rather than a dock: it sits beside what it navigates, takes no room
from the panels, and can come and go with the zoom without the window's layout moving.
It shows itself only when the diagram does not fit the view (and View > Minimap is on,
a choice kept in QSettings). The visible area is a rectangle on it; a click or drag there
moves the view, the wheel zooms the view about its centre.

The miniature is drawn once into an image by the overview's batched drawing
(``Overview.paint_diagram``), and again only a moment after the model, the selection or
the view state changed; scrolling and zooming repaint the image and the rectangle, not
5,000 stages.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSettings, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from mesadiagram.ui.canvas.scene import DiagramScene
    from mesadiagram.ui.canvas.view import DiagramView

SETTING = "showMinimap"
MAX_WIDTH, MAX_HEIGHT = 240, 160  # pixels, and at most a third of the view either way
MIN_SIDE = 40
CORNER_GAP = 12  # from the view's edges
PAD = 5  # between the minimap's border and the miniature
REDRAW_MS = 250  # after the last change, the miniature is drawn again
FIT_SLACK = 6.0  # scene units a diagram may overrun the view and still "fit"
# View state aspects after which the diagram's bounds may differ (callouts, hidden stages).
RESIZING_ASPECTS = frozenset({"theme", "all_detailed", "detail_overrides", "hidden"})
STEP_BUDGET = 0.003  # seconds of a redraw's steps per turn of the event loop
LINK_OPACITY = 0.35  # a miniature's links packed tight read as a grey wash; the boxes show


def diagram_bounds(scene: DiagramScene) -> QRectF:
    """The stages' boxes and the callouts (a few times quicker than uniting every item's
    bounding rectangle, which a 5,000-stage model makes a stall)."""
    steps = diagram_bounds_steps(scene)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def diagram_bounds_steps(scene: DiagramScene, chunk: int = 500) -> Iterator[None]:
    """``diagram_bounds`` in steps of ``chunk`` items (returned as the StopIteration's
    value), for the redraw after an edit that a large model must not stall on."""
    nodes = scene.node_items()
    if not nodes:
        return QRectF()
    left = top = float("inf")
    right = bottom = float("-inf")
    for start in range(0, len(nodes), chunk):
        boxes = [n.scene_box for n in nodes[start : start + chunk]]
        left = min(left, min(b.left() for b in boxes))
        top = min(top, min(b.top() for b in boxes))
        right = max(right, max(b.right() for b in boxes))
        bottom = max(bottom, max(b.bottom() for b in boxes))
        yield
    rect = QRectF(left, top, right - left, bottom - top)
    items = (*nodes, *scene.edge_items())
    for start in range(0, len(items), 4 * chunk):
        for item in items[start : start + 4 * chunk]:
            if item.callout is not None:
                rect = rect.united(item.sceneBoundingRect())
        yield
    return rect


class Minimap(QWidget):
    """Follows its view's scroll and zoom and, once ``follow`` is called, a scene."""

    def __init__(self, view: DiagramView) -> None:
        super().__init__(view)
        self.view = view
        self.diagram: DiagramScene | None = None
        self.enabled = QSettings().value(SETTING, True) in (True, "true")
        self._bounds = QRectF()  # the diagram (scene coordinates): what the miniature shows
        self._image: QImage | None = None
        self._drag_offset: QPointF | None = None  # from the pointer to the frame's centre
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(REDRAW_MS)
        self._redraw.timeout.connect(self._redraw_now)
        self._remeasure = False  # the next redraw reads the diagram's bounds again first
        self._refresh: Iterator[None] | None = None  # a redraw under way, in steps
        self._step_timer = QTimer(self)  # runs its steps, a few milliseconds per turn
        self._step_timer.setInterval(0)
        self._step_timer.timeout.connect(self._refresh_step)
        self.setObjectName("minimap")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay with the canvas
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName("Minimap")
        self.setAccessibleDescription(
            "The whole diagram in miniature; the rectangle is the part in view. "
            "Click or drag to move the view."
        )
        self.setToolTip("Click or drag to move the view; the wheel zooms")
        for bar in (view.horizontalScrollBar(), view.verticalScrollBar()):
            bar.valueChanged.connect(self.place)
            bar.rangeChanged.connect(self.place)
        view.zoomChanged.connect(self.place)
        view.installEventFilter(self)  # (its resizes)
        self.hide()

    def follow(self, scene: DiagramScene) -> None:
        """Show ``scene``'s diagram, drawn again a moment after whatever changes it."""
        self.diagram = scene
        # (methods of this widget, not lambdas: Qt drops the connections when it goes)
        scene.session.changed.connect(self._model_changed)
        scene.session.documentReplaced.connect(self.measure)
        scene.view_state.changed.connect(self._view_state_changed)
        scene.selectionChanged.connect(self._redraw.start)
        self.measure()

    def _model_changed(self, _event: object) -> None:
        self._remeasure = True
        self._stop_refresh()  # (its items may be gone)
        self._redraw.start()  # (again: a burst of changes draws once, after its end)

    def _view_state_changed(self, aspects: frozenset[str]) -> None:
        if aspects & RESIZING_ASPECTS:
            self._remeasure = True
        self._stop_refresh()
        self._redraw.start()

    def _redraw_now(self) -> None:
        """The selection or the colours changed: a new miniature; the model: new bounds
        too. Made a few milliseconds per turn of the event loop (a 5,000-stage miniature
        takes tens of them); the old one stays on screen meanwhile."""
        self._stop_refresh()
        if self._image is None or not self.isVisible():
            if self._remeasure:
                self.measure()  # (at once: nothing stale is on screen to keep)
            else:
                self._image = None
                self.update()
            return
        self._refresh = self._refresh_steps(self._remeasure)
        self._remeasure = False
        self._step_timer.start()

    def _stop_refresh(self) -> None:
        if self._refresh is not None:
            self._refresh.close()  # (ends its painter)
            self._refresh = None
        self._step_timer.stop()

    def _refresh_step(self) -> None:
        if self._refresh is None:
            return
        deadline = time.perf_counter() + STEP_BUDGET
        try:
            while time.perf_counter() < deadline:
                next(self._refresh)
        except StopIteration:
            self._refresh = None
            self._step_timer.stop()

    def _refresh_steps(self, remeasure: bool) -> Iterator[None]:
        scene = self.diagram
        if scene is None:
            return
        if remeasure:
            self._bounds = yield from diagram_bounds_steps(scene)
            self.place()
        image = self._blank_image()
        painter = QPainter(image)
        try:
            self._prepare(painter)
            yield from scene.overview.paint_diagram_steps(painter, links=LINK_OPACITY)
        finally:
            painter.end()
        self._image = image
        self.update()

    def set_enabled(self, on: bool) -> None:
        """View > Minimap: off, it never shows; on, it shows when the diagram is larger
        than the view. Remembered for the next windows."""
        self.enabled = bool(on)
        QSettings().setValue(SETTING, self.enabled)
        self.place()

    # -- where it is and what it shows ---------------------------------------------------
    def measure(self, *_doc: object) -> None:
        """Read the diagram's bounds again; the miniature is drawn at the next paint."""
        self._redraw.stop()
        self._remeasure = False
        scene = self.diagram
        self._bounds = diagram_bounds(scene) if scene is not None else QRectF()
        self._image = None
        self.place()
        self.update()

    def wanted(self) -> bool:
        """Whether it should show: switched on, and the diagram larger than the view."""
        if not self.enabled or self.diagram is None or self._bounds.isEmpty():
            return False
        slack = FIT_SLACK
        inner = self._bounds.adjusted(slack, slack, -slack, -slack)
        return not self.visible_area().contains(inner)

    def visible_area(self) -> QRectF:
        """The part of the scene the view shows."""
        return self.view.mapToScene(self.view.viewport().rect()).boundingRect()

    def place(self) -> None:
        """Show or hide it, sized to the diagram's shape, in the view's bottom-right corner."""
        if not self.wanted():
            self.hide()
            return
        port = self.view.viewport().geometry()
        most_w = min(MAX_WIDTH, port.width() / 3)
        most_h = min(MAX_HEIGHT, port.height() / 3)
        aspect = self._bounds.width() / max(self._bounds.height(), 1.0)
        w, h = most_w, most_w / aspect
        if h > most_h:
            w, h = most_h * aspect, most_h
        w, h = round(max(w, MIN_SIDE)) + 2 * PAD, round(max(h, MIN_SIDE)) + 2 * PAD
        x = port.right() + 1 - CORNER_GAP - w
        y = port.bottom() + 1 - CORNER_GAP - h
        if (self.width(), self.height()) != (w, h):
            self._image = None
        if self.geometry().getRect() != (x, y, w, h):
            self.setGeometry(x, y, w, h)  # (repaints it if that changes anything)
        if not self.isVisible():
            self.show()
            self.raise_()
        elif self._image is None:
            self.update()

    def transform(self) -> QTransform:
        """Scene to minimap coordinates: the diagram fitted in, centred."""
        inner = QRectF(self.rect()).adjusted(PAD, PAD, -PAD, -PAD)
        b = self._bounds
        scale = min(inner.width() / max(b.width(), 1.0), inner.height() / max(b.height(), 1.0))
        t = QTransform()
        t.translate(
            inner.center().x() - b.width() * scale / 2, inner.center().y() - b.height() * scale / 2
        )
        t.scale(scale, scale)
        t.translate(-b.left(), -b.top())
        return t

    def frame(self) -> QRectF:
        """The visible area, in minimap coordinates."""
        return self.transform().mapRect(self.visible_area())

    # -- drawing -------------------------------------------------------------------------
    def _blank_image(self) -> QImage:
        ratio = self.devicePixelRatioF()
        image = QImage(
            round(self.width() * ratio),
            round(self.height() * ratio),
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        image.setDevicePixelRatio(ratio)
        image.fill(Qt.GlobalColor.transparent)
        return image

    def _prepare(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setClipRect(QRectF(self.rect()).adjusted(PAD, PAD, -PAD, -PAD))
        painter.setTransform(self.transform())

    def _miniature(self) -> QImage:
        image = self._blank_image()
        if self.diagram is not None:
            painter = QPainter(image)
            self._prepare(painter)
            self.diagram.overview.paint_diagram(painter, links=LINK_OPACITY)
            painter.end()
        return image

    def paintEvent(self, event: QPaintEvent) -> None:
        scene = self.diagram
        if scene is None:
            return
        theme = scene.theme
        if self._image is None or self._image.devicePixelRatio() != self.devicePixelRatioF():
            self._image = self._miniature()
        painter = QPainter(self)
        # Opaque, corners included (WA_OpaquePaintEvent): a see-through widget over the
        # canvas makes Qt repaint the canvas under it each time it changes (30 ms at
        # 5,000 stages).
        painter.fillRect(self.rect(), QColor(theme.background))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        back = QColor(theme.background)
        painter.setPen(QPen(QColor(theme.node_border), 1))
        painter.setBrush(back)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        painter.drawImage(0, 0, self._image)
        inner = QRectF(self.rect()).adjusted(PAD - 1, PAD - 1, 1 - PAD, 1 - PAD)
        shown = self.frame().intersected(inner)
        if not shown.isEmpty():
            colour = QColor(theme.selection)
            fill = QColor(colour)
            fill.setAlphaF(0.16)
            painter.setPen(QPen(colour, 1.5))
            painter.setBrush(fill)
            painter.drawRect(shown)
        painter.end()

    # -- moving the view -----------------------------------------------------------------
    def _centre_view_at(self, point: QPointF) -> None:
        inverse, invertible = self.transform().inverted()
        if invertible:
            self.view.centerOn(inverse.map(point))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            event.accept()
            return
        point = event.position()
        frame = self.frame()
        # Grabbing the frame keeps the grip; elsewhere the view jumps to centre there.
        self._drag_offset = frame.center() - point if frame.contains(point) else QPointF()
        self._centre_view_at(point + self._drag_offset)
        self.setCursor(Qt.CursorShape.ClosedHandCursor)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_offset is not None:
            self._centre_view_at(event.position() + self._drag_offset)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag_offset = None
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        event.accept()  # (not a double-click on the canvas, which adds a stage)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            centre = QPointF(self.view.viewport().rect().center())
            self.view.set_zoom(self.view.zoom() * (1.15**steps), centre)
        event.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.Resize:
            self.place()
        return False
