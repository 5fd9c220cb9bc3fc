"""Edit commands for groups, text boxes and the declared link types and stage classes.

Like those of :mod:`.commands` (moving a text box is ``MoveNodes``; deleting a stage
takes it out of its group: ``RemoveNode``), each records what it needs to undo itself
the first time it is applied. A command that would break a rule (a stage in two groups,
an empty group, a type still in use) raises ``ValueError`` from ``apply`` before it
changes anything, with a message the editor can show; the helper functions at the end
build the editor's compound edits (group the selection, apply a type to it, rename or
remove a declared type) as one undo step each.
"""

from __future__ import annotations

import copy
from typing import Any

from mesadiagram.model.commands import Command, Macro, SetEdgeFields, SetNodeFields
from mesadiagram.model.document import Document
from mesadiagram.model.elements import Group, LinkId, TextBox
from mesadiagram.model.vocabulary import (
    BUILTIN_LINK_TYPES,
    BUILTIN_STAGE_CLASSES,
    DEFAULT_LINK_TYPE,
    DEFAULT_STAGE_CLASS,
    LinkType,
    StageClass,
)


# -- groups ---------------------------------------------------------------------------------
class AddGroup(Command):
    """Add a group; without an id it gets one from its label (kept for redo)."""

    def __init__(self, group: Group, index: int | None = None) -> None:
        self.group = group
        self.index = index
        self.text = f"Group as “{group.label}”" if group.label else "Group stages"

    def apply(self, doc: Document) -> None:
        group = self.group.clone()
        doc.insert_group(group, self.index)
        self.group.id = group.id  # a redo gives the same id

    def revert(self, doc: Document) -> None:
        doc.remove_group(self.group.id)


class RemoveGroup(Command):
    """Ungroup: the group goes, its stages stay."""

    def __init__(self, group_id: str) -> None:
        self.group_id = group_id
        self.removed: tuple[Group, int] | None = None
        self.text = "Ungroup"

    def apply(self, doc: Document) -> None:
        self.removed = doc.remove_group(self.group_id)

    def revert(self, doc: Document) -> None:
        assert self.removed is not None
        doc.insert_group(*self.removed)


class SetGroupFields(Command):
    """Set a group's label, colour or stages: ``SetGroupFields(id, stages=[...])``."""

    def __init__(self, group_id: str, undo_text: str = "Edit group", **changes: Any) -> None:
        self.group_id = group_id
        self.changes = changes
        self.old: dict[str, Any] = {}
        self.text = undo_text

    def apply(self, doc: Document) -> None:
        self.old = doc.update_group(self.group_id, **copy.deepcopy(self.changes))

    def revert(self, doc: Document) -> None:
        doc.update_group(self.group_id, **self.old)


# -- text boxes -----------------------------------------------------------------------------
class AddBox(Command):
    """Add a text box; without an id it gets one from its text (kept for redo)."""

    def __init__(self, box: TextBox, index: int | None = None) -> None:
        self.box = box
        self.index = index
        self.text = "Add text box"

    def apply(self, doc: Document) -> None:
        box = self.box.clone()
        doc.insert_box(box, self.index)
        self.box.id = box.id

    def revert(self, doc: Document) -> None:
        doc.remove_box(self.box.id)


class RemoveBox(Command):
    def __init__(self, box_id: str) -> None:
        self.box_id = box_id
        self.removed: tuple[TextBox, int] | None = None
        self.text = "Delete text box"

    def apply(self, doc: Document) -> None:
        self.removed = doc.remove_box(self.box_id)

    def revert(self, doc: Document) -> None:
        assert self.removed is not None
        doc.insert_box(*self.removed)


class SetBoxFields(Command):
    """Set a text box's text, position or width: ``SetBoxFields(id, text="Key")``."""

    def __init__(self, box_id: str, undo_text: str = "Edit text box", **changes: Any) -> None:
        self.box_id = box_id
        self.changes = changes
        self.old: dict[str, Any] = {}
        self.text = undo_text

    def apply(self, doc: Document) -> None:
        self.old = doc.update_box(self.box_id, **copy.deepcopy(self.changes))

    def revert(self, doc: Document) -> None:
        doc.update_box(self.box_id, **self.old)


# -- the declared vocabulary ------------------------------------------------------------------
class SetLinkTypes(Command):
    """Replace the declared link types (a type links still have cannot go)."""

    def __init__(self, types: dict[str, LinkType], text: str = "Edit link types") -> None:
        self.types = dict(types)
        self.old: dict[str, LinkType] = {}
        self.text = text

    def apply(self, doc: Document) -> None:
        self.old = doc.set_link_types(self.types)

    def revert(self, doc: Document) -> None:
        doc.set_link_types(self.old)


class SetStageClasses(Command):
    """Replace the declared stage classes (a class stages still have cannot go)."""

    def __init__(self, classes: dict[str, StageClass], text: str = "Edit stage classes") -> None:
        self.classes = dict(classes)
        self.old: dict[str, StageClass] = {}
        self.text = text

    def apply(self, doc: Document) -> None:
        self.old = doc.set_stage_classes(self.classes)

    def revert(self, doc: Document) -> None:
        doc.set_stage_classes(self.old)


# -- compound edits -------------------------------------------------------------------------
def group_stages(
    doc: Document, stage_ids: list[str], label: str = "Group", color: str | None = None
) -> AddGroup:
    """Arrange > Group: a new group of the stages (in document order), its id made from
    ``label``. ValueError (its message for the editor) when a stage is in a group."""
    chosen = set(stage_ids)
    stages = [n.id for n in doc.nodes if n.id in chosen]
    missing = chosen.difference(stages)
    problem = doc.group_problem([*stages, *sorted(missing)])
    if problem:
        raise ValueError(problem)
    return AddGroup(Group(doc.new_group_id(label), label, stages, color))


def add_to_group(doc: Document, group_id: str, stage_ids: list[str]) -> Command:
    """Put stages into a group, taking them out of any other group first (a group left
    empty goes): a move, never an overlap. Stages already in it stay where they are."""
    target = doc.group(group_id)
    new = [s for s in dict.fromkeys(stage_ids) if s not in target.stages]
    commands = _take_out(doc, [s for s in new if doc.group_of(s) is not None])
    stages = [*target.stages, *new]
    commands.append(SetGroupFields(group_id, "Add to group", stages=stages))
    return Macro(f"Add to “{target.label or group_id}”", commands)


def remove_from_group(doc: Document, stage_ids: list[str]) -> Command:
    """Take stages out of their groups; a group left without stages goes."""
    return Macro("Remove from group", _take_out(doc, stage_ids))


def _take_out(doc: Document, stage_ids: list[str]) -> list[Command]:
    leaving: dict[str, set[str]] = {}
    for stage in stage_ids:
        group_id = doc.group_of(stage)
        if group_id is not None:
            leaving.setdefault(group_id, set()).add(stage)
    commands: list[Command] = []
    for group_id, gone in leaving.items():
        kept = [s for s in doc.group(group_id).stages if s not in gone]
        commands.append(
            SetGroupFields(group_id, "Remove from group", stages=kept)
            if kept
            else RemoveGroup(group_id)
        )
    return commands


def set_link_type(doc: Document, link_ids: list[LinkId], name: str) -> Command:
    """Give links a type (the palette's link type entries), as one undo step."""
    label = doc.link_type(name).label
    changes = [SetEdgeFields(k, type=name) for k in link_ids if doc.edge(k).type != name]
    return Macro(f"Make “{label}”", changes)


def set_stage_class(doc: Document, stage_ids: list[str], name: str) -> Command:
    """Give stages a class (the palette's stage class entries), as one undo step."""
    label = doc.stage_class(name).label
    changes = [
        SetNodeFields(s, stage_class=name) for s in stage_ids if doc.node(s).stage_class != name
    ]
    return Macro(f"Make “{label}”", changes)


def replace_link_type(doc: Document, old_name: str, new: LinkType | None) -> Command:
    """Rename or restyle the declared link type ``old_name`` as ``new`` (its place in the
    list kept), or remove it (``new`` None: its links become ``causes``); the links that
    have it follow. ValueError for a built-in or undeclared ``old_name``."""
    return _replace(doc, old_name, new, _LINKS)


def replace_stage_class(doc: Document, old_name: str, new: StageClass | None) -> Command:
    """As ``replace_link_type``, for stage classes (removed: its stages become events)."""
    return _replace(doc, old_name, new, _STAGES)


class _Declarations:
    """How ``_replace`` reaches link types or stage classes."""

    def __init__(self, what, builtin, default, declared, users, retype, set_all) -> None:
        self.what, self.builtin, self.default = what, builtin, default
        self.declared, self.users, self.retype, self.set_all = declared, users, retype, set_all


_LINKS = _Declarations(
    "link type",
    BUILTIN_LINK_TYPES,
    DEFAULT_LINK_TYPE,
    lambda doc: doc.link_types,
    lambda doc, name: [e.id for e in doc.edges if e.type == name],
    lambda key, name: SetEdgeFields(key, type=name),
    SetLinkTypes,
)
_STAGES = _Declarations(
    "stage class",
    BUILTIN_STAGE_CLASSES,
    DEFAULT_STAGE_CLASS,
    lambda doc: doc.stage_classes,
    lambda doc, name: [n.id for n in doc.nodes if n.stage_class == name],
    lambda key, name: SetNodeFields(key, stage_class=name),
    SetStageClasses,
)


def _replace(doc: Document, old_name: str, new: Any, kind: _Declarations) -> Command:
    declared = dict(kind.declared(doc))
    if old_name not in declared:
        raise ValueError(f"“{old_name}” is not a declared {kind.what}.")
    target = kind.default if new is None else new.name
    renamed = new is not None and new.name != old_name
    if renamed and (new.name in declared or new.name in kind.builtin):
        raise ValueError(f"There is a {kind.what} “{new.name}” already.")
    final = {
        (new.name if name == old_name else name): (new if name == old_name else entry)
        for name, entry in declared.items()
        if name != old_name or new is not None
    }
    both = {**declared, **({} if new is None else {new.name: new})}
    users = kind.users(doc, old_name) if target != old_name else []
    commands: list[Command] = []
    if users:
        commands.append(kind.set_all(both))  # both names exist while the users move over
        commands += [kind.retype(key, target) for key in users]
    commands.append(kind.set_all(final))
    verb = "Remove" if new is None else "Edit"
    return Macro(f"{verb} {kind.what} “{old_name}”", commands)
