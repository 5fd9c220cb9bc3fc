"""The Document: the single source of truth for one threat model.

Stages, links and annotations are kept here; the declared link types and stage classes,
groups and text boxes in :mod:`.document_parts`, mixed in. Its mutators are low level and
meant for commands (:mod:`.commands`), which record what they change so that it can be
undone. Every mutator emits one past-tense event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from mesadiagram.model import events as ev
from mesadiagram.model.annotation_types import BUILTIN_TYPES, AnnotationType
from mesadiagram.model.document_parts import DocumentParts
from mesadiagram.model.elements import (
    DOCUMENT_FIELDS,
    EDGE_FIELDS,
    NODE_FIELDS,
    Annotation,
    AnnotationId,
    Edge,
    ElementId,
    LinkId,
    Node,
    default_link_id,
)
from mesadiagram.model.ids import annotation_slug, numbered
from mesadiagram.model.presentation import Presentation
from mesadiagram.model.scenarios import Scenario, check_names

Listener = Callable[[ev.ChangeEvent], None]


class Document(DocumentParts):
    """Title, description, stages, links and the annotation types the document declares;
    link types, stage classes, groups and text boxes (``document_parts.py``)."""

    def __init__(self, title: str = "", description: str = "") -> None:
        self.title = title
        self.description = description
        self.refs: list[str] = []
        self.types: dict[str, AnnotationType] = {}
        # How it is presented: step options and a custom order (``presentation.py``).
        self.presentation = Presentation()
        self._scenarios: tuple[Scenario, ...] = ()  # what-if choices (``scenarios.py``)
        self._nodes: list[Node] = []
        self._node_by_id: dict[str, Node] = {}
        self._edges: list[Edge] = []
        self._edge_by_id: dict[LinkId, Edge] = {}
        self._out: dict[str, list[LinkId]] = {}
        self._in: dict[str, list[LinkId]] = {}
        self._annotation_owner: dict[AnnotationId, ElementId] = {}
        self._listeners: list[Listener] = []
        self._init_parts()

    # -- reading -------------------------------------------------------------------------
    @property
    def nodes(self) -> list[Node]:
        """Stages in file order. Do not mutate the list; use commands."""
        return self._nodes

    @property
    def edges(self) -> list[Edge]:
        """Links in file order. Do not mutate the list; use commands."""
        return self._edges

    def node(self, node_id: str) -> Node:
        return self._node_by_id[node_id]

    def has_node(self, node_id: str) -> bool:
        return node_id in self._node_by_id

    def edge(self, link_id: LinkId) -> Edge:
        return self._edge_by_id[link_id]

    def has_edge(self, link_id: LinkId) -> bool:
        return link_id in self._edge_by_id

    def element(self, element_id: ElementId) -> Node | Edge:
        """The stage or link with this id (they share one namespace)."""
        found = self._node_by_id.get(element_id) or self._edge_by_id.get(element_id)
        if found is None:
            raise KeyError(element_id)
        return found

    def has_element(self, element_id: ElementId) -> bool:
        return element_id in self._node_by_id or element_id in self._edge_by_id

    def links_between(self, source: str, target: str) -> list[LinkId]:
        """Links from ``source`` to ``target``, in document order."""
        return [k for k in self._out.get(source, ()) if self._edge_by_id[k].target == target]

    def new_link_id(self, source: str, target: str) -> LinkId:
        """A free id for a new link: ``from->to``, numbered when that is taken."""
        return numbered(default_link_id(source, target), self.taken_ids())

    def annotation(self, annotation_id: AnnotationId) -> tuple[ElementId, Annotation]:
        """The owner and the annotation with this id."""
        owner = self._annotation_owner[annotation_id]
        for ann in self._owner(owner).annotations:
            if ann.id == annotation_id:
                return owner, ann
        raise KeyError(annotation_id)  # pragma: no cover - the index is kept in step

    def has_annotation(self, annotation_id: AnnotationId) -> bool:
        return annotation_id in self._annotation_owner

    def annotation_ids(self) -> set[AnnotationId]:
        return set(self._annotation_owner)

    def node_ids(self) -> set[str]:
        return set(self._node_by_id)

    def node_index(self, node_id: str) -> int:
        return self._nodes.index(self._node_by_id[node_id])

    def edge_index(self, link_id: LinkId) -> int:
        return self._edges.index(self._edge_by_id[link_id])

    def outgoing(self, node_id: str) -> list[LinkId]:
        return list(self._out.get(node_id, ()))

    def incoming(self, node_id: str) -> list[LinkId]:
        return list(self._in.get(node_id, ()))

    def incident_edges(self, node_id: str) -> list[LinkId]:
        """Links touching the stage: outgoing, then incoming (cheap: no scan of all links)."""
        return list(dict.fromkeys([*self._out.get(node_id, ()), *self._in.get(node_id, ())]))

    def annotations_of(self, owner: ElementId) -> list[Annotation]:
        return self._owner(owner).annotations

    def annotation_type(self, name: str) -> AnnotationType:
        """The declared or built-in type; unknown names get a neutral grey type."""
        if name in self.types:
            return self.types[name]
        if name in BUILTIN_TYPES:
            return BUILTIN_TYPES[name]
        return AnnotationType(name, name + "s", "#888888", "dot")

    def all_types(self) -> list[AnnotationType]:
        """Built-in types first, then the document's own, in declaration order."""
        merged = dict(BUILTIN_TYPES)
        merged.update(self.types)
        return list(merged.values())

    def iter_annotations(self) -> Iterator[tuple[ElementId, Annotation]]:
        for node in self._nodes:
            for ann in node.annotations:
                yield node.id, ann
        for edge in self._edges:
            for ann in edge.annotations:
                yield edge.id, ann

    # -- comparing -----------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Document):
            return NotImplemented
        return self.snapshot() == other.snapshot()

    __hash__ = None  # type: ignore[assignment]  # mutable

    def snapshot(self) -> tuple[Any, ...]:
        """A value that equals another document's exactly when their contents are equal."""
        return (
            self.title,
            self.description,
            self.refs,
            self.types,
            self.link_types,
            self.stage_classes,
            self._nodes,
            self._edges,
            self._groups,
            self._boxes,
            self.presentation,
            self._scenarios,
        )

    def empty_copy(self) -> Document:
        """A new document with this one's title, description, refs and declarations
        (annotation types, link types, stage classes), and no stages, links, groups or
        boxes: where copies of some of its elements can go (a figure, the clipboard)."""
        out = Document(self.title, self.description)
        out.refs = list(self.refs)
        out.types = dict(self.types)
        out.link_types = dict(self.link_types)
        out.stage_classes = dict(self.stage_classes)
        return out

    def copy(self) -> Document:
        """An equal document of its own that nobody listens to."""
        out = self.empty_copy()
        for node in self._nodes:
            out.insert_node(node.clone())
        for edge in self._edges:
            out.insert_edge(edge.clone())
        for group in self._groups:
            out.insert_group(group.clone())
        for box in self._boxes:
            out.insert_box(box.clone())
        out.presentation = self.presentation
        out._scenarios = self._scenarios  # (immutable values: shared safely)
        return out

    def __repr__(self) -> str:
        return f"<Document {self.title!r}: {len(self._nodes)} stages, {len(self._edges)} links>"

    # -- listening -----------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` after every change; returns a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _emit(self, event: ev.ChangeEvent) -> None:
        for listener in list(self._listeners):
            listener(event)

    # -- mutators (for commands and loaders) ---------------------------------------------
    def insert_node(self, node: Node, index: int | None = None) -> None:
        """Add a stage; its annotations without an id (or with a taken one) get one."""
        if self.has_id(node.id):
            raise ValueError(f"duplicate id {node.id!r}")
        self._check_stage_class(node.stage_class)
        self._nodes.insert(len(self._nodes) if index is None else index, node)
        self._node_by_id[node.id] = node
        self._index_annotations(node.id, node.annotations)
        self._emit(ev.NodeAdded(node.id))

    def remove_node(self, node_id: str) -> tuple[Node, int]:
        """Remove a stage that has no links left and is in no group; returns it and its
        index."""
        if self._out.get(node_id) or self._in.get(node_id):
            raise ValueError(f"stage {node_id!r} still has links")
        if self.group_of(node_id) is not None:
            raise ValueError(f"stage {node_id!r} is still in group {self.group_of(node_id)!r}")
        node = self._node_by_id.pop(node_id)
        index = self._nodes.index(node)
        del self._nodes[index]
        self._unindex_annotations(node.annotations)
        self._out.pop(node_id, None)
        self._in.pop(node_id, None)
        self._emit(ev.NodeRemoved(node_id))
        return node, index

    def update_node(self, node_id: str, **changes: Any) -> dict[str, Any]:
        """Set fields of a stage; returns their previous values."""
        node = self._node_by_id[node_id]
        if "stage_class" in changes:
            self._check_stage_class(changes["stage_class"])
        old = _apply_fields(node, NODE_FIELDS, changes)
        self._emit(ev.NodeChanged(node_id, tuple(changes)))
        return old

    def insert_edge(self, edge: Edge, index: int | None = None) -> None:
        """Add a link; without an id it gets a free one (``from->to``, numbered)."""
        for end in (edge.source, edge.target):
            if end not in self._node_by_id:
                raise ValueError(f"no stage with id {end!r}")
        self._check_link_type(edge.type)
        if not edge.id:
            edge.id = self.new_link_id(edge.source, edge.target)
        elif self.has_id(edge.id):
            raise ValueError(f"duplicate id {edge.id!r}")
        self._edges.insert(len(self._edges) if index is None else index, edge)
        self._edge_by_id[edge.id] = edge
        self._out.setdefault(edge.source, []).append(edge.id)
        self._in.setdefault(edge.target, []).append(edge.id)
        self._index_annotations(edge.id, edge.annotations)
        self._emit(ev.EdgeAdded(edge.id))

    def remove_edge(self, link_id: LinkId) -> tuple[Edge, int]:
        edge = self._edge_by_id.pop(link_id)
        index = self._edges.index(edge)
        del self._edges[index]
        self._out[edge.source].remove(link_id)
        self._in[edge.target].remove(link_id)
        self._unindex_annotations(edge.annotations)
        self._emit(ev.EdgeRemoved(link_id))
        return edge, index

    def update_edge(self, link_id: LinkId, **changes: Any) -> dict[str, Any]:
        edge = self._edge_by_id[link_id]
        if "type" in changes:
            self._check_link_type(changes["type"])
        old = _apply_fields(edge, EDGE_FIELDS, changes)
        self._emit(ev.EdgeChanged(link_id, tuple(changes)))
        return old

    def set_annotations(self, owner: ElementId, annotations: list[Annotation]) -> list[Annotation]:
        """Replace an element's annotations; returns the previous list. Annotations
        without an id, or with one another annotation holds, get a fresh one."""
        element = self._owner(owner)
        self._unindex_annotations(element.annotations)
        old, element.annotations = element.annotations, annotations
        self._index_annotations(owner, annotations, keep={a.id for a in old})
        self._emit(ev.AnnotationsChanged(owner))
        return old

    def new_annotation_id(self, annotation: Annotation) -> AnnotationId:
        """A free id made from the annotation's label (or its type)."""
        return numbered(annotation_slug(annotation.label, annotation.type), self._annotation_owner)

    def _index_annotations(
        self, owner: ElementId, annotations: list[Annotation], keep: set[str] = frozenset()
    ) -> None:
        """Index ``annotations`` under ``owner``. Ids in ``keep`` (the owner's before an
        edit) stay with their first holder, wherever it now is in the list; a copy, an
        annotation without an id, or one whose id is taken gets a fresh id."""
        holders: dict[str, Annotation] = {}
        for ann in annotations:
            if ann.id and (ann.id in keep or ann.id not in self._annotation_owner):
                holders.setdefault(ann.id, ann)
        for ann_id in holders:
            self._annotation_owner[ann_id] = owner
        for ann in annotations:
            if holders.get(ann.id) is not ann:
                ann.id = self.new_annotation_id(ann)
                self._annotation_owner[ann.id] = owner

    def _unindex_annotations(self, annotations: list[Annotation]) -> None:
        for ann in annotations:
            self._annotation_owner.pop(ann.id, None)

    def update_document(self, **changes: Any) -> dict[str, Any]:
        old = _apply_fields(self, DOCUMENT_FIELDS, changes)
        self._emit(ev.DocumentChanged(tuple(changes)))
        return old

    def set_presentation(self, presentation: Presentation) -> Presentation:
        """Set how the document is presented; returns the previous setting."""
        old, self.presentation = self.presentation, presentation
        self._emit(ev.PresentationChanged())
        return old

    @property
    def scenarios(self) -> tuple[Scenario, ...]:
        """The scenarios, in file order (replace them with ``set_scenarios``)."""
        return self._scenarios

    def scenario(self, name: str) -> Scenario:
        for s in self._scenarios:
            if s.name == name:
                return s
        raise KeyError(name)

    def set_scenarios(self, scenarios: tuple[Scenario, ...]) -> tuple[Scenario, ...]:
        """Replace the scenarios; returns the previous ones. Refuses a missing or
        repeated name (ValueError)."""
        scenarios = tuple(scenarios)
        check_names(scenarios)
        old, self._scenarios = self._scenarios, scenarios
        self._emit(ev.ScenariosChanged())
        return old

    def set_types(self, types: dict[str, AnnotationType]) -> dict[str, AnnotationType]:
        old, self.types = self.types, dict(types)
        self._emit(ev.DocumentChanged(("types",)))
        return old

    def _owner(self, owner: ElementId) -> Node | Edge:
        return self.element(owner)


def _apply_fields(target: object, allowed: tuple[str, ...], changes: dict[str, Any]) -> dict:
    old = {}
    for name, value in changes.items():
        if name not in allowed:
            raise AttributeError(f"{type(target).__name__} has no editable field {name!r}")
        old[name] = getattr(target, name)
        setattr(target, name, value)
    return old
