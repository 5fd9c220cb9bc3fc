"""The registry of figure formats: one entry per format the figure can be written in.

The CLI's ``export``, File > Export… and Edit > Copy as read the formats from here: the
suffix, the words shown in menus and file dialogs, the MIME type for the clipboard, which
export options apply, and the function that writes the bytes. This module imports no Qt
(the writers are looked up when first used), so the CLI can check a suffix and print its
help without loading Qt.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mesadiagram.model import Document
    from mesadiagram.render.export import ExportOptions

Writer = Callable[["Document", "ExportOptions"], bytes]


@dataclass(frozen=True)
class FigureFormat:
    """One way to write a figure."""

    name: str  # also the file suffix, without the dot
    label: str  # the Export dialog's choice
    file_filter: str  # the file dialog's filter
    mime: str  # for the clipboard
    options: frozenset[str]  # the ExportOptions fields that make a difference here
    writer: str  # "module:function" returning the bytes, imported when first used

    @property
    def suffix(self) -> str:
        return f".{self.name}"

    def write_bytes(self, doc: Document, options: ExportOptions) -> bytes:
        module, function = self.writer.split(":")
        write: Writer = getattr(importlib.import_module(module), function)
        return write(doc, options)


_COMMON = frozenset({"theme", "detailed", "legend", "font"})

FIGURE_FORMATS: dict[str, FigureFormat] = {
    f.name: f
    for f in (
        FigureFormat(
            "svg",
            "SVG: vector, for papers and the web",
            "SVG image (*.svg)",
            "image/svg+xml",
            _COMMON | {"transparent"},
            "mesadiagram.render.export:svg_bytes",
        ),
        FigureFormat(
            "pdf",
            "PDF: vector, for LaTeX and print",
            "PDF document (*.pdf)",
            "application/pdf",
            _COMMON | {"page"},
            "mesadiagram.render.export:pdf_bytes",
        ),
        FigureFormat(
            "png",
            "PNG: image, for slides and documents",
            "PNG image (*.png)",
            "image/png",
            _COMMON | {"dpi", "transparent"},
            "mesadiagram.render.export:png_bytes",
        ),
        FigureFormat(
            "md",
            "Outline: a Markdown list, read back by Import (docs/outline.md)",
            "Markdown outline (*.md)",
            "text/markdown",
            frozenset(),
            "mesadiagram.formats.exchange.outline_writer:outline_bytes",
        ),
        # Exchange formats (docs/exchange.md): the model for another tool, not a picture.
        FigureFormat(
            "dot",
            "Graphviz DOT: stages, links, kinds, interventions (docs/exchange.md)",
            "Graphviz DOT (*.dot)",
            "text/vnd.graphviz",
            frozenset({"theme"}),
            "mesadiagram.render.exchange_export:dot_bytes",
        ),
        FigureFormat(
            "mmd",
            "Mermaid flowchart, for READMEs and docs (docs/exchange.md)",
            "Mermaid flowchart (*.mmd)",
            "text/vnd.mermaid",
            frozenset(),
            "mesadiagram.render.exchange_export:mermaid_bytes",
        ),
        FigureFormat(
            "graphml",
            "GraphML for yEd and networkx, with every annotation (docs/exchange.md)",
            "GraphML (*.graphml)",
            "application/graphml+xml",
            frozenset({"theme"}),
            "mesadiagram.render.exchange_export:graphml_bytes",
        ),
        FigureFormat(
            "drawio",
            "draw.io diagram, to go on drawing there (docs/exchange.md)",
            "draw.io diagram (*.drawio)",
            "application/vnd.jgraph.mxfile",
            frozenset({"theme"}),
            "mesadiagram.render.exchange_export:drawio_bytes",
        ),
        FigureFormat(
            "tex",
            "LaTeX TikZ figure, set by LaTeX (docs/exchange.md)",
            "LaTeX TikZ (*.tex)",
            "application/x-tex",
            frozenset({"theme"}),
            "mesadiagram.render.exchange_export:tex_bytes",
        ),
    )
}


def format_named(name: str) -> FigureFormat | None:
    return FIGURE_FORMATS.get(name.lower().lstrip("."))


def format_for_path(path: str | Path) -> FigureFormat | None:
    """The format a file name's suffix asks for; None when no format has that suffix."""
    return format_named(Path(path).suffix)


def suffixes_text() -> str:
    """``.svg, .pdf or .png``: for messages and help."""
    names = [f.suffix for f in FIGURE_FORMATS.values()]
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]
