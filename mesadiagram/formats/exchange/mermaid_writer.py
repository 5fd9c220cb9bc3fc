"""Mermaid flowcharts (``.mmd``, or a ```` ```mermaid ```` block in a README): stages as
rounded boxes (outcomes as stadiums), links with their labels, each intervention a
``✂`` line of its link's label.

Every label is quoted, and everything Mermaid would read as syntax or markup is written
as one of Mermaid's entity codes (``#quot;``, ``#35;``...): quotes, ``#`` (which starts a
code), ``< > &`` (labels are HTML), backquotes (a markdown string), ``|`` (ends a link's
label); a line break is ``<br>``. Stage ids that Mermaid could mistake for a keyword
(``end``, ``graph``...) or a link are renamed. ``mermaid_reader.py`` reads it back.
"""

from __future__ import annotations

import json
import re

from mesadiagram.formats.exchange.common import carried, cut_lines, one_line, reads_down
from mesadiagram.model import Document

_CODES = {
    "#": "#35;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "&": "#amp;",
    "`": "#96;",
    "|": "#124;",
    "\t": "#9;",
}
_SPECIAL = re.compile('[#"<>&`|\t]')
SAFE_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*")
# Words Mermaid's flowchart grammar reserves: an id that is one is renamed, and one that
# starts with ``end`` too (Mermaid's docs warn that it breaks a chart).
KEYWORDS = {
    "end", "graph", "flowchart", "subgraph", "direction", "style", "class", "classdef",
    "click", "linkstyle", "call", "href", "default", "interpolate",
}  # fmt: skip


def label_text(text: str) -> str:
    """``text`` for inside a quoted Mermaid label."""
    text = _SPECIAL.sub(lambda m: _CODES[m.group()], carried(text))
    return text.replace("\n", "<br>")


def mermaid_ids(doc: Document) -> dict[str, str]:
    """A Mermaid id for each stage: its own id when Mermaid reads it as a plain name,
    else one made from it (letters, digits, ``_``), unique."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for node in doc.nodes:
        name = node.id
        lower = name.lower()
        if not SAFE_ID.fullmatch(name) or lower in KEYWORDS or lower.startswith("end"):
            base = re.sub(r"[^A-Za-z0-9_]+", "_", name).strip("_")
            name = f"s_{base}" if base else "s"
        candidate, n = name, 2
        while candidate.lower() in taken:
            candidate = f"{name}_{n}"
            n += 1
        taken.add(candidate.lower())
        out[node.id] = candidate
    return out


def to_mermaid(doc: Document) -> str:
    """The document as a Mermaid flowchart."""
    lines = []
    if doc.title:
        # Front matter is YAML: a JSON string is a double-quoted YAML scalar.
        lines += ["---", f"title: {json.dumps(one_line(doc.title), ensure_ascii=False)}", "---"]
    lines.append(f"flowchart {'TD' if reads_down(doc) else 'LR'}")
    if doc.description.strip():
        lines += [f"%% {one_line(line)}" for line in doc.description.splitlines() if line.strip()]
    ids = mermaid_ids(doc)
    for node in doc.nodes:
        opening, closing = ('(["', '"])') if node.outcome else ('("', '")')
        lines.append(f"    {ids[node.id]}{opening}{label_text(node.label)}{closing}")
    for edge in doc.edges:
        parts = [edge.label] if edge.label else []
        parts += [line for cut in cut_lines(edge) for line in cut]
        text = "<br>".join(label_text(p) for p in parts)
        arrow = f'-->|"{text}"|' if parts else "-->"
        lines.append(f"    {ids[edge.source]} {arrow} {ids[edge.target]}")
    return "\n".join(lines) + "\n"
