"""The Analysis dock follows the model, highlights results and runs what-if switches."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mesadiagram.model.commands import SetAnnotations, SetEdgeFields
from mesadiagram.ui.analysis_dock import SWITCH_ROLE
from mesadiagram.ui.main_window import MainWindow
from tests.conftest import EXAMPLE


def _window(qtbot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_path(EXAMPLE)
    dock = window.analysis_dock
    # The first analysis runs just after opening (not before the first frame).
    qtbot.waitUntil(
        lambda: dock.result is not None and dock.result.structure.roots == ["base-optimizer"]
    )
    qtbot.waitUntil(dock.is_current)  # (its rows are filled a few per turn of the loop)
    return window


def _settled(qtbot, window: MainWindow) -> None:
    """Wait until the analysis of the document as it is now is shown (it runs in a worker)."""
    runner, dock = window.analysis, window.analysis_dock
    qtbot.waitUntil(
        lambda: not runner.is_busy() and runner.result is not None and dock.is_current()
    )


def _group(dock, title_start: str):
    tree = dock.tree
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        if item.text(0).startswith(title_start):
            return item
    raise AssertionError(title_start)


def test_dock_shows_the_seed_analysis(qtbot) -> None:
    dock = _window(qtbot).analysis_dock
    assert "defence in depth <b>6</b>" in dock.summary.text()
    assert _group(dock, "Cut sets").childCount() == 6
    assert _group(dock, "Unmitigated links").childCount() == 0


def test_dock_follows_edits_and_warns_on_canvas(qtbot) -> None:
    window = _window(qtbot)
    dock = window.analysis_dock
    key = "misalignment->deployment"
    window.session.stack.run(SetAnnotations(key, [], "Detach"))
    qtbot.waitUntil(lambda: _group(dock, "Unmitigated links").childCount() == 1)
    dock.warn_toggle.setChecked(True)
    assert window.scene.edge_item(key).warning
    assert not window.scene.edge_item("base-optimizer->mesa-optimizer").warning
    window.session.stack.undo()
    qtbot.waitUntil(lambda: _group(dock, "Unmitigated links").childCount() == 0)
    assert not window.scene.edge_item(key).warning


def test_clicking_a_result_highlights_its_links(qtbot) -> None:
    window = _window(qtbot)
    dock = window.analysis_dock
    first_cut = _group(dock, "Cut sets").child(0)
    dock.tree.setCurrentItem(first_cut)
    highlighted = [i.link_id for i in window.scene.edge_items() if i.highlight is not None]
    assert highlighted == ["base-optimizer->mesa-optimizer"]
    # The link shows with its two stages, and nothing else lights up.
    lit = [i.node_id for i in window.scene.node_items() if i.highlight is not None]
    assert sorted(lit) == ["base-optimizer", "mesa-optimizer"]
    dock.tree.clearSelection()
    assert not any(i.highlight for i in [*window.scene.edge_items(), *window.scene.node_items()])


def test_what_if_switch_updates_risk(qtbot) -> None:
    window = _window(qtbot)
    dock = window.analysis_dock
    for edge in list(window.doc.edges):
        window.session.stack.run(SetEdgeFields(edge.id, probability=0.5))
    anns = [a.clone() for a in window.doc.edge("base-optimizer->mesa-optimizer").annotations]
    anns[0].effect = 0.5
    window.session.stack.run(SetAnnotations("base-optimizer->mesa-optimizer", anns, "e"))
    _settled(qtbot, window)
    assert "= <b>0.0156</b> → <b>0.00781</b>" in dock.summary.text()
    switch = _group(dock, "What if").child(0)
    assert switch.data(0, SWITCH_ROLE) == anns[0].id  # keyed by the intervention's id
    switch.setCheckState(0, Qt.CheckState.Unchecked)
    assert window.analysis.disabled_interventions == {anns[0].id}
    _settled(qtbot, window)
    assert "= <b>0.0156</b> → <b>0.0156</b>" in dock.summary.text()
    # The tree was filled again from the new result: the switch stays off.
    assert _group(dock, "What if").child(0).checkState(0) == Qt.CheckState.Unchecked


def test_a_switch_stays_with_its_intervention_when_others_are_inserted(qtbot) -> None:
    """The scenario of the structure issue: untick "Second", insert a new intervention
    before "First"; "Second" stays off (a switch kept by position would move to "First")."""
    from mesadiagram.analysis.report import analyse
    from mesadiagram.model import Annotation

    window = _window(qtbot)
    dock, link = window.analysis_dock, "base-optimizer->mesa-optimizer"
    for edge in list(window.doc.edges):
        window.session.stack.run(SetEdgeFields(edge.id, probability=0.5))
    two = [
        Annotation("intervention", "First", effect=0.5),
        Annotation("intervention", "Second", effect=0.4),
    ]
    window.session.stack.run(SetAnnotations(link, two, "Attach"))
    _settled(qtbot, window)
    rows = {r.text(0): r for r in _children(_group(dock, "What if"))}
    rows["Second (effect 0.4)"].setCheckState(0, Qt.CheckState.Unchecked)
    second_id = window.doc.edge(link).annotations[1].id
    assert window.analysis.disabled_interventions == {second_id}
    _settled(qtbot, window)

    current = [a.clone() for a in window.doc.edge(link).annotations]
    inserted = [Annotation("intervention", "New", effect=0.3), *current]
    window.session.stack.run(SetAnnotations(link, inserted, "Attach New"))
    _settled(qtbot, window)
    states = {r.text(0): r.checkState(0) for r in _children(_group(dock, "What if"))}
    assert states["Second (effect 0.4)"] == Qt.CheckState.Unchecked
    assert states["First (effect 0.5)"] == Qt.CheckState.Checked
    assert states["New (effect 0.3)"] == Qt.CheckState.Checked
    assert window.analysis.disabled_interventions == {second_id}
    # The risk shown is the one with exactly "Second" switched off.
    expected = analyse(window.doc, {second_id}, sensitivity=False)
    shown = window.analysis.result.risk["catastrophe"].with_interventions.value
    assert shown == expected.risk["catastrophe"].with_interventions.value


def _children(item):
    return [item.child(i) for i in range(item.childCount())]


def test_cut_sets_are_named_by_their_interventions_and_rows_wrap_whole(qtbot) -> None:
    window = _window(qtbot)
    window.resize(1400, 880)
    window.show()
    qtbot.waitExposed(window)
    _settled(qtbot, window)
    dock = window.analysis_dock
    cut = _group(dock, "Cut sets").child(0)
    assert cut.text(0).startswith("prevent mesa-optimizer arising")
    assert "Base optimizer → Mesa optimizer" in cut.text(0)  # its link, after it
    path = _group(dock, "Paths").child(0)
    assert path.text(0).endswith("→ Catastrophe")  # the whole path, no "…"
    # Wrapped, not cut off: in a narrow dock the row is several lines high.
    dock.tree.setFixedWidth(220)
    qtbot.wait(50)
    one_line = dock.tree.fontMetrics().height()
    assert dock.tree.visualItemRect(path).height() >= 2 * one_line
    assert dock.tree.visualItemRect(path).width() <= dock.tree.viewport().width()
