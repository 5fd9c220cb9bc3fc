"""Arrange and view commands on the selection: auto-layout, pins, detail, add in view.

Each edit is one command on the session's undo stack; view changes go to its view state.
"""

from __future__ import annotations

from mesadiagram.model.commands import Macro, SetNodeFields
from mesadiagram.ui.canvas.view import DiagramView
from mesadiagram.ui.editor import Editor
from mesadiagram.ui.session import DocumentSession


class Arranger:
    def __init__(self, session: DocumentSession, view: DiagramView, editor: Editor) -> None:
        self.session = session
        self.view = view
        self.editor = editor

    def auto_layout(self, direction: str, keep_arrangement: bool = False) -> None:
        """Lay out the whole document as one undo step, then show all of it.

        ``keep_arrangement`` starts from the current positions (layers, order, places) so
        that a grown model changes little; otherwise the layout starts afresh.
        """
        from mesadiagram.analysis.placement import layout_command
        from mesadiagram.render.sizes import node_sizes

        doc = self.session.doc
        if doc.nodes:
            sizes = node_sizes(doc, self.session.view_state.theme)
            self.session.run(layout_command(doc, direction, sizes, keep_arrangement))
            self.view.zoom_to_fit()

    def set_pinned(self, pinned: bool) -> None:
        doc = self.session.doc
        ids = [n for n in self.session.selected_stages() if doc.node(n).pinned != pinned]
        if ids:
            text = "Pin stages" if pinned else "Unpin stages"
            self.session.run(Macro(text, [SetNodeFields(n, text, pinned=pinned) for n in ids]))

    def toggle_selection_detail(self) -> None:
        owners = self.session.selection
        if owners:
            view_state = self.session.view_state
            view_state.set_detailed(owners, not view_state.is_detailed(owners[0]))

    def add_stage_in_view(self) -> None:
        view = self.view
        centre = view.mapToScene(view.viewport().rect().center())
        self.editor.add_stage_at(self.editor.scene.snap(centre))
