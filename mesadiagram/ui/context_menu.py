"""Context menus on the canvas: what can be done to a stage, a link or the empty canvas.

On a stage or link: Rename, Attach ▸ (one entry per annotation type), Detach ▸ (one entry
per annotation), Show Details / Compact, Delete. On the empty canvas: Add Stage Here,
Paste, Select All. Every edit goes through the editor or one command on the undo stack,
like the same edit made anywhere else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu

from mesadiagram.model import Annotation, OwnerRef
from mesadiagram.model.commands import add_annotation, remove_annotation
from mesadiagram.ui.clipboard import looks_like_model
from mesadiagram.ui.editor import MIME
from mesadiagram.ui.inspector.annotation_ops import summary
from mesadiagram.ui.inspector.type_style import type_icon

if TYPE_CHECKING:
    from mesadiagram.ui.main_window import MainWindow

DETACH_LABEL_LIMIT = 48


def show_context_menu(window: MainWindow, owner: OwnerRef | None, screen_pos: QPoint) -> QMenu:
    """Pop up the menu for ``owner`` (None: the empty canvas) at ``screen_pos``.

    ``popup`` rather than ``exec``: the menu does not block, so the window (and a test)
    keeps running while it is open.
    """
    view = window.view
    scene_pos = view.mapToScene(view.viewport().mapFromGlobal(screen_pos))
    menu = build_context_menu(window, owner, scene_pos)
    menu.aboutToHide.connect(menu.deleteLater)
    menu.popup(screen_pos)
    return menu


def build_context_menu(
    window: MainWindow, owner: OwnerRef | None, scene_pos: QPointF, parent=None
) -> QMenu:
    """The menu for ``owner``, or for the empty canvas at ``scene_pos`` when it is None."""
    menu = QMenu(parent or window)
    menu.setObjectName("canvasContextMenu")
    if owner is None:
        _fill_canvas(window, menu, scene_pos)
    else:
        _fill_element(window, menu, owner)
    return menu


def _fill_canvas(window: MainWindow, menu: QMenu, scene_pos: QPointF) -> None:
    editor = window.editor
    add = menu.addAction("Add Stage Here")
    add.triggered.connect(lambda: editor.add_stage_at(window.scene.snap(scene_pos)))
    paste = menu.addAction("Paste")
    paste.setShortcut(QKeySequence(QKeySequence.StandardKey.Paste))
    paste.setEnabled(_clipboard_has_model())
    paste.triggered.connect(editor.paste)
    menu.addSeparator()
    select_all = menu.addAction("Select All")
    select_all.setShortcut(QKeySequence(QKeySequence.StandardKey.SelectAll))
    select_all.setEnabled(bool(window.doc.nodes))
    select_all.triggered.connect(editor.select_all)


def _clipboard_has_model() -> bool:
    data = QGuiApplication.clipboard().mimeData()
    if data is None:
        return False
    return data.hasFormat(MIME) or (data.hasText() and looks_like_model(data.text()))


def _fill_element(window: MainWindow, menu: QMenu, owner: OwnerRef) -> None:
    doc, scene, editor = window.doc, window.scene, window.editor
    rename = menu.addAction("Rename")
    rename.setShortcut(QKeySequence("F2"))  # shown as a hint: the window's keys do the same
    rename.triggered.connect(lambda: editor.rename(owner))
    menu.addSeparator()

    attach = menu.addMenu("Attach")
    attach.setObjectName("attachMenu")
    for atype in doc.all_types():
        action = attach.addAction(type_icon(atype), atype.name.capitalize())
        action.setData(atype.name)
        action.triggered.connect(lambda _=False, name=atype.name: attach_new(window, owner, name))

    detach = menu.addMenu("Detach")
    detach.setObjectName("detachMenu")
    annotations = doc.annotations_of(owner)
    for index, ann in enumerate(annotations):
        atype = doc.annotation_type(ann.type)
        text = f"{atype.name.capitalize()}: {summary(ann, DETACH_LABEL_LIMIT)}"
        action = detach.addAction(type_icon(atype), text.replace("&", "&&"))
        action.setData(index)
        action.triggered.connect(lambda _=False, i=index: detach_at(window, owner, i))
    detach.setEnabled(bool(annotations))
    menu.addSeparator()

    owners = _selected_owners(window, owner)
    detailed = scene.is_detailed(owner)
    detail = menu.addAction("Compact" if detailed else "Show Details")
    detail.setShortcut(QKeySequence("Ctrl+Shift+E"))
    detail.setToolTip("Annotations as counts" if detailed else "Annotations as a callout list")
    detail.triggered.connect(lambda: scene.set_detailed(owners, not detailed))
    menu.addSeparator()
    delete = menu.addAction("Delete" if len(owners) == 1 else f"Delete {len(owners)} Selected")
    delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
    delete.triggered.connect(editor.delete_selection)


def _selected_owners(window: MainWindow, owner: OwnerRef) -> list[OwnerRef]:
    """The selection when ``owner`` is part of it (the scene selects what is clicked)."""
    scene = window.scene
    selected: list[OwnerRef] = [("node", n) for n in scene.selected_node_ids()]
    selected += [("edge", k) for k in scene.selected_edge_keys()]
    return selected if owner in selected else [owner]


def attach_new(window: MainWindow, owner: OwnerRef, type_name: str) -> None:
    """Attach an empty annotation of ``type_name`` and put its label in edit in the
    inspector: one undo step for the attach, one more for the name."""
    doc = window.doc
    window.stack.run(add_annotation(doc, owner, Annotation(type_name)))
    kind, ref = owner
    if kind == "node":
        window.scene.select([ref])  # type: ignore[list-item]
    else:
        window.scene.select(edge_keys=[ref])  # type: ignore[list-item]
    inspector = getattr(window, "inspector", None)
    if inspector is not None:
        inspector.focus_annotation(owner, len(doc.annotations_of(owner)) - 1)


def detach_at(window: MainWindow, owner: OwnerRef, index: int) -> None:
    window.stack.run(remove_annotation(window.doc, owner, index))
