"""The Analysis dock: undefended links, cut sets, paths and risk, live as the model changes.

The analysis runs off the GUI thread (``analysis_runner``); this dock shows its latest
result. Clicking a result highlights its stages and links and the switch marks unmitigated
links as warnings, both through the view state; what-if checkboxes turn interventions off
(by annotation id, so a switch follows its intervention wherever it moves).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mesadiagram import gc_pause
from mesadiagram.model.commands import Command, Macro, SetNodeFields
from mesadiagram.ui import analysis_rows as rows
from mesadiagram.ui.analysis_runner import AnalysisRunner
from mesadiagram.ui.scenario_bar import ScenarioBar
from mesadiagram.ui.session import DocumentSession
from mesadiagram.ui.tornado_view import SensitivitySection, sensitivity_split
from mesadiagram.ui.wrapping_tree import RICH_TEXT_ROLE, WrappingTree

if TYPE_CHECKING:
    from mesadiagram.analysis.report import Analysis

IDS_ROLE = Qt.ItemDataRole.UserRole  # the stage and link ids a row stands for
SWITCH_ROLE = Qt.ItemDataRole.UserRole + 1  # an intervention's annotation id
# Rows brought up to date per turn of the event loop: each may lay out wrapped text, and
# all of a large model's rows at once would hold the GUI thread for tens of milliseconds.
SYNC_ROWS_PER_TURN = 5


class AnalysisDock(QDockWidget):
    def __init__(
        self, session: DocumentSession, runner: AnalysisRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__("Analysis", parent)
        self.setObjectName("analysisDock")
        self.setAccessibleName("Analysis panel")
        self.session = session
        self.runner = runner
        body = QWidget(self)
        body.setAccessibleName("Analysis")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        self.summary = QLabel("Analysing…", body)
        self.summary.setAccessibleName("Analysis summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary)
        self.warn_toggle = QCheckBox("Show unmitigated links on the canvas", body)
        self.warn_toggle.toggled.connect(self._apply_overlay)
        layout.addWidget(self.warn_toggle)
        self.scenarios = ScenarioBar(session, runner, body)  # chooser, save, comparison
        layout.addWidget(self.scenarios)
        self.tree = WrappingTree(body)  # whole paths, cut sets and warnings, wrapped
        self.tree.setAccessibleName("Analysis results")
        self.tree.itemSelectionChanged.connect(self._highlight_selected)
        self.tree.itemChanged.connect(self._switch_changed)
        self.sensitivity = SensitivitySection(session, runner, body)  # the tornado chart
        layout.addWidget(sensitivity_split(self.tree, self.sensitivity), 1)
        self.setWidget(body)
        self._steps: Iterator[None] | None = None  # the update of the tree under way
        self._in_burst = False  # gc_pause told the GUI thread is busy with the update
        self._sync_timer = QTimer(self)
        self._sync_timer.setSingleShot(True)
        self._sync_timer.timeout.connect(self._sync_some)
        runner.resultReady.connect(self.show_result)
        runner.failed.connect(self._failed)

    @property
    def result(self) -> Analysis | None:
        return self.runner.result

    def show_result(self, result: Analysis) -> None:
        """Show ``result`` (of the session's current document). Rows stay the same
        items where they can: re-laying out hundreds of wrapped rows after every edit
        would hold the GUI thread."""
        runner = self.runner
        if result is not runner.result:  # (a result not from the runner: make its rows)
            doc, disabled = self.session.doc, runner.disabled_interventions
            summary, wanted = rows.summary_html(doc, result), rows.groups(doc, result, disabled)
        else:
            summary, wanted = runner.summary, runner.rows
        if self.summary.text() != summary:  # (a new text relays out the whole dock)
            self.summary.setText(summary)
        self._steps = self._sync_steps(wanted)
        if not self._in_burst:  # until the tree is up to date, background copies wait
            self._in_burst = True
            gc_pause.burst_started()
            self.destroyed.connect(gc_pause.burst_ended)
        self._sync_timer.start()  # a few rows per turn of the event loop, from now
        self._apply_overlay()

    def is_current(self) -> bool:
        """Whether the tree shows the latest result in full (not still updating)."""
        return self._steps is None

    def _sync_steps(self, wanted: list[rows.Group]) -> Iterator[None]:
        """Bring the tree to ``wanted``, one row per step (the timer runs several)."""
        for index, group in enumerate(wanted):
            item = self.tree.topLevelItem(index) or self._group_item()
            _set_text(item, group.title)
            for row_index, row in enumerate(group.rows):
                self._sync_action(_sync_row(item, row_index, row), row)
                yield
            while item.childCount() > len(group.rows):
                item.removeChild(item.child(len(group.rows)))
        while self.tree.topLevelItemCount() > len(wanted):
            self.tree.takeTopLevelItem(len(wanted))

    def _sync_some(self) -> None:
        if self._steps is None:
            return
        if not self.isEnabled():
            # The editor is disabled while it presents: the rows wait (``changeEvent``),
            # so that a step in front of the room keeps its frame.
            return
        self.tree.blockSignals(True)
        try:
            for _ in range(SYNC_ROWS_PER_TURN):
                next(self._steps)
        except StopIteration:
            self._steps = None
            self._end_burst()
        finally:
            self.tree.blockSignals(False)
        if self._steps is not None:
            self._sync_timer.start()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        enabled = event.type() == QEvent.Type.EnabledChange and self.isEnabled()
        if enabled and self._steps is not None:
            self._sync_timer.start()  # the rows that waited while the editor presented

    def _end_burst(self) -> None:
        if self._in_burst:
            self._in_burst = False
            self.destroyed.disconnect(gc_pause.burst_ended)
            gc_pause.burst_ended()

    def _sync_action(self, item: QTreeWidgetItem, row: rows.Row) -> None:
        """Give ``item`` the button of ``row`` (or take away the one it had)."""
        cell = self.tree.itemWidget(item, 0)
        if not row.action:
            if cell is not None:
                self.tree.removeItemWidget(item, 0)
            return
        if not isinstance(cell, ActionCell):
            cell = ActionCell(self._mark_outcomes)
            self.tree.setItemWidget(item, 0, cell)
            index = self.tree.indexFromItem(item)
            self.tree.itemDelegate().sizeHintChanged.emit(index)  # (the button's height)
        cell.show_row(row)

    def _mark_outcomes(self, node_ids: list[str]) -> None:
        """Mark stages as outcomes: one undo step, whatever their number."""
        doc = self.session.doc
        steps: list[Command] = [
            SetNodeFields(n, "Mark as outcome", outcome=True)
            for n in node_ids
            if doc.has_node(n) and not doc.node(n).outcome
        ]
        if len(steps) == 1:
            self.session.run(steps[0])
        elif steps:
            self.session.run(Macro(f"Mark {len(steps)} stages as outcomes", steps))

    def _group_item(self) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree)
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        item.setExpanded(True)
        return item

    def _failed(self, message: str) -> None:
        self.summary.setText(f"The analysis failed: {message}")

    # -- showing on the canvas -----------------------------------------------------------
    def _switch_changed(self, item: QTreeWidgetItem) -> None:
        ann_id = item.data(0, SWITCH_ROLE)
        if ann_id is None:
            return
        disabled = set(self.runner.disabled_interventions)
        if item.checkState(0) == Qt.CheckState.Checked:
            disabled.discard(ann_id)
        else:
            disabled.add(ann_id)
        self.runner.set_disabled_interventions(disabled)

    def _highlight_selected(self) -> None:
        ids: set[str] = set()
        for item in self.tree.selectedItems():
            ids.update(item.data(0, IDS_ROLE) or [])
        doc = self.session.doc
        for item in self.tree.selectedItems():  # a path: the links along it too
            stages = item.data(0, IDS_ROLE) or []
            if stages and all(doc.has_node(i) for i in stages):
                for a, b in itertools.pairwise(stages):
                    ids.update(doc.links_between(a, b))
        for link_id in [i for i in ids if doc.has_edge(i)]:  # a link shows with its stages
            ids.update((doc.edge(link_id).source, doc.edge(link_id).target))
        self.session.view_state.update(highlights=ids)

    def _apply_overlay(self) -> None:
        result = self.result
        on = self.warn_toggle.isChecked() and result is not None
        self.session.view_state.update(warnings=set(result.coverage.unmitigated) if on else ())
        self._highlight_selected()


def _set_text(item: QTreeWidgetItem, text: str) -> None:
    if item.text(0) != text:
        item.setText(0, text)


class ActionCell(QWidget):
    """A row's button (at its natural width, on the left): marks stages as outcomes."""

    def __init__(self, mark) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 1, 2, 1)
        self.button = QPushButton(self)
        self.button.setAutoDefault(False)
        layout.addWidget(self.button)
        layout.addStretch(1)
        self.stages: list[str] = []
        self.button.clicked.connect(lambda: mark(list(self.stages)))

    def show_row(self, row: rows.Row) -> None:
        if self.button.text() != row.action:
            self.button.setText(row.action)
        self.stages = list(row.mark)
        self.button.setToolTip(row.tooltip)


def _sync_row(parent: QTreeWidgetItem, index: int, row: rows.Row) -> QTreeWidgetItem:
    """Make ``parent``'s child ``index`` show ``row``, touching only what differs."""
    item = parent.child(index) or QTreeWidgetItem(parent)
    _set_text(item, row.text)
    if (item.data(0, RICH_TEXT_ROLE) or "") != row.html:
        item.setData(0, RICH_TEXT_ROLE, row.html or None)
    if item.data(0, IDS_ROLE) != row.ids:
        item.setData(0, IDS_ROLE, row.ids)
    tooltip = row.tooltip or row.text
    if item.toolTip(0) != tooltip:
        item.setToolTip(0, tooltip)
    flags = Qt.ItemFlag.ItemIsEnabled
    if row.selectable:
        flags |= Qt.ItemFlag.ItemIsSelectable
    if row.switch is not None:
        flags |= Qt.ItemFlag.ItemIsUserCheckable
    if item.flags() != flags:
        item.setFlags(flags)
    if item.data(0, SWITCH_ROLE) != row.switch:
        item.setData(0, SWITCH_ROLE, row.switch)
    if row.switch is not None:
        state = Qt.CheckState.Checked if row.on else Qt.CheckState.Unchecked
        if item.checkState(0) != state:
            item.setCheckState(0, state)
    elif item.data(0, Qt.ItemDataRole.CheckStateRole) is not None:
        item.setData(0, Qt.ItemDataRole.CheckStateRole, None)
    return item
