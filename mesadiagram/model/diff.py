"""What differs between two versions of a document.

``changes(old, new)`` walks both and yields one :class:`Change` per element added or
removed and per field changed, with the old and new values. Stages, links, annotations,
groups and text boxes are matched by id, declared types and classes by name, so a
renamed stage is one change, not a removal and an addition. Two users:

- the editor's Compare button: ``differences(mine, theirs)``, short lines that say which
  elements differ and in which fields (``compare`` groups the changes by element);
- ``mesadiagram diff``: ``model/diff_words.py`` says each change in the model's words.

Pure Python.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from mesadiagram.model.document import Document
from mesadiagram.model.elements import DOCUMENT_FIELDS

ONLY_THEIRS = "only in theirs"
ONLY_MINE = "only in mine"
CHANGED = "changed"
ADDED, REMOVED = "added", "removed"  # a Change's status besides CHANGED

ANNOTATION_FIELDS = ("type", "label", "text", "items", "effect", "refs")

PARTS = (
    ("link_types", "link type"),
    ("stage_classes", "stage class"),
    ("groups", "group"),
    ("boxes", "text box"),
    ("scenarios", "scenario"),
)
"""Sections beyond stages and links, with the word for one of their entries. A document
without one of them (an older model) simply has nothing to compare there."""

_HANDLED = {"title", "description", "refs", "types", "presentation", *(n for n, _ in PARTS)}


@dataclass(frozen=True)
class Change:
    """One change from ``old`` to ``new``.

    ``status`` is ADDED or REMOVED (``element`` is the element) or CHANGED (``field``
    with its ``before`` and ``after`` values; ``element`` is the new version). ``owner``
    is an annotation's owner id in ``new`` (in ``old`` when removed)."""

    kind: str  # "document", "type", "presentation", "stage", "link", "annotation",
    # "order", or the word of a part ("group", "link type"...)
    id: str
    status: str
    element: Any = None
    field: str = ""
    before: Any = None
    after: Any = None
    owner: str = ""
    old_element: Any = None  # for CHANGED: the version in ``old``


def _fields(element: object, skip: tuple[str, ...] = ("id", "annotations")) -> list[str]:
    """The fields to compare, in declaration order (new fields are picked up by
    themselves)."""
    if dataclasses.is_dataclass(element):
        return [f.name for f in dataclasses.fields(element) if f.name not in skip]
    return [k for k in vars(element) if not k.startswith("_") and k not in skip]


def _field_changes(kind: str, key: str, a: Any, b: Any, names: Iterable[str]) -> Iterator[Change]:
    for name in names:
        before, after = getattr(a, name, None), getattr(b, name, None)
        if before != after:
            yield Change(kind, key, CHANGED, b, name, before, after, old_element=a)


def _matched(kind: str, old: dict[str, Any], new: dict[str, Any], names=None) -> Iterator[Change]:
    """Added ones (in ``new``'s order), then removed or changed ones (in ``old``'s)."""
    for key, element in new.items():
        if key not in old:
            yield Change(kind, key, ADDED, element)
    for key, element in old.items():
        if key not in new:
            yield Change(kind, key, REMOVED, element)
        elif element != new[key]:
            fields = names if names is not None else _fields(element)
            yield from _field_changes(kind, key, element, new[key], fields)


def _keyed(value: Any) -> dict[str, Any] | None:
    """A section's entries by id or name, or None if it is not made of such entries."""
    if isinstance(value, dict):
        return value
    if isinstance(value, (list, tuple)):
        keys = [getattr(e, "id", None) or getattr(e, "name", None) for e in value]
        if all(isinstance(k, str) for k in keys) and len(set(keys)) == len(keys):
            return dict(zip(keys, value, strict=True))
    return None


def _part_changes(name: str, word: str, old: Any, new: Any) -> Iterator[Change]:
    if old == new:
        return
    a, b = _keyed(old if old is not None else []), _keyed(new if new is not None else [])
    if a is None or b is None:
        yield Change("document", "", CHANGED, new, name, old, new)
    else:
        yield from _matched(word, a, b)


def _annotation_changes(old: Document, new: Document) -> Iterator[Change]:
    old_anns = {a.id: (owner, a) for owner, a in old.iter_annotations()}
    new_anns = {a.id: (owner, a) for owner, a in new.iter_annotations()}
    for key, (owner, ann) in new_anns.items():
        if key not in old_anns:
            yield Change("annotation", key, ADDED, ann, owner=owner)
    for key, (owner, ann) in old_anns.items():
        if key not in new_anns:
            yield Change("annotation", key, REMOVED, ann, owner=owner)
            continue
        new_owner, new_ann = new_anns[key]
        for change in _field_changes("annotation", key, ann, new_ann, ANNOTATION_FIELDS):
            yield dataclasses.replace(change, owner=new_owner)
        if new_owner != owner:
            yield Change(
                "annotation", key, CHANGED, new_ann, "owner", owner, new_owner, new_owner, ann
            )


def changes(old: Document, new: Document) -> list[Change]:
    """Every change from ``old`` to ``new``: the document's fields, annotation types,
    presentation, stages, links, annotations, the other parts, and the order of stages
    and links when nothing else changed."""
    out: list[Change] = [*_field_changes("document", "", old, new, DOCUMENT_FIELDS)]
    out += _matched("type", old.types, new.types)
    if old.presentation != new.presentation:
        out.append(
            Change("presentation", "", CHANGED, new.presentation, "presentation",
                   old.presentation, new.presentation)
        )  # fmt: skip
    out += _matched("stage", {n.id: n for n in old.nodes}, {n.id: n for n in new.nodes})
    out += _matched("link", {e.id: e for e in old.edges}, {e.id: e for e in new.edges})
    out += _annotation_changes(old, new)
    for name, word in PARTS:
        out += _part_changes(name, word, getattr(old, name, None), getattr(new, name, None))
    extra = [k for k in (*vars(old), *vars(new)) if not k.startswith("_") and k not in _HANDLED]
    for name in dict.fromkeys(extra):  # sections added later, not known here by name
        word = name.replace("_", " ").rstrip("s")
        out += _part_changes(name, word, getattr(old, name, None), getattr(new, name, None))
    if not out:  # the same elements: in the same order?
        lists = [("stages", old.nodes, new.nodes), ("links", old.edges, new.edges)]
        lists += [(n, getattr(old, n, None), getattr(new, n, None)) for n, _ in PARTS]
        for kind, a, b in lists:
            keys_a, keys_b = _keyed(a or []), _keyed(b or [])
            if keys_a is not None and keys_b is not None and list(keys_a) != list(keys_b):
                out.append(Change("order", kind.replace("_", " "), CHANGED, None, kind))
    return out


# -- the Compare button ----------------------------------------------------------------------
@dataclass(frozen=True)
class Difference:
    """One element (or the document's own fields) that is not the same in both."""

    kind: str  # "document", "stage", "link", "annotation", "types"
    id: str
    name: str  # a label to show
    status: str  # ONLY_THEIRS, ONLY_MINE or CHANGED
    fields: tuple[str, ...] = ()  # for CHANGED: which fields differ

    def describe(self, theirs: str = "on disk", mine: str = "here") -> str:
        what = f"{self.kind.capitalize()} {self.name}" if self.name else self.kind.capitalize()
        if self.id and self.id != self.name:
            what += f" ({self.id})"
        if self.status == ONLY_THEIRS:
            return f"{what}: only {theirs}"
        if self.status == ONLY_MINE:
            return f"{what}: only {mine}"
        return f"{what}: {', '.join(self.fields)} differ{'s' if len(self.fields) == 1 else ''}"


def _quoted(label: str) -> str:
    short = label if len(label) <= 40 else label[:39] + "…"
    return f"“{short}”" if short else ""


def _name(change: Change, old: Document) -> str:
    element = change.old_element if change.status == CHANGED else change.element
    if change.kind == "stage":
        return _quoted(element.label)
    if change.kind == "link":
        return _quoted(element.label) or f"{element.source} → {element.target}"
    if change.kind == "annotation":
        owner = old.annotation(change.id)[0] if change.status == CHANGED else change.owner
        return f"{element.type} {_quoted(element.label)} on {owner}".replace("  ", " ")
    label = getattr(element, "label", "") or getattr(element, "name", "")
    return _quoted(label if isinstance(label, str) else "")


def compare(mine: Document, theirs: Document) -> list[Difference]:
    """Every difference, one per element: the document's fields, annotation types,
    presentation, stages, links, annotations, other parts, or the order."""
    out: list[Difference] = []
    grouped: dict[tuple[str, str], int] = {}  # (kind, id) -> index in out
    status = {ADDED: ONLY_THEIRS, REMOVED: ONLY_MINE, CHANGED: CHANGED}
    for change in changes(mine, theirs):
        if change.kind == "type":  # annotation types: said in one line
            key = ("types", "")
            diff = Difference("types", "", "annotation types", CHANGED, ("declarations",))
        elif change.kind == "presentation":
            key, diff = ("presentation", ""), Difference("presentation", "", "", CHANGED,
                                                         ("steps or options",))  # fmt: skip
        elif change.kind == "order":
            key = ("document", "order")
            diff = Difference("document", "", "", CHANGED, ("order of stages or links",))
        else:
            key = (change.kind, change.id)
            name = _name(change, mine)
            fields = (change.field,) if change.status == CHANGED else ()
            diff = Difference(change.kind, change.id, name, status[change.status], fields)
        if key not in grouped:
            grouped[key] = len(out)
            out.append(diff)
        elif diff.fields and diff.fields[0] not in out[grouped[key]].fields:
            found = out[grouped[key]]
            out[grouped[key]] = dataclasses.replace(found, fields=found.fields + diff.fields)
    return out


def differences(
    mine: Document, theirs: Document, limit: int = 12, theirs_name: str = "on disk"
) -> list[str]:
    """At most ``limit`` lines saying what differs (the last one counts the rest)."""
    found = [d.describe(theirs=theirs_name) for d in compare(mine, theirs)]
    if len(found) > limit:
        rest = len(found) - (limit - 1)
        found = [*found[: limit - 1], f"… and {rest} more differences"]
    return found


__all__ = [
    "Change",
    "Difference",
    "changes",
    "compare",
    "differences",
]
