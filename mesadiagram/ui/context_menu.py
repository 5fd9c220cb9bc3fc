"""Context menus on the canvas: what can be done to a stage, a link or the empty canvas.

On a stage or link: Rename, Outcome (a check, stages only), Class ▸ and the group entries
(stages) or Type ▸ (links), Attach ▸ (one entry per annotation type), Detach ▸ (one
entry per annotation), Show Details / Compact, Delete. A group's frame and a text box
have menus of their own (``part_menus.py``). On the empty canvas: Add Stage Here, Add
Text Box Here, Paste, Select All. Every edit goes through the editor or one command on
the session's undo stack, like the same edit made anywhere else.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from mesadiagram.model import Annotation, ElementId
from mesadiagram.model.commands import (
    Command,
    Macro,
    SetNodeFields,
    add_annotation,
    remove_annotation,
)
from mesadiagram.ui.canvas.view import DiagramView
from mesadiagram.ui.clipboard import MIME, looks_like_model
from mesadiagram.ui.editor import Editor
from mesadiagram.ui.inspector.annotation_ops import summary
from mesadiagram.ui.part_menus import (
    add_class_menu,
    add_group_entries,
    add_type_menu,
    fill_box_menu,
    fill_group_menu,
)
from mesadiagram.ui.session import DocumentSession
from mesadiagram.ui.type_style import type_icon

DETACH_LABEL_LIMIT = 48

FocusAnnotation = Callable[[ElementId, int], None]
"""Show an element's annotation (by index) in the inspector with its label in edit."""


class CanvasMenus:
    """Builds and pops up the canvas's context menus for one session."""

    def __init__(
        self,
        session: DocumentSession,
        editor: Editor,
        view: DiagramView,
        focus_annotation: FocusAnnotation,
        parent: QWidget | None = None,
    ) -> None:
        self.session = session
        self.editor = editor
        self.view = view
        self.focus_annotation = focus_annotation
        self.parent = parent

    def show(self, owner: ElementId | None, screen_pos: QPoint) -> QMenu:
        """Pop up the menu for ``owner`` (None: the empty canvas) at ``screen_pos``.

        ``popup`` rather than ``exec``: the menu does not block, so the window (and a
        test) keeps running while it is open.
        """
        scene_pos = self.view.mapToScene(self.view.viewport().mapFromGlobal(screen_pos))
        menu = self.build(owner, scene_pos)
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(screen_pos)
        return menu

    def build(self, owner: ElementId | None, scene_pos: QPointF) -> QMenu:
        """The menu for ``owner``, or for the empty canvas at ``scene_pos`` when None."""
        menu = QMenu(self.parent)
        menu.setObjectName("canvasContextMenu")
        if owner is None:
            self._fill_canvas(menu, scene_pos)
        else:
            self._fill_element(menu, owner)
        return menu

    def _fill_canvas(self, menu: QMenu, scene_pos: QPointF) -> None:
        editor = self.editor
        add = menu.addAction("Add Stage Here")
        add.triggered.connect(lambda: editor.add_stage_at(editor.scene.snap(scene_pos)))
        text_box = menu.addAction("Add Text Box Here")
        text_box.triggered.connect(lambda: editor.parts.add_text_box(scene_pos))
        paste = menu.addAction("Paste")
        paste.setShortcut(QKeySequence(QKeySequence.StandardKey.Paste))
        paste.setEnabled(_clipboard_has_model())
        paste.triggered.connect(lambda: editor.paste(scene_pos))  # here, not at the menu
        menu.addSeparator()
        select_all = menu.addAction("Select All")
        select_all.setShortcut(QKeySequence(QKeySequence.StandardKey.SelectAll))
        select_all.setEnabled(bool(self.session.doc.nodes))
        select_all.triggered.connect(editor.select_all)

    def _fill_element(self, menu: QMenu, owner: ElementId) -> None:
        session, editor = self.session, self.editor
        doc, theme = session.doc, session.view_state.theme
        if doc.has_group(owner):
            fill_group_menu(menu, doc, editor.parts, owner)
            return
        if doc.has_box(owner):
            fill_box_menu(menu, editor.parts, owner, editor.delete_selection)
            return
        rename = menu.addAction("Rename")
        rename.setShortcut(QKeySequence("F2"))  # a hint: the window's keys do the same
        rename.triggered.connect(lambda: editor.rename(owner))
        if doc.has_node(owner):
            outcome = menu.addAction("Outcome")
            outcome.setCheckable(True)
            outcome.setChecked(doc.node(owner).outcome)
            outcome.setToolTip("Mark as an outcome of the model (for the selected stages)")
            stages = [o for o in self._selected_owners(owner) if doc.has_node(o)]
            outcome.triggered.connect(lambda on: self.set_outcome(stages, on))
            add_class_menu(menu, doc, theme, editor.parts, stages)
            menu.addSeparator()
            add_group_entries(menu, doc, editor.parts, stages)
        else:
            links = [o for o in self._selected_owners(owner) if doc.has_edge(o)]
            add_type_menu(menu, doc, theme, editor.parts, links)
        menu.addSeparator()

        attach = menu.addMenu("Attach")
        attach.setObjectName("attachMenu")
        for atype in doc.all_types():
            action = attach.addAction(type_icon(atype, theme), atype.name.capitalize())
            action.setData(atype.name)
            action.triggered.connect(lambda _=False, name=atype.name: self.attach_new(owner, name))

        detach = menu.addMenu("Detach")
        detach.setObjectName("detachMenu")
        annotations = doc.annotations_of(owner)
        for index, ann in enumerate(annotations):
            atype = doc.annotation_type(ann.type)
            text = f"{atype.name.capitalize()}: {summary(ann, DETACH_LABEL_LIMIT)}"
            action = detach.addAction(type_icon(atype, theme), text.replace("&", "&&"))
            action.setData(index)
            action.triggered.connect(lambda _=False, i=index: self.detach_at(owner, i))
        detach.setEnabled(bool(annotations))
        menu.addSeparator()

        owners = self._selected_owners(owner)
        view_state = session.view_state
        detailed = view_state.is_detailed(owner)
        detail = menu.addAction("Compact" if detailed else "Show Details")
        detail.setShortcut(QKeySequence("Ctrl+Shift+E"))
        detail.setToolTip("Annotations as counts" if detailed else "Annotations as a callout list")
        detail.triggered.connect(lambda: view_state.set_detailed(owners, not detailed))
        menu.addSeparator()
        delete = menu.addAction("Delete" if len(owners) == 1 else f"Delete {len(owners)} Selected")
        delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete.triggered.connect(editor.delete_selection)

    def _selected_owners(self, owner: ElementId) -> list[ElementId]:
        """The selection when ``owner`` is part of it (the scene selects what is clicked)."""
        selected = self.session.selection
        return selected if owner in selected else [owner]

    def attach_new(self, owner: ElementId, type_name: str) -> None:
        """Attach an empty annotation of ``type_name`` and put its label in edit in the
        inspector: one undo step for the attach, one more for the name."""
        session = self.session
        session.run(add_annotation(session.doc, owner, Annotation(type_name)))
        session.select([owner])
        self.focus_annotation(owner, len(session.doc.annotations_of(owner)) - 1)

    def set_outcome(self, stages: list[str], on: bool) -> None:
        """Mark or unmark stages as outcomes: one undo step."""
        doc = self.session.doc
        what = "Mark as outcome" if on else "Unmark outcome"
        steps: list[Command] = [
            SetNodeFields(n, what, outcome=on)
            for n in stages
            if doc.has_node(n) and doc.node(n).outcome != on
        ]
        if len(steps) == 1:
            self.session.run(steps[0])
        elif steps:
            self.session.run(Macro(f"{what} ({len(steps)} stages)", steps))

    def detach_at(self, owner: ElementId, index: int) -> None:
        self.session.run(remove_annotation(self.session.doc, owner, index))


def _clipboard_has_model() -> bool:
    data = QGuiApplication.clipboard().mimeData()
    if data is None:
        return False
    return data.hasFormat(MIME) or (data.hasText() and looks_like_model(data.text()))
