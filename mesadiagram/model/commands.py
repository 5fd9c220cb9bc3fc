"""Edit commands: every change to a Document is one of these.

A command records what it needs to undo itself the first time it is applied, then
``apply``/``revert`` can be called alternately any number of times. ``ui`` wraps them in
QUndoCommand; headless code and tests use :class:`mesadiagram.model.history.History`.
"""

from __future__ import annotations

import copy
from typing import Any

from mesadiagram.model.annotation_types import AnnotationType
from mesadiagram.model.document import Document
from mesadiagram.model.elements import Annotation, Edge, ElementId, Group, LinkId, Node
from mesadiagram.model.presentation import Presentation
from mesadiagram.model.scenarios import Scenario, forget


class Command:
    """One undoable change. Subclasses implement ``apply`` and ``revert``."""

    text = "Edit"

    def apply(self, doc: Document) -> None:
        raise NotImplementedError

    def revert(self, doc: Document) -> None:
        raise NotImplementedError


class Macro(Command):
    """Several commands as one undo step (a paste, a layout, a multi-stage delete).

    All or nothing: when one of them refuses (a ValueError, say a stage already in
    another group), those applied before it are reverted and the error goes on."""

    def __init__(self, text: str, commands: list[Command]) -> None:
        self.text = text
        self.commands = list(commands)

    def apply(self, doc: Document) -> None:
        done: list[Command] = []
        try:
            for command in self.commands:
                command.apply(doc)
                done.append(command)
        except Exception:
            for command in reversed(done):
                command.revert(doc)
            raise

    def revert(self, doc: Document) -> None:
        for command in reversed(self.commands):
            command.revert(doc)


class AddNode(Command):
    def __init__(self, node: Node, index: int | None = None) -> None:
        self.node = node
        self.index = index
        self.text = f"Add stage “{node.label}”"

    def apply(self, doc: Document) -> None:
        node = copy.deepcopy(self.node)
        doc.insert_node(node, self.index)
        # Keep the ids the document gave its annotations, so a redo gives the same ones.
        self.node.annotations = copy.deepcopy(node.annotations)

    def revert(self, doc: Document) -> None:
        doc.remove_node(self.node.id)


class AddEdge(Command):
    def __init__(self, edge: Edge, index: int | None = None) -> None:
        self.edge = edge
        self.index = index
        self.text = "Add link"

    def apply(self, doc: Document) -> None:
        edge = copy.deepcopy(self.edge)
        doc.insert_edge(edge, self.index)
        # Keep the ids the document gave, so a redo gives the same ones.
        self.edge.id = edge.id
        self.edge.annotations = copy.deepcopy(edge.annotations)

    def revert(self, doc: Document) -> None:
        doc.remove_edge(self.edge.id)


class RemoveEdge(Command):
    """Deleting a link; scenarios forget its probability and its interventions in the
    same step (undo gives them back)."""

    def __init__(self, key: LinkId) -> None:
        self.key = key
        self.removed: tuple[Edge, int] | None = None
        self.scenarios: tuple[Scenario, ...] | None = None  # before forgetting, if they had to
        self.text = "Delete link"

    def apply(self, doc: Document) -> None:
        edge = doc.edge(self.key)
        self.scenarios = forget(doc, [self.key, *(a.id for a in edge.annotations)])
        self.removed = doc.remove_edge(self.key)

    def revert(self, doc: Document) -> None:
        assert self.removed is not None
        edge, index = self.removed
        doc.insert_edge(edge, index)
        if self.scenarios is not None:
            doc.set_scenarios(self.scenarios)


class RemoveNode(Command):
    """Deleting a stage owns the deletion of its links, restored in their old places, and
    takes it out of its group (removing the group when it held only this stage); undo
    puts it back in the group at its old place."""

    def __init__(self, node_id: str) -> None:
        self.node_id = node_id
        self.edge_commands: list[RemoveEdge] = []
        self.removed: tuple[Node, int] | None = None
        # The stage's group before: its id and stages, and the group itself with its
        # index when the removal emptied it.
        self.group_before: tuple[str, list[str]] | None = None
        self.removed_group: tuple[Group, int] | None = None
        self.scenarios: tuple[Scenario, ...] | None = None  # before they forgot the stage
        self.text = "Delete stage"

    def apply(self, doc: Document) -> None:
        self.edge_commands = [RemoveEdge(key) for key in doc.incident_edges(self.node_id)]
        for command in self.edge_commands:
            command.apply(doc)
        self.group_before = self.removed_group = None
        group_id = doc.group_of(self.node_id)
        if group_id is not None:
            stages = doc.group(group_id).stages
            self.group_before = (group_id, list(stages))
            if stages == [self.node_id]:
                self.removed_group = doc.remove_group(group_id)
            else:
                kept = [s for s in stages if s != self.node_id]
                doc.update_group(group_id, stages=kept)
        node = doc.node(self.node_id)
        self.scenarios = forget(doc, [self.node_id, *(a.id for a in node.annotations)])
        self.removed = doc.remove_node(self.node_id)

    def revert(self, doc: Document) -> None:
        assert self.removed is not None
        node, index = self.removed
        doc.insert_node(node, index)
        if self.scenarios is not None:
            doc.set_scenarios(self.scenarios)
        if self.removed_group is not None:
            doc.insert_group(*self.removed_group)
        elif self.group_before is not None:
            group_id, stages = self.group_before
            doc.update_group(group_id, stages=list(stages))
        # Undo the removals in reverse order, so each link lands at its old index.
        for command in reversed(self.edge_commands):
            command.revert(doc)


class SetNodeFields(Command):
    """Set fields of a stage: ``SetNodeFields(id, "Rename stage", label="New")``."""

    def __init__(self, node_id: str, undo_text: str = "Edit stage", **changes: Any) -> None:
        self.node_id = node_id
        self.changes = changes
        self.old: dict[str, Any] = {}
        self.text = undo_text

    def apply(self, doc: Document) -> None:
        self.old = doc.update_node(self.node_id, **copy.deepcopy(self.changes))

    def revert(self, doc: Document) -> None:
        doc.update_node(self.node_id, **self.old)


class SetEdgeFields(Command):
    def __init__(self, key: LinkId, undo_text: str = "Edit link", **changes: Any) -> None:
        self.key = key
        self.changes = changes
        self.old: dict[str, Any] = {}
        self.text = undo_text

    def apply(self, doc: Document) -> None:
        self.old = doc.update_edge(self.key, **copy.deepcopy(self.changes))

    def revert(self, doc: Document) -> None:
        doc.update_edge(self.key, **self.old)


class MoveNodes(Command):
    """Move stages and text boxes to new positions: one undo step for a whole drag.
    ``positions`` maps stage ids and text box ids (one namespace) to their new places.

    Links touching a moved stage lose their bend points (a route laid out for the old
    places would cut through boxes); undo gives them back.
    """

    def __init__(self, positions: dict[str, tuple[float, float]], text: str = "Move") -> None:
        self.positions = dict(positions)
        self.old: dict[str, tuple[float, float] | None] = {}
        self.old_routes: dict[LinkId, list[tuple[float, float]]] = {}
        self.text = text

    def apply(self, doc: Document) -> None:
        self.old = {nid: _position(doc, nid) for nid in self.positions}
        self.old_routes = {}
        for nid, pos in self.positions.items():
            if pos == self.old[nid]:
                continue
            if doc.has_box(nid):
                doc.update_box(nid, position=pos)
                continue
            for key in doc.incident_edges(nid):
                if key not in self.old_routes and doc.edge(key).route:
                    self.old_routes[key] = doc.update_edge(key, route=[])["route"]
            doc.update_node(nid, position=pos)

    def revert(self, doc: Document) -> None:
        for nid, pos in self.old.items():
            if doc.has_box(nid):
                if pos != self.positions[nid]:
                    doc.update_box(nid, position=pos)
            else:
                doc.update_node(nid, position=pos)
        for key, route in self.old_routes.items():
            doc.update_edge(key, route=route)


def _position(doc: Document, element_id: str) -> tuple[float, float] | None:
    """Where a stage (its centre) or a text box (its top-left corner) is."""
    if doc.has_box(element_id):
        return doc.box(element_id).position
    return doc.node(element_id).position


class ApplyLayout(Command):
    """Positions for stages and routes for links from auto-layout: one undo step."""

    def __init__(
        self,
        positions: dict[str, tuple[float, float]],
        routes: dict[LinkId, list[tuple[float, float]]],
        text: str = "Layout",
    ) -> None:
        self.positions = dict(positions)
        self.routes = {k: list(v) for k, v in routes.items()}
        self.old_positions: dict[str, tuple[float, float] | None] = {}
        self.old_routes: dict[LinkId, list[tuple[float, float]]] = {}
        self.text = text

    def apply(self, doc: Document) -> None:
        self.old_positions = {n: doc.node(n).position for n in self.positions}
        self.old_routes = {e.id: list(e.route) for e in doc.edges}
        for nid, pos in self.positions.items():
            doc.update_node(nid, position=pos)
        for edge in doc.edges:
            route = self.routes.get(edge.id, [])
            if route != edge.route:
                doc.update_edge(edge.id, route=list(route))

    def revert(self, doc: Document) -> None:
        for nid, pos in self.old_positions.items():
            doc.update_node(nid, position=pos)
        for key, route in self.old_routes.items():
            if doc.edge(key).route != route:
                doc.update_edge(key, route=route)


class SetAnnotations(Command):
    """Replace the annotations of a stage or link (add, edit, reorder, remove)."""

    def __init__(self, owner: ElementId, annotations: list[Annotation], text: str) -> None:
        self.owner = owner
        self.annotations = copy.deepcopy(annotations)
        self.old: list[Annotation] = []
        self.scenarios: tuple[Scenario, ...] | None = None  # before they forgot interventions
        self.text = text

    def apply(self, doc: Document) -> None:
        new = copy.deepcopy(self.annotations)
        self.old = doc.set_annotations(self.owner, new)
        # Keep the ids the document gave new annotations, so a redo gives the same ones.
        for mine, given in zip(self.annotations, new, strict=True):
            mine.id = given.id
        # An intervention removed (or no longer one): scenarios forget it in this step.
        kept = {a.id for a in new if a.type == "intervention"}
        self.scenarios = forget(
            doc, [a.id for a in self.old if a.type == "intervention" and a.id not in kept]
        )

    def revert(self, doc: Document) -> None:
        doc.set_annotations(self.owner, self.old)
        if self.scenarios is not None:
            doc.set_scenarios(self.scenarios)


def add_annotation(
    doc: Document, owner: ElementId, annotation: Annotation, index: int | None = None
) -> SetAnnotations:
    """A command that attaches a copy of ``annotation`` to ``owner``."""
    current = [a.clone() for a in doc.annotations_of(owner)]
    attached = annotation.clone()
    attached.id = ""  # a new annotation: the document gives it an id of its own
    current.insert(len(current) if index is None else index, attached)
    what = doc.annotation_type(annotation.type).name
    return SetAnnotations(owner, current, f"Attach {what}")


def remove_annotation(doc: Document, owner: ElementId, index: int) -> SetAnnotations:
    current = [a.clone() for a in doc.annotations_of(owner)]
    removed = current.pop(index)
    return SetAnnotations(owner, current, f"Detach {removed.type}")


class SetDocumentFields(Command):
    def __init__(self, undo_text: str = "Edit document", **changes: Any) -> None:
        self.changes = changes
        self.old: dict[str, Any] = {}
        self.text = undo_text

    def apply(self, doc: Document) -> None:
        self.old = doc.update_document(**copy.deepcopy(self.changes))

    def revert(self, doc: Document) -> None:
        doc.update_document(**self.old)


class SetTypes(Command):
    def __init__(self, types: dict[str, AnnotationType], text: str = "Edit types") -> None:
        self.types = dict(types)
        self.old: dict[str, AnnotationType] = {}
        self.text = text

    def apply(self, doc: Document) -> None:
        self.old = doc.set_types(self.types)

    def revert(self, doc: Document) -> None:
        doc.set_types(self.old)


class SetPresentation(Command):
    """Change the presentation's options or its order of steps (the Steps panel)."""

    def __init__(self, presentation: Presentation, text: str = "Edit steps") -> None:
        self.presentation = presentation
        self.old: Presentation | None = None
        self.text = text

    def apply(self, doc: Document) -> None:
        self.old = doc.set_presentation(self.presentation)

    def revert(self, doc: Document) -> None:
        assert self.old is not None
        doc.set_presentation(self.old)
