"""The visual vocabulary of a model: link types and stage classes, with their built-ins.

A link's *type* says what the link means: ``causes`` and ``enables`` carry risk (the
analysis counts them), ``supports`` and ``undermines`` are evidence (drawn, listed in the
legend, left out of the analysis). A stage's *class* says what kind of box it is: an
``event`` (the usual stage), a ``question``, an ``actor``, a ``capability``. A document
may declare more of either; a declared name never reuses a built-in one.

The style words (line, head, shape) are a fixed set the renderer knows how to draw; a
colour of ``None`` leaves the colour to the theme. No two built-in link types share
both their line and their head, so a type is never told apart by colour alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LINE_STYLES = ("solid", "dashed", "dotted")
"""How a link's line is drawn; the first is the default."""
HEADS = ("arrow", "open", "bar", "diamond", "circle", "none")
"""The mark at a link's target end: a filled arrow, an open (outline) arrow, a bar across
the line, a diamond, a circle, or nothing. The first is the default."""
SHAPES = (
    "rounded",
    "rectangle",
    "hexagon",
    "diamond",
    "ellipse",
    "stadium",
    "parallelogram",
    "note",
)
"""The outline of a stage's box; the first (a rounded rectangle) is the default."""

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*$")
"""A declared type's or class's name: lower-case letters, digits, ``-`` or ``_``, starting
with a letter (as annotation types)."""
COLOR_PATTERN = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _check(
    name: str, color: str | None, words: tuple[tuple[str, str, tuple[str, ...]], ...]
) -> None:
    """Refuse what the file format could not write back (a ``ValueError`` says what)."""
    if not NAME_PATTERN.match(name):
        raise ValueError(
            f"bad name {name!r}: lower-case letters, digits, '-' or '_', starting with a letter"
        )
    if color is not None and not COLOR_PATTERN.match(color):
        raise ValueError(f"bad colour {color!r}: expected '#RRGGBB'")
    for what, value, choices in words:
        if value not in choices:
            raise ValueError(f"unknown {what} {value!r}; known: {', '.join(choices)}")


@dataclass(frozen=True)
class LinkType:
    """What a link means and how it is drawn. ``carries_risk`` decides whether the
    analysis counts links of this type (paths, cut sets, risk)."""

    name: str
    label: str
    line: str = LINE_STYLES[0]
    color: str | None = None
    head: str = HEADS[0]
    carries_risk: bool = True

    def __post_init__(self) -> None:
        words = (("line style", self.line, LINE_STYLES), ("head", self.head, HEADS))
        _check(self.name, self.color, words)


@dataclass(frozen=True)
class StageClass:
    """A kind of stage and the shape of its box."""

    name: str
    label: str
    shape: str = SHAPES[0]
    color: str | None = None

    def __post_init__(self) -> None:
        _check(self.name, self.color, (("shape", self.shape, SHAPES),))


DEFAULT_LINK_TYPE = "causes"
DEFAULT_STAGE_CLASS = "event"

BUILTIN_LINK_TYPES: dict[str, LinkType] = {
    t.name: t
    for t in (
        LinkType("causes", "Causes"),
        LinkType("enables", "Enables", line="dashed", head="open"),
        # Evidence is dotted; whether it speaks for or against a claim shows in the head.
        LinkType("supports", "Supports", line="dotted", carries_risk=False),
        LinkType("undermines", "Undermines", line="dotted", head="bar", carries_risk=False),
    )
}
"""The built-in link types, in the order palettes and legends list them."""

BUILTIN_STAGE_CLASSES: dict[str, StageClass] = {
    c.name: c
    for c in (
        StageClass("event", "Event"),
        StageClass("question", "Question", shape="hexagon"),
        StageClass("actor", "Actor", shape="stadium"),
        StageClass("capability", "Capability", shape="parallelogram"),
    )
}
"""The built-in stage classes, in the order palettes and legends list them."""
