"""What a paste adds beyond stages and links: groups, text boxes and the declarations
the pasted elements need (``clipboard.py`` builds the rest of the step).

Ids come from one namespace (stages, links, groups and text boxes); ``Taken`` is the
document's ids plus those the paste has already given out.
"""

from __future__ import annotations

from dataclasses import replace

from mesadiagram.model import Document
from mesadiagram.model.commands import Command, SetTypes
from mesadiagram.model.ids import numbered, unique_id
from mesadiagram.model.vocabulary_commands import AddBox, AddGroup, SetLinkTypes, SetStageClasses


class Taken:
    """The ids of a document and those a paste has given out so far."""

    def __init__(self, doc: Document) -> None:
        self.doc_ids = doc.taken_ids()
        self.given: set[str] = set()

    def __contains__(self, element_id: object) -> bool:
        return element_id in self.given or element_id in self.doc_ids

    def add(self, element_id: str) -> None:
        self.given.add(element_id)


def part_commands(
    piece: Document, taken: Taken, renamed: dict[str, str], shift: tuple[float, float]
) -> list[Command]:
    """The piece's groups (their stages by their new ids, ``renamed``) and text boxes
    (moved by ``shift`` with the stages), each with a free id."""
    commands: list[Command] = []
    for group in piece.groups:
        new_id = unique_id(group.label, taken, "group") if group.id in taken else group.id
        taken.add(new_id)
        stages = [renamed[s] for s in group.stages]
        commands.append(AddGroup(replace(group.clone(), id=new_id, stages=stages)))
    dx, dy = shift
    for box in piece.boxes:
        new_id = numbered(box.id, taken)
        taken.add(new_id)
        x, y = box.position
        commands.append(AddBox(replace(box.clone(), id=new_id, position=(x + dx, y + dy))))
    return commands


def pasted_part_ids(commands: list[Command]) -> list[str]:
    """The ids of the groups and text boxes a paste's commands add (to select them)."""
    ids = [c.group.id for c in commands if isinstance(c, AddGroup)]
    return ids + [c.box.id for c in commands if isinstance(c, AddBox)]


def declarations_first(doc: Document, piece: Document, commands: list[Command]) -> list[Command]:
    """The declarations the pasted elements need and ``doc`` lacks, then ``commands``:
    annotation types, and the link types and stage classes in use (a name ``doc``
    knows keeps ``doc``'s look)."""
    first: list[Command] = []
    missing = {name: t for name, t in piece.types.items() if name not in doc.types}
    if missing:  # types the pasted annotations need: declare them first
        first.append(SetTypes({**doc.types, **missing}, "Add annotation types"))
    known = {t.name for t in doc.all_link_types()}
    used = {e.type for e in piece.edges}.difference(known)
    if used:
        links = {n: t for n, t in piece.link_types.items() if n in used}
        first.append(SetLinkTypes({**doc.link_types, **links}, "Add link types"))
    known = {c.name for c in doc.all_stage_classes()}
    used = {n.stage_class for n in piece.nodes}.difference(known)
    if used:
        kinds = {n: c for n, c in piece.stage_classes.items() if n in used}
        first.append(SetStageClasses({**doc.stage_classes, **kinds}, "Add stage classes"))
    return [*first, *commands]
