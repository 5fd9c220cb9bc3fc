"""draw.io (diagrams.net) files: an uncompressed ``<mxfile><diagram><mxGraphModel>``, so a
user can go on drawing there.

Each stage is a rounded box where the layout put it, at its size, in the theme's colours,
with its label, its text and its kinds; each link an arrow through its bends, labelled
with its label and a ``✂`` line per intervention. The other annotations (mechanisms,
caveats, notes, declared types, and the interventions' methods) are readable text in a
box under their stage or link, headed by their type in its colour. Cell values are HTML
(``html=1``), escaped as HTML and again as XML.
"""

from __future__ import annotations

import html
import re

from mesadiagram.formats.exchange.common import (
    Box,
    Boxes,
    Palette,
    boxes_of,
    builtin_palette,
    carried,
    cut_lines,
    kind_labels,
    xml_attr,
)
from mesadiagram.model import Annotation, Document, Edge, Node

MARGIN = 40.0  # around the drawing, in draw.io's pixels (the scene's)
NOTE_GAP = 8.0
NOTE_WIDTH = 220.0
LINE_HEIGHT = 15.0  # of the notes' 11 px text
CHAR_WIDTH = 6.0  # about, at 11 px: for the notes' height


def _html(text: str) -> str:
    """Text for an HTML cell value: escaped, line breaks as ``<br>``."""
    return html.escape(carried(text), quote=False).replace("\n", "<br>")


def _style(**values: str | float) -> str:
    """A draw.io style string; ``;`` and ``=`` (its separators) cannot be in a value."""
    parts = []
    for key, value in values.items():
        text = f"{value:g}" if isinstance(value, float) else str(value)
        parts.append(f"{key}={re.sub('[;=]', ' ', text)}")
    return ";".join(["html=1", "whiteSpace=wrap", *parts]) + ";"


def _font(palette: Palette, color: str, size: float) -> dict[str, str | float]:
    return {"fontFamily": palette.font_family, "fontColor": color, "fontSize": size}


def stage_value(doc: Document, node: Node, palette: Palette) -> str:
    parts = [_html(node.label)]
    if node.text:
        parts.append(
            f'<font style="font-size:11px" color="{palette.node_subtext}">{_html(node.text)}</font>'
        )
    kinds = kind_labels(node)
    if kinds:
        shown = " · ".join(_html(k) for k in kinds)
        color = palette.type_color(doc, "kind")
        parts.append(f'<font style="font-size:11px" color="{color}">{shown}</font>')
    return "<br>".join(parts)


def link_value(doc: Document, edge: Edge, palette: Palette) -> str:
    parts = [_html(edge.label)] if edge.label else []
    color = palette.type_color(doc, "intervention")
    for cut in cut_lines(edge):
        parts.append(f'<font color="{color}">{_html(" ".join(cut))}</font>')
    return "<br>".join(parts)


def _noted(element: Node | Edge) -> list[Annotation]:
    """What the note under an element tells: all but the kinds (in the stage's box) and
    the interventions without methods or text (their labels are on the link)."""
    return [
        a
        for a in element.annotations
        if a.type != "kind" and not (a.type == "intervention" and not a.items and not a.text)
    ]


def note_value(doc: Document, annotations: list[Annotation], palette: Palette) -> tuple[str, int]:
    """The note's HTML and about how many lines it takes at ``NOTE_WIDTH``."""
    parts: list[str] = []
    lines = 0
    per_line = int(NOTE_WIDTH / CHAR_WIDTH)
    for type_ in doc.all_types():
        mine = [a for a in annotations if a.type == type_.name]
        if not mine:
            continue
        color = palette.type_color(doc, type_.name)
        heading = type_.plural if len(mine) > 1 else type_.name
        parts.append(f'<b><font color="{color}">{_html(heading.capitalize())}</font></b>')
        lines += 1
        for ann in mine:
            said = ann.label + (": " + ann.text if ann.label and ann.text else ann.text)
            parts.append("• " + _html(said))
            lines += 1 + len(said) // per_line
            for item in ann.items:
                text = item.label + (": " + item.text if item.text else "")
                parts.append("&nbsp;&nbsp;– " + _html(text))
                lines += 1 + len(text) // per_line
    return "<br>".join(parts), lines


def _cell(cell_id: str, value: str, style: str, box: tuple[float, float, float, float]) -> str:
    x, y, w, h = box
    return (
        f'        <mxCell id="{cell_id}" value="{xml_attr(value)}" style="{xml_attr(style)}" '
        f'vertex="1" parent="1">\n          <mxGeometry x="{x:g}" y="{y:g}" width="{w:g}" '
        f'height="{h:g}" as="geometry"/>\n        </mxCell>'
    )


def to_drawio(doc: Document, boxes: Boxes | None = None, palette: Palette | None = None) -> str:
    """The document as a draw.io file."""
    boxes = boxes or boxes_of(doc)
    palette = palette or builtin_palette()
    dx = MARGIN - min((b.left for b in boxes.values()), default=0.0)
    dy = MARGIN - min((b.top for b in boxes.values()), default=0.0)

    def moved(box: Box) -> tuple[float, float, float, float]:
        return (round(box.left + dx, 1), round(box.top + dy, 1), box.width, box.height)

    cells: list[str] = []
    ids: dict[str, str] = {}
    for i, node in enumerate(doc.nodes, 1):
        ids[node.id] = f"stage-{i}"
        fill, border = (
            (palette.outcome_fill, palette.outcome_border)
            if node.outcome
            else (palette.node_fill, palette.node_border)
        )
        style = _style(
            rounded=1,
            arcSize=18,
            fillColor=fill,
            strokeColor=border,
            strokeWidth=2 if node.outcome else 1,
            **_font(palette, palette.node_text, palette.font_size),
        )
        cells.append(
            _cell(ids[node.id], stage_value(doc, node, palette), style, moved(boxes[node.id]))
        )
    note_style = _style(
        text=1,
        align="left",
        verticalAlign="top",
        spacing=4,
        **_font(palette, palette.node_subtext, 11),
    )
    for i, node in enumerate(doc.nodes, 1):
        noted = _noted(node)
        if noted:
            value, lines = note_value(doc, noted, palette)
            x, y, w, h = moved(boxes[node.id])
            width = max(w, NOTE_WIDTH)
            box = (x + (w - width) / 2, y + h + NOTE_GAP, width, lines * LINE_HEIGHT + 8)
            cells.append(_cell(f"note-{i}", value, note_style, box))
    for i, edge in enumerate(doc.edges, 1):
        cells.append(_edge_cell(doc, edge, f"link-{i}", ids, palette, (dx, dy)))
        noted = _noted(edge)
        if noted:
            value, lines = note_value(doc, noted, palette)
            a, b = boxes[edge.source], boxes[edge.target]
            mid_x, mid_y = (a.x + b.x) / 2 + dx, (a.y + b.y) / 2 + dy
            box = (mid_x - NOTE_WIDTH / 2, mid_y + 24, NOTE_WIDTH, lines * LINE_HEIGHT + 8)
            cells.append(_cell(f"link-note-{i}", value, note_style, box))
    name = carried(doc.title) or "Threat model"
    return (
        "\n".join(
            [
                '<mxfile host="mesadiagram" type="device">',
                f'  <diagram id="mesadiagram" name="{xml_attr(name)}">',
                '    <mxGraphModel grid="1" gridSize="10" guides="1" tooltips="1" connect="1" '
                f'arrows="1" fold="1" page="0" pageScale="1" background="{palette.background}" '
                'math="0" shadow="0">',
                "      <root>",
                '        <mxCell id="0"/>',
                '        <mxCell id="1" parent="0"/>',
                *cells,
                "      </root>",
                "    </mxGraphModel>",
                "  </diagram>",
                "</mxfile>",
            ]
        )
        + "\n"
    )


def _edge_cell(
    doc: Document,
    edge: Edge,
    cell_id: str,
    ids: dict[str, str],
    palette: Palette,
    offset: tuple[float, float],
) -> str:
    style = _style(
        edgeStyle="none",
        rounded=0,
        endArrow="block",
        endFill=1,
        strokeColor=palette.edge,
        labelBackgroundColor=palette.background,
        **_font(palette, palette.edge_text, 11),
    )
    dx, dy = offset
    points = "".join(f'<mxPoint x="{x + dx:g}" y="{y + dy:g}"/>' for x, y in edge.route)
    route = f'<Array as="points">{points}</Array>' if points else ""
    return (
        f'        <mxCell id="{cell_id}" value="{xml_attr(link_value(doc, edge, palette))}" '
        f'style="{xml_attr(style)}" edge="1" parent="1" source="{ids[edge.source]}" '
        f'target="{ids[edge.target]}">\n          <mxGeometry relative="1" as="geometry">'
        f"{route}</mxGeometry>\n        </mxCell>"
    )
