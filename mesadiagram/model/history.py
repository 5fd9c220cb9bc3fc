"""A headless undo history with the same semantics as QUndoStack.

The editor uses QUndoStack (through ``ui``); scripts and tests use this one.
"""

from __future__ import annotations

from mesadiagram.model.commands import Command
from mesadiagram.model.document import Document


class History:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._commands: list[Command] = []
        self._index = 0  # commands[:index] are applied
        self._clean_index: int | None = 0

    def push(self, command: Command) -> None:
        """Apply ``command`` and make it the newest undo step (dropping any redo steps)."""
        command.apply(self.doc)
        del self._commands[self._index :]
        if self._clean_index is not None and self._clean_index > self._index:
            self._clean_index = None
        self._commands.append(command)
        self._index += 1

    def can_undo(self) -> bool:
        return self._index > 0

    def can_redo(self) -> bool:
        return self._index < len(self._commands)

    def undo(self) -> None:
        if not self.can_undo():
            raise IndexError("nothing to undo")
        self._index -= 1
        self._commands[self._index].revert(self.doc)

    def redo(self) -> None:
        if not self.can_redo():
            raise IndexError("nothing to redo")
        self._commands[self._index].apply(self.doc)
        self._index += 1

    def set_clean(self) -> None:
        self._clean_index = self._index

    def is_clean(self) -> bool:
        return self._clean_index == self._index

    def __len__(self) -> int:
        return len(self._commands)
