"""The presentation's steps as a deck: one 16:9 page per step, as present mode shows it.

The page is the slide size of the figures (``target_size.PRESETS["slide"]``, 13.33 x
7.5 in); the camera frames each page as it frames the screen, so its text keeps the
slide's floors (stage labels 20 pt, other text 14 pt), or when what changed is too large,
at least 14 pt and 10 pt. PDF: one file of as many pages as steps; SVG and PNG: one file
per step, numbered (``deck-01.svg``, ``deck-02.svg``, ...). Each page carries its number
in a corner (the screen does not).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, QSizeF
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from mesadiagram.formats import write_atomic
from mesadiagram.model import Document
from mesadiagram.presentation.frames import frames
from mesadiagram.presentation.shown import reveal, shown_copy
from mesadiagram.presentation.summary import closing_summary
from mesadiagram.render.drawn_text import drawable
from mesadiagram.render.export import check_image_size, exact_page, stable_pdf
from mesadiagram.render.fonts import make_font
from mesadiagram.render.qt_app import ensure_gui_application
from mesadiagram.render.step_figure import StepPicture, build_step, draw_step, frame_view
from mesadiagram.render.surface import PainterSurface, Surface
from mesadiagram.render.svg_surface import SvgSurface
from mesadiagram.render.target_size import PRESETS
from mesadiagram.render.theme import Theme

SLIDE = PRESETS["slide"]
PAGE_WIDTH_PT = SLIDE.width_pt
PAGE_HEIGHT_PT = SLIDE.height_pt or SLIDE.width_pt * 9 / 16
ASPECT = PAGE_WIDTH_PT / PAGE_HEIGHT_PT
DECK_DPI = 144  # PNG pages: 1920 x 1080 pixels unless --dpi says otherwise
NUMBER = 11.0 / 960  # the page number's size, of the page's width
DECK_SUFFIXES = (".pdf", ".svg", ".png", ".tex")  # .tex: Beamer (exchange_export.py)


def pictures(doc: Document, theme: Theme, stage_text: bool = True) -> Iterator[StepPicture]:
    """Each shown step's picture in turn, its ``view`` set by the camera. The pictures
    share one shown copy of the document: draw each before taking the next."""
    ensure_gui_application()
    shown = shown_copy(doc)
    previous = None
    summary = None
    for frame in frames(doc):
        reveal(shown, doc, frame)
        picture = build_step(shown, doc, theme, frame, stage_text)
        if frame.summary:
            summary = summary or closing_summary(doc)
            picture.summary = summary
        previous = frame_view(picture, previous, ASPECT)
        left, top, right, bottom = previous
        picture.view = QRectF(QPointF(left, top), QPointF(right, bottom))
        yield picture


def _draw_page(s: Surface, picture: StepPicture, count: int) -> None:
    draw_step(s, picture)
    view, theme = picture.view, picture.theme
    font = make_font(theme.font_family, view.width() * NUMBER)
    corner = QPointF(view.right() - view.width() * 0.015, view.bottom() - view.height() * 0.025)
    s.text(corner, f"{picture.frame.number} / {count}", font, theme.node_subtext, "end")


def deck_pdf(doc: Document, theme: Theme, stage_text: bool = True) -> bytes:
    """A PDF of one slide-sized page per step (none: one blank page)."""
    count = len(frames(doc))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setCreator("mesadiagram")
    writer.setTitle(drawable(doc.title) or "Threat model")
    writer.setResolution(96)
    size = QSizeF(PAGE_WIDTH_PT, PAGE_HEIGHT_PT)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(size, QPageSize.Unit.Point, "slide"),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    painter = QPainter(writer)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        page = QRectF(writer.pageLayout().paintRectPixels(96))
        for i, picture in enumerate(pictures(doc, theme, stage_text)):
            if i:
                writer.newPage()
            painter.save()
            _to_page(painter, picture.view, page.width())
            _draw_page(PainterSurface(painter), picture, count)
            painter.restore()
    finally:
        painter.end()
    buffer.close()
    return exact_page(stable_pdf(bytes(data)), PAGE_WIDTH_PT, PAGE_HEIGHT_PT)


def _to_page(painter: QPainter, view: QRectF, page_width: float) -> None:
    scale = page_width / view.width()
    painter.scale(scale, scale)
    painter.translate(-view.topLeft())


def deck_svgs(doc: Document, theme: Theme, stage_text: bool = True) -> list[str]:
    """One SVG file's text per step, each 13.33 x 7.5 in."""
    count = len(frames(doc))
    out = []
    for picture in pictures(doc, theme, stage_text):
        surface = SvgSurface()
        _draw_page(surface, picture, count)
        view = picture.view
        title = f"{doc.title or 'Threat model'}: {picture.frame.title}"
        out.append(
            surface.document(
                view,
                theme.font_family,
                title,
                doc.description,
                theme.background,
                PAGE_WIDTH_PT / view.width(),
            )
        )
    return out


def deck_pngs(
    doc: Document, theme: Theme, dpi: int = DECK_DPI, stage_text: bool = True
) -> list[bytes]:
    """One PNG per step, 13.33 x 7.5 in at ``dpi``."""
    width = round(PAGE_WIDTH_PT / 72 * dpi)
    height = round(PAGE_HEIGHT_PT / 72 * dpi)
    check_image_size(width, height)
    count = len(frames(doc))
    out = []
    for picture in pictures(doc, theme, stage_text):
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(theme.background))
        dots_per_metre = round(dpi / 0.0254)
        image.setDotsPerMeterX(dots_per_metre)
        image.setDotsPerMeterY(dots_per_metre)
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            _to_page(painter, picture.view, width)
            _draw_page(PainterSurface(painter), picture, count)
        finally:
            painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        out.append(bytes(data))
    return out


def numbered_paths(output: str | Path, count: int) -> list[Path]:
    """``deck.svg`` -> ``deck-01.svg``, ``deck-02.svg``, ... (three digits past 99)."""
    path = Path(output)
    digits = max(2, len(str(count)))
    return [path.with_name(f"{path.stem}-{n:0{digits}d}{path.suffix}") for n in range(1, count + 1)]


def write_deck(
    doc: Document,
    output: str | Path,
    theme: Theme,
    dpi: int | None = None,
    stage_text: bool = True,
    progress: Callable[[int], object] | None = None,
) -> list[Path]:
    """Write the deck: ``output`` itself for .pdf and .tex (Beamer, one overlay per
    step), numbered files beside it for .svg and .png. Returns the paths written. Each
    file is written atomically."""
    suffix = Path(output).suffix.lower()
    if suffix not in DECK_SUFFIXES:
        raise ValueError(f"a deck is .pdf, .svg, .png or .tex, not {suffix or 'no suffix'}")
    if suffix == ".tex":
        from mesadiagram.render.exchange_export import write_beamer

        write_beamer(doc, output, theme, stage_text)
        return [Path(output)]
    if suffix == ".pdf":
        write_atomic(output, deck_pdf(doc, theme, stage_text))
        return [Path(output)]
    pages: list[bytes]
    if suffix == ".svg":
        pages = [text.encode("utf-8") for text in deck_svgs(doc, theme, stage_text)]
    else:
        pages = deck_pngs(doc, theme, dpi or DECK_DPI, stage_text)
    paths = numbered_paths(output, len(pages))
    for i, (path, data) in enumerate(zip(paths, pages, strict=True)):
        write_atomic(path, data)
        if progress is not None:
            progress(i + 1)
    return paths


def export_deck(
    doc: Document,
    output: str | Path,
    theme: str | None = None,
    font: str | None = None,
    dpi: int | None = None,
    stage_text: bool = True,
    notice: Callable[[str], object] | None = None,
) -> list[Path]:
    """``mesadiagram export FILE -o deck.pdf --steps``: the deck in the presentation's
    theme (``theme`` names another), stages without a position placed as the editor
    places them. Raises KeyError for an unknown theme."""
    from mesadiagram.render.headless import installed_font, place_unplaced, quiet_qt
    from mesadiagram.render.theme import get_theme, user_theme_folder

    ensure_gui_application()
    quiet_qt()
    tell = notice or (lambda _text: None)
    name = theme or ("dark" if doc.presentation.theme == "dark" else "default")
    chosen = get_theme(name, user_theme_folder())
    if font:
        if installed_font(font):
            chosen = chosen.with_font(font)
        else:
            tell(f"the font {font!r} is not installed; using {chosen.font_family!r} instead")
    placed = place_unplaced(doc, stage_text)
    if placed:
        tell(f"{placed} stage(s) without a position: laid out as the editor lays them out")
    return write_deck(doc, output, chosen, dpi, stage_text)
