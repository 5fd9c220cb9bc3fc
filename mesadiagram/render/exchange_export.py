"""The exchange formats as registry writers (``render/formats.py``): DOT, Mermaid,
GraphML, draw.io and TikZ, each ``(doc, options) -> bytes``, and the Beamer deck of
``export --steps`` to ``.tex``.

The writers themselves live in ``formats/exchange/`` and know no Qt. This module gives
them what only ``render`` knows: each stage's box as the figures draw it
(``sizes.node_sizes``, with the chosen theme and stage texts), positions for stages
that have none (placed as the editor places them, on a copy: the document is never
changed), and the chosen theme as plain colours.
"""

from __future__ import annotations

from pathlib import Path

from mesadiagram.analysis.placement import layout_command, place_missing
from mesadiagram.formats import write_atomic
from mesadiagram.formats.exchange.common import Box, Boxes, Palette
from mesadiagram.formats.exchange.dot_writer import to_dot
from mesadiagram.formats.exchange.drawio_writer import to_drawio
from mesadiagram.formats.exchange.graphml_writer import to_graphml
from mesadiagram.formats.exchange.mermaid_writer import to_mermaid
from mesadiagram.formats.exchange.tikz_writer import Overlays, to_beamer, to_tikz
from mesadiagram.formats.theme_file import COLOR_KEYS
from mesadiagram.model import Document
from mesadiagram.presentation.frames import frames
from mesadiagram.render.export import ExportOptions
from mesadiagram.render.group_frames import frame_room
from mesadiagram.render.sizes import node_sizes
from mesadiagram.render.theme import Theme


def palette_of(theme: Theme) -> Palette:
    """The theme's colours, font and annotation type colours as plain data."""
    values = {key: getattr(theme, key) for key in COLOR_KEYS if hasattr(theme, key)}
    values.update(font_family=theme.font_family, font_size=theme.font_size, types=theme.types)
    return Palette.from_values(values)


SLIDE_ASPECT = 2.0  # about the width over the height of a 16:9 Beamer frame's text area


def _placed(doc: Document, sizes: dict[str, tuple[float, float]]) -> Document:
    """``doc``, or when some stages have no position a copy with them placed (and the
    links' routes of that layout)."""
    if all(node.position is not None for node in doc.nodes):
        return doc
    copy = doc.copy()  # (groups, boxes and declarations too: the layout reads groups)
    placing = place_missing(copy, sizes)
    if placing is not None:
        placing.apply(copy)
    return copy


def laid_out(doc: Document, theme: Theme, stage_text: bool = True) -> tuple[Document, Boxes]:
    """The document with every stage placed, and each stage's box."""
    sizes = node_sizes(doc, theme, stage_text)
    placed = _placed(doc, sizes)
    boxes = {}
    for node in placed.nodes:
        x, y = node.position or (0.0, 0.0)
        width, height = sizes[node.id]
        boxes[node.id] = Box(float(x), float(y), width, height)
    return placed, boxes


def dot_bytes(doc: Document, options: ExportOptions) -> bytes:
    placed, _ = laid_out(doc, options.theme, options.stage_text)  # (the way it reads)
    return to_dot(placed, palette_of(options.theme)).encode("utf-8")


def mermaid_bytes(doc: Document, options: ExportOptions) -> bytes:
    placed, _ = laid_out(doc, options.theme, options.stage_text)
    return to_mermaid(placed).encode("utf-8")


def graphml_bytes(doc: Document, options: ExportOptions) -> bytes:
    placed, boxes = laid_out(doc, options.theme, options.stage_text)
    return to_graphml(placed, boxes, palette_of(options.theme)).encode("utf-8")


def drawio_bytes(doc: Document, options: ExportOptions) -> bytes:
    placed, boxes = laid_out(doc, options.theme, options.stage_text)
    return to_drawio(placed, boxes, palette_of(options.theme)).encode("utf-8")


def tex_bytes(doc: Document, options: ExportOptions) -> bytes:
    placed, boxes = laid_out(doc, options.theme, options.stage_text)
    return to_tikz(placed, boxes, palette_of(options.theme)).encode("utf-8")


def overlays_of(doc: Document) -> Overlays:
    """When each stage, link and annotation appears among the presentation's steps."""
    shown = frames(doc)
    if not shown:
        return Overlays({}, {}, {}, [])
    table = shown[0].table
    return Overlays(
        dict(table.stages), dict(table.links), dict(table.annotations), [f.title for f in shown]
    )


def _slide_scale(boxes: Boxes) -> float:
    """How large a figure of these boxes is drawn on a slide (relative)."""
    if not boxes:
        return 1.0
    width = max(b.left + b.width for b in boxes.values()) - min(b.left for b in boxes.values())
    height = max(b.top + b.height for b in boxes.values()) - min(b.top for b in boxes.values())
    return min(SLIDE_ASPECT / max(width, 1.0), 1.0 / max(height, 1.0))


def for_slide(doc: Document, theme: Theme, stage_text: bool = True) -> tuple[Document, Boxes]:
    """The document laid out for a 16:9 slide: as it is, or when it is much wider, a
    copy wrapped into the rows (2 to 4) that draw it largest."""
    best = laid_out(doc, theme, stage_text)
    sizes = {k: (b.width, b.height) for k, b in best[1].items()}
    if len(doc.nodes) < 4:
        return best
    for rows in (2, 3, 4):
        copy = best[0].copy()
        layout_command(copy, "LR", sizes, rows=rows, room=frame_room(theme)).apply(copy)
        tried = laid_out(copy, theme, stage_text)
        if _slide_scale(tried[1]) > 1.2 * _slide_scale(best[1]):
            best = tried
    return best


def beamer_bytes(doc: Document, theme: Theme, stage_text: bool = True) -> bytes:
    """A Beamer frame whose overlays are the presentation's steps."""
    placed, boxes = for_slide(doc, theme, stage_text)
    return to_beamer(placed, overlays_of(placed), boxes, palette_of(theme)).encode("utf-8")


def write_beamer(doc: Document, output: str | Path, theme: Theme, stage_text: bool = True) -> None:
    write_atomic(output, beamer_bytes(doc, theme, stage_text))
