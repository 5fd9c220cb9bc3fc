"""Keyboard editing on the canvas, with keys sent to the focused widget as a user types.

Each test asserts the model, then that undo gives back the exact previous document and
redo the new one.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

from mesadiagram.model import Annotation
from mesadiagram.model.commands import SetAnnotations
from tests.ui_helpers import (  # noqa: F401  (*_fixture: pytest fixtures)
    add_links,
    add_stages,
    assert_label_in_edit,
    assert_scene_matches,
    assert_undo_redo,
    click,
    focus,
    isolated_settings_fixture,
    key,
    keys,
    node_point,
    snap,
    type_text,
    window_fixture,
)

K = Qt.Key
Shift = Qt.KeyboardModifier.ShiftModifier
Ctrl = Qt.KeyboardModifier.ControlModifier
NoMod = Qt.KeyboardModifier.NoModifier


def selected(window) -> list[str]:
    return window.scene.selected_node_ids()


def select(window, *node_ids: str) -> None:
    """Select by clicking (Shift-click for the others), leaving the focus on the canvas."""
    click(window, node_point(window, node_ids[0]))
    for node_id in node_ids[1:]:
        click(window, node_point(window, node_id), Shift)
    assert selected(window) == sorted(node_ids, key=lambda i: window.doc.node_index(i))
    assert focus() is window.view


# -- creating with Tab ---------------------------------------------------------------------
def test_tab_adds_a_linked_stage_after_the_selected_one(window) -> None:
    add_stages(window, ("a", 0, 0))
    select(window, "a")
    before = snap(window.doc)
    key(K.Key_Tab)
    assert len(window.doc.nodes) == 2
    new = window.doc.nodes[1]
    assert new.position == (260, 0)
    assert [(e.source, e.target) for e in window.doc.edges] == [("a", new.id)]
    assert_label_in_edit(window, "New stage")
    type_text("Mesa optimizer")
    key(K.Key_Return)
    assert [(e.source, e.target) for e in window.doc.edges] == [("a", "mesa-optimizer")]
    assert selected(window) == ["mesa-optimizer"]
    assert focus() is window.view
    assert window.session.stack.count() == 1
    assert_undo_redo(window, before)


def test_shift_tab_adds_a_linked_stage_before(window) -> None:
    add_stages(window, ("a", 0, 0))
    select(window, "a")
    before = snap(window.doc)
    key(K.Key_Tab, Shift)
    type_text("Base optimizer")
    key(K.Key_Return)
    assert window.doc.node("base-optimizer").position == (-260, 0)
    assert [(e.source, e.target) for e in window.doc.edges] == [("base-optimizer", "a")]
    assert_undo_redo(window, before)
    select(window, "base-optimizer")
    before = snap(window.doc)
    key(K.Key_Backtab, Shift)  # what a keyboard sends for Shift+Tab
    key(K.Key_Return)
    assert [(e.source, e.target) for e in window.doc.edges][-1] == ("new-stage", "base-optimizer")
    assert_undo_redo(window, before)


CHAIN = ["Mesa optimizer", "Misalignment", "Deployment", "Catastrophe"]
CHAIN_IDS = ["mesa-optimizer", "misalignment", "deployment", "catastrophe"]


def test_a_chain_is_typed_with_tab_name_enter(window) -> None:
    add_stages(window, ("base", 0, 0))
    select(window, "base")
    original = snap(window.doc)
    states = [original]
    for name in CHAIN:
        key(K.Key_Tab)
        type_text(name)
        key(K.Key_Return)
        states.append(snap(window.doc))
    assert [n.label for n in window.doc.nodes] == ["BASE", *CHAIN]
    assert [(e.source, e.target) for e in window.doc.edges] == list(
        zip(["base", *CHAIN_IDS], CHAIN_IDS, strict=False)
    )
    assert [n.position for n in window.doc.nodes] == [(i * 260, 0) for i in range(5)]
    assert window.session.stack.count() == 4  # one step per stage: created and named
    for state in reversed(states[:-1]):
        window.session.stack.undo()
        assert window.doc.snapshot() == state
        assert_scene_matches(window)
    for state in states[1:]:
        window.session.stack.redo()
        assert window.doc.snapshot() == state
    assert_scene_matches(window)


def test_tab_in_the_label_names_the_stage_and_adds_the_next(window) -> None:
    add_stages(window, ("base", 0, 0))
    select(window, "base")
    key(K.Key_Tab)
    for name in CHAIN[:-1]:
        type_text(name)
        key(K.Key_Tab)
        assert_label_in_edit(window, "New stage")
    type_text(CHAIN[-1])
    key(K.Key_Return)
    assert [n.id for n in window.doc.nodes] == ["base", *CHAIN_IDS]
    assert [n.label for n in window.doc.nodes][1:] == CHAIN
    assert window.session.stack.count() == 4
    assert not window.editor.labels.is_open()


def test_tab_with_several_stages_selected_adds_nothing(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 300, 0))
    select(window, "a", "b")
    key(K.Key_Tab)
    assert len(window.doc.nodes) == 2 and window.session.stack.count() == 0
    assert focus() is window.view  # Tab did not wander off to another widget


def test_tab_finds_a_free_spot_below_a_taken_one(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 260, 0))
    select(window, "a")
    key(K.Key_Tab)
    key(K.Key_Return)
    assert window.doc.nodes[-1].position == (260, 120)


# -- renaming ------------------------------------------------------------------------------
def test_enter_and_f2_rename_the_selected_stage(window) -> None:
    add_stages(window, ("a", 0, 0))
    select(window, "a")
    keypad = Qt.KeyboardModifier.KeypadModifier
    for rename_key, mods, name in (
        (K.Key_Return, NoMod, "Base optimizer"),
        (K.Key_F2, NoMod, "Training"),
        (K.Key_Enter, keypad, "Deployment"),
    ):
        before = snap(window.doc)
        key(rename_key, mods)
        assert_label_in_edit(window, window.doc.node("a").label)
        type_text(name)
        key(K.Key_Enter)  # the keypad's Enter commits too
        assert window.doc.node("a").label == name
        assert window.doc.node_ids() == {"a"}
        assert_undo_redo(window, before)


def test_escape_cancels_a_rename(window) -> None:
    add_stages(window, ("a", 0, 0))
    select(window, "a")
    key(K.Key_F2)
    type_text("Something else")
    key(K.Key_Escape)
    assert window.doc.node("a").label == "A"
    assert window.session.stack.count() == 0
    assert focus() is window.view


def test_editing_keys_in_the_label_edit_the_text_not_the_canvas(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 300, 0))
    select(window, "a")
    key(K.Key_F2)
    type_text("Mesa")
    key(K.Key_Backspace)
    key(K.Key_Left)
    key(K.Key_Delete)
    keys("Ctrl+A")  # selects the text, not every stage
    type_text("Base")
    keys("Ctrl+Z")  # the line's own undo
    assert window.editor.labels.line.text() == "Me"
    key(K.Key_Return)
    assert window.doc.node_ids() == {"a", "b"}
    assert window.doc.node("a").label == "Me"
    assert window.session.stack.count() == 1


def test_enter_renames_a_selected_link(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 400, 0))
    add_links(window, ("a", "b"))
    window.scene.select(edge_keys=["a->b"])
    before = snap(window.doc)
    key(K.Key_Return)
    type_text("leads to")
    key(K.Key_Return)
    assert window.doc.edge("a->b").label == "leads to"
    assert_undo_redo(window, before)


# -- deleting and duplicating --------------------------------------------------------------
def test_delete_removes_a_stage_with_its_links_in_one_step(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 300, 0), ("c", 600, 0), ("d", 300, 200))
    add_links(window, ("a", "b"), ("b", "c"), ("a", "d"), ("d", "b"))
    select(window, "b")
    before = snap(window.doc)
    key(K.Key_Delete)
    assert window.doc.node_ids() == {"a", "c", "d"}
    assert [(e.source, e.target) for e in window.doc.edges] == [("a", "d")]
    assert window.session.stack.count() == 1
    assert_undo_redo(window, before)  # links come back in their old order


def test_backspace_deletes_several_stages_and_a_link(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 300, 0), ("c", 600, 0))
    add_links(window, ("a", "b"), ("b", "c"), ("a", "c"))
    select(window, "a")
    window.scene.edge_item("b->c").setSelected(True)
    before = snap(window.doc)
    key(K.Key_Backspace)
    assert window.doc.node_ids() == {"b", "c"}
    assert window.doc.edges == []
    assert_undo_redo(window, before)


def test_ctrl_d_duplicates_the_selection_with_its_links(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 300, 0), ("c", 600, 0))
    add_links(window, ("a", "b"), ("b", "c"))
    window.session.stack.run(
        SetAnnotations("a", [Annotation("kind", "Proxy", "a proxy")], "Attach")
    )
    select(window, "a", "b")
    before = snap(window.doc)
    keys("Ctrl+D")
    assert len(window.doc.nodes) == 5
    copies = window.doc.nodes[3:]
    assert [n.label for n in copies] == ["A", "B"]
    assert [n.position for n in copies] == [(30, 30), (330, 30)]
    # a copy, with an id of its own
    assert copies[0].annotations == [Annotation("kind", "Proxy", "a proxy", id="proxy-2")]
    assert [(e.source, e.target) for e in window.doc.edges][2:] == [(copies[0].id, copies[1].id)]
    assert selected(window) == [copies[0].id, copies[1].id]  # the copies, ready to move
    assert window.session.stack.undoText() == "Duplicate"
    assert_undo_redo(window, before)


# -- moving --------------------------------------------------------------------------------
def test_arrow_keys_nudge_and_successive_nudges_are_one_step(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 300, 0))
    select(window, "a", "b")
    before = snap(window.doc)
    key(K.Key_Right)
    key(K.Key_Right)
    key(K.Key_Down, Shift)
    key(K.Key_Left)
    assert window.doc.node("a").position == (10, 50)
    assert window.doc.node("b").position == (310, 50)
    assert window.session.stack.count() == 1
    assert_undo_redo(window, before)
    select(window, "a")  # another selection: a new step
    key(K.Key_Up)
    assert window.doc.node("a").position == (10, 40)
    assert window.session.stack.count() == 2


def test_arrow_keys_move_by_the_grid_when_snapping(window) -> None:
    add_stages(window, ("a", 0, 0))
    window.actions_by_name["snap"].setChecked(True)
    select(window, "a")
    key(K.Key_Right)
    key(K.Key_Down)
    assert window.doc.node("a").position == (20, 20)


def test_arrow_keys_without_a_selection_change_nothing(window) -> None:
    add_stages(window, ("a", 0, 0))
    key(K.Key_Right)
    assert window.session.stack.count() == 0


# -- undo keys, select all -----------------------------------------------------------------
def test_undo_and_redo_keys(window) -> None:
    add_stages(window, ("a", 0, 0))
    select(window, "a")
    before = snap(window.doc)
    key(K.Key_Delete)
    after = snap(window.doc)
    keys("Ctrl+Z")
    assert window.doc.snapshot() == before
    keys("Ctrl+Shift+Z")
    assert window.doc.snapshot() == after


def test_ctrl_a_selects_everything(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 300, 0))
    add_links(window, ("a", "b"))
    keys("Ctrl+A")
    assert selected(window) == ["a", "b"]
    assert window.scene.selected_link_ids() == ["a->b"]


# -- zoom and find -------------------------------------------------------------------------
def test_zoom_keys(window) -> None:
    add_stages(window, ("a", 0, 0))
    assert window.view.zoom() == 1.0
    keys("Ctrl+=")
    assert window.view.zoom() == 1.25
    keys("Ctrl++")
    assert window.view.zoom() == 1.25**2
    keys("Ctrl+-")
    keys("Ctrl+-")
    keys("Ctrl+-")
    assert abs(window.view.zoom() - 0.8) < 1e-9
    keys("Ctrl+0")
    assert window.view.zoom() == 1.0
    assert window.zoom_label.text() == "100%"


def viewport_centre(window) -> QPointF:
    return window.view.mapToScene(window.view.viewport().rect().center())


def test_ctrl_f_selects_and_centres_matches(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 3000, 0), ("c", 6000, 2000))
    window.session.stack.run(
        SetAnnotations("c", [Annotation("caveat", "Gradient hacking")], "Attach")
    )
    window.session.stack.run(
        SetAnnotations("b", [Annotation("note", "", "hacking the reward")], "Attach")
    )
    before = snap(window.doc)
    keys("Ctrl+F")
    assert window.find_bar.isVisible()
    assert focus() is window.find_bar.field
    type_text("HACKING")
    assert selected(window) == ["b", "c"]
    assert window.find_bar.result.text() == "2 matches"
    centre = viewport_centre(window)
    assert abs(centre.x() - 3000) < 3 and abs(centre.y()) < 3  # the first match
    key(K.Key_Return)
    centre = viewport_centre(window)
    assert abs(centre.x() - 6000) < 3 and abs(centre.y() - 2000) < 3  # the next one
    key(K.Key_Escape)
    assert not window.find_bar.isVisible()
    assert focus() is window.view
    assert window.doc.snapshot() == before  # finding is not an edit


def test_keys_go_to_the_canvas_after_a_dialog_like_focus_change(window) -> None:
    """After the find bar closes, Tab works on the canvas again."""
    add_stages(window, ("a", 0, 0))
    keys("Ctrl+F")
    type_text("A")
    key(K.Key_Escape)
    assert selected(window) == ["a"]
    key(K.Key_Tab)
    assert window.editor.labels.is_open()
    key(K.Key_Escape)
    assert len(window.doc.nodes) == 2
    assert QApplication.focusWidget() is window.view
