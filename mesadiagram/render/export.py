"""Figures for papers and slides: SVG, PDF and PNG of a document, drawn by ``figure.py``.

SVG is written from our own drawing instructions (real text, stable ids, no QSvgGenerator);
PNG and PDF are painted with QPainter through the same instructions, so all three match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from mesadiagram.formats import write_atomic
from mesadiagram.model import Document
from mesadiagram.render.drawn_text import drawable
from mesadiagram.render.figure import Figure, build_figure, draw_figure
from mesadiagram.render.formats import FIGURE_FORMATS, format_named
from mesadiagram.render.qt_app import ensure_gui_application
from mesadiagram.render.surface import PainterSurface
from mesadiagram.render.svg_surface import SvgSurface
from mesadiagram.render.theme import DEFAULT_THEME, Theme

FORMATS = tuple(FIGURE_FORMATS)  # the registry's names, in menu order
PAGES = ("fit", "a4", "letter")
PAGE_MARGIN_PT = 36.0


@dataclass
class ExportOptions:
    theme: Theme = DEFAULT_THEME
    detailed: bool = False
    legend: bool = True
    dpi: int = 300  # PNG only
    transparent: bool = False  # PNG and SVG: no background
    page: str = "fit"  # PDF only: fit, a4 or letter


def figure_for(doc: Document, options: ExportOptions) -> Figure:
    ensure_gui_application()
    return build_figure(doc, options.theme, options.detailed, options.legend)


def svg_bytes(doc: Document, options: ExportOptions) -> bytes:
    return svg_text(doc, options).encode("utf-8")


def svg_text(doc: Document, options: ExportOptions) -> str:
    fig = figure_for(doc, options)
    surface = SvgSurface()
    draw_figure(surface, fig)
    background = None if options.transparent else options.theme.background
    return surface.document(
        fig.bounds,
        options.theme.font_family,
        doc.title or "Threat model",
        doc.description,
        background,
    )


def png_image(doc: Document, options: ExportOptions, scale: float | None = None) -> QImage:
    """The figure as an image; ``scale`` overrides dpi / 96 (scene units are CSS pixels)."""
    fig = figure_for(doc, options)
    return paint_image(fig, options, options.dpi / 96.0 if scale is None else scale)


def paint_image(fig: Figure, options: ExportOptions, scale: float) -> QImage:
    """A built figure painted at ``scale`` image pixels per scene unit (previews reuse a
    figure: building a detailed one is the slow part)."""
    bounds = fig.bounds
    width = max(1, round(bounds.width() * scale))
    height = max(1, round(bounds.height() * scale))
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    dots_per_metre = round(scale * 96.0 / 0.0254)  # so the image keeps the figure's size
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(QColor(0, 0, 0, 0) if options.transparent else QColor(options.theme.background))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.scale(width / bounds.width(), height / bounds.height())
        painter.translate(-bounds.topLeft())
        draw_figure(PainterSurface(painter), fig)
    finally:
        painter.end()
    return image


def png_bytes(doc: Document, options: ExportOptions) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    png_image(doc, options).save(buffer, "PNG")
    return bytes(buffer.data())


def pdf_bytes(doc: Document, options: ExportOptions) -> bytes:
    """Vector PDF with real, selectable text; the page fits the figure or is A4/Letter."""
    fig = figure_for(doc, options)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setCreator("mesadiagram")
    writer.setTitle(drawable(doc.title) or "Threat model")
    writer.setResolution(96)  # one device unit = one scene unit (a CSS pixel)
    if options.page == "fit":
        size_pt = QSizeF(fig.bounds.width() * 0.75, fig.bounds.height() * 0.75)
        writer.setPageLayout(
            QPageLayout(
                QPageSize(size_pt, QPageSize.Unit.Point, "figure"),
                QPageLayout.Orientation.Portrait,
                QMarginsF(0, 0, 0, 0),
            )
        )
    else:
        page_id = QPageSize.PageSizeId.A4 if options.page == "a4" else QPageSize.PageSizeId.Letter
        wide = fig.bounds.width() > fig.bounds.height()
        orientation = (
            QPageLayout.Orientation.Landscape if wide else QPageLayout.Orientation.Portrait
        )
        margin = PAGE_MARGIN_PT
        writer.setPageLayout(
            QPageLayout(QPageSize(page_id), orientation, QMarginsF(margin, margin, margin, margin))
        )
    painter = QPainter(writer)
    try:
        area = QRectF(writer.pageLayout().paintRectPixels(96))
        scale = min(area.width() / fig.bounds.width(), area.height() / fig.bounds.height())
        if options.page == "fit":
            scale = area.width() / fig.bounds.width()
        else:
            scale = min(scale, 1.0) if scale < 1 else scale
        painter.translate(
            (area.width() - fig.bounds.width() * scale) / 2,
            (area.height() - fig.bounds.height() * scale) / 2,
        )
        painter.scale(scale, scale)
        painter.translate(-fig.bounds.topLeft())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(fig.bounds, QColor(options.theme.background))
        draw_figure(PainterSurface(painter), fig)
    finally:
        painter.end()
    buffer.close()
    return _stable_pdf(bytes(data))


_PDF_DATES = re.compile(rb"(/(?:CreationDate|ModDate) \(D:)(\d{14})")
_XMP_DATES = re.compile(rb"((?:xmp|pdf):(?:Create|Modify|Metadata)Date(?:>|=\"))([^<\"]+)")
_PDF_IDS = re.compile(rb"(uuid:)([0-9a-fA-F-]{36})")
_PDF_TRAILER_ID = re.compile(rb"(/ID \[\s*<)([0-9a-fA-F]+)(>\s*<)([0-9a-fA-F]+)(>)")


def _zeroed(m: re.Match[bytes]) -> bytes:
    """The match with its digits (and hex letters of ids) made zero, length kept."""
    return m.group(1) + re.sub(rb"[0-9a-fA-F]", b"0", m.group(2))


def _stable_pdf(pdf: bytes) -> bytes:
    """Replace the creation and modification times and the random document ids with
    fixed text of the same length, so the same input gives the same bytes (offsets in the
    cross-reference table stay valid)."""
    pdf = _PDF_DATES.sub(lambda m: m.group(1) + b"20000101000000", pdf)
    pdf = _XMP_DATES.sub(lambda m: m.group(1) + re.sub(rb"\d", b"0", m.group(2)), pdf)
    pdf = _PDF_IDS.sub(_zeroed, pdf)
    return _PDF_TRAILER_ID.sub(
        lambda m: (
            m.group(1) + b"0" * len(m.group(2)) + m.group(3) + b"0" * len(m.group(4)) + m.group(5)
        ),
        pdf,
    )


def export_bytes(doc: Document, fmt: str, options: ExportOptions) -> bytes:
    """The figure in the registry's format ``fmt`` (``render.formats``)."""
    figure_format = format_named(fmt)
    if figure_format is None:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return figure_format.write_bytes(doc, options)


def export_file(doc: Document, path: str | Path, options: ExportOptions) -> None:
    """Write the figure to ``path`` (format from its suffix), atomically."""
    fmt = Path(path).suffix.lower().lstrip(".")
    write_atomic(path, export_bytes(doc, fmt, options))
