"""Exporting without a window: the Qt application object that fonts and painting need."""

from __future__ import annotations

from pathlib import Path

from mesadiagram.model import Document
from mesadiagram.render.export import ExportOptions, export_file
from mesadiagram.render.qt_app import ensure_gui_application
from mesadiagram.render.theme import get_theme, user_theme_folder


def export_document(
    doc: Document,
    output: str | Path,
    theme: str = "default",
    detailed: bool = False,
    legend: bool = True,
    dpi: int = 300,
    font: str | None = None,
    transparent: bool = False,
    page: str = "fit",
) -> None:
    """Write ``doc`` to ``output`` (.svg, .pdf or .png); raises KeyError for a bad theme."""
    ensure_gui_application()
    chosen = get_theme(theme, user_theme_folder())
    if font:
        chosen = chosen.with_font(font)
    options = ExportOptions(chosen, detailed, legend, dpi, transparent, page)
    export_file(doc, output, options)
