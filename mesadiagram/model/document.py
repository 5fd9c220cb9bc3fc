"""The Document: the single source of truth for one threat model.

Its mutators are low level and meant for commands (:mod:`.commands`), which record what
they change so that it can be undone. Every mutator emits one past-tense event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from mesadiagram.model import events as ev
from mesadiagram.model.annotation_types import BUILTIN_TYPES, AnnotationType
from mesadiagram.model.elements import (
    DOCUMENT_FIELDS,
    EDGE_FIELDS,
    NODE_FIELDS,
    Annotation,
    Edge,
    EdgeKey,
    Node,
    OwnerRef,
)

Listener = Callable[[ev.ChangeEvent], None]


class Document:
    """Title, description, stages, links and the annotation types the document declares."""

    def __init__(self, title: str = "", description: str = "") -> None:
        self.title = title
        self.description = description
        self.refs: list[str] = []
        self.types: dict[str, AnnotationType] = {}
        self._nodes: list[Node] = []
        self._node_by_id: dict[str, Node] = {}
        self._edges: list[Edge] = []
        self._edge_by_key: dict[EdgeKey, Edge] = {}
        self._out: dict[str, list[EdgeKey]] = {}
        self._in: dict[str, list[EdgeKey]] = {}
        self._listeners: list[Listener] = []

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

    def edge(self, key: EdgeKey) -> Edge:
        return self._edge_by_key[key]

    def has_edge(self, key: EdgeKey) -> bool:
        return key in self._edge_by_key

    def node_ids(self) -> set[str]:
        return set(self._node_by_id)

    def node_index(self, node_id: str) -> int:
        return self._nodes.index(self._node_by_id[node_id])

    def edge_index(self, key: EdgeKey) -> int:
        return self._edges.index(self._edge_by_key[key])

    def outgoing(self, node_id: str) -> list[EdgeKey]:
        return list(self._out.get(node_id, ()))

    def incoming(self, node_id: str) -> list[EdgeKey]:
        return list(self._in.get(node_id, ()))

    def incident_edges(self, node_id: str) -> list[EdgeKey]:
        """Links touching the stage: outgoing, then incoming (cheap: no scan of all links)."""
        return list(dict.fromkeys([*self._out.get(node_id, ()), *self._in.get(node_id, ())]))

    def annotations_of(self, owner: OwnerRef) -> list[Annotation]:
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

    def iter_annotations(self) -> Iterator[tuple[OwnerRef, Annotation]]:
        for node in self._nodes:
            for ann in node.annotations:
                yield ("node", node.id), ann
        for edge in self._edges:
            for ann in edge.annotations:
                yield ("edge", edge.key), ann

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
            self._nodes,
            self._edges,
        )

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
        if node.id in self._node_by_id:
            raise ValueError(f"duplicate stage id {node.id!r}")
        self._nodes.insert(len(self._nodes) if index is None else index, node)
        self._node_by_id[node.id] = node
        self._emit(ev.NodeAdded(node.id))

    def remove_node(self, node_id: str) -> tuple[Node, int]:
        """Remove a stage that has no links left; returns it and its index."""
        if self._out.get(node_id) or self._in.get(node_id):
            raise ValueError(f"stage {node_id!r} still has links")
        node = self._node_by_id.pop(node_id)
        index = self._nodes.index(node)
        del self._nodes[index]
        self._out.pop(node_id, None)
        self._in.pop(node_id, None)
        self._emit(ev.NodeRemoved(node_id))
        return node, index

    def update_node(self, node_id: str, **changes: Any) -> dict[str, Any]:
        """Set fields of a stage; returns their previous values."""
        node = self._node_by_id[node_id]
        old = _apply_fields(node, NODE_FIELDS, changes)
        self._emit(ev.NodeChanged(node_id, tuple(changes)))
        return old

    def insert_edge(self, edge: Edge, index: int | None = None) -> None:
        key = edge.key
        if key in self._edge_by_key:
            raise ValueError(f"duplicate link {key[0]} -> {key[1]}")
        for end in key:
            if end not in self._node_by_id:
                raise ValueError(f"no stage with id {end!r}")
        self._edges.insert(len(self._edges) if index is None else index, edge)
        self._edge_by_key[key] = edge
        self._out.setdefault(edge.source, []).append(key)
        self._in.setdefault(edge.target, []).append(key)
        self._emit(ev.EdgeAdded(key))

    def remove_edge(self, key: EdgeKey) -> tuple[Edge, int]:
        edge = self._edge_by_key.pop(key)
        index = self._edges.index(edge)
        del self._edges[index]
        self._out[edge.source].remove(key)
        self._in[edge.target].remove(key)
        self._emit(ev.EdgeRemoved(key))
        return edge, index

    def update_edge(self, key: EdgeKey, **changes: Any) -> dict[str, Any]:
        edge = self._edge_by_key[key]
        old = _apply_fields(edge, EDGE_FIELDS, changes)
        self._emit(ev.EdgeChanged(key, tuple(changes)))
        return old

    def set_annotations(self, owner: OwnerRef, annotations: list[Annotation]) -> list[Annotation]:
        """Replace an element's annotations; returns the previous list."""
        element = self._owner(owner)
        old, element.annotations = element.annotations, annotations
        self._emit(ev.AnnotationsChanged(owner))
        return old

    def update_document(self, **changes: Any) -> dict[str, Any]:
        old = _apply_fields(self, DOCUMENT_FIELDS, changes)
        self._emit(ev.DocumentChanged(tuple(changes)))
        return old

    def set_types(self, types: dict[str, AnnotationType]) -> dict[str, AnnotationType]:
        old, self.types = self.types, dict(types)
        self._emit(ev.DocumentChanged(("types",)))
        return old

    def _owner(self, owner: OwnerRef) -> Node | Edge:
        kind, ref = owner
        if kind == "node":
            return self._node_by_id[ref]  # type: ignore[index]
        return self._edge_by_key[ref]  # type: ignore[index]


def _apply_fields(target: object, allowed: tuple[str, ...], changes: dict[str, Any]) -> dict:
    old = {}
    for name, value in changes.items():
        if name not in allowed:
            raise AttributeError(f"{type(target).__name__} has no editable field {name!r}")
        old[name] = getattr(target, name)
        setattr(target, name, value)
    return old
