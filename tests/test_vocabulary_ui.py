"""Link types and stage classes in the editor: applied from the palette (drag and drop,
double-click), the inspector's combos and the context menus, each as one undo step;
evidence links repaint their stages (a dead end is drawn as an outcome); a paste brings
the declarations it needs.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QDockWidget, QTreeWidgetItem

from mesadiagram.model import Document, Edge, LinkType, Node, StageClass
from mesadiagram.model.commands import SetEdgeFields
from mesadiagram.ui.palette import PaletteDock
from mesadiagram.ui.vocabulary_drag import MIME
from tests.ui_helpers import (  # noqa: F401  (*_fixture: pytest fixtures)
    assert_scene_matches,
    assert_undo_redo,
    click,
    isolated_settings_fixture,
    key,
    make_window,
    node_point,
    snap,
    view_point,
)

COPY = Qt.DropAction.CopyAction
LEFT = Qt.MouseButton.LeftButton
NO_MODS = Qt.KeyboardModifier.NoModifier
YES = LinkType("yes", "Yes", line="solid", head="open", color="#1b7837")
DECISION = StageClass("decision", "Decision", shape="diamond")


def chain() -> Document:
    doc = Document("Vocabulary")
    doc.link_types = {"yes": YES}
    doc.stage_classes = {"decision": DECISION}
    for i, label in enumerate(("Start", "Middle", "End")):
        doc.insert_node(Node(f"s{i}", label, position=(i * 300.0, 0.0)))
    doc.insert_edge(Edge("s0", "s1"))
    doc.insert_edge(Edge("s1", "s2"))
    return doc


def window_on(qtbot, doc: Document | None = None):
    window = make_window(qtbot, doc or chain())
    window.view.centerOn(QPointF(300, 0))
    return window


def palette(window) -> PaletteDock:
    dock = window.findChild(QDockWidget, "paletteDock")
    assert isinstance(dock, PaletteDock)
    return dock


def entry(window, kind: str, name: str) -> QTreeWidgetItem:
    item = palette(window).vocabulary.entry_item(kind, name)
    assert item is not None, name
    return item


def middle(window, key: str) -> QPoint:
    return view_point(window, window.scene.edge_item(key).geo.middle)


def drop(window, item: QTreeWidgetItem, pos: QPoint) -> tuple[bool, bool]:
    """Drag the palette's ``item`` over viewport ``pos`` and drop it: whether the move
    and the drop were accepted."""
    data = palette(window).vocabulary.mimeData([item])
    assert data.hasFormat(MIME)
    viewport = window.view.viewport()
    QApplication.sendEvent(viewport, QDragEnterEvent(pos, COPY, data, LEFT, NO_MODS))
    move = QDragMoveEvent(pos, COPY, data, LEFT, NO_MODS)
    QApplication.sendEvent(viewport, move)
    event = QDropEvent(QPointF(pos), COPY, data, LEFT, NO_MODS)
    QApplication.sendEvent(viewport, event)
    return move.isAccepted(), event.isAccepted()


def double_click_entry(qtbot, window, item: QTreeWidgetItem) -> None:
    tree = palette(window).vocabulary
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), LEFT, pos=rect.center())
    qtbot.mouseDClick(tree.viewport(), LEFT, pos=rect.center())


# -- the palette --------------------------------------------------------------------------
def test_the_palette_lists_every_link_type_and_stage_class(qtbot, isolated_settings) -> None:
    window = window_on(qtbot)
    tree = palette(window).vocabulary
    rows = {
        tree.topLevelItem(i).text(0): [
            tree.topLevelItem(i).child(j).text(0) for j in range(tree.topLevelItem(i).childCount())
        ]
        for i in range(tree.topLevelItemCount())
    }
    assert rows == {
        "Link types": [
            "Causes",
            "Enables",
            "Supports  (evidence)",
            "Undermines  (evidence)",
            "Yes",
        ],
        "Stage classes": ["Event", "Question", "Actor", "Capability", "Decision"],
    }
    palette(window).filter_edit.setText("ques")
    assert not entry(window, "stage", "question").isHidden()
    assert entry(window, "link", "causes").isHidden()


def test_double_click_applies_a_link_type_to_the_selected_links(qtbot, isolated_settings) -> None:
    window = window_on(qtbot)
    before = snap(window.doc)
    window.scene.select(["s0"], ["s0->s1", "s1->s2"])
    double_click_entry(qtbot, window, entry(window, "link", "supports"))
    assert [e.type for e in window.doc.edges] == ["supports", "supports"]
    assert window.doc.node("s0").stage_class == "event"  # a type is for links only
    assert window.session.stack.count() == 1
    assert_undo_redo(window, before)


def test_dropping_a_link_type_on_a_link_applies_it(qtbot, isolated_settings) -> None:
    window = window_on(qtbot)
    before = snap(window.doc)
    window.scene.select([])
    assert drop(window, entry(window, "link", "undermines"), middle(window, "s1->s2")) == (
        True,
        True,
    )
    assert window.doc.edge("s1->s2").type == "undermines"
    assert window.doc.edge("s0->s1").type == "causes"
    assert window.session.stack.count() == 1
    assert_undo_redo(window, before)


def test_a_link_type_does_not_drop_on_a_stage_nor_a_class_on_a_link(
    qtbot, isolated_settings
) -> None:
    window = window_on(qtbot)
    before = snap(window.doc)
    assert drop(window, entry(window, "link", "enables"), node_point(window, "s1")) == (
        False,
        False,
    )
    assert drop(window, entry(window, "stage", "actor"), middle(window, "s0->s1"))[1] is False
    assert window.doc.snapshot() == before


def test_dropping_a_class_on_a_selected_stage_applies_it_to_the_selection(
    qtbot, isolated_settings
) -> None:
    window = window_on(qtbot)
    before = snap(window.doc)
    old_width = window.scene.node_item("s1").box().width()
    window.scene.select(["s0", "s1"])
    assert drop(window, entry(window, "stage", "decision"), node_point(window, "s1"))[1]
    assert [n.stage_class for n in window.doc.nodes] == ["decision", "decision", "event"]
    assert window.scene.node_item("s1").box().width() > old_width  # a diamond holds its text
    assert window.session.stack.count() == 1
    assert_undo_redo(window, before)


def test_a_type_dropped_into_a_document_that_lacks_it_is_declared_in_the_same_step(
    qtbot, isolated_settings
) -> None:
    source = window_on(qtbot)
    item = entry(source, "link", "yes")
    target = make_window(qtbot, Document("Other"))
    target.doc.insert_node(Node("x", "X", position=(0.0, 0.0)))
    target.doc.insert_node(Node("y", "Y", position=(300.0, 0.0)))
    target.doc.insert_edge(Edge("x", "y"))
    target.scene.rebuild()
    target.view.centerOn(QPointF(150, 0))
    before = snap(target.doc)
    data = palette(source).vocabulary.mimeData([item])
    pos = middle(target, "x->y")
    viewport = target.view.viewport()
    QApplication.sendEvent(viewport, QDragEnterEvent(pos, COPY, data, LEFT, NO_MODS))
    QApplication.sendEvent(viewport, QDragMoveEvent(pos, COPY, data, LEFT, NO_MODS))
    QApplication.sendEvent(viewport, QDropEvent(QPointF(pos), COPY, data, LEFT, NO_MODS))
    assert target.doc.link_types == {"yes": YES}
    assert target.doc.edge("x->y").type == "yes"
    assert target.session.stack.count() == 1
    assert_undo_redo(target, before)


# -- evidence repaints its stages ----------------------------------------------------------
def _pixel(window, scene_point: QPointF) -> QColor:
    window.view.viewport().repaint()
    image: QImage = window.view.viewport().grab().toImage()
    return QColor(image.pixel(view_point(window, scene_point)))


def test_a_link_made_evidence_repaints_its_source_as_a_dead_end(qtbot, isolated_settings) -> None:
    window = window_on(qtbot)
    theme = window.session.view_state.theme
    box = window.scene.node_item("s1").box()
    inside = QPointF(box.left() + 6, box.center().y() + box.height() / 2 - 6)
    assert _pixel(window, inside) == QColor(theme.node_fill)
    window.session.stack.run(SetEdgeFields("s1->s2", type="supports"))
    # s1 now has no counted link out: a dead end, so an outcome (nothing is marked).
    assert _pixel(window, inside) == QColor(theme.outcome_fill)
    window.session.stack.undo()
    assert _pixel(window, inside) == QColor(theme.node_fill)


# -- the inspector and the context menus -------------------------------------------------------
def test_the_inspector_class_combo_sets_the_class_in_one_step(qtbot, isolated_settings) -> None:
    window = window_on(qtbot)
    before = snap(window.doc)
    click(window, node_point(window, "s1"))
    combo = window.inspector.form.node_page.stage_class
    assert combo.isVisible() and combo.value() == "event"
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the next class: Question
    assert window.doc.node("s1").stage_class == "question"
    assert window.session.stack.count() == 1
    assert_scene_matches(window)  # (the box has the hexagon's size)
    window.session.stack.undo()
    assert combo.value() == "event"  # the combo follows the model
    window.session.stack.redo()
    assert combo.value() == "question"
    assert_undo_redo(window, before)


def test_the_inspector_type_combo_lists_declared_types(qtbot, isolated_settings) -> None:
    window = window_on(qtbot)
    window.scene.select(edge_keys=["s0->s1"])
    combo = window.inspector.form.edge_page.link_type
    assert [combo.itemData(i) for i in range(combo.count())] == [
        "causes",
        "enables",
        "supports",
        "undermines",
        "yes",
    ]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_End)
    assert window.doc.edge("s0->s1").type == "yes"


def test_context_menus_have_type_and_class_submenus(qtbot, isolated_settings) -> None:
    window = window_on(qtbot)
    before = snap(window.doc)
    window.scene.select(edge_keys=["s0->s1"])
    menu = window.canvas_menus.build("s0->s1", QPointF(150, 0))
    types = next(a.menu() for a in menu.actions() if a.text() == "Type")
    checked = [a.data() for a in types.actions() if a.isChecked()]
    assert checked == ["causes"]
    next(a for a in types.actions() if a.data() == "enables").trigger()
    assert window.doc.edge("s0->s1").type == "enables"
    window.scene.select(["s2"])
    menu = window.canvas_menus.build("s2", QPointF(600, 0))
    classes = next(a.menu() for a in menu.actions() if a.text() == "Class")
    next(a for a in classes.actions() if a.data() == "capability").trigger()
    assert window.doc.node("s2").stage_class == "capability"
    assert window.session.stack.count() == 2
    assert_undo_redo(window, before, steps=2)


# -- paste ----------------------------------------------------------------------------------
def test_paste_declares_the_types_and_classes_the_target_lacks(qtbot, isolated_settings) -> None:
    window = window_on(qtbot)
    window.session.stack.run(SetEdgeFields("s0->s1", type="yes"))
    window.doc.update_node("s0", stage_class="decision")
    window.scene.select(["s0", "s1"])
    key(Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    other = Document("Empty")
    window.session.replace_document(other, None)
    before = snap(window.doc)
    window.editor.paste(QPointF(0, 0))
    assert window.doc.link_types == {"yes": YES}
    assert window.doc.stage_classes == {"decision": DECISION}
    assert [e.type for e in window.doc.edges] == ["yes"]
    assert window.session.stack.count() == 1
    assert_undo_redo(window, before)


# -- the legend ----------------------------------------------------------------------------
def test_the_canvas_legend_follows_link_types_and_classes_in_use(qtbot, isolated_settings) -> None:
    window = window_on(qtbot)
    window.actions_by_name["legend"].setChecked(True)

    def rows() -> list[str]:
        legend = window.legend
        return [e.text for e in legend.geo.entries] if legend.shown else []

    assert rows() == []  # plain causes and events: nothing to explain
    window.session.stack.run(SetEdgeFields("s1->s2", type="supports"))
    qtbot.waitUntil(lambda: rows() == ["Causes", "Supports (no risk)"])
    click(window, node_point(window, "s0"))
    combo = window.inspector.form.node_page.stage_class
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_End)  # the last class: Decision
    qtbot.waitUntil(lambda: "Decision" in rows())
    window.session.stack.undo()
    qtbot.waitUntil(lambda: "Decision" not in rows())


# -- Edit > Link Types… ---------------------------------------------------------------------
def test_the_link_types_dialog_renames_restyles_and_removes(qtbot, isolated_settings) -> None:
    from PySide6.QtTest import QTest

    from mesadiagram.ui.vocabulary_dialog import VocabularyDialog

    window = window_on(qtbot)
    window.session.stack.run(SetEdgeFields("s0->s1", type="yes"))
    window.session.stack.clear()
    before = snap(window.doc)
    window.actions_by_name["link_types"].trigger()
    dialog = window.findChild(VocabularyDialog, "linkTypesDialog")
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == ["Yes  (yes)"]
    dialog.name.setFocus()
    dialog.name.selectAll()
    QTest.keyClicks(dialog.name, "agree")
    QTest.keyClick(dialog.name, Qt.Key.Key_Return)
    assert list(window.doc.link_types) == ["agree"]
    assert window.doc.edge("s0->s1").type == "agree"  # its link follows the rename
    dialog.risk.click()  # evidence now
    assert not window.doc.link_type("agree").carries_risk
    dialog.name.setFocus()
    dialog.name.selectAll()
    QTest.keyClicks(dialog.name, "causes")  # a built-in's name: refused, said
    QTest.keyClick(dialog.name, Qt.Key.Key_Return)
    assert list(window.doc.link_types) == ["agree"]
    assert "causes" in dialog.problem.text()
    dialog.remove_button.click()
    assert window.doc.link_types == {}
    assert window.doc.edge("s0->s1").type == "causes"
    assert window.session.stack.count() == 3  # rename, restyle, remove
    assert dialog.list.count() == 0
    for _ in range(3):
        window.session.stack.undo()
    assert window.doc.snapshot() == before
    assert dialog.list.count() == 1  # the dialog follows undo
