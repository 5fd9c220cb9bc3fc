"""The window fits its screen: at 200 % scaling a 1920 × 1080 screen is 960 × 540, less
than the editor's first-run 1400 × 880. Run in a child process whose offscreen screen is
that laptop's (Qt reads screen and scaling once, when it starts)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import json
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

app = QApplication([])
app.setOrganizationName("mesadiagram-tests")
app.setApplicationName("window-size")
from mesadiagram.ui.main_window import MainWindow

def shown(window):
    window.show()
    app.processEvents()
    return window.frameGeometry().getRect()

first = MainWindow()
out = {"free": first.screen().availableGeometry().getRect(), "first": shown(first)}
out["first_size"] = [first.width(), first.height()]
first.resize(1400, 880)  # as if saved on a larger screen, or at 100 %
QSettings().setValue("geometry", first.saveGeometry())
out["restored"] = shown(MainWindow())
print(json.dumps(out))
"""


def run_child(tmp_path: Path, width: int, height: int, scale: str) -> dict:
    screen = tmp_path / "screen.json"
    screen.write_text(
        json.dumps({"screens": [{"name": "s", "x": 0, "y": 0, "width": width, "height": height,
                                 "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]})
    )
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=f"offscreen:configfile={screen}",
        QT_SCALE_FACTOR=scale,
        XDG_CONFIG_HOME=str(tmp_path / "config"),  # its settings, not the user's
        XDG_DATA_HOME=str(tmp_path / "data"),
    )
    done = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, cwd=ROOT, capture_output=True, text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def inside(rect: list[int], free: list[int]) -> bool:
    x, y, w, h = rect
    fx, fy, fw, fh = free
    return fx <= x and fy <= y and x + w <= fx + fw and y + h <= fy + fh


def test_first_and_restored_windows_fit_a_small_screen_at_double_scaling(tmp_path) -> None:
    found = run_child(tmp_path, 1920, 1080, "2")
    free = found["free"]
    assert free[2:] == [960, 540]
    for which in ("first", "restored"):
        rect = found[which]
        assert inside(rect, free), (which, rect, free)
        assert rect[2] > 0.9 * free[2] and rect[3] > 0.85 * free[3]  # and uses the room


def test_a_window_that_fits_keeps_its_size(tmp_path) -> None:
    found = run_child(tmp_path, 1920, 1080, "1")
    assert found["first_size"] == [1400, 880]
    assert inside(found["first"], found["free"])
