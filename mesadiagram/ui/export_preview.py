"""The Export dialog's preview: the figure drawn small, and the words under it.

At a size (``render/fit.py``) the preview is the whole page at its true proportions with
a frame round it, and the words give its size in inches and the smallest text in points,
or the floor it misses, and what was changed to fit (the layout, the detail level); at
the natural size, the figure and its size in millimetres (or
pixels for a PNG, or the PDF page chosen).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap

from mesadiagram.model import Document
from mesadiagram.render.export import ExportOptions, figure_for, fitted_for
from mesadiagram.render.fit import Fitted, floor_error, reflowed
from mesadiagram.ui.figure_clipboard import figure_image


@dataclass
class Preview:
    pixmap: QPixmap
    size_text: str  # "7.0 × 7.2 in, smallest text 8.3 pt", "526 × 77 mm"
    floor_text: str  # the floor missed at the size, if any


def draw_preview(
    doc: Document, options: ExportOptions, box: QSize, ratio: float, fmt: str, page_label: str
) -> Preview:
    """The figure for ``options`` drawn to fit ``box`` (device pixel ``ratio``), for a
    file of format ``fmt``; ``page_label`` names the PDF page chosen."""
    fitted: Fitted | None = None
    if options.size is not None:  # drawn anyway: the preview shows what would be wrong
        fitted = fitted_for(doc, replace(options, force=True))
        assert fitted is not None
        fig = fitted.fig
    else:
        fig = figure_for(doc, options)
    bounds = fig.bounds
    scale = min((box.width() - 8) / bounds.width(), (box.height() - 8) / bounds.height())
    image = figure_image(fig, options, scale * ratio)
    image.setDevicePixelRatio(ratio)
    pixmap = on_checkerboard(image) if options.transparent else QPixmap.fromImage(image)
    if fitted is None:
        text = natural_size_text(bounds.width(), bounds.height(), fmt, options, page_label)
        return Preview(pixmap, text, "")
    outline(pixmap)  # the page's edge: the figure at its true proportions
    missed = None if fitted.fits else floor_error(fitted)
    floor = f"{fitted.size.at().capitalize()} {missed}." if missed else ""
    text = page_text(fitted, fmt, options.dpi)
    changed = reflowed(fitted, options.detailed)
    if changed:  # the figure is not drawn as on the canvas: say how
        text += f"\n{changed[0].upper()}{changed[1:]} to fit"
    return Preview(pixmap, text, floor)


def page_text(fitted: Fitted, fmt: str, dpi: int) -> str:
    """``7.0 × 2.9 in, smallest text 9 pt`` (and the pixels of a PNG)."""
    width_pt, height_pt = fitted.page_pt
    text = f"{width_pt / 72:.1f} × {height_pt / 72:.1f} in"
    if fmt == "png":
        text += f" ({round(width_pt / 72 * dpi)} × {round(height_pt / 72 * dpi)} px)"
    smallest = min(fitted.label_pt, fitted.text_pt)
    return f"{text}, smallest text {smallest:.1f} pt".replace(".0 pt", " pt")


def natural_size_text(
    width: float, height: float, fmt: str, options: ExportOptions, page_label: str
) -> str:
    """The output's size: pixels for PNG, millimetres for vector figures."""
    if fmt == "png":
        factor = options.dpi / 96.0
        return f"{round(width * factor)} × {round(height * factor)} px"
    if fmt == "pdf" and options.page != "fit":
        return f"{page_label} (figure scaled to fit the page)"
    mm = 25.4 / 96.0  # scene units are CSS pixels
    return f"{width * mm:.0f} × {height * mm:.0f} mm"


def outline(pixmap: QPixmap) -> None:
    """A thin frame on the pixmap's edge: where the page ends."""
    painter = QPainter(pixmap)
    painter.setPen(QColor("#8A8A8A"))
    size = pixmap.deviceIndependentSize()
    painter.drawRect(0, 0, round(size.width()) - 1, round(size.height()) - 1)
    painter.end()


def on_checkerboard(image: QImage) -> QPixmap:
    """A transparent figure over the usual grey checks, so the transparency shows."""
    pixmap = QPixmap(image.size())
    pixmap.setDevicePixelRatio(image.devicePixelRatio())
    pixmap.fill(QColor("#FFFFFF"))
    painter = QPainter(pixmap)
    cell = 8
    grey = QColor("#D9D9D9")
    for y in range(0, image.height(), cell):
        for x in range((y // cell) % 2 * cell, image.width(), 2 * cell):
            painter.fillRect(x, y, cell, cell, grey)
    painter.drawImage(0, 0, image)
    painter.end()
    return pixmap
