"""Unhandled exceptions are logged, autosaved for, shown in a dialog, and do not end the app."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from mesadiagram.formats import loads
from mesadiagram.model.commands import SetDocumentFields
from mesadiagram.ui import crash, recovery
from mesadiagram.ui.main_window import MainWindow
from tests.conftest import ROOT

pytestmark = pytest.mark.qt_no_exception_capture  # the hook under test must see them


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, str]]:
    """Error dialogs that would have been shown (their texts), instead of blocking."""
    shown: list[dict[str, str]] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(
            {
                "title": box.windowTitle(),
                "text": box.text(),
                "info": box.informativeText(),
                "details": box.detailedText(),
            }
        )
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


@pytest.fixture
def handler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[crash.CrashHandler]:
    monkeypatch.setattr(recovery, "recovery_dir", lambda: tmp_path / "recovery")
    installed = crash.install(tmp_path / "logs")
    yield installed
    installed.uninstall()


@pytest.fixture
def modified_window(qtbot, handler) -> Iterator[MainWindow]:
    window = MainWindow()
    window.show()
    window.session.stack.run(SetDocumentFields(title="Unsaved work"))
    yield window
    if shiboken6.isValid(window):
        window.session.stack.setClean()
        window.close()


def boom() -> None:
    raise ValueError("the slot broke")


def test_exception_in_a_slot_is_logged_shown_and_autosaved(
    qtbot, handler, modified_window: MainWindow, dialogs
) -> None:
    assert modified_window.autosaver.files() == []  # the 60 s interval is far off
    QTimer.singleShot(0, boom)
    qtbot.waitUntil(lambda: len(dialogs) == 1, timeout=3000)

    log = handler.log_path.read_text(encoding="utf-8")
    assert "unhandled exception" in log
    assert "ValueError: the slot broke" in log and "in boom" in log
    assert dialogs[0]["title"] == "Unexpected error"
    assert "ValueError: the slot broke" in dialogs[0]["text"]
    assert "Traceback" in dialogs[0]["details"] and "in boom" in dialogs[0]["details"]
    assert "autosaved" in dialogs[0]["info"] and str(handler.log_path) in dialogs[0]["info"]

    yaml_file, _ = modified_window.autosaver.files()  # written at once, for recovery
    assert loads(yaml_file.read_text(encoding="utf-8")).title == "Unsaved work"

    # Still running: windows open, events delivered, errors still handled. The same error
    # again (think of a failing paint handler) is logged, not shown again; a new one is.
    ticked = []
    QTimer.singleShot(0, boom)
    QTimer.singleShot(0, lambda: ticked.append(True))
    qtbot.waitUntil(lambda: ticked == [True], timeout=2000)
    assert modified_window.isVisible() and QApplication.instance() is not None
    assert handler.log_path.read_text(encoding="utf-8").count("ValueError: the slot broke") == 2
    assert len(dialogs) == 1
    QTimer.singleShot(0, lambda: 1 / 0)
    qtbot.waitUntil(lambda: len(dialogs) == 2, timeout=3000)
    assert "ZeroDivisionError" in dialogs[1]["text"]


def test_exception_in_a_thread_is_shown_on_the_gui_thread(qtbot, handler, dialogs) -> None:
    def work() -> None:
        raise RuntimeError("worker failed")

    thread = threading.Thread(target=work, name="worker")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(dialogs) == 1, timeout=3000)
    assert "RuntimeError: worker failed" in dialogs[0]["text"]
    assert "autosaved" not in dialogs[0]["info"]  # nothing was modified
    assert "in thread worker" in handler.log_path.read_text(encoding="utf-8")


def test_an_error_while_the_dialog_is_open_is_only_logged(
    qtbot, handler, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box.text())
        if len(shown) == 1:  # a second failure while the first dialog is up
            handler.handle(KeyError, KeyError("second"), None)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    handler.handle(ValueError, ValueError("first"), None)
    assert len(shown) == 1 and "first" in shown[0]
    assert "KeyError: 'second'" in handler.log_path.read_text(encoding="utf-8")
    handler.handle(ValueError, ValueError("third"), None)  # the dialog is closed again
    assert len(shown) == 2 and "third" in shown[1]


def test_log_is_rotated(qtbot, tmp_path: Path, monkeypatch, dialogs) -> None:
    monkeypatch.setattr(crash, "LOG_MAX_BYTES", 2000)
    installed = crash.install(tmp_path / "logs")
    try:
        for i in range(40):
            installed.handle(ValueError, ValueError(f"error {i} " + "x" * 200), None)
    finally:
        installed.uninstall()
    logs = sorted(p.name for p in (tmp_path / "logs").glob("mesadiagram.log*"))
    assert logs == ["mesadiagram.log", "mesadiagram.log.1", "mesadiagram.log.2"]
    assert all(p.stat().st_size <= 2500 for p in (tmp_path / "logs").glob("mesadiagram.log*"))
    assert "error 39" in (tmp_path / "logs" / "mesadiagram.log").read_text(encoding="utf-8")


def test_without_a_qapplication_the_report_goes_to_stderr(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from mesadiagram.ui import crash
        crash.install(Path({str(tmp_path)!r}))
        raise ValueError("no app yet")
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert "ValueError: no app yet" in proc.stderr
    assert "Traceback" in proc.stderr
    assert "ValueError: no app yet" in (tmp_path / "mesadiagram.log").read_text(encoding="utf-8")
