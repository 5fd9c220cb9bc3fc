"""Problems found in a file, each with the place a user can jump to."""

from __future__ import annotations

from dataclasses import dataclass

from mesadiagram.formats.terminal import one_line


@dataclass(frozen=True)
class Problem:
    """One problem: ``FILE:LINE:COL: path: message`` (line and column count from 1).

    Its text is always one line: control characters, line separators and bidi controls
    in the file name, the path (keys come from the file) or the message are escaped.
    """

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return one_line(text)


class FormatError(Exception):
    """A file could not be read; ``problems`` lists every problem found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.line, p.column))
        super().__init__("\n".join(str(p) for p in self.problems))


MAX_PROBLEMS = 100
"""Stop collecting after this many: a wrong file should not drown the user."""
