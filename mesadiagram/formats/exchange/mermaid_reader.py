"""Reading Mermaid flowcharts (``flowchart LR|TD|...`` or ``graph ...``): nodes become
stages, links links, with their labels; a stadium ``A(["..."])`` is an outcome (as
mesadiagram writes outcomes) and a link label's ``✂`` lines are its interventions.

Node shapes: ``A[..] A(..) A{..} A((..)) A(((..))) A>..] A([..]) A[[..]] A[(..)] A{{..}}
A[/../] A[\\..\\]``, quoted or not, with Mermaid's entity codes (``#quot;``, ``#35;``)
and ``<br>`` line breaks. Links: ``--> --- -.-> -.- ==> === --o --x <-->`` of any length,
with a label as ``-- text -->``, ``-. text .->``, ``== text ==>`` or ``-->|text|``;
chains (``a --> b --> c``) and ``&`` groups. Subgraphs are flattened. Styles, classes,
clicks, directives and invisible links (``~~~``) are listed in ``skipped``.
"""

from __future__ import annotations

import bisect
import html
import json
import re
from dataclasses import dataclass, field

from mesadiagram.formats.errors import FormatError, Problem
from mesadiagram.formats.exchange.building import Builder, interventions
from mesadiagram.formats.exchange.common import split_cuts
from mesadiagram.formats.imports import ImportResult

_BLANK = re.compile(r"[ \t]*")
_SEPARATORS = re.compile(r"[\s;]*")
_ID = re.compile(r"\w+(?:-\w+)*")
_WORD = re.compile(r"[A-Za-z]+")
_LINK = re.compile(
    r"<?(?:-{2,}>|={2,}>|-\.+->|-{2,}[ox](?=[\s;]|$)|={2,}[ox](?=[\s;]|$)"
    r"|-\.+-[ox](?=[\s;]|$)|-{3,}|={3,}|-\.+-|~{3,})"
)
_TEXT_LINK = re.compile(r"<?(--|==|-\.)(?![->=.])")
_TEXT_END = {
    "--": re.compile(r"-{2,}>|-{2,}[ox](?=[\s;]|$)|-{3,}"),
    "==": re.compile(r"={2,}>|={2,}[ox](?=[\s;]|$)|={3,}"),
    "-.": re.compile(r"\.-+>|\.-+[ox](?=[\s;]|$)|\.-+"),
}
# Openers, longest first, and the closers each accepts.
_SHAPES = (
    ("(((", (")))",)), ("((", ("))",)), ("([", ("])",)), ("[[", ("]]",)), ("[(", (")]",)),
    ("{{", ("}}",)), ("[/", ("/]", "\\]")), ("[\\", ("\\]", "/]")), ("(", (")",)),
    ("[", ("]",)), ("{", ("}",)), (">", ("]",)),
)  # fmt: skip
_SKIPPED_STATEMENTS = ("classdef", "class", "style", "linkstyle", "click")
_DIRECTIONS = ("TB", "TD", "BT", "RL", "LR")
_CODE = re.compile(r"#([A-Za-z][A-Za-z0-9]*|[0-9]+);")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def decode(text: str) -> str:
    """Mermaid's label text: ``<br>`` a line break, ``#name;`` and ``#123;`` characters."""

    def code(m: re.Match[str]) -> str:
        name = m.group(1)
        if name.isdigit():
            number = int(name)
            return chr(number) if number <= 0x10FFFF else m.group()
        return html.entities.html5.get(name + ";", m.group())

    return _CODE.sub(code, _BREAK.sub("\n", text))


@dataclass
class _Chart:
    title: str = ""
    labels: dict[str, str] = field(default_factory=dict)  # node id -> label, first seen first
    outcomes: set[str] = field(default_factory=set)
    links: list[tuple[str, str, str]] = field(default_factory=list)
    subgraphs: list[str] = field(default_factory=list)
    skipped: dict[str, list[str]] = field(default_factory=dict)

    def skip(self, what: str, name: str = "") -> None:
        self.skipped.setdefault(what, []).append(name)


class _Reader:
    def __init__(self, text: str, filename: str) -> None:
        self.text = text.replace("\r\n", "\n")
        self.filename = filename
        self.pos = 0
        self.starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        self.chart = _Chart()
        self.depth = 0

    def error(self, message: str, at: int | None = None) -> FormatError:
        at = self.pos if at is None else at
        line = bisect.bisect_right(self.starts, at)
        column = at - self.starts[line - 1] + 1
        return FormatError([Problem(self.filename, line, column, "", message)])

    def blank(self) -> None:
        self.pos = _BLANK.match(self.text, self.pos).end()

    def rest_of_line(self) -> str:
        end = self.text.find("\n", self.pos)
        end = len(self.text) if end < 0 else end
        line, self.pos = self.text[self.pos : end], end
        return line

    def statement_ends(self) -> bool:
        self.blank()
        return (
            self.pos >= len(self.text)
            or self.text[self.pos] in "\n;"
            or (self.text.startswith("%%", self.pos))
        )

    # -- the file ------------------------------------------------------------------------
    def read(self) -> _Chart:
        self.front_matter()
        header = False
        while True:
            self.pos = _SEPARATORS.match(self.text, self.pos).end()
            if self.pos >= len(self.text):
                break
            if self.text.startswith("%%", self.pos):
                if self.text.startswith("%%{", self.pos):
                    self.chart.skip("directives")
                self.rest_of_line()
                continue
            if not header:
                self.header()
                header = True
                continue
            self.statement()
        if not header:
            raise self.error("no flowchart: expected 'flowchart' or 'graph'")
        if self.depth:
            raise self.error(f"{self.depth} subgraph(s) never closed with 'end'")
        return self.chart

    def front_matter(self) -> None:
        m = re.match(r"\ufeff?[ \t]*---[ \t]*\n(.*?)\n[ \t]*---[ \t]*(?:\n|$)", self.text, re.S)
        if not m:
            return
        for line in m.group(1).splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "title" and not line.startswith((" ", "\t")):
                self.chart.title = _scalar(value.strip())
            elif line.strip() and not line.startswith((" ", "\t")):
                self.chart.skip("front matter", key.strip())
        self.pos = m.end()

    def header(self) -> None:
        m = _WORD.match(self.text, self.pos)
        word = m.group() if m else self.text[self.pos : self.pos + 20].split()[0]
        if word.lower() not in ("flowchart", "graph"):
            raise self.error(f"not a Mermaid flowchart: it starts with {word!r}")
        self.pos = m.end()
        if self.text.startswith("-elk", self.pos):  # the ELK layout: the same chart
            self.pos += 4
        self.blank()
        d = _WORD.match(self.text, self.pos)
        if d and d.group().upper() in _DIRECTIONS:
            self.pos = d.end()
        if not self.statement_ends():
            raise self.error("expected a direction (TB, TD, BT, RL, LR) or a new line")

    def statement(self) -> None:
        m = _WORD.match(self.text, self.pos)
        word = m.group().lower() if m else ""
        after = self.text[m.end() : m.end() + 1] if m else ""
        keyword = m is not None and (after == "" or after in " \t\n;")
        if keyword and word == "subgraph":
            self.pos = m.end()
            self.chart.subgraphs.append(self.rest_of_line().strip() or "(no name)")
            self.depth += 1
        elif keyword and word == "end":
            if self.depth == 0:
                raise self.error("'end' without a subgraph to close")
            self.depth -= 1
            self.pos = m.end()
        elif keyword and word == "direction":
            self.rest_of_line()
        elif keyword and word in _SKIPPED_STATEMENTS:
            self.chart.skip("styles and clicks", m.group())
            self.rest_of_line()
        elif word in ("acctitle", "accdescr") and after in ":{ \t":
            self.chart.skip("accessibility text", m.group())
            if "{" in self.rest_of_line():  # accDescr { ... } may run over several lines
                end = self.text.find("}", self.pos)
                self.pos = len(self.text) if end < 0 else end + 1
        else:
            self.chain()

    # -- nodes and links -----------------------------------------------------------------
    def chain(self) -> None:
        previous = self.group()
        while not self.statement_ends():
            link = self.link()
            if link is None:
                raise self.error("expected a link (-->, ---, -.->, ==>) or the end of the line")
            label, invisible = link
            self.blank()
            targets = self.group()
            for source in previous:
                for target in targets:
                    if invisible:
                        self.chart.skip("invisible links (~~~)")
                    else:
                        self.chart.links.append((source, target, label))
            previous = targets

    def group(self) -> list[str]:
        members = [self.node()]
        self.blank()
        while self.text.startswith("&", self.pos):
            self.pos += 1
            self.blank()
            members.append(self.node())
            self.blank()
        return members

    def node(self) -> str:
        m = _ID.match(self.text, self.pos)
        if m is None:
            raise self.error("expected a node's id")
        node_id, self.pos = m.group(), m.end()
        label = self.shape(node_id)
        if label is not None or node_id not in self.chart.labels:
            self.chart.labels[node_id] = node_id if label is None else label
        if self.text.startswith(":::", self.pos):
            c = _ID.match(self.text, self.pos + 3)
            self.chart.skip("classes", c.group() if c else "")
            self.pos = c.end() if c else self.pos + 3
        if self.text.startswith("@{", self.pos):
            self.shape_data(node_id)
        return node_id

    def shape(self, node_id: str) -> str | None:
        """The label in the shape that follows a node's id, if one does."""
        found = next((s for s in _SHAPES if self.text.startswith(s[0], self.pos)), None)
        if found is None:
            return None
        opener, closers = found
        start = self.pos
        self.pos += len(opener)
        text = self.quoted_or_until(closers, start)
        for closer in closers:
            if self.text.startswith(closer, self.pos):
                self.pos += len(closer)
                break
        else:
            raise self.error(f"expected {closers[0]!r} to close this shape", start)
        if opener == "([":
            self.chart.outcomes.add(node_id)
        return text

    def shape_data(self, node_id: str) -> None:
        """Mermaid 11's ``A@{ shape: ..., label: "..." }``: the label, if any."""
        end = self.text.find("}", self.pos)
        if end < 0:
            raise self.error("expected '}' to close this shape data")
        body = self.text[self.pos + 2 : end]
        m = re.search(r"label\s*:\s*(\"[^\"]*\"|[^,\n]*)", body)
        if m:
            self.chart.labels[node_id] = decode(_scalar(m.group(1).strip()))
        self.pos = end + 1

    def quoted_or_until(self, closers: tuple[str, ...], start: int) -> str:
        """A label: a quoted string (exactly as written), or the text up to a closer."""
        self.blank()
        if self.text.startswith('"', self.pos):
            end = self.text.find('"', self.pos + 1)
            if end < 0:
                raise self.error("this quoted label is never closed", self.pos)
            raw, self.pos = self.text[self.pos + 1 : end], end + 1
            self.blank()
            if raw.startswith("`") and raw.endswith("`") and len(raw) > 1:
                self.chart.skip("markdown in labels")
                raw = raw[1:-1]
            return decode(raw)
        ends = [i for i in (self.text.find(c, self.pos) for c in closers) if i >= 0]
        if not ends:
            raise self.error(f"expected {closers[0]!r} to close this", start)
        end = min(ends)
        raw, self.pos = self.text[self.pos : end], end
        return decode(raw.strip())

    def link(self) -> tuple[str, bool] | None:
        """(label, invisible) of the link at the cursor; None when there is none."""
        m = _LINK.match(self.text, self.pos)
        label = ""
        if m is not None:
            self.pos = m.end()
            invisible = m.group().startswith("~")
        else:
            t = _TEXT_LINK.match(self.text, self.pos)
            if t is None:
                return None
            start, self.pos = self.pos, t.end()
            self.blank()
            if self.text.startswith('"', self.pos):
                label = self.quoted_or_until((), start)
                end = _TEXT_END[t.group(1)].match(self.text, self.pos)
            else:
                end = _TEXT_END[t.group(1)].search(self.text, self.pos)
                if end is not None and "\n" not in self.text[self.pos : end.start()]:
                    label = decode(self.text[self.pos : end.start()].strip())
                else:
                    end = None
            if end is None:
                raise self.error("this link's label is never closed (-->, ---)", start)
            self.pos = end.end()
            invisible = False
        self.blank()
        if self.text.startswith("|", self.pos):
            start = self.pos
            self.pos += 1
            label = self.quoted_or_until(("|",), start)
            if not self.text.startswith("|", self.pos):
                raise self.error("expected '|' to close this link's label", start)
            self.pos += 1
        return label, invisible


def _scalar(value: str) -> str:
    """A front-matter or shape-data value: JSON-quoted, single-quoted, or as written."""
    if len(value) > 1 and value[0] == value[-1] == '"':
        try:
            return str(json.loads(value))
        except ValueError:
            return value[1:-1]
    if len(value) > 1 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    return value


def read_mermaid(text: str, filename: str) -> ImportResult:
    """A document from a Mermaid flowchart; raises FormatError (``FILE:LINE:COL``)."""
    chart = _Reader(text, filename).read()
    build = Builder(chart.title)
    for node_id, label in chart.labels.items():
        build.stage(node_id, label)
        if node_id in chart.outcomes:
            build.doc.node(build.stage(node_id, label)).outcome = True
    for source, target, label in chart.links:
        label, cuts = split_cuts(label)
        build.link(source, target, label, annotations=interventions(cuts))
    if chart.subgraphs:
        build.skip_names("subgraphs flattened", chart.subgraphs)
    for what, names in chart.skipped.items():
        named = [n for n in names if n]
        if named:
            build.skip_names(what, named)
        else:
            build.skip(what)
    return build.result()
