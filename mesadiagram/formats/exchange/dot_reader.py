"""Reading Graphviz DOT (``dot_parser.py``): nodes become stages, edges links, with their
labels; what mesadiagram's DOT carries besides comes back too: a record's further fields
as the stage's kinds, a link label's ``✂`` lines as its interventions, tooltips as texts.

Labels are decoded as Graphviz shows them: ``\\n``, ``\\l`` and ``\\r`` break lines,
``\\N`` is the node's name, HTML entities are characters, an HTML-like label is its text
(``<BR/>`` a line break). Everything else (styles, positions, clusters, ports) is listed
in ``skipped``.
"""

from __future__ import annotations

import html
import re

from mesadiagram.formats.exchange.building import Builder, interventions, kinds
from mesadiagram.formats.exchange.common import split_cuts
from mesadiagram.formats.exchange.dot_parser import Attrs, DotGraph, parse
from mesadiagram.formats.imports import ImportResult

# What the reader uses; every other attribute is reported as skipped.
NODE_READ = {"label", "tooltip", "shape"}
EDGE_READ = {"label", "tooltip", "id"}
GRAPH_READ = {"label"}

_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_BREAK = re.compile(r"<\s*br\b[^>]*>|</\s*tr\s*>", re.IGNORECASE)
_CELL_END = re.compile(r"</\s*td\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def entities(text: str) -> str:
    """HTML character references decoded, as Graphviz decodes them in labels (only
    those ending in ``;``; an unknown name is left as written)."""
    if "&" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        decoded = html.unescape(m.group())
        return m.group() if decoded == m.group() else decoded

    return _ENTITY.sub(one, text)


def esc_string(text: str, node: str = "", graph: str = "") -> str:
    """Graphviz's label escapes: ``\\\\`` a backslash, ``\\n \\l \\r`` line breaks,
    ``\\N`` the node's name, ``\\G`` the graph's; any other ``\\x`` is ``x``."""
    if "\\" not in text:
        return text
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch != "\\" or i + 1 >= len(text):
            out.append(ch)
            i += 1
            continue
        nxt = text[i + 1]
        out.append(
            {"n": "\n", "l": "\n", "r": "\n", "N": node, "G": graph, "E": "", "T": "", "H": ""}.get(
                nxt, nxt
            )
        )
        i += 2
    return "".join(out)


def html_label(text: str) -> str:
    """An HTML-like label's text: line breaks for ``<BR/>`` and table rows, a space
    between cells, other tags dropped, character references decoded."""
    text = _CELL_END.sub(" ", _BREAK.sub("\n", text))
    return entities(_TAG.sub("", text))


def record_fields(label: str) -> list[str]:
    """The fields of a record label, in order, flattened (braces only group fields):
    ``\\{ \\} \\| \\< \\> \\ `` are literal, ``<port>`` names are dropped, other
    spaces collapse and are trimmed, as Graphviz draws them."""
    fields: list[str] = []
    current: list[str | None] = []  # a kept space is None until the field is closed

    def close() -> None:
        plain = re.sub(" +", " ", "".join(p if p is not None else "\x00" for p in current))
        fields.append(plain.strip(" ").replace("\x00", " "))
        current.clear()

    i, in_port = 0, False
    while i < len(label):
        ch = label[i]
        if ch == "\\" and i + 1 < len(label):
            nxt = label[i + 1]
            if not in_port:
                current.append(nxt if nxt in "{}|<>" else None if nxt == " " else ch + nxt)
            i += 2
            continue
        if in_port:
            in_port = ch != ">"
        elif ch == "<":
            in_port = True
        elif ch == "|":
            close()
        elif ch not in "{}":
            current.append(ch)
        i += 1
    close()
    return fields


def _text(value: tuple[str, str], node: str = "", graph: str = "") -> str:
    text, kind = value
    if kind == "html":
        return html_label(text)
    return entities(esc_string(text, node, graph))


def _extra(attrs: Attrs, read: set[str]) -> list[str]:
    return [name for name in attrs if name not in read]


def read_dot(text: str, filename: str) -> ImportResult:
    """A document from DOT text; raises FormatError at the first syntax error."""
    graph = parse(text, filename)
    title = _text(graph.attrs["label"], graph=graph.name) if "label" in graph.attrs else ""
    build = Builder(title)
    _read_nodes(graph, build)
    _read_edges(graph, build)
    _report(graph, build)
    return build.result()


def _read_nodes(graph: DotGraph, build: Builder) -> None:
    for name, node in graph.nodes.items():
        attrs = node.attrs
        label, found_kinds = name, []
        if "label" in attrs:
            value, kind = attrs["label"]
            shape = attrs.get("shape", ("", ""))[0].lower()
            if shape in ("record", "mrecord") and kind != "html":
                fields = [entities(esc_string(f, name, graph.name)) for f in record_fields(value)]
                label, found_kinds = fields[0], fields[1:]
            else:
                label = _text(attrs["label"], name, graph.name)
        tooltip = _text(attrs["tooltip"], name, graph.name) if "tooltip" in attrs else ""
        build.stage(name, label, tooltip, kinds(found_kinds))


def _read_edges(graph: DotGraph, build: Builder) -> None:
    for edge in graph.edges:
        attrs = edge.attrs
        label, cuts = split_cuts(_text(attrs["label"])) if "label" in attrs else ("", [])
        tooltip = _text(attrs["tooltip"]) if "tooltip" in attrs else ""
        link_id = esc_string(attrs["id"][0]) if "id" in attrs else ""
        build.link(edge.source, edge.target, label, tooltip, link_id, interventions(cuts))


def _report(graph: DotGraph, build: Builder) -> None:
    if not graph.directed:
        build.skip("undirected graph: each link goes the way it is written")
    build.skip_names("graph attributes", _extra(graph.attrs, GRAPH_READ))
    names = [n for node in graph.nodes.values() for n in _extra(node.attrs, NODE_READ)]
    build.skip_names("node attributes", names)
    build.skip_names(
        "edge attributes", [n for e in graph.edges for n in _extra(e.attrs, EDGE_READ)]
    )
    build.skip_names("subgraphs flattened", graph.subgraphs)
    if graph.ports:
        build.skip(f"ports on edge ends ({graph.ports})")
