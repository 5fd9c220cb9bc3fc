"""The elements of a threat model: stages (nodes), links (edges) and their annotations,
groups of stages and free text boxes.

They are plain dataclasses compared by value, so two documents are equal exactly when
their files would be. Change them only through commands, so that undo and the views see
every change.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from mesadiagram.model.vocabulary import DEFAULT_LINK_TYPE, DEFAULT_STAGE_CLASS

ElementId = str
"""The id of a stage or a link. Stages and links share one namespace in a document, so an
id alone says which element is meant: what an annotation hangs on (its owner), what is
selected, highlighted or dimmed."""

LinkId = str
"""The id of a link. Several links may join the same two stages; each has its own id."""

AnnotationId = str
"""The id of an annotation, unique among the annotations of a document."""


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
    # Given by the Document when the annotation is attached, if empty; kept for good.
    id: AnnotationId = ""

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
    # Its class (``vocabulary.py``): a built-in one or one the document declares.
    stage_class: str = DEFAULT_STAGE_CLASS

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
    # Given by the Document when the link is added, if empty: ``from->to``, numbered when
    # that is taken (a second link between the same stages).
    id: LinkId = ""
    # Its type (``vocabulary.py``): a built-in one or one the document declares. Only
    # links whose type carries risk count in the analysis.
    type: str = DEFAULT_LINK_TYPE

    def clone(self) -> Edge:
        return copy.deepcopy(self)


@dataclass
class Group:
    """A frame around some stages (a phase, an actor). A stage belongs to at most one
    group, and a group holds at least one stage; its id shares the namespace of stages
    and links."""

    id: str
    label: str
    stages: list[str] = field(default_factory=list)
    color: str | None = None  # None: the theme's

    def clone(self) -> Group:
        return copy.deepcopy(self)


@dataclass
class TextBox:
    """Free text on the diagram: a title block, a key. ``position`` is its top-left
    corner (a stage's is its centre); ``width`` wraps the text, None: as wide as the
    text's own lines. Its id shares the namespace of stages and links."""

    id: str
    text: str
    position: tuple[float, float] = (0.0, 0.0)
    width: float | None = None

    def clone(self) -> TextBox:
        return copy.deepcopy(self)


NODE_FIELDS = (
    "label",
    "text",
    "position",
    "probability",
    "outcome",
    "pinned",
    "refs",
    "stage_class",
)
EDGE_FIELDS = ("label", "text", "probability", "route", "refs", "type")
GROUP_FIELDS = ("label", "stages", "color")
BOX_FIELDS = ("text", "position", "width")
DOCUMENT_FIELDS = ("title", "description", "refs")


def default_link_id(source: str, target: str) -> LinkId:
    """The id a link gets when none is given (and which the file then leaves out)."""
    return f"{source}->{target}"
