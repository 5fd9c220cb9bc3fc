"""The palette's entries: the document's distinct annotations, kept up to date per edit.

An entry is an annotation the document uses, distinct by type, label and text (empty
ones are left out: the type's own row gives those). ``collect_entries`` finds them all in
one pass; ``EntryIndex`` keeps them current as elements change, looking only at the
element an event names, so attaching an annotation to one stage of a 5,000-stage model
does not walk every annotation again on the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QTreeWidgetItem

from mesadiagram.model import Annotation, AnnotationType, Document, ElementId

EntryKey = tuple[str, str, str]  # type, label, text


def entry_key(ann: Annotation) -> EntryKey:
    return (ann.type, ann.label, ann.text)


def is_entry(ann: Annotation) -> bool:
    """An empty annotation is what the type's own row gives: no entry of its own."""
    return bool(ann.label or ann.text or ann.items)


def collect_entries(doc: Document) -> list[tuple[AnnotationType, list[Annotation]]]:
    """Every type (built-in, declared, then any other in use) with its distinct entries,
    in document order; the first one seen is kept (with its items)."""
    groups: dict[str, list[Annotation]] = {t.name: [] for t in doc.all_types()}
    seen: set[EntryKey] = set()
    for _owner, ann in doc.iter_annotations():
        key = entry_key(ann)
        if is_entry(ann) and key not in seen:
            seen.add(key)
            groups.setdefault(ann.type, []).append(ann)
    return [(doc.annotation_type(name), entries) for name, entries in groups.items()]


class EntryIndex:
    """Which elements hold each entry, updated one element at a time.

    ``by_type[type][key]`` maps each element holding an annotation with that key to the
    annotation; its first holder (in the order they came) supplies what the palette
    shows. The keys whose holders changed since the last ``take_changed`` are reported there.
    """

    def __init__(self) -> None:
        self.by_type: dict[str, dict[EntryKey, dict[ElementId, Annotation]]] = {}
        self._keys_of: dict[ElementId, list[EntryKey]] = {}
        self._changed: set[EntryKey] = set()

    def reset(self, doc: Document) -> None:
        self.by_type.clear()
        self._keys_of.clear()
        for node in doc.nodes:
            self.element_changed(doc, node.id)
        for edge in doc.edges:
            self.element_changed(doc, edge.id)

    def element_changed(self, doc: Document, element_id: ElementId) -> None:
        """The element's annotations may have changed (or it came, or it went)."""
        for key in self._keys_of.pop(element_id, ()):
            group = self.by_type.get(key[0], {})
            holders = group.get(key)
            if holders is not None and holders.pop(element_id, None) is not None:
                self._changed.add(key)
                if not holders:
                    del group[key]
        if not doc.has_element(element_id):
            return
        keys = []
        for ann in doc.element(element_id).annotations:
            if not is_entry(ann):
                continue
            key = entry_key(ann)
            holders = self.by_type.setdefault(ann.type, {}).setdefault(key, {})
            if element_id not in holders:
                holders[element_id] = ann
                keys.append(key)
                self._changed.add(key)
        self._keys_of[element_id] = keys

    def entries(self, type_name: str) -> list[Annotation]:
        """The type's entries: one annotation per key, from its first holder."""
        return [next(iter(h.values())) for h in self.by_type.get(type_name, {}).values()]

    def types_in_use(self) -> list[str]:
        return [name for name, group in self.by_type.items() if group]

    def take_changed(self) -> set[EntryKey]:
        """The entries that came, went or changed holders since the last call."""
        changed, self._changed = self._changed, set()
        return changed


def entry_title(ann: Annotation) -> str:
    """One line for an entry: its label, else the start of its text (notes have no label)."""
    if ann.label:
        return ann.label
    first = ann.text.strip().splitlines()[0] if ann.text.strip() else ""
    return first or f"(empty {ann.type})"


def entry_content(ann: Annotation | None) -> object:
    """What an entry's row shows and carries (its id is not part of it)."""
    if ann is None:
        return None
    return (ann.type, ann.label, ann.text, [(i.label, i.text) for i in ann.items], ann.effect)


@dataclass
class ShownEntry:
    """An entry row and the annotation it shows."""

    annotation: Annotation
    item: QTreeWidgetItem
