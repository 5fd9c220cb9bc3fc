"""Autosave of modified documents and their recovery after a crash."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from mesadiagram.formats import load
from mesadiagram.model.commands import SetDocumentFields
from mesadiagram.ui import autosave, recovery
from mesadiagram.ui.main_window import MainWindow
from tests.conftest import EXAMPLE, ROOT
from tests.ui_helpers import activate, isolated_settings, key, snap  # noqa: F401

INTERVAL = 0.3


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_settings) -> Path:  # noqa: F811
    """Recovery files under ``tmp_path``, autosave every INTERVAL seconds, no close prompts."""
    target = tmp_path / "recovery"
    for module in (recovery, autosave):  # (autosave imports the name: finding and writing)
        monkeypatch.setattr(module, "recovery_dir", lambda: target)
    monkeypatch.setenv("MESADIAGRAM_AUTOSAVE_SECONDS", str(INTERVAL))
    return target


@pytest.fixture
def new_window(qtbot) -> Iterator[Callable[[], MainWindow]]:
    """Makes windows; those a test leaves open are closed without a prompt at its end.

    (Not qtbot.addWidget: the windows delete themselves when a test closes them.)
    """
    made: list[MainWindow] = []

    def make() -> MainWindow:
        made.append(MainWindow())
        return made[-1]

    yield make
    for window in made:
        if shiboken6.isValid(window) and window.isVisible():
            window.session.stack.setClean()
            window.close()


def open_copy(qtbot, tmp_path: Path, new_window) -> MainWindow:
    """A shown window on a copy of the example (so saving it harms nothing)."""
    path = tmp_path / "model.yaml"
    shutil.copy(EXAMPLE, path)
    window = new_window()
    assert window.open_path(path)
    window.show()
    qtbot.waitExposed(window)
    activate(qtbot, window)
    window.view.setFocus()
    return window


def nudge_first_stage(window: MainWindow) -> None:
    """A real edit: select a stage and press the Right arrow on the canvas."""
    window.scene.select([window.doc.nodes[0].id])
    key(Qt.Key.Key_Right)
    assert not window.session.stack.isClean()


def close_discarding(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: QMessageBox.StandardButton.Discard)
    assert window.close()


def test_modified_document_is_autosaved_after_the_interval(
    qtbot, new_window, tmp_path: Path, folder: Path, monkeypatch
) -> None:
    window = open_copy(qtbot, tmp_path, new_window)
    saver = window.autosaver
    assert saver.interval == INTERVAL
    edited = time.monotonic()
    nudge_first_stage(window)
    assert saver.files() == []  # not at once: at most once per interval
    qtbot.waitUntil(lambda: bool(saver.files()), timeout=5000)
    assert time.monotonic() - edited >= INTERVAL
    yaml_file, meta_file = saver.files()
    assert yaml_file.parent == folder  # the recovery folder, where the next start looks
    assert load(yaml_file) == window.doc
    meta = json.loads(meta_file.read_text())
    assert meta["pid"] == os.getpid()
    assert meta["original"] == str((tmp_path / "model.yaml").resolve())
    assert meta["title"] == window.doc.title

    # No rewrite while nothing changes; a further edit is written after another interval.
    written = yaml_file.stat().st_mtime_ns
    qtbot.wait(int(INTERVAL * 2500))
    assert yaml_file.stat().st_mtime_ns == written
    window.session.stack.run(SetDocumentFields(title="Second edit"))
    qtbot.waitUntil(lambda: load(yaml_file).title == "Second edit", timeout=5000)

    # Undoing back to the saved state: what is on disk is the document, the copy goes.
    window.session.stack.undo()
    window.session.stack.undo()
    assert window.session.stack.isClean()
    assert not yaml_file.exists() and not meta_file.exists()
    close_discarding(window, monkeypatch)


def test_clean_document_is_not_autosaved(qtbot, new_window, tmp_path: Path, folder: Path) -> None:
    window = open_copy(qtbot, tmp_path, new_window)
    qtbot.wait(int(INTERVAL * 3000))
    assert not window.autosaver.timer.isActive()
    assert not window.autosaver.write_now()
    assert not folder.exists() or list(folder.iterdir()) == []


def test_recovery_files_go_on_save(
    qtbot, new_window, tmp_path: Path, folder: Path, monkeypatch
) -> None:
    window = open_copy(qtbot, tmp_path, new_window)
    nudge_first_stage(window)
    assert window.autosaver.write_now()
    files = window.autosaver.files()
    assert all(f.exists() for f in files)
    target = tmp_path / "saved-as.yaml"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert window.files.save_as()
    assert not any(f.exists() for f in files)
    assert load(target) == window.doc
    assert window.close()  # clean now: no prompt


def test_recovery_files_go_on_close_and_stay_on_cancel(
    qtbot, new_window, tmp_path: Path, folder: Path, monkeypatch
) -> None:
    window = open_copy(qtbot, tmp_path, new_window)
    nudge_first_stage(window)
    assert window.autosaver.write_now()
    files = window.autosaver.files()
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert all(f.exists() for f in files)  # still open and modified: the copy stays
    close_discarding(window, monkeypatch)
    assert not any(f.exists() for f in files)


def test_recovery_files_go_when_the_document_is_replaced(
    qtbot, new_window, tmp_path: Path, folder: Path, monkeypatch
) -> None:
    window = open_copy(qtbot, tmp_path, new_window)
    nudge_first_stage(window)
    assert window.autosaver.write_now()
    files = window.autosaver.files()
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: QMessageBox.StandardButton.Discard)
    window.files.new()
    assert window.doc.nodes == []
    assert not any(f.exists() for f in files)
    assert window.close()


def dead_pid() -> int:
    """The pid of a process that has finished (and been reaped)."""
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    pid = int(proc.stdout)
    assert not recovery.process_alive(pid)
    return pid


def leave_crash_files(
    qtbot, new_window, tmp_path: Path, folder: Path, monkeypatch
) -> tuple[Path, object]:
    """Recovery files as a crashed process leaves them: written, owner dead.

    A real window writes them; copies with a dead owner's pid stay after it closes.
    """
    window = open_copy(qtbot, tmp_path, new_window)
    nudge_first_stage(window)
    window.session.stack.run(SetDocumentFields(title="Edited before the crash"))
    expected = snap(window.doc)
    assert window.autosaver.write_now()
    crashed = folder / "crashed"
    crashed.mkdir()
    for f in window.autosaver.files():
        shutil.copy(f, crashed / f.name)
    meta_file = next(crashed.glob("*.json"))
    meta = json.loads(meta_file.read_text())
    meta["pid"], meta["start"] = dead_pid(), None
    meta_file.write_text(json.dumps(meta))
    close_discarding(window, monkeypatch)
    return crashed, expected


def test_crash_leftovers_are_offered_and_recovered(
    qtbot, new_window, tmp_path: Path, folder: Path, monkeypatch
) -> None:
    crashed, expected = leave_crash_files(qtbot, new_window, tmp_path, folder, monkeypatch)
    asked = []

    def ask(entries, parent):
        asked.append([(e.name(), e.title, e.when()) for e in entries])
        return recovery.RECOVER

    windows = recovery.offer_recovery(new_window, crashed, ask)
    assert len(asked) == 1 and len(asked[0]) == 1
    name, title, when = asked[0][0]
    assert (name, title) == ("model.yaml", "Edited before the crash")
    assert when.startswith(time.strftime("%Y-"))
    assert list(crashed.iterdir()) == []  # the crash copy is consumed...

    [window] = windows
    assert window.doc.snapshot() == expected
    assert window.session.path == (tmp_path / "model.yaml").resolve()
    assert not window.session.stack.isClean() and window.isWindowModified()
    own = window.autosaver.files()
    assert own and load(own[0]) == window.doc  # ...and this window's own copy replaces it

    assert window.files.save()  # Save writes the original file
    assert load(tmp_path / "model.yaml").snapshot() == expected
    assert not any(f.exists() for f in own)
    assert window.close()


def test_later_keeps_and_discard_removes(
    qtbot, new_window, tmp_path: Path, folder: Path, monkeypatch
) -> None:
    crashed, _ = leave_crash_files(qtbot, new_window, tmp_path, folder, monkeypatch)
    never = lambda: pytest.fail("no window for Later or Discard")  # noqa: E731
    assert recovery.offer_recovery(never, crashed, lambda e, p: recovery.LATER) == []
    assert len(recovery.find_crashed(crashed)) == 1  # offered again next time
    assert recovery.offer_recovery(never, crashed, lambda e, p: recovery.DISCARD) == []
    assert list(crashed.iterdir()) == []
    assert recovery.find_crashed(crashed) == []


def test_live_owner_is_not_a_crash(tmp_path: Path) -> None:
    """Files of a running process are left alone, unless its pid was reused since."""
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        start = recovery.process_start(sleeper.pid)
        (tmp_path / "k.yaml").write_text("mesadiagram: 1\ntitle: t\n")
        meta = {"pid": sleeper.pid, "start": start, "saved_at": time.time(), "title": "t"}
        (tmp_path / "k.json").write_text(json.dumps(meta))
        assert recovery.find_crashed(tmp_path) == []
        if start is not None:  # Linux: a different start time means another process
            meta["start"] = str(int(start) + 1)
            (tmp_path / "k.json").write_text(json.dumps(meta))
            assert [e.key for e in recovery.find_crashed(tmp_path)] == ["k"]
    finally:
        sleeper.kill()
        sleeper.wait()
    meta["start"] = start
    (tmp_path / "k.json").write_text(json.dumps(meta))
    assert [e.key for e in recovery.find_crashed(tmp_path)] == ["k"]


def test_recovery_dialog_lists_files_with_their_time(
    qtbot, new_window, tmp_path: Path, folder: Path, monkeypatch
) -> None:
    crashed, _ = leave_crash_files(qtbot, new_window, tmp_path, folder, monkeypatch)
    entries = recovery.find_crashed(crashed)
    box = recovery.recovery_box(entries)
    qtbot.addWidget(box)
    text = box.text() + "\n" + box.informativeText()
    assert "Unsaved changes to 1 model were autosaved" in text
    assert "model.yaml" in text and "Edited before the crash" in text
    assert entries[0].when() in text
    assert str(entries[0].yaml_path) in box.detailedText()
    assert recovery.chosen(box) == recovery.LATER  # closed without a choice: ask again later
    answers = {}
    for button in box.buttons():
        if box.buttonRole(button) != QMessageBox.ButtonRole.ActionRole:  # not "Show Details"
            box.show()
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            answers[button.text()] = recovery.chosen(box)
    assert answers == {
        "Recover": recovery.RECOVER,
        "Discard": recovery.DISCARD,
        "Later": recovery.LATER,
    }
    assert box.defaultButton().text() == "Recover"
    assert box.escapeButton().text() == "Later"


CHILD = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from mesadiagram.model.commands import SetDocumentFields
    from mesadiagram.ui import app
    from mesadiagram.ui.main_window import WINDOWS
    from mesadiagram.ui.recovery import recovery_dir

    app.make_app()
    def edit():
        print(recovery_dir(), flush=True)
        WINDOWS[0].session.stack.run(SetDocumentFields(title="Changed before the kill"))
    QTimer.singleShot(200, edit)
    sys.exit(app.run_editor(sys.argv[1]))
    """
)


@pytest.mark.slow
def test_killed_process_is_recovered_at_next_start(
    qtbot, new_window, tmp_path: Path, folder: Path, monkeypatch
) -> None:
    """A real editor process autosaves, is killed, and its document comes back."""
    model = tmp_path / "model.yaml"
    shutil.copy(EXAMPLE, model)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MESADIAGRAM_AUTOSAVE_SECONDS="0.2")
    env.update(XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(model)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        child_folder = Path(child.stdout.readline().strip())
        assert str(child_folder).startswith(str(tmp_path / "data"))
        deadline = time.monotonic() + 20
        while not list(child_folder.glob("*.json")) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        child.kill()  # the crash: no close, no cleanup
        child.wait()
        child.stdout.close()
    assert list(child_folder.glob("*.json")), "the child never autosaved"

    [window] = recovery.offer_recovery(new_window, child_folder, lambda e, p: recovery.RECOVER)
    expected = load(EXAMPLE)
    expected.title = "Changed before the kill"
    assert window.doc == expected
    assert window.session.path == model.resolve()
    assert window.isWindowModified()
    close_discarding(window, monkeypatch)
    assert list(child_folder.iterdir()) == []
