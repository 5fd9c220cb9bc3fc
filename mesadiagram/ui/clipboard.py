"""Cut, copy and paste as YAML text: the selection as a small model in the file format.

Any model file's text pasted from a text editor works too. Pasted stages get fresh ids
when theirs are taken, and land offset so they do not hide what they were copied from.
The clipboard's bytes are read the way a file's are (size, NUL bytes, UTF-8, checked by
``safe_yaml.decode``), so anything that is not a model is refused with the file reader's
one-line ``clipboard:LINE:COL`` problems.
"""

from __future__ import annotations

import dataclasses
from dataclasses import replace

from mesadiagram.analysis.placement import missing_positions
from mesadiagram.formats import FormatError, dumps, loads, safe_yaml
from mesadiagram.formats.migrations import CURRENT_VERSION
from mesadiagram.model import Document, LinkId, default_link_id
from mesadiagram.model.commands import AddEdge, AddNode, Command, SetTypes
from mesadiagram.model.ids import numbered, unique_id

PASTE_OFFSET = 30.0
SOURCE = "clipboard"  # the file name in the problems of a refused paste


def selection_document(doc: Document, node_ids: list[str], link_ids: list[LinkId]) -> Document:
    """A new document of the chosen stages, the links among them and the chosen links
    (with their ends), each with its annotations and ids, and the types of ``doc``.
    Copy (as YAML) and Copy as SVG / PNG both take the selection this way."""
    chosen_nodes, chosen_links = set(node_ids), set(link_ids)
    keep = set(chosen_nodes)
    for link_id in chosen_links:
        keep.update((doc.edge(link_id).source, doc.edge(link_id).target))
    piece = Document(doc.title, doc.description)
    piece.types = dict(doc.types)
    for node in doc.nodes:
        if node.id in keep:
            piece.insert_node(node.clone())
    for edge in doc.edges:
        among_chosen = edge.source in chosen_nodes and edge.target in chosen_nodes
        if edge.id in chosen_links or among_chosen:
            piece.insert_edge(edge.clone())
    return piece


def selection_text(doc: Document, node_ids: list[str], link_ids: list[LinkId]) -> str:
    """The selection as model text (see ``selection_document``)."""
    return dumps(selection_document(doc, node_ids, link_ids))


def looks_like_model(text: str) -> bool:
    return "mesadiagram:" in text or "nodes:" in text


def paste_commands(
    doc: Document, text: bytes | str, offset: float = PASTE_OFFSET
) -> tuple[list[Command], list[str], list[LinkId]]:
    """Commands that add the model in ``text`` (the clipboard's bytes, or text) to ``doc``;
    raises FormatError if it is not a valid model, whatever the bytes.

    Returns the commands and the new stages' ids and links' keys (to select them).
    """
    piece = _read(text)
    placed = missing_positions(piece)  # stages without a position: laid out as on open
    positions = {n.id: placed.get(n.id) or n.position or (0.0, 0.0) for n in piece.nodes}
    shift = _free_shift(doc, list(positions.values()), offset)
    taken = doc.node_ids() | {e.id for e in doc.edges}  # stages and links share ids
    renamed: dict[str, str] = {}
    commands: list[Command] = []
    for node in piece.nodes:
        new_id = unique_id(node.label, taken) if node.id in taken else node.id
        taken.add(new_id)
        renamed[node.id] = new_id
        x, y = positions[node.id]
        copy = dataclasses.replace(node.clone(), id=new_id, position=(x + shift, y + shift))
        commands.append(AddNode(copy))
    keys = []
    for edge in piece.edges:
        # Routes belong to the old places of the stages: pasted links start straight.
        source, target = renamed[edge.source], renamed[edge.target]
        new_id = numbered(default_link_id(source, target), taken)
        taken.add(new_id)
        new = dataclasses.replace(edge.clone(), id=new_id, source=source, target=target, route=[])
        commands.append(AddEdge(new))
        keys.append(new_id)
    missing = {name: t for name, t in piece.types.items() if name not in doc.types}
    if missing:  # types the pasted annotations need: declare them first
        commands.insert(0, SetTypes({**doc.types, **missing}, "Add annotation types"))
    return commands, list(renamed.values()), keys


def _read(raw: bytes | str) -> Document:
    """The model in ``raw``; a piece without the version line is read as the current version.

    Bytes are decoded as a file's are: bad UTF-8, a NUL byte or too much of it is a
    positioned FormatError, never a UnicodeDecodeError.
    """
    text = safe_yaml.decode(raw, SOURCE)
    if "mesadiagram:" in text:
        return loads(text, SOURCE)
    try:
        return loads(f"mesadiagram: {CURRENT_VERSION}\n" + text, SOURCE)
    except FormatError as err:  # report the lines of the text as the user sees it
        raise FormatError([replace(p, line=max(1, p.line - 1)) for p in err.problems]) from None


def _free_shift(doc: Document, positions: list[tuple[float, float]], offset: float) -> float:
    """The smallest multiple of ``offset`` that puts no pasted stage on an existing one,
    so that pasting again and again fans the copies out instead of stacking them."""

    def cell(x: float, y: float) -> tuple[int, int]:
        return round(x / offset), round(y / offset)

    taken = {cell(*n.position) for n in doc.nodes if n.position is not None}
    shift = 0.0
    while any(cell(x + shift, y + shift) in taken for x, y in positions):
        shift += offset
    return shift
