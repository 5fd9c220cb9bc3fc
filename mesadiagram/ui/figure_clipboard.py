"""Edit > Copy as SVG / Copy as PNG: the figure of the selection (or of the whole diagram).

The figure is drawn by the same ``render`` code as File > Export, with the export settings
the user last chose there (theme, detail, legend, PNG resolution), so a pasted figure
matches an exported one; until a detail level is picked there, the canvas's is used.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication, QImage

from mesadiagram.model import Document
from mesadiagram.render.export import ExportOptions, figure_for, paint_image, svg_text
from mesadiagram.render.figure import Figure
from mesadiagram.render.formats import FIGURE_FORMATS
from mesadiagram.ui.clipboard import selection_document
from mesadiagram.ui.export_settings import ExportChoices

if TYPE_CHECKING:
    from mesadiagram.ui.session import DocumentSession

SVG_MIME = FIGURE_FORMATS["svg"].mime  # from the registry of figure formats
# An image on the clipboard is uncompressed (4 bytes a pixel): 25 MP is 100 MB, which
# paste targets still take; a 5,000-stage diagram at 300 dpi would be gigabytes.
MAX_CLIPBOARD_PIXELS = 25_000_000


def figure_source(session: DocumentSession) -> tuple[Document, str]:
    """What Copy as draws: the selection when there is one, else the whole document;
    with words for the status bar."""
    nodes, edges = session.selected_stages(), session.selected_links()
    if not nodes and not edges:
        return session.doc, "the diagram"
    parts = []
    if nodes:
        parts.append(f"{len(nodes)} stage{'s' if len(nodes) != 1 else ''}")
    if edges:
        parts.append(f"{len(edges)} link{'s' if len(edges) != 1 else ''}")
    return selection_document(session.doc, nodes, edges), " and ".join(parts)


def figure_image(fig: Figure, options: ExportOptions, scale: float) -> QImage:
    """``fig`` painted at ``scale`` image pixels per scene unit (see render.export)."""
    return paint_image(fig, options, scale)


def capped_scale(fig: Figure, dpi: int, max_pixels: int | None = None) -> float:
    """Pixels per scene unit for ``dpi`` (scene units are CSS pixels, 96 to the inch),
    lowered so that the image has at most ``max_pixels`` (by default the clipboard's cap)."""
    cap = MAX_CLIPBOARD_PIXELS if max_pixels is None else max_pixels
    area = max(1.0, fig.bounds.width() * fig.bounds.height())
    return min(dpi / 96.0, math.sqrt(cap / area))


def copy_as_svg(session: DocumentSession) -> str | None:
    """Put the SVG on the clipboard as image/svg+xml and as text; returns it (None when
    the diagram is empty)."""
    doc, what = figure_source(session)
    if not doc.nodes:
        session.tell("Nothing to copy: the diagram is empty", 5000)
        return None
    options = ExportChoices.load(session.view_state.all_detailed).options()
    text = svg_text(doc, options)
    data = QMimeData()  # Python-made: app.release_clipboard() hands it to Qt before exit
    data.setData(SVG_MIME, text.encode("utf-8"))
    data.setText(text)  # editors and Inkscape's paste-as-text take it too
    QGuiApplication.clipboard().setMimeData(data)
    session.tell(f"Copied {what} as SVG", 5000)
    return text


def copy_as_png(session: DocumentSession) -> QImage | None:
    """Put the figure on the clipboard as an image at the remembered PNG resolution
    (lowered for very large figures); returns it (None when the diagram is empty)."""
    doc, what = figure_source(session)
    if not doc.nodes:
        session.tell("Nothing to copy: the diagram is empty", 5000)
        return None
    choices = ExportChoices.load(session.view_state.all_detailed)
    options = choices.options()
    fig = figure_for(doc, options)
    scale = capped_scale(fig, choices.dpi)
    image = figure_image(fig, options, scale)
    QGuiApplication.clipboard().setImage(image)  # Qt owns this data: safe at exit
    dpi = round(scale * 96)
    lowered = "" if dpi >= choices.dpi else f" (lowered from {choices.dpi}: very large figure)"
    session.tell(
        f"Copied {what} as PNG, {image.width()} × {image.height()} px at {dpi} dpi{lowered}",
        5000,
    )
    return image
