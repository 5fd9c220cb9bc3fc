"""Text boxes in the editor, driven by real events: Insert > Text Box (Ctrl+Shift+T) with
its text in edit, editing in place (Ctrl+Enter commits, Escape cancels), moving with the
selected stages in one step, nudging, deleting, copying and the inspector's fields.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from mesadiagram.model import TextBox
from mesadiagram.model.vocabulary_commands import AddBox
from tests.ui_helpers import (  # noqa: F401  (*_fixture: pytest fixtures)
    add_stages,
    assert_parts_match,
    assert_undo_redo,
    click,
    double_click,
    drag,
    focus,
    isolated_settings_fixture,
    key,
    node_point,
    snap,
    type_text,
    view_point,
    window_fixture,
)

Ctrl = Qt.KeyboardModifier.ControlModifier
Shift = Qt.KeyboardModifier.ShiftModifier
KEY = "# How to read this\nRed boxes are outcomes."


def with_box(window, text: str = KEY, at=(0.0, 200.0)) -> None:
    add_stages(window, ("a", 0, 0), ("b", 260, 0))
    window.session.stack.run(AddBox(TextBox("key", text, at)))
    window.session.stack.clear()
    window.view.centerOn(QPointF(130, 100))


def box_point(window, box_id: str):
    return view_point(window, window.scene.box_item(box_id).box().center())


def editor(window):
    return window.editor.parts.box_editor


def test_ctrl_shift_t_adds_a_box_in_the_view_with_its_text_in_edit(window) -> None:
    add_stages(window, ("a", 0, 0))
    before = snap(window.doc)
    key(Qt.Key.Key_T, Ctrl | Shift)
    [box] = window.doc.boxes
    assert box.text == "Text"
    assert editor(window).is_open()
    assert focus() is editor(window).field
    assert editor(window).field.textCursor().selectedText() == "Text"  # typing replaces it
    shown = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert shown.contains(window.scene.box_item(box.id).box())
    type_text("How to read this")
    key(Qt.Key.Key_Return)  # a new line, not the end
    type_text("Dotted links are evidence")
    assert editor(window).is_open()
    key(Qt.Key.Key_Return, Ctrl)
    assert not editor(window).is_open()
    [box] = window.doc.boxes
    assert box.text == "How to read this\nDotted links are evidence"
    assert box.id.startswith("how-to-read")  # made from the text typed, as a stage's
    assert window.session.stack.count() == 1  # made and written: one step
    assert window.scene.selected_ids() == [box.id]
    assert_undo_redo(window, before)


def test_double_click_edits_the_text_in_place_and_escape_cancels(window) -> None:
    with_box(window)
    before = snap(window.doc)
    double_click(window, box_point(window, "key"))
    assert editor(window).is_open()
    assert editor(window).field.toPlainText() == KEY
    type_text("something else")
    key(Qt.Key.Key_Escape)
    assert not editor(window).is_open()
    assert window.doc.snapshot() == before
    assert window.session.stack.count() == 0

    double_click(window, box_point(window, "key"))
    type_text("Key")
    key(Qt.Key.Key_Return, Ctrl)
    assert window.doc.box("key").text == "Key"  # an existing box keeps its id
    assert window.session.stack.count() == 1
    assert_undo_redo(window, before)


def test_an_edit_left_by_clicking_the_canvas_is_kept(window) -> None:
    with_box(window)
    double_click(window, box_point(window, "key"))
    type_text("Title")
    click(window, node_point(window, "a"))
    assert not editor(window).is_open()
    assert window.doc.box("key").text == "Title"


def test_emptying_the_text_changes_nothing(window) -> None:
    with_box(window)
    before = snap(window.doc)
    double_click(window, box_point(window, "key"))
    key(Qt.Key.Key_Delete)
    key(Qt.Key.Key_Return, Ctrl)
    assert window.doc.snapshot() == before
    assert "needs some text" in window.statusBar().currentMessage()


def test_a_box_moves_with_the_selected_stages_in_one_step(window) -> None:
    with_box(window)
    before = snap(window.doc)
    click(window, node_point(window, "a"))
    click(window, box_point(window, "key"), Shift)
    assert window.session.selection == ["a", "key"]
    drag(window, node_point(window, "a"), node_point(window, "a", 100, 40))
    assert window.doc.node("a").position == (100, 40)
    assert window.doc.box("key").position == (100, 240)
    assert window.doc.node("b").position == (260, 0)
    assert window.session.stack.count() == 1
    assert window.session.stack.undoText() == "Move 2 elements"
    assert_undo_redo(window, before)


def test_dragging_a_box_alone_and_nudging_it(window) -> None:
    with_box(window)
    before = snap(window.doc)
    start = box_point(window, "key")
    drag(window, start, start + view_point(window, QPointF(60, 20)) - view_point(window, QPointF()))
    assert window.doc.box("key").position == (60, 220)
    assert window.session.stack.undoText() == "Move text box"
    key(Qt.Key.Key_Right)
    key(Qt.Key.Key_Right)
    assert window.doc.box("key").position == (80, 220)
    assert window.session.stack.count() == 2  # the drag, and the nudges as one
    assert_undo_redo(window, before, steps=2)


def test_delete_removes_the_box_and_undo_brings_it_back(window) -> None:
    with_box(window)
    before = snap(window.doc)
    click(window, box_point(window, "key"))
    assert window.inspector.heading.text() == "Text box"
    key(Qt.Key.Key_Delete)
    assert window.doc.boxes == []
    assert window.scene.box_item("key") is None
    assert_undo_redo(window, before)


def test_copy_and_paste_a_box_with_a_stage(window) -> None:
    with_box(window)
    window.scene.select(["a"], part_ids=["key"])
    key(Qt.Key.Key_C, Ctrl)
    before = snap(window.doc)
    window.editor.paste(QPointF(900, 900))
    assert len(window.doc.boxes) == 2 and len(window.doc.nodes) == 3
    copy = window.doc.boxes[1]
    assert copy.text == KEY and copy.id != "key"
    new = window.doc.nodes[2]
    # The box keeps its place relative to the stage it was copied with.
    assert (copy.position[0] - new.position[0], copy.position[1] - new.position[1]) == (0, 200)
    assert window.session.selection == [new.id, copy.id]
    assert_undo_redo(window, before)


def test_the_inspector_edits_text_and_width(window, qtbot) -> None:
    with_box(window)
    window.scene.select(part_ids=["key"])
    page = window.inspector.part_form.box_page
    assert page.isVisible()
    assert page.text.toPlainText() == KEY
    old = window.scene.box_item("key").rect.width()
    page.width.setFocus()
    qtbot.keyClicks(page.width, "400")
    qtbot.keyClick(page.width, Qt.Key.Key_Return)
    assert window.doc.box("key").width == 400
    assert window.scene.box_item("key").rect.width() == 400 != old
    page.text.setFocus()
    page.text.selectAll()
    qtbot.keyClicks(page.text, "Legend")
    QTest.keyClick(page.text, Qt.Key.Key_Return, Ctrl)
    assert window.doc.box("key").text == "Legend"
    assert window.session.stack.count() == 2
    assert_parts_match(window)
