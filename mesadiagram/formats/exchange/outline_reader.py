"""Reading a threat model from an outline: the Markdown list threat models are first
written as (docs/outline.md describes the grammar).

``read_outline(text, filename)`` returns the document, its stages without positions,
and what it left out (text outside the list, headings that are no section, items nested
too deep). A link or intervention naming no stage, or more than one, is an error naming
``FILE:LINE:COL`` and the candidates; then nothing is returned at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from mesadiagram.formats.errors import MAX_PROBLEMS, FormatError, Problem
from mesadiagram.formats.exchange.outline_lines import Entry, Span, read_lines
from mesadiagram.formats.exchange.outline_names import Named, StageNames
from mesadiagram.formats.exchange.outline_words import (
    NOTE,
    heading_type,
    note_text,
    split_annotation,
)
from mesadiagram.formats.imports import ImportResult
from mesadiagram.model import Annotation, Document, Edge, Item, Node
from mesadiagram.model.ids import unique_id


@dataclass
class _Link:
    source: str
    target: str
    label: str = ""
    text: str = ""
    annotations: list[Annotation] = field(default_factory=list)


def read_outline(text: str, filename: str = "<outline>") -> ImportResult:
    """The model an outline describes; raises FormatError (nothing read) on a name that
    means no stage or several."""
    return _Builder(filename).build(text)


class _Builder:
    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[Problem] = []
        self.skipped: list[str] = []

    def build(self, text: str) -> ImportResult:
        outline = read_lines(text)
        self.skipped = list(outline.skipped)
        sections = {name: [s for s in outline.sections if s.name == name] for name in _SECTIONS}
        nodes = self._stages([e for s in sections["stages"] for e in s.items])
        names = StageNames([Named(n.id, n.label, line) for n, line in nodes])
        if sections["links"]:  # declared links instead of the list's order
            links = self._links([e for s in sections["links"] for e in s.items], names)
        else:
            chain = [n for n, _line in nodes]
            links = [_Link(a.id, b.id) for a, b in pairwise(chain)]
        for entry in (e for s in sections["interventions"] for e in s.items):
            self._intervention(entry, names, links)
        if self.problems:
            raise FormatError(self.problems[:MAX_PROBLEMS])
        doc = Document(outline.title, outline.description)
        for node, _line in nodes:
            doc.insert_node(node)
        for link in links:
            doc.insert_edge(
                Edge(link.source, link.target, link.label, link.text, annotations=link.annotations)
            )
        self.skipped.sort(key=_line_of)
        return ImportResult(doc, self.skipped)

    def problem(self, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(self.filename, line, max(column, 1), "", message))

    # -- stages ------------------------------------------------------------------------
    def _stages(self, entries: list[Entry]) -> list[tuple[Node, int]]:
        taken: set[str] = set()
        nodes = []
        for entry in entries:
            content = entry.content
            start, end = content.find_arrow()
            if start == 0:  # `-> Stage`: continues the chain, like any stage item
                content = content.part(end).strip()
            label, text = _with_text(content, label_needed=True)
            outcome, label = _bold(label)
            if not label.text.strip():
                self.problem(entry.line, entry.content.column, "a stage needs a label")
                continue
            node_id = unique_id(label.text, taken)
            taken.add(node_id)
            node = Node(node_id, label.text, text, outcome=outcome)
            node.annotations = self._annotations(entry.children)
            nodes.append((node, entry.line))
        return nodes

    def _annotations(self, entries: list[Entry]) -> list[Annotation]:
        """The annotations of a stage or a link: headed groups and mechanisms."""
        made: list[Annotation] = []
        for entry in entries:
            type_name = heading_type(entry.content)
            if type_name is None:
                made.append(self._annotation("mechanism", entry))
            else:
                made.extend(self._annotation(type_name, child) for child in entry.children)
        return made

    def _annotation(self, type_name: str, entry: Entry, notes: list | None = None) -> Annotation:
        label, text = split_annotation(entry.content, type_name)
        items = []
        for child in entry.children:
            body = note_text(child.content) if notes is not None else None
            if body is not None:
                notes.append(Annotation(NOTE, *split_annotation(body, NOTE)))  # type: ignore[union-attr]
            else:
                items.append(Item(*split_annotation(child.content, "item")))
            for deeper in child.children:
                self.skipped.append(f"line {deeper.line}: “{_brief(deeper)}” (nested too deep)")
        return Annotation(type_name, label, text, items)

    # -- links and interventions -------------------------------------------------------
    def _ends(self, entry: Entry, names: StageNames) -> tuple[str, str, Span] | None:
        """``A -> B`` and what follows ``:``; None (and a problem) when that fails."""
        content = entry.content
        start, end = content.find_arrow()
        if start < 0:
            self.problem(entry.line, content.column, "expected “A -> B” or “A -> B: label”")
            return None
        left, right = content.part(0, start).strip(), content.part(end)
        after = right.split_at(":")
        right, rest = (right.strip(), Span()) if after is None else after
        ends = []
        for name, where in ((left, content.column), (right, content[end - 1].column + 1)):
            if not name:
                self.problem(entry.line, where, "a stage name is missing on this side of the arrow")
                return None
            found, why = names.find(name.text)
            if found is None:
                self.problem(entry.line, name.column, why)
            ends.append(found)
        if None in ends:
            return None
        return ends[0].id, ends[1].id, rest  # type: ignore[union-attr]

    def _links(self, entries: list[Entry], names: StageNames) -> list[_Link]:
        links = []
        for entry in entries:
            ends = self._ends(entry, names)
            if ends is None:
                continue
            label, text = _with_text(ends[2], label_needed=False)
            link = _Link(ends[0], ends[1], label.text, text)
            link.annotations = self._annotations(entry.children)
            links.append(link)
        return links

    def _intervention(self, entry: Entry, names: StageNames, links: list[_Link]) -> None:
        ends = self._ends(entry, names)
        if ends is None:
            return
        source, target, rest = ends
        link = next((k for k in links if (k.source, k.target) == (source, target)), None)
        if link is None:
            label = {n.id: n.label for n in names.stages}
            self.problem(
                entry.line,
                entry.content.column,
                f"no link from “{label[source]}” to “{label[target]}”; "
                + _links_of(source, links, label),
            )
            return
        notes: list[Annotation] = []
        content_entry = Entry(entry.line, entry.indent, rest, entry.children)
        link.annotations.append(self._annotation("intervention", content_entry, notes))
        link.annotations.extend(notes)


_SECTIONS = ("stages", "links", "interventions")


def _with_text(content: Span, label_needed: bool) -> tuple[Span, str]:
    """``Label (text)`` split into the label and the text in parentheses: from the first
    unescaped ``(`` after a space (or at the start, when no label is needed) to a final
    unescaped ``)``."""
    content = content.strip()
    if not content.plain(len(content) - 1, ")"):
        return content, ""
    at = content.find("(")
    while at >= 0:
        label = content.part(0, at).strip()
        spaced = at > 0 and content[at - 1].ch.isspace()
        if (spaced and label) or (at == 0 and not label_needed):
            return label, content.part(at + 1, len(content) - 1).strip().text
        at = content.find("(", at + 1)
    return content, ""


def _bold(label: Span) -> tuple[bool, Span]:
    """``**Label**`` (or ``__Label__``): an outcome."""
    for mark in ("*", "_"):
        ends = (0, 1, len(label) - 2, len(label) - 1)
        if len(label) > 4 and all(label.plain(i, mark) for i in ends):
            return True, label.part(2, len(label) - 2).strip()
    return False, label


def _links_of(source: str, links: list[_Link], label: dict[str, str]) -> str:
    targets = [label[k.target] for k in links if k.source == source]
    if not targets:
        return f"no link leaves “{label[source]}”"
    return "its links go to " + ", ".join(f"“{t}”" for t in dict.fromkeys(targets))


def _brief(entry: Entry) -> str:
    text = entry.content.text
    return text if len(text) <= 40 else text[:39] + "…"


def _line_of(skipped: str) -> int:
    return int(skipped.split(":", 1)[0].removeprefix("line "))
