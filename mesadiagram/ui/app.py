"""Starting the editor: the QApplication, error handling, the first window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from mesadiagram import __version__


def run_editor(path: str | None) -> int:
    """Open the editor (on ``path`` when given) and run until the last window closes."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("mesadiagram")
    app.setOrganizationName("mesadiagram")
    app.setApplicationVersion(__version__)
    from mesadiagram.ui.main_window import MainWindow

    window = MainWindow()
    if path and not window.open_path(path):
        QMessageBox.critical(window, "mesadiagram", window.last_error)
    window.show()
    return app.exec()
