"""The Analysis dock's Sensitivity section: the chart of the latest result, following
edits and the theme; a click on a bar (a real mouse event) selects its link on the
canvas and highlights it with its stages."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt

from mesadiagram.formats import save
from mesadiagram.model.commands import SetEdgeFields
from mesadiagram.render.theme import DARK_THEME
from mesadiagram.ui.main_window import MainWindow
from tests.conftest import EXAMPLE
from tests.sensitivity_support import branching_doc, seed_with_credences


def _open(qtbot, path: Path) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 880)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_path(path)
    _settled(qtbot, window)
    return window


def _settled(qtbot, window: MainWindow) -> None:
    runner = window.analysis
    qtbot.waitUntil(lambda: not runner.is_busy() and runner.result is not None, timeout=20000)


def _saved(tmp_path: Path, doc, name: str = "model.yaml") -> Path:
    path = tmp_path / name
    save(doc, path)
    return path


def test_the_section_charts_the_result_and_clicking_a_bar_selects_its_link(
    qtbot, tmp_path: Path
) -> None:
    window = _open(qtbot, _saved(tmp_path, seed_with_credences()))
    section = window.analysis_dock.sensitivity
    qtbot.waitUntil(lambda: section.isVisible() and section.view.tornado is not None)
    assert "Sensitivity of P(Catastrophe)" in section.title.text()
    assert not section.outcome_box.isVisible()  # (one outcome: nothing to choose)
    view = section.view
    chart = view.chart()
    assert chart is not None and len(chart.bars) == 6
    assert chart.bars[0].bar.link == "unanticipated-behaviour->catastrophe"  # largest swing
    assert not chart.title  # (the section's own heading says it)
    # Click the third bar where it is drawn: scroll it into view first.
    target = chart.bars[2]
    section.scroll.ensureVisible(int(target.high.center().x()), int(target.high.center().y()))
    point = QPoint(int(target.high.center().x()), int(target.high.center().y()))
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=point)
    link = target.bar.link
    assert window.session.selection == [link]
    lit_links = [i.link_id for i in window.scene.edge_items() if i.highlight is not None]
    assert lit_links == [link]
    edge = window.doc.edge(link)
    lit = sorted(i.node_id for i in window.scene.node_items() if i.highlight is not None)
    assert lit == sorted([edge.source, edge.target])
    # A click beside every bar changes nothing.
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert window.session.selection == [link]


def test_the_chart_follows_edits_outcomes_and_the_theme(qtbot, tmp_path: Path) -> None:
    doc = branching_doc()
    doc.update_node("s6", outcome=True)
    window = _open(qtbot, _saved(tmp_path, doc))
    section = window.analysis_dock.sensitivity
    qtbot.waitUntil(lambda: section.view.tornado is not None)
    assert section.outcome_box.isVisible() and section.outcome_box.count() == 2
    assert section.view.tornado.outcome == "s6"
    section.outcome_box.setCurrentIndex(1)
    assert section.view.tornado.outcome == "s8"
    # An edit: a new analysis, a new chart of the outcome chosen.
    before = {b.link: b.at_1.value for b in section.view.tornado.bars}
    window.session.run(SetEdgeFields("s7->s8", probability=0.05))
    qtbot.waitUntil(
        lambda: {b.link: b.at_1.value for b in section.view.tornado.bars} != before,
        timeout=20000,
    )
    assert section.view.tornado.outcome == "s8"
    window.session.view_state.update(theme=DARK_THEME)
    assert section.view.theme is DARK_THEME
    image = section.view.grab().toImage()
    assert image.pixelColor(1, 1).name().upper() == DARK_THEME.background.upper()


def test_no_credences_no_section(qtbot) -> None:
    window = _open(qtbot, EXAMPLE)
    section = window.analysis_dock.sensitivity
    assert window.analysis.result.structure.roots == ["base-optimizer"]
    assert not section.isVisible() and section.view.tornado is None
    # The results above take the room.
    assert window.analysis_dock.tree.height() > 100
