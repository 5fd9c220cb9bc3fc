"""Editing operations on the canvas selection, each pushed as one undo step.

The window's actions and the view's keys call these; the document, the undo stack and the
selection are the session's, nothing here keeps document state of its own.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QKeyEvent

from mesadiagram.model import Document, Edge, ElementId, Node
from mesadiagram.model.commands import (
    AddEdge,
    AddNode,
    Command,
    Macro,
    MoveNodes,
    RemoveEdge,
    RemoveNode,
    SetEdgeFields,
    SetNodeFields,
)
from mesadiagram.model.ids import unique_id
from mesadiagram.ui import clipboard
from mesadiagram.ui.canvas.label_editor import LabelEditor
from mesadiagram.ui.canvas.scene import GRID, DiagramScene
from mesadiagram.ui.canvas.view import DiagramView
from mesadiagram.ui.part_edits import PartEdits, deleted_words
from mesadiagram.ui.session import DocumentSession
from mesadiagram.ui.undo import MERGE_NEW_STAGE_LABEL, MERGE_NUDGE, UndoStack

MIME = clipboard.MIME
STEP_X, STEP_Y = 260.0, 120.0
NUDGE, BIG_NUDGE = 10.0, 50.0
NEW_LABEL = "New stage"


class Editor:
    """Turns gestures, keys and menu actions into model commands."""

    def __init__(self, session: DocumentSession, scene: DiagramScene, view: DiagramView) -> None:
        self.session = session
        self.scene = scene
        self.view = view
        self.labels = LabelEditor(view)
        self.clip = clipboard.ClipboardCommands(session, scene, view)
        self.parts = PartEdits(session, scene, view, self.labels)  # groups, boxes, types
        view.key_handler = self.handle_key
        self._find_matches: list[ElementId] = []
        self._find_index = -1
        # The stage made by the last creating step: its id, how to remake it, stack index.
        self._creating: tuple[str, Callable[[Node], Command], int] | None = None

        scene.stageRequested.connect(lambda pos: self.add_stage_at(pos))
        scene.linkDropped.connect(self.link)
        scene.renameRequested.connect(self.rename)
        session.documentReplaced.connect(self._document_replaced)

    def _document_replaced(self, _doc: Document) -> None:
        self.labels.close(commit=False)  # what was typed belongs to the old document
        self._creating = None
        self._find_matches = []

    @property
    def doc(self) -> Document:
        return self.session.doc

    @property
    def stack(self) -> UndoStack:
        return self.session.stack

    # -- creating ------------------------------------------------------------------------
    def _new_node(self, pos: QPointF, label: str = NEW_LABEL) -> Node:
        pos = self.scene.snap(pos)
        # (stages, links, groups and text boxes share one namespace of ids)
        return Node(unique_id(label, self.doc.taken_ids()), label, position=(pos.x(), pos.y()))

    def _create(self, node: Node, make: Callable[[Node], Command], edit: bool = True) -> str:
        """Run ``make(node)``, a step that creates ``node``, and open its label.

        The name typed next remakes that same step with an id read from the name, so files
        say ``id: misalignment`` rather than ``id: new-stage-3``.
        """
        self.stack.run_creating(make(node), node.id)
        self._creating = (node.id, make, self.stack.index())
        self._select_and_edit(node.id, edit)
        return node.id

    def _name_created(self, node_id: str, label: str) -> bool:
        """Remake the step that just created ``node_id`` with this label and its id."""
        pending, self._creating = self._creating, None
        if pending is None or pending[0] != node_id or self.stack.canRedo():
            return False
        _, make, index = pending
        top = self.stack.command(index - 1) if self.stack.index() == index else None
        if getattr(top, "created_node", None) != node_id:
            return False
        node = self.doc.node(node_id).clone()
        self.stack.undo()
        node.id, node.label = unique_id(label, self.doc.taken_ids()), label
        self.stack.run(make(node))
        self.scene.select([node.id])
        return True

    def add_stage_at(self, pos: QPointF, edit: bool = True) -> str:
        return self._create(self._new_node(pos), AddNode, edit)

    def link(self, source: str, target: object) -> None:
        """A link from ``source`` to a stage id, or to a new stage at a QPointF."""
        if isinstance(target, str):
            # A second link between the same stages is allowed (a direct one and one that
            # "feeds back"): it fans out beside the first.
            command = AddEdge(Edge(source, target))
            self.stack.run(command)
            self.scene.select(edge_keys=[command.edge.id])
            return
        assert isinstance(target, QPointF)

        def make(node: Node) -> Command:
            text = f"Add linked stage “{node.label}”"
            return Macro(text, [AddNode(node), AddEdge(Edge(source, node.id))])

        self._create(self._new_node(target), make)

    def add_linked(self, before: bool = False) -> str | None:
        """Tab: a new stage after the selected one, linked to it (Shift+Tab: before it)."""
        selected = self.scene.selected_node_ids()
        if len(selected) != 1:
            return None
        anchor = self.doc.node(selected[0])
        x, y = anchor.position or (0.0, 0.0)
        pos = self._free_spot(QPointF(x - STEP_X if before else x + STEP_X, y))

        def make(node: Node) -> Command:
            edge = Edge(node.id, anchor.id) if before else Edge(anchor.id, node.id)
            text = f"Add stage “{node.label}” {'before' if before else 'after'}"
            return Macro(text, [AddNode(node), AddEdge(edge)])

        return self._create(self._new_node(pos), make)

    def _free_spot(self, pos: QPointF) -> QPointF:
        taken = [item.box() for item in self.scene.node_items()]
        probe = QPointF(pos)
        for _ in range(50):
            box = QRectF(probe.x() - 70, probe.y() - 30, 140, 60)
            if not any(box.intersects(t) for t in taken):
                return probe
            probe = QPointF(probe.x(), probe.y() + STEP_Y)
        return probe

    def _select_and_edit(self, node_id: str, edit: bool) -> None:
        self.scene.select([node_id])
        item = self.scene.node_item(node_id)
        if item is not None:
            self.view.ensureVisible(item, 40, 40)
        if edit:
            self.rename(node_id, creating=True)

    # -- renaming ------------------------------------------------------------------------
    def rename(self, owner: ElementId | None = None, creating: bool = False) -> None:
        """Edit a label in place (the selection's when ``owner`` is None)."""
        if owner is None:
            selected = self.scene.selected_ids()
            if len(selected) != 1:
                return
            owner = selected[0]
        ref = owner
        if self.doc.has_group(ref):
            self.parts.rename_group(ref)
            return
        if self.doc.has_box(ref):
            self.parts.edit_box(ref)
            return
        if self.doc.has_node(ref):
            item = self.scene.node_item(ref)
            rect, text = item.box(), self.doc.node(ref).label

            def commit(label: str) -> None:
                label = label.strip()
                if not (self.doc.has_node(ref) and label and label != self.doc.node(ref).label):
                    return
                if creating and self._name_created(ref, label):
                    return
                merge = MERGE_NEW_STAGE_LABEL if creating else -1
                self.stack.run(SetNodeFields(ref, "Rename stage", label=label), merge)
        else:
            edge_item = self.scene.edge_item(ref)
            mid = edge_item.geo.middle
            rect, text = QRectF(mid.x() - 80, mid.y() - 14, 160, 28), self.doc.edge(ref).label

            def commit(label: str) -> None:
                if self.doc.has_edge(ref) and label.strip() != self.doc.edge(ref).label:
                    self.stack.run(SetEdgeFields(ref, "Rename link", label=label.strip()))

        self.labels.open(rect, text, commit)

    # -- removing and copying ------------------------------------------------------------
    def delete_selection(self) -> None:
        nodes, edges = self.scene.selected_node_ids(), self.scene.selected_link_ids()
        groups, boxes = self.scene.parts.selected_group_ids(), self.scene.parts.selected_box_ids()
        if not (nodes or edges or groups or boxes):
            return
        doomed = set(nodes)
        # Groups first: deleting a group's last stage would remove the group itself.
        commands: list[Command] = self.parts.removals(groups, boxes)
        commands += [
            RemoveEdge(k)
            for k in edges
            if not doomed & {self.doc.edge(k).source, self.doc.edge(k).target}
        ]
        commands += [RemoveNode(n) for n in nodes]
        text = "Delete " + deleted_words(nodes, edges, groups, boxes)
        self.stack.run(commands[0] if len(commands) == 1 else Macro(text, commands))

    def copy(self) -> bool:
        return self.clip.copy()

    def cut(self) -> None:
        if self.clip.copy():
            self.parts.select_group_stages()  # (copied with their group: they go with it)
            self.delete_selection()

    def paste(self, at: QPointF | None = None) -> None:
        self.clip.paste(at)

    def paste_text(
        self, text: bytes | str, offset: float = clipboard.PASTE_OFFSET, what: str = "Paste"
    ) -> None:
        self.clip.paste_text(text, offset, what)

    def duplicate(self) -> None:
        nodes, edges = self.scene.selected_node_ids(), self.scene.selected_link_ids()
        parts = self.scene.parts.selected_group_ids() + self.scene.parts.selected_box_ids()
        if nodes or edges or parts:
            text = clipboard.selection_text(self.doc, nodes, edges, parts)
            self.paste_text(text, what="Duplicate")

    def _warn(self, title: str, message: str) -> None:
        self.session.report(title, message)

    # -- moving and arranging ------------------------------------------------------------
    def nudge(self, dx: float, dy: float) -> None:
        ids = self.scene.selected_node_ids() + self.scene.parts.selected_box_ids()
        if not ids:
            return
        if self.session.view_state.snap_to_grid:  # a step smaller than the grid would snap back
            dx, dy = (math.copysign(max(abs(d), GRID), d) if d else 0.0 for d in (dx, dy))
        positions = {}
        for element_id in ids:
            x, y = self._position(element_id) or (0.0, 0.0)
            positions[element_id] = (x + dx, y + dy)
        self._move(positions, "Nudge", MERGE_NUDGE)

    def _move(self, positions: dict[str, tuple[float, float]], text: str, merge=-1) -> None:
        """Move stages to whole-unit positions (what files store) as one undo step;
        stages already there are left out, and a move of none is no step at all."""
        rounded = {}
        for element_id, (x, y) in positions.items():
            pos = self.scene.snap(QPointF(x, y))
            if (pos.x(), pos.y()) != self._position(element_id):
                rounded[element_id] = (pos.x(), pos.y())
        if rounded:
            self.stack.run(MoveNodes(rounded, text), merge)

    def _position(self, element_id: str) -> tuple[float, float] | None:
        """A stage's centre or a text box's top-left corner."""
        if self.doc.has_box(element_id):
            return self.doc.box(element_id).position
        return self.doc.node(element_id).position

    def align(self, how: str) -> None:
        """Align the selected stages: left, hcenter, right, top, vcenter, bottom."""
        items = [self.scene.node_item(i) for i in self.scene.selected_node_ids()]
        if len(items) < 2:
            return
        boxes = {i.node_id: i.box() for i in items}
        edge = {
            "left": min(b.left() for b in boxes.values()),
            "right": max(b.right() for b in boxes.values()),
            "top": min(b.top() for b in boxes.values()),
            "bottom": max(b.bottom() for b in boxes.values()),
            "hcenter": sum(b.center().x() for b in boxes.values()) / len(boxes),
            "vcenter": sum(b.center().y() for b in boxes.values()) / len(boxes),
        }[how]
        positions = {}
        for node_id, b in boxes.items():
            c = b.center()
            x = {"left": edge + b.width() / 2, "right": edge - b.width() / 2, "hcenter": edge}.get(
                how, c.x()
            )
            y = {
                "top": edge + b.height() / 2,
                "bottom": edge - b.height() / 2,
                "vcenter": edge,
            }.get(how, c.y())
            positions[node_id] = (x, y)
        self._move(positions, f"Align {how}")

    def distribute(self, horizontal: bool) -> None:
        """Equal gaps between the selected stages, keeping the outermost where they are."""
        items = [self.scene.node_item(i) for i in self.scene.selected_node_ids()]
        if len(items) < 3:
            return

        def along(b: QRectF) -> float:
            return b.center().x() if horizontal else b.center().y()

        items.sort(key=lambda i: along(i.box()))
        first, last = along(items[0].box()), along(items[-1].box())
        step = (last - first) / (len(items) - 1)
        positions = {}
        for n, item in enumerate(items):
            c = item.box().center()
            value = first + n * step
            positions[item.node_id] = (value, c.y()) if horizontal else (c.x(), value)
        self._move(positions, "Distribute")

    def select_all(self) -> None:
        parts = [g.id for g in self.doc.groups] + [b.id for b in self.doc.boxes]
        self.scene.select([n.id for n in self.doc.nodes], [e.id for e in self.doc.edges], parts)

    # -- finding -------------------------------------------------------------------------
    def find(self, text: str) -> int:
        """Select every stage and link whose label, text or annotations contain ``text``."""
        needle = text.casefold().strip()
        self._find_matches = []
        if needle:
            for node in self.doc.nodes:
                if _matches(needle, node.label, node.text, node.annotations):
                    self._find_matches.append(node.id)
            for edge in self.doc.edges:
                if _matches(needle, edge.label, edge.text, edge.annotations):
                    self._find_matches.append(edge.id)
        self.scene.select(
            [r for r in self._find_matches if self.doc.has_node(r)],
            [r for r in self._find_matches if self.doc.has_edge(r)],
        )
        self._find_index = -1
        self.find_next()
        return len(self._find_matches)

    def find_next(self) -> None:
        if not self._find_matches:
            return
        self._find_index = (self._find_index + 1) % len(self._find_matches)
        ref = self._find_matches[self._find_index]
        item = self.scene.node_item(ref) or self.scene.edge_item(ref)
        if item is not None:
            self.view.centerOn(item)

    # -- keys ----------------------------------------------------------------------------
    def handle_key(self, event: QKeyEvent) -> bool:
        """Canvas keys; returns True when handled."""
        if self.scene is None or self.labels.is_open() or self.parts.is_editing():
            return False
        key, mods = event.key(), event.modifiers()
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        if key == Qt.Key.Key_Tab and not mods & ~Qt.KeyboardModifier.ShiftModifier:
            return self.add_linked(before=shift) is not None or True
        if key == Qt.Key.Key_Backtab:
            self.add_linked(before=True)
            return True
        plain = not mods & ~Qt.KeyboardModifier.ShiftModifier & ~Qt.KeyboardModifier.KeypadModifier
        renaming = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2)
        if key in renaming and not mods & ~Qt.KeyboardModifier.KeypadModifier:
            self.rename()  # (the keypad's Enter comes with the keypad modifier)
            return True
        step = BIG_NUDGE if shift else NUDGE
        moves = {
            Qt.Key.Key_Left: (-step, 0),
            Qt.Key.Key_Right: (step, 0),
            Qt.Key.Key_Up: (0, -step),
            Qt.Key.Key_Down: (0, step),
        }
        movable = self.scene.selected_node_ids() or self.scene.parts.selected_box_ids()
        if key in moves and plain and movable:
            self.nudge(*moves[key])
            return True
        return False


def _matches(needle: str, label: str, text: str, annotations) -> bool:
    if needle in label.casefold() or needle in text.casefold():
        return True
    for ann in annotations:
        if needle in ann.label.casefold() or needle in ann.text.casefold():
            return True
        if any(
            needle in item.label.casefold() or needle in item.text.casefold() for item in ann.items
        ):
            return True
    return False
