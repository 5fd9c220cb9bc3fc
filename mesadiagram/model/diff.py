"""What differs between two versions of a document, as short lines for people.

``differences(mine, theirs)`` compares the document open in the editor (``mine``) with
another version of it (``theirs``, e.g. the file as another program left it on disk).
Stages, links and annotations are matched by id, so a renamed stage is one change, not a
removal and an addition. Pure Python: the editor's Compare button shows the lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mesadiagram.model.document import Document
from mesadiagram.model.elements import (
    DOCUMENT_FIELDS,
    EDGE_FIELDS,
    NODE_FIELDS,
    Annotation,
    Edge,
    Node,
)

ONLY_THEIRS = "only in theirs"
ONLY_MINE = "only in mine"
CHANGED = "changed"

ANNOTATION_FIELDS = ("type", "label", "text", "items", "effect", "refs")


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


def _changed_fields(a: object, b: object, names: Iterable[str]) -> tuple[str, ...]:
    return tuple(name for name in names if getattr(a, name) != getattr(b, name))


def _stage_name(node: Node) -> str:
    return _quoted(node.label)


def _link_name(edge: Edge) -> str:
    return _quoted(edge.label) or f"{edge.source} → {edge.target}"


def _annotation_name(owner: str, ann: Annotation) -> str:
    return f"{ann.type} {_quoted(ann.label)} on {owner}".replace("  ", " ")


def _by_id(
    kind: str,
    mine: dict[str, object],
    theirs: dict[str, object],
    fields: tuple[str, ...],
    name,
) -> list[Difference]:
    out = []
    for key, element in theirs.items():
        if key not in mine:
            out.append(Difference(kind, key, name(element), ONLY_THEIRS))
    for key, element in mine.items():
        if key not in theirs:
            out.append(Difference(kind, key, name(element), ONLY_MINE))
        else:
            changed = _changed_fields(element, theirs[key], fields)
            if changed:
                out.append(Difference(kind, key, name(element), CHANGED, changed))
    return out


def compare(mine: Document, theirs: Document) -> list[Difference]:
    """Every difference: the document's fields, annotation types, stages, links, annotations."""
    out: list[Difference] = []
    doc_fields = _changed_fields(mine, theirs, DOCUMENT_FIELDS)
    if doc_fields:
        out.append(Difference("document", "", "", CHANGED, doc_fields))
    if mine.types != theirs.types:
        out.append(Difference("types", "", "annotation types", CHANGED, ("declarations",)))
    if mine.presentation != theirs.presentation:
        out.append(Difference("presentation", "", "", CHANGED, ("steps or options",)))
    out += _by_id(
        "stage",
        {n.id: n for n in mine.nodes},
        {n.id: n for n in theirs.nodes},
        NODE_FIELDS,
        _stage_name,
    )
    out += _by_id(
        "link",
        {e.id: e for e in mine.edges},
        {e.id: e for e in theirs.edges},
        ("source", "target", *EDGE_FIELDS),
        _link_name,
    )
    mine_anns = {a.id: (owner, a) for owner, a in mine.iter_annotations()}
    theirs_anns = {a.id: (owner, a) for owner, a in theirs.iter_annotations()}
    for key, (owner, ann) in theirs_anns.items():
        if key not in mine_anns:
            out.append(Difference("annotation", key, _annotation_name(owner, ann), ONLY_THEIRS))
    for key, (owner, ann) in mine_anns.items():
        name = _annotation_name(owner, ann)
        if key not in theirs_anns:
            out.append(Difference("annotation", key, name, ONLY_MINE))
            continue
        their_owner, their_ann = theirs_anns[key]
        changed = _changed_fields(ann, their_ann, ANNOTATION_FIELDS)
        if their_owner != owner:
            changed += ("owner",)
        if changed:
            out.append(Difference("annotation", key, name, CHANGED, changed))
    mine_order = [n.id for n in mine.nodes] + [e.id for e in mine.edges]
    theirs_order = [n.id for n in theirs.nodes] + [e.id for e in theirs.edges]
    if not out and mine_order != theirs_order:
        out.append(Difference("document", "", "", CHANGED, ("order of stages or links",)))
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
