"""The ways ``fit.py`` tries to draw a figure at a size, and the figures they make.

A ``Way`` is a layout (as drawn, or laid out afresh left to right or top to bottom,
wrapped into rows, with a layer gap), a detail level, a legend placement and a font
size. A ``Fitter`` holds one theme at one font size: the theme's own, or a larger one
(``font_sizes``), with which boxes, chips, tags, callouts and the legend grow with the
text (``Theme.unit``) while the layout's gaps do not. Laid out afresh, its theme draws
stage labels as far above other text as the size's floors set them (``label_scale``)
and, in a fixed frame, lets kinds' chips flow in rows (``Theme.flow_chips``); as drawn,
the theme is as it is (the author placed the stages for its boxes).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, replace

from PySide6.QtCore import QPointF

from mesadiagram.analysis.layout import LayoutResult, layered_layout, wrap_rows
from mesadiagram.analysis.placement import result_command
from mesadiagram.model import Document
from mesadiagram.model.commands import ApplyLayout
from mesadiagram.render.callouts import callout_owners, callout_size, element_callout_lines
from mesadiagram.render.draw import label_font
from mesadiagram.render.figure import MARGIN, Figure, build_figure, place_legend
from mesadiagram.render.figure_parts import follow_layout
from mesadiagram.render.geometry import metrics
from mesadiagram.render.group_frames import frame_room
from mesadiagram.render.legend import legend_geometry
from mesadiagram.render.sizes import node_sizes
from mesadiagram.render.target_size import TargetSize
from mesadiagram.render.theme import Theme

MAX_ROWS = 6  # rows (or columns) tried when wrapping
MAX_REFLOW_STAGES = 400  # larger models are only tried as drawn: a layout takes seconds
# Where the legend goes: where the figure puts it (a free corner, else the short side),
# on the right, below; in a fixed frame also in three columns (a short box for a free
# corner) or one row (a strip), each where the figure puts it
LEGEND_SIDES = ("auto", "right", "below")
FRAME_LEGEND_SIDES = (*LEGEND_SIDES, "wide", "strip")
WIDE_COLUMNS = 3
LAYER_GAPS = (100.0, 60.0)  # the layout's own gap between layers, then a tighter one
# A fixed frame (a slide) also tries, compact, the tightest that leaves a link room for
# its badge and arrow head (with larger fonts the badge grows; the gap does not)
FRAME_GAPS = (*LAYER_GAPS, 48.0)
FONT_SIZES, FONT_STEP = 5, 2.0  # font sizes tried: the theme's, then 2 px larger each
# In a fixed frame (a slide): 4, 8 and 13 px larger. 27 px rather than 26: its small
# text is 21 px, so labels of 30 px stand exactly 20:14 above it (26 px gave 20 and 28,
# labels 2% short of a slide's floor when the other text just met its own).
FRAME_FONT_STEPS = (4.0, 8.0, 13.0)
SMALL_TEXT = 0.78  # other text against stage labels, in every theme (``geometry.fonts``)


@dataclass(frozen=True)
class Way:
    """One way of drawing the figure: layout, detail, legend and font size."""

    direction: str | None = None  # None: as drawn; "LR" or "TB": laid out afresh
    rows: int = 1
    gap: float = LAYER_GAPS[0]  # between layers, when laid out afresh
    detailed: bool = False
    legend: str = "auto"  # "auto" (the figure's own choice), "right", "below", "" (none)
    font_size: float | None = None  # of stage labels, in px; None: the theme's


def detached_copy(doc: Document) -> Document:
    """A copy of ``doc`` that nobody listens to, to lay out for a figure: its declared
    link types and stage classes, groups and text boxes included (``Document.copy``)."""
    return doc.copy()


def with_legend(fig: Figure, side: str) -> Figure:
    """``fig`` (built without its legend) with the legend on ``side``: where the figure
    puts it (``auto``: a free corner, else the side that adds least), on the right, or
    below; ``wide`` (in ``WIDE_COLUMNS`` columns) and ``strip`` (in one row) where the
    figure puts them."""
    content = fig.bounds.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
    if side in ("auto", "wide", "strip"):
        columns = {"auto": 1, "wide": WIDE_COLUMNS, "strip": len(fig.doc.all_types()) + 2}[side]
        legend = place_legend(fig, content, columns=columns)
    else:
        if side == "right":
            corner = QPointF(content.right() + MARGIN, content.top())
        else:
            corner = QPointF(content.left(), content.bottom() + MARGIN)
        legend = legend_geometry(fig.doc, fig.theme, corner)
    if legend is None:
        return fig
    bounds = content.united(legend.rect).adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    return replace(fig, legend=legend, bounds=bounds)


class Fitter:
    """The ways of drawing ``doc`` with one theme (one font size), and their figures."""

    def __init__(
        self,
        doc: Document,
        theme: Theme,
        size: TargetSize,
        legend: bool,
        stage_text: bool = True,
        font_size: float | None = None,
    ) -> None:
        self.doc, self.size, self.legend = doc, size, legend
        # ``font_size``: labels of this many px instead of the theme's (``Way.font_size``)
        self.font_size = font_size
        # As drawn, the theme as it is: the author placed the stages for its boxes.
        self.drawn_theme = theme if font_size is None else theme.with_font_size(font_size)
        # Laid out afresh: labels as far above other text as the floors set them, and in
        # a fixed frame, where height is scarce, kinds' chips in rows rather than a stack.
        scale = label_scale(size, self.drawn_theme.font_size)
        self.theme = self.drawn_theme.for_frame(scale, size.height_pt is not None)
        self.stage_text = stage_text  # stages' texts drawn (and so laid out) or not
        self.floors = size.floors
        self.layouts: dict[tuple[str, float], LayoutResult] = {}

    @functools.cached_property
    def sizes(self) -> dict[str, tuple[float, float]]:
        """Each stage's box at this font, laid out afresh."""
        return node_sizes(self.doc, self.theme, self.stage_text)

    @functools.cached_property
    def drawn_sizes(self) -> dict[str, tuple[float, float]]:
        """Each stage's box as drawn (the theme as it is)."""
        if self.drawn_theme is self.theme:
            return self.sizes
        return node_sizes(self.doc, self.drawn_theme, self.stage_text)

    def arrange(self, way: Way) -> ApplyLayout | None:
        """The positions and routes ``way`` gives the stages and links (one layered layout
        per direction and gap; wrapping it into rows is cheap); None as drawn."""
        if way.direction is None:
            return None
        key = (way.direction, way.gap)
        if key not in self.layouts:
            room = frame_room(self.theme)  # (frames as large as this theme draws them)
            self.layouts[key] = layered_layout(
                self.doc, way.direction, self.sizes, layer_gap=way.gap, room=room
            )
        result = self.layouts[key]
        if way.rows > 1:
            pairs = list(dict.fromkeys((e.source, e.target) for e in self.doc.edges))
            result = wrap_rows(result, pairs, way.direction, way.rows, self.sizes, way.gap)
        return result_command(self.doc, result, "Figure layout")

    def placed(self, layout: ApplyLayout | None) -> dict[str, tuple[float, float] | None]:
        """Where each stage is with ``layout`` (None: as drawn)."""
        if layout is None:
            return {n.id: n.position for n in self.doc.nodes}
        return {n.id: layout.positions.get(n.id, n.position) for n in self.doc.nodes}

    def laid_out(self, layout: ApplyLayout | None) -> Document:
        """The document as drawn, or a copy of it laid out by ``layout``."""
        if layout is None:
            return self.doc
        copy = detached_copy(self.doc)
        layout.apply(copy)
        # (text boxes stand where they stood against the stages, off them)
        size = self.size  # (a fixed frame: boxes beside the stages, if that fills it best)
        aspect = size.width_pt / size.height_pt if size.height_pt else None
        follow_layout(self.doc, copy, self.theme, self.stage_text, aspect)
        return copy

    def scale(self, fig: Figure, label_px: float, text_px: float) -> tuple[float, bool]:
        """The points per scene unit ``fig`` gets, and whether its text holds the floors."""
        w, h = fig.bounds.width(), fig.bounds.height()
        fit = self.size.width_pt / w
        tallest = self.size.height_pt or self.size.max_height_pt
        if tallest is not None:
            fit = min(fit, tallest / h)
        least = max(self.floors.label_pt / label_px, self.floors.text_pt / text_px)
        most = max(self.floors.largest_label_pt / label_px, least)
        scale = min(fit, most)
        return scale, scale >= least * (1 - 1e-9)

    def reach(self, placed: dict[str, tuple[float, float] | None], drawn: bool = False) -> float:
        """The most points per scene unit any figure of the stages ``placed`` (as
        ``drawn``, or laid out afresh) can get: their boxes alone, with the margins, fill
        the size."""
        xs, ys = [], []
        sizes = self.drawn_sizes if drawn else self.sizes
        for node_id, position in placed.items():
            x, y = position or (0.0, 0.0)
            w, h = sizes[node_id]
            xs += [x - w / 2, x + w / 2]
            ys += [y - h / 2, y + h / 2]
        w = max(xs) - min(xs) + 2 * MARGIN
        h = max(ys) - min(ys) + 2 * MARGIN
        tallest = self.size.height_pt or self.size.max_height_pt
        return min(self.size.width_pt / w, tallest / h if tallest else math.inf)

    def figures(self, way: Way, doc: Document):
        """The figures of ``way`` (``doc`` laid out for it), one per legend side."""
        theme = self.drawn_theme if way.direction is None else self.theme
        bare = build_figure(doc, theme, way.detailed, False, self.stage_text, False)
        if not self.legend:
            yield replace(way, legend=""), bare
            return
        fixed = self.size.height_pt is not None
        for side in FRAME_LEGEND_SIDES if fixed else LEGEND_SIDES:
            yield replace(way, legend=side), with_legend(bare, side)

    def hopeless(self, detailed: bool = False) -> bool:
        """Whether the stages' boxes alone (and, ``detailed``, the callouts), packed
        without a gap at the scale the label floor needs, would cover more than the
        page: then no layout can fit."""
        least = self.floors.label_pt / label_font(self.theme).pixelSize()
        boxes = sum(w * h for w, h in self.sizes.values())
        if detailed:
            boxes += callout_area(self.doc, self.theme)
        tallest = self.size.height_pt or self.size.max_height_pt
        return tallest is not None and boxes * least**2 > self.size.width_pt * tallest

    def ways(self, detailed: bool) -> list[Way]:
        """Every way to try in order: as drawn (with the theme's font only: the author
        placed the stages for boxes of that size), then laid out afresh."""
        font = self.font_size
        ways = [Way(None, 1, detailed=detailed)] if font is None else []
        if len(self.doc.nodes) > MAX_REFLOW_STAGES or not self.doc.nodes or self.hopeless():
            return ways
        if font is not None and detailed and self.hopeless(detailed):
            return ways  # (larger text only where it could fit: detailed ways are slow)
        xs = [n.position[0] for n in self.doc.nodes if n.position is not None]
        ys = [n.position[1] for n in self.doc.nodes if n.position is not None]
        wide = not xs or max(xs) - min(xs) >= max(ys) - min(ys)
        # (the tightest gap only for compact ways: detailed callouts need the room)
        fixed = self.size.height_pt is not None
        gaps = FRAME_GAPS if fixed and not detailed else LAYER_GAPS
        for gap in gaps:
            for direction in ("LR", "TB") if wide else ("TB", "LR"):
                for rows in range(1, MAX_ROWS + 1):
                    ways.append(Way(direction, rows, gap, detailed, font_size=font))
        return ways


def label_scale(size: TargetSize, font_size: float) -> float:
    """How much larger than the theme makes them stage labels of ``font_size`` px are
    drawn at ``size``: as much as its floors set labels above other text (a slide: 20
    and 14 pt), where that is more than the theme's own ratio (``SMALL_TEXT``); else as
    the theme has them. Other text then meets its floor when labels meet theirs, rather
    than sitting above it. (Fonts are whole pixels: the label's is rounded down.)"""
    floors = size.floors
    small = max(1, round(font_size * SMALL_TEXT))
    label = math.floor(small * floors.label_pt / floors.text_pt + 1e-9)
    return max(1.0, label / font_size)


def callout_area(doc: Document, theme: Theme) -> float:
    """The area of every detailed callout of ``doc``, as large as ``theme`` draws them."""
    line_h = metrics(theme.font_family, theme.font_size)[1].height()
    area = 0.0
    for owner in callout_owners(doc):
        lines = element_callout_lines(doc, owner, theme)
        w, h = callout_size(lines, line_h, theme.unit)
        area += w * h
    return area


def font_sizes(theme: Theme, fixed: bool = False) -> list[float | None]:
    """The label sizes to try, in px: the theme's (None), then larger ones (more in a
    ``fixed`` frame, where text against the layout's gaps is what fills it)."""
    steps = FRAME_FONT_STEPS if fixed else [i * FONT_STEP for i in range(1, FONT_SIZES)]
    return [None] + [theme.font_size + step for step in steps]
