"""Editing groups, text boxes, link types and stage classes: each edit one undo step.

Arrange > Group (Ctrl+G) makes a group of the selected stages and puts its label in edit
over the frame; the name typed joins the step that made the group, and the group's id
is made from it (as a new stage's is). Arrange > Ungroup (Ctrl+Shift+G) takes the
selected groups, and the groups of the selected stages, away (their stages stay). Insert >
Text Box adds a box at the mouse (else the middle of the view) with its text in edit.
A refused edit (a stage already in another group) is shown with the model's message.
The menus, context menus, palette and inspector all end here or in the same commands.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication

from mesadiagram.model import Document
from mesadiagram.model.commands import Command, Macro
from mesadiagram.model.elements import TextBox
from mesadiagram.model.vocabulary_commands import (
    AddBox,
    AddGroup,
    RemoveBox,
    RemoveGroup,
    SetBoxFields,
    SetGroupFields,
    add_to_group,
    group_stages,
    remove_from_group,
    set_link_type,
    set_stage_class,
)
from mesadiagram.render.fonts import make_font
from mesadiagram.ui.canvas.box_editor import BoxTextEditor
from mesadiagram.ui.canvas.label_editor import LabelEditor
from mesadiagram.ui.canvas.scene import DiagramScene
from mesadiagram.ui.canvas.view import DiagramView
from mesadiagram.ui.session import DocumentSession
from mesadiagram.ui.undo import UndoStack

NEW_GROUP_LABEL = "Group"
NEW_BOX_TEXT = "Text"

Remake = Callable[[str], Command]
"""The step that created a group or box, made again with the name or text typed."""


class PartEdits:
    """Groups, text boxes and the vocabulary of the session's selection."""

    def __init__(
        self,
        session: DocumentSession,
        scene: DiagramScene,
        view: DiagramView,
        labels: LabelEditor,
    ) -> None:
        self.session = session
        self.scene = scene
        self.view = view
        self.labels = labels
        self.box_editor = BoxTextEditor(view)
        # The group or box made by the last creating step: its id, how to make it again
        # with the name typed, and the stack's index just after it.
        self._creating: tuple[str, Remake, int] | None = None
        session.documentReplaced.connect(self._document_replaced)

    def _document_replaced(self, _doc: Document) -> None:
        self.box_editor.close(commit=False)
        self._creating = None

    @property
    def doc(self) -> Document:
        return self.session.doc

    @property
    def stack(self) -> UndoStack:
        return self.session.stack

    def is_editing(self) -> bool:
        return self.box_editor.is_open()

    # -- groups --------------------------------------------------------------------------
    def group_selection(self, edit: bool = True) -> str | None:
        """Arrange > Group: the selected stages become a group (refused, with the
        model's words, when one is in a group already). Returns the new group's id."""
        stages = self.scene.selected_node_ids()
        if not stages:
            self.session.tell("Select the stages to group first")
            return None
        try:
            command = group_stages(self.doc, stages, NEW_GROUP_LABEL)
        except ValueError as err:
            self.session.report("Group", str(err))
            return None
        group_id = command.group.id
        self.stack.run_creating(command, group_id)

        def remake(label: str) -> Command:
            return group_stages(self.doc, stages, label)

        self._creating = (group_id, remake, self.stack.index())
        self.scene.select(part_ids=[group_id])
        if edit:
            self.rename_group(group_id, creating=True)
        return group_id

    def ungroup_selection(self) -> None:
        """Arrange > Ungroup: the selected groups, and those of the selected stages, go."""
        doc = self.doc
        groups = list(self.scene.parts.selected_group_ids())
        for stage in self.scene.selected_node_ids():
            group_id = doc.group_of(stage)
            if group_id is not None and group_id not in groups:
                groups.append(group_id)
        if not groups:
            self.session.tell("Select a group, or stages in a group, to ungroup")
            return
        commands: list[Command] = [RemoveGroup(g) for g in groups]
        self.stack.run(commands[0] if len(commands) == 1 else Macro("Ungroup", commands))

    def add_to_group(self, group_id: str, stages: list[str]) -> None:
        """Put stages into a group (out of any other): one step."""
        self._run(add_to_group(self.doc, group_id, stages))

    def remove_from_group(self, stages: list[str]) -> None:
        self._run(remove_from_group(self.doc, stages))

    def set_group_label(self, group_id: str, label: str) -> None:
        label = label.strip()
        if self.doc.has_group(group_id) and label and label != self.doc.group(group_id).label:
            self.stack.run(SetGroupFields(group_id, "Rename group", label=label))

    def rename_group(self, group_id: str, creating: bool = False) -> None:
        """Edit a group's label in place, over the label of its frame."""
        frame = self.scene.frame_item(group_id)
        if frame is None:
            return
        rect = frame.label_rect()

        def commit(label: str) -> None:
            label = label.strip()
            if not self.doc.has_group(group_id) or label in ("", self.doc.group(group_id).label):
                return
            if creating and self._remake(group_id, label):
                return
            self.set_group_label(group_id, label)

        self.labels.open(rect, self.doc.group(group_id).label, commit)

    # -- text boxes ----------------------------------------------------------------------
    def add_text_box(self, at: QPointF | None = None, edit: bool = True) -> str:
        """Insert > Text Box: a box at ``at`` (else the mouse over the canvas, else the
        middle of the view), selected, with its text in edit."""
        at = self.scene.snap(at if at is not None else self._insert_point())
        box = TextBox(self.doc.new_box_id(NEW_BOX_TEXT), NEW_BOX_TEXT, (at.x(), at.y()))
        self.stack.run_creating(AddBox(box), box.id)

        def remake(text: str) -> Command:
            return AddBox(TextBox(self.doc.new_box_id(text), text, box.position, box.width))

        self._creating = (box.id, remake, self.stack.index())
        self.scene.select(part_ids=[box.id])
        item = self.scene.box_item(box.id)
        if item is not None:
            self.view.ensureVisible(item, 40, 40)
        if edit:
            self.edit_box(box.id, creating=True)
        return box.id

    def _insert_point(self) -> QPointF:
        viewport, pointer = self.view.viewport(), QCursor.pos()
        if QApplication.widgetAt(pointer) is viewport:
            return self.view.mapToScene(viewport.mapFromGlobal(pointer))
        return self.view.mapToScene(viewport.rect().center())

    def edit_box(self, box_id: str, creating: bool = False) -> None:
        """Edit a text box's text in place: Ctrl+Enter or a click elsewhere commits."""
        item = self.scene.box_item(box_id)
        if item is None:
            return
        theme = self.session.view_state.theme
        font = make_font(theme.font_family, theme.font_size)

        def commit(text: str) -> None:
            if not self.doc.has_box(box_id) or text == self.doc.box(box_id).text:
                return
            if not text.strip():
                self.session.tell("A text box needs some text: delete it instead", 6000)
                return
            if creating and self._remake(box_id, text):
                return
            self.stack.run(SetBoxFields(box_id, "Edit text box", text=text))

        self.box_editor.open(item.box(), self.doc.box(box_id).text, font, commit)

    def set_box_fields(self, box_id: str, what: str, **changes) -> None:
        box = self.doc.box(box_id)
        changed = {k: v for k, v in changes.items() if getattr(box, k) != v}
        if changed:
            self.stack.run(SetBoxFields(box_id, what, **changed))

    # -- created, then named -------------------------------------------------------------
    def _remake(self, part_id: str, name: str) -> bool:
        """Make the step that just created ``part_id`` again with ``name`` (its id made
        from it), as one step; False when that step is no longer the last one."""
        pending, self._creating = self._creating, None
        if pending is None or pending[0] != part_id or self.stack.canRedo():
            return False
        _, remake, index = pending
        top = self.stack.command(index - 1) if self.stack.index() == index else None
        if getattr(top, "created_node", None) != part_id:
            return False
        self.stack.undo()
        command = remake(name)
        self.stack.run(command)
        new_id = command.group.id if isinstance(command, AddGroup) else command.box.id
        self.scene.select(part_ids=[new_id])
        return True

    # -- link types and stage classes ----------------------------------------------------
    def set_link_type(self, links: list[str], name: str) -> None:
        self._run(set_link_type(self.doc, [k for k in links if self.doc.has_edge(k)], name))

    def set_stage_class(self, stages: list[str], name: str) -> None:
        self._run(set_stage_class(self.doc, [n for n in stages if self.doc.has_node(n)], name))

    def _run(self, command: Command) -> None:
        """One step, unless it changes nothing (an empty macro); a refusal is shown."""
        if isinstance(command, Macro) and not command.commands:
            return
        try:
            self.stack.run(command)
        except ValueError as err:
            self.session.report(command.text, str(err))

    # -- deleting ------------------------------------------------------------------------
    def select_group_stages(self) -> None:
        """Add the stages of the selected groups to the selection (Cut: a group is copied
        with its stages, so they go too)."""
        scene = self.scene
        groups = scene.parts.selected_group_ids()
        if groups:
            chosen = {s for g in groups for s in self.doc.group(g).stages}
            chosen.update(scene.selected_node_ids())
            nodes = [n.id for n in self.doc.nodes if n.id in chosen]
            scene.select(nodes, scene.selected_link_ids(), groups + scene.parts.selected_box_ids())

    def removals(self, group_ids: list[str], box_ids: list[str]) -> list[Command]:
        """Commands that delete groups (their stages stay) and text boxes; groups first,
        before a stage's deletion can remove its group."""
        return [*(RemoveGroup(g) for g in group_ids), *(RemoveBox(b) for b in box_ids)]


def deleted_words(nodes: list, edges: list, groups: list, boxes: list) -> str:
    """What a deletion removes, counted: "2 stages", "1 link", "3 elements"."""
    kinds = [(nodes, "stage"), (edges, "link"), (groups, "group"), (boxes, "text box")]
    present = [(len(ids), word) for ids, word in kinds if ids]
    if len(present) == 1:
        count, word = present[0]
        return f"{count} {word}" + ("" if count == 1 else "es" if word.endswith("x") else "s")
    if nodes and not boxes and not groups:  # (a stage's links go with it)
        return f"{len(nodes)} stage" + ("" if len(nodes) == 1 else "s")
    return f"{sum(c for c, _ in present)} elements"
