"""docs/editor.md's shortcut table is the menus' own, and Help shows the same rows.

The table is made by ``scripts/shortcut_table.py`` on Linux's bindings (Qt's xcb platform,
in Xvfb); the test runs it the same way and compares, so a menu command, a name or a key
changed in ``ui/actions.py`` without the doc fails here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile

import pytest
from PySide6.QtWidgets import QMenu

from mesadiagram.ui.shortcuts import ShortcutsDialog, shortcut_rows
from tests.conftest import ROOT
from tests.ui_helpers import make_window

sys.path.insert(0, str(ROOT / "scripts"))
from editor_png import start_xvfb

DOC = ROOT / "docs" / "editor.md"


def _doc_table() -> str:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Keyboard shortcuts", 1)[1]
    match = re.search(r"^\| Menu \| Command \| Keys \|\n(?:\|.*\|\n)+", section, re.M)
    assert match, "docs/editor.md has no shortcut table"
    return match.group(0).strip()


@pytest.mark.xvfb
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")
def test_the_doc_table_is_the_menus_table() -> None:
    proc, display = start_xvfb("1200x800")
    try:
        with tempfile.TemporaryDirectory() as home:
            env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "HOME": home}
            env["XDG_CONFIG_HOME"] = env["XDG_DATA_HOME"] = home
            result = subprocess.run(
                [sys.executable, str(ROOT / "scripts" / "shortcut_table.py")],
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )
    finally:
        proc.terminate()
        proc.wait()
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == _doc_table()


def test_help_shows_every_menu_shortcut(qtbot) -> None:
    window = make_window(qtbot)
    help_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Help"
    )
    assert isinstance(help_menu, QMenu)
    texts = [a.text().replace("&", "") for a in help_menu.actions()]
    assert "Keyboard Shortcuts" in texts
    dialog = ShortcutsDialog(window.menuBar(), window)
    qtbot.addWidget(dialog)
    rows = shortcut_rows(window.menuBar())
    assert dialog.table.rowCount() == len(rows) > 20
    shown = [tuple(dialog.table.item(r, c).text() for c in range(3)) for r in range(len(rows))]
    assert shown == rows
    assert ("Edit", "Duplicate", "Ctrl+D") in rows
