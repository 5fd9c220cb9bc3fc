"""The document model: pure Python, no Qt and no YAML.

Everything a diagram is lives here; the canvas, the exports and the file format only read it
or change it through the commands in :mod:`mesadiagram.model.commands`.
"""

from mesadiagram.model.annotation_types import BUILTIN_TYPES, AnnotationType
from mesadiagram.model.document import Document
from mesadiagram.model.elements import (
    Annotation,
    AnnotationId,
    Edge,
    ElementId,
    Group,
    Item,
    LinkId,
    Node,
    TextBox,
    default_link_id,
)
from mesadiagram.model.vocabulary import (
    BUILTIN_LINK_TYPES,
    BUILTIN_STAGE_CLASSES,
    DEFAULT_LINK_TYPE,
    DEFAULT_STAGE_CLASS,
    HEADS,
    LINE_STYLES,
    SHAPES,
    LinkType,
    StageClass,
)

__all__ = [
    "BUILTIN_LINK_TYPES",
    "BUILTIN_STAGE_CLASSES",
    "BUILTIN_TYPES",
    "DEFAULT_LINK_TYPE",
    "DEFAULT_STAGE_CLASS",
    "HEADS",
    "LINE_STYLES",
    "SHAPES",
    "Annotation",
    "AnnotationId",
    "AnnotationType",
    "Document",
    "Edge",
    "ElementId",
    "Group",
    "Item",
    "LinkId",
    "LinkType",
    "Node",
    "StageClass",
    "TextBox",
    "default_link_id",
]
