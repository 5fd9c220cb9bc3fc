"""Change events, named in the past tense, emitted by the Document after each change.

Views (the canvas, the inspector, the analysis dock) subscribe and redraw what changed;
they never poke at the model themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from mesadiagram.model.elements import ElementId, LinkId


@dataclass(frozen=True)
class NodeAdded:
    node_id: str


@dataclass(frozen=True)
class NodeRemoved:
    node_id: str


@dataclass(frozen=True)
class NodeChanged:
    node_id: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class EdgeAdded:
    link_id: LinkId


@dataclass(frozen=True)
class EdgeRemoved:
    link_id: LinkId


@dataclass(frozen=True)
class EdgeChanged:
    link_id: LinkId
    fields: tuple[str, ...]


@dataclass(frozen=True)
class AnnotationsChanged:
    owner: ElementId


@dataclass(frozen=True)
class DocumentChanged:
    fields: tuple[str, ...]


@dataclass(frozen=True)
class PresentationChanged:
    """The presentation's options or its custom order of steps changed."""


ChangeEvent = (
    NodeAdded
    | NodeRemoved
    | NodeChanged
    | EdgeAdded
    | EdgeRemoved
    | EdgeChanged
    | AnnotationsChanged
    | DocumentChanged
    | PresentationChanged
)
