"""The Steps panel: the seed's steps listed; reorder (buttons and a drop), merge, split,
skip and the options, each one undo step; the custom order saved, reopened and undone;
presenting from a step."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from mesadiagram.formats import load
from mesadiagram.model.commands import RemoveNode
from mesadiagram.model.presentation import Presentation
from mesadiagram.presentation.order import steps_of
from mesadiagram.presentation.steps import step_title
from tests.ui_helpers import activate, make_window


def _dock(window):
    dock = window.steps_dock
    dock.show()
    dock.raise_()
    return dock


def _texts(dock) -> list[str]:
    return [dock.list.item(i).text() for i in range(dock.list.count())]


def _select(qtbot, dock, row: int, extend: bool = False) -> None:
    rect = dock.list.visualItemRect(dock.list.item(row))
    modifier = Qt.KeyboardModifier.ControlModifier if extend else Qt.KeyboardModifier.NoModifier
    QTest.mouseClick(dock.list.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def _click(dock, name: str) -> None:
    button = dock.buttons[name]
    assert button.isEnabled(), name
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def _undo(window) -> None:
    QTest.keySequence(window.view, QKeySequence(QKeySequence.StandardKey.Undo))


def test_the_panel_lists_the_generated_steps(qtbot, seed_doc) -> None:
    window = make_window(qtbot, seed_doc)
    dock = _dock(window)
    titles = [step_title(seed_doc, s) for s in steps_of(seed_doc)]
    assert _texts(dock) == [f"{i + 1}.  {t}" for i, t in enumerate(titles)]
    assert dock.options["annotations"].currentData() == "each-type"
    assert not dock.buttons["reset"].isEnabled()


def test_edits_are_undoable_and_saved_in_the_file(qtbot, seed_doc, tmp_path) -> None:
    window = make_window(qtbot, seed_doc)
    dock = _dock(window)
    generated = steps_of(seed_doc)
    _select(qtbot, dock, 5)  # Misalignment: kinds
    _click(dock, "split")
    assert len(_texts(dock)) == len(generated) + 1
    assert _texts(dock)[5] == "6.  Misalignment: kinds"
    assert window.doc.presentation.steps[5].annotations == ("proxy",)
    _select(qtbot, dock, 2)
    _click(dock, "up")  # the mechanisms before the stage they belong to
    assert _texts(dock)[1].endswith("Mesa optimizer: mechanisms (nothing new to see)")
    _select(qtbot, dock, 7)
    _select(qtbot, dock, 8, extend=True)
    _click(dock, "skip")
    assert _texts(dock)[7].startswith("–   ") and _texts(dock)[7].endswith("(skipped)")
    _select(qtbot, dock, 9)
    _click(dock, "merge")  # with the next
    assert len(_texts(dock)) == len(generated)
    custom = window.doc.presentation
    assert custom.steps is not None
    # Saved: the file keeps the order; opened again, the panel shows it.
    path = tmp_path / "talk.yaml"
    window.session.set_path(path)
    window.actions_by_name["save"].trigger()
    assert load(path).presentation == custom
    assert "presentation:" in path.read_text(encoding="utf-8")
    other = make_window(qtbot, load(path))
    assert _texts(_dock(other)) == _texts(dock)
    activate(qtbot, window)
    # Four edits, four undo steps, back to the generated order (and no section).
    stack = window.session.stack
    assert [stack.text(i) for i in range(stack.count())] == [
        "Split step",
        "Move step",
        "Skip steps",
        "Merge steps",
    ]
    for _ in range(4):
        _undo(window)
    assert window.doc.presentation == Presentation()
    assert len(_texts(dock)) == len(generated)
    window.actions_by_name["save"].trigger()
    assert "presentation:" not in path.read_text(encoding="utf-8")


def test_a_drop_reorders_and_reset_goes_back(qtbot, seed_doc) -> None:
    window = make_window(qtbot, seed_doc)
    dock = _dock(window)
    before = _texts(dock)
    _select(qtbot, dock, 0)
    target = dock.list.visualItemRect(dock.list.item(3)).center()
    data = dock.list.model().mimeData(dock.list.selectedIndexes())
    how = (
        Qt.DropAction.MoveAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    for kind in (QDragEnterEvent, QDragMoveEvent):
        event = kind(target, *how)
        QApplication.sendEvent(dock.list.viewport(), event)
        assert event.isAccepted()
    QApplication.sendEvent(dock.list.viewport(), QDropEvent(QPointF(target), *how))
    after = _texts(dock)
    assert after[3].endswith("Base optimizer")
    assert after[0] == "1.  Mesa optimizer" and len(after) == len(before)
    assert window.doc.presentation.steps is not None
    _click(dock, "reset")
    assert _texts(dock) == before and window.doc.presentation == Presentation()
    _undo(window)
    assert _texts(dock) == after


def test_options_change_the_steps(qtbot, seed_doc) -> None:
    window = make_window(qtbot, seed_doc)
    dock = _dock(window)
    combo = dock.options["annotations"]
    combo.setCurrentIndex(combo.findData("together"))
    combo.activated.emit(combo.currentIndex())  # as a choice in the list does
    assert window.doc.presentation.annotations == "together"
    assert "5.  Misalignment: kinds, interventions and notes" in _texts(dock)
    theme = dock.options["theme"]
    theme.setCurrentIndex(theme.findData("dark"))
    theme.activated.emit(theme.currentIndex())
    assert window.doc.presentation.theme == "dark"
    _undo(window)
    _undo(window)
    assert window.doc.presentation == Presentation()


def test_double_click_presents_from_that_step(qtbot, seed_doc) -> None:
    window = make_window(qtbot, seed_doc)
    dock = _dock(window)
    rect = dock.list.visualItemRect(dock.list.item(8))
    QTest.mouseClick(dock.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(dock.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    presenting = window.presenting
    assert presenting.active
    assert presenting.stepper.frame.title == "Deployment"
    QTest.keyClick(presenting.audience, Qt.Key.Key_Escape)
    assert not presenting.active


def test_the_panel_catches_up_when_it_is_seen_again(qtbot, seed_doc) -> None:
    window = make_window(qtbot, seed_doc)
    dock = _dock(window)
    count = dock.list.count()
    window.palette_dock.raise_()  # the Steps tab behind the Palette
    qtbot.waitUntil(lambda: dock.visibleRegion().isEmpty())
    window.session.run(RemoveNode("catastrophe"))
    qtbot.wait(200)
    assert dock.list.count() == count  # no work while nobody sees it
    dock.raise_()
    # Catastrophe, its caveats and the interventions of the link into it are gone.
    qtbot.waitUntil(lambda: dock.list.count() == count - 3)


def test_a_large_model_s_steps_are_made_on_a_worker_and_filled_in_slices(
    qtbot, seed_doc, monkeypatch
) -> None:
    """An edit elsewhere in a large model: the steps are made off the GUI thread, the list
    is brought up to date a slice per turn, and not while an analysis runs."""
    import threading

    from mesadiagram import gc_pause
    from mesadiagram.model.commands import SetNodeFields
    from mesadiagram.ui import steps_dock

    monkeypatch.setattr(steps_dock, "BACKGROUND_STAGES", 0)  # the seed counts as large
    monkeypatch.setattr(steps_dock, "ROWS_PER_TURN", 2)
    threads: list[str] = []
    real_rows = steps_dock.step_rows

    def rows(doc, steps):
        threads.append(threading.current_thread().name)
        return real_rows(doc, steps)

    monkeypatch.setattr(steps_dock, "step_rows", rows)
    window = make_window(qtbot, seed_doc)
    dock = _dock(window)
    qtbot.waitUntil(lambda: dock._seen)
    threads.clear()
    gc_pause.worker_started()  # an analysis runs: the list waits
    try:
        window.session.run(SetNodeFields("misalignment", "Rename", label="Inner misalignment"))
        qtbot.waitUntil(lambda: dock._filling is not None, timeout=5000)
        qtbot.wait(150)
        assert not any("Inner misalignment" in t for t in _texts(dock))
    finally:
        gc_pause.worker_ended()
    qtbot.waitUntil(lambda: any("Inner misalignment" in t for t in _texts(dock)), timeout=5000)
    qtbot.waitUntil(lambda: dock._filling is None)
    assert threads == ["steps"]
    titles = [step_title(window.session.doc, s) for s in steps_of(window.session.doc)]
    assert _texts(dock) == [f"{i + 1}.  {t}" for i, t in enumerate(titles)]
