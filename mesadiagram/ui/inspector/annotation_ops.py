"""Pure list operations behind the annotation list: grouping, moving, retyping.

An element keeps its annotations in one flat list; the inspector shows them grouped by
type (in the document's type order). These functions map group positions to flat ones and
return new lists for ``SetAnnotations``; they never change their arguments.
"""

from __future__ import annotations

from dataclasses import dataclass

from mesadiagram.model import Annotation, AnnotationType, Document

INTERVENTION = "intervention"


@dataclass(frozen=True)
class Group:
    """One type's annotations: the type and the flat indices, in list order."""

    type: AnnotationType
    indices: tuple[int, ...]


def groups(doc: Document, annotations: list[Annotation]) -> list[Group]:
    """Non-empty groups in the document's type order; unknown types after, as met."""
    order = [t.name for t in doc.all_types()]
    for ann in annotations:
        if ann.type not in order:
            order.append(ann.type)
    out = []
    for name in order:
        indices = tuple(i for i, a in enumerate(annotations) if a.type == name)
        if indices:
            out.append(Group(doc.annotation_type(name), indices))
    return out


def retyped(annotation: Annotation, type_name: str) -> Annotation:
    """A copy of ``annotation`` as ``type_name``; only interventions keep an effect."""
    copy = annotation.clone()
    copy.type = type_name
    if type_name != INTERVENTION:
        copy.effect = None
    return copy


def moved(
    annotations: list[Annotation],
    source: int,
    type_name: str,
    before: int | None = None,
    after: int | None = None,
) -> tuple[list[Annotation], int]:
    """Move annotation ``source`` into the ``type_name`` group; returns the list and its
    new index.

    It lands just before flat index ``before`` or just after ``after`` (both of that
    type), or, when neither is given, at the start of the group (at the end of the list
    when the group is empty). Moving into another group changes the annotation's type.
    """
    items = [a.clone() for a in annotations]
    if before is None and after is None:
        same = [i for i, a in enumerate(annotations) if a.type == type_name]
        if not same:
            items.append(retyped(items.pop(source), type_name))
            return items, len(items) - 1
        before = same[0]
    target = before if before is not None else after
    assert target is not None
    if target == source:  # dropped onto itself: only the type may change
        items[source] = retyped(items[source], type_name)
        return items, source
    moving = retyped(items.pop(source), type_name)
    position = target - (1 if target > source else 0)  # the anchor's index after the pop
    position += 1 if after is not None else 0
    items.insert(position, moving)
    return items, position


def stepped(
    annotations: list[Annotation], index: int, delta: int
) -> tuple[list[Annotation], int] | None:
    """Swap annotation ``index`` with its previous (-1) or next (+1) one of the same type;
    returns the list and the annotation's new index (None when it is already at the end)."""
    kind = annotations[index].type
    same = [i for i, a in enumerate(annotations) if a.type == kind]
    at = same.index(index) + delta
    if not 0 <= at < len(same):
        return None
    other = same[at]
    items = [a.clone() for a in annotations]
    items[index], items[other] = items[other], items[index]
    return items, other


def summary(annotation: Annotation, limit: int = 80) -> str:
    """One line that names an annotation: its label, else the start of its text."""
    text = annotation.label.strip() or annotation.text.strip()
    text = " ".join(text.split())
    if not text:
        return "(empty)"
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
