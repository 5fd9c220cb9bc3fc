"""A figure drawn at a size asked for (``--size page``), its text never below the floors.

Text sizes are in points at the final size: a figure scaled by ``s`` points per scene
unit draws a 14-pixel label at ``14 * s`` pt. Rather than shrink a figure below the
floors of its size (``target_size.py``), the figure is reflowed. The ways tried:

1. as drawn, with the legend where the figure puts it, beside it or below it (in a
   fixed frame also in three columns or in one row, where the figure puts it);
2. laid out afresh (on a copy: the user's document never changes), left to right and
   top to bottom, in one row and wrapped into more (``analysis.layout.rows``), with the
   layout's gap between layers and a tighter one (compact in a fixed frame, also the
   tightest a badge allows), the legend again in each of its places;
3. in compact detail, when the detail level was not the user's explicit choice (only
   when no detailed way fits).

The ways laid out afresh are also tried with larger fonts (``fit_ways.font_sizes``:
14, 16, ... 22 px labels for the default theme; in a fixed frame 14, 18, 22, 27): boxes,
chips, tags, callouts and the legend grow with the text (``Theme.unit``) while the
layout's gaps do not, so more of the page goes to text. In a fixed frame every font
size is tried (a detailed one only when its boxes and callouts could fit at all); at a
width alone a larger one only when nothing fits with the theme's, so a figure that fits
keeps its font. Laid out afresh, stage labels are drawn as far above other text as the
size's floors set them (a slide: 20 and 14 pt, ``fit_ways.label_scale``), and in a
fixed frame kinds' chips flow in rows rather than stack (``Theme.flow_chips``). Of the
figures, those whose compact tags all found a clear spot near their badge come first
(``Figure.tag_trouble``: ways are built with a quick look for tags, and do not spread).

Each way is scaled to fill the size (the width, and the height of a fixed frame), but a
small figure is not blown up beyond ``Floors.largest_label_pt``: it is centred instead.
Of the ways whose text holds the floors, for a width alone (``page``) the drawing as
the author made it wins whenever it fits, else the shortest figure; in a fixed frame
(``slide``, ``7x4in``) the largest text, which fills the frame best. When no way fits,
``FloorError`` names the floor missed by the way that came nearest; ``force`` draws
that way anyway. A model whose stages' boxes alone would cover more than the page at the
floors, or of more than ``MAX_REFLOW_STAGES`` stages, is tried only as drawn. The ways
and the figures they make are in ``fit_ways.py``.
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import dataclass, replace

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont

from mesadiagram.model import Document
from mesadiagram.render.draw import label_font
from mesadiagram.render.figure import Figure, draw_figure
from mesadiagram.render.fit_ways import Fitter, Way, font_sizes
from mesadiagram.render.target_size import TargetSize
from mesadiagram.render.theme import Theme

LARGER_DETAILED = 3  # detailed layouts tried with each larger font (see ``_Search.ways``)


class FloorError(ValueError):
    """The figure cannot be drawn at the size without text below a floor."""

    def __init__(self, size: TargetSize, what: str, value_pt: float, floor_pt: float) -> None:
        self.size, self.what, self.value_pt, self.floor_pt = size, what, value_pt, floor_pt
        # What would fit instead, as options (``--detail compact``, ``--size page``): only
        # what was tried and fits (``headless.export_document`` fills it in).
        self.suggestions: list[str] = []
        super().__init__(f"the {what} would be {value_pt:.1f} pt (floor {floor_pt:g} pt)")


@dataclass
class Fitted:
    """A figure framed at a size: ``fig.bounds`` is the whole page, in scene units."""

    fig: Figure
    way: Way
    scale: float  # points per scene unit
    label_pt: float  # the smallest stage label, in points at the final size
    text_pt: float  # the smallest text of any kind
    fits: bool  # every floor held (False only when forced)
    size: TargetSize

    @property
    def page_pt(self) -> tuple[float, float]:
        return (self.fig.bounds.width() * self.scale, self.fig.bounds.height() * self.scale)


class TextSizes:
    """A Surface that draws nothing and keeps the smallest font of stage labels and of
    all other text, in pixels (scene units)."""

    def __init__(self, label: QFont) -> None:
        self.label = label
        self.in_node = 0
        self.label_px = math.inf
        self.text_px = math.inf

    @contextmanager
    def group(self, element_id, css_class, title):
        node = css_class == "node"
        self.in_node += node
        try:
            yield
        finally:
            self.in_node -= node

    def rect(self, *args) -> None: ...

    def ellipse(self, *args) -> None: ...

    def polygon(self, *args) -> None: ...

    def path(self, *args) -> None: ...

    def line(self, *args) -> None: ...

    def polyline(self, *args) -> None: ...

    def text(self, baseline, text: str, font: QFont, color: str, anchor: str) -> None:
        self.text_lines([baseline], [text], font, color, anchor)

    def text_lines(self, baselines, lines, font: QFont, color: str, anchor: str) -> None:
        if not any(line.strip() for line in lines):
            return
        px = font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF() * 4 / 3
        if self.in_node and font == self.label:
            self.label_px = min(self.label_px, px)
        else:
            self.text_px = min(self.text_px, px)


def text_sizes(fig: Figure) -> tuple[float, float]:
    """The smallest stage label and the smallest other text of ``fig``, in pixels."""
    sizes = TextSizes(label_font(fig.theme))
    draw_figure(sizes, fig)  # type: ignore[arg-type]  (a Surface by its methods)
    return sizes.label_px, sizes.text_px


def fit_figure(
    doc: Document,
    theme: Theme,
    size: TargetSize,
    detailed: bool = False,
    legend: bool = True,
    detail_fixed: bool = True,
    force: bool = False,
    stage_text: bool = True,
) -> Fitted:
    """The figure of ``doc`` framed at ``size``; see the module's text for the order in
    which ways are tried. ``detail_fixed`` False lets a detailed figure that cannot fit
    become compact. Raises FloorError unless a way fits or ``force``."""
    levels = [detailed] if detail_fixed or not detailed else [True, False]
    fixed_height = size.height_pt is not None
    sizes = font_sizes(theme, fixed_height)
    fitters = [Fitter(doc, theme, size, legend, stage_text, f) for f in sizes]
    search = _Search(size)
    if fixed_height:  # every font size, a detailed way at any of them before compact
        for level in levels:
            # (compact: the largest font first, which tends to fill the frame best, so
            # that the bound skips more of the rest; detailed ways with a larger font are
            # picked by how near the theme's came, so it goes first)
            for fitter in fitters if level else fitters[::-1]:
                search.try_ways(fitter, level)
            if search.chosen is not None:
                break
    else:  # the theme's font at every detail level, then larger ones only if needed
        for fitter in fitters:
            for level in levels:
                search.try_ways(fitter, level)
                if search.chosen is not None:
                    return _framed(search.chosen, size)
    assert search.best is not None
    chosen = search.chosen
    if chosen is None:
        if not force:
            raise floor_error(search.best)
        chosen = search.best
    return _framed(chosen, size)


class _Search:
    """The ways tried so far: the best that fits (``chosen``) and the nearest to its
    floors, fitting or not (``best``)."""

    def __init__(self, size: TargetSize) -> None:
        self.size = size
        self.fixed_height = size.height_pt is not None
        self.best: Fitted | None = None
        self.chosen: Fitted | None = None
        self.seen: set[tuple] = set()
        self.nearest: dict[Way, float] = {}  # each layout's legibility, theme's font

    def ways(self, fitter: Fitter, level: bool) -> list[Way]:
        """The ways of ``fitter`` to try: all of them, but with a larger font only the
        ``LARGER_DETAILED`` detailed layouts that came nearest with the theme's (building
        a detailed figure is slow, and a larger font moves a layout only so far)."""
        ways = fitter.ways(level)
        if fitter.font_size is None or not level:
            return ways

        def nearness(way: Way) -> float:
            return self.nearest.get(replace(way, font_size=None), 0.0)

        return sorted(ways, key=nearness, reverse=True)[:LARGER_DETAILED]

    def try_ways(self, fitter: Fitter, level: bool) -> None:
        """The ways of ``fitter`` at the detail ``level``, in order."""
        size = self.size
        pixels: tuple[float, float] | None = None  # this font's smallest texts, in px
        for way in self.ways(fitter, level):
            layout = fitter.arrange(way)
            placed = fitter.placed(layout)
            shape = (way.font_size, level, tuple(placed.values()))
            if shape in self.seen:  # wrapping into more rows than helps gives the same
                continue
            self.seen.add(shape)
            best, chosen = self.best, self.chosen
            if pixels is not None and best is not None:
                # Branch and bound: skip building a way that can neither fit nor come
                # nearer its floors than the best so far (building is the slow part).
                reach = fitter.reach(placed, way.direction is None)
                legible = reach * min(
                    pixels[0] / size.floors.label_pt, pixels[1] / size.floors.text_pt
                )
                if legible < 1 and legible <= _legibility(best, size):
                    continue
                if (
                    self.fixed_height
                    and _clean(chosen)
                    and reach * pixels[0]
                    <= (
                        chosen.label_pt  # type: ignore[union-attr]
                    )
                ):
                    continue
            measured = None  # (the legend's sides change no text: measured once)
            for final_way, fig in fitter.figures(way, fitter.laid_out(layout)):
                measured = measured or text_sizes(fig)
                label_px, text_px = measured
                pixels = pixels or (label_px, text_px)
                scale, fits = fitter.scale(fig, label_px, text_px)
                found = Fitted(fig, final_way, scale, label_px * scale, text_px * scale, fits, size)
                legible = _legibility(found, size)
                if way.font_size is None:
                    self.nearest[way] = max(self.nearest.get(way, 0.0), legible)
                if self.best is None or (_clean(found), legible) > (
                    _clean(self.best),
                    _legibility(self.best, size),
                ):
                    self.best = found
                if fits and (self.chosen is None or _better(found, self.chosen, self.fixed_height)):
                    self.chosen = found
            if _clean(self.chosen) and way.direction is None and not self.fixed_height:
                break  # as drawn fits a width: the author's drawing wins


def _legibility(found: Fitted, size: TargetSize) -> float:
    """How far the smallest text is from its floor: 1 or more holds every floor."""
    floors = size.floors
    return min(found.label_pt / floors.label_pt, found.text_pt / floors.text_pt)


def _clean(found: Fitted | None) -> bool:
    """Whether ``found`` is a figure whose tags all found a clear spot within reach, and
    whose frames and text boxes mislead nobody and lie under nothing
    (``Figure.part_trouble``: a layout made afresh may mix groups' stages)."""
    return found is not None and not found.fig.tag_trouble and not found.fig.part_trouble


def _better(found: Fitted, chosen: Fitted, fixed_height: bool) -> bool:
    """Whether ``found`` beats ``chosen`` (both fitting; the earlier wins a tie): first
    one whose tags all found a clear spot (``Figure.tag_trouble``); then in a fixed
    frame the larger text, which fills it best; at a width the shorter figure, which
    leaves the most room on the page, then the larger text. (Text is compared in
    points: two ways may have different font sizes.)"""
    if _clean(found) != _clean(chosen):
        return _clean(found)
    if fixed_height:
        return found.label_pt > chosen.label_pt * (1 + 1e-6)
    height = found.fig.bounds.height() * found.scale
    other = chosen.fig.bounds.height() * chosen.scale
    if abs(height - other) > 0.5:
        return height < other
    return found.label_pt > chosen.label_pt * (1 + 1e-6)


def floor_error(fitted: Fitted) -> FloorError:
    """The floor that ``fitted`` misses (the stage labels' first)."""
    size = fitted.size
    floors = size.floors
    if fitted.label_pt < floors.label_pt - 1e-9:
        return FloorError(size, "stage labels", fitted.label_pt, floors.label_pt)
    return FloorError(size, "smallest text", fitted.text_pt, floors.text_pt)


def _framed(found: Fitted, size: TargetSize) -> Fitted:
    """``found`` with its bounds grown to the whole page, the figure in the middle."""
    fig, scale = found.fig, found.scale
    width = size.width_pt / scale
    height = (size.height_pt / scale) if size.height_pt else fig.bounds.height()
    centre = fig.bounds.center()
    page = QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height)
    framed = replace(fig, bounds=page, points_per_unit=scale)
    return replace(found, fig=framed)


def reflowed(fitted: Fitted, detailed: bool) -> str:
    """What was changed to fit, in words ("" when the figure is drawn as it was)."""
    way = fitted.way
    parts = []
    if way.direction is not None:
        across = "left to right" if way.direction == "LR" else "top to bottom"
        unit = "row" if way.direction == "LR" else "column"
        parts.append(f"laid out {across}" + (f" in {way.rows} {unit}s" if way.rows > 1 else ""))
    if way.font_size is not None:
        theme = fitted.fig.theme  # (labels as drawn: larger than the font when scaled)
        label_px = round(theme.font_size * theme.label_scale)
        parts.append(f"text and boxes larger against the spacing ({label_px} px labels)")
    if detailed and not way.detailed:
        parts.append("compact instead of detailed")
    return ", ".join(parts)


def floor_text(fitted: Fitted) -> str:
    """The smallest text of a figure at its size: "stage labels 4.1 pt, other text 3.2 pt"."""
    return f"stage labels {fitted.label_pt:.1f} pt, other text {fitted.text_pt:.1f} pt"
