"""The Qt application object that fonts and painting need, made on demand."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication


def ensure_gui_application() -> QGuiApplication:
    """QtGui needs an application for fonts; make a windowless one if there is none.

    (Headless callers should set QT_QPA_PLATFORM=offscreen first; the CLI does.)
    """
    app = QGuiApplication.instance()
    if app is None:
        app = QGuiApplication(["mesadiagram"])
    return app  # type: ignore[return-value]
