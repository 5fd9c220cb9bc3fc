"""A file open in another window or process: the second opener is asked; locks go on
close and on opening another document; a killed process's lock is stale. Also recovery
entries owned by lock files (``recovery.claim_entry``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QMessageBox, QWidget

from mesadiagram.formats import NotRegularFileError, dumps, load, save
from mesadiagram.model.commands import SetDocumentFields
from mesadiagram.ui import file_lock, recovery
from mesadiagram.ui.main_window import MainWindow
from tests.ui_helpers import (  # noqa: F401  (*_fixture: pytest fixtures)
    chain_doc,
    isolated_settings_fixture,
    record_reports,
)

ROOT = Path(__file__).resolve().parent.parent
Button = QMessageBox.StandardButton


@pytest.fixture
def lock_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_settings) -> Path:
    target = tmp_path / "locks"
    monkeypatch.setattr(file_lock, "lock_dir", lambda: target)
    return target


@pytest.fixture
def windows(qtbot, lock_folder) -> Iterator[list[MainWindow]]:
    """Windows made by ``new(windows)``; those left open are closed without prompts."""
    made: list[MainWindow] = []
    yield made
    for window in made:
        if shiboken6.isValid(window) and window.isVisible():
            window.session.stack.setClean()
            window.close()


def new(made: list[MainWindow]) -> MainWindow:
    window = record_reports(MainWindow())
    window.show()
    made.append(window)
    return window


@pytest.fixture
def model(tmp_path: Path) -> Path:
    path = tmp_path / "model.yaml"
    save(chain_doc("Base optimizer", "Mesa optimizer"), path)
    return path


class Questions(list):
    """The texts QMessageBox.question was asked; it answers from ``answers`` (else Cancel)."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[object] = []

    def ask(self, _parent, _title, text, *args, **kwargs):
        self.append(text)
        return self.answers.pop(0) if self.answers else Button.Cancel


@pytest.fixture
def questions(monkeypatch) -> Questions:
    asked = Questions()
    monkeypatch.setattr(QMessageBox, "question", staticmethod(asked.ask))
    return asked


def test_a_second_window_opening_the_same_file_is_told(windows, model, questions) -> None:
    first, second = new(windows), new(windows)
    assert first.open_path(model)
    assert questions == []
    second.session.replace_document(chain_doc("Second's own"), None)
    # Cancel: the second window keeps its document.
    assert not second.open_path(model)
    assert len(questions) == 1
    assert "“model.yaml” is already open in another window" in questions[0]
    assert second.doc.title == "Test model" and second.session.path is None
    # Open anyway: both show it; the first keeps the lock.
    questions.answers.append(Button.Open)
    assert second.open_path(model)
    assert second.session.path == model and second.doc == load(model)
    assert first.files.lock.holds(model) and not second.files.lock.holds(model)
    # Revert in either window asks nothing about the lock.
    questions.clear()
    first.files.open(model, ask=False)
    assert questions == []


def test_a_save_from_one_window_shows_the_bar_in_the_other(qtbot, windows, model, questions):
    first, second = new(windows), new(windows)
    assert first.open_path(model)
    questions.answers.append(Button.Open)
    assert second.open_path(model)
    first.session.run(SetDocumentFields(title="Saved by the first"))
    assert first.files.save()
    bar = second.findChild(QWidget, "outsideChangeBar")
    qtbot.waitUntil(bar.isVisible, timeout=2000)
    assert not first.findChild(QWidget, "outsideChangeBar").isVisible()


def test_the_lock_goes_when_the_window_closes(windows, model, questions) -> None:
    first, second = new(windows), new(windows)
    assert first.open_path(model)
    assert first.close()
    assert second.open_path(model)
    assert questions == []
    assert second.files.lock.holds(model)


def test_the_lock_goes_when_the_window_opens_another_document(
    windows, model, tmp_path, questions
) -> None:
    other = tmp_path / "other.yaml"
    save(chain_doc("Other"), other)
    first, second = new(windows), new(windows)
    assert first.open_path(model)
    assert first.open_path(other)
    assert second.open_path(model)
    first.files.new()
    assert first.files.lock.locked_path is None
    assert second.open_path(other)
    assert questions == []


def test_a_lock_file_is_kept_out_of_the_models_folder(windows, model, lock_folder) -> None:
    window = new(windows)
    assert window.open_path(model)
    assert sorted(p.name for p in model.parent.iterdir() if p.suffix == ".lock") == []
    assert [p.name for p in lock_folder.iterdir()] == [file_lock.lock_name(model)]


HOLD = textwrap.dedent(
    """
    import sys, time
    from PySide6.QtCore import QLockFile
    lock = QLockFile(sys.argv[1])
    lock.setStaleLockTime(0)
    print("locked" if lock.tryLock(0) else "busy", flush=True)
    time.sleep(60)
    """
)


def hold_in_child(lock_path: Path) -> subprocess.Popen:
    """Another process that takes ``lock_path`` and keeps it until killed."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(lock_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout.readline().strip() == "locked"
    return child


def kill(child: subprocess.Popen) -> None:
    """SIGKILL: no clean-up in the child; then reaped, as its parent would."""
    child.kill()
    child.wait()
    child.stdout.close()


def test_another_process_is_named_and_its_killed_lock_is_stale(
    windows, model, lock_folder, questions
) -> None:
    child = hold_in_child(lock_folder / file_lock.lock_name(model))
    try:
        window = new(windows)
        assert not window.open_path(model)
        assert f"in another mesadiagram process (pid {child.pid})" in questions[0]
    finally:
        kill(child)
    start = time.monotonic()
    assert window.open_path(model)  # the crashed owner's lock is stale: no question
    assert time.monotonic() - start < 1.0
    assert len(questions) == 1
    assert window.files.lock.holds(model)
    holder = QLockFile(str(lock_folder / file_lock.lock_name(model)))
    assert not holder.tryLock(0)
    assert holder.getLockInfo()[0] == os.getpid()


def test_an_unwritable_lock_folder_still_opens(windows, model, monkeypatch, tmp_path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(file_lock, "lock_dir", lambda: blocked / "locks")
    window = new(windows)
    assert window.open_path(model)
    assert window.files.lock.locked_path is None


# -- recovery entries owned by lock files ----------------------------------------------------
def write_entry(folder: Path, key: str, pid: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{key}.yaml").write_text(dumps(chain_doc("Recovered")), encoding="utf-8")
    meta = {"pid": pid, "start": None, "saved_at": time.time(), "title": "t", "host": ""}
    (folder / f"{key}.json").write_text(json.dumps(meta))


def dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)  # fmt: skip
    return int(proc.stdout)


def test_a_claimed_entry_belongs_to_its_live_owner(tmp_path: Path) -> None:
    folder = tmp_path / "recovery"
    lock = recovery.claim_entry(folder, "k")
    assert lock is not None and lock.isLocked()
    assert recovery.claim_entry(folder, "k") is None  # taken
    write_entry(folder, "k", dead_pid())  # the sidecar's pid alone would say "crashed"
    assert recovery.find_crashed(folder) == []
    lock.unlock()
    assert [e.key for e in recovery.find_crashed(folder)] == ["k"]


def test_an_entry_whose_owner_was_killed_is_offered(tmp_path: Path) -> None:
    folder = tmp_path / "recovery"
    child = hold_in_child(folder / "k.lock")
    write_entry(folder, "k", os.getpid())  # the sidecar's pid alone would say "alive"
    try:
        assert recovery.find_crashed(folder) == []
    finally:
        kill(child)
    [entry] = recovery.find_crashed(folder)
    assert entry.key == "k" and entry.load().title == "Test model"
    entry.remove()
    assert list(folder.iterdir()) == []


def test_a_stale_lock_without_an_entry_is_cleaned_up(tmp_path: Path) -> None:
    folder = tmp_path / "recovery"
    child = hold_in_child(folder / "early.lock")  # crashed before its first autosave
    kill(child)
    assert recovery.find_crashed(folder) == []
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_recovery_copy_that_is_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "recovery"
    write_entry(folder, "k", dead_pid())
    (folder / "k.yaml").unlink()
    os.mkfifo(folder / "k.yaml")
    [entry] = recovery.find_crashed(folder)
    start = time.monotonic()
    with pytest.raises(NotRegularFileError):
        entry.load()
    assert time.monotonic() - start < 1.0
