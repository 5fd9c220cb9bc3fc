"""The parts of a Document beyond its stages and links: the link types and stage classes
it declares, its groups and its text boxes.

A mixin of :class:`~mesadiagram.model.document.Document`, under the same rules: readers,
and low-level mutators (for commands and loaders) that emit one event each. The mutators
refuse what would leave the document inconsistent or unwritable with a ``ValueError``
whose message the editor can show as it is: a link of an undeclared type, a stage in two
groups, an empty group, a text box without text.
"""

from __future__ import annotations

from collections.abc import Container
from typing import TYPE_CHECKING, Any

from mesadiagram.model import events as ev
from mesadiagram.model.elements import BOX_FIELDS, GROUP_FIELDS, ElementId, Group, LinkId, TextBox
from mesadiagram.model.ids import annotation_slug, numbered, unique_id
from mesadiagram.model.vocabulary import (
    BUILTIN_LINK_TYPES,
    BUILTIN_STAGE_CLASSES,
    COLOR_PATTERN,
    LinkType,
    StageClass,
)

if TYPE_CHECKING:
    from mesadiagram.model.document import Document

MIN_BOX_WIDTH = 1.0
"""A text box's width, when set, is at least this (the file writes it rounded)."""


class DocumentParts:
    """Vocabulary, groups and text boxes of a document (mixed into Document)."""

    def _init_parts(self) -> None:
        # Declared ones only, in file order; built-ins are in ``vocabulary.py``. Replace
        # them with ``set_link_types`` / ``set_stage_classes`` (commands: SetLinkTypes...).
        self.link_types: dict[str, LinkType] = {}
        self.stage_classes: dict[str, StageClass] = {}
        self._groups: list[Group] = []
        self._group_by_id: dict[str, Group] = {}
        self._group_of: dict[str, str] = {}  # stage id -> its group's id
        self._boxes: list[TextBox] = []
        self._box_by_id: dict[str, TextBox] = {}

    # -- the vocabulary ------------------------------------------------------------------
    def link_type(self, name: str) -> LinkType:
        """The declared or built-in link type ``name``; KeyError when there is none."""
        found = self.link_types.get(name) or BUILTIN_LINK_TYPES.get(name)
        if found is None:
            raise KeyError(name)
        return found

    def stage_class(self, name: str) -> StageClass:
        """The declared or built-in stage class ``name``; KeyError when there is none."""
        found = self.stage_classes.get(name) or BUILTIN_STAGE_CLASSES.get(name)
        if found is None:
            raise KeyError(name)
        return found

    def all_link_types(self) -> list[LinkType]:
        """Built-in link types first, then the declared ones, in declaration order."""
        return [*BUILTIN_LINK_TYPES.values(), *self.link_types.values()]

    def all_stage_classes(self) -> list[StageClass]:
        """Built-in stage classes first, then the declared ones, in declaration order."""
        return [*BUILTIN_STAGE_CLASSES.values(), *self.stage_classes.values()]

    def carries_risk(self: Document, link_id: LinkId) -> bool:
        """Whether the analysis counts this link (its type carries risk)."""
        return self.link_type(self.edge(link_id).type).carries_risk

    def set_link_types(self: Document, types: dict[str, LinkType]) -> dict[str, LinkType]:
        """Replace the declared link types; returns the previous ones. Refuses a built-in
        name and dropping a type that links still have."""
        _check_declared(types, BUILTIN_LINK_TYPES, "link type")
        in_use = (e.type for e in self.edges)
        _check_kept(types, BUILTIN_LINK_TYPES, in_use, ("link type", "link", "type"))
        old, self.link_types = self.link_types, dict(types)
        self._emit(ev.VocabularyChanged(("link_types",)))
        return old

    def set_stage_classes(self: Document, classes: dict[str, StageClass]) -> dict[str, StageClass]:
        """Replace the declared stage classes; returns the previous ones. Refuses a
        built-in name and dropping a class that stages still have."""
        _check_declared(classes, BUILTIN_STAGE_CLASSES, "stage class")
        in_use = (n.stage_class for n in self.nodes)
        _check_kept(classes, BUILTIN_STAGE_CLASSES, in_use, ("stage class", "stage", "class"))
        old, self.stage_classes = self.stage_classes, dict(classes)
        self._emit(ev.VocabularyChanged(("stage_classes",)))
        return old

    def _check_link_type(self, name: str) -> None:
        if name not in self.link_types and name not in BUILTIN_LINK_TYPES:
            raise ValueError(f"unknown link type {name!r}")

    def _check_stage_class(self, name: str) -> None:
        if name not in self.stage_classes and name not in BUILTIN_STAGE_CLASSES:
            raise ValueError(f"unknown stage class {name!r}")

    # -- ids -----------------------------------------------------------------------------
    def has_id(self: Document, element_id: ElementId) -> bool:
        """Whether a stage, link, group or text box has this id (one namespace)."""
        return (
            self.has_element(element_id)
            or element_id in self._group_by_id
            or element_id in self._box_by_id
        )

    def kind_of(self: Document, element_id: ElementId) -> str | None:
        """``"stage"``, ``"link"``, ``"group"`` or ``"box"``: what the id names, or None."""
        if self.has_node(element_id):
            return "stage"
        if self.has_edge(element_id):
            return "link"
        if element_id in self._group_by_id:
            return "group"
        if element_id in self._box_by_id:
            return "box"
        return None

    def taken_ids(self) -> Container[str]:
        """Every id in use, as a container (without copying them)."""
        return _TakenIds(self)

    # -- groups --------------------------------------------------------------------------
    @property
    def groups(self) -> list[Group]:
        """Groups in file order. Do not mutate the list; use commands."""
        return self._groups

    def group(self, group_id: str) -> Group:
        return self._group_by_id[group_id]

    def has_group(self, group_id: str) -> bool:
        return group_id in self._group_by_id

    def group_of(self, stage_id: str) -> str | None:
        """The id of the group holding the stage, or None."""
        return self._group_of.get(stage_id)

    def group_index(self, group_id: str) -> int:
        return self._groups.index(self._group_by_id[group_id])

    def new_group_id(self, label: str) -> str:
        """A free id made from the label (``group`` when it has none)."""
        return unique_id(label, self.taken_ids(), fallback="group")

    def group_problem(self: Document, stages: list[str], group_id: str | None = None) -> str | None:
        """Why the group ``group_id`` (None: a new one) could not hold ``stages``, in words
        for the editor to show; None when it can."""
        if not stages:
            return "A group needs at least one stage."
        seen: set[str] = set()
        for stage in stages:
            if not self.has_node(stage):
                return f"There is no stage with the id “{stage}”."
            label = self.node(stage).label
            if stage in seen:
                return f"“{label}” is listed twice in the group."
            seen.add(stage)
            other = self._group_of.get(stage)
            if other is not None and other != group_id:
                where = self._group_by_id[other].label or other
                return (
                    f"“{label}” is already in the group “{where}”: a stage belongs to at "
                    "most one group (groups do not nest or overlap)."
                )
        return None

    def insert_group(self: Document, group: Group, index: int | None = None) -> None:
        """Add a group; without an id it gets one from its label."""
        if not group.id:
            group.id = self.new_group_id(group.label)
        elif self.has_id(group.id):
            raise ValueError(f"duplicate id {group.id!r}")
        _check_color(group.color)
        problem = self.group_problem(group.stages)
        if problem:
            raise ValueError(problem)
        self._groups.insert(len(self._groups) if index is None else index, group)
        self._group_by_id[group.id] = group
        self._group_of.update(dict.fromkeys(group.stages, group.id))
        self._emit(ev.GroupAdded(group.id))

    def remove_group(self, group_id: str) -> tuple[Group, int]:
        """Remove a group (not its stages); returns it and its index."""
        group = self._group_by_id.pop(group_id)
        index = self._groups.index(group)
        del self._groups[index]
        for stage in group.stages:
            self._group_of.pop(stage, None)
        self._emit(ev.GroupRemoved(group_id))
        return group, index

    def update_group(self: Document, group_id: str, **changes: Any) -> dict[str, Any]:
        """Set fields of a group (label, stages, color); returns their previous values."""
        group = self._group_by_id[group_id]
        _check_fields(group, GROUP_FIELDS, changes)
        if "color" in changes:
            _check_color(changes["color"])
        if "stages" in changes:
            problem = self.group_problem(changes["stages"], group_id)
            if problem:
                raise ValueError(problem)
            for stage in group.stages:
                del self._group_of[stage]
            self._group_of.update(dict.fromkeys(changes["stages"], group_id))
        old = {name: getattr(group, name) for name in changes}
        for name, value in changes.items():
            setattr(group, name, value)
        self._emit(ev.GroupChanged(group_id, tuple(changes)))
        return old

    # -- text boxes ----------------------------------------------------------------------
    @property
    def boxes(self) -> list[TextBox]:
        """Text boxes in file order. Do not mutate the list; use commands."""
        return self._boxes

    def box(self, box_id: str) -> TextBox:
        return self._box_by_id[box_id]

    def has_box(self, box_id: str) -> bool:
        return box_id in self._box_by_id

    def box_index(self, box_id: str) -> int:
        return self._boxes.index(self._box_by_id[box_id])

    def new_box_id(self, text: str) -> str:
        """A free id made from the text's first words (``box`` when it has none)."""
        return numbered(annotation_slug(text, "box"), self.taken_ids())

    def insert_box(self: Document, box: TextBox, index: int | None = None) -> None:
        """Add a text box; without an id it gets one from its text."""
        _check_box(box.text, box.width)
        if not box.id:
            box.id = self.new_box_id(box.text)
        elif self.has_id(box.id):
            raise ValueError(f"duplicate id {box.id!r}")
        self._boxes.insert(len(self._boxes) if index is None else index, box)
        self._box_by_id[box.id] = box
        self._emit(ev.BoxAdded(box.id))

    def remove_box(self, box_id: str) -> tuple[TextBox, int]:
        box = self._box_by_id.pop(box_id)
        index = self._boxes.index(box)
        del self._boxes[index]
        self._emit(ev.BoxRemoved(box_id))
        return box, index

    def update_box(self, box_id: str, **changes: Any) -> dict[str, Any]:
        """Set fields of a text box (text, position, width); returns the previous values."""
        box = self._box_by_id[box_id]
        _check_fields(box, BOX_FIELDS, changes)
        _check_box(changes.get("text", box.text), changes.get("width", box.width))
        old = {name: getattr(box, name) for name in changes}
        for name, value in changes.items():
            setattr(box, name, value)
        self._emit(ev.BoxChanged(box_id, tuple(changes)))
        return old


def _check_fields(target: object, allowed: tuple[str, ...], changes: dict[str, Any]) -> None:
    for name in changes:
        if name not in allowed:
            raise AttributeError(f"{type(target).__name__} has no editable field {name!r}")


def _check_color(color: str | None) -> None:
    if color is not None and not COLOR_PATTERN.match(color):
        raise ValueError(f"bad colour {color!r}: expected '#RRGGBB'")


def _check_box(text: str, width: float | None) -> None:
    if not text.strip():
        raise ValueError("A text box needs some text.")
    if width is not None and not MIN_BOX_WIDTH <= width <= 1e9:
        raise ValueError(f"a text box's width is from {MIN_BOX_WIDTH:g} to 1e9, not {width!r}")


def _check_declared(declared: dict[str, Any], builtin: dict[str, Any], what: str) -> None:
    for name, entry in declared.items():
        if entry.name != name:
            raise ValueError(f"{what} {entry.name!r} is filed under {name!r}")
        if name in builtin:
            raise ValueError(f"“{name}” is a built-in {what}; a declared one needs another name.")


def _check_kept(
    declared: dict[str, Any], builtin: dict[str, Any], in_use: Any, words: tuple[str, str, str]
) -> None:
    what, users, attribute = words
    counts: dict[str, int] = {}
    for name in in_use:
        if name not in declared and name not in builtin:
            counts[name] = counts.get(name, 0) + 1
    if counts:
        name, n = next(iter(counts.items()))
        raise ValueError(
            f"The {what} “{name}” is still used by {n} {users}{'s' * (n != 1)}: "
            f"change their {attribute} first."
        )


class _TakenIds:
    """Every id of a document (stages, links, groups, boxes) as a container, uncopied."""

    def __init__(self, doc: DocumentParts) -> None:
        self.doc = doc

    def __contains__(self, element_id: object) -> bool:
        return isinstance(element_id, str) and self.doc.has_id(element_id)  # type: ignore[attr-defined]
