"""The Analysis dock: undefended links, cut sets, paths and risk, live as the model changes.

Clicking a result highlights its links on the canvas; a switch draws unmitigated links in
the warning style; what-if checkboxes turn interventions off and the risk follows at once.
The analysis itself is ``mesadiagram.analysis`` (no Qt); this only shows it.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mesadiagram.model import EdgeKey
from mesadiagram.model import events as ev

if TYPE_CHECKING:
    from mesadiagram.analysis.report import Analysis
    from mesadiagram.ui.main_window import MainWindow

LINKS_ROLE = Qt.ItemDataRole.UserRole
SWITCH_ROLE = Qt.ItemDataRole.UserRole + 1
DEBOUNCE_MS = 150  # re-analyse once after a burst of edits (a drag, a paste)


class AnalysisDock(QDockWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__("Analysis", window)
        self.setObjectName("analysisDock")
        self.window_ = window
        self.result: Analysis | None = None
        self.disabled_interventions: set[int] = set()
        self._unsubscribe = None
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        self.summary = QLabel(body)
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
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)

    def set_window_document(self, window: MainWindow) -> None:
        if self._unsubscribe:
            self._unsubscribe()
        self.disabled_interventions.clear()
        self._unsubscribe = window.doc.subscribe(self._on_change)
        # After the first frame, not before it: a large model's analysis takes a while.
        self._timer.start()

    def _on_change(self, event: ev.ChangeEvent) -> None:
        """Re-analyse after changes that can alter the result (moves cannot)."""
        if isinstance(event, ev.NodeChanged | ev.EdgeChanged) and set(event.fields) <= {
            "position",
            "route",
            "pinned",
            "label",
            "text",
            "refs",
        }:
            if "label" in event.fields:
                self._timer.start()  # results name stages by their labels
            return
        self._timer.start()

    # -- computing -----------------------------------------------------------------------
    def _enabled(self) -> set[int] | None:
        if not self.disabled_interventions:
            return None
        count = sum(
            1 for e in self.window_.doc.edges for a in e.annotations if a.type == "intervention"
        )
        return set(range(count)) - self.disabled_interventions

    def refresh(self) -> None:
        from mesadiagram.analysis.report import analyse  # networkx: not at start-up

        doc = self.window_.doc
        self.result = analyse(doc, self._enabled(), sensitivity=False)
        self.tree.blockSignals(True)
        self.tree.clear()
        self._fill(self.result)
        self.tree.blockSignals(False)
        self._apply_overlay()

    def _fill(self, a: Analysis) -> None:
        doc = self.window_.doc
        s, c = a.structure, a.coverage

        def link_name(key: EdgeKey) -> str:
            return f"{doc.node(key[0]).label} → {doc.node(key[1]).label}"

        def group(title: str) -> QTreeWidgetItem:
            item = QTreeWidgetItem(self.tree, [title])
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            item.setExpanded(True)
            return item

        def entry(parent: QTreeWidgetItem, text: str, links: list[EdgeKey]) -> QTreeWidgetItem:
            item = QTreeWidgetItem(parent, [text])
            item.setData(0, LINKS_ROLE, links)
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
            entry(g, " → ".join(doc.node(n).label for n in path), list(itertools.pairwise(path)))
        if a.risk or any(e.probability is not None for e in doc.edges):
            g = group("What if (interventions on)")
            index = 0
            for edge in doc.edges:
                for ann in edge.annotations:
                    if ann.type != "intervention":
                        continue
                    label = ann.label or "(unnamed)"
                    effect = "no effect given" if ann.effect is None else f"effect {ann.effect:g}"
                    item = entry(g, f"{label} ({effect})", [edge.key])
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(
                        0,
                        Qt.CheckState.Unchecked
                        if index in self.disabled_interventions
                        else Qt.CheckState.Checked,
                    )
                    item.setData(0, SWITCH_ROLE, index)
                    index += 1
        if a.warnings:
            g = group(f"Warnings ({len(a.warnings)})")
            for warning in a.warnings:
                entry(g, warning, [])

    # -- showing on the canvas -----------------------------------------------------------
    def _switch_changed(self, item: QTreeWidgetItem) -> None:
        index = item.data(0, SWITCH_ROLE)
        if index is None:
            return
        if item.checkState(0) == Qt.CheckState.Checked:
            self.disabled_interventions.discard(index)
        else:
            self.disabled_interventions.add(index)
        self.refresh()

    def _highlight_selected(self) -> None:
        scene = self.window_.scene
        if scene is None:
            return
        links: set[EdgeKey] = set()
        for item in self.tree.selectedItems():
            links |= {tuple(k) for k in (item.data(0, LINKS_ROLE) or [])}
        color = QColor(scene.theme.highlight)
        color.setAlphaF(0.7)
        for edge_item in scene.edge_items():
            edge_item.highlight = color if edge_item.key in links else None
            edge_item.update()
        stages = {n for key in links for n in key}
        for node_item in scene.node_items():
            node_item.highlight = color if node_item.node_id in stages else None
            node_item.update()

    def _apply_overlay(self) -> None:
        scene = self.window_.scene
        if scene is None or self.result is None:
            return
        unmitigated = (
            set(self.result.coverage.unmitigated) if self.warn_toggle.isChecked() else set()
        )
        for edge_item in scene.edge_items():
            warn = edge_item.key in unmitigated
            if edge_item.warning != warn:
                edge_item.warning = warn
                edge_item.update()
        self._highlight_selected()
