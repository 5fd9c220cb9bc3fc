"""Starting the editor: the QApplication and its icon, the crash handler, recovery, the
first window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from mesadiagram import __version__
from mesadiagram.resource_files import resource_root

ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)


# Qt's raster engine hands every large fill to a pool of threads and waits for them.
# Waking an idle core costs more than the fill it does: a presentation step at 200
# stages took a median 10 ms and a 90th percentile 19-21 ms with the pool, 4.4 and 8 ms
# without (benchmarks/present.py, docs/performance.md). Read when Qt first paints.
RASTER_POOL_SWITCH = "QT_NO_GUI_THREADPOOL"


def make_app() -> QApplication:
    os.environ.setdefault(RASTER_POOL_SWITCH, "1")  # (a user's own setting wins)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("mesadiagram")
    app.setOrganizationName("mesadiagram")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())  # every window and the About box show it
    # Wayland task bars find the icon through the desktop file of this name
    # (resources/mesadiagram.desktop, when the user has installed it).
    app.setDesktopFileName("mesadiagram")
    return app  # type: ignore[return-value]


def app_icon() -> QIcon:
    """The application icon (resources/icons/mesadiagram.svg) drawn at the usual sizes.

    Drawn here from the SVG's bytes rather than handed to Qt as a file name, so it needs
    neither a real file (a zipped install) nor Qt's SVG icon plugin.
    """
    data = (resource_root() / "icons" / "mesadiagram.svg").read_bytes()
    renderer = QSvgRenderer(QByteArray(data))
    icon = QIcon()
    if not renderer.isValid():
        return icon
    for size in ICON_SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def run_editor(path: str | None, present: bool = False) -> int:
    """Open the editor (on ``path`` when given) and run until the last window closes;
    with ``present`` (``mesadiagram present FILE``), present it at once.

    Documents left by a crash are offered first; a recovered document that is the file
    asked for stands in for it, since it holds that file's unsaved changes.
    """
    app = make_app()
    from mesadiagram.ui import crash
    from mesadiagram.ui.main_window import MainWindow
    from mesadiagram.ui.recovery import offer_recovery

    crash.install()
    recovered = offer_recovery(MainWindow)
    recovered_paths = {w.session.path.resolve() for w in recovered if w.session.path is not None}
    if path and Path(path).resolve() in recovered_paths:
        path = None
    if path or not recovered:
        window = MainWindow()
        window.show()
        if path:
            window.open_path(path)
        if path and present:  # (once the window is up: the editor is where Esc leads)
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, window.presenting.start)
        if os.environ.get("MESADIAGRAM_BENCH_FIRST_FRAME"):  # benchmarks/editor.py
            from mesadiagram.ui.first_frame import FirstFrameProbe

            FirstFrameProbe(window.view.viewport())
        if os.environ.get("MESADIAGRAM_SNAPSHOT"):  # docs images, real-display tests
            from mesadiagram.ui.snapshot import ENV_VAR, SnapshotProbe

            SnapshotProbe(window, os.environ[ENV_VAR])
    status = app.exec()
    release_clipboard()
    return status


def release_clipboard() -> None:
    """Hand what we copied to a clipboard object Qt owns, before Python shuts down.

    PySide6 crashes at interpreter exit (a segmentation fault) while the clipboard still
    holds a QMimeData made in Python; plain text set by Qt itself is safe and stays
    available to a clipboard manager.
    """
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        return
    clipboard = QGuiApplication.clipboard()
    text = clipboard.text()
    clipboard.clear()
    if text:
        clipboard.setText(text)
