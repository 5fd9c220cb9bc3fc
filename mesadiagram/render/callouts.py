"""Detailed view: an element's annotations drawn as a callout list beside it.

Grouped by type in the document's type order, each group headed by the type's plural;
interventions list their methods indented under them.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF

from mesadiagram.model import Annotation, Document, ElementId
from mesadiagram.render.geometry import metrics
from mesadiagram.render.theme import Theme
from mesadiagram.render.wrapping import wrap

CALLOUT_WIDTH = 260.0  # these three for 14-pixel labels: times the theme's ``unit``
PAD = 8.0
INDENT = 14.0


BULLET = "– "  # before each method, which hangs from the text after it
REASONING = ""  # the type name of a link's text's lines (no type: plain text, no mark)


@dataclass
class CalloutLine:
    text: str
    indent: float  # from the box's padding to where the line's text starts
    type_name: str
    heading: bool = False
    first: bool = False  # first line of an entry: gets the type's mark
    annotation: Annotation | None = None
    item: int = 0  # lines of one item (a heading, an entry's text, a method) share it


@dataclass
class CalloutGeometry:
    rect: QRectF
    lines: list[CalloutLine]
    line_height: float
    anchor: QPointF
    pad: float = PAD


def callout_owners(doc: Document) -> list[ElementId]:
    """The elements that have a detailed callout: stages with annotations, links with
    annotations or a text (the reasoning written on the arrow)."""
    return [n.id for n in doc.nodes if n.annotations] + [
        e.id for e in doc.edges if e.annotations or e.text.strip()
    ]


def element_callout_lines(doc: Document, owner: ElementId, theme: Theme) -> list[CalloutLine]:
    """The callout of a stage or link: a link's text first, then the annotations."""
    element = doc.element(owner)
    reasoning = element.text if doc.has_edge(owner) else ""
    return callout_lines(doc, element.annotations, theme, reasoning)


def callout_lines(
    doc: Document, annotations: list[Annotation], theme: Theme, reasoning: str = ""
) -> list[CalloutLine]:
    """The lines of a callout, each with the x where it starts: ``reasoning`` (a link's
    text) first, as plain lines (``type_name`` empty); an entry's lines all start at
    ``INDENT`` (its mark hangs to their left), a method's first line starts with its
    bullet at ``2 * INDENT`` and its further lines hang under the text after the bullet.
    Every line stays ``PAD`` inside the box on both sides."""
    _, sm = metrics(theme.font_family, theme.font_size)
    k = theme.unit
    text_width = (CALLOUT_WIDTH - 2 * PAD) * k
    indent = INDENT * k
    bullet = sm.horizontalAdvance(BULLET)
    out: list[CalloutLine] = []
    item = 0
    if reasoning.strip():
        for line in wrap(reasoning.strip(), sm, text_width, 30):
            out.append(CalloutLine(line, 0, REASONING, item=item))
        item += 1
    for ann_type in doc.all_types():
        group = [a for a in annotations if a.type == ann_type.name]
        if not group:
            continue
        out.append(CalloutLine(ann_type.plural.capitalize(), 0, ann_type.name, True, item=item))
        item += 1
        for ann in group:
            text = (
                ann.label
                if not ann.text
                else (f"{ann.label}: {ann.text}" if ann.label else ann.text)
            )
            for i, line in enumerate(wrap(text, sm, text_width - indent, 30)):
                out.append(CalloutLine(line, indent, ann.type, False, i == 0, ann, item))
            item += 1
            for method in ann.items:
                text = f"{method.label}: {method.text}" if method.text else method.label
                lines = wrap(text, sm, text_width - 2 * indent - bullet, 12)
                out.append(CalloutLine(BULLET + lines[0], 2 * indent, ann.type, item=item))
                for line in lines[1:]:
                    out.append(CalloutLine(line, 2 * indent + bullet, ann.type, item=item))
                item += 1
    return out


def callout_size(
    lines: list[CalloutLine], line_height: float, unit: float = 1.0
) -> tuple[float, float]:
    """The width and height of a callout box holding ``lines`` (``unit``: the theme's)."""
    return CALLOUT_WIDTH * unit, 2 * PAD * unit + line_height * len(lines)


def callout_geometry(
    doc: Document, annotations: list[Annotation], anchor: QPointF, top_left: QPointF, theme: Theme
) -> CalloutGeometry | None:
    """A callout whose box starts at ``top_left`` and points back at ``anchor``."""
    lines = callout_lines(doc, annotations, theme)
    if not lines:
        return None
    _, sm = metrics(theme.font_family, theme.font_size)
    width, height = callout_size(lines, sm.height(), theme.unit)
    return CalloutGeometry(
        QRectF(top_left, QPointF(top_left.x() + width, top_left.y() + height)),
        lines,
        sm.height(),
        anchor,
        PAD * theme.unit,
    )


def leader_end(rect: QRectF, anchor: QPointF) -> QPointF:
    """Where the dashed leader from ``anchor`` meets a callout box ``rect``: the point of
    the box nearest the anchor (drawing and placement both use it)."""
    x = min(max(anchor.x(), rect.left()), rect.right())
    y = min(max(anchor.y(), rect.top()), rect.bottom())
    return QPointF(x, y)
