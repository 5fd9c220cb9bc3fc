"""The shape of an outline: its lines read into headings, a description and list items.

Markdown's backslash escapes hold everywhere: ``\\`` before ASCII punctuation (or ``→``)
makes that character plain text, so ``\\:`` is a colon that splits nothing. Text is kept
as :class:`Span` (characters that remember whether they were escaped and their column),
so the grammar can look for its signs (``:``, ``->``, ``(``) in unescaped characters only
and still name the column of what it complains about.

Nesting follows indentation: an item is the child of the nearest item above it that is
indented less. Only spaces and tabs indent (a tab is four columns).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field

ESCAPABLE = frozenset(string.punctuation) | {"→"}
_NEWLINES = re.compile(r"\r\n|\r|\n")
_HEADING = re.compile(r"(#{1,6})(?:[ \t]+|$)")
_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_THEMATIC_BREAK = re.compile(r"(?:[-*_][ \t]*){3,}$")
TAB = 4


@dataclass(frozen=True)
class Char:
    """One character of a line: ``escaped`` when a backslash made it plain text."""

    ch: str
    escaped: bool
    column: int  # from 1, in the line as written


class Span(tuple):
    """A run of :class:`Char` with the searches the grammar needs."""

    @staticmethod
    def of(text: str, column: int) -> Span:
        """``text`` (starting at ``column``) with its escapes resolved."""
        chars, i = [], 0
        while i < len(text):
            if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in ESCAPABLE:
                chars.append(Char(text[i + 1], True, column + i))
                i += 2
            else:
                chars.append(Char(text[i], False, column + i))
                i += 1
        return Span(chars)

    @property
    def text(self) -> str:
        return "".join(c.ch for c in self)

    @property
    def column(self) -> int:
        return self[0].column if self else 0

    def part(self, start: int, end: int | None = None) -> Span:
        return Span(self[start:end])

    def strip(self) -> Span:
        start, end = 0, len(self)
        while start < end and self[start].ch.isspace():
            start += 1
        while end > start and self[end - 1].ch.isspace():
            end -= 1
        return self.part(start, end)

    def find(self, sign: str, start: int = 0) -> int:
        """The index of the first unescaped ``sign`` (one character), or -1."""
        for i in range(start, len(self)):
            if self[i].ch == sign and not self[i].escaped:
                return i
        return -1

    def find_arrow(self) -> tuple[int, int]:
        """Where the first unescaped ``->`` or ``→`` starts and ends; (-1, -1) if none."""
        for i, c in enumerate(self):
            if c.escaped:
                continue
            if c.ch == "→":
                return i, i + 1
            nxt = self[i + 1] if i + 1 < len(self) else None
            if c.ch == "-" and nxt is not None and nxt.ch == ">" and not nxt.escaped:
                return i, i + 2
        return -1, -1

    def plain(self, index: int, sign: str) -> bool:
        """Whether the character at ``index`` is an unescaped ``sign``."""
        return 0 <= index < len(self) and self[index].ch == sign and not self[index].escaped

    def split_at(self, sign: str) -> tuple[Span, Span] | None:
        """Before and after the first unescaped ``sign``, both stripped; None if none."""
        at = self.find(sign)
        if at < 0:
            return None
        return self.part(0, at).strip(), self.part(at + 1).strip()


@dataclass
class Entry:
    """A list item: its text and the items nested under it."""

    line: int
    indent: int
    content: Span
    children: list[Entry] = field(default_factory=list)


@dataclass
class Section:
    """The list items under one heading (or before the first)."""

    name: str  # "stages", "links" or "interventions"
    line: int
    items: list[Entry] = field(default_factory=list)


@dataclass
class Outline:
    """An outline's parts, before any meaning is given to its items."""

    title: str = ""
    description: str = ""
    sections: list[Section] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


SECTION_NAMES = {"links": "links", "interventions": "interventions", "stages": "stages"}


def _indent(raw: str) -> tuple[int, int]:
    """The width of the leading spaces and tabs, and how many characters they are."""
    width = count = 0
    for ch in raw:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += TAB - width % TAB
        else:
            break
        count += 1
    return width, count


def _brief(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


class _Reader:
    """Reads the lines one by one into an :class:`Outline`."""

    def __init__(self) -> None:
        self.out = Outline()
        self.section = Section("stages", 1)
        self.out.sections.append(self.section)
        self.stack: list[Entry] = []  # the open items, outermost first
        self.seen_item = False
        self.seen_title = False
        self.paragraphs: list[list[str]] = [[]]

    def line(self, number: int, raw: str) -> None:
        raw = raw.rstrip(" \t")
        if not raw.strip():
            if self.paragraphs[-1]:
                self.paragraphs.append([])
            return
        width, count = _indent(raw)
        body = raw[count:]
        heading = _HEADING.match(body) if width < 4 else None
        if heading:
            self.heading(number, len(heading.group(1)), body[heading.end() :].strip())
        elif marker := _MARKER.match(body):
            self.item(number, width, Span.of(body[marker.end() :], count + marker.end() + 1))
        elif body.startswith(("->", "→")):
            self.item(number, width, Span.of(body, count + 1))
        elif _THEMATIC_BREAK.match(body):
            pass  # a rule between parts: no content
        else:
            self.text(number, width, body, count)

    def heading(self, number: int, level: int, text: str) -> None:
        self.stack = []
        name = Span.of(text, 1).text.strip().rstrip(":").strip().casefold()
        if level == 1 and not self.seen_title:
            self.out.title = Span.of(text, 1).text.strip()
            self.seen_title = True
        elif name in SECTION_NAMES:
            self.section = Section(SECTION_NAMES[name], number)
            self.out.sections.append(self.section)
        else:
            self.out.skipped.append(f"line {number}: heading “{_brief(text)}” (not a section)")

    def item(self, number: int, width: int, content: Span) -> None:
        self.seen_item = True
        entry = Entry(number, width, content.strip())
        while self.stack and self.stack[-1].indent >= width:
            self.stack.pop()
        (self.stack[-1].children if self.stack else self.section.items).append(entry)
        self.stack.append(entry)

    def text(self, number: int, width: int, body: str, count: int) -> None:
        if self.stack and width > self.stack[-1].indent:
            last = self.stack[-1]  # a wrapped line of the item above
            last.content = Span((*last.content, Char(" ", False, 0), *Span.of(body, count + 1)))
        elif self.section.name != "stages" and Span.of(body, 1).find_arrow()[0] >= 0:
            self.item(number, width, Span.of(body, count + 1))  # `A -> B` lines need no bullet
        elif not self.seen_item and self.section.name == "stages":
            self.paragraphs[-1].append(Span.of(body, 1).text.strip())
        else:
            self.out.skipped.append(f"line {number}: text outside the list “{_brief(body)}”")

    def finish(self) -> Outline:
        self.out.description = "\n\n".join(" ".join(p) for p in self.paragraphs if p)
        return self.out


def read_lines(text: str) -> Outline:
    """The outline in ``text``: title, description, sections of nested items."""
    reader = _Reader()
    for number, raw in enumerate(_NEWLINES.split(text), start=1):
        reader.line(number, raw)
    return reader.finish()
