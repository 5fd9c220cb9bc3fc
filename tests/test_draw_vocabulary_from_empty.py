"""The issue's "done when" for the visual vocabulary: a decision-style model drawn from an
empty document with mouse and keyboard: declared link types (Edit > Link Types…),
questions as a stage class, Yes / No links with reasoning, a group and a key in a text
box. It saves, reopens identical, and undoes step by step back to empty.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from mesadiagram.formats import dumps, load
from mesadiagram.model.vocabulary import LinkType
from mesadiagram.ui.vocabulary_dialog import VocabularyDialog
from tests.test_draw_seed_from_empty import typed
from tests.ui_helpers import (  # noqa: F401  (*_fixture: pytest fixtures)
    activate,
    assert_scene_matches,
    click,
    double_click,
    empty_point,
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


def _declare(qtbot, dialog: VocabularyDialog, name: str, label: str, line: str, head: str):
    """Add, then type the label and the name, and choose line and head from the keyboard."""
    dialog.add_button.click()
    assert QApplication.focusWidget() is dialog.label
    typed(dialog.label, label)
    QTest.keyClick(dialog.label, Qt.Key.Key_Return)
    dialog.name.setFocus()
    dialog.name.selectAll()
    typed(dialog.name, name)
    QTest.keyClick(dialog.name, Qt.Key.Key_Return)
    for field, word in (("line", line), ("head", head)):
        box = dialog.style_boxes[field]
        box.setFocus()
        QTest.qWait(QApplication.keyboardInputInterval() + 50)  # (a new search, not "so...")
        QTest.keyClicks(box, word[0])  # the combo's own search: the first letter picks it
        assert box.currentText() == word


def test_a_decision_model_drawn_from_empty(window, tmp_path, qtbot) -> None:
    empty = snap(window.doc)
    # Declared link types: Yes (solid, open head) and No (dashed, bar).
    window.actions_by_name["link_types"].trigger()
    dialog = window.findChild(VocabularyDialog, "linkTypesDialog")
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    _declare(qtbot, dialog, "yes", "Yes", "solid", "open")
    _declare(qtbot, dialog, "no", "No", "dashed", "bar")
    assert window.doc.link_types == {
        "yes": LinkType("yes", "Yes", "solid", None, "open"),
        "no": LinkType("no", "No", "dashed", None, "bar"),
    }
    dialog.close()
    activate(qtbot, window)

    # A question, and two answers after it (Tab: a linked stage; the second goes below).
    window.view.setFocus()
    double_click(window, empty_point(window, 0, 0))
    type_text("Goal-directed AI?")
    key(Qt.Key.Key_Return)
    question = window.doc.nodes[0].id
    for answer in ("Mesa optimizers", "Tool AI"):
        window.scene.select([question])
        key(Qt.Key.Key_Tab)
        type_text(answer)
        key(Qt.Key.Key_Return)
    assert [n.label for n in window.doc.nodes] == [
        "Goal-directed AI?",
        "Mesa optimizers",
        "Tool AI",
    ]

    # The question is a question: the palette's class, by double-click.
    window.scene.select([question])
    tree = window.palette_dock.vocabulary
    item = tree.entry_item("stage", "question")
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.doc.node(question).stage_class == "question"

    # The answers' links: Yes and No, from the inspector's Type, with their reasoning.
    yes_link, no_link = (e.id for e in window.doc.edges)
    for link, name, label in ((yes_link, "yes", "Yes"), (no_link, "no", "No")):
        window.scene.select(edge_keys=[link])
        page = window.inspector.form.edge_page
        page.link_type.setFocus()
        QTest.qWait(QApplication.keyboardInputInterval() + 50)
        QTest.keyClicks(page.link_type, label[0])
        assert page.link_type.value() == name
        page.label.setFocus()
        typed(page.label, label)
        QTest.keyClick(page.label, Qt.Key.Key_Return)
    assert [(e.type, e.label) for e in window.doc.edges] == [("yes", "Yes"), ("no", "No")]

    # The answers as a group, and a key in a text box.
    window.view.setFocus()
    window.scene.select([n.id for n in window.doc.nodes[1:]])
    key(Qt.Key.Key_G, Ctrl)
    type_text("Answers")
    key(Qt.Key.Key_Return)
    window.view.centerOn(QPointF(0, 300))
    key(Qt.Key.Key_T, Ctrl | Shift)
    type_text("# How to read this")
    key(Qt.Key.Key_Return)
    type_text("Solid arrows answer yes, dashed ones no.")
    key(Qt.Key.Key_Return, Ctrl)
    [group] = window.doc.groups
    [box] = window.doc.boxes
    assert (group.id, group.label, len(group.stages)) == ("answers", "Answers", 2)
    assert box.text == "# How to read this\nSolid arrows answer yes, dashed ones no."
    assert_scene_matches(window)

    # It saves and reopens as drawn, and undoes back to empty.
    path = tmp_path / "decision.yaml"
    window.files._write(path)
    assert load(path) == window.doc
    assert dumps(load(path)) == path.read_text(encoding="utf-8")
    steps = window.session.stack.count()
    # Yes: add, label, name, head (its line is the default); No: add, label, name, line,
    # head; 3 stages (each made and named in one); the class; 2 × (type, label); the group
    # (made and named in one); the text box (the same).
    assert steps == 4 + 5 + 3 + 1 + 4 + 1 + 1
    while window.session.stack.canUndo():
        window.session.stack.undo()
    assert window.doc.snapshot() == empty
    assert_scene_matches(window)
