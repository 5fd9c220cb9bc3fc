"""Starting the editor: the QApplication, the first window, the file from the command line."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from mesadiagram import __version__


def make_app() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("mesadiagram")
    app.setOrganizationName("mesadiagram")
    app.setApplicationVersion(__version__)
    return app  # type: ignore[return-value]


def run_editor(path: str | None) -> int:
    """Open the editor (on ``path`` when given) and run until the last window closes."""
    app = make_app()
    from mesadiagram.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    if path:
        window.open_path(path)
    return app.exec()
