"""Ctrl+F: a search bar under the canvas; matches are selected and centred in turn."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

if TYPE_CHECKING:
    from mesadiagram.ui.main_window import MainWindow


class FindBar(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(QLabel("Find:"))
        self.field = QLineEdit(self)
        self.field.setPlaceholderText("Labels and annotation text")
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(self._search)
        self.field.returnPressed.connect(lambda: self.window_.editor.find_next())
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
        self.window_.view.setFocus()

    def _search(self, text: str) -> None:
        count = self.window_.editor.find(text)
        self.result.setText("" if not text else f"{count} match{'es' if count != 1 else ''}")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)
