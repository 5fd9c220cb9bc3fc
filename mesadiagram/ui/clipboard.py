"""Cut, copy and paste as YAML text: the selection as a small model in format v1.

Any model file's text pasted from a text editor works too. Pasted stages get fresh ids
when theirs are taken, and land offset so they do not hide what they were copied from.
"""

from __future__ import annotations

import dataclasses
from dataclasses import replace

from mesadiagram.analysis.placement import missing_positions
from mesadiagram.formats import FormatError, dumps, loads
from mesadiagram.model import Document, EdgeKey
from mesadiagram.model.commands import AddEdge, AddNode, Command, SetTypes
from mesadiagram.model.ids import unique_id

PASTE_OFFSET = 30.0


def selection_text(doc: Document, node_ids: list[str], edge_keys: list[EdgeKey]) -> str:
    """The chosen stages, links among them and chosen links (with their ends), as YAML."""
    keep = set(node_ids)
    for key in edge_keys:
        keep.update(key)
    piece = Document(doc.title)
    piece.types = dict(doc.types)
    for node in doc.nodes:
        if node.id in keep:
            piece.insert_node(node.clone())
    for edge in doc.edges:
        if (
            edge.source in keep
            and edge.target in keep
            and (edge.key in edge_keys or (edge.source in node_ids and edge.target in node_ids))
        ):
            piece.insert_edge(edge.clone())
    return dumps(piece)


def looks_like_model(text: str) -> bool:
    return "mesadiagram:" in text or "nodes:" in text


def paste_commands(
    doc: Document, text: str, offset: float = PASTE_OFFSET
) -> tuple[list[Command], list[str], list[EdgeKey]]:
    """Commands that add the model in ``text`` to ``doc``; raises FormatError if invalid.

    Returns the commands and the new stages' ids and links' keys (to select them).
    """
    piece = _read(text)
    placed = missing_positions(piece)  # stages without a position: laid out as on open
    positions = {n.id: placed.get(n.id) or n.position or (0.0, 0.0) for n in piece.nodes}
    shift = _free_shift(doc, list(positions.values()), offset)
    taken = doc.node_ids()
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
        new = dataclasses.replace(
            edge.clone(), source=renamed[edge.source], target=renamed[edge.target], route=[]
        )
        commands.append(AddEdge(new))
        keys.append(new.key)
    missing = {name: t for name, t in piece.types.items() if name not in doc.types}
    if missing:  # types the pasted annotations need: declare them first
        commands.insert(0, SetTypes({**doc.types, **missing}, "Add annotation types"))
    return commands, list(renamed.values()), keys


def _read(text: str) -> Document:
    """The model in ``text``; a piece without the version line is read as version 1."""
    if "mesadiagram:" in text:
        return loads(text, "clipboard")
    try:
        return loads("mesadiagram: 1\n" + text, "clipboard")
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
