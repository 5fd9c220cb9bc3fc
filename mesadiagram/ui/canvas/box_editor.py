"""In-place editing of a text box's text, over the canvas.

A multi-line field laid over the box, in the theme's font at the view's zoom: Enter
starts a new line (a key or a title block has several), Ctrl+Enter or a click elsewhere
commits, Escape cancels. What it commits becomes one command (the editor's).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QGraphicsView, QPlainTextEdit

MIN_WIDTH, MIN_HEIGHT = 180, 60  # pixels: room to type in, however far out the zoom


class BoxTextEditor(QObject):
    """A QPlainTextEdit over the view, opened on a text box's rectangle."""

    def __init__(self, view: QGraphicsView) -> None:
        super().__init__(view)
        self.view = view
        self.field = QPlainTextEdit(view.viewport())
        self.field.setObjectName("boxTextEditor")
        self.field.setAccessibleName("Text box text")
        self.field.setToolTip("Ctrl+Enter or a click elsewhere: done · Escape: cancel")
        self.field.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.field.setTabChangesFocus(True)
        self.field.hide()
        self.field.installEventFilter(self)
        self._on_commit: Callable[[str], None] | None = None

    def is_open(self) -> bool:
        return self.field.isVisible()

    def open(
        self, scene_rect: QRectF, text: str, font: QFont, on_commit: Callable[[str], None]
    ) -> None:
        """Edit ``text`` over ``scene_rect`` (the box); ``on_commit`` gets the new text."""
        self.close(commit=True)
        self._on_commit = on_commit
        rect = self.view.mapFromScene(scene_rect).boundingRect()
        zoom = self.view.transform().m11()
        shown = QFont(font)
        shown.setPixelSize(max(9, round(font.pixelSize() * zoom)) if font.pixelSize() > 0 else 12)
        self.field.setFont(shown)
        viewport = self.view.viewport().rect()
        width = min(max(rect.width() + 24, MIN_WIDTH), viewport.width())
        height = min(max(rect.height() + 24, MIN_HEIGHT), viewport.height())
        left = max(0, min(rect.left() - 12, viewport.right() - width))
        top = max(0, min(rect.top() - 12, viewport.bottom() - height))
        self.field.setGeometry(left, top, width, height)
        self.field.setPlainText(text)
        self.field.selectAll()
        self.field.show()
        self.field.raise_()
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def close(self, commit: bool) -> None:
        if not self.field.isVisible():
            return
        on_commit, self._on_commit = self._on_commit, None
        text = self.field.toPlainText()
        self.field.hide()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        if commit and on_commit is not None:
            on_commit(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field:
            if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                key, mods = event.key(), event.modifiers()
                enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                if enter and mods & Qt.KeyboardModifier.ControlModifier:
                    self.close(commit=True)
                    return True
                if key == Qt.Key.Key_Escape:
                    self.close(commit=False)
                    return True
            elif event.type() == QEvent.Type.FocusOut and self.field.isVisible():
                reason = event.reason() if hasattr(event, "reason") else None
                if reason != Qt.FocusReason.PopupFocusReason:  # its own context menu
                    self.close(commit=True)
        return super().eventFilter(watched, event)
