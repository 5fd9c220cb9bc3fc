"""The outcome rule in the editor, driven with real events: a stage added after another
(Tab) or pasted is drawn neutral and leaves the analysis alone when the model marks its
outcomes; the Analysis panel lists it with a button that marks it (one undo step). In a
model that marks none, the panel says which stages count as outcomes, and why."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QPushButton, QTreeWidgetItem

from mesadiagram.formats import load
from mesadiagram.ui.main_window import MainWindow
from tests.conftest import EXAMPLE
from tests.ui_helpers import Left, NoMod, click, key, keys, make_window, node_point, type_text

DEAD_ENDS = "Stages with no outgoing link, not outcomes"


def _settled(qtbot, window: MainWindow) -> None:
    """Until the analysis of the document as it is now is shown in full."""
    runner, dock = window.analysis, window.analysis_dock
    qtbot.waitUntil(
        lambda: not runner.is_busy() and runner.result is not None and dock.is_current()
    )


def _example(qtbot, marked: bool = True) -> MainWindow:
    doc = load(EXAMPLE)
    if not marked:
        doc.update_node("catastrophe", outcome=False)
    window = make_window(qtbot, doc)
    window.resize(1400, 880)
    _settled(qtbot, window)
    return window


def _group(window: MainWindow, title_start: str) -> QTreeWidgetItem | None:
    tree = window.analysis_dock.tree
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        if item.text(0).startswith(title_start):
            return item
    return None


def _rows(group: QTreeWidgetItem | None) -> list[str]:
    return [] if group is None else [group.child(i).text(0) for i in range(group.childCount())]


def _button_after(window: MainWindow, row: QTreeWidgetItem) -> QPushButton:
    """The button of the row after ``row`` (its action), scrolled into view."""
    parent = row.parent()
    action = parent.child(parent.indexOfChild(row) + 1)
    tree = window.analysis_dock.tree
    tree.scrollToItem(action)
    cell = tree.itemWidget(action, 0)
    assert cell is not None, "no button after the row"
    button = cell.findChild(QPushButton)
    assert button.isVisible()
    return button


def _counts(window: MainWindow) -> tuple[int, int]:
    c = window.analysis.result.coverage
    return len(c.cut_sets), len(c.unmitigated)


def _fill(window: MainWindow, node_id: str) -> int:
    """The colour the canvas shows inside a stage's box (clear of its label)."""
    item = window.scene.node_item(node_id)
    window.view.ensureVisible(item, 40, 40)
    QApplication.processEvents()
    box = item.box()
    image = window.view.viewport().grab().toImage()
    return image.pixelColor(window.view.mapFromScene(box.topLeft() + QPointF(5, 5))).rgb()


def _tab_after(window: MainWindow, anchor: str, name: str) -> str:
    """Click ``anchor`` on the canvas, press Tab, name the new stage; its id."""
    click(window, node_point(window, anchor))
    assert window.scene.selected_node_ids() == [anchor]
    before = set(window.doc.node_ids())
    key(Qt.Key.Key_Tab)
    type_text(name)
    key(Qt.Key.Key_Return)
    (new,) = set(window.doc.node_ids()) - before
    assert window.doc.node(new).label == name
    return new


def test_tab_after_deployment_adds_a_neutral_stage_the_panel_offers_to_mark(qtbot) -> None:
    window = _example(qtbot)
    theme = window.scene.theme
    assert _counts(window) == (6, 0)
    assert _rows(_group(window, "Outcomes")) == ["Catastrophe"]
    assert _group(window, DEAD_ENDS) is None

    new = _tab_after(window, "deployment", "Copies spread")
    _settled(qtbot, window)
    assert _counts(window) == (6, 0)  # the analysis is about Catastrophe, as before
    assert _fill(window, new) == QColor(theme.node_fill).rgb()  # neutral, not outcome red
    assert _fill(window, "catastrophe") == QColor(theme.outcome_fill).rgb()
    group = _group(window, DEAD_ENDS)
    assert group is not None and group.text(0) == f"{DEAD_ENDS} (1)"
    row = group.child(0)
    assert row.text(0) == "Copies spread"

    button = _button_after(window, row)
    assert button.text() == "Mark as outcome"
    QTest.mouseClick(button, Left)
    assert window.doc.node(new).outcome
    assert window.session.stack.undoText() == "Mark as outcome"
    _settled(qtbot, window)
    assert _counts(window) == (3, 1)  # now the links to it count too
    assert _rows(_group(window, "Outcomes")) == ["Catastrophe", "Copies spread"]
    assert _group(window, DEAD_ENDS) is None
    assert _fill(window, new) == QColor(theme.outcome_fill).rgb()

    window.view.setFocus()
    keys("Ctrl+Z")
    assert not window.doc.node(new).outcome
    _settled(qtbot, window)
    assert _counts(window) == (6, 0)
    assert _rows(_group(window, DEAD_ENDS)) == ["Copies spread", ""]  # its row and button
    assert _fill(window, new) == QColor(theme.node_fill).rgb()


def test_pasted_copies_are_neutral_and_leave_the_analysis_alone(qtbot) -> None:
    window = _example(qtbot)
    theme = window.scene.theme
    click(window, node_point(window, "deployment"))
    click(window, node_point(window, "distribution-shift"), Qt.KeyboardModifier.ControlModifier)
    assert sorted(window.scene.selected_node_ids()) == ["deployment", "distribution-shift"]
    before = set(window.doc.node_ids())
    keys("Ctrl+C")
    keys("Ctrl+V")
    pasted = set(window.doc.node_ids()) - before
    assert len(pasted) == 2
    (end,) = [n for n in pasted if window.doc.incoming(n)]  # the copy of Distribution shift
    _settled(qtbot, window)
    assert _counts(window) == (6, 0)
    assert _fill(window, end) == QColor(theme.node_fill).rgb()
    assert _rows(_group(window, DEAD_ENDS))[0] == window.doc.node(end).label


def test_without_marks_the_panel_says_which_stages_count_and_follows_a_new_one(qtbot) -> None:
    window = _example(qtbot, marked=False)
    theme = window.scene.theme
    sentence = "No stage is marked as an outcome, so stages with no outgoing link count as {}."
    sentence = sentence.format("outcomes: {}")
    assert _rows(_group(window, "Outcomes"))[0] == sentence.format("Catastrophe")
    assert _fill(window, "catastrophe") == QColor(theme.outcome_fill).rgb()

    new = _tab_after(window, "catastrophe", "Aftermath")
    _settled(qtbot, window)
    row = _group(window, "Outcomes").child(0)
    assert row.text(0) == sentence.format("Aftermath")  # why the analysis changed
    assert _counts(window) == (6, 1)
    assert _fill(window, new) == QColor(theme.outcome_fill).rgb()
    assert _fill(window, "catastrophe") == QColor(theme.node_fill).rgb()

    QTest.mouseClick(_button_after(window, row), Left)
    assert [n.id for n in window.doc.nodes if n.outcome] == [new]
    _settled(qtbot, window)
    assert _rows(_group(window, "Outcomes")) == ["Aftermath"]  # marked now
    assert _counts(window) == (6, 1)  # the same outcome as before: the same analysis
    window.view.setFocus()
    keys("Ctrl+Z")
    _settled(qtbot, window)
    assert not any(n.outcome for n in window.doc.nodes)
    assert _rows(_group(window, "Outcomes"))[0] == sentence.format("Aftermath")


def test_mark_these_marks_every_implicit_outcome_in_one_step(qtbot) -> None:
    window = _example(qtbot, marked=False)
    _tab_after(window, "deployment", "Copies spread")  # a second dead end
    _settled(qtbot, window)
    row = _group(window, "Outcomes").child(0)
    assert row.text(0).endswith("count as outcomes: Catastrophe, Copies spread.")
    button = _button_after(window, row)
    assert button.text() == "Mark these as outcomes"
    QTest.mouseClick(button, Left)
    assert sum(n.outcome for n in window.doc.nodes) == 2
    assert window.session.stack.undoText() == "Mark 2 stages as outcomes"
    _settled(qtbot, window)
    assert _rows(_group(window, "Outcomes")) == ["Catastrophe", "Copies spread"]
    window.view.setFocus()
    keys("Ctrl+Z")
    assert not any(n.outcome for n in window.doc.nodes)


def test_the_stage_menu_marks_an_outcome(qtbot) -> None:
    """The route the panel's "no outcome" warning names: right-click > Outcome."""
    window = _example(qtbot)
    theme = window.scene.theme
    viewport = window.view.viewport()
    point: QPoint = node_point(window, "deployment")
    QTest.mousePress(viewport, Qt.MouseButton.RightButton, NoMod, point)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)
    QTest.mouseRelease(viewport, Qt.MouseButton.RightButton, NoMod, point)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    (outcome,) = [a for a in menu.actions() if a.text() == "Outcome"]
    assert outcome.isCheckable() and not outcome.isChecked()
    outcome.trigger()
    menu.close()
    assert window.doc.node("deployment").outcome
    assert _fill(window, "deployment") == QColor(theme.outcome_fill).rgb()
    _settled(qtbot, window)
    assert _rows(_group(window, "Outcomes")) == ["Deployment", "Catastrophe"]
