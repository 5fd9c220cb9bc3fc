"""The legend: the marks a figure draws, one row each: the annotation types present
(kinds as a chip: each kind's chip carries its own name), the badge that counts a
link's interventions, and the link types and stage classes in use (a line with its
head, a shape) when the document uses more than the default one. Groups need no row:
each frame carries its label.

Figures draw it where it adds the least area (``legend_spot``, from ``figure.py``); the
canvas draws the same one in a corner of the view (``ui/canvas/legend_overlay.py``),
capped to the height it has there. A figure at a size may also try it in ``columns``
(the title first, the rows flowing across: a strip of one row under a slide, or a
short box for a free corner, ``render/fit_ways.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt

from mesadiagram.model import Document
from mesadiagram.model.vocabulary import DEFAULT_LINK_TYPE, DEFAULT_STAGE_CLASS
from mesadiagram.render.draw import LINK_WIDTH, small_font, type_color
from mesadiagram.render.drawn_text import drawable
from mesadiagram.render.fonts import font_metrics, left_baseline, make_font, text_width
from mesadiagram.render.geometry import ARROW_SIZE, arrow_head
from mesadiagram.render.link_heads import draw_head, line_stroke, link_look
from mesadiagram.render.mark_shapes import draw_badge, draw_mark
from mesadiagram.render.stage_shapes import class_colors, known_shape, stage_outline
from mesadiagram.render.surface import Fill, Stroke, Surface
from mesadiagram.render.theme import Theme

# For 14-pixel labels; each is multiplied by the theme's ``unit`` (the legend's text grows).
PAD, ROW_GAP, MARK = 10.0, 4.0, 10.0
TEXT_GAP = 8.0  # between a row's mark and its text
COLUMN_GAP = 18.0  # between the columns of a legend in columns
MAX_TEXT_WIDTH = 300.0  # a longer kind label is cut with an ellipsis


SAMPLE = 26.0  # the width of a link type's or stage class's sample (for 14-pixel labels)


@dataclass
class LegendEntry:
    # "type", "marker", "link" (a link type), "class" (a stage class), "more" (the
    # rows left out of a capped legend)
    kind: str
    type_name: str
    text: str


@dataclass
class LegendGeometry:
    rect: QRectF
    entries: list[LegendEntry]
    row_height: float
    title: str = "Legend"
    # more than one: the title and the entries in a grid of this many columns, each as
    # wide as its widest cell (``column_widths``), row by row
    columns: int = 1
    column_widths: list[float] | None = None


def legend_entries(doc: Document) -> list[LegendEntry]:
    """Exactly the marks drawn: the types in use (in the document's type order), each
    drawn with its mark wherever it is (a stage's chips and counts, a link's tag, a
    callout), and the badge when a link has interventions. Kinds are one row: their
    chips are told apart by the names written in them, not by a swatch."""
    used = {ann.type for _, ann in doc.iter_annotations()}
    entries = [
        LegendEntry("type", t.name, t.plural.capitalize())
        for t in doc.all_types()
        if t.name in used
    ]
    if any(a.type == "intervention" for edge in doc.edges for a in edge.annotations):
        entries.append(LegendEntry("marker", "intervention", "Interventions on a link (count)"))
    return entries + vocabulary_entries(doc)


def vocabulary_entries(doc: Document) -> list[LegendEntry]:
    """A row per link type and per stage class in use, in the document's order (built-in
    ones first), when more than the default is used: a figure of plain causes and
    events needs no key to them. A type that carries no risk says so."""
    entries = []
    links = {edge.type for edge in doc.edges}
    if links - {DEFAULT_LINK_TYPE}:
        for t in doc.all_link_types():
            if t.name in links:
                text = t.label if t.carries_risk else f"{t.label} (no risk)"
                entries.append(LegendEntry("link", t.name, text))
    classes = {node.stage_class for node in doc.nodes}
    if classes - {DEFAULT_STAGE_CLASS}:
        for c in doc.all_stage_classes():
            if c.name in classes:
                entries.append(LegendEntry("class", c.name, c.label))
    return entries


def mark_width(entry: LegendEntry, unit: float) -> float:
    """The width of a row's mark: a sample line or shape is wider than a type's mark."""
    return (SAMPLE if entry.kind in ("link", "class") else MARK) * unit


def legend_size(
    doc: Document, theme: Theme, max_height: float | None = None
) -> tuple[list[LegendEntry], float, float, float]:
    """The entries as drawn (long texts cut; at most as many rows as ``max_height``
    holds, the last saying how many more there are), the width, height and row height,
    in one column."""
    entries = legend_entries(doc)
    small = small_font(theme)
    k = theme.unit
    row = max(font_metrics(small).height(), MARK * k) + ROW_GAP * k
    if max_height is not None:
        rows = max(1, int((max_height - 2 * PAD * k) // row) - 1)  # (one row is the title)
        if len(entries) > rows:
            left_out = len(entries) - rows + 1
            entries = [*entries[: rows - 1], LegendEntry("more", "", f"… and {left_out} more")]
    entries = [_fitted(small, e, MAX_TEXT_WIDTH * k) for e in entries]
    title_font = make_font(theme.font_family, theme.font_size * 0.85, bold=True)
    width = (
        max(
            [text_width(title_font, "Legend")]
            + [text_width(small, e.text) + mark_width(e, k) + 10 * k for e in entries]
        )
        + 2 * PAD * k
    )
    height = 2 * PAD * k + row * (len(entries) + 1)
    return entries, width, height, row


def _fitted(font, entry: LegendEntry, most: float) -> LegendEntry:
    if text_width(font, entry.text) <= most:
        return entry
    cut = font_metrics(font).elidedText(drawable(entry.text), Qt.TextElideMode.ElideRight, most)
    return LegendEntry(entry.kind, entry.type_name, cut)


def legend_geometry(
    doc: Document,
    theme: Theme,
    top_left: QPointF,
    max_height: float | None = None,
    columns: int = 1,
) -> LegendGeometry | None:
    """The legend with its top left corner at ``top_left``, in one column or (for a
    figure at a size) ``columns``; None when the document has no annotation (nothing to
    explain)."""
    entries, width, height, row = legend_size(doc, theme, max_height)
    if not entries:
        return None
    if columns <= 1:
        return LegendGeometry(QRectF(top_left.x(), top_left.y(), width, height), entries, row)
    k = theme.unit
    small = small_font(theme)
    title_font = make_font(theme.font_family, theme.font_size * 0.85, bold=True)
    cells = [text_width(title_font, "Legend")] + [
        text_width(small, e.text) + mark_width(e, k) + TEXT_GAP * k for e in entries
    ]
    columns = min(columns, len(cells))
    widths = [max(cells[i::columns]) for i in range(columns)]
    rows = -(-len(cells) // columns)
    width = sum(widths) + COLUMN_GAP * k * (columns - 1) + 2 * PAD * k
    height = 2 * PAD * k + row * rows
    rect = QRectF(top_left.x(), top_left.y(), width, height)
    return LegendGeometry(rect, entries, row, columns=columns, column_widths=widths)


def draw_legend(s: Surface, doc: Document, geo: LegendGeometry, theme: Theme) -> None:
    with s.group("legend", "legend", "Legend"):
        s.rect(geo.rect, 4, Fill(theme.background), Stroke(theme.node_border, 0.8))
        title_font = make_font(theme.font_family, theme.font_size * 0.85, bold=True)
        pad = PAD * theme.unit
        cells = _cells(geo, pad, COLUMN_GAP * theme.unit)
        title = cells[0]
        s.text(left_baseline(title_font, title), geo.title, title_font, theme.node_text, "start")
        for entry, row in zip(geo.entries, cells[1:], strict=True):
            with s.group(None, f"legend-row {entry.kind} {entry.type_name}".strip(), None):
                _draw_row(s, doc, entry, theme, row)


def _cells(geo: LegendGeometry, pad: float, gap: float) -> list[QRectF]:
    """Where the title and each entry go: one under another, or across ``columns``."""
    x0, y0, row_h = geo.rect.left() + pad, geo.rect.top() + pad, geo.row_height
    count = len(geo.entries) + 1
    if geo.columns <= 1 or not geo.column_widths:
        width = geo.rect.width() - 2 * pad
        return [QRectF(x0, y0 + i * row_h, width, row_h) for i in range(count)]
    lefts = [x0]
    for w in geo.column_widths[:-1]:
        lefts.append(lefts[-1] + w + gap)
    return [
        QRectF(
            lefts[i % geo.columns],
            y0 + (i // geo.columns) * row_h,
            geo.column_widths[i % geo.columns],
            row_h,
        )
        for i in range(count)
    ]


def _draw_row(s: Surface, doc: Document, entry: LegendEntry, theme: Theme, row: QRectF) -> None:
    """One row: the mark as the figure draws it, then its text."""
    small = small_font(theme)
    k = theme.unit
    typed = entry.type_name and entry.kind in ("type", "marker")
    color = type_color(doc, theme, entry.type_name) if typed else theme.node_text
    side = MARK * k
    mark = QRectF(row.left(), row.center().y() - side / 2, side, side)
    if entry.kind == "type":
        icon = doc.annotation_type(entry.type_name).icon
        draw_mark(s, icon, mark, color, theme.type_style(entry.type_name), theme.background)
    elif entry.kind == "marker":
        grow = 2 * k
        draw_badge(s, mark.adjusted(-grow, -grow, grow, grow), "n", color, theme.background, small)
    elif entry.kind == "link":
        _link_sample(s, doc, entry.type_name, theme, row)
    elif entry.kind == "class":
        _class_sample(s, doc, entry.type_name, theme, row)
    left = row.left() + mark_width(entry, k) + TEXT_GAP * k
    text = QRectF(left, row.top(), row.width(), row.height())
    s.text(left_baseline(small, text), entry.text, small, theme.node_text, "start")


def _link_sample(s: Surface, doc: Document, name: str, theme: Theme, row: QRectF) -> None:
    """A short piece of link with its type's line, colour and head."""
    k = theme.unit
    look = link_look(doc, theme, name)
    y = row.center().y()
    start, tip = QPointF(row.left(), y), QPointF(row.left() + SAMPLE * k, y)
    stroke = line_stroke(look, LINK_WIDTH * k, k)
    s.line(start, tip, stroke)
    draw_head(s, look.head, arrow_head(tip, 0.0, ARROW_SIZE * k), look.color, theme.background, k)


def _class_sample(s: Surface, doc: Document, name: str, theme: Theme, row: QRectF) -> None:
    """A small box of the class's shape and colours."""
    k = theme.unit
    height = min(row.height(), MARK * k * 1.3)
    box = QRectF(row.left(), row.center().y() - height / 2, SAMPLE * k, height)
    try:
        shape = known_shape(doc.stage_class(name).shape)
    except KeyError:
        shape = "rounded"
    fill, border = class_colors(doc, theme, name)
    s.path(stage_outline(shape, box, 3 * k), Stroke(border, 1.1 * k), Fill(fill))


SLIDE_STEPS = 8  # how finely a corner's legend slides out of the drawing


def legend_spot(
    size: QSizeF, content: QRectF, free: Callable[[QRectF], bool], gap: float
) -> QPointF:
    """The top left corner for a legend of ``size`` beside a figure whose drawing fills
    ``content``: the spot that makes the whole the smallest, so the legend never adds a
    blank band. First any corner inside ``content`` where ``free`` says nothing is
    drawn (no area added at all); else the free spot that adds least, a legend in a
    corner slid out of the drawing only as far as it must (a corner that is nearly free
    costs a sliver, not a band); else outside, ``gap`` away: on the right or the left
    of a wide figure's short side, below or above a tall one's; on a tie, right, then
    below."""
    w, h = size.width(), size.height()
    c = content
    inside = [
        QRectF(c.right() - w, c.bottom() - h, w, h),
        QRectF(c.right() - w, c.top(), w, h),
        QRectF(c.left(), c.bottom() - h, w, h),
        QRectF(c.left(), c.top(), w, h),
    ]
    for rect in inside:
        if c.contains(rect) and free(rect):
            return rect.topLeft()
    outside = [
        QRectF(c.right() + gap, c.top(), w, h),
        QRectF(c.right() + gap, c.bottom() - h, w, h),
        QRectF(c.left(), c.bottom() + gap, w, h),
        QRectF(c.right() - w, c.bottom() + gap, w, h),
        QRectF(c.left() - gap - w, c.top(), w, h),
        QRectF(c.left(), c.top() - gap - h, w, h),
    ]

    def area(rect: QRectF) -> float:
        whole = c.united(rect)
        return whole.width() * whole.height()

    best = min(outside, key=area)  # (min keeps the first of equal ones)
    # Each corner's legend slid outwards step by step, across or down; the first free
    # spot of each slide is the least it can stick out there.
    for corner, (sx, sy) in zip(inside, ((1, 1), (1, -1), (-1, 1), (-1, -1)), strict=True):
        for dx, dy in ((sx, 0), (0, sy), (sx, sy)):
            for step in range(1, SLIDE_STEPS):
                rect = corner.translated(
                    dx * (w + gap) * step / SLIDE_STEPS, dy * (h + gap) * step / SLIDE_STEPS
                )
                if area(rect) >= area(best):
                    break
                if free(rect):
                    best = rect
                    break
    return best.topLeft()
