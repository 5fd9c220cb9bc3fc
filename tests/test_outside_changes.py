"""The open file changed by another program: the bar above the canvas (Reload, Compare,
Keep Mine), saving over an outside change, a deleted file, and Open of a FIFO.

Files are real files in ``tmp_path``; "another program" writes them in place or saves by
renaming a temporary file over them, as editors and sync tools do.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

from mesadiagram.formats import dumps, load, save
from mesadiagram.model import Annotation, Document, Edge, Node
from mesadiagram.model.commands import SetDocumentFields
from mesadiagram.model.diff import differences
from tests.ui_helpers import (  # noqa: F401  (*_fixture: pytest fixtures)
    chain_doc,
    isolated_settings_fixture,
    reported,
    snap,
    window_fixture,
)

SHOWN_WITHIN_MS = 2000


def outside_save(path: Path, doc: Document) -> None:
    """Another program saves ``doc`` by renaming a temporary file over ``path``."""
    tmp = path.with_name(f".{path.name}.other-program")
    tmp.write_text(dumps(doc), encoding="utf-8")
    os.replace(tmp, path)


def bar(window) -> QWidget:
    found = window.findChild(QWidget, "outsideChangeBar")
    assert found is not None
    return found


def button(window, name: str) -> QPushButton:
    found = bar(window).findChild(QPushButton, name)
    assert found is not None
    return found


def shown_buttons(window) -> list[str]:
    return [b.text() for b in bar(window).findChildren(QPushButton) if b.isVisibleTo(bar(window))]


def wait_for_bar(qtbot, window) -> float:
    """Wait until the bar shows; how long it took, in seconds."""
    start = time.monotonic()
    qtbot.waitUntil(lambda: bar(window).isVisible(), timeout=SHOWN_WITHIN_MS)
    return time.monotonic() - start


def stays_hidden(qtbot, window, ms: int = 600) -> bool:
    qtbot.wait(ms)
    return not bar(window).isVisible()


@pytest.fixture
def opened(window, tmp_path: Path):
    """The window on a saved two-stage model; returns (window, path)."""
    path = tmp_path / "model.yaml"
    save(chain_doc("Base optimizer", "Mesa optimizer"), path)
    assert window.open_path(path)
    return window, path


def theirs_from(path: Path) -> Document:
    """The model on disk with the changes another person made."""
    doc = load(path)
    doc.update_node("s0", label="Base optimiser")
    doc.insert_node(Node("s2", "Misalignment", position=(520.0, 0.0)))
    doc.insert_edge(Edge("s1", "s2"))
    return doc


def click_overwrite_choice(monkeypatch, text: str, asked: list[str]) -> None:
    """The save-over question answers by clicking the button labelled ``text``."""

    def exec_(box: QMessageBox) -> int:
        asked.append(box.text())
        [chosen] = [b for b in box.buttons() if b.text() == text]
        chosen.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)


# -- the bar ---------------------------------------------------------------------------------
def test_an_outside_rename_save_shows_the_bar_within_two_seconds(qtbot, opened) -> None:
    window, path = opened
    assert not bar(window).isVisible()
    outside_save(path, theirs_from(path))
    assert wait_for_bar(qtbot, window) < 2.0
    assert shown_buttons(window) == ["Reload", "Compare", "Keep Mine"]
    text = bar(window).findChild(QWidget, "outsideChangeText").text()
    assert "model.yaml" in text and "changed on disk" in text
    # Keep Mine, then another rename-save: the watch was re-armed on the new file.
    button(window, "keepMineButton").click()
    assert not bar(window).isVisible()
    again = load(path)
    again.title = "Changed twice"
    outside_save(path, again)
    wait_for_bar(qtbot, window)


def test_an_outside_write_in_place_shows_the_bar(qtbot, opened) -> None:
    window, path = opened
    path.write_text(dumps(theirs_from(path)), encoding="utf-8")
    wait_for_bar(qtbot, window)


def test_touching_the_file_without_changing_it_shows_nothing(qtbot, opened) -> None:
    window, path = opened
    path.write_bytes(path.read_bytes())
    os.utime(path, (time.time() + 5, time.time() + 5))
    assert stays_hidden(qtbot, window)


def test_own_saves_do_not_show_the_bar(qtbot, opened) -> None:
    window, path = opened
    for title in ("First edit", "Second edit"):
        window.session.run(SetDocumentFields(title=title))
        assert window.files.save()
        assert stays_hidden(qtbot, window, 400)
        assert load(path).title == title
    outside_save(path, theirs_from(path))  # still watched after two rename-saves of ours
    wait_for_bar(qtbot, window)


def test_reload_of_an_unmodified_document_asks_nothing(qtbot, opened, no_modal_dialogs) -> None:
    window, path = opened
    theirs = theirs_from(path)
    outside_save(path, theirs)
    wait_for_bar(qtbot, window)
    assert button(window, "reloadButton").text() == "Reload"
    button(window, "reloadButton").click()
    assert no_modal_dialogs == []
    assert window.doc == load(path) and window.doc.node("s0").label == "Base optimiser"
    assert not window.isWindowModified() and not bar(window).isVisible()
    assert stays_hidden(qtbot, window, 300)


def test_reload_of_a_modified_document_says_it_discards_mine(
    qtbot, opened, no_modal_dialogs
) -> None:
    window, path = opened
    window.session.run(SetDocumentFields(title="Mine"))
    outside_save(path, theirs_from(path))
    wait_for_bar(qtbot, window)
    assert "discard" in button(window, "reloadButton").text().lower()
    assert (
        "discards your unsaved changes"
        in bar(window).findChild(QWidget, "outsideChangeText").text()
    )
    button(window, "reloadButton").click()
    assert no_modal_dialogs == []
    assert window.doc == load(path) and window.doc.title != "Mine"
    assert not window.isWindowModified()


def test_compare_lists_what_differs_by_id_and_label(qtbot, opened) -> None:
    window, path = opened
    theirs = load(path)
    theirs.update_node("s0", label="Base optimiser")
    theirs.insert_node(Node("s2", "Misalignment"))
    theirs.remove_node("s1")
    outside_save(path, theirs)
    wait_for_bar(qtbot, window)
    button(window, "compareButton").click()
    details = bar(window).findChild(QWidget, "outsideChangeDetails")
    assert details.isVisible()
    lines = details.text().splitlines()
    assert "• Stage “Base optimizer” (s0): label differs" in lines
    assert "• Stage “Misalignment” (s2): only on disk" in lines
    assert "• Stage “Mesa optimizer” (s1): only here" in lines
    assert window.doc.node("s0").label == "Base optimizer"  # comparing changes nothing
    button(window, "compareButton").click()
    assert not details.isVisible()


def test_keep_mine_then_save_overwrites_knowingly(qtbot, opened, no_modal_dialogs) -> None:
    window, path = opened
    window.session.run(SetDocumentFields(title="Mine"))
    outside_save(path, theirs_from(path))
    wait_for_bar(qtbot, window)
    button(window, "keepMineButton").click()
    assert not bar(window).isVisible()
    assert window.files.save()
    assert no_modal_dialogs == []  # the version kept over was seen: no question
    assert load(path) == window.doc and load(path).title == "Mine"
    assert stays_hidden(qtbot, window, 300)


# -- saving over an outside change -----------------------------------------------------------
def test_saving_over_an_outside_change_asks_first(
    qtbot, opened, no_modal_dialogs, monkeypatch
) -> None:
    window, path = opened
    window.session.run(SetDocumentFields(title="Mine"))
    outside_save(path, theirs_from(path))
    theirs_text = path.read_text(encoding="utf-8")
    # Not answered (the dialog closed): nothing is written.
    assert not window.files.save()
    [(kind, text)] = no_modal_dialogs
    assert kind == "exec" and "changed by another program" in text
    assert path.read_text(encoding="utf-8") == theirs_text
    assert window.isWindowModified()
    # Cancel: the same.
    asked: list[str] = []
    click_overwrite_choice(monkeypatch, "Cancel", asked)
    assert not window.files.save() and path.read_text(encoding="utf-8") == theirs_text
    # Save As…: the other version stays, mine goes to another file.
    click_overwrite_choice(monkeypatch, "Save As…", asked)
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *a, **k: (str(path.with_name("mine.yaml")), "")),
    )
    assert window.files.save()
    assert path.read_text(encoding="utf-8") == theirs_text
    assert load(path.with_name("mine.yaml")).title == "Mine"
    assert window.session.path == path.with_name("mine.yaml")
    assert len(asked) == 2


def test_overwrite_replaces_the_outside_version(qtbot, opened, monkeypatch) -> None:
    window, path = opened
    window.session.run(SetDocumentFields(title="Mine"))
    outside_save(path, theirs_from(path))
    wait_for_bar(qtbot, window)
    asked: list[str] = []
    click_overwrite_choice(monkeypatch, "Overwrite", asked)
    assert window.files.save()
    assert len(asked) == 1
    assert load(path) == window.doc
    qtbot.waitUntil(lambda: not bar(window).isVisible(), timeout=SHOWN_WITHIN_MS)


# -- a deleted or moved file -----------------------------------------------------------------
@pytest.mark.parametrize("how", ["delete", "move"])
def test_a_deleted_or_moved_file_is_reported_and_save_recreates_it(
    qtbot, opened, no_modal_dialogs, how
) -> None:
    window, path = opened
    if how == "delete":
        path.unlink()
    else:
        path.rename(path.with_name("elsewhere.yaml"))
    wait_for_bar(qtbot, window)
    text = bar(window).findChild(QWidget, "outsideChangeText").text()
    assert "deleted or moved" in text and "Save recreates it" in text
    assert shown_buttons(window) == ["Save", "Dismiss"]
    button(window, "saveButton").click()
    assert no_modal_dialogs == []
    assert path.exists() and load(path) == window.doc
    qtbot.waitUntil(lambda: not bar(window).isVisible(), timeout=SHOWN_WITHIN_MS)
    assert stays_hidden(qtbot, window, 300)


def test_a_file_that_comes_back_hides_the_deleted_notice(qtbot, opened) -> None:
    window, path = opened
    saved = path.read_bytes()
    path.unlink()
    wait_for_bar(qtbot, window)
    path.write_bytes(saved)  # restored as it was: nothing to tell any more
    qtbot.waitUntil(lambda: not bar(window).isVisible(), timeout=SHOWN_WITHIN_MS)


def test_opening_another_file_or_new_hides_the_bar(qtbot, opened, tmp_path) -> None:
    window, path = opened
    outside_save(path, theirs_from(path))
    wait_for_bar(qtbot, window)
    window.files.new()
    assert not bar(window).isVisible()
    outside_save(path, chain_doc("Third version"))
    assert stays_hidden(qtbot, window)  # no longer watched


# -- opening what is not a file --------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_file_open_of_a_fifo_is_refused_at_once(window, tmp_path, monkeypatch) -> None:
    window.session.replace_document(chain_doc("Kept"), None)
    before = snap(window.doc)
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(fifo), ""))
    )
    start = time.monotonic()
    window.actions_by_name["open"].trigger()
    assert time.monotonic() - start < 1.0
    assert "named pipe" in reported(window) and "pipe.yaml" in reported(window)
    assert window.doc.snapshot() == before and window.session.path is None


def test_file_open_of_a_folder_is_refused(window, tmp_path) -> None:
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    assert not window.open_path(folder)
    assert "directory" in reported(window)


# -- differences, without Qt -----------------------------------------------------------------
def test_differences_name_elements_by_id_and_label() -> None:
    mine = chain_doc("A", "B", "C")
    mine.insert_edge(Edge("s0", "s1"))
    mine.set_annotations("s0", [Annotation("caveat", "Not always", id="c1")])
    theirs = chain_doc("A", "B renamed", "C")
    theirs.remove_node("s2")
    theirs.insert_node(Node("s9", "New"))
    theirs.insert_edge(Edge("s0", "s1", label="because"))
    theirs.insert_edge(Edge("s1", "s9"))
    theirs.set_annotations("s1", [Annotation("caveat", "Not always", id="c1")])
    theirs.title = "Other title"
    lines = differences(mine, theirs)
    assert lines == [
        "Document: title differs",
        "Stage “New” (s9): only on disk",
        "Stage “B” (s1): label differs",
        "Stage “C” (s2): only here",
        "Link s1 → s9 (s1->s9): only on disk",
        "Link s0 → s1 (s0->s1): label differs",
        "Annotation caveat “Not always” on s0 (c1): owner differs",
    ]
    assert differences(mine, mine) == []
    many = Document("x")
    for i in range(30):
        many.insert_node(Node(f"n{i}", f"N{i}"))
    short = differences(Document("x"), many, limit=5)
    assert len(short) == 5 and short[-1] == "… and 26 more differences"
