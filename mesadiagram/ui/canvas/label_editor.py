"""In-place editing of a stage's or link's label, over the canvas."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QGraphicsView, QLineEdit


class LabelEditor(QObject):
    """A QLineEdit laid over the view; Enter, Tab or focus loss commits, Escape cancels."""

    def __init__(self, view: QGraphicsView) -> None:
        super().__init__(view)
        self.view = view
        self.line = QLineEdit(view.viewport())
        self.line.hide()
        self.line.setFrame(True)
        self.line.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.line.installEventFilter(self)
        self._on_commit: Callable[[str], None] | None = None
        self._on_cancel: Callable[[], None] | None = None

    def is_open(self) -> bool:
        return self.line.isVisible()

    def open(
        self,
        scene_rect: QRectF,
        text: str,
        on_commit: Callable[[str], None],
        on_cancel: Callable[[], None] | None = None,
    ) -> None:
        self.close(commit=True)
        self._on_commit, self._on_cancel = on_commit, on_cancel
        rect = self.view.mapFromScene(scene_rect).boundingRect()
        height = max(rect.height() // 2, self.line.sizeHint().height())
        width = max(rect.width(), 160)
        self.line.setGeometry(
            rect.center().x() - width // 2, rect.center().y() - height // 2, width, height
        )
        self.line.setText(text)
        self.line.selectAll()
        self.line.show()
        self.line.setFocus(Qt.FocusReason.OtherFocusReason)

    def close(self, commit: bool) -> None:
        if not self.line.isVisible():
            return
        commit_cb, cancel_cb = self._on_commit, self._on_cancel
        self._on_commit = self._on_cancel = None
        text = self.line.text()
        self.line.hide()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        if commit and commit_cb is not None:
            commit_cb(text)
        elif not commit and cancel_cb is not None:
            cancel_cb()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.line:
            if event.type() == QEvent.Type.KeyPress:
                key = QKeyEvent(event).key() if not isinstance(event, QKeyEvent) else event.key()
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self.close(commit=True)
                    return True
                if key == Qt.Key.Key_Escape:
                    self.close(commit=False)
                    return True
                if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                    # Tab names this stage and goes on to the canvas, where it adds the next
                    # one: a chain is typed as "name Tab name Tab ...".
                    mods = event.modifiers()
                    self.close(commit=True)
                    QApplication.sendEvent(self.view, QKeyEvent(QEvent.Type.KeyPress, key, mods))
                    return True
            elif event.type() == QEvent.Type.FocusOut and self.line.isVisible():
                self.close(commit=True)
        return super().eventFilter(watched, event)
