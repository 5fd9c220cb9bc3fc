"""The sensitivity chart as a file: SVG, PDF or PNG (``mesadiagram analyze --plot``).

Laid out in points at a size of ``render/target_size.py`` (page by default: 7 in wide),
its text one point above that size's floor for text other than stage labels (9 pt at page
size); a size's height, or a paper's 9 in, is the most it may take (bars beyond it are
counted in one line). The three formats draw the same ``draw_tornado`` instructions: SVG
on our own ``SvgSurface`` (real ``<text>``), PDF and PNG with QPainter; written atomically.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF
from PySide6.QtGui import QColor, QPageLayout, QPageSize, QPainter, QPdfWriter

from mesadiagram.analysis.report import Analysis
from mesadiagram.formats import write_atomic
from mesadiagram.model import Document
from mesadiagram.render import png_bands
from mesadiagram.render.export import check_image_size, exact_page, stable_pdf
from mesadiagram.render.qt_app import ensure_gui_application
from mesadiagram.render.surface import PainterSurface
from mesadiagram.render.svg_surface import SvgSurface
from mesadiagram.render.target_size import PRESETS, TargetSize
from mesadiagram.render.theme import Theme
from mesadiagram.render.tornado import TornadoLayout, draw_tornado, layout_tornado
from mesadiagram.render.tornado_data import tornado_of

PLOT_FORMATS = ("svg", "pdf", "png")
DPI = 300  # PNG


def plot_layout(
    doc: Document,
    analysis: Analysis,
    theme: Theme,
    outcome: str | None = None,
    size: TargetSize = PRESETS["page"],
) -> TornadoLayout:
    """The chart of ``outcome`` (see ``tornado_of``, which raises ``NoChartError``) at
    ``size``, in points."""
    ensure_gui_application()  # (fonts)
    tornado = tornado_of(doc, analysis, outcome)
    text_pt = size.floors.text_pt + 1
    most = size.height_pt or size.max_height_pt
    chart = layout_tornado(tornado, theme, size.width_pt, text_pt, most)
    if size.height_pt is None:
        return chart
    # A fixed frame (a slide): the page is the frame, and text as large as it allows
    # (up to the size's largest label), so a short chart does not sit in a corner.
    largest = size.floors.largest_label_pt
    while text_pt + 1 <= largest:
        larger = layout_tornado(tornado, theme, size.width_pt, text_pt + 1, most)
        if larger.bounds.height() > size.height_pt or len(larger.bars) < len(chart.bars):
            break
        chart, text_pt = larger, text_pt + 1
    chart.bounds.setHeight(size.height_pt)
    return chart


def plot_svg(chart: TornadoLayout, theme: Theme) -> str:
    surface = SvgSurface()
    draw_tornado(surface, chart, theme)
    title = f"Sensitivity of P({chart.tornado.outcome_label})"
    return surface.document(chart.bounds, theme.font_family, title, "", theme.background, 1.0)


def plot_pdf(chart: TornadoLayout, theme: Theme) -> bytes:
    """A page the chart's size, one unit a point; the same bytes for the same input."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setCreator("mesadiagram")
    writer.setTitle(f"Sensitivity of P({chart.tornado.outcome_label})")
    writer.setResolution(72)  # one device unit = one point = one chart unit
    size = QSizeF(chart.bounds.width(), chart.bounds.height())
    page = QPageSize(size, QPageSize.Unit.Point, "chart")
    writer.setPageLayout(QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = QPainter(writer)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(-chart.bounds.topLeft())
        painter.fillRect(chart.bounds, QColor(theme.background))
        draw_tornado(PainterSurface(painter), chart, theme)
    finally:
        painter.end()
    buffer.close()
    return exact_page(stable_pdf(bytes(data)), size.width(), size.height())


def plot_png(chart: TornadoLayout, theme: Theme, dpi: int = DPI) -> bytes:
    scale = dpi / 72.0  # pixels per point
    width = max(1, round(chart.bounds.width() * scale))
    height = max(1, round(chart.bounds.height() * scale))
    check_image_size(width, height)
    return png_bands.png_from_drawing(
        lambda surface: draw_tornado(surface, chart, theme),
        chart.bounds,
        width,
        height,
        QColor(theme.background),
        round(dpi / 0.0254),
    )


def plot_bytes(chart: TornadoLayout, theme: Theme, fmt: str, dpi: int = DPI) -> bytes:
    if fmt == "svg":
        return plot_svg(chart, theme).encode("utf-8")
    if fmt == "pdf":
        return plot_pdf(chart, theme)
    if fmt == "png":
        return plot_png(chart, theme, dpi)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(PLOT_FORMATS)}")


def write_plot(path: str | Path, chart: TornadoLayout, theme: Theme, dpi: int = DPI) -> None:
    """The chart to ``path`` (its suffix the format), atomically."""
    fmt = Path(path).suffix.lower().lstrip(".")
    write_atomic(path, plot_bytes(chart, theme, fmt, dpi))
