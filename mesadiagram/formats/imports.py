"""The registry of import formats: one entry per kind of file a model can be made from.

The CLI's ``import``, File > Import… and the outline paste read the formats from here:
the suffix, the words shown in file dialogs, and the function that reads the text. This
module imports nothing heavy (the readers are looked up when first used), so the CLI can
check a suffix and print its help quickly.

A reader is ``reader(text: str, filename: str) -> ImportResult``. It raises
:class:`~mesadiagram.formats.errors.FormatError` (with ``FILE:LINE:COL``) when the text
cannot be read at all; what it reads but cannot bring in goes in ``skipped``, which the
caller reports in one warning.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mesadiagram.model import Document


@dataclass
class ImportResult:
    """What a reader made: the document (stages without positions) and what it skipped."""

    document: Document
    skipped: list[str] = field(default_factory=list)


Reader = Callable[[str, str], ImportResult]


@dataclass(frozen=True)
class ImportFormat:
    """One kind of file a model can be imported from."""

    name: str  # also the file suffix, without the dot
    label: str  # words for menus and help
    file_filter: str  # the file dialog's filter
    reader: str  # "module:function" taking (text, filename), imported when first used

    @property
    def suffix(self) -> str:
        return f".{self.name}"

    def read(self, text: str, filename: str) -> ImportResult:
        module, function = self.reader.split(":")
        read: Reader = getattr(importlib.import_module(module), function)
        return read(text, filename)


_OUTLINE_READER = "mesadiagram.formats.exchange.outline_reader:read_outline"
_DOT_READER = "mesadiagram.formats.exchange.dot_reader:read_dot"

IMPORT_FORMATS: dict[str, ImportFormat] = {
    f.name: f
    for f in (
        ImportFormat(
            "md",
            "Outline (Markdown list)",
            "Markdown outline (*.md *.markdown)",
            _OUTLINE_READER,
        ),
        ImportFormat(
            "markdown",
            "Outline (Markdown list)",
            "Markdown outline (*.md *.markdown)",
            _OUTLINE_READER,
        ),
        ImportFormat("txt", "Outline (plain text)", "Text outline (*.txt)", _OUTLINE_READER),
        # Exchange formats (docs/exchange.md): stages, links and labels; the rest skipped.
        ImportFormat("dot", "Graphviz DOT", "Graphviz DOT (*.dot *.gv)", _DOT_READER),
        ImportFormat("gv", "Graphviz DOT", "Graphviz DOT (*.dot *.gv)", _DOT_READER),
        ImportFormat(
            "graphml",
            "GraphML (yEd, networkx)",
            "GraphML (*.graphml)",
            "mesadiagram.formats.exchange.graphml_reader:read_graphml",
        ),
        ImportFormat(
            "mmd",
            "Mermaid flowchart",
            "Mermaid flowchart (*.mmd)",
            "mesadiagram.formats.exchange.mermaid_reader:read_mermaid",
        ),
    )
}


def import_format_named(name: str) -> ImportFormat | None:
    return IMPORT_FORMATS.get(name.lower().lstrip("."))


def import_format_for_path(path: str | Path) -> ImportFormat | None:
    """The format a file name's suffix asks for; None when no format reads that suffix."""
    return import_format_named(Path(path).suffix)


def import_suffixes_text() -> str:
    """``.md, .markdown or .txt``: for messages and help."""
    names = [f.suffix for f in IMPORT_FORMATS.values()]
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]


def import_file_filters() -> list[str]:
    """The file dialog's filters, one per distinct filter, all importable files first."""
    patterns = " ".join(f"*{f.suffix}" for f in IMPORT_FORMATS.values())
    filters = [f"All importable files ({patterns})"]
    for f in IMPORT_FORMATS.values():
        if f.file_filter not in filters:
            filters.append(f.file_filter)
    return filters


def skipped_text(skipped: list[str], most: int = 5) -> str:
    """Everything an import left out, as one warning: ``skipped 2: line 3: ...; ...``."""
    shown = "; ".join(skipped[:most])
    more = f"; and {len(skipped) - most} more" if len(skipped) > most else ""
    return f"skipped {len(skipped)}: {shown}{more}"
