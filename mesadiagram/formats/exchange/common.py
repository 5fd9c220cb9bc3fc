"""What the exchange writers share: the text a format can carry, the boxes of a laid-out
document, a theme's colours as plain data, and the kinds and interventions they show.

The writers take boxes and colours as plain values, so they need no Qt: ``render``
measures the boxes and turns the chosen theme into a :class:`Palette`
(``render/exchange_export.py``); without it, :func:`builtin_palette` reads a theme file
through ``formats/theme_file.py``.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from mesadiagram.formats.theme_file import COLOR_KEYS, read_theme_text
from mesadiagram.model import Document, Edge, Node
from mesadiagram.resource_files import resource_root

DEFAULT_SIZE = (160.0, 56.0)  # a stage's box when no size is given (scene pixels)


def carried(text: str) -> str:
    """``text`` as the exchange formats carry it: control characters other than newline
    and tab are left out (no target can show them; XML, DOT output and LaTeX reject
    most), as are the two non-characters XML forbids. The YAML file keeps them."""
    if text.isprintable():
        return text
    return "".join(
        ch
        for ch in text
        if ch in "\n\t" or (unicodedata.category(ch) != "Cc" and ch not in "\ufffe\uffff")
    )


def one_line(text: str) -> str:
    """``carried`` text on one line (comments, titles): line breaks and tabs as spaces."""
    return " ".join(carried(text).split())


def reads_down(doc: Document) -> bool:
    """Whether the diagram's links go down more than across (then ``rankdir=TB``)."""
    across = down = 0.0
    for edge in doc.edges:
        a, b = doc.node(edge.source).position, doc.node(edge.target).position
        if a is not None and b is not None:
            across += abs(b[0] - a[0])
            down += abs(b[1] - a[1])
    return down > across


@dataclass(frozen=True)
class Box:
    """A stage's box: centre ``x``, ``y`` and size, in scene pixels (y grows down)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def left(self) -> float:
        return self.x - self.width / 2

    @property
    def top(self) -> float:
        return self.y - self.height / 2


Boxes = dict[str, Box]


def boxes_of(doc: Document, sizes: dict[str, tuple[float, float]] | None = None) -> Boxes:
    """Each stage's box from its position and ``sizes`` (``DEFAULT_SIZE`` where none);
    stages without a position stand in a row below the rest (callers lay them out first)."""
    placed = [n.position for n in doc.nodes if n.position is not None]
    below = max((y for _, y in placed), default=0.0) + 160.0
    out: Boxes = {}
    spare = 0
    for node in doc.nodes:
        width, height = (sizes or {}).get(node.id, DEFAULT_SIZE)
        if node.position is None:
            x, y = spare * (DEFAULT_SIZE[0] + 60.0), below
            spare += 1
        else:
            x, y = node.position
        out[node.id] = Box(float(x), float(y), float(width), float(height))
    return out


@dataclass(frozen=True)
class Palette:
    """The colours of a theme (``#RRGGBB``), its font, and annotation type colours."""

    background: str = "#FFFFFF"
    node_fill: str = "#F7F9FC"
    node_border: str = "#5B6B82"
    node_text: str = "#1B2430"
    node_subtext: str = "#5B6B82"
    outcome_fill: str = "#FDEDEC"
    outcome_border: str = "#B03A2E"
    edge: str = "#5B6B82"
    edge_text: str = "#1B2430"
    font_family: str = "DejaVu Sans"
    font_size: float = 14.0  # pixels of stage labels
    types: dict[str, str] = field(default_factory=dict)  # type name -> the theme's colour

    def type_color(self, doc: Document, type_name: str) -> str:
        """The theme's colour for the type, else the document's (or built-in) one."""
        return self.types.get(type_name) or doc.annotation_type(type_name).color

    @classmethod
    def from_values(cls, values: dict[str, Any]) -> Palette:
        """From a theme's data (``theme_file``) or a Theme's fields; unknown keys ignored."""
        known = {k: values[k] for k in (*COLOR_KEYS, "font_family", "font_size") if k in values}
        known = {k: v for k, v in known.items() if k in cls.__dataclass_fields__}
        types = {}
        for name, style in (values.get("types") or {}).items():
            color = style.get("color") if isinstance(style, dict) else getattr(style, "color", None)
            if color:
                types[str(name)] = color
        return cls(**known, types=types)


def builtin_palette(name: str = "default") -> Palette:
    """A built-in theme's colours, read through ``formats/theme_file.py``."""
    path = resource_root() / "themes" / f"{name}.yaml"
    return Palette.from_values(read_theme_text(path.read_text(encoding="utf-8"), str(path)))


def kind_labels(node: Node) -> list[str]:
    """The kinds a stage comes in, as the figures name them (a kind without a label is
    named by its type)."""
    return [a.label or a.type for a in node.annotations if a.type == "kind"]


def intervention_labels(edge: Edge) -> list[str]:
    return [a.label or a.type for a in edge.annotations if a.type == "intervention"]


CUT = "\u2702 "
"""Starts an intervention in a link's label in DOT and Mermaid: scissors, as an
intervention cuts the link (common fonts have the glyph; the figures' shield, U+26E8,
is missing from most). The readers take the lines from the first one that starts with
it as the link's interventions."""
CUT_WRAP = 40  # characters: a long intervention goes on several lines


def cut_lines(edge: Edge) -> list[list[str]]:
    """The lines of each intervention: ``CUT`` and its label wrapped at spaces (spaces
    and line breaks inside a label become one space, so reading it back joins the
    lines with a space and gives the label)."""
    out = []
    for label in intervention_labels(edge):
        words = " ".join(carried(label).split())
        lines = textwrap.wrap(words, CUT_WRAP, break_long_words=False, break_on_hyphens=False)
        out.append([CUT + lines[0], *lines[1:]] if lines else [CUT.rstrip()])
    return out


def split_cuts(text: str) -> tuple[str, list[str]]:
    """A link label as read back: (the label, its interventions). The lines from the
    first that starts with ``CUT`` are the interventions; a line that does not start
    with it continues the one before."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.startswith(CUT.rstrip())), None)
    if first is None:
        return text, []
    cuts: list[str] = []
    for line in lines[first:]:
        if line.startswith(CUT.rstrip()):
            cuts.append(line[len(CUT.rstrip()) :].removeprefix(" "))
        else:
            cuts[-1] += " " + line
    return "\n".join(lines[:first]), cuts


def hex_rgb(color: str) -> str:
    """``#5b6b82`` -> ``5B6B82`` (LaTeX's ``HTML`` colour model, draw.io styles)."""
    return color.lstrip("#").upper()


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_clean(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold at all (most C0 controls)."""
    return _XML_INVALID.sub("", text)


def xml_escape(text: str) -> str:
    """``text`` for XML content: cleaned, ``& < >`` escaped, a carriage return as a
    reference (a parser would read it as ``\\n``)."""
    text = xml_clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;")


def xml_attr(text: str) -> str:
    """``text`` for a double-quoted attribute: also the quote, and line breaks and tabs
    as references (a parser would make them spaces)."""
    text = xml_escape(text).replace('"', "&quot;")
    return text.replace("\n", "&#10;").replace("\t", "&#9;")
