"""Reading GraphML with ``networkx.read_graphml``: nodes become stages, edges links, with
their labels (a plain ``label`` key, or yEd's node and edge labels). What
``graphml_writer.py`` carries besides comes back too: texts, annotations, the document's
annotation types, probabilities, outcomes and the exact values of the ``exact`` key.
Links keep the file's order. Positions, shapes, colours and any other data are listed
in ``skipped``.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import networkx as nx

from mesadiagram.formats.errors import FormatError, Problem
from mesadiagram.formats.exchange.building import Builder
from mesadiagram.formats.imports import ImportResult
from mesadiagram.model import BUILTIN_TYPES, Annotation, AnnotationType, Item
from mesadiagram.model.annotation_types import KNOWN_ICONS

# A declared type's name, as the model file requires (``formats/schema.py``).
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*$")

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
NODE_READ = {"label", "text", "description", "annotations", "probability", "outcome", "exact"}
NODE_READ |= {"refs"}
EDGE_READ = {"label", "text", "description", "annotations", "probability", "exact", "id", "refs"}
GRAPH_READ = {"title", "description", "types", "exact", "refs"}
LAYOUT = {"x", "y", "shape_type"}  # yEd's geometry and shape, as networkx reads them


def _fail(filename: str, line: int, column: int, message: str) -> FormatError:
    return FormatError([Problem(filename, line, column, "", message)])


def _json(value: Any, default: Any) -> Any:
    if not isinstance(value, str):
        return default
    try:
        return json.loads(value)
    except ValueError:
        return default


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _exact(attrs: dict[str, Any]) -> dict[str, Any]:
    """The exact values of the ``exact`` key (a JSON object), if any."""
    fields = _json(attrs.get("exact"), {})
    return fields if isinstance(fields, dict) else {}


class _Annotations:
    """Annotations from the JSON of the ``annotations`` key, checked; types the document
    does not declare are declared (a model file names only declared types)."""

    def __init__(self, declared: dict[str, AnnotationType]) -> None:
        self.types = dict(declared)
        self.bad = 0

    def read(self, raw: Any) -> list[Annotation]:
        entries = _json(raw, None)
        if raw is None:
            return []
        if not isinstance(entries, list):
            self.bad += 1
            return []
        out = []
        for entry in entries:
            ann = self._one(entry)
            if ann is None:
                self.bad += 1
            else:
                out.append(ann)
        return out

    def _one(self, entry: Any) -> Annotation | None:
        if not isinstance(entry, dict) or not isinstance(entry.get("type"), str):
            return None
        type_name = entry["type"]
        if not NAME_PATTERN.match(type_name):
            return None
        if type_name not in BUILTIN_TYPES and type_name not in self.types:
            self.types[type_name] = AnnotationType(type_name, type_name + "s", "#888888", "dot")
        items = [
            Item(_text(i.get("label")), _text(i.get("text")))
            for i in entry.get("items") or []
            if isinstance(i, dict)
        ]
        effect = entry.get("effect")
        if not (
            isinstance(effect, (int, float)) and not isinstance(effect, bool) and 0 <= effect <= 1
        ):
            effect = None
        refs = [r for r in entry.get("refs") or [] if isinstance(r, str)]
        ann_id = entry.get("id") if isinstance(entry.get("id"), str) else ""
        return Annotation(
            type_name,
            _text(entry.get("label")),
            _text(entry.get("text")),
            items,
            float(effect) if effect is not None else None,
            refs,
            ann_id,
        )


def _declared_types(raw: Any) -> dict[str, AnnotationType]:
    out = {}
    entries = _json(raw, [])
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        name = entry.get("name")
        if isinstance(name, str) and NAME_PATTERN.match(name) and name not in BUILTIN_TYPES:
            color = entry.get("color") if isinstance(entry.get("color"), str) else "#888888"
            icon = entry.get("icon") if entry.get("icon") in KNOWN_ICONS else "dot"
            plural = entry.get("plural") if isinstance(entry.get("plural"), str) else name + "s"
            out[name] = AnnotationType(name, plural or name + "s", color, icon)
    return out


def _refs(value: Any) -> list[str]:
    refs = _json(value, [])
    return [r for r in refs if isinstance(r, str)] if isinstance(refs, list) else []


def _probability(value: Any) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1:
        return float(value)
    return None


def _edge_order(text: str) -> list[tuple[str, str, str | None]]:
    """(source, target, id) of every edge in file order (networkx groups them by node)."""
    root = ET.fromstring(text)
    return [(e.get("source"), e.get("target"), e.get("id")) for e in root.iter(f"{GRAPHML}edge")]


def read_graphml(text: str, filename: str) -> ImportResult:
    """A document from GraphML; raises FormatError for XML or GraphML it cannot read."""
    try:
        graph = nx.parse_graphml(text, edge_key_type=str, force_multigraph=True)
        order = _edge_order(text)
    except ET.ParseError as err:
        line, column = err.position
        message = str(err).split(":")[0]
        raise _fail(filename, line, column + 1, f"not well-formed XML: {message}") from None
    except (nx.NetworkXError, ValueError, KeyError, TypeError) as err:
        raise _fail(filename, 1, 1, f"not GraphML that can be read: {err}") from None
    data = graph.graph
    exact = _exact(data)
    build = Builder(
        _text(exact.get("title", data.get("title"))),
        _text(exact.get("description", data.get("description"))),
    )
    build.doc.refs = _refs(data.get("refs"))
    annotations = _Annotations(_declared_types(data.get("types")))
    skipped: dict[str, set[str]] = {"graph": set(), "node": set(), "edge": set()}
    skipped["graph"] |= {k for k in data if k not in GRAPH_READ and not k.endswith("_default")}
    keys: dict[str, str] = {}  # networkx's node name -> the Builder's name for it
    for name, attrs in graph.nodes(data=True):
        fields = _exact(attrs)
        keys[name] = _text(fields.get("id", name))
        label = fields.get("label", attrs.get("label"))
        stage_id = build.stage(
            keys[name],
            _text(label) if label is not None else keys[name],
            _text(fields.get("text", attrs.get("text", attrs.get("description")))),
            annotations.read(attrs.get("annotations")),
        )
        node = build.doc.node(stage_id)
        node.probability = _probability(attrs.get("probability"))
        node.outcome = attrs.get("outcome") is True
        node.refs = _refs(attrs.get("refs"))
        skipped["node"] |= {k for k in attrs if k not in NODE_READ}
    for source, target, key, attrs in _edges_in_order(graph, order):
        fields = _exact(attrs)
        link_id = build.link(
            keys[source],
            keys[target],
            _text(fields.get("label", attrs.get("label"))),
            _text(fields.get("text", attrs.get("text", attrs.get("description")))),
            _text(fields.get("id", key if isinstance(key, str) else "")),
            annotations.read(attrs.get("annotations")),
        )
        edge = build.doc.edge(link_id)
        edge.probability = _probability(attrs.get("probability"))
        edge.refs = _refs(attrs.get("refs"))
        skipped["edge"] |= {k for k in attrs if k not in EDGE_READ}
    build.doc.set_types(annotations.types)
    _report(build, skipped, annotations.bad)
    return build.result()


def _edges_in_order(
    graph: nx.MultiDiGraph, order: list[tuple[str, str, str | None]]
) -> list[tuple[str, str, Any, dict[str, Any]]]:
    """networkx's edges in the file's order: by id, and those without one (numbered by
    networkx) in turn between their two nodes."""
    unnamed: dict[tuple[str, str], list[Any]] = {}
    for source, target, key in graph.edges(keys=True):
        if not isinstance(key, str):
            unnamed.setdefault((source, target), []).append(key)
    out = []
    for source, target, edge_id in order:
        if edge_id is not None and graph.has_edge(source, target, edge_id):
            key = edge_id
        elif unnamed.get((source, target)):
            key = unnamed[source, target].pop(0)
        else:
            continue
        out.append((source, target, key, graph.edges[source, target, key]))
    return out


def _report(build: Builder, skipped: dict[str, set[str]], bad: int) -> None:
    for kind in ("graph", "node", "edge"):
        names = skipped[kind]
        if kind == "node" and names & LAYOUT:
            build.skip("positions and shapes (the model is laid out afresh)")
            names = names - LAYOUT
        build.skip_names(f"{kind} data", names)
    if bad:
        build.skip(f"{bad} annotations that could not be read")
