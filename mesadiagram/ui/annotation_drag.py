"""Dragging annotations: the palette's mime payload and the command a drop pushes.

The payload carries the annotation and its type's declaration as JSON, so a drop into
another window whose document does not declare that type can declare it in the same step.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPixmap

from mesadiagram.model import Document, ElementId
from mesadiagram.model.annotation_types import BUILTIN_TYPES, AnnotationType
from mesadiagram.model.commands import Command, Macro, SetTypes, add_annotation
from mesadiagram.model.elements import Annotation, Item
from mesadiagram.render.drawn_text import drawable
from mesadiagram.render.marks import draw_type_mark
from mesadiagram.render.theme import Theme

if TYPE_CHECKING:
    from mesadiagram.ui.session import DocumentSession

MIME = "application/x-mesadiagram-annotation"
ICON_SIZE = 14
DRAG_TEXT_WIDTH = 240.0


def payload(annotation: Annotation, atype: AnnotationType) -> str:
    """The JSON text a drag of ``annotation`` carries."""
    return json.dumps(
        {
            "annotation": {
                "type": annotation.type,
                "label": annotation.label,
                "text": annotation.text,
                "items": [{"label": i.label, "text": i.text} for i in annotation.items],
                "effect": annotation.effect,
                "refs": list(annotation.refs),
            },
            "annotation_type": {
                "name": atype.name,
                "plural": atype.plural,
                "color": atype.color,
                "icon": atype.icon,
            },
        },
        ensure_ascii=False,
    )


def mime_data(text: str) -> QMimeData:
    data = QMimeData()
    data.setData(MIME, text.encode("utf-8"))
    return data


def read_payload(text: str) -> tuple[Annotation, AnnotationType] | None:
    """The annotation and type in a payload; None when it is not one of ours."""
    try:
        raw = json.loads(text)
        ann, typ = raw["annotation"], raw["annotation_type"]
        annotation = Annotation(
            type=_text(ann["type"]),
            label=_text(ann.get("label", "")),
            text=_text(ann.get("text", "")),
            items=[Item(_text(i["label"]), _text(i.get("text", ""))) for i in ann["items"]],
            effect=_fraction(ann.get("effect")),
            refs=[_text(r) for r in ann.get("refs", [])],
        )
        atype = AnnotationType(
            _text(typ["name"]), _text(typ["plural"]), _text(typ["color"]), _text(typ["icon"])
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    if not annotation.type or atype.name != annotation.type:
        return None
    return annotation, atype


def read_mime(data: QMimeData | None) -> tuple[Annotation, AnnotationType] | None:
    if data is None or not data.hasFormat(MIME):
        return None
    return read_payload(bytes(data.data(MIME)).decode("utf-8", errors="replace"))


def attach_command(
    doc: Document, owners: list[ElementId], annotation: Annotation, atype: AnnotationType
) -> Command:
    """One undo step that attaches a copy of ``annotation`` to each of ``owners``.

    A type the document does not know (dragged from another window) is declared first.
    """
    commands: list[Command] = []
    if atype.name not in doc.types and atype.name not in BUILTIN_TYPES:
        commands.append(SetTypes({**doc.types, atype.name: atype}, f"Declare {atype.name}"))
    commands += [add_annotation(doc, owner, annotation) for owner in owners]
    if len(commands) == 1:
        return commands[0]
    where = f" to {len(owners)} elements" if len(owners) > 1 else ""
    return Macro(f"Attach {atype.name}{where}", commands)


def attach(
    session: DocumentSession,
    owners: list[ElementId],
    annotation: Annotation,
    atype: AnnotationType,
) -> None:
    """Attach a copy of ``annotation`` to each of ``owners`` as one undo step. One owner
    is selected and the inspector shows its new annotation with the label in edit, as
    after every attach (drop, double-click, context menu, the inspector's Add)."""
    session.run(attach_command(session.doc, owners, annotation, atype))
    if len(owners) == 1:
        owner = owners[0]
        session.select([owner])
        session.focus_annotation(owner, len(session.doc.annotations_of(owner)) - 1)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value


def _fraction(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValueError("expected a fraction")
    return float(value)


def drag_pixmap(label: str, atype: AnnotationType, theme: Theme, ratio: float) -> QPixmap:
    """A small chip (the type's mark and the label) that follows the pointer in a drag.

    The label is drawn, measured and elided as ``drawable`` makes it, like all drawn text:
    no bidi overrides or control characters."""
    font = QFont(theme.font_family)
    font.setPointSizeF(theme.font_size)
    metrics = QFontMetricsF(font)
    text = metrics.elidedText(drawable(label), Qt.TextElideMode.ElideRight, DRAG_TEXT_WIDTH)
    width, height = 8 + ICON_SIZE + 6 + metrics.horizontalAdvance(text) + 10, 24.0
    pixmap = QPixmap(round(width * ratio), round(height * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    color = QColor(theme.type_color(atype.name, atype.color))
    painter.setPen(QPen(color, 1.2))
    painter.setBrush(QColor(theme.node_fill))
    painter.drawRoundedRect(QRectF(0.6, 0.6, width - 1.2, height - 1.2), 6, 6)
    mark = QRectF(8 + 2, (height - ICON_SIZE) / 2 + 2, ICON_SIZE - 4, ICON_SIZE - 4)
    draw_type_mark(painter, atype.icon, mark, color)
    painter.setFont(font)
    painter.setPen(QColor(theme.node_text))
    text_rect = QRectF(8 + ICON_SIZE + 6, 0, width, height)
    painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
    painter.end()
    return pixmap
