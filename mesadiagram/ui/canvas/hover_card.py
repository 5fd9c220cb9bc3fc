"""The hover card of a stage or a link: what its marks stand for, as rich text.

Compact mode draws counts (a disc with "1", a triangle with "2"); the card says what they
count. It names the element by the labels the user reads (a link as "Mesa optimizer →
Misalignment", never by ids), gives its text and probability, then its annotations
grouped by type, each type with its mark and colour as the canvas and the palette show
them, each annotation with its label, text, items (an intervention's methods) and effect.

Made when the pointer asks (``DiagramScene.helpEvent`` calls the items' ``tooltip_at``),
never stored per item. Text from the file is cleaned as drawn text is (``drawable``),
escaped, cut to a sensible length and given break points inside very long words, so a
card stays readable whatever a label holds.
"""

from __future__ import annotations

import base64
import functools
import html
import re

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QToolTip

from mesadiagram.analysis.outcomes import is_outcome
from mesadiagram.model import Annotation, AnnotationType, Document, ElementId
from mesadiagram.model.credence import short_text
from mesadiagram.render.drawn_text import drawable
from mesadiagram.render.marks import draw_type_mark
from mesadiagram.render.theme import Theme, TypeStyle
from mesadiagram.ui.type_style import readable

MAX_TITLE = 200  # characters of a stage or annotation label
MAX_TEXT = 500  # characters of a text
MAX_ANNOTATIONS = 12  # listed on one card; the rest are counted
MAX_ITEMS = 8  # methods listed under one annotation
LONG_WORD = 30  # a run without spaces longer than this gets break points
MARK_PX = 12


def element_card(
    doc: Document,
    theme: Theme,
    element_id: ElementId,
    focus: str | None = None,
    background: QColor | None = None,
) -> str:
    """The card of a stage or link as rich text. ``focus`` is the type of the mark under
    the pointer: its annotations come first. ``background`` is the tooltip's colour (the
    type colours are made readable on it); the application's tooltip palette by default."""
    if background is None:
        background = QToolTip.palette().color(QPalette.ColorRole.ToolTipBase)
    muted = _hex(_muted(background))
    parts = [_header(doc, element_id, muted)]
    element = doc.element(element_id)
    if element.text.strip():
        parts.append(f'<p style="margin:4px 0 0 0">{_shown(element.text, MAX_TEXT)}</p>')
    parts += _annotations(doc, theme, element.annotations, focus, background, muted)
    return "<qt>" + "".join(parts) + "</qt>"


def _header(doc: Document, element_id: ElementId, muted: str) -> str:
    facts: list[str] = []
    if doc.has_node(element_id):
        node = doc.node(element_id)
        title = _shown(node.label, MAX_TITLE) or "(unnamed stage)"
        facts.append("Outcome stage" if is_outcome(doc, node) else "Stage")
        if node.probability is not None:
            facts.append(f"prior p = {short_text(node.probability)}")
    else:
        edge = doc.edge(element_id)
        ends = (doc.node(edge.source).label, doc.node(edge.target).label)
        title = " → ".join(_shown(label, MAX_TITLE) or "(unnamed)" for label in ends)
        facts.append("Link")
        if edge.label.strip():
            facts[-1] += f" “{_shown(edge.label, MAX_TITLE)}”"
        if edge.probability is not None:
            facts.append(f"p = {short_text(edge.probability)} that it transmits")
    return (
        f'<p style="margin:0"><b>{title}</b></p>'
        f'<p style="margin:0; color:{muted}">{" · ".join(facts)}</p>'
    )


def _annotations(
    doc: Document,
    theme: Theme,
    annotations: list[Annotation],
    focus: str | None,
    background: QColor,
    muted: str,
) -> list[str]:
    """The annotations grouped by type in the document's type order, ``focus`` first."""
    if not annotations:
        return [f'<p style="margin:6px 0 0 0; color:{muted}"><i>No annotations</i></p>']
    names = [t.name for t in doc.all_types()]
    names += [a.type for a in annotations if a.type not in names]
    names = list(dict.fromkeys(names))
    if focus in names:
        names.remove(focus)
        names.insert(0, focus)
    parts: list[str] = []
    listed = 0
    for name in names:
        group = [a for a in annotations if a.type == name]
        if not group:
            continue
        atype = doc.annotation_type(name)
        parts.append(_type_heading(atype, theme, len(group), background))
        for ann in group:
            if listed == MAX_ANNOTATIONS:
                break
            parts.append(_annotation(ann, muted))
            listed += 1
    if len(annotations) > listed:
        more = len(annotations) - listed
        parts.append(
            f'<p style="margin:4px 0 0 0; color:{muted}"><i>… and {more} more (the'
            " inspector or the detailed view lists them all)</i></p>"
        )
    return parts


def _type_heading(atype: AnnotationType, theme: Theme, count: int, background: QColor) -> str:
    color = QColor(theme.type_color(atype.name, atype.color))
    style = theme.type_style(atype.name)
    mark = _mark_uri(atype.icon, color.name(), style, background.name())
    text = _hex(readable(color, background, 4.5))
    name = atype.plural if count != 1 else atype.name
    title = _shown(name[:1].upper() + name[1:], MAX_TITLE)
    return (
        f'<p style="margin:6px 0 0 0"><img src="{mark}" width="{MARK_PX}" height="{MARK_PX}">'
        f'&nbsp;<span style="color:{text}"><b>{title}</b></span>'
        f'<span style="color:{text}"> ({count})</span></p>'
    )


def _annotation(ann: Annotation, muted: str) -> str:
    label, text = _shown(ann.label, MAX_TITLE), _shown(ann.text, MAX_TEXT)
    if label and text:
        body = f"<b>{label}</b>: {text}"
    else:
        body = f"<b>{label}</b>" if label else (text or f'<i style="color:{muted}">(empty)</i>')
    lines = [f'<p style="margin:2px 0 0 14px">{body}</p>']
    if ann.effect is not None:
        lines.append(
            f'<p style="margin:0 0 0 28px; color:{muted}">Effect {ann.effect:g}: cuts the'
            f" link's probability by {ann.effect * 100:g}%</p>"
        )
    if ann.items:
        heading = "Methods" if ann.type == "intervention" else "Items"
        lines.append(f'<p style="margin:0 0 0 28px; color:{muted}">{heading}:</p>')
        for item in ann.items[:MAX_ITEMS]:
            entry = f"{_shown(item.label, MAX_TITLE)}"
            if item.text.strip():
                entry += f": {_shown(item.text, MAX_TEXT)}"
            lines.append(f'<p style="margin:0 0 0 28px">– {entry}</p>')
        if len(ann.items) > MAX_ITEMS:
            more = len(ann.items) - MAX_ITEMS
            lines.append(f'<p style="margin:0 0 0 28px; color:{muted}">… and {more} more</p>')
    return "".join(lines)


_LONG_RUN = re.compile(rf"\S{{{LONG_WORD + 1},}}")


def _shown(text: str, limit: int) -> str:
    """``text`` as the card shows it: cleaned, cut at ``limit`` characters, breakable
    inside long words (a zero-width space), escaped, its line breaks kept."""
    text = drawable(text, keep_newlines=True).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    text = _LONG_RUN.sub(_breakable, text)
    return html.escape(text, quote=False).replace("\n", "<br>")


def _breakable(match: re.Match[str]) -> str:
    word = match.group(0)
    return "\u200b".join(word[i : i + LONG_WORD] for i in range(0, len(word), LONG_WORD))


def _muted(background: QColor) -> QColor:
    """A grey that reads on the tooltip's background, for the secondary lines."""
    return readable(QColor("#808080"), background, 3.5)


def _hex(color: QColor) -> str:
    return color.name(QColor.NameFormat.HexRgb)


@functools.lru_cache(maxsize=128)
def _mark_uri(icon: str, color: str, style: TypeStyle, background: str) -> str:
    """The type's mark as the canvas draws it, as an inline PNG (drawn at twice the size,
    so it stays sharp on high-density screens)."""
    image = QImage(2 * MARK_PX, 2 * MARK_PX, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(2, 2)
    box = QRectF(1.5, 1.5, MARK_PX - 3, MARK_PX - 3)
    draw_type_mark(painter, icon, box, QColor(color), style, background)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(bytes(data)).decode("ascii")
