"""Model commands on Qt's QUndoStack.

The model's commands know nothing of Qt; this adapter lets QUndoStack drive them, so the
Edit menu, the undo-history dock and the modified marker all come from Qt for free.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand, QUndoStack

from mesadiagram.model import Document
from mesadiagram.model.commands import Command, MoveNodes, SetNodeFields

MERGE_NUDGE = 1001
MERGE_NEW_STAGE_LABEL = 1002


class ModelCommand(QUndoCommand):
    """Wraps a model command; QUndoStack calls ``redo`` when it is pushed."""

    def __init__(self, doc: Document, command: Command, merge_id: int = -1) -> None:
        super().__init__(command.text)
        self.doc = doc
        self.command = command
        self.merge_id = merge_id
        self.followers: list[Command] = []
        self.created_node: str | None = None  # for MERGE_NEW_STAGE_LABEL: the new stage
        self.applied = False  # ``UndoStack.run`` applies it before pushing

    def id(self) -> int:
        return self.merge_id

    def redo(self) -> None:
        if self.applied:  # the push's own redo: ``run`` has applied it already
            self.applied = False
            return
        self.command.apply(self.doc)
        for follower in self.followers:
            follower.apply(self.doc)

    def undo(self) -> None:
        for follower in reversed(self.followers):
            follower.revert(self.doc)
        self.command.revert(self.doc)

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ModelCommand) or other.merge_id != self.merge_id:
            return False
        if self.merge_id == MERGE_NUDGE:
            # Successive arrow-key nudges of the same stages are one step.
            mine, theirs = self.command, other.command
            if (
                isinstance(mine, MoveNodes)
                and isinstance(theirs, MoveNodes)
                and set(mine.positions) == set(theirs.positions)
            ):
                mine.positions = dict(theirs.positions)
                return True
            return False
        if self.merge_id == MERGE_NEW_STAGE_LABEL:
            # Naming a stage just created is part of creating it: one undo step.
            rename = other.command
            if (
                isinstance(rename, SetNodeFields)
                and rename.node_id == self.created_node
                and not self.followers
            ):
                self.followers.append(other.command)
                self.merge_id = -1
                return True
        return False


class UndoStack(QUndoStack):
    """A QUndoStack bound to one document, taking model commands."""

    def __init__(self, doc: Document, parent=None) -> None:
        super().__init__(parent)
        self.doc = doc

    def rebind(self, doc: Document) -> None:
        """Follow another document: the old history is dropped (not undone)."""
        self.clear()
        self.doc = doc

    def run(self, command: Command, merge_id: int = -1) -> None:
        """Apply ``command`` as a new undo step.

        It is applied here, in Python, before Qt sees it: a command that fails raises to
        the caller and leaves no step on the stack (raised inside Qt's push, the step
        would be recorded half done, and PySide may not survive the exception).
        """
        self._push_applied(ModelCommand(self.doc, command, merge_id))

    def run_creating(self, command: Command, node_id: str) -> None:
        """Apply a command that creates stage ``node_id``; naming it next joins this step."""
        wrapper = ModelCommand(self.doc, command, MERGE_NEW_STAGE_LABEL)
        wrapper.created_node = node_id
        self._push_applied(wrapper)

    def _push_applied(self, wrapper: ModelCommand) -> None:
        wrapper.command.apply(self.doc)
        wrapper.applied = True
        self.push(wrapper)
