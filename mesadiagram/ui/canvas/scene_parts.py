"""The scene's groups and text boxes: an id -> item map for each, kept as the model says.

``DiagramScene`` holds one ``SceneParts``: it makes a frame per group and an item per
text box when the document is shown, follows their events, and moves a stage's frame
with the stage (``stage_moved``: by drag, undo, layout or a size change alike).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF

from mesadiagram.model import events as ev
from mesadiagram.ui.canvas.box_items import TextBoxItem
from mesadiagram.ui.canvas.group_items import GroupFrameItem

if TYPE_CHECKING:
    from mesadiagram.ui.canvas.scene import DiagramScene

_EVENTS = (ev.GroupAdded, ev.GroupRemoved, ev.GroupChanged, ev.BoxAdded, ev.BoxRemoved)
_EVENTS += (ev.BoxChanged,)


class SceneParts:
    """Frames and text box items of one scene."""

    def __init__(self, scene: DiagramScene) -> None:
        self.scene = scene
        self.frames: dict[str, GroupFrameItem] = {}
        self.boxes: dict[str, TextBoxItem] = {}
        self._held: set[str] | None = None  # groups whose frames wait for ``held_frames``

    def rebuild(self) -> None:
        """After ``scene.clear()`` and the stages' items: one item per group and box."""
        self.frames.clear()
        self.boxes.clear()
        for group in self.scene.doc.groups:
            self._add_frame(group.id)
        for box in self.scene.doc.boxes:
            self._add_box(box.id)

    def _add_frame(self, group_id: str) -> None:
        item = GroupFrameItem(group_id)
        self.frames[group_id] = item
        self.scene.addItem(item)
        item.refresh()

    def _add_box(self, box_id: str) -> None:
        item = TextBoxItem(box_id)
        self.boxes[box_id] = item
        self.scene.addItem(item)
        item.refresh()
        self.scene.grow_canvas(item.box())

    def handles(self, event: ev.ChangeEvent) -> bool:
        return isinstance(event, _EVENTS)

    def on_change(self, event: ev.ChangeEvent) -> None:
        match event:
            case ev.GroupAdded(group_id=group_id):
                self._add_frame(group_id)
            case ev.GroupRemoved(group_id=group_id):
                self.scene.removeItem(self.frames.pop(group_id))
            case ev.GroupChanged(group_id=group_id):
                self.frames[group_id].refresh()
            case ev.BoxAdded(box_id=box_id):
                self._add_box(box_id)
            case ev.BoxRemoved(box_id=box_id):
                self.scene.removeItem(self.boxes.pop(box_id))
            case ev.BoxChanged(box_id=box_id):
                item = self.boxes[box_id]
                item.refresh()
                self.scene.grow_canvas(item.box())

    def stage_moved(self, node_id: str) -> None:
        """A stage moved or changed size: the frame of its group follows."""
        group_id = self.scene.doc.group_of(node_id)
        if group_id is not None and group_id in self.frames:
            if self._held is not None:
                self._held.add(group_id)
            else:
                self.frames[group_id].refresh()

    @contextmanager
    def held_frames(self) -> Iterator[None]:
        """Frames refreshed once at the end, however many of their stages moved: a drag
        of a whole group otherwise remade its frame once per stage on every mouse move."""
        if self._held is not None:  # (nested: the outer one refreshes)
            yield
            return
        self._held = set()
        try:
            yield
        finally:
            held, self._held = self._held, None
            for group_id in held:
                if group_id in self.frames:
                    self.frames[group_id].refresh()

    def refresh_all(self) -> None:
        for box in self.boxes.values():
            box.refresh()
        for frame in self.frames.values():
            frame.refresh()

    def frame(self, group_id: str) -> GroupFrameItem | None:
        return self.frames.get(group_id)

    def box(self, box_id: str) -> TextBoxItem | None:
        return self.boxes.get(box_id)

    def selected_group_ids(self) -> list[str]:
        """Selected groups in document order."""
        chosen = {g for g, item in self.frames.items() if item.isSelected()}
        return [g.id for g in self.scene.doc.groups if g.id in chosen]

    def selected_box_ids(self) -> list[str]:
        """Selected text boxes in document order."""
        chosen = {b for b, item in self.boxes.items() if item.isSelected()}
        return [b.id for b in self.scene.doc.boxes if b.id in chosen]

    def select(self, ids) -> None:
        """Select these groups and boxes too (the scene has cleared the selection)."""
        for part_id in ids:
            item = self.frames.get(part_id) or self.boxes.get(part_id)
            if item is not None:
                item.setSelected(True)

    def set_visibility(self, hidden: frozenset[str], dimmed: frozenset[str]) -> None:
        """Presentation steps: a box hidden or dimmed by id; a frame shown while any of its
        stages is, dimmed when all shown ones are."""
        doc = self.scene.doc
        for box_id, item in self.boxes.items():
            item.setVisible(box_id not in hidden)
            item.setOpacity(0.25 if box_id in dimmed else 1.0)
        for group_id, item in self.frames.items():
            shown = [s for s in doc.group(group_id).stages if s not in hidden]
            item.setVisible(bool(shown) and group_id not in hidden)
            faint = bool(shown) and all(s in dimmed for s in shown)
            item.setOpacity(0.25 if faint else 1.0)

    def bounds(self) -> QRectF:
        """The rectangle of every text box and frame (for fitting the view)."""
        rect = QRectF()
        for item in (*self.boxes.values(), *self.frames.values()):
            if item.isVisible():
                rect = rect.united(item.box() if isinstance(item, TextBoxItem) else item.rect)
        return rect
