"""The Analysis dock's scenarios, driven with real events: the comparison table, the
chooser setting the what-if switches, and "Save as scenario…" (one undo step)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

from mesadiagram.analysis.compare import compare
from mesadiagram.formats import load
from mesadiagram.ui.analysis_dock import SWITCH_ROLE
from mesadiagram.ui.main_window import MainWindow
from mesadiagram.ui.scenario_bar import AS_DRAWN, NAME_ROLE

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "mesa_optimization_scenarios.yaml"
DEPLOY = "don-t-deploy-misaligned-mesa"


def _window(qtbot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 880)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_path(EXAMPLE)
    bar = window.analysis_dock.scenarios
    qtbot.waitUntil(lambda: bar.table.isVisible() and bar.table.rowCount() == 7, timeout=20_000)
    return window


def _settled(qtbot, window: MainWindow) -> None:
    runner, dock = window.analysis, window.analysis_dock
    qtbot.waitUntil(
        lambda: not runner.is_busy() and runner.result is not None and dock.is_current(),
        timeout=20_000,
    )


def _switches(window: MainWindow) -> dict[str, Qt.CheckState]:
    tree = window.analysis_dock.tree
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        if group.text(0).startswith("What if"):
            items = [group.child(j) for j in range(group.childCount())]
            return {item.data(0, SWITCH_ROLE): item.checkState(0) for item in items}
    raise AssertionError("no what-if switches")


def test_the_table_compares_every_scenario(qtbot) -> None:
    window = _window(qtbot)
    table = window.analysis_dock.scenarios.table
    titles = [table.item(r, 0).text() for r in range(table.rowCount())]
    doc = load(EXAMPLE)
    assert titles == ["No interventions", "As drawn", *(s.title for s in doc.scenarios)]
    header = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert header == ["Scenario", "Catastrophe", "bounds"]
    expected = compare(doc).rows[3].risk["catastrophe"]  # pessimistic
    assert table.item(4, 1).text() == f"{expected.with_interventions.value:.3g}"
    low = expected.with_interventions_range.low.value
    assert table.item(4, 2).text().startswith(f"{low:.2g}–")
    caption = window.analysis_dock.scenarios.caption.text()
    assert "All exact" in caption and "bounds" in caption
    assert table.item(1, 0).font().bold()  # the switches are the model's: "As drawn"
    assert table.item(1, 0).data(NAME_ROLE) == AS_DRAWN


def test_choosing_a_scenario_sets_the_switches(qtbot) -> None:
    window = _window(qtbot)
    bar = window.analysis_dock.scenarios
    bar.chooser.setFocus()
    assert bar.chooser.currentData() == AS_DRAWN
    qtbot.keyClick(bar.chooser, Qt.Key.Key_Down)  # the next entry: "Deployment checks fail"
    assert bar.chooser.currentData() == "deployment-checks-fail"
    assert window.analysis.disabled_interventions == {DEPLOY}
    _settled(qtbot, window)
    switches = _switches(window)
    assert switches[DEPLOY] == Qt.CheckState.Unchecked
    assert sum(s == Qt.CheckState.Checked for s in switches.values()) == 5
    assert not bar.note.isVisible()
    # "Pessimistic credences" switches nothing off but sets probabilities: said so.
    qtbot.keyClick(bar.chooser, Qt.Key.Key_Down)
    qtbot.keyClick(bar.chooser, Qt.Key.Key_Down)
    assert bar.chooser.currentData() == "pessimistic"
    assert window.analysis.disabled_interventions == set()
    assert bar.note.isVisible() and "also sets 3 probabilities" in bar.note.text()
    _settled(qtbot, window)
    qtbot.waitUntil(lambda: bar.table.item(4, 0).font().bold())


def test_a_scenario_with_the_same_switches_is_marked_at_once(qtbot) -> None:
    """From "As drawn" to "Pessimistic credences" the switches stay all on (nothing is
    analysed again): the table marks the chosen row all the same."""
    window = _window(qtbot)
    bar = window.analysis_dock.scenarios
    bar.chooser.setFocus()
    for _ in range(3):
        qtbot.keyClick(bar.chooser, Qt.Key.Key_Down)
    assert bar.chooser.currentData() == "pessimistic"
    bold = [r for r in range(bar.table.rowCount()) if bar.table.item(r, 0).font().bold()]
    assert bold == [4]


def test_switching_by_hand_shows_your_switches(qtbot) -> None:
    window = _window(qtbot)
    bar, tree = window.analysis_dock.scenarios, window.analysis_dock.tree
    group = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(0).startswith("What if")
    )
    last = group.child(group.childCount() - 1)  # "prevent catastrophe"
    tree.scrollToItem(last)
    tree.setCurrentItem(last)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Space)  # (the delegate toggles the current check box)
    assert window.analysis.disabled_interventions == {"prevent-catastrophe"}
    _settled(qtbot, window)
    qtbot.waitUntil(lambda: bar.chooser.currentText() == "Your switches (1 off)")
    assert bar.chooser.currentData() is None


def test_save_as_scenario_is_one_undo_step(qtbot) -> None:
    window = _window(qtbot)
    bar, session = window.analysis_dock.scenarios, window.session
    window.analysis.set_disabled_interventions({DEPLOY, "prevent-catastrophe"})
    _settled(qtbot, window)
    steps = session.stack.count()

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, answer)
            return
        edit = dialog.findChild(QLineEdit)
        edit.selectAll()
        qtbot.keyClicks(edit, "Late checks")
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    qtbot.mouseClick(bar.save_button, Qt.MouseButton.LeftButton)
    saved = session.doc.scenario("late-checks")
    assert saved.label == "Late checks"
    assert saved.off == (DEPLOY, "prevent-catastrophe")  # in the document's order
    assert session.stack.count() == steps + 1
    qtbot.waitUntil(lambda: bar.table.rowCount() == 8, timeout=20_000)
    assert bar.chooser.currentData() == "late-checks"
    assert bar.table.item(7, 0).text() == "Late checks" and bar.table.item(7, 0).font().bold()
    session.stack.undo()
    assert [s.name for s in session.doc.scenarios] == [s.name for s in load(EXAMPLE).scenarios]
    qtbot.waitUntil(lambda: bar.table.rowCount() == 7, timeout=20_000)
    session.stack.redo()
    assert session.doc.scenario("late-checks").off == (DEPLOY, "prevent-catastrophe")


def test_saving_under_a_scenario_s_name_updates_its_switches(qtbot) -> None:
    window = _window(qtbot)
    bar, session = window.analysis_dock.scenarios, window.session
    window.analysis.set_disabled_interventions({"prevent-catastrophe"})
    bar.save("Pessimistic credences")
    updated = session.doc.scenario("pessimistic")
    assert updated.off == ("prevent-catastrophe",)
    assert len(updated.probabilities) == 3  # kept
    assert session.stack.undoText() == "Update scenario “Pessimistic credences”"
    session.stack.undo()
    assert session.doc.scenario("pessimistic").off == ()
