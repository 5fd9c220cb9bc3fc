"""The tokens of a Graphviz DOT file, each with its line and column.

A small lexer rather than pydot: pydot pulls in pyparsing, reports errors without the
column, and turns every value into a Python string with the quotes left on; the DOT that
graphs use is a small language (Graphviz's grammar fits on a page), so reading it here
keeps the file's positions for error messages and adds no dependency.

Quoted strings are decoded as Graphviz's own scanner decodes them: ``\\"`` is a quote, a
backslash before a line break joins the lines, and every other backslash is kept for
the label code (``dot_reader.esc_string``). Strings joined with ``+`` are one value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from mesadiagram.formats.errors import FormatError, Problem

MAX_NESTING = 200  # subgraphs inside subgraphs, brackets inside HTML-like labels


@dataclass(frozen=True)
class Token:
    kind: str  # "id", "string", "html", or the punctuation itself: { } [ ] = ; , : -> --
    value: str
    line: int
    column: int


def problem(filename: str, line: int, column: int, message: str) -> FormatError:
    return FormatError([Problem(filename, line, column, "", message)])


_PATTERNS = re.compile(
    r"""
    (?P<space>[ \t\r\f\v\ufeff]+|\n)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<open_comment>/\*)
  | (?P<arrow>->|--)
  | (?P<number>-?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?))
  | (?P<name>[A-Za-z_\u0080-\U0010ffff][A-Za-z_0-9\u0080-\U0010ffff]*)
  | (?P<punct>[{}\[\]=;,:])
  | (?P<quote>")
  | (?P<html><)
  | (?P<plus>\+)
    """,
    re.VERBOSE | re.DOTALL,
)


class Lexer:
    """Turns DOT text into tokens; raises FormatError at the first thing it cannot read."""

    def __init__(self, text: str, filename: str) -> None:
        self.text = text
        self.filename = filename
        self.pos = 0
        self.line = 1
        self.line_start = 0

    def error(self, message: str, at: int | None = None) -> FormatError:
        at = self.pos if at is None else at
        line = self.text.count("\n", 0, at) + 1
        column = at - (self.text.rfind("\n", 0, at) + 1) + 1
        return problem(self.filename, line, column, message)

    def _where(self, at: int) -> tuple[int, int]:
        line = self.line + self.text.count("\n", self.line_start, at)
        start = self.text.rfind("\n", 0, at) + 1
        return line, at - start + 1

    def _advance(self, to: int) -> None:
        breaks = self.text.count("\n", self.pos, to)
        if breaks:
            self.line += breaks
            self.line_start = self.text.rfind("\n", self.pos, to) + 1
        self.pos = to

    def end(self) -> tuple[int, int]:
        """The line and column just after the text's last character."""
        return self._where(len(self.text)) if self.pos == len(self.text) else (0, 0)

    def tokens(self) -> Iterator[Token]:
        """The tokens in turn (an error comes when the lexer reaches it, so a parse
        error before it is reported first), strings joined by ``+``."""
        return _joined(self._raw(), self)

    def _raw(self) -> Iterator[Token]:
        text = self.text
        at_line_start = True
        while self.pos < len(text):
            if at_line_start and text[self.pos] == "#":  # a C preprocessor's line marker
                end = text.find("\n", self.pos)
                self._advance(len(text) if end < 0 else end)
                continue
            m = _PATTERNS.match(text, self.pos)
            if m is None:
                raise self.error(f"unexpected character {text[self.pos]!r}")
            kind = m.lastgroup
            line, column = self._where(self.pos)
            if kind == "space":
                at_line_start = m.group() == "\n" or at_line_start
                self._advance(m.end())
                continue
            at_line_start = False
            if kind == "comment":
                self._advance(m.end())
            elif kind == "open_comment":
                raise self.error("this comment is never closed (*/)")
            elif kind == "quote":
                yield Token("string", self._string(), line, column)
            elif kind == "html":
                yield Token("html", self._html(), line, column)
            elif kind == "plus":
                self._advance(m.end())
                yield Token("+", "+", line, column)
            else:
                value = m.group()
                token_kind = "id" if kind in ("name", "number") else value
                self._advance(m.end())
                yield Token(token_kind, value, line, column)

    def _string(self) -> str:
        """A quoted string from the opening quote at ``pos``; leaves ``pos`` after it."""
        start, i, parts = self.pos, self.pos + 1, []
        text = self.text
        while True:
            j = text.find('"', i)
            k = text.find("\\", i)
            if j < 0:
                raise self.error('this string is never closed (")', start)
            if 0 <= k < j:
                parts.append(text[i:k])
                nxt = text[k + 1 : k + 2]
                if nxt == '"':
                    parts.append('"')
                elif nxt == "\n":
                    pass  # a continued line
                elif nxt == "\r" and text[k + 2 : k + 3] == "\n":
                    k += 1
                else:
                    parts.append("\\" + nxt)  # for the label code
                i = k + 2
                continue
            parts.append(text[i:j])
            self._advance(j + 1)
            return "".join(parts)

    def _html(self) -> str:
        """An HTML-like string ``<...>`` (brackets balanced), without its outer brackets."""
        start, depth, i = self.pos, 0, self.pos
        text = self.text
        while i < len(text):
            ch = text[i]
            if ch == "<":
                depth += 1
                if depth > MAX_NESTING:
                    raise self.error("this HTML-like label is nested too deeply", start)
            elif ch == ">":
                depth -= 1
                if depth == 0:
                    self._advance(i + 1)
                    return text[start + 1 : i]
            i += 1
        raise self.error("this HTML-like label is never closed (>)", start)


def _joined(tokens: Iterator[Token], lexer: Lexer) -> Iterator[Token]:
    """Quoted strings joined by ``+`` made one string token."""
    held: Token | None = None  # a string that a ``+`` may continue
    for token in tokens:
        if token.kind == "+":
            nxt = next(tokens, None)
            if held is None or nxt is None or nxt.kind != "string":
                raise problem(
                    lexer.filename, token.line, token.column, "'+' joins two quoted strings"
                )
            held = Token("string", held.value + nxt.value, held.line, held.column)
            continue
        if held is not None:
            yield held
            held = None
        if token.kind == "string":
            held = token
        else:
            yield token
    if held is not None:
        yield held
