"""Context menus on canvas items: built for a stage, a link or the empty canvas, then
their actions triggered (the menu is never run modally)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QContextMenuEvent, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from mesadiagram.model import Annotation, AnnotationType, Document, Edge, Node
from mesadiagram.ui.main_window import MainWindow
from tests.ui_helpers import (  # noqa: F401
    empty_point,
    isolated_settings,
    make_window,
    node_point,
    snap,
)

Right = Qt.MouseButton.RightButton


def build_context_menu(win: MainWindow, owner: str | None, pos: QPointF) -> QMenu:
    return win.canvas_menus.build(owner, pos)


def model_doc() -> Document:
    doc = Document("Menus")
    doc.types = {"evidence": AnnotationType("evidence", "evidence", "#7B3294", "star")}
    doc.insert_node(Node("a", "Alpha", position=(0.0, 0.0)))
    doc.insert_node(
        Node(
            "b",
            "Beta",
            position=(260.0, 0.0),
            annotations=[Annotation("kind", "Proxy"), Annotation("note", text="A & B")],
        )
    )
    doc.insert_edge(Edge("a", "b", annotations=[Annotation("intervention", "Stop it")]))
    return doc


@pytest.fixture
def win(qtbot, isolated_settings) -> MainWindow:  # noqa: F811
    window = make_window(qtbot, model_doc())
    window.view.centerOn(QPointF(130, 0))
    return window


def texts(menu: QMenu) -> list[str]:
    return [a.text() if not a.isSeparator() else "-" for a in menu.actions()]


def submenu(menu: QMenu, name: str) -> QMenu:
    sub = menu.findChild(QMenu, name)
    assert sub is not None
    return sub


def action(menu: QMenu, text: str) -> QAction:
    for candidate in menu.actions():
        if candidate.text() == text:
            return candidate
    raise AssertionError(f"no action {text!r} in {texts(menu)}")


def right_click(win: MainWindow, point: QPoint) -> None:
    """A right press, then the context-menu event the platform sends with it (QTest
    delivers mouse events straight to the widget, so Qt does not synthesize that one)."""
    viewport = win.view.viewport()
    QTest.mousePress(viewport, Right, Qt.KeyboardModifier.NoModifier, point)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)
    QTest.mouseRelease(viewport, Right, Qt.KeyboardModifier.NoModifier, point)


def test_right_click_on_a_stage_pops_up_its_menu(qtbot, win: MainWindow) -> None:
    right_click(win, node_point(win, "b"))
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    try:
        assert texts(menu) == [
            "Rename",
            "Outcome",
            "Class",
            "-",
            "Group Selected",
            "Add to Group",
            "Remove from Group",
            "-",
            "Attach",
            "Detach",
            "-",
            "Show Details",
            "-",
            "Delete",
        ]
        assert win.scene.selected_node_ids() == ["b"]  # what was clicked is selected
    finally:
        menu.close()


def test_right_click_on_empty_canvas(qtbot, win: MainWindow) -> None:
    right_click(win, empty_point(win, 130, 200))
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    try:
        assert texts(menu) == ["Add Stage Here", "Add Text Box Here", "Paste", "-", "Select All"]
        action(menu, "Add Stage Here").trigger()
    finally:
        menu.close()
    added = [n for n in win.doc.nodes if n.id not in ("a", "b")]
    assert len(added) == 1  # where the menu was asked for (within a pixel's rounding)
    x, y = added[0].position
    assert abs(x - 130) <= 1 and abs(y - 200) <= 1


def test_stage_menu_lists_types_and_annotations(win: MainWindow) -> None:
    menu = build_context_menu(win, "b", QPointF())
    attach = submenu(menu, "attachMenu")
    assert texts(attach) == ["Kind", "Mechanism", "Caveat", "Intervention", "Note", "Evidence"]
    detach = submenu(menu, "detachMenu")
    assert texts(detach) == ["Kind: Proxy", "Note: A && B"]  # "&" is not a mnemonic
    assert detach.isEnabled()
    empty = build_context_menu(win, "a", QPointF())
    assert not submenu(empty, "detachMenu").isEnabled()


def test_attach_focuses_the_new_annotation_in_the_inspector(win: MainWindow) -> None:
    before, count = snap(win.doc), win.session.stack.count()
    menu = build_context_menu(win, "a", QPointF())
    action(submenu(menu, "attachMenu"), "Mechanism").trigger()
    assert win.doc.node("a").annotations == [Annotation("mechanism", id="mechanism")]
    assert win.session.stack.count() == count + 1
    inspector = win.inspector
    label = inspector.annotations.editor.label
    assert inspector.target == "a" and inspector.annotations.current() == 0
    assert QApplication.focusWidget() is label
    QTest.keyClicks(label, "Gradient hacking")
    QTest.keyClick(label, Qt.Key.Key_Return)
    # (renamed, it keeps its id: identity outlives the label)
    assert win.doc.node("a").annotations == [
        Annotation("mechanism", "Gradient hacking", id="mechanism")
    ]
    assert win.session.stack.count() == count + 2
    win.session.stack.undo()
    win.session.stack.undo()
    assert win.doc.snapshot() == before


def test_detach(win: MainWindow) -> None:
    before, count = snap(win.doc), win.session.stack.count()
    menu = build_context_menu(win, "b", QPointF())
    action(submenu(menu, "detachMenu"), "Kind: Proxy").trigger()
    assert [(a.type, a.text) for a in win.doc.node("b").annotations] == [("note", "A & B")]
    assert win.session.stack.count() == count + 1
    after = snap(win.doc)
    win.session.stack.undo()
    assert win.doc.snapshot() == before
    win.session.stack.redo()
    assert win.doc.snapshot() == after


def test_link_menu_attach_and_detach(win: MainWindow) -> None:
    win.scene.select(edge_keys=["a->b"])
    menu = build_context_menu(win, "a->b", QPointF())
    assert texts(submenu(menu, "detachMenu")) == ["Intervention: Stop it"]
    action(submenu(menu, "attachMenu"), "Caveat").trigger()
    assert [a.type for a in win.doc.edge("a->b").annotations] == ["intervention", "caveat"]
    assert win.inspector.annotations.current() == 1
    menu = build_context_menu(win, "a->b", QPointF())
    action(submenu(menu, "detachMenu"), "Intervention: Stop it").trigger()
    assert [a.type for a in win.doc.edge("a->b").annotations] == ["caveat"]


def test_show_details_then_compact(win: MainWindow) -> None:
    owner = "b"
    assert not win.scene.is_detailed(owner)
    action(build_context_menu(win, owner, QPointF()), "Show Details").trigger()
    assert win.scene.is_detailed(owner)
    assert win.scene.node_item("b").callout is not None
    action(build_context_menu(win, owner, QPointF()), "Compact").trigger()
    assert not win.scene.is_detailed(owner)
    assert win.session.stack.count() == 0  # a view setting, not an edit


def test_delete_removes_the_stage_and_its_links(win: MainWindow) -> None:
    win.scene.select(["a"])
    before = snap(win.doc)
    action(build_context_menu(win, "a", QPointF()), "Delete").trigger()
    assert not win.doc.has_node("a") and not win.doc.edges
    assert win.session.stack.count() == 1
    win.session.stack.undo()
    assert win.doc.snapshot() == before


def test_rename_opens_the_label_in_place(win: MainWindow) -> None:
    win.scene.select(["b"])
    action(build_context_menu(win, "b", QPointF()), "Rename").trigger()
    assert win.editor.labels.is_open() and win.editor.labels.line.text() == "Beta"


def test_canvas_menu_add_paste_select_all(win: MainWindow) -> None:
    QGuiApplication.clipboard().clear()
    menu = build_context_menu(win, None, QPointF(100, 300))
    assert not action(menu, "Paste").isEnabled()
    action(menu, "Add Stage Here").trigger()
    added = [n for n in win.doc.nodes if n.id not in ("a", "b")]
    assert len(added) == 1 and added[0].position == (100.0, 300.0)
    win.editor.labels.close(commit=False)
    action(build_context_menu(win, None, QPointF()), "Select All").trigger()
    assert len(win.scene.selected_node_ids()) == 3 and win.scene.selected_link_ids() == ["a->b"]
    win.scene.select(["a"])
    win.editor.copy()
    menu = build_context_menu(win, None, QPointF(120, -200))
    paste = action(menu, "Paste")
    assert paste.isEnabled()
    count = win.session.stack.count()
    paste.trigger()
    assert len(win.doc.nodes) == 4 and win.session.stack.count() == count + 1
    pasted = win.scene.node_item(win.doc.nodes[-1].id).box()  # where the menu was opened
    assert (pasted.center().x(), pasted.center().y()) == (120, -200)
