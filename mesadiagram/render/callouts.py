"""Detailed view: an element's annotations drawn as a callout list beside it.

Grouped by type in the document's type order, each group headed by the type's plural;
interventions list their methods indented under them.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF

from mesadiagram.model import Annotation, Document
from mesadiagram.render.geometry import metrics, wrap
from mesadiagram.render.theme import Theme

CALLOUT_WIDTH = 260.0
PAD = 8.0
INDENT = 14.0


@dataclass
class CalloutLine:
    text: str
    indent: float
    type_name: str
    heading: bool = False
    first: bool = False  # first line of an entry: gets the type's mark
    annotation: Annotation | None = None


@dataclass
class CalloutGeometry:
    rect: QRectF
    lines: list[CalloutLine]
    line_height: float
    anchor: QPointF
    pad: float = PAD


def callout_lines(doc: Document, annotations: list[Annotation], theme: Theme) -> list[CalloutLine]:
    _, sm = metrics(theme.font_family, theme.font_size)
    out: list[CalloutLine] = []
    for ann_type in doc.all_types():
        group = [a for a in annotations if a.type == ann_type.name]
        if not group:
            continue
        out.append(CalloutLine(ann_type.plural.capitalize(), 0, ann_type.name, heading=True))
        for ann in group:
            text = (
                ann.label
                if not ann.text
                else (f"{ann.label}: {ann.text}" if ann.label else ann.text)
            )
            for i, line in enumerate(wrap(text, sm, CALLOUT_WIDTH - 2 * PAD - INDENT, 30)):
                out.append(CalloutLine(line, INDENT, ann.type, first=i == 0, annotation=ann))
            for item in ann.items:
                text = f"{item.label}: {item.text}" if item.text else item.label
                for i, line in enumerate(wrap(text, sm, CALLOUT_WIDTH - 2 * PAD - 2 * INDENT, 12)):
                    out.append(CalloutLine(("– " if i == 0 else "  ") + line, 2 * INDENT, ann.type))
    return out


def callout_geometry(
    doc: Document, annotations: list[Annotation], anchor: QPointF, top_left: QPointF, theme: Theme
) -> CalloutGeometry | None:
    """A callout whose box starts at ``top_left`` and points back at ``anchor``."""
    lines = callout_lines(doc, annotations, theme)
    if not lines:
        return None
    _, sm = metrics(theme.font_family, theme.font_size)
    height = 2 * PAD + sm.height() * len(lines)
    return CalloutGeometry(
        QRectF(top_left, QPointF(top_left.x() + CALLOUT_WIDTH, top_left.y() + height)),
        lines,
        sm.height(),
        anchor,
    )
