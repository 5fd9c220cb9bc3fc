"""Figures for papers and slides: SVG, PDF and PNG of a document, drawn by ``figure.py``.

SVG is written from our own drawing instructions (real text, stable ids, no QSvgGenerator);
PNG and PDF are painted with QPainter through the same instructions, so all three match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from mesadiagram.formats import write_atomic
from mesadiagram.model import Document
from mesadiagram.render import png_bands
from mesadiagram.render.drawn_text import drawable
from mesadiagram.render.figure import Figure, build_figure, draw_figure
from mesadiagram.render.fit import Fitted, fit_figure
from mesadiagram.render.formats import FIGURE_FORMATS, format_named
from mesadiagram.render.qt_app import ensure_gui_application
from mesadiagram.render.surface import PainterSurface
from mesadiagram.render.svg_surface import SvgSurface
from mesadiagram.render.target_size import TargetSize
from mesadiagram.render.theme import DEFAULT_THEME, Theme

FORMATS = tuple(FIGURE_FORMATS)  # the registry's names, in menu order
PAGES = ("fit", "a4", "letter")
PAGE_MARGIN_PT = 36.0


# An image held whole (copied to the clipboard, previewed) takes 4 bytes a pixel: 100
# million pixels is 400 MB. A PNG file is painted in bands (``png_bands``), so memory
# does not grow with its size, only time: 400 million pixels take about 10 s.
MAX_IMAGE_PIXELS = 100_000_000
MAX_PNG_PIXELS = 400_000_000
MAX_IMAGE_SIDE = 32_767  # QPainter cannot paint on a wider image


class FigureTooLargeError(ValueError):
    """The image asked for is over the pixel bound: refused before anything is drawn."""


def check_image_size(width: int, height: int, most: int = MAX_IMAGE_PIXELS) -> None:
    """Raise FigureTooLargeError when a width x height image should not be made."""
    side = width if most == MAX_PNG_PIXELS else max(width, height)
    if width * height > most or side > MAX_IMAGE_SIDE:
        megapixels = width * height / 1e6
        raise FigureTooLargeError(
            f"the image would be {width} x {height} pixels ({megapixels:,.0f} million; "
            f"at most {most / 1e6:,.0f} million and {MAX_IMAGE_SIDE} wide): "
            "choose a lower dpi, or SVG or PDF"
        )


@dataclass
class ExportOptions:
    theme: Theme = DEFAULT_THEME
    detailed: bool = False
    legend: bool = True
    dpi: int = 300  # PNG only
    transparent: bool = False  # PNG and SVG: no background
    page: str = "fit"  # PDF only: fit, a4 or letter (not with a size)
    size: TargetSize | None = None  # None: the figure's natural size (see fit.py)
    force: bool = False  # at a size: draw it even when text falls below the floors
    detail_fixed: bool = True  # at a size: False lets a detailed figure become compact
    stage_text: bool = True  # each stage's text under its label (``--no-stage-text``)
    # The figure already built for these options, if any (finding a sized one is costly).
    figure: Figure | None = field(default=None, repr=False, compare=False)


def fitted_for(doc: Document, options: ExportOptions) -> Fitted | None:
    """The figure framed at ``options.size`` (None without a size); raises
    ``fit.FloorError`` when it cannot be drawn there without text below the floors."""
    if options.size is None:
        return None
    ensure_gui_application()
    return fit_figure(
        doc,
        options.theme,
        options.size,
        detailed=options.detailed,
        legend=options.legend,
        detail_fixed=options.detail_fixed,
        force=options.force,
        stage_text=options.stage_text,
    )


def figure_for(doc: Document, options: ExportOptions) -> Figure:
    """The figure to draw: at its natural size, or framed at ``options.size``."""
    if options.figure is not None:
        return options.figure
    fitted = fitted_for(doc, options)
    if fitted is not None:
        return fitted.fig
    ensure_gui_application()
    return build_figure(doc, options.theme, options.detailed, options.legend, options.stage_text)


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
        fig.points_per_unit,
    )


def png_image(doc: Document, options: ExportOptions, scale: float | None = None) -> QImage:
    """The figure as an image; ``scale`` overrides the pixels per scene unit of the dpi."""
    fig = figure_for(doc, options)
    return paint_image(fig, options, pixels_per_unit(fig, options.dpi) if scale is None else scale)


def pixels_per_unit(fig: Figure, dpi: int) -> float:
    """Image pixels per scene unit at ``dpi``: dpi / 96 at natural size (CSS pixels)."""
    return fig.points_per_unit * dpi / 72.0


def paint_image(fig: Figure, options: ExportOptions, scale: float) -> QImage:
    """A built figure painted at ``scale`` image pixels per scene unit (previews reuse a
    figure: building a detailed one is the slow part)."""
    bounds = fig.bounds
    width = max(1, round(bounds.width() * scale))
    height = max(1, round(bounds.height() * scale))
    check_image_size(width, height)
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
    """The PNG file: painted in bands, so a poster-sized figure needs little memory."""
    fig = figure_for(doc, options)
    scale = pixels_per_unit(fig, options.dpi)
    bounds = fig.bounds
    width = max(1, round(bounds.width() * scale))
    height = max(1, round(bounds.height() * scale))
    check_image_size(width, height, MAX_PNG_PIXELS)
    background = None if options.transparent else QColor(options.theme.background)
    return png_bands.png_from_drawing(
        lambda surface: draw_figure(surface, fig),
        bounds,
        width,
        height,
        background,
        round(options.dpi / 0.0254),
    )


def pdf_bytes(doc: Document, options: ExportOptions) -> bytes:
    """Vector PDF with real, selectable text; the page fits the figure (at its natural
    size or the size asked for) or is A4/Letter."""
    fig = figure_for(doc, options)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setCreator("mesadiagram")
    writer.setTitle(drawable(doc.title) or "Threat model")
    writer.setResolution(96)  # one device unit = one scene unit (a CSS pixel)
    fitted_page = options.page == "fit" or options.size is not None
    if fitted_page:
        ppu = fig.points_per_unit
        size_pt = QSizeF(fig.bounds.width() * ppu, fig.bounds.height() * ppu)
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
        if fitted_page:  # exactly: Qt rounds the page to whole points (fixed below)
            scale = fig.points_per_unit * 96 / 72
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
    pdf = stable_pdf(bytes(data))
    if fitted_page:
        pdf = exact_page(pdf, size_pt.width(), size_pt.height())
    return pdf


_PAGE_BOXES = re.compile(rb"/(?:MediaBox|TrimBox) \[(0 0 [\d.]+ ([\d.]+))\]")


def exact_page(pdf: bytes, width_pt: float, height_pt: float) -> bytes:
    """The page boxes made exactly ``width_pt`` x ``height_pt``: Qt writes the page size
    in whole points (a 3.3 in column would be 238 pt, not 237.6). The box keeps Qt's top
    edge, where the drawing starts, so nothing moves."""
    shifts: list[tuple[int, int]] = []
    parts, last = [], 0
    for m in _PAGE_BOXES.finditer(pdf):
        top = float(m.group(2))
        box = b"0 %.4f %.4f %.4f" % (top - height_pt, width_pt, top)
        parts += [pdf[last : m.start(1)], box]
        shifts.append((m.start(1), len(box) - (m.end(1) - m.start(1))))
        last = m.end(1)
    pdf = b"".join([*parts, pdf[last:]])
    return _moved_xref(pdf, shifts) if shifts else pdf


# A date as Qt writes it in the info dictionary: 14 digits and the local offset ("Z" or
# "+09'00'"): the offset's length depends on the time zone, hence the rewritten xref.
_PDF_DATES = re.compile(rb"(/(?:CreationDate|ModDate) \(D:)(\d{14}(?:Z|[+-]\d\d'\d\d'?)?)")
_XMP_DATES = re.compile(rb"((?:xmp|pdf):(?:Create|Modify|Metadata)Date(?:>|=\"))([^<\"]+)")
_PDF_IDS = re.compile(rb"(uuid:)([0-9a-fA-F-]{36})")
_PDF_TRAILER_ID = re.compile(rb"(/ID \[\s*<)([0-9a-fA-F]+)(>\s*<)([0-9a-fA-F]+)(>)")
_XREF = re.compile(rb"\nxref\n0 (\d+)\s*\n")
_STARTXREF = re.compile(rb"startxref\s*\n(\d+)")
FIXED_PDF_DATE = b"20000101000000Z"  # UTC: the same bytes in every time zone


def _zeroed(m: re.Match[bytes]) -> bytes:
    """The match with its digits (and hex letters of ids) made zero, length kept."""
    return m.group(1) + re.sub(rb"[0-9a-fA-F]", b"0", m.group(2))


def stable_pdf(pdf: bytes) -> bytes:
    """Replace the creation and modification times (written in local time) with a fixed
    UTC time and the random document ids with zeros, so the same input gives the same
    bytes in any time zone and at any second. The info dictionary's dates change length
    with the zone, so the cross-reference table's offsets are moved to match."""
    shifts: list[tuple[int, int]] = []  # (where, how many bytes added there)
    parts, last = [], 0
    for m in _PDF_DATES.finditer(pdf):
        parts += [pdf[last : m.start(2)], FIXED_PDF_DATE]
        shifts.append((m.start(2), len(FIXED_PDF_DATE) - (m.end(2) - m.start(2))))
        last = m.end(2)
    pdf = b"".join([*parts, pdf[last:]])
    if any(delta for _, delta in shifts):
        pdf = _moved_xref(pdf, shifts)
    # Same-length changes (inside streams whose /Length must not change):
    pdf = _XMP_DATES.sub(
        lambda m: m.group(1) + re.sub(rb"\d", b"0", re.sub(rb"-(?=\d\d:\d\d$)", b"+", m.group(2))),
        pdf,
    )
    pdf = _PDF_IDS.sub(_zeroed, pdf)
    return _PDF_TRAILER_ID.sub(
        lambda m: (
            m.group(1) + b"0" * len(m.group(2)) + m.group(3) + b"0" * len(m.group(4)) + m.group(5)
        ),
        pdf,
    )


def _moved_xref(pdf: bytes, shifts: list[tuple[int, int]]) -> bytes:
    """``pdf`` with its xref entries and startxref moved by the bytes added at ``shifts``
    (positions in the old text)."""

    def moved(offset: int) -> int:
        return offset + sum(delta for where, delta in shifts if where < offset)

    table = _XREF.search(pdf)
    if table is None:
        return pdf  # not the classic table Qt writes: leave it alone
    count, start = int(table.group(1)), table.end()
    entries = []
    for i in range(count):
        entry = pdf[start + 20 * i : start + 20 * (i + 1)]
        offset, rest = int(entry[:10]), entry[10:]
        entries.append(b"%010d" % moved(offset) + rest if rest.startswith(b" 00000 n") else entry)
    pdf = pdf[:start] + b"".join(entries) + pdf[start + 20 * count :]
    xref_at = table.start() + 1  # the table itself moved with what came before it
    return _STARTXREF.sub(lambda m: b"startxref\n%d" % xref_at, pdf)


def export_bytes(
    doc: Document, fmt: str, options: ExportOptions, fig: Figure | None = None
) -> bytes:
    """The figure in the registry's format ``fmt`` (``render.formats``); ``fig``, when
    given, is the figure already built for ``options`` (a sized one is costly to find)."""
    figure_format = format_named(fmt)
    if figure_format is None:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return figure_format.write_bytes(doc, options if fig is None else replace(options, figure=fig))


def export_file(
    doc: Document, path: str | Path, options: ExportOptions, fig: Figure | None = None
) -> None:
    """Write the figure to ``path`` (format from its suffix), atomically."""
    fmt = Path(path).suffix.lower().lstrip(".")
    write_atomic(path, export_bytes(doc, fmt, options, fig))
