"""The legend: the annotation types and kinds present in a figure, with their marks."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF

from mesadiagram.model import Document
from mesadiagram.render.draw import draw_mark, small_font, type_color
from mesadiagram.render.fonts import font_metrics, left_baseline, make_font, text_width
from mesadiagram.render.surface import Fill, Stroke, Surface
from mesadiagram.render.theme import Theme

PAD, ROW_GAP, MARK = 10.0, 4.0, 10.0


@dataclass
class LegendEntry:
    kind: str  # "type", "kind", "marker"
    type_name: str
    text: str


@dataclass
class LegendGeometry:
    rect: QRectF
    entries: list[LegendEntry]
    row_height: float
    title: str = "Legend"


def legend_entries(doc: Document) -> list[LegendEntry]:
    """Types in use (in the document's type order), then the kinds in use by name."""
    used = {ann.type for _, ann in doc.iter_annotations()}
    entries = [
        LegendEntry("type", t.name, t.plural.capitalize())
        for t in doc.all_types()
        if t.name in used
    ]
    kinds = list(
        dict.fromkeys(
            ann.label for _, ann in doc.iter_annotations() if ann.type == "kind" and ann.label
        )
    )
    entries += [LegendEntry("kind", "kind", k) for k in kinds]
    if "intervention" in used:
        entries.append(LegendEntry("marker", "intervention", "Interventions on a link (count)"))
    return entries


def legend_size(doc: Document, theme: Theme) -> tuple[list[LegendEntry], float, float, float]:
    entries = legend_entries(doc)
    small = small_font(theme)
    row = max(font_metrics(small).height(), MARK) + ROW_GAP
    title_font = make_font(theme.font_family, theme.font_size * 0.85, bold=True)
    width = (
        max(
            [text_width(title_font, "Legend")]
            + [
                text_width(small, e.text) + MARK + 10 + (14 if e.kind == "kind" else 0)
                for e in entries
            ]
        )
        + 2 * PAD
    )
    height = 2 * PAD + row * (len(entries) + 1)
    return entries, width, height, row


def legend_geometry(doc: Document, theme: Theme, top_left: QPointF) -> LegendGeometry | None:
    entries, width, height, row = legend_size(doc, theme)
    if not entries:
        return None
    return LegendGeometry(QRectF(top_left.x(), top_left.y(), width, height), entries, row)


def draw_legend(s: Surface, doc: Document, geo: LegendGeometry, theme: Theme) -> None:
    with s.group("legend", "legend", "Legend"):
        s.rect(geo.rect, 4, Fill(theme.background), Stroke(theme.node_border, 0.8))
        small = small_font(theme)
        title_font = make_font(theme.font_family, theme.font_size * 0.85, bold=True)
        x = geo.rect.left() + PAD
        y = geo.rect.top() + PAD
        s.text(
            left_baseline(title_font, QRectF(x, y, geo.rect.width(), geo.row_height)),
            geo.title,
            title_font,
            theme.node_text,
            "start",
        )
        y += geo.row_height
        for entry in geo.entries:
            color = type_color(doc, theme, entry.type_name)
            row = QRectF(x, y, geo.rect.width() - 2 * PAD, geo.row_height)
            mark = QRectF(x, row.center().y() - MARK / 2, MARK, MARK)
            text_x = x + MARK + 8
            if entry.kind == "type":
                draw_mark(
                    s,
                    doc.annotation_type(entry.type_name).icon,
                    mark,
                    color,
                    theme.type_style(entry.type_name),
                    theme.background,
                )
            elif entry.kind == "kind":
                style = theme.type_style("kind")
                chip = QRectF(x + 14, row.center().y() - 6, MARK + 6, 12)
                s.rect(chip, 6, Fill(color, 0.14), Stroke(color, 0.9, style.line))
                text_x = chip.right() + 8
            else:
                s.ellipse(mark.adjusted(-2, -2, 2, 2), Fill(color), None)
            s.text(
                left_baseline(small, QRectF(text_x, y, row.width(), geo.row_height)),
                entry.text,
                small,
                theme.node_text,
                "start",
            )
            y += geo.row_height
