"""GraphML as yEd writes it: each stage a ``y:ShapeNode`` (its box where the layout put it,
the theme's colours, its label and a second label with its kinds), each link a
``y:PolyLineEdge`` (its bends, its label, a label of its interventions), so the diagram
shows in yEd as drawn here.

Everything is also plain GraphML data, for ``networkx.read_graphml`` and other tools:

- graph: ``title``, ``description``, ``types`` (the document's own annotation types,
  JSON), ``refs``;
- stage: ``label``, ``text``, ``annotations``, ``probability``, ``outcome``, ``refs``;
- link: ``label``, ``text``, ``annotations``, ``probability``, ``refs``.

``refs`` are JSON lists of strings.

``annotations`` is a JSON list of objects (``id``, ``type``, ``label``, ``text``,
``items`` of ``{label, text}``, ``effect``, ``refs``; empty ones left out). XML cannot
hold most control characters: where a label, text or id had some, the ``exact`` key
holds the exact values as JSON, which ``graphml_reader.py`` restores.
"""

from __future__ import annotations

import dataclasses
import json
import textwrap
from typing import Any

from mesadiagram.formats.exchange.common import (
    Boxes,
    Palette,
    boxes_of,
    builtin_palette,
    carried,
    cut_lines,
    kind_labels,
    xml_attr,
    xml_clean,
    xml_escape,
)
from mesadiagram.model import Annotation, Document, Edge, Node
from mesadiagram.model.credence import middle
from mesadiagram.model.ids import numbered

# (id, for, name, type); "graphics" keys are yEd's own.
KEYS = (
    ("d0", "graph", "title", "string"),
    ("d1", "graph", "description", "string"),
    ("d2", "graph", "types", "string"),
    ("d3", "graph", "exact", "string"),
    ("d4", "graph", "refs", "string"),
    ("d10", "node", "graphics", "nodegraphics"),
    ("d11", "node", "label", "string"),
    ("d12", "node", "text", "string"),
    ("d13", "node", "annotations", "string"),
    ("d14", "node", "probability", "double"),
    ("d15", "node", "outcome", "boolean"),
    ("d16", "node", "exact", "string"),
    ("d17", "node", "refs", "string"),
    ("d20", "edge", "graphics", "edgegraphics"),
    ("d21", "edge", "label", "string"),
    ("d22", "edge", "text", "string"),
    ("d23", "edge", "annotations", "string"),
    ("d24", "edge", "probability", "double"),
    ("d25", "edge", "exact", "string"),
    ("d26", "edge", "refs", "string"),
)
KEY_ID = {(kind, name): key for key, kind, name, _ in KEYS}
HEADER = (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    ' xmlns:y="http://www.yworks.com/xml/graphml"'
    ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
    ' http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd">'
)
LABEL_PT = 12  # yEd's label size (its default): our boxes hold 14 px labels


def to_json(value: Any) -> str:
    """Readable JSON (not ASCII-only) that XML can hold: json escapes control characters
    already, and the two non-characters here."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")


def annotation_data(ann: Annotation) -> dict[str, Any]:
    out: dict[str, Any] = {"id": ann.id, "type": ann.type}
    if ann.label:
        out["label"] = ann.label
    if ann.text:
        out["text"] = ann.text
    if ann.items:
        out["items"] = [
            {"label": i.label, **({"text": i.text} if i.text else {})} for i in ann.items
        ]
    if ann.effect is not None:
        out["effect"] = ann.effect
    if ann.refs:
        out["refs"] = list(ann.refs)
    return out


def _data(kind: str, name: str, value: str) -> str:
    return f'<data key="{KEY_ID[kind, name]}">{xml_escape(value)}</data>'


def _exact(kind: str, fields: dict[str, str]) -> list[str]:
    """The ``exact`` data when XML would lose characters of one of ``fields``."""
    lost = {k: v for k, v in fields.items() if xml_clean(v) != v}
    return [_data(kind, "exact", to_json(lost))] if lost else []


def _common(kind: str, element: Node | Edge) -> list[str]:
    out = [_data(kind, "label", element.label), _data(kind, "text", element.text)]
    if element.annotations:
        out.append(
            _data(kind, "annotations", to_json([annotation_data(a) for a in element.annotations]))
        )
    if element.probability is not None:  # (a range: its middle, GraphML's one number)
        out.append(_data(kind, "probability", repr(middle(element.probability))))
    if element.refs:
        out.append(_data(kind, "refs", to_json(element.refs)))
    return out


def _node_graphics(doc: Document, node: Node, box: Any, palette: Palette) -> str:
    fill, border = (
        (palette.outcome_fill, palette.outcome_border)
        if node.outcome
        else (palette.node_fill, palette.node_border)
    )
    kinds = kind_labels(node)
    where = "t" if kinds else "c"
    label = (
        f'<y:NodeLabel alignment="center" autoSizePolicy="content" fontFamily='
        f'"{xml_attr(palette.font_family)}" fontSize="{LABEL_PT}" fontStyle="plain" '
        f'modelName="internal" modelPosition="{where}" textColor="{palette.node_text}" '
        f'visible="true">{xml_escape(carried(node.label))}</y:NodeLabel>'
    )
    if kinds:
        width = max(12, int(box.width / 6.5))
        shown = "\n".join(textwrap.wrap(" · ".join(carried(k) for k in kinds), width)) or " "
        label += (
            f'<y:NodeLabel alignment="center" autoSizePolicy="content" fontSize="10" '
            f'fontStyle="plain" modelName="internal" modelPosition="b" '
            f'textColor="{palette.type_color(doc, "kind")}" visible="true">'
            f"{xml_escape(shown)}</y:NodeLabel>"
        )
    return (
        f'<data key="{KEY_ID["node", "graphics"]}"><y:ShapeNode>'
        f'<y:Geometry x="{box.left:g}" y="{box.top:g}" width="{box.width:g}" '
        f'height="{box.height:g}"/><y:Fill color="{fill}" transparent="false"/>'
        f'<y:BorderStyle color="{border}" type="line" '
        f'width="{2.0 if node.outcome else 1.0}"/>{label}'
        f'<y:Shape type="roundrectangle"/></y:ShapeNode></data>'
    )


def _edge_graphics(doc: Document, edge: Edge, palette: Palette) -> str:
    points = "".join(f'<y:Point x="{x:g}" y="{y:g}"/>' for x, y in edge.route)
    labels = ""
    if edge.label:
        labels += (
            f'<y:EdgeLabel alignment="center" fontSize="10" modelName="centered" '
            f'modelPosition="center" textColor="{palette.edge_text}" visible="true">'
            f"{xml_escape(carried(edge.label))}</y:EdgeLabel>"
        )
    cuts = "\n".join(line for cut in cut_lines(edge) for line in cut)
    if cuts:
        labels += (
            f'<y:EdgeLabel alignment="left" fontSize="10" modelName="side_slider" '
            f'preferredPlacement="anywhere" ratio="0.5" '
            f'textColor="{palette.type_color(doc, "intervention")}" visible="true">'
            f"{xml_escape(cuts)}</y:EdgeLabel>"
        )
    return (
        f'<data key="{KEY_ID["edge", "graphics"]}"><y:PolyLineEdge>'
        f'<y:Path sx="0.0" sy="0.0" tx="0.0" ty="0.0">{points}</y:Path>'
        f'<y:LineStyle color="{palette.edge}" type="line" width="1.0"/>'
        f'<y:Arrows source="none" target="standard"/>{labels}'
        f'<y:BendStyle smoothed="false"/></y:PolyLineEdge></data>'
    )


def _xml_ids(ids: list[str]) -> list[str]:
    """Ids for XML attributes: cleaned, numbered where cleaning made two the same."""
    taken: set[str] = set()
    out = []
    for element_id in ids:
        clean = numbered(xml_clean(element_id) or "id", taken)
        taken.add(clean)
        out.append(clean)
    return out


def to_graphml(doc: Document, boxes: Boxes | None = None, palette: Palette | None = None) -> str:
    """The document as yEd-flavoured GraphML."""
    boxes = boxes or boxes_of(doc)
    palette = palette or builtin_palette()
    lines = [HEADER]
    for key, kind, name, value_type in KEYS:
        if value_type in ("nodegraphics", "edgegraphics"):
            lines.append(f'  <key id="{key}" for="{kind}" yfiles.type="{value_type}"/>')
        else:
            lines.append(
                f'  <key id="{key}" for="{kind}" attr.name="{name}" attr.type="{value_type}"/>'
            )
    lines.append('  <graph id="G" edgedefault="directed">')
    lines.append("    " + _data("graph", "title", doc.title))
    lines.append("    " + _data("graph", "description", doc.description))
    if doc.refs:
        lines.append("    " + _data("graph", "refs", to_json(doc.refs)))
    if doc.types:
        types = [dataclasses.asdict(t) for t in doc.types.values()]
        lines.append("    " + _data("graph", "types", to_json(types)))
    lines += [
        "    " + d for d in _exact("graph", {"title": doc.title, "description": doc.description})
    ]
    node_ids = dict(
        zip((n.id for n in doc.nodes), _xml_ids([n.id for n in doc.nodes]), strict=True)
    )
    for node in doc.nodes:
        xml_id = node_ids[node.id]
        parts = [_node_graphics(doc, node, boxes[node.id], palette), *_common("node", node)]
        parts.append(_data("node", "outcome", "true" if node.outcome else "false"))
        parts += _exact("node", {"id": node.id, "label": node.label, "text": node.text})
        lines.append(f'    <node id="{xml_attr(xml_id)}">{"".join(parts)}</node>')
    edge_ids = _xml_ids([e.id for e in doc.edges])
    for edge, xml_id in zip(doc.edges, edge_ids, strict=True):
        parts = [_edge_graphics(doc, edge, palette), *_common("edge", edge)]
        parts += _exact("edge", {"id": edge.id, "label": edge.label, "text": edge.text})
        ends = (
            f'source="{xml_attr(node_ids[edge.source])}" target="{xml_attr(node_ids[edge.target])}"'
        )
        lines.append(f'    <edge id="{xml_attr(xml_id)}" {ends}>{"".join(parts)}</edge>')
    lines += ["  </graph>", "</graphml>"]
    return "\n".join(lines) + "\n"
