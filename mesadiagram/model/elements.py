"""The elements of a threat model: stages (nodes), links (edges) and their annotations.

They are plain dataclasses compared by value, so two documents are equal exactly when
their files would be. Change them only through commands, so that undo and the views see
every change.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Literal

EdgeKey = tuple[str, str]
"""A link is identified by its (from, to) stage ids; a document has at most one per pair."""

OwnerRef = tuple[Literal["node"], str] | tuple[Literal["edge"], EdgeKey]
"""What an annotation hangs on: ``("node", id)`` or ``("edge", (from, to))``."""


@dataclass
class Item:
    """A sub-item of an annotation, such as one method of an intervention."""

    label: str
    text: str = ""


@dataclass
class Annotation:
    """A kind, mechanism, caveat, intervention, note, or a document-declared type."""

    type: str
    label: str = ""
    text: str = ""
    items: list[Item] = field(default_factory=list)
    effect: float | None = None
    refs: list[str] = field(default_factory=list)

    def clone(self) -> Annotation:
        return copy.deepcopy(self)


@dataclass
class Node:
    """A stage of the threat model."""

    id: str
    label: str
    text: str = ""
    position: tuple[float, float] | None = None
    probability: float | None = None
    outcome: bool = False
    pinned: bool = False  # auto-layout leaves it where it is
    refs: list[str] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)

    def clone(self) -> Node:
        return copy.deepcopy(self)


@dataclass
class Edge:
    """A link: the stage ``source`` leads to the stage ``target``."""

    source: str
    target: str
    label: str = ""
    text: str = ""
    probability: float | None = None
    # Bend points between the two stages (set by auto-layout to go around boxes); empty
    # for a straight link. Moving either stage clears them (see MoveNodes).
    route: list[tuple[float, float]] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)

    @property
    def key(self) -> EdgeKey:
        return (self.source, self.target)

    def clone(self) -> Edge:
        return copy.deepcopy(self)


NODE_FIELDS = ("label", "text", "position", "probability", "outcome", "pinned", "refs")
EDGE_FIELDS = ("label", "text", "probability", "route", "refs")
DOCUMENT_FIELDS = ("title", "description", "refs")
