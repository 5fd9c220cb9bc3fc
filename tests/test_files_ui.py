"""Files from the window: Save As, the modified marker, unsaved-changes questions, Revert,
Open Recent, dropping a file, and files with errors. Dialogs are replaced by their answers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QMessageBox

from mesadiagram.formats import dumps, load, save
from mesadiagram.model import Document, Node
from tests.ui_helpers import (  # noqa: F401  (*_fixture: pytest fixtures)
    add_stages,
    chain_doc,
    click,
    isolated_settings_fixture,
    key,
    keys,
    node_point,
    reported,
    snap,
    window_fixture,
)

Button = QMessageBox.StandardButton


class Answers(list):
    """Answers to give, in order; ``asked`` records the questions.

    With none left it says Discard, as the window is closed after the test.
    """

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def reply(self, *args, **kwargs):
        self.asked.append(args[2] if len(args) > 2 else "")
        return self.pop(0) if self else Button.Discard


@pytest.fixture
def answers(monkeypatch) -> Answers:
    """QMessageBox.warning and question take their answers from this list."""
    queue = Answers()
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(queue.reply))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(queue.reply))
    return queue


@pytest.fixture
def save_dialog(monkeypatch) -> list[str]:
    """QFileDialog.getSaveFileName returns the next name queued here."""
    names: list[str] = []

    def ask(*args, **kwargs):
        assert names, "unexpected Save As dialog"
        return names.pop(0), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(ask))
    return names


@pytest.fixture
def open_dialog(monkeypatch) -> list[str]:
    names: list[str] = []

    def ask(*args, **kwargs):
        assert names, "unexpected Open dialog"
        return names.pop(0), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(ask))
    return names


def modify(window) -> None:
    """A real edit: select the first stage by clicking it, nudge it with an arrow key."""
    click(window, node_point(window, window.doc.nodes[0].id))
    key(Qt.Key.Key_Right)


def saved_file(tmp_path: Path, name: str = "saved.yaml") -> Path:
    path = tmp_path / name
    save(chain_doc("Base optimizer", "Mesa optimizer"), path)
    return path


# -- saving and the modified marker --------------------------------------------------------
def test_save_as_writes_the_canonical_file_and_names_the_window(
    window, tmp_path, save_dialog
) -> None:
    add_stages(window, ("a", 0, 0), ("b", 300, 0))
    assert window.windowTitle().startswith("Untitled[*]")
    modify(window)
    assert window.isWindowModified()
    save_dialog.append(str(tmp_path / "threat"))  # no suffix given: .yaml is added
    keys("Ctrl+Shift+S")
    path = tmp_path / "threat.yaml"
    assert path.read_text(encoding="utf-8") == dumps(window.doc)
    assert load(path) == window.doc
    assert window.session.path == path
    assert window.windowTitle().startswith("threat.yaml[*]")
    assert not window.isWindowModified()
    assert window.session.stack.isClean()


def test_modified_marker_follows_the_undo_stack(window, tmp_path, save_dialog) -> None:
    add_stages(window, ("a", 0, 0))
    save_dialog.append(str(tmp_path / "m.yaml"))
    window.actions_by_name["save_as"].trigger()
    assert not window.isWindowModified()
    modify(window)
    assert window.isWindowModified()
    keys("Ctrl+Z")  # back to what is saved
    assert not window.isWindowModified()
    keys("Ctrl+Y")
    assert window.isWindowModified()
    keys("Ctrl+S")  # a path is known: no dialog
    assert not window.isWindowModified()
    assert load(tmp_path / "m.yaml") == window.doc


def test_a_failed_save_keeps_the_changes_and_the_marker(
    window, tmp_path, save_dialog, no_modal_dialogs
) -> None:
    add_stages(window, ("a", 0, 0))
    modify(window)
    target = tmp_path / "missing-folder" / "m.yaml"
    save_dialog.append(str(target))
    assert not window.files.save()
    # The user is shown why, in a warning naming the file.
    assert [kind for kind, _ in no_modal_dialogs] == ["warning"]
    assert f"“{target}” could not be written" in no_modal_dialogs[0][1]
    assert "could not be written" in reported(window)
    assert window.isWindowModified() and window.session.path is None


# -- unsaved changes -----------------------------------------------------------------------
def test_new_with_unsaved_changes_asks_and_cancel_keeps_the_document(window, answers) -> None:
    add_stages(window, ("a", 0, 0))
    modify(window)
    before = snap(window.doc)
    answers.append(Button.Cancel)
    keys("Ctrl+N")
    assert len(answers.asked) == 1 and "Save the changes" in answers.asked[0]
    assert window.doc.snapshot() == before
    assert window.isWindowModified()
    answers.append(Button.Discard)
    keys("Ctrl+N")
    assert window.doc.nodes == []
    assert not window.isWindowModified() and window.session.path is None


def test_new_with_unsaved_changes_can_save_them_first(
    window, answers, save_dialog, tmp_path
) -> None:
    add_stages(window, ("a", 0, 0))
    modify(window)
    expected = dumps(window.doc)
    answers.append(Button.Save)
    save_dialog.append(str(tmp_path / "kept.yaml"))
    window.actions_by_name["new"].trigger()
    assert (tmp_path / "kept.yaml").read_text(encoding="utf-8") == expected
    assert window.doc.nodes == [] and window.session.path is None


def test_save_cancelled_in_the_dialog_cancels_new(window, answers, save_dialog) -> None:
    add_stages(window, ("a", 0, 0))
    modify(window)
    before = snap(window.doc)
    answers.append(Button.Save)
    save_dialog.append("")  # the user closed the Save As dialog
    window.actions_by_name["new"].trigger()
    assert window.doc.snapshot() == before


def test_open_with_unsaved_changes_asks_first(window, answers, open_dialog, tmp_path) -> None:
    path = saved_file(tmp_path)
    add_stages(window, ("a", 0, 0))
    modify(window)
    before = snap(window.doc)
    answers.append(Button.Cancel)
    keys("Ctrl+O")  # cancelled before the Open dialog (none is queued)
    assert window.doc.snapshot() == before
    answers.append(Button.Discard)
    open_dialog.append(str(path))
    keys("Ctrl+O")
    assert window.doc == load(path)
    assert window.session.path == path
    assert window.windowTitle().startswith("saved.yaml[*]")
    assert not window.isWindowModified()


def test_closing_with_unsaved_changes_asks(window, answers) -> None:
    add_stages(window, ("a", 0, 0))
    modify(window)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # (qtbot closes it too)
    answers.append(Button.Cancel)
    assert not window.close()
    assert window.isVisible()
    answers.append(Button.Discard)
    assert window.close()


def test_revert_goes_back_to_the_saved_file(window, answers, tmp_path) -> None:
    path = saved_file(tmp_path)
    assert window.open_path(path)
    modify(window)
    answers.append(Button.No)
    window.actions_by_name["revert"].trigger()
    assert window.doc != load(path)
    answers.append(Button.Yes)
    window.actions_by_name["revert"].trigger()
    assert window.doc == load(path)
    assert not window.isWindowModified()
    window.actions_by_name["revert"].trigger()  # nothing to revert: nothing is asked
    assert len(answers.asked) == 2


# -- recent files, dropping, errors --------------------------------------------------------
def test_open_recent_lists_the_files_opened(window, tmp_path) -> None:
    first, second = saved_file(tmp_path, "first.yaml"), saved_file(tmp_path, "second.yaml")
    recent_menu = window.findChild(QMenu, "recentMenu")
    assert recent_menu is not None
    recent_menu.aboutToShow.emit()
    assert [a.text() for a in recent_menu.actions()] == ["(none)"]
    assert window.open_path(first)
    assert window.open_path(second)
    assert QSettings().value("recentFiles") == [str(second.resolve()), str(first.resolve())]
    recent_menu.aboutToShow.emit()
    entries = [a for a in recent_menu.actions() if not a.isSeparator()]
    assert [a.text() for a in entries] == [str(second), str(first), "Clear Menu"]
    entries[1].trigger()  # the older one
    assert window.session.path == first and window.doc == load(first)
    recent_menu.aboutToShow.emit()
    entries = [a for a in recent_menu.actions() if not a.isSeparator()]
    assert entries[0].text() == str(first)  # now the most recent
    entries[-1].trigger()
    recent_menu.aboutToShow.emit()
    assert [a.text() for a in recent_menu.actions()] == ["(none)"]


def drop_file(window, path: Path) -> bool:
    """Drag ``path`` over the canvas and drop it; True when the drop was accepted."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    target = window.view.viewport()
    point = target.rect().center()
    enter = QDragEnterEvent(
        point, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0)
    )
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(
        point, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0)
    )
    QApplication.sendEvent(target, drop)
    return drop.isAccepted()


def test_dropping_a_yaml_file_on_the_canvas_opens_it(window, tmp_path) -> None:
    path = saved_file(tmp_path)
    assert drop_file(window, path)
    assert window.session.path == path and window.doc == load(path)
    assert not drop_file(window, tmp_path / "picture.png")
    assert window.session.path == path


def test_a_file_with_errors_opens_nothing_and_says_where(window, open_dialog, tmp_path) -> None:
    add_stages(window, ("a", 0, 0))
    before = snap(window.doc)
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "mesadiagram: 1\nnodes:\n  - id: a\n    label: A\n  - id: a\n    label: again\n",
        encoding="utf-8",
    )
    open_dialog.append(str(bad))
    window.actions_by_name["open"].trigger()
    assert window.doc.snapshot() == before and window.session.path is None
    assert f"{bad}:5:" in reported(window)  # FILE:LINE:COL of the repeated id
    assert "duplicate" in reported(window).lower()
    window.test_reports.clear()
    drop_file(window, bad)
    assert window.session.path is None
    assert f"{bad}:5:" in reported(window)
    assert window.doc.snapshot() == before


def test_opening_places_stages_without_positions(window, tmp_path) -> None:
    path = tmp_path / "unplaced.yaml"
    doc = Document("Unplaced")
    doc.insert_node(Node("a", "A"))
    doc.insert_node(Node("b", "B"))
    path.write_text(dumps(doc), encoding="utf-8")
    assert window.open_path(path)
    assert all(n.position is not None for n in window.doc.nodes)
    assert not window.isWindowModified()  # placing is part of opening, not an edit
