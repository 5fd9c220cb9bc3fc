"""The document as a step shows it: every stage and link (hidden ones too, so that links
keep their ways around all the boxes and nothing moves between steps), with only the
annotations revealed so far. A presentation keeps one such copy and brings it to each
step by replacing the annotations of the few stages and links that differ; the deck
does the same, page after page. The author's document is never touched.
"""

from __future__ import annotations

import copy
from collections.abc import Set

from mesadiagram.model import Annotation, AnnotationId, Document, ElementId
from mesadiagram.presentation.frames import Frame


def shown_copy(doc: Document) -> Document:
    """A copy of ``doc`` without annotations, that nobody listens to (with its link
    types, stage classes, groups and text boxes)."""
    out = doc.empty_copy()
    for node in doc.nodes:
        bare = copy.copy(node)
        bare.annotations = []
        out.insert_node(copy.deepcopy(bare))
    for edge in doc.edges:
        bare = copy.copy(edge)
        bare.annotations = []
        out.insert_edge(copy.deepcopy(bare))
    for group in doc.groups:
        out.insert_group(group.clone())
    for box in doc.boxes:
        out.insert_box(box.clone())
    return out


def revealed(doc: Document, shown_ids: Set[AnnotationId], owner: ElementId) -> list[Annotation]:
    """The annotations of ``owner`` among ``shown_ids`` (a frame's), in their order."""
    return [a.clone() for a in doc.annotations_of(owner) if a.id in shown_ids]


def reveal(shown: Document, doc: Document, frame: Frame) -> list[ElementId]:
    """Bring ``shown`` to ``frame``; returns the stages and links whose annotations
    changed (each emits one ``AnnotationsChanged``, so a canvas redraws only those).
    Only the owners of the annotations that come or go are looked at: a step costs
    what it changes, not the size of the model."""
    wanted = frame.annotations
    differ = shown.annotation_ids() ^ wanted
    owners = dict.fromkeys(doc.annotation(a)[0] for a in sorted(differ))
    for owner in owners:
        shown.set_annotations(owner, revealed(doc, wanted, owner))
    return list(owners)


def current_annotations(doc: Document, frame: Frame, owner: ElementId) -> list[Annotation]:
    """The annotations of ``owner`` that appear at ``frame`` (its callout shows them)."""
    new = set(frame.new_annotations)
    return [a for a in doc.annotations_of(owner) if a.id in new]
