"""The context-menu entries of the visual vocabulary (``context_menu.py`` adds them).

A stage's menu gets Class ▸ (every stage class, the selection's checked), Group
Selected, Add to Group ▸ (every other group) and Remove from Group; a link's menu Type ▸
(every link type); a group's frame has its own menu (Rename, Select Its Stages,
Ungroup), and so has a text box (Edit Text, Delete). Each entry applies to the selected
stages or links of its kind, as one undo step through ``PartEdits``.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from mesadiagram.model import Document
from mesadiagram.render.theme import Theme
from mesadiagram.ui.part_edits import PartEdits
from mesadiagram.ui.vocabulary_icons import link_type_icon, stage_class_icon


def _escaped(text: str) -> str:
    return text.replace("&", "&&")  # (an ampersand is a mnemonic in a menu)


def add_class_menu(menu: QMenu, doc: Document, theme: Theme, parts: PartEdits, stages: list[str]):
    """Class ▸: the stage classes, the one every chosen stage has checked."""
    sub = menu.addMenu("Class")
    sub.setObjectName("classMenu")
    current = {doc.node(s).stage_class for s in stages}
    for stage_class in doc.all_stage_classes():
        name = stage_class.name
        action = sub.addAction(stage_class_icon(doc, theme, name), _escaped(stage_class.label))
        action.setData(name)
        action.setCheckable(True)
        action.setChecked(current == {name})
        action.triggered.connect(lambda _=False, n=name: parts.set_stage_class(stages, n))
    return sub


def add_type_menu(menu: QMenu, doc: Document, theme: Theme, parts: PartEdits, links: list[str]):
    """Type ▸: the link types, the one every chosen link has checked."""
    sub = menu.addMenu("Type")
    sub.setObjectName("typeMenu")
    current = {doc.edge(k).type for k in links}
    for link_type in doc.all_link_types():
        name = link_type.name
        text = link_type.label + ("" if link_type.carries_risk else "  (evidence)")
        action = sub.addAction(link_type_icon(doc, theme, name), _escaped(text))
        action.setData(name)
        action.setCheckable(True)
        action.setChecked(current == {name})
        action.triggered.connect(lambda _=False, n=name: parts.set_link_type(links, n))
    return sub


def add_group_entries(menu: QMenu, doc: Document, parts: PartEdits, stages: list[str]) -> None:
    """Group Selected, Add to Group ▸ and Remove from Group, for ``stages``."""
    group = menu.addAction("Group Selected")
    group.setShortcut(QKeySequence("Ctrl+G"))  # a hint: the window's key does the same
    group.setEnabled(all(doc.group_of(s) is None for s in stages))
    group.triggered.connect(parts.group_selection)
    into = menu.addMenu("Add to Group")
    into.setObjectName("addToGroupMenu")
    for target in doc.groups:
        if all(doc.group_of(s) == target.id for s in stages):
            continue  # (already in it)
        action = into.addAction(_escaped(target.label or target.id))
        action.setData(target.id)
        action.triggered.connect(lambda _=False, g=target.id: parts.add_to_group(g, stages))
    into.setEnabled(not into.isEmpty())
    leave = menu.addAction("Remove from Group")
    leave.setEnabled(any(doc.group_of(s) is not None for s in stages))
    leave.triggered.connect(lambda: parts.remove_from_group(stages))


def fill_group_menu(menu: QMenu, doc: Document, parts: PartEdits, group_id: str) -> None:
    """A group's frame: Rename, Select Its Stages, Ungroup."""
    rename = menu.addAction("Rename")
    rename.setShortcut(QKeySequence("F2"))
    rename.triggered.connect(lambda: parts.rename_group(group_id))
    stages = menu.addAction("Select Its Stages")
    stages.triggered.connect(lambda: parts.scene.select(list(doc.group(group_id).stages)))
    menu.addSeparator()
    ungroup = menu.addAction("Ungroup")
    ungroup.setShortcut(QKeySequence("Ctrl+Shift+G"))
    ungroup.setToolTip("The frame goes; its stages stay")
    ungroup.triggered.connect(parts.ungroup_selection)


def fill_box_menu(menu: QMenu, parts: PartEdits, box_id: str, delete) -> None:
    """A text box: Edit Text, Delete (``delete``: the editor's, for the selection)."""
    edit = menu.addAction("Edit Text")
    edit.setShortcut(QKeySequence("F2"))
    edit.triggered.connect(lambda: parts.edit_box(box_id))
    menu.addSeparator()
    remove = menu.addAction("Delete")
    remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
    remove.triggered.connect(delete)
