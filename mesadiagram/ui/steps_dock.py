"""The Steps panel: the presentation's steps, their options, and the author's own order.

Lists every step (``presentation/order.steps_of``), skipped ones greyed. Drag a step or
use Up and Down to reorder; Merge makes the selected steps one; Split cuts a step into
its first part and the rest; Skip leaves steps out of the presentation and the deck
(and Show puts them back); Reset goes back to the generated order. The options choose
how the generated order is made and how it looks. Every change is one undoable
command (``SetPresentation``), saved in the file's ``presentation:`` section; an order
equal to the generated one is not kept (``normalised``). Double-click a step, or
Present, to present from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QFormLayout,
    QGridLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mesadiagram.model import Document
from mesadiagram.model import events as ev
from mesadiagram.model.commands import SetPresentation
from mesadiagram.model.presentation import Presentation, StepSpec
from mesadiagram.presentation.frames import frames
from mesadiagram.presentation.order import (
    can_split,
    merged,
    moved,
    normalised,
    skipped,
    split,
    steps_of,
)
from mesadiagram.presentation.steps import step_title
from mesadiagram.ui.presentation.presenting import SCREEN_SETTING
from mesadiagram.ui.session import DocumentSession

INDEX_ROLE = Qt.ItemDataRole.UserRole
OPTIONS = (  # (field, label, (value, shown as)...)
    (
        "annotations",
        "Annotations",
        (("each-type", "One type per step"), ("together", "All at once")),
    ),
    (
        "interventions",
        "Interventions",
        (("with-link", "With their link"), ("after-chain", "After the chain")),
    ),
    (
        "summary",
        "Summary step",
        (("auto", "With credences"), ("always", "Always"), ("never", "Never")),
    ),
    ("theme", "Theme", (("light", "Light"), ("dark", "Dark"))),
)


class _StepList(QListWidget):
    """The list; a drop reorders through ``dropped(from, to)`` instead of by itself."""

    def __init__(self, dropped: Callable[[int, int], None], parent: QWidget) -> None:
        super().__init__(parent)
        self.dropped = dropped
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setWordWrap(True)  # (long titles: whole, on two lines)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setAccessibleName("Presentation steps")

    def _ours(self, event: QDropEvent) -> bool:
        """A drag of this list's rows (the only thing it takes)."""
        return any(event.mimeData().hasFormat(kind) for kind in self.model().mimeTypes())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._ours(event):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        rows = sorted(i.row() for i in self.selectedIndexes())
        target = self.indexAt(event.position().toPoint()).row()
        event.ignore()  # the model moves, then the list is refilled from it
        if len(rows) == 1 and rows[0] != target:
            self.dropped(rows[0], self.count() - 1 if target < 0 else target)


class StepsDock(QDockWidget):
    """The presentation's steps of the session's document."""

    def __init__(
        self, session: DocumentSession, present: Callable[[int], object], parent: QWidget
    ) -> None:
        super().__init__("Steps", parent)
        self.setObjectName("stepsDock")
        self.setAccessibleName("Steps panel")
        self.session = session
        self.present = present
        self.steps: list[StepSpec] = []
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.options: dict[str, QComboBox] = {}
        form = QFormLayout()
        for name, label, choices in OPTIONS:
            combo = QComboBox(body)
            for value, text in choices:
                combo.addItem(text, value)
            combo.setAccessibleName(label)
            combo.activated.connect(lambda _i, n=name: self._option_chosen(n))
            form.addRow(label, combo)
            self.options[name] = combo
        self.screen_choice = QComboBox(body)
        self.screen_choice.setAccessibleName("Present on screen")
        self.screen_choice.activated.connect(self._screen_chosen)
        form.addRow("Screen", self.screen_choice)
        layout.addLayout(form)
        self.list = _StepList(self._dropped, body)
        self.list.itemSelectionChanged.connect(self._enable)
        self.list.itemDoubleClicked.connect(lambda item: self.present(item.data(INDEX_ROLE)))
        layout.addWidget(self.list, 1)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for i, (name, text, tip, slot) in enumerate(
            (
                ("up", "Up", "Move the step up", lambda: self._move(-1)),
                ("down", "Down", "Move the step down", lambda: self._move(1)),
                ("merge", "Merge", "One step of the selected ones (or with the next)", self._merge),
                ("split", "Split", "Its first part, then the rest", self._split),
                ("skip", "Skip", "Leave out of the presentation and the deck", self._skip),
                ("reset", "Reset", "The generated order again", self._reset),
                ("present", "Present", "From the selected step (F5: from the first)", self._go),
            )
        ):
            button = QPushButton(text, body)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            grid.addWidget(button, i // 4, i % 4)
            self.buttons[name] = button
        layout.addLayout(grid)
        self.setWidget(body)
        self._timer = QTimer(self, singleShot=True, interval=100)  # (once per burst)
        self._timer.timeout.connect(self.refresh)
        self._stale = True  # the list is made when the panel is seen, not at every edit
        self._seen = False  # (a dock behind another's tab is "visible" to Qt, but not seen)
        session.changed.connect(self._changed)
        session.documentReplaced.connect(lambda _doc: self._changed(None))
        self.visibilityChanged.connect(self._visibility)

    def _changed(self, event: ev.ChangeEvent | None) -> None:
        """Its own edits (and their undo) at once; others once per burst; none while
        the panel is hidden (a model of thousands of stages has thousands of steps)."""
        self._stale = True
        if not self._seen:
            return
        if event is None or isinstance(event, ev.PresentationChanged):
            self._timer.stop()
            self.refresh()
        else:
            self._timer.start()

    def _visibility(self, seen: bool) -> None:
        self._seen = seen
        if seen and self._stale:
            self.refresh()

    @property
    def doc(self) -> Document:
        return self.session.doc

    # -- showing ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """The steps and options as the document has them now (selection kept by row)."""
        self._stale = False
        doc = self.doc
        presentation = doc.presentation
        for name, combo in self.options.items():
            combo.setCurrentIndex(max(0, combo.findData(getattr(presentation, name))))
        self.steps = steps_of(doc)
        shown = {f.index: f for f in frames(doc, self.steps)}
        rows = [i.row() for i in self.list.selectedIndexes()]
        self.list.clear()
        for i, step in enumerate(self.steps):
            frame = shown.get(i)
            title = step_title(doc, step)
            if frame is None:
                text = f"–   {title} (skipped)"
            else:
                empty = " (nothing new to see)" if frame.is_empty() else ""
                text = f"{frame.number}.  {title}{empty}"
            item = QListWidgetItem(text, self.list)
            item.setData(INDEX_ROLE, i)
            item.setToolTip(title)
            if frame is None:
                font = QFont(item.font())
                font.setItalic(True)
                item.setFont(font)
                item.setForeground(self.palette().placeholderText())
        for row in rows:
            if row < self.list.count():
                self.list.item(row).setSelected(True)
        self._fill_screens()
        self._enable()

    def _fill_screens(self) -> None:
        wanted = str(QSettings().value(SCREEN_SETTING, "") or "")
        self.screen_choice.clear()
        self.screen_choice.addItem("Automatic", "")
        for screen in QGuiApplication.screens():
            size = screen.geometry().size()
            self.screen_choice.addItem(
                f"{screen.name()} ({size.width()} × {size.height()})", screen.name()
            )
        self.screen_choice.setCurrentIndex(max(0, self.screen_choice.findData(wanted)))

    def selected(self) -> list[int]:
        return sorted({i.row() for i in self.list.selectedIndexes()})

    def _enable(self) -> None:
        rows = self.selected()
        count = len(self.steps)
        one = len(rows) == 1
        self.buttons["up"].setEnabled(one and rows[0] > 0)
        self.buttons["down"].setEnabled(one and rows[0] < count - 1)
        self.buttons["merge"].setEnabled(len(rows) > 1 or (one and rows[0] < count - 1))
        self.buttons["split"].setEnabled(one and can_split(self.doc, self.steps[rows[0]]))
        self.buttons["skip"].setEnabled(bool(rows))
        all_skipped = bool(rows) and all(self.steps[r].skip for r in rows)
        self.buttons["skip"].setText("Show" if all_skipped else "Skip")
        self.buttons["reset"].setEnabled(self.doc.presentation.steps is not None)
        self.buttons["present"].setEnabled(count > 0)

    # -- editing -----------------------------------------------------------------------------
    def _apply(self, steps: list[StepSpec] | None, text: str, select: list[int]) -> None:
        doc = self.doc
        wanted = replace(doc.presentation, steps=None if steps is None else tuple(steps))
        wanted = normalised(doc, wanted)
        if wanted != doc.presentation:
            self.session.run(SetPresentation(wanted, text))
        self.refresh()
        self.list.clearSelection()
        for row in select:
            if 0 <= row < self.list.count():
                self.list.item(row).setSelected(True)
                self.list.setCurrentRow(row)

    def _move(self, by: int) -> None:
        rows = self.selected()
        if len(rows) == 1:
            self._apply(moved(self.steps, rows[0], rows[0] + by), "Move step", [rows[0] + by])

    def _dropped(self, row: int, to: int) -> None:
        self._apply(moved(self.steps, row, to), "Move step", [to])

    def _merge(self) -> None:
        rows = self.selected()
        if len(rows) == 1:
            rows = [rows[0], rows[0] + 1]
        self._apply(merged(self.steps, rows), "Merge steps", [rows[0]])

    def _split(self) -> None:
        rows = self.selected()
        if len(rows) == 1:
            self._apply(split(self.doc, self.steps, rows[0]), "Split step", [rows[0]])

    def _skip(self) -> None:
        rows = self.selected()
        skip = not all(self.steps[r].skip for r in rows)
        text = "Skip step" if skip else "Show step"
        self._apply(skipped(self.steps, rows, skip), text + ("s" if len(rows) > 1 else ""), rows)

    def _reset(self) -> None:
        self._apply(None, "Reset steps", [])

    def _option_chosen(self, name: str) -> None:
        value = self.options[name].currentData()
        presentation: Presentation = self.doc.presentation
        if getattr(presentation, name) != value:
            chosen = normalised(self.doc, replace(presentation, **{name: value}))
            self.session.run(SetPresentation(chosen, "Presentation options"))
        self.refresh()

    def _screen_chosen(self) -> None:
        QSettings().setValue(SCREEN_SETTING, self.screen_choice.currentData() or "")

    def _go(self) -> None:
        rows = self.selected()
        self.present(rows[0] if rows else 0)
