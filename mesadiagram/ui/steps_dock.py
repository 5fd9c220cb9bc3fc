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

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
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

from mesadiagram import gc_pause
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
BACKGROUND_STAGES = 400  # larger models: steps made on a worker after an edit elsewhere
ROWS_PER_TURN = 60  # list rows brought up to date per turn of the event loop
FILL_WAIT_MS = 50  # while an analysis runs, the list waits this long before looking again
NARROW_COMBO = QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
StepRow = tuple[str, str, bool]  # the row's text, the step's title, skipped


def step_rows(doc: Document, steps: list[StepSpec]) -> list[StepRow]:
    """The list's rows (pure Python: made on a worker for large models)."""
    shown = {f.index: f for f in frames(doc, steps)}
    rows = []
    for i, step in enumerate(steps):
        frame = shown.get(i)
        if frame is None:
            title = step_title(doc, step)
            rows.append((f"–   {title} (skipped)", title, True))
        else:
            empty = " (nothing new to see)" if frame.is_empty() else ""
            rows.append((f"{frame.number}.  {frame.title}{empty}", frame.title, False))
    return rows
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

    _made = Signal(int, object)  # from the worker: the edit count, (steps, rows) or None

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
        body.setAccessibleName("Presentation steps and options")
        layout = QVBoxLayout(body)
        self.options: dict[str, QComboBox] = {}
        form = QFormLayout()
        for name, label, choices in OPTIONS:
            combo = QComboBox(body)
            for value, text in choices:
                combo.addItem(text, value)
            combo.setAccessibleName(label)
            # (narrow: the panel shares its column with the palette, which sets its width)
            combo.setSizeAdjustPolicy(NARROW_COMBO)
            combo.setMinimumContentsLength(8)
            combo.activated.connect(lambda _i, n=name: self._option_chosen(n))
            form.addRow(label, combo)
            self.options[name] = combo
        self.screen_choice = QComboBox(body)
        self.screen_choice.setAccessibleName("Present on screen")
        self.screen_choice.setSizeAdjustPolicy(NARROW_COMBO)
        self.screen_choice.setMinimumContentsLength(8)
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
            grid.addWidget(button, i // 3, i % 3)
            self.buttons[name] = button
        layout.addLayout(grid)
        self.setWidget(body)
        self._timer = QTimer(self, singleShot=True, interval=100)  # (once per burst)
        self._timer.timeout.connect(self._refresh_later)
        self._edits = 0  # model changes seen: a worker's steps for an older count are stale
        self._worker: threading.Thread | None = None
        self._again = False
        self._filling: Iterator[None] | None = None
        self._fill_timer = QTimer(self, singleShot=True)
        self._fill_timer.timeout.connect(self._fill_some)
        self._made.connect(self._on_made)  # (queued: emitted from the worker)
        self._stale = True  # the list is made when the panel is seen, not at every edit
        self._seen = False  # (a dock behind another's tab is "visible" to Qt, but not seen)
        session.changed.connect(self._changed)
        session.documentReplaced.connect(lambda _doc: self._changed(None))
        self.visibilityChanged.connect(self._visibility)

    def _changed(self, event: ev.ChangeEvent | None) -> None:
        """Its own edits (and their undo) at once; others once per burst; none while
        the panel is hidden (a model of thousands of stages has thousands of steps)."""
        self._stale = True
        self._edits += 1
        if not self._seen:
            self._stop_fill()
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
        self._stop_fill()
        doc = self.doc
        self._show_options()
        self.steps = steps_of(doc)
        rows = [i.row() for i in self.list.selectedIndexes()]
        for _ in self._fill_steps(step_rows(doc, self.steps)):
            pass
        for row in rows:
            if row < self.list.count():
                self.list.item(row).setSelected(True)
        self._fill_screens()

    def _show_options(self) -> None:
        presentation = self.doc.presentation
        for name, combo in self.options.items():
            combo.setCurrentIndex(max(0, combo.findData(getattr(presentation, name))))

    def _fill_steps(self, rows: list[StepRow]) -> Iterator[None]:
        """Bring the list to ``rows``, one row per step, reusing its items (a model of
        thousands of stages has thousands of steps: each Qt call counts)."""
        italic = QFont(self.list.font())
        italic.setItalic(True)
        for i, (text, title, skipped_step) in enumerate(rows):
            item = self.list.item(i)
            if item is None:
                item = QListWidgetItem(text, self.list)
            elif item.text() != text:
                item.setText(text)
            if item.data(INDEX_ROLE) != i:
                item.setData(INDEX_ROLE, i)
            item.setToolTip(title)
            if skipped_step:
                item.setFont(italic)
                item.setForeground(self.palette().placeholderText())
            elif item.font().italic():
                item.setFont(self.list.font())
                item.setForeground(self.palette().text())
            yield
        while self.list.count() > len(rows):
            self.list.takeItem(self.list.count() - 1)
        self._enable()

    # -- large models: the steps made on a worker, the list filled a slice per turn --------
    def _refresh_later(self) -> None:
        if len(self.doc.nodes) <= BACKGROUND_STAGES:
            self.refresh()
            return
        if self._worker is not None:
            self._again = True  # (its result will be stale: made again then)
            return
        self._stale = False
        self._show_options()
        count, doc = self._edits, self.doc
        self._worker = threading.Thread(
            target=self._work, args=(count, doc), name="steps", daemon=True
        )
        gc_pause.worker_started(deferring=True)
        self._worker.start()

    def _work(self, count: int, doc: Document) -> None:
        """Worker: the steps and their rows (dropped on delivery if an edit came)."""
        try:
            steps = steps_of(doc)
            made: tuple | None = (steps, step_rows(doc, steps))
        except Exception:  # edited meanwhile, most likely: made again on delivery
            made = None
        gc_pause.worker_ended(deferring=True)
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile
            self._made.emit(count, made)

    def _on_made(self, count: int, made: tuple | None) -> None:
        self._worker = None
        if made is None or count != self._edits or self._again:
            self._again = False
            self._stale = True
            self._timer.start()
            return
        self.steps, rows = made
        self._stop_fill()
        self._filling = self._fill_steps(rows)
        gc_pause.burst_started()  # background copies wait: each Qt call would wait for them
        self._fill_timer.start(0)

    def _fill_some(self) -> None:
        if self._filling is None:
            return
        if gc_pause.urgent_worker_running():
            # An analysis holds the GIL in turns: every Qt call would wait for it.
            self._fill_timer.start(FILL_WAIT_MS)
            return
        try:
            for _ in range(ROWS_PER_TURN):
                next(self._filling)
        except StopIteration:
            self._stop_fill()
            return
        self._fill_timer.start(0)

    def _stop_fill(self) -> None:
        if self._filling is not None:
            self._filling = None
            gc_pause.burst_ended()
        self._fill_timer.stop()

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
