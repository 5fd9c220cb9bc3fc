"""The Analysis dock's scenarios: a chooser, "Save as scenario…" and the comparison table.

The chooser sets the dock's what-if switches (the runner's disabled interventions) to a
scenario's, or back to the model as drawn; "Save as scenario…" saves the switches as a
named scenario of the document (one undo step; a name already in use updates that
scenario's switches). The table shows each outcome's risk under the model as drawn and
under every scenario (``analysis/compare.py``, the same numbers as ``mesadiagram
compare``), computed in the analysis process after each analysis, the newest kept.
A scenario's probabilities change its row of the table, not the switches or the summary.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mesadiagram.model import Document
from mesadiagram.model import events as ev
from mesadiagram.model.ids import numbered, slugify
from mesadiagram.model.scenario_commands import AddScenario, RemoveScenario, SetScenario
from mesadiagram.model.scenarios import Scenario, interventions
from mesadiagram.ui import analysis_process
from mesadiagram.ui.analysis_runner import AnalysisRunner
from mesadiagram.ui.session import DocumentSession

if TYPE_CHECKING:  # (networkx is not loaded at start: the analysis comes later)
    from mesadiagram.analysis.credence_ranges import Spread
    from mesadiagram.analysis.risk import Estimate

AS_DRAWN = ""  # the chooser's entry for the model as drawn (every intervention on)
MAX_TABLE_ROWS = 5  # rows shown before the table scrolls (the dock is shared)
NAME_ROLE = Qt.ItemDataRole.UserRole  # a table row's scenario name ("" as drawn, None)


class ScenarioBar(QWidget):
    def __init__(
        self, session: DocumentSession, runner: AnalysisRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.runner = runner
        self.chosen: str | None = None  # the scenario last applied (two may share switches)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        label = QLabel("Scenario:", self)
        self.chooser = QComboBox(self)
        self.chooser.setAccessibleName("Scenario")
        self.chooser.setToolTip("Set the what-if switches below to a scenario's")
        self.chooser.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        label.setBuddy(self.chooser)
        self.save_button = QPushButton("Save as scenario…", self)
        self.save_button.setToolTip("Save the what-if switches as a scenario of the model")
        self.save_button.setAutoDefault(False)
        row.addWidget(label)
        row.addWidget(self.chooser, 1)
        layout.addLayout(row)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.hide()
        layout.addWidget(self.note)
        self.table = QTableWidget(self)
        self.table.setAccessibleName("Scenario comparison")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setSizeAdjustPolicy(QTableWidget.SizeAdjustPolicy.AdjustToContents)
        self.table.horizontalHeader().setToolTip(
            "Each outcome's risk with the interventions each row leaves working"
        )
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.horizontalHeader().sectionResized.connect(lambda *_: self._fit_rows())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._table_menu)
        self.table.cellDoubleClicked.connect(lambda r, _c: self._apply_row(r))
        self.table.hide()
        layout.addWidget(self.table)
        self.caption = QLabel(self)  # what the table's numbers are
        self.caption.setWordWrap(True)
        self.caption.hide()
        layout.addWidget(self.caption)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.dialog: QInputDialog | None = None  # "Save as scenario…" while it is open
        self.comparer = Comparer(self)
        self.comparer.ready.connect(self._show_table)
        self.chooser.activated.connect(self._chosen)
        self.save_button.clicked.connect(self.save_as)
        runner.resultReady.connect(self._analysed)
        session.changed.connect(self._changed)
        session.documentReplaced.connect(lambda _doc: self._document_replaced())
        self._document_replaced()

    # -- the chooser ---------------------------------------------------------------------
    def refresh(self) -> None:
        """Fill the chooser from the document and select what the switches are now."""
        doc, off = self.session.doc, set(self.runner.disabled_interventions)
        entries: list[tuple[str, str | None]] = [("As drawn (every intervention on)", AS_DRAWN)]
        entries += [(s.title, s.name) for s in doc.scenarios]
        matching = [name for _, name in entries if off == self._off(name)]
        current = self.chosen if self.chosen in matching else (matching or [None])[0]
        if current is None:
            entries.insert(0, (f"Your switches ({len(off)} off)", None))
        chooser = self.chooser
        shown = [(chooser.itemText(i), chooser.itemData(i)) for i in range(chooser.count())]
        chooser.blockSignals(True)
        if shown != entries:  # (rebuilt only when it changed: an open list stays open)
            chooser.clear()
            for text, name in entries:
                chooser.addItem(text, name)
        chooser.setCurrentIndex(chooser.findData(current) if current is not None else 0)
        chooser.blockSignals(False)
        self._say_probabilities(current)
        self._mark_chosen()
        self.setVisible(bool(doc.scenarios) or self._has_switches())

    def _off(self, name: str | None) -> set[str] | None:
        if name is None:
            return None
        if name == AS_DRAWN:
            return set()
        return set(self.session.doc.scenario(name).off)

    def _has_switches(self) -> bool:
        result = self.runner.result
        return result is not None and result.risk_computed

    def _chosen(self, index: int) -> None:
        self.apply(self.chooser.itemData(index))

    def apply(self, name: str | None) -> None:
        """Set the what-if switches to scenario ``name``'s (``AS_DRAWN``: all on)."""
        off = self._off(name)
        if off is None:
            return
        self.chosen = name
        known = interventions(self.session.doc)
        self.runner.set_disabled_interventions(off & known)
        self.refresh()

    def _say_probabilities(self, name: str | None) -> None:
        scenario = None if not name else self.session.doc.scenario(name)
        n = len(scenario.probabilities) if scenario else 0
        if n:
            self.note.setText(
                f"<small>“{_html(scenario.title)}” also sets {n} probabilit"
                f"{'y' if n == 1 else 'ies'}: its row of the table has them; the summary "
                "above uses the model's.</small>"
            )
        self.note.setVisible(bool(n))

    # -- saving --------------------------------------------------------------------------
    def save_as(self) -> None:
        """Ask for a name, then save the switches under it (one undo step)."""
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Save as Scenario")
        dialog.setLabelText("Name of the scenario (its switched-off interventions are saved):")
        dialog.setTextValue(self._suggested_name())
        self.dialog = dialog
        try:
            if dialog.exec() == QInputDialog.DialogCode.Accepted:
                self.save(dialog.textValue())
        finally:
            self.dialog = None
            dialog.deleteLater()

    def _suggested_name(self) -> str:
        return f"Scenario {len(self.session.doc.scenarios) + 1}"

    def save(self, text: str) -> None:
        """Save the switches as the scenario ``text`` (its label; the name its slug). A
        scenario of that name or label gets the switches instead."""
        text = " ".join(text.split())
        if not text:
            return
        doc = self.session.doc
        disabled = set(self.runner.disabled_interventions)
        off = tuple(
            a.id for _, a in doc.iter_annotations() if a.type == "intervention" and a.id in disabled
        )
        same = [s for s in doc.scenarios if text in (s.name, s.label)]
        if same:
            old = same[0]
            command = SetScenario(old.name, replace(old, off=off), f"Update scenario “{old.title}”")
            self.chosen = old.name
        else:
            name = numbered(slugify(text, "scenario"), {s.name for s in doc.scenarios})
            command = AddScenario(Scenario(name, text if text != name else "", off=off))
            self.chosen = name
        try:
            self.session.run(command)
        except ValueError as err:  # (a name the model refuses)
            self.session.report("Save as Scenario", str(err))
            return
        self.session.tell(f"Saved scenario “{text}”")

    # -- the table -------------------------------------------------------------------------
    def _analysed(self, _result: object) -> None:
        self.refresh()
        if self.session.doc.scenarios:
            self.comparer.start(self.session.doc)
        else:
            self.table.hide()
            self.caption.hide()

    def _changed(self, event: ev.ChangeEvent) -> None:
        if isinstance(event, ev.ScenariosChanged):
            self.refresh()

    def _document_replaced(self) -> None:
        self.chosen = None
        self.table.setRowCount(0)
        self.table.hide()
        self.caption.hide()
        self.refresh()

    def _show_table(self, shown: tuple[list[str], list]) -> None:
        """Show the comparison: a row per scenario, a column per outcome (and its bounds
        when credences are ranges); a number with ± is an estimate, the rest exact."""
        labels, rows = shown
        if not rows:
            self.table.hide()
            self.caption.hide()
            return
        ranged = any(spread is not None for _, _, cells in rows for _, spread in cells)
        header = ["Scenario"]
        for label in labels:
            header += [label] + (["bounds"] if ranged else [])
        table = self.table
        table.setColumnCount(len(header))
        table.setHorizontalHeaderLabels(header)
        table.setRowCount(len(rows))
        estimated = False
        for r, (key, title, cells) in enumerate(rows):
            texts = [title]
            for risk, spread in cells:
                texts.append(_number(risk))
                if ranged:
                    texts.append(_bounds(spread) if spread else "")
                numbers = [risk, *(spread.numbers() if spread else ())]
                estimated = estimated or not all(e.exact for e in numbers)
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(NAME_ROLE, key)
                item.setToolTip(self._tip(key, title))
                table.setItem(r, c, item)
        self._mark_chosen()
        header_view = table.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header_view.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # (titles wrap)
        table.show()
        self._fit_rows()
        words = ["± one standard error: an estimate; the rest exact" if estimated else "All exact"]
        if ranged:
            words.append("bounds: every credence range at its low / high end")
        self.caption.setText("<small>" + "; ".join(words) + ".</small>")
        self.caption.show()

    def _mark_chosen(self) -> None:
        """The chosen scenario's row in bold (and scrolled to), the others not."""
        current = self.chooser.currentData()
        for r in range(self.table.rowCount()):
            first = self.table.item(r, 0)
            if first is not None and current is not None and first.data(NAME_ROLE) == current:
                self.table.scrollToItem(first)
            for c in range(self.table.columnCount()):
                item = self.table.item(r, c)
                if item is None:
                    continue
                key = item.data(NAME_ROLE)
                chosen = key is not None and key == current
                if item.font().bold() != chosen:
                    font = QFont(item.font())
                    font.setBold(chosen)
                    item.setFont(font)

    def _fit_rows(self) -> None:
        """Rows as tall as their wrapped titles; the table as tall as its first
        ``MAX_TABLE_ROWS`` rows when the dock has room, two when it has not (it scrolls)."""
        table = self.table
        table.resizeRowsToContents()
        rows = [table.rowHeight(r) for r in range(table.rowCount())]
        frame = table.horizontalHeader().height() + 2 * table.frameWidth()
        table.setMaximumHeight(frame + sum(rows[:MAX_TABLE_ROWS]))
        table.setMinimumHeight(frame + sum(rows[:2]))

    def _tip(self, key: str | None, text: str) -> str:
        doc = self.session.doc
        if key is None:
            return f"{text}: every intervention taken as not working"
        if key == AS_DRAWN:
            return f"{text}: the model as drawn, every intervention working (double-click: all on)"
        if key not in {s.name for s in doc.scenarios}:
            return text
        scenario = doc.scenario(key)
        parts = [scenario.title, scenario.text] if scenario.text else [scenario.title]
        parts.append(f"Double-click to set the switches to this scenario's ({key})")
        return "\n".join(parts)

    def _apply_row(self, row: int) -> None:
        item = self.table.item(row, 0)
        if item is not None and item.data(NAME_ROLE) is not None:
            self.apply(item.data(NAME_ROLE))

    def _table_menu(self, point: QPoint) -> None:
        item = self.table.itemAt(point)
        name = None if item is None else item.data(NAME_ROLE)
        if not name:
            return
        title = self.session.doc.scenario(name).title
        menu = QMenu(self)
        menu.addAction("Set the Switches to This Scenario", lambda: self.apply(name))
        menu.addAction(f"Delete Scenario “{title}”", lambda: self.session.run(RemoveScenario(name)))
        menu.exec(self.table.viewport().mapToGlobal(point))


class Comparer(QObject):
    """Computes the comparison table of a document in the analysis process, one at a
    time: a result for an older request than the newest is dropped."""

    ready = Signal(object)  # (scenario names, table) of the newest request
    _delivered = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._count = 0
        self._delivered.connect(self._finish)

    def start(self, doc: Document) -> None:
        self._count += 1
        args = (self._count, doc)
        threading.Thread(target=self._work, args=args, name="compare", daemon=True).start()

    def _work(self, count: int, doc: Document) -> None:
        from mesadiagram import gc_pause
        from mesadiagram.analysis.compare import compare_text
        from mesadiagram.formats import dumps

        try:
            text = dumps(doc, gc_pause.defer_to_foreground)
            try:
                shown = analysis_process.run_in_child(compare_text, text).result()
            except BrokenProcessPool:  # no child: here, on this thread
                shown = compare_text(text)
        except Exception:  # (an edit while it read the document: a newer request follows)
            # Logged, so that a real fault is not only an empty table.
            logging.getLogger(__name__).exception("the scenario table could not be made")
            shown = ([], [])
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile
            self._delivered.emit(count, shown)

    def _finish(self, count: int, shown: object) -> None:
        if count == self._count:
            self.ready.emit(shown)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _number(e: Estimate) -> str:
    """3 significant digits; an estimate with its standard error."""
    return f"{e.value:.3g}" if e.exact else f"{e.value:.3g} ± {e.stderr:.2g}"


def _bounds(x: Spread) -> str:
    """Two significant digits (the column is narrow), an estimate with its error."""

    def end(e: Estimate) -> str:
        return f"{e.value:.2g}" if e.exact else f"{e.value:.2g} ± {e.stderr:.1g}"

    return f"{end(x.low)}–{end(x.high)}"
