"""The keyboard shortcuts of the menus, read from the actions themselves.

Help > Keyboard Shortcuts shows them, and docs/editor.md's table is made by the same
function (``scripts/shortcut_table.py``; a test compares the two), so neither can drift
from the menus.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

# Keys a PC keyboard has, besides the printable ones: F1-F12, Delete, Backspace, Insert.
_ORDINARY = {Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_Insert} | {
    Qt.Key(Qt.Key.Key_F1.value + i) for i in range(12)
}


def shortcut_rows(menu_bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every menu command that has keys, in menu order."""
    rows = []
    for top in menu_bar.actions():
        menu = top.menu()
        if menu is None:
            continue
        for action in menu.actions():
            if action.isSeparator() or action.menu() or not action.shortcuts():
                continue
            keys = [
                k.toString(QKeySequence.SequenceFormat.NativeText)
                for k in action.shortcuts()
                if ord(" ") <= k[0].key().value <= ord("~") or k[0].key() in _ORDINARY
            ]
            if keys:
                rows.append((_plain(top.text()), _plain(action.text()), ", ".join(keys)))
    return rows


def markdown_table(rows: list[tuple[str, str, str]]) -> str:
    lines = ["| Menu | Command | Keys |", "|---|---|---|"]
    lines += [f"| {menu} | {command} | {keys} |" for menu, command, keys in rows]
    return "\n".join(lines)


class ShortcutsDialog(QDialog):
    """Help > Keyboard Shortcuts: every menu command with its keys on this system."""

    def __init__(self, menu_bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard Shortcuts")
        rows = shortcut_rows(menu_bar)
        table = QTableWidget(len(rows), 3, self)
        table.setHorizontalHeaderLabels(["Menu", "Command", "Keys"])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(text))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        self.table = table
        note = QLabel(
            "On the canvas: Tab and Shift+Tab add a linked stage after or before the selected "
            "one, Enter or F2 renames, arrow keys move the selection (Shift: further), "
            "Space and drag pans. Alt+Right and Alt+Left select the next and previous stage "
            "along a link, Alt+Down and Alt+Up the other choices, Alt+Shift+Right and "
            "Alt+Shift+Left a link; Shift+F10 opens the context menu; Ctrl+Tab leaves the "
            "canvas.",
            self,
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(560, 640)


def _plain(text: str) -> str:
    """A menu text without its mnemonic marker."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")
