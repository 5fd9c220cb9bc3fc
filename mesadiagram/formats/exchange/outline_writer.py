"""Writing a threat model as an outline (docs/outline.md), so that reading it back gives
the same document except the positions and what the grammar cannot say (probabilities,
refs, ids chosen by hand, declared annotation types, the presentation).

A chain of stages in list order, whose links carry only interventions (each followed by
its notes), is written as the seed is: the list, then ``## Interventions``. Any other
shape is written with a ``## Links`` section, each link's annotations nested under it.
Whatever would read as the grammar's signs is escaped with a backslash.
"""

from __future__ import annotations

import re
from itertools import pairwise

from mesadiagram.formats.exchange.outline_words import NOTE, heading_for
from mesadiagram.model import BUILTIN_TYPES, Annotation, Document, Edge, Item

INDENT = "  "
_LIST_LIKE = re.compile(r"(\d{1,9})([.)])")  # "1." would start an ordered list
_BREAKS = re.compile(r"\r\n|\r|\n")  # what ends a line of an outline


def outline_bytes(doc: Document, options: object = None) -> bytes:
    """The figure-format registry's writer (``render/formats.py``): the outline as UTF-8.
    No export option applies (``options`` is the registry's ExportOptions, unread)."""
    return outline_text(doc).encode("utf-8")


def outline_text(doc: Document) -> str:
    """``doc`` as an outline."""
    lines: list[str] = []
    if doc.title.strip():
        lines += [f"# {_escape(doc.title.strip())}", ""]
    for paragraph in doc.description.split("\n\n"):
        if paragraph.strip():
            lines += [_paragraph(paragraph), ""]
    chained = _is_chain(doc)
    for node in doc.nodes:
        lines.append(f"- {_stage(node.label, node.text, node.outcome)}")
        lines += _annotations(node.annotations, 1)
    if not chained:
        lines += ["", "## Links", ""]
        for edge in doc.edges:
            lines.append(f"- {_link(doc, edge)}")
            lines += _annotations(edge.annotations, 1)
    elif any(edge.annotations for edge in doc.edges):
        lines += ["", "## Interventions", ""]
        for edge in doc.edges:
            lines += _interventions(doc, edge)
    return "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"


# -- what shape ------------------------------------------------------------------------
def _is_chain(doc: Document) -> bool:
    """Whether the list's order says the links: each stage to the next, nothing on the
    links but interventions with their notes, and every stage named by its label alone."""
    pairs = [(e.source, e.target) for e in doc.edges]
    nodes = doc.nodes
    if pairs != [(a.id, b.id) for a, b in pairwise(nodes)]:
        return False
    if any(e.label or e.text for e in doc.edges):
        return False
    if any(e.annotations for e in doc.edges) and not _labels_unique(doc):
        return False
    return all(_interventions_only(e.annotations) for e in doc.edges)


def _labels_unique(doc: Document) -> bool:
    labels = [n.label.strip() for n in doc.nodes]
    return len(set(labels)) == len(labels)


def _interventions_only(annotations: list[Annotation]) -> bool:
    """Interventions, each followed by notes without sub-items: what ``## Interventions``
    can say. An item that begins ``Note:`` would read as a note there."""
    if annotations and annotations[0].type != "intervention":
        return False
    for ann in annotations:
        if ann.type not in ("intervention", NOTE) or (ann.type == NOTE and ann.items):
            return False
        if any(item.label.strip().casefold() == NOTE for item in ann.items):
            return False
    return True


# -- escaping --------------------------------------------------------------------------
def _escape(text: str) -> str:
    """One line (an outline has no line breaks in a label or text), backslashes doubled;
    every other sign is escaped where it would mean something."""
    return " ".join(_BREAKS.split(text)).replace("\\", "\\\\")


def _escape_label(text: str) -> str:
    """An annotation's or item's label: its colons would split it."""
    return _escape(text).replace(":", "\\:")


def _escape_name(label: str) -> str:
    """A stage's label in ``A -> B``: arrows and colons would end it."""
    return _escape_label(label.strip()).replace(">", "\\>").replace("→", "\\→")


def _paragraph(text: str) -> str:
    """A description line that must not read as a heading, item, arrow or rule."""
    text = _escape(text.strip())
    if text[:1] in "#-*+_→=>":
        return "\\" + text
    numbered = _LIST_LIKE.match(text)
    if numbered:
        return f"{numbered.group(1)}\\{numbered.group(2)}{text[numbered.end() :]}"
    return text


def _stage(label: str, text: str, outcome: bool) -> str:
    """``Label (text)``; ``**Label**`` for an outcome."""
    name = _escape(label.strip())
    if text or name.endswith(")"):
        name = name.replace("(", "\\(")  # the text starts at the first `(`
    if name[:1] in "*_-→":  # no bold, no arrow at the start
        name = "\\" + name
    if outcome:
        name = f"**{name}**"
    return f"{name} ({_escape(text)})" if text else name


def _item(label: str, text: str, type_name: str) -> str:
    """``Label: text``, as ``split_annotation`` reads it back."""
    if label and text:
        return f"{_escape_label(label)}: {_escape(text)}"
    if label:
        return _escape_label(label) + (":" if type_name == NOTE else "")
    if text:
        plain = type_name == NOTE and ":" not in text
        return _escape(text) if plain else f": {_escape(text)}"
    return ""


# -- parts -----------------------------------------------------------------------------
def _annotations(annotations: list[Annotation], depth: int) -> list[str]:
    """Mechanisms as items; every other type under its heading (``Kinds:``), a heading
    for each run of one type, so the order is kept."""
    lines: list[str] = []
    pad = INDENT * depth
    heading = None
    for ann in annotations:
        if ann.type == "mechanism":
            heading = None
            lines.append(f"{pad}- {_item(ann.label, ann.text, ann.type)}")
            lines += _items(ann.items, depth + 1)
            continue
        if ann.type != heading:
            heading = ann.type
            name = heading_for(ann.type) if ann.type in BUILTIN_TYPES else f"{ann.type}:"
            lines.append(f"{pad}- {name}")
        lines.append(f"{pad}{INDENT}- {_item(ann.label, ann.text, ann.type)}")
        lines += _items(ann.items, depth + 2)
    return lines


def _items(items: list[Item], depth: int) -> list[str]:
    return [f"{INDENT * depth}- {_item(i.label, i.text, 'item')}" for i in items]


def _ends(doc: Document, edge: Edge) -> str:
    source, target = doc.node(edge.source), doc.node(edge.target)
    return f"{_escape_name(source.label)} -> {_escape_name(target.label)}"


def _link(doc: Document, edge: Edge) -> str:
    """``A -> B``, ``A -> B: label`` or ``A -> B: label (text)``."""
    label = _escape(edge.label)
    if edge.text or label.endswith(")"):
        label = label.replace("(", "\\(")
    said = f"{label} ({_escape(edge.text)})" if edge.text else label
    return f"{_ends(doc, edge)}: {said}" if said else _ends(doc, edge)


def _interventions(doc: Document, edge: Edge) -> list[str]:
    """``- A -> B: label``, its methods, and ``Note: ...`` for the notes after it."""
    lines: list[str] = []
    for ann in edge.annotations:
        if ann.type == NOTE:
            lines.append(f"{INDENT}- Note: {_item(ann.label, ann.text, NOTE)}")
            continue
        said = _item(ann.label, ann.text, ann.type)
        lines.append(f"- {_ends(doc, edge)}: {said}" if said else f"- {_ends(doc, edge)}")
        lines += _items(ann.items, 1)
    return lines
