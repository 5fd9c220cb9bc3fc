"""Run in a real X display by ``test_present_real_display.py``: open the seed in the
editor, press F5 and Right five times (the kinds of Misalignment), then save what the
screen shows and print the audience window's geometry and the step shown.

    python tests/present_shot.py OUT.png [MODEL]
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mesadiagram.ui.app import make_app  # noqa: E402
from mesadiagram.ui.main_window import MainWindow  # noqa: E402


def main() -> int:
    out = sys.argv[1]
    model = sys.argv[2] if len(sys.argv) > 2 else str(ROOT / "examples" / "mesa_optimization.yaml")
    app = make_app()
    window = MainWindow()
    window.show()
    window.open_path(model)

    def present() -> None:
        window.activateWindow()  # (no window manager gives it the keyboard)
        QTest.qWaitForWindowActive(window, 3000)
        window.view.setFocus()
        QTest.keyClick(window.view, Qt.Key.Key_F5)
        if window.presenting.audience is None:
            print("F5 did not start presenting", flush=True)
            app.exit(3)
            return
        QTimer.singleShot(800, steps)

    def steps() -> None:
        audience = window.presenting.audience
        for _ in range(5):
            QTest.keyClick(audience, Qt.Key.Key_Right)
            QTest.qWait(400)  # (the camera glides for 250 ms)
        QTimer.singleShot(600, shoot)

    def shoot() -> None:
        audience = window.presenting.audience
        screen = QGuiApplication.primaryScreen()
        ok = screen.grabWindow(0).save(out)
        geometry = audience.geometry()
        print(f"saved={ok} screen={screen.geometry().width()}x{screen.geometry().height()}")
        print(f"audience={geometry.x()},{geometry.y()},{geometry.width()}x{geometry.height()}")
        print(f"step={window.presenting.stepper.frame.title}")
        scale = audience.view.transform().m11()
        print(f"label_px={window.presenting.stepper.theme.font_size * scale:.1f}")
        QTest.keyClick(audience, Qt.Key.Key_Escape)
        window.session.stack.setClean()
        QTimer.singleShot(200, app.quit)

    QTimer.singleShot(1500, present)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
