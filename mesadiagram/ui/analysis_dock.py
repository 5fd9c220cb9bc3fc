"""The Analysis dock: undefended links, cut sets, paths and risk, live as the model changes.

The analysis runs off the GUI thread (``analysis_runner``); this dock shows its latest
result. Clicking a result highlights its stages and links and the switch marks unmitigated
links as warnings, both through the view state; what-if checkboxes turn interventions off
(by annotation id, so a switch follows its intervention wherever it moves).
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mesadiagram.analysis.naming import link_name as named_link
from mesadiagram.model import LinkId
from mesadiagram.ui.analysis_runner import AnalysisRunner
from mesadiagram.ui.session import DocumentSession

if TYPE_CHECKING:
    from mesadiagram.analysis.report import Analysis

IDS_ROLE = Qt.ItemDataRole.UserRole  # the stage and link ids a row stands for
SWITCH_ROLE = Qt.ItemDataRole.UserRole + 1  # an intervention's annotation id


class AnalysisDock(QDockWidget):
    def __init__(
        self, session: DocumentSession, runner: AnalysisRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__("Analysis", parent)
        self.setObjectName("analysisDock")
        self.session = session
        self.runner = runner
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        self.summary = QLabel("Analysing…", body)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary)
        self.warn_toggle = QCheckBox("Show unmitigated links on the canvas", body)
        self.warn_toggle.toggled.connect(self._apply_overlay)
        layout.addWidget(self.warn_toggle)
        self.tree = QTreeWidget(body)
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.itemSelectionChanged.connect(self._highlight_selected)
        self.tree.itemChanged.connect(self._switch_changed)
        layout.addWidget(self.tree, 1)
        self.setWidget(body)
        runner.resultReady.connect(self.show_result)
        runner.failed.connect(self._failed)

    @property
    def result(self) -> Analysis | None:
        return self.runner.result

    def show_result(self, result: Analysis) -> None:
        """Fill the tree from ``result`` (of the session's current document)."""
        self.tree.blockSignals(True)
        self.tree.clear()
        self._fill(result)
        self.tree.blockSignals(False)
        self._apply_overlay()

    def _failed(self, message: str) -> None:
        self.summary.setText(f"The analysis failed: {message}")

    def _fill(self, a: Analysis) -> None:
        doc = self.session.doc
        s, c = a.structure, a.coverage

        def link_name(link_id: LinkId) -> str:
            return named_link(doc, link_id, labels=True, arrow="→")

        def group(title: str) -> QTreeWidgetItem:
            item = QTreeWidgetItem(self.tree, [title])
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            item.setExpanded(True)
            return item

        def entry(parent: QTreeWidgetItem, text: str, ids: list[str]) -> QTreeWidgetItem:
            item = QTreeWidgetItem(parent, [text])
            item.setData(0, IDS_ROLE, ids)
            item.setToolTip(0, text)
            return item

        depth = "n/a" if c.defence_in_depth is None else str(c.defence_in_depth)
        lines = [
            f"<b>{len(c.unmitigated)}</b> unmitigated link(s) · "
            f"<b>{len(c.cut_sets)}</b> cut set(s) · defence in depth <b>{depth}</b>"
        ]
        for outcome, r in a.risk.items():
            name = doc.node(outcome).label
            lines.append(
                f"P({name}) = <b>{r.baseline.value:.3g}</b> → "
                f"<b>{r.with_interventions.value:.3g}</b> with interventions"
                + ("" if r.baseline.exact else " (Monte Carlo)")
            )
        self.summary.setText("<br>".join(lines))

        g = group(f"Unmitigated links ({len(c.unmitigated)})")
        critical = set(c.critical)
        for key in c.unmitigated:
            item = entry(g, ("⚠ " if key in critical else "") + link_name(key), [key])
            if key in critical:
                item.setToolTip(0, "On every path to an outcome")
        g = group(f"Cut sets ({len(c.cut_sets)})")
        for cut in c.cut_sets:
            entry(g, " + ".join(link_name(k) for k in cut), list(cut))
        shown = f"more than {len(s.paths)}" if s.paths_capped else str(s.path_count)
        g = group(f"Paths ({shown})")
        for path in s.paths[:200]:
            links = [k for a, b in itertools.pairwise(path) for k in doc.links_between(a, b)]
            entry(g, " → ".join(doc.node(n).label for n in path), [*path, *links])
        if a.risk or any(e.probability is not None for e in doc.edges):
            g = group("What if (interventions on)")
            disabled = self.runner.disabled_interventions
            for edge in doc.edges:
                for ann in edge.annotations:
                    if ann.type != "intervention":
                        continue
                    label = ann.label or "(unnamed)"
                    effect = "no effect given" if ann.effect is None else f"effect {ann.effect:g}"
                    item = entry(g, f"{label} ({effect})", [edge.id])
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    off = ann.id in disabled
                    item.setCheckState(0, Qt.CheckState.Unchecked if off else Qt.CheckState.Checked)
                    item.setData(0, SWITCH_ROLE, ann.id)
        if a.warnings:
            g = group(f"Warnings ({len(a.warnings)})")
            for warning in a.warnings:
                entry(g, warning, [])

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
        for link_id in [i for i in ids if doc.has_edge(i)]:  # a link shows with its stages
            ids.update((doc.edge(link_id).source, doc.edge(link_id).target))
        self.session.view_state.update(highlights=ids)

    def _apply_overlay(self) -> None:
        result = self.result
        on = self.warn_toggle.isChecked() and result is not None
        self.session.view_state.update(warnings=set(result.coverage.unmitigated) if on else ())
        self._highlight_selected()
