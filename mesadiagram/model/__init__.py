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
    Item,
    LinkId,
    Node,
    default_link_id,
)

__all__ = [
    "BUILTIN_TYPES",
    "Annotation",
    "AnnotationId",
    "AnnotationType",
    "Document",
    "Edge",
    "ElementId",
    "Item",
    "LinkId",
    "Node",
    "default_link_id",
]
