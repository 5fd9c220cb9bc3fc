"""Arrange and view commands on the selection: auto-layout, pins, detail, add in view.

Each edit is one command on the session's undo stack; view changes go to its view state.
Undoing or redoing a layout brings the stages back into view when most of them would be
out of it (a layout moves everything, and the view was fitted to the other places).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QRectF

from mesadiagram.model.commands import ApplyLayout, Command, Macro, SetNodeFields
from mesadiagram.ui.canvas.view import DiagramView
from mesadiagram.ui.editor import Editor
from mesadiagram.ui.session import DocumentSession

MOSTLY = 0.5  # the view moves when fewer than this share of the stages moved is in it


class Arranger:
    def __init__(self, session: DocumentSession, view: DiagramView, editor: Editor) -> None:
        self.session = session
        self.view = view
        self.editor = editor
        self._index = session.stack.index()
        session.stack.indexChanged.connect(self._stepped)

    def auto_layout(self, direction: str, keep_arrangement: bool = False) -> None:
        """Lay out the whole document as one undo step, then show all of it.

        ``keep_arrangement`` starts from the current positions (layers, order, places) so
        that a grown model changes little; otherwise the layout starts afresh.
        """
        from mesadiagram.analysis.placement import layout_command
        from mesadiagram.render.group_frames import frame_room
        from mesadiagram.render.sizes import node_sizes

        doc = self.session.doc
        if doc.nodes:
            view = self.session.view_state
            sizes = node_sizes(doc, view.theme, view.show_stage_text)  # boxes as drawn
            # (frames as this theme draws them: the layout keeps them apart)
            room = frame_room(view.theme)
            self.session.run(layout_command(doc, direction, sizes, keep_arrangement, room=room))
            self.view.zoom_to_fit()

    def _stepped(self, index: int) -> None:
        """The undo stack moved (undo, redo, a History click, a new step): when it went
        over a layout, keep the stages that layout placed in view."""
        stack = self.session.stack
        if not shiboken6.isValid(stack):  # (it clears itself while the window is destroyed)
            return
        low, high = sorted((self._index, index))
        self._index = index
        moved: set[str] = set()
        for i in range(low, high):
            for layout in _layouts(getattr(stack.command(i), "command", None)):
                moved.update(layout.positions)
        if moved:
            self.keep_in_view(moved)

    def keep_in_view(self, node_ids: set[str]) -> None:
        """Centre the view on these stages, or fit them, when most are out of view; a
        view that shows most of them already stays as it is."""
        scene, view = self.editor.scene, self.view
        boxes = [item.box() for item in map(scene.node_item, node_ids) if item is not None]
        if not boxes:
            return
        shown = view.mapToScene(view.viewport().rect()).boundingRect()
        inside = sum(shown.contains(box.center()) for box in boxes)
        if inside >= MOSTLY * len(boxes):
            return
        bounds = QRectF(boxes[0])
        for box in boxes[1:]:
            bounds = bounds.united(box)
        bounds.adjust(-30, -30, 30, 30)
        if bounds.width() <= shown.width() and bounds.height() <= shown.height():
            view.centerOn(bounds.center())  # the zoom the user chose stays
        else:
            view.zoom_to_fit()

    def set_pinned(self, pinned: bool) -> None:
        doc = self.session.doc
        ids = [n for n in self.session.selected_stages() if doc.node(n).pinned != pinned]
        if ids:
            text = "Pin stages" if pinned else "Unpin stages"
            self.session.run(Macro(text, [SetNodeFields(n, text, pinned=pinned) for n in ids]))

    def toggle_selection_detail(self) -> None:
        owners = self.session.selected_elements()  # (groups and text boxes have no detail)
        if owners:
            view_state = self.session.view_state
            view_state.set_detailed(owners, not view_state.is_detailed(owners[0]))

    def add_stage_in_view(self) -> None:
        view = self.view
        centre = view.mapToScene(view.viewport().rect().center())
        self.editor.add_stage_at(self.editor.scene.snap(centre))


def _layouts(command: Command | None) -> list[ApplyLayout]:
    """The layouts in a step (a macro may hold one)."""
    if isinstance(command, ApplyLayout):
        return [command]
    if isinstance(command, Macro):
        return [found for part in command.commands for found in _layouts(part)]
    return []
