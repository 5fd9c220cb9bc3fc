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
class VocabularyChanged(DocumentChanged):
    """The declared link types (``fields == ("link_types",)``) or stage classes
    (``("stage_classes",)``) changed. A DocumentChanged, so that a view that redraws
    everything on one redraws on this too."""


@dataclass(frozen=True)
class GroupAdded:
    group_id: str


@dataclass(frozen=True)
class GroupRemoved:
    group_id: str


@dataclass(frozen=True)
class GroupChanged:
    """Its label, colour or stages (``fields``) changed; a stage's move is a NodeChanged."""

    group_id: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class BoxAdded:
    box_id: str


@dataclass(frozen=True)
class BoxRemoved:
    box_id: str


@dataclass(frozen=True)
class BoxChanged:
    box_id: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class PresentationChanged:
    """The presentation's options or its custom order of steps changed."""


@dataclass(frozen=True)
class ScenariosChanged:
    """A scenario was added, removed or changed (``model/scenarios.py``)."""


ChangeEvent = (
    NodeAdded
    | NodeRemoved
    | NodeChanged
    | EdgeAdded
    | EdgeRemoved
    | EdgeChanged
    | AnnotationsChanged
    | DocumentChanged
    | VocabularyChanged
    | GroupAdded
    | GroupRemoved
    | GroupChanged
    | BoxAdded
    | BoxRemoved
    | BoxChanged
    | PresentationChanged
    | ScenariosChanged
)
