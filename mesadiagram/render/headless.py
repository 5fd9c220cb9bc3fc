"""Exporting without a window: the Qt application object that fonts and painting need,
stages without positions placed as the editor places them, and a font that is missing
named before anything is drawn."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFontDatabase

from mesadiagram.model import Document
from mesadiagram.render.export import ExportOptions, export_file, fitted_for
from mesadiagram.render.fit import FloorError, floor_text, reflowed
from mesadiagram.render.qt_app import ensure_gui_application
from mesadiagram.render.target_size import PRESETS, TargetSize
from mesadiagram.render.theme import get_theme, user_theme_folder

log = logging.getLogger("mesadiagram.qt")

Notice = Callable[[str], None]


def _qt_message(kind: QtMsgType, _context: QMessageLogContext, text: str) -> None:
    """Qt's own warnings go to the log, never to the terminal: a command's output is
    its one-line messages (a broken image used to print tens of thousands of lines)."""
    log.debug("Qt %s: %s", kind.name, text)


def quiet_qt() -> None:
    """Send Qt's messages to the ``mesadiagram.qt`` log from now on."""
    qInstallMessageHandler(_qt_message)


def place_unplaced(doc: Document, stage_text: bool = True) -> int:
    """Give stages without a position the positions the editor gives them on open (the
    same function, ``place_missing``, with the same box sizes); how many were placed."""
    from mesadiagram.analysis.placement import place_missing
    from mesadiagram.render.sizes import node_sizes

    ensure_gui_application()
    placing = place_missing(doc, node_sizes(doc, stage_text=stage_text))
    if placing is None:
        return 0
    placing.apply(doc)
    return len(placing.positions)


def installed_font(family: str) -> bool:
    ensure_gui_application()
    return QFontDatabase.hasFamily(family)


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
    notice: Notice | None = None,
    size: TargetSize | None = None,
    force: bool = False,
    detail_fixed: bool = True,
    stage_text: bool = True,
    about_output: Notice | None = None,
) -> None:
    """Write ``doc`` to ``output`` (.svg, .pdf or .png), atomically; raises KeyError for a
    bad theme, ``FigureTooLargeError`` for an image over the bound and ``FloorError`` for
    text that would fall below the floors of ``size`` (nothing written). ``notice`` hears
    what the user should know (stages placed, a font not installed), ``about_output`` (if
    given) what concerns the figure at its size (reflowed, or forced below the floors).
    A ``FloorError`` carries the options that were tried and would fit (``suggestions``)."""
    ensure_gui_application()
    quiet_qt()
    tell = notice or (lambda _text: None)
    chosen = get_theme(theme, user_theme_folder())
    if font:
        if installed_font(font):
            chosen = chosen.with_font(font)
        else:  # SVG and PDF alike use the theme's font, and say so
            tell(f"the font {font!r} is not installed; using {chosen.font_family!r} instead")
    placed = place_unplaced(doc, stage_text)
    if placed:
        stages = "stage has" if placed == 1 else "stages have"
        tell(f"{placed} {stages} no position: laid out as the editor lays them out on open")
    options = ExportOptions(
        chosen, detailed, legend, dpi, transparent, page, size, force, detail_fixed, stage_text
    )
    try:
        fitted = fitted_for(doc, options)
    except FloorError as err:
        err.suggestions = fitting_options(doc, options)
        raise
    said = about_output or tell  # (the figure's size concerns the file written)
    if fitted is not None:
        changed = reflowed(fitted, detailed)
        if changed:
            said(f"{fitted.size.at()}: {changed} (the model file is unchanged)")
        if not fitted.fits:
            said(f"{fitted.size.at()}: {floor_text(fitted)}, below the floor (--force)")
    export_file(doc, output, options, fitted.fig if fitted is not None else None)


def fitting_options(doc: Document, options: ExportOptions) -> list[str]:
    """The options that would fit where ``options`` cannot: compact at the same size (for
    a detailed figure), else the first larger preset at which the figure fits as asked.
    Each is tried (a refusal must never advise what would be refused too)."""
    from dataclasses import replace

    size = options.size
    assert size is not None
    found = []
    if options.detailed and _fits(doc, replace(options, detailed=False)):
        found.append("--detail compact")
    for name, preset in PRESETS.items():
        if preset.width_pt > size.width_pt and _fits(doc, replace(options, size=preset)):
            found.append(f"--size {name}")
            break  # (the smallest that fits)
    return found


def _fits(doc: Document, options: ExportOptions) -> bool:
    try:
        fitted_for(doc, options)
    except FloorError:
        return False
    return True
