"""Making a Document from what an importer read: stages under the file's own names, links
between them, and the list of what was left out.

A file's node names become stage ids when a model file could hold them (one line, no
control characters, not taken); otherwise the id is made from the label, as the editor
makes ids. Every stage has a label: the file's name for it when it gives none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mesadiagram.formats.imports import ImportResult
from mesadiagram.model import Annotation, Document, Edge, Node
from mesadiagram.model.ids import numbered, unique_id

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def usable_id(text: str) -> bool:
    """Whether a model file can hold ``text`` as an id (as ``formats/reader.py`` checks)."""
    return bool(text.strip()) and not _CONTROL.search(text)


class Builder:
    """Collects stages and links by the file's names for them; ``result()`` at the end."""

    def __init__(self, title: str = "", description: str = "") -> None:
        self.doc = Document(title, description)
        self._ids: dict[str, str] = {}  # the file's name -> stage id
        self.skipped: list[str] = []

    def has(self, name: str) -> bool:
        return name in self._ids

    def stage(
        self, name: str, label: str, text: str = "", annotations: Iterable[Annotation] = ()
    ) -> str:
        """Add the stage the file calls ``name`` (once); returns its id."""
        if name in self._ids:
            return self._ids[name]
        label = label if label.strip() else name
        if usable_id(name) and not self.doc.has_element(name):
            stage_id = name
        else:
            stage_id = unique_id(label, _Taken(self.doc))
        label = label if label.strip() else stage_id  # a model's stage must say something
        self.doc.insert_node(Node(stage_id, label, text, annotations=list(annotations)))
        self._ids[name] = stage_id
        return stage_id

    def link(
        self,
        source: str,
        target: str,
        label: str = "",
        text: str = "",
        link_id: str = "",
        annotations: Iterable[Annotation] = (),
    ) -> str:
        """Link the stages the file calls ``source`` and ``target`` (added with their
        names as labels when the file never described them); returns the link's id."""
        a = self.stage(source, source)
        b = self.stage(target, target)
        if not (link_id and usable_id(link_id) and not self.doc.has_element(link_id)):
            link_id = ""  # the document gives ``from->to``, numbered
        if not link_id and self.doc.has_element(f"{a}->{b}"):
            link_id = numbered(f"{a}->{b}", _Taken(self.doc))
        edge = Edge(a, b, label, text, id=link_id, annotations=list(annotations))
        self.doc.insert_edge(edge)
        return edge.id

    def skip(self, what: str) -> None:
        if what not in self.skipped:
            self.skipped.append(what)

    def skip_names(self, what: str, names: Iterable[str], most: int = 6) -> None:
        """``what (a, b, c, ...)``: one entry naming at most ``most`` of ``names``."""
        unique = sorted(set(names))
        if not unique:
            return
        shown = ", ".join(unique[:most]) + (", ..." if len(unique) > most else "")
        self.skip(f"{what} ({shown})")

    def result(self) -> ImportResult:
        return ImportResult(self.doc, list(self.skipped))


class _Taken:
    """Ids a new stage or link may not take: every element of the document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc

    def __contains__(self, element_id: object) -> bool:
        return isinstance(element_id, str) and self.doc.has_element(element_id)


def kinds(labels: Iterable[str]) -> list[Annotation]:
    return [Annotation("kind", label) for label in labels]


def interventions(labels: Iterable[str]) -> list[Annotation]:
    return [Annotation("intervention", label) for label in labels]
