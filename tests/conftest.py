"""Test set-up: Qt runs offscreen unless a test asks for a real display."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt's offscreen screen is 800 × 800 unless told otherwise; windows shrink to fit their
# screen, so the tests get a desktop-sized one (the editor's window is 1400 × 880).
SCREEN = Path(__file__).resolve().parent / "data" / "offscreen_screen.json"
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREEN}"


@pytest.fixture(scope="session", autouse=True)
def _one_qapplication(qapp):
    """Make the QApplication before anything else: the headless export code makes a bare
    QGuiApplication when none exists, and widgets cannot be created after that."""
    return qapp


@pytest.fixture(name="settings_folder", autouse=True)
def _isolated_settings(tmp_path_factory, monkeypatch) -> Iterator[Path]:
    """Every test gets QSettings in a folder of its own and Qt's test paths (recovery
    copies, app data, file locks) under a home folder of its own: nothing a test does
    touches the user's configuration, recent files or recovery folder, nor another test's
    (test runs in parallel processes once shared ~/.qttest and its locks)."""
    from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths

    folder = tmp_path_factory.mktemp("settings")
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))  # Qt's test paths are under $HOME/.qttest
    app = QCoreApplication.instance()
    names = (app.organizationName(), app.applicationName())
    app.setOrganizationName("mesadiagram-tests")
    app.setApplicationName("mesadiagram-tests")
    old_format = QSettings.defaultFormat()
    # (Qt's default user folder for settings; there is no getter for the current one)
    default = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QStandardPaths.setTestModeEnabled(True)
    yield folder
    QStandardPaths.setTestModeEnabled(False)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, default)
    QSettings.setDefaultFormat(old_format)
    app.setOrganizationName(names[0])
    app.setApplicationName(names[1])


@pytest.fixture(scope="session", autouse=True)
def _release_clipboard_at_exit():
    """Copying puts a Python-made QMimeData on the clipboard; PySide6 segfaults at exit if
    it is still there (see mesadiagram.ui.app.release_clipboard)."""
    yield
    from mesadiagram.ui.app import release_clipboard

    release_clipboard()


ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "mesa_optimization.yaml"


@pytest.fixture
def example_path() -> Path:
    return EXAMPLE


@pytest.fixture
def seed_doc():
    from mesadiagram.formats import load

    return load(EXAMPLE)


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch):
    """A modal dialog in a test would wait forever: answer them and record what was asked.

    Tests that care about a dialog patch it again themselves (their patch wins).
    """
    try:
        from PySide6.QtWidgets import QMessageBox
    except ImportError:  # pragma: no cover - Qt missing: tests that need it fail elsewhere
        yield []
        return
    asked: list[tuple[str, str]] = []

    def answer(kind: str, reply):
        def dialog(_parent, title, text, *args, **kwargs):
            asked.append((kind, f"{title}: {text}"))
            return reply

        return dialog

    button = QMessageBox.StandardButton
    monkeypatch.setattr(QMessageBox, "warning", answer("warning", button.Discard))
    monkeypatch.setattr(QMessageBox, "question", answer("question", button.No))
    monkeypatch.setattr(QMessageBox, "critical", answer("critical", button.Ok))
    monkeypatch.setattr(QMessageBox, "information", answer("information", button.Ok))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: asked.append(("exec", self.text())) or 0)
    yield asked
