"""The inspector dock, driven with real key and mouse events.

Each committed field edit must be exactly one undo step (none when nothing changed), undo
must give back the exact previous document, and the fields must follow undo and redo.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from mesadiagram.model import Annotation, AnnotationType, Document, Edge, Item, Node
from mesadiagram.model.commands import AddEdge, RemoveNode, SetDocumentFields
from mesadiagram.ui.inspector import InspectorDock
from mesadiagram.ui.main_window import MainWindow
from tests.ui_helpers import isolated_settings, make_window, snap  # noqa: F401

Left = Qt.MouseButton.LeftButton
Ctrl = Qt.KeyboardModifier.ControlModifier


def model_doc() -> Document:
    doc = Document("Test model", "What it is about")
    doc.types = {"evidence": AnnotationType("evidence", "evidence", "#7B3294", "star")}
    doc.insert_node(Node("a", "Alpha", position=(0.0, 0.0)))
    doc.insert_node(
        Node(
            "b",
            "Beta",
            text="second",
            position=(260.0, 0.0),
            annotations=[
                Annotation("kind", "K1", "first kind"),
                Annotation("mechanism", "M1"),
                Annotation("kind", "K2"),
                Annotation("note", text="a note"),
            ],
        )
    )
    doc.insert_node(Node("c", "Gamma", position=(520.0, 0.0)))
    doc.insert_edge(
        Edge(
            "a",
            "b",
            annotations=[
                Annotation("intervention", "Stop it", items=[Item("m1"), Item("m2")], effect=0.5)
            ],
        )
    )
    doc.insert_edge(Edge("b", "c", probability=0.25))
    return doc


@pytest.fixture
def win(qtbot, isolated_settings) -> MainWindow:  # noqa: F811
    return make_window(qtbot, model_doc())


def inspector(window: MainWindow) -> InspectorDock:
    dock = window.findChild(InspectorDock, "inspectorDock")
    assert dock is not None and dock.isVisible()
    return dock


def focus_on(widget: QWidget) -> None:
    """Click into a field, as a user would, and select what it holds."""
    scroll = widget.parent()
    while not isinstance(scroll, QScrollArea):
        scroll = scroll.parent()
    QApplication.processEvents()  # let the dock lay out what was just shown
    scroll.ensureWidgetVisible(widget)  # the dock scrolls; a user would scroll too
    target = widget.viewport() if hasattr(widget, "viewport") else widget
    QTest.mouseClick(target, Left, Qt.KeyboardModifier.NoModifier, QPoint(8, 8))
    assert QApplication.focusWidget() is widget
    QTest.keyClick(widget, Qt.Key.Key_A, Ctrl)


def retype(widget: QWidget, text: str) -> None:
    focus_on(widget)
    QTest.keyClicks(widget, text)


def check_one_step(window: MainWindow, before, count: int) -> None:
    """Exactly one new undo step; undo gives back ``before``; redo the edited document."""
    assert window.session.stack.count() == count + 1
    after = snap(window.doc)
    assert after != before
    window.session.stack.undo()
    assert window.doc.snapshot() == before
    window.session.stack.redo()
    assert window.doc.snapshot() == after


# -- the element's fields -----------------------------------------------------------------
def test_stage_label_commits_once_on_enter_and_follows_undo(win: MainWindow) -> None:
    win.scene.select(["b"])
    page = inspector(win).form.node_page
    assert page.isVisible() and page.label.text() == "Beta"
    before, count = snap(win.doc), win.session.stack.count()
    retype(page.label, "Beta prime")
    assert win.doc.node("b").label == "Beta"  # nothing committed while typing
    QTest.keyClick(page.label, Qt.Key.Key_Return)
    assert win.doc.node("b").label == "Beta prime"
    check_one_step(win, before, count)
    win.session.stack.undo()
    assert page.label.text() == "Beta"  # the field follows undo
    win.session.stack.redo()
    assert page.label.text() == "Beta prime"


def test_stage_text_commits_when_focus_moves(win: MainWindow) -> None:
    win.scene.select(["b"])
    page = inspector(win).form.node_page
    before, count = snap(win.doc), win.session.stack.count()
    retype(page.text, "line one")
    QTest.keyClick(page.text, Qt.Key.Key_Return)
    QTest.keyClicks(page.text, "line two")
    assert win.session.stack.count() == count  # per keystroke: nothing
    QTest.keyClick(page.text, Qt.Key.Key_Tab)  # Tab moves on (no tab characters in a form)
    assert QApplication.focusWidget() is not page.text
    assert win.doc.node("b").text == "line one\nline two"
    check_one_step(win, before, count)


def test_unchanged_field_makes_no_command(win: MainWindow) -> None:
    win.scene.select(["b"])
    page = inspector(win).form.node_page
    focus_on(page.label)
    QTest.keyClick(page.label, Qt.Key.Key_Return)
    focus_on(page.text)
    QTest.keyClick(page.text, Qt.Key.Key_Tab)
    assert win.session.stack.count() == 0
    retype(page.label, "   ")  # a stage needs a name: refused, old one shown
    QTest.keyClick(page.label, Qt.Key.Key_Return)
    assert win.session.stack.count() == 0 and page.label.text() == "Beta"


def test_escape_reverts_a_field(win: MainWindow) -> None:
    win.scene.select(["b"])
    page = inspector(win).form.node_page
    retype(page.label, "Oops")
    QTest.keyClick(page.label, Qt.Key.Key_Escape)
    assert page.label.text() == "Beta"
    QTest.keyClick(page.label, Qt.Key.Key_Return)
    assert win.session.stack.count() == 0


def test_prior_only_for_root_stages_and_validated(win: MainWindow) -> None:
    dock = inspector(win)
    page = dock.form.node_page
    win.scene.select(["b"])  # has an incoming link
    assert not page.prior.isEnabled()
    win.scene.select(["a"])  # a root
    assert page.prior.isEnabled()
    before, count = snap(win.doc), win.session.stack.count()
    retype(page.prior, "2")  # out of [0, 1]: refused while typing
    assert page.prior.text() == ""
    QTest.keyClicks(page.prior, "0.3")
    QTest.keyClick(page.prior, Qt.Key.Key_Return)
    assert win.doc.node("a").probability == 0.3
    check_one_step(win, before, count)
    before, count = snap(win.doc), win.session.stack.count()
    focus_on(page.prior)
    QTest.keyClick(page.prior, Qt.Key.Key_Delete)  # empty means none
    QTest.keyClick(page.prior, Qt.Key.Key_Return)
    assert win.doc.node("a").probability is None
    check_one_step(win, before, count)
    # A link into the root makes it a non-root: the field follows the model.
    win.session.stack.run(AddEdge(Edge("c", "a")))
    assert not page.prior.isEnabled()
    win.session.stack.undo()
    assert page.prior.isEnabled()


def test_half_typed_number_is_not_committed(win: MainWindow) -> None:
    win.scene.select(edge_keys=["b->c"])
    page = inspector(win).form.edge_page
    assert page.probability.text() == "0.25"
    retype(page.probability, ".")
    QTest.keyClick(page.probability, Qt.Key.Key_Tab)
    assert win.session.stack.count() == 0
    assert page.probability.text() == "0.25"


def test_outcome_checkbox_is_one_step(win: MainWindow) -> None:
    win.scene.select(["c"])
    page = inspector(win).form.node_page
    before, count = snap(win.doc), win.session.stack.count()
    QTest.mouseClick(page.outcome, Left, Qt.KeyboardModifier.NoModifier, QPoint(6, 6))
    assert win.doc.node("c").outcome is True
    check_one_step(win, before, count)
    win.session.stack.undo()
    assert not page.outcome.isChecked()


def test_link_fields(win: MainWindow) -> None:
    win.scene.select(edge_keys=["b->c"])
    dock = inspector(win)
    page = dock.form.edge_page
    assert page.isVisible() and "Beta" in dock.subtitle.text() and "Gamma" in dock.subtitle.text()
    before, count = snap(win.doc), win.session.stack.count()
    retype(page.label, "leads to")
    QTest.keyClick(page.label, Qt.Key.Key_Tab)
    assert win.doc.edge("b->c").label == "leads to"
    check_one_step(win, before, count)
    before, count = snap(win.doc), win.session.stack.count()
    retype(page.probability, "0.75")
    QTest.keyClick(page.probability, Qt.Key.Key_Enter)
    assert win.doc.edge("b->c").probability == 0.75
    check_one_step(win, before, count)


def test_nothing_selected_edits_the_document(win: MainWindow) -> None:
    win.scene.clearSelection()
    page = inspector(win).form.document_page
    assert page.isVisible() and page.title.text() == "Test model"
    assert page.description.toPlainText() == "What it is about"
    before, count = snap(win.doc), win.session.stack.count()
    retype(page.title, "Renamed model")
    QTest.keyClick(page.title, Qt.Key.Key_Return)
    assert win.doc.title == "Renamed model"
    check_one_step(win, before, count)
    win.session.stack.undo()
    assert page.title.text() == "Test model"


def test_typed_text_goes_to_the_stage_it_was_typed_for(qtbot, win: MainWindow) -> None:
    win.scene.select(["b"])
    page = inspector(win).form.node_page
    retype(page.label, "Typed for b")
    win.scene.select(["c"])  # selection changes before the field is confirmed
    assert win.doc.node("b").label == "Typed for b"
    assert win.doc.node("c").label == "Gamma" and page.label.text() == "Gamma"
    assert win.session.stack.count() == 1


def test_several_selected_show_a_count(win: MainWindow) -> None:
    win.scene.select(["a", "b"], ["a->b"])
    dock = inspector(win)
    assert dock.many.isVisible() and not dock.form.isVisible()
    assert not dock.annotations.isVisible()
    assert dock.subtitle.text() == "2 stages, 1 link selected"
    dock.detail_button.click()
    assert win.scene.is_detailed("a") and win.scene.is_detailed("a->b")


def test_follows_a_replaced_document(win: MainWindow) -> None:
    dock = inspector(win)
    old = win.doc
    listeners = len(old._listeners)
    win.session.replace_document(Document("Another"), None)
    assert len(old._listeners) < listeners  # unsubscribed from the old document
    assert dock.form.document_page.title.text() == "Another"
    win.session.stack.run(SetDocumentFields(title="X"))
    assert dock.form.document_page.title.text() == "X"


# -- annotations --------------------------------------------------------------------------
def group_titles(dock: InspectorDock) -> list[str]:
    tree = dock.annotations.tree
    return [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]


def row_texts(dock: InspectorDock, group: int) -> list[str]:
    header = dock.annotations.tree.topLevelItem(group)
    return [header.child(i).text(0) for i in range(header.childCount())]


def test_annotations_grouped_by_type(win: MainWindow) -> None:
    win.scene.select(["b"])
    dock = inspector(win)
    assert group_titles(dock) == ["Kinds  (2)", "Mechanisms  (1)", "Notes  (1)"]
    assert row_texts(dock, 0) == ["K1", "K2"]
    assert row_texts(dock, 2) == ["a note"]  # no label: the text stands in
    assert not dock.annotations.editor.isVisible()


def test_add_annotation_then_name_it(win: MainWindow) -> None:
    win.scene.select(["a"])
    section = inspector(win).annotations
    before, count = snap(win.doc), win.session.stack.count()
    section.add_menu.aboutToShow.emit()
    names = [a.text() for a in section.add_menu.actions()]
    assert names == ["Kind", "Mechanism", "Caveat", "Intervention", "Note", "Evidence"]
    section.add_menu.actions()[5].trigger()
    # A new annotation gets an id from its type on attach; naming it later keeps that id.
    assert win.doc.node("a").annotations == [Annotation("evidence", id="evidence")]
    assert win.session.stack.count() == count + 1
    editor = section.editor
    assert editor.isVisible() and QApplication.focusWidget() is editor.label
    QTest.keyClicks(editor.label, "Survey data")
    QTest.keyClick(editor.label, Qt.Key.Key_Return)
    assert win.doc.node("a").annotations == [Annotation("evidence", "Survey data", id="evidence")]
    assert win.session.stack.count() == count + 2
    win.session.stack.undo()
    assert editor.label.text() == ""
    win.session.stack.undo()
    assert win.doc.snapshot() == before


def test_edit_annotation_label_and_text(win: MainWindow) -> None:
    win.scene.select(["b"])
    section = inspector(win).annotations
    section.tree.select_index(2)  # K2
    editor = section.editor
    assert editor.label.text() == "K2"
    before, count = snap(win.doc), win.session.stack.count()
    retype(editor.text, "why it matters")
    QTest.keyClick(editor.text, Qt.Key.Key_Tab)
    assert win.doc.node("b").annotations[2].text == "why it matters"
    check_one_step(win, before, count)
    before, count = snap(win.doc), win.session.stack.count()
    retype(editor.label, "K2 renamed")
    QTest.keyClick(editor.label, Qt.Key.Key_Return)
    assert win.doc.node("b").annotations[2].label == "K2 renamed"
    assert row_texts(inspector(win), 0) == ["K1", "K2 renamed"]
    check_one_step(win, before, count)


def test_delete_key_in_list_removes_the_annotation_not_the_stage(win: MainWindow) -> None:
    win.scene.select(["b"])
    section = inspector(win).annotations
    tree = section.tree
    rect = tree.visualItemRect(tree.row_for(1))  # M1
    QTest.mouseClick(tree.viewport(), Left, Qt.KeyboardModifier.NoModifier, rect.center())
    assert section.current() == 1
    before, count = snap(win.doc), win.session.stack.count()
    QTest.keyClick(tree, Qt.Key.Key_Delete)
    assert win.doc.has_node("b")
    assert [a.label for a in win.doc.node("b").annotations] == ["K1", "K2", ""]
    check_one_step(win, before, count)


def test_reorder_with_buttons(win: MainWindow) -> None:
    win.scene.select(["b"])
    dock = inspector(win)
    section = dock.annotations
    section.tree.select_index(2)  # K2
    before, count = snap(win.doc), win.session.stack.count()
    assert section.up_button.isEnabled()
    QTest.mouseClick(section.up_button, Left)
    assert [a.label for a in win.doc.node("b").annotations] == ["K2", "M1", "K1", ""]
    assert row_texts(dock, 0) == ["K2", "K1"] and section.current() == 0
    check_one_step(win, before, count)
    QTest.mouseClick(section.up_button, Left)  # already first of its type: nothing
    assert win.session.stack.count() == count + 1


def drop_on(tree, row_index: int | None, upper: bool, header: int | None = None) -> None:
    """Drop the selected row over another row's upper or lower half, or a group header.

    The drop event goes straight to the tree's handler: the offscreen platform cannot run
    a real QDrag, and Qt delivers synthetic drag events only after an accepted drag.
    """
    item = tree.topLevelItem(header) if header is not None else tree.row_for(row_index)
    rect = tree.visualItemRect(item)
    y = rect.top() + 2 if upper else rect.bottom() - 2
    data = tree.mimeData([tree.currentItem()]) or QMimeData()
    event = QDropEvent(
        QPointF(rect.center().x(), y),
        Qt.DropAction.MoveAction,
        data,
        Left,
        Qt.KeyboardModifier.NoModifier,
    )
    tree.dropEvent(event)


def test_reorder_by_drag_and_drop(qtbot, win: MainWindow) -> None:
    win.scene.select(["b"])
    dock = inspector(win)
    tree = dock.annotations.tree
    tree.select_index(0)  # K1
    before, count = snap(win.doc), win.session.stack.count()
    drop_on(tree, 2, upper=False)  # below K2
    qtbot.waitUntil(lambda: win.session.stack.count() == count + 1)
    assert [a.label for a in win.doc.node("b").annotations] == ["M1", "K2", "K1", ""]
    assert row_texts(dock, 0) == ["K2", "K1"]
    check_one_step(win, before, count)


def test_drop_into_another_group_changes_type(qtbot, win: MainWindow) -> None:
    win.scene.select(["b"])
    dock = inspector(win)
    tree = dock.annotations.tree
    tree.select_index(2)  # K2
    before, count = snap(win.doc), win.session.stack.count()
    drop_on(tree, None, upper=True, header=1)  # on the Mechanisms header
    qtbot.waitUntil(lambda: win.session.stack.count() == count + 1)
    anns = win.doc.node("b").annotations
    assert [(a.type, a.label) for a in anns] == [
        ("kind", "K1"),
        ("mechanism", "K2"),
        ("mechanism", "M1"),
        ("note", ""),
    ]
    assert group_titles(dock)[:2] == ["Kinds  (1)", "Mechanisms  (2)"]
    check_one_step(win, before, count)


def test_change_type_with_the_combo(win: MainWindow) -> None:
    win.scene.select(edge_keys=["a->b"])
    dock = inspector(win)
    section = dock.annotations
    section.tree.select_index(0)
    combo = section.editor.type_combo
    assert combo.currentText() == "Intervention" and section.editor.effect.isVisible()
    before, count = snap(win.doc), win.session.stack.count()
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Down)  # Intervention -> Note
    ann = win.doc.edge("a->b").annotations[0]
    assert (ann.type, ann.effect, ann.items) == ("note", None, [Item("m1"), Item("m2")])
    assert group_titles(dock) == ["Notes  (1)"]
    assert not section.editor.effect.isVisible()  # only interventions have an effect
    check_one_step(win, before, count)


def test_intervention_effect(win: MainWindow) -> None:
    win.scene.select(edge_keys=["a->b"])
    section = inspector(win).annotations
    section.tree.select_index(0)
    effect = section.editor.effect
    assert effect.text() == "0.5"
    before, count = snap(win.doc), win.session.stack.count()
    retype(effect, "0.9")
    QTest.keyClick(effect, Qt.Key.Key_Return)
    assert win.doc.edge("a->b").annotations[0].effect == 0.9
    check_one_step(win, before, count)


def test_intervention_methods_add_rename_remove(qtbot, win: MainWindow) -> None:
    win.scene.select(edge_keys=["a->b"])
    section = inspector(win).annotations
    section.tree.select_index(0)
    items = section.editor.items
    assert items.isVisible() and items.add_button.text() == "Add method"

    def methods() -> list[str]:
        return [i.label for i in win.doc.edge("a->b").annotations[0].items]

    # Add: an empty row in edit; named and confirmed, it is one step.
    before, count = snap(win.doc), win.session.stack.count()
    QTest.mouseClick(items.add_button, Left)
    line = QApplication.focusWidget()
    assert line is not None and line.parent() is items.list.viewport()
    QTest.keyClicks(line, "Red teaming")
    QTest.keyClick(line, Qt.Key.Key_Return)  # Qt commits an item editor's data queued
    qtbot.waitUntil(lambda: methods() == ["m1", "m2", "Red teaming"])
    check_one_step(win, before, count)

    # An added row left empty disappears without a command.
    count = win.session.stack.count()
    QTest.mouseClick(items.add_button, Left)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: items.list.count() == 3)
    qtbot.wait(20)
    assert win.session.stack.count() == count

    # Rename in place with F2.
    before, count = snap(win.doc), win.session.stack.count()
    items.list.setCurrentRow(0)
    items.list.setFocus()
    QTest.keyClick(items.list, Qt.Key.Key_F2)
    line = QApplication.focusWidget()
    QTest.keyClick(line, Qt.Key.Key_A, Ctrl)
    QTest.keyClicks(line, "first")
    QTest.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: methods() == ["first", "m2", "Red teaming"])
    check_one_step(win, before, count)

    # Remove the selected one.
    before, count = snap(win.doc), win.session.stack.count()
    items.list.setCurrentRow(1)
    QTest.mouseClick(items.remove_button, Left)
    assert methods() == ["first", "Red teaming"]
    check_one_step(win, before, count)

    # Reorder (a drop moves the row in the list's model; the order is then committed).
    before, count = snap(win.doc), win.session.stack.count()
    items.list.model().moveRow(items.list.rootIndex(), 1, items.list.rootIndex(), 0)
    qtbot.waitUntil(lambda: win.session.stack.count() == count + 1)
    assert methods() == ["Red teaming", "first"]
    check_one_step(win, before, count)


def test_inspector_updates_after_undo_of_annotation_edits(win: MainWindow) -> None:
    win.scene.select(["b"])
    dock = inspector(win)
    dock.annotations.tree.select_index(3)  # the note
    QTest.mouseClick(dock.annotations.remove_button, Left)
    assert group_titles(dock) == ["Kinds  (2)", "Mechanisms  (1)"]
    win.session.stack.undo()
    assert group_titles(dock) == ["Kinds  (2)", "Mechanisms  (1)", "Notes  (1)"]
    assert dock.isVisible() and dock.objectName() == "inspectorDock"


def test_typed_annotation_label_survives_a_deselect_and_a_deleted_owner(win: MainWindow) -> None:
    win.scene.select(["b"])
    section = inspector(win).annotations
    section.tree.select_index(0)
    retype(section.editor.label, "K1 typed")
    win.scene.clearSelection()  # no focus change: the edit is still committed, to b
    assert win.doc.node("b").annotations[0].label == "K1 typed"
    assert win.session.stack.count() == 1
    # Typed for a stage that is then deleted (not by the user's hand): nothing is committed.
    win.scene.select(["b"])
    section.tree.select_index(1)
    before = snap(win.doc)
    retype(section.editor.label, "lost")
    win.session.stack.run(RemoveNode("b"))
    assert not win.doc.has_node("b") and win.session.stack.count() == 2
    assert inspector(win).target is None
    win.session.stack.undo()
    assert win.doc.snapshot() == before
