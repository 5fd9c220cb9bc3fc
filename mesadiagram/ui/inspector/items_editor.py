"""An annotation's items (an intervention's methods): add, rename, remove, reorder by drag.

Rows are edited in place; a finished edit, a removal or a drop emits ``changed`` with the
new list once. Adding opens an empty row in edit: it becomes an item (one undo step)
only when named, and disappears when left empty.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from mesadiagram.model import Item

ROLE = Qt.ItemDataRole.UserRole  # the row's index in the model's list; -1 for a new row


OWN_KEYS = (Qt.Key.Key_F2, Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


class _List(QListWidget):
    """Rows wrap their text; the height follows the rows (recomputed on resize)."""

    resized = Signal()
    deleteRequested = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.resized.emit()

    def event(self, event: QEvent) -> bool:
        # F2 renames the row and Delete removes it here, not the window's stage shortcuts.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in OWN_KEYS
            and not event.modifiers()
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in OWN_KEYS[1:] and not event.modifiers():
            self.deleteRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class ItemsEditor(QWidget):
    changed = Signal(list, str)  # the new items, the undo text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[Item] = []
        self.singular = "item"
        self.list = _List(self)
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setWordWrap(True)
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.resized.connect(self._fit)
        self.list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.add_button = QPushButton("Add", self)
        self.remove_button = QPushButton("Remove", self)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self._loading = False
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove_current)
        self.list.deleteRequested.connect(self.remove_current)
        self.list.itemChanged.connect(self._edited)
        self.list.itemDelegate().closeEditor.connect(lambda *_: self._drop_empty_new_row())
        self.list.model().rowsMoved.connect(self._rows_moved)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self._update_buttons()

    def set_items(self, items: list[Item], singular: str) -> None:
        """Show the model's items (unless a row is being edited: the edit is kept)."""
        self.singular = singular
        self.add_button.setText(f"Add {singular}")
        self.add_button.setToolTip(f"Add a {singular} and type its name")
        if self.list.state() == QAbstractItemView.State.EditingState:
            self.items = [Item(i.label, i.text) for i in items]
            return
        current = self.list.currentRow()
        self.items = [Item(i.label, i.text) for i in items]
        self._loading = True
        self.list.clear()
        for n, item in enumerate(items):
            self._append_row(item.label, n)
        self._loading = False
        if 0 <= current < self.list.count():
            self.list.setCurrentRow(current)
        self._fit()
        self._update_buttons()

    def _append_row(self, label: str, index: int) -> QListWidgetItem:
        row = QListWidgetItem(label, self.list)
        row.setData(ROLE, index)
        row.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsEditable
            | Qt.ItemFlag.ItemIsDragEnabled
        )
        return row

    def _fit(self) -> None:
        """Each row as tall as its wrapped text; the list as tall as its rows."""
        rows = self.list.count()
        self.list.setVisible(rows > 0)
        metrics = self.list.fontMetrics()
        width = max(self.list.viewport().width() - 8, 80)
        line = metrics.height() + 6  # room for the in-place editor too
        height = 0
        loading, self._loading = self._loading, True  # a size hint change emits itemChanged
        for r in range(rows):
            row = self.list.item(r)
            text = row.text() or " "
            wrapped = metrics.boundingRect(
                QRect(0, 0, width, 100000), Qt.TextFlag.TextWordWrap, text
            )
            row_height = max(line, wrapped.height() + 6)
            editing = self.list.state() == QAbstractItemView.State.EditingState
            if row.sizeHint() != QSize(width, row_height) and not (
                editing and row is self.list.currentItem()
            ):
                # Changing a row's data resets its open editor to the model's text.
                row.setSizeHint(QSize(width, row_height))
            height += row_height
        self._loading = loading
        self.list.setFixedHeight(height + 2 * self.list.frameWidth())

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.list.currentRow() >= 0 and self.list.count() > 0)
        self.remove_button.setToolTip(f"Remove the selected {self.singular}")

    # -- edits ---------------------------------------------------------------------------
    def _rows_to_items(self) -> list[Item]:
        out = []
        for r in range(self.list.count()):
            row = self.list.item(r)
            label = row.text().strip()
            index = int(row.data(ROLE))
            if 0 <= index < len(self.items):
                out.append(Item(label, self.items[index].text))
            elif label:
                out.append(Item(label))
        return out

    def add(self) -> None:
        row = self._append_row("", -1)
        self.list.setVisible(True)
        self._fit()
        self.list.setCurrentItem(row)
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)
        self.list.editItem(row)

    def _edited(self, row: QListWidgetItem) -> None:
        if self._loading:
            return
        index = int(row.data(ROLE))
        label = row.text().strip()
        if index < 0:
            if label:
                self.changed.emit(self._rows_to_items(), f"Add {self.singular}")
            return  # an empty new row goes when its editor closes
        if not label or label == self.items[index].label:
            self._loading = True
            row.setText(self.items[index].label)  # an item needs a name: keep the old one
            self._loading = False
            return
        self.changed.emit(self._rows_to_items(), f"Rename {self.singular}")

    def _drop_empty_new_row(self) -> None:
        for r in reversed(range(self.list.count())):
            row = self.list.item(r)
            if int(row.data(ROLE)) < 0 and not row.text().strip():
                self.list.takeItem(r)
        self._fit()
        self._update_buttons()

    def remove_current(self) -> None:
        r = self.list.currentRow()
        if r < 0:
            return
        index = int(self.list.item(r).data(ROLE))
        if index < 0:
            self.list.takeItem(r)
            return
        kept = [item for n, item in enumerate(self._rows_to_items()) if n != r]
        self.changed.emit(kept, f"Remove {self.singular}")

    def _rows_moved(self, *_: QModelIndex | int) -> None:
        if self._loading:
            return
        # After the drop has finished moving the row: then read the new order once.
        QTimer.singleShot(0, self._emit_order)

    def _emit_order(self) -> None:
        new = self._rows_to_items()
        if new != self.items:
            self.changed.emit(new, f"Reorder {self.singular}s")
