"""Ctrl+F: a search bar under the canvas; matches are selected and centred in turn."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


class FindBar(QWidget):
    """Takes narrow callbacks: ``find(text)`` selects the matches and returns how many,
    ``find_next()`` centres the next one, ``done()`` gives the focus back to the canvas."""

    def __init__(
        self,
        find: Callable[[str], int],
        find_next: Callable[[], None],
        done: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._find, self._find_next, self._done = find, find_next, done
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(QLabel("Find:"))
        self.field = QLineEdit(self)
        self.field.setPlaceholderText("Labels and annotation text")
        self.field.setAccessibleName("Find")
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(self._search)
        self.field.returnPressed.connect(lambda: self._find_next())
        layout.addWidget(self.field, 1)
        self.result = QLabel(self)
        layout.addWidget(self.result)
        close = QToolButton(self)
        close.setText("✕")
        close.setAutoRaise(True)
        close.clicked.connect(self.close_bar)
        layout.addWidget(close)
        self.hide()

    def open(self) -> None:
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        if self.field.text():
            self._search(self.field.text())

    def close_bar(self) -> None:
        self.hide()
        self._done()

    def _search(self, text: str) -> None:
        count = self._find(text)
        self.result.setText("" if not text else f"{count} match{'es' if count != 1 else ''}")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)
