"""Render the pictures of docs/presenting.md from the seed example, as a user sees them.

    python scripts/presenting_png.py [--out docs/images]

Runs on an X display: the current one, or a private Xvfb of 1920 x 1080 started here.
Writes ``presenting-step.png`` (the room's screen at the kinds of Misalignment, scaled to
1280 x 720), ``presenter-view.png`` (the speaker's window at the same step) and
``steps-panel.png`` (the editor with the Steps panel). Settings are temporary.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

CHILD = """
import sys
from pathlib import Path
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from mesadiagram.ui.app import make_app
from mesadiagram.ui.main_window import MainWindow

out, model = Path(sys.argv[1]), sys.argv[2]
app = make_app()
window = MainWindow()
window.resize(1400, 880)
window.show()
window.open_path(model)
QTest.qWaitForWindowExposed(window)
QTest.qWait(800)
dock = window.steps_dock
dock.raise_()
dock.list.setCurrentRow(5)
QTest.qWait(300)
window.grab().save(str(out / "steps-panel.png"))
window.activateWindow()
QTest.qWaitForWindowActive(window, 3000)
window.view.setFocus()
QTest.keyClick(window.view, Qt.Key.Key_F5)
presenting = window.presenting
for _ in range(5):
    QTest.keyClick(presenting.audience, Qt.Key.Key_Right)
    QTest.qWait(350)
QTest.qWait(500)
screen = QGuiApplication.primaryScreen().grabWindow(0)
screen.scaledToWidth(1280, Qt.TransformationMode.SmoothTransformation).save(
    str(out / "presenting-step.png")
)
QTest.keyClick(presenting.audience, Qt.Key.Key_P)
presenting.presenter.resize(1100, 700)
QTest.qWait(900)
presenting.presenter.grab().save(str(out / "presenter-view.png"))
QTest.keyClick(presenting.audience, Qt.Key.Key_Escape)
window.session.stack.setClean()
print("saved", flush=True)
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--model", type=Path, default=ROOT / "examples" / "mesa_optimization.yaml")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    from editor_png import start_xvfb

    own = os.environ.get("DISPLAY")
    xvfb, display = (None, own) if own else start_xvfb("1920x1080")
    try:
        with tempfile.TemporaryDirectory() as home:
            env = {
                **os.environ,
                "DISPLAY": display,
                "QT_QPA_PLATFORM": "xcb",
                "HOME": home,
                "XDG_CONFIG_HOME": f"{home}/config",
                "XDG_DATA_HOME": f"{home}/data",
                "XDG_CACHE_HOME": f"{home}/cache",
            }
            result = subprocess.run(
                [sys.executable, "-c", CHILD, str(args.out), str(args.model)],
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait()
    print(result.stdout.strip() or result.stderr[-2000:])
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
