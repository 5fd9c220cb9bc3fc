"""The bar above the canvas that says the open file was changed or deleted outside.

It never blocks: editing goes on while it shows. For a changed file it offers Reload (which
discards unsaved changes, and says so), Compare (what differs, by stage, link and
annotation id) and Keep Mine (dismiss; a later Save overwrites that version knowingly).
For a deleted or moved file it says that Save recreates it. It follows the file watch's
``stateChanged`` and acts through ``Files``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from mesadiagram.formats import FormatError
from mesadiagram.model.diff import differences
from mesadiagram.ui.file_watch import CHANGED, DELETED

if TYPE_CHECKING:
    from mesadiagram.ui.files import Files


class OutsideChangeBar(QFrame):
    """Non-modal notice of an outside change to the open file, with what to do about it."""

    def __init__(self, files: Files, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outsideChangeBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.files = files
        self.session = files.session
        self.watch = files.watch

        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        icon.setPixmap(warning.pixmap(size, size))
        self.text = QLabel(self)
        self.text.setObjectName("outsideChangeText")
        self.text.setWordWrap(True)
        self.details = QLabel(self)
        self.details.setObjectName("outsideChangeDetails")
        self.details.setWordWrap(True)
        self.details.hide()

        self.reload_button = self._button("Reload", "reloadButton", self.reload)
        self.compare_button = self._button("Compare", "compareButton", self.compare)
        self.keep_button = self._button("Keep Mine", "keepMineButton", self.keep_mine)
        self.save_button = self._button("Save", "saveButton", self.save)
        self.dismiss_button = self._button("Dismiss", "dismissButton", self.keep_mine)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(icon)
        row.addWidget(self.text, 1)
        for button in self.buttons():
            row.addWidget(button)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 4, 8, 4)
        column.addLayout(row)
        column.addWidget(self.details)
        self.hide()

        self.watch.stateChanged.connect(self._state_changed)
        self.session.modificationChanged.connect(lambda _m: self._refresh())

    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def buttons(self) -> list[QPushButton]:
        return [
            self.reload_button,
            self.compare_button,
            self.keep_button,
            self.save_button,
            self.dismiss_button,
        ]

    # -- following the watch -----------------------------------------------------------
    def _state_changed(self, state: str) -> None:
        self.details.hide()
        self.details.clear()
        self.setVisible(state in (CHANGED, DELETED))
        self._refresh()

    def _refresh(self) -> None:
        state = self.watch.state
        if state not in (CHANGED, DELETED):
            return
        name = self.session.display_name()
        modified = self.session.is_modified()
        changed = state == CHANGED
        if changed:
            text = f"“{name}” was changed on disk by another program."
            if modified:
                text += " Reload discards your unsaved changes; Keep Mine keeps them."
        else:
            text = f"“{name}” was deleted or moved on disk. Save recreates it."
        self.text.setText(text)
        self.text.setToolTip(str(self.watch.path or ""))
        self.reload_button.setText("Reload and Discard Mine" if modified else "Reload")
        for button in (self.reload_button, self.compare_button, self.keep_button):
            button.setVisible(changed)
        for button in (self.save_button, self.dismiss_button):
            button.setVisible(not changed)

    # -- the choices -------------------------------------------------------------------
    def reload(self) -> None:
        self.files.reload()

    def keep_mine(self) -> None:
        self.watch.keep_mine()

    def save(self) -> None:
        self.files.save()

    def compare(self) -> None:
        """Show what differs between this window's document and the file on disk."""
        if self.details.isVisible():
            self.details.hide()
            return
        try:
            theirs = self.watch.disk_document()
        except (FormatError, OSError) as err:
            first = str(err).splitlines()[0] if str(err) else type(err).__name__
            self.details.setText(f"The file on disk cannot be read: {first}")
        else:
            lines = differences(self.session.doc, theirs, theirs_name="on disk")
            if lines:
                self.details.setText("\n".join(f"• {line}" for line in lines))
            else:
                self.details.setText("The same model; only the file's text differs.")
        self.details.show()
