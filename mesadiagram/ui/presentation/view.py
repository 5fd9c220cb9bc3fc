"""The view the room sees, and the camera that moves it.

``StageView`` shows a rectangle of the scene, whole, with no scroll bars, no frame and
no interaction: a click is "next" (right-click "back"), the wheel does nothing. The
``Camera`` moves it to a new rectangle in ``DURATION`` ms (a ``QVariantAnimation``
easing the centre and the zoom); only the view moves, never anything on the canvas.
"""

from __future__ import annotations

import math

from PySide6.QtCore import (
    QEasingCurve,
    QObject,
    QPointF,
    QRectF,
    Qt,
    QTimer,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import QMouseEvent, QPainter, QTransform, QWheelEvent
from PySide6.QtWidgets import QFrame, QGraphicsScene, QGraphicsView, QWidget

from mesadiagram.presentation import camera

DURATION = 250  # ms: within the 300 ms a step may take to settle
POINTER_MS = 2000  # the pointer hides this long after it last moved
ROOM = 1e7  # the view may look anywhere (Qt would keep it inside the scene's rect)


class StageView(QGraphicsView):
    """A scene rectangle shown whole; clicks are next and back."""

    clicked = Signal(bool)  # True: forward (left button), False: back (right button)

    def __init__(self, scene: QGraphicsScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setInteractive(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the window
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setSceneRect(QRectF(-ROOM, -ROOM, 2 * ROOM, 2 * ROOM))
        # The pointer shows while it moves (to point at something), then hides.
        self.viewport().setMouseTracking(True)
        self.viewport().setCursor(Qt.CursorShape.BlankCursor)
        self._hide_pointer = QTimer(self, singleShot=True, interval=POINTER_MS)
        self._hide_pointer.timeout.connect(
            lambda: self.viewport().setCursor(Qt.CursorShape.BlankCursor)
        )

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        wanted = getattr(self, "_wanted", None)
        if wanted is not None:
            self.show_rect(wanted)

    def aspect(self) -> float:
        size = self.viewport().size()
        return max(1, size.width()) / max(1, size.height())

    def shown(self) -> QRectF:
        """The scene rectangle in view."""
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def show_rect(self, rect: QRectF) -> None:
        """Show ``rect`` whole, centred (its aspect is the view's, as the camera makes it);
        kept when the view is resized (a window shown later, or put on another screen)."""
        size = self.viewport().size()
        if rect.width() <= 0 or rect.height() <= 0:
            return
        self._wanted = QRectF(rect)
        scale = min(size.width() / rect.width(), size.height() / rect.height())
        if abs(scale - self.transform().m11()) > 1e-6 * scale:  # (else: a whole repaint)
            self.setTransform(QTransform.fromScale(scale, scale))
        self.centerOn(rect.center())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(True)
        elif event.button() == Qt.MouseButton.RightButton:
            self.clicked.emit(False)
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.mousePressEvent(event)  # (a quick second click is a second "next")

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self.viewport().setCursor(Qt.CursorShape.ArrowCursor)
        self._hide_pointer.start()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.accept()  # neither zooms nor scrolls: the camera alone moves the view

    def contextMenuEvent(self, event) -> None:
        event.accept()


def to_rect(r: camera.Rect) -> QRectF:
    return QRectF(QPointF(r[0], r[1]), QPointF(r[2], r[3]))


def of_rect(r: QRectF) -> camera.Rect:
    return (r.left(), r.top(), r.right(), r.bottom())


class Camera(QObject):
    """Moves a ``StageView`` (and whatever follows it) smoothly to a rectangle."""

    moved = Signal(QRectF)  # each rectangle shown on the way, the last one the target
    arrived = Signal(QRectF)  # the target, once reached

    def __init__(self, view: StageView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.target: QRectF | None = None
        self._from = QRectF()
        self._animation = QVariantAnimation(self)
        self._animation.setDuration(DURATION)
        self._animation.setStartValue(0.0)
        self._animation.setEndValue(1.0)
        self._animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self._animation.valueChanged.connect(self._step)
        self._animation.finished.connect(self._arrived)

    def running(self) -> bool:
        return self._animation.state() == QVariantAnimation.State.Running

    def go(self, rect: QRectF, smooth: bool = True) -> None:
        """Move to ``rect``: at once, or in ``DURATION`` ms from where the view is."""
        self._animation.stop()
        self.target = QRectF(rect)
        self._from = self.view.shown()
        if not smooth or self._from.isEmpty() or _close(self._from, rect):
            self._show(rect)
            self._arrived()
            return
        self._animation.start()

    def _arrived(self) -> None:
        if self.target is not None:
            self.arrived.emit(QRectF(self.target))

    def _step(self, value: float) -> None:
        t = float(value)
        if self.target is None or t <= 0.0:
            return  # (the start: the view is there already)
        a, b = self._from, self.target
        # The zoom eases geometrically (equal ratios per frame), the centre linearly.
        width = math.exp(math.log(a.width()) * (1 - t) + math.log(b.width()) * t)
        height = width * b.height() / b.width()
        centre = a.center() * (1 - t) + b.center() * t
        self._show(QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height))

    def _show(self, rect: QRectF) -> None:
        self.view.show_rect(rect)
        self.moved.emit(rect)


def _close(a: QRectF, b: QRectF) -> bool:
    """Within a pixel's worth: not worth moving."""
    tolerance = b.width() / 2000
    return all(abs(p - q) <= tolerance for p, q in zip(of_rect(a), of_rect(b), strict=True))
