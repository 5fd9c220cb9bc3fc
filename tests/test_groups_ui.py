"""Groups in the editor, driven by real mouse and key events: Arrange > Group (Ctrl+G),
Ungroup (Ctrl+Shift+G), renaming in place, adding and removing stages from the context
menu, deleting a frame. The frame is checked to hold its stages after every move, undo,
redo and Auto Layout; each edit is one undo step that gives back the exact document.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from mesadiagram.model import Group
from mesadiagram.model.vocabulary_commands import AddGroup
from tests.ui_helpers import (  # noqa: F401  (*_fixture: pytest fixtures)
    add_links,
    add_stages,
    assert_label_in_edit,
    assert_parts_match,
    assert_scene_matches,
    assert_undo_redo,
    click,
    double_click,
    drag,
    isolated_settings_fixture,
    key,
    node_point,
    reported,
    snap,
    type_text,
    view_point,
    window_fixture,
)

Ctrl = Qt.KeyboardModifier.ControlModifier
Shift = Qt.KeyboardModifier.ShiftModifier


def three_stages(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 260, 0), ("c", 520, 0))
    add_links(window, ("a", "b"), ("b", "c"))
    window.view.centerOn(QPointF(260, 0))


def select_by_clicks(window, *ids: str) -> None:
    click(window, node_point(window, ids[0]))
    for node_id in ids[1:]:
        click(window, node_point(window, node_id), Shift)  # (Shift-click adds, as Ctrl)
    assert window.scene.selected_node_ids() == list(ids)


def group_ab(window) -> None:
    window.session.stack.run(AddGroup(Group("phase", "Phase", ["a", "b"])))
    window.session.stack.clear()


def frame_of(window, group_id: str):
    frame = window.scene.frame_item(group_id)
    assert frame is not None
    return frame


def holds(window, group_id: str) -> bool:
    """Whether the frame, as it is now, contains the boxes of its stages' items."""
    frame = frame_of(window, group_id)
    return all(
        frame.rect.contains(window.scene.node_item(s).box())
        for s in window.doc.group(group_id).stages
    )


# -- Arrange > Group -------------------------------------------------------------------------
def test_ctrl_g_groups_the_selected_stages_and_the_name_typed_joins_the_step(window) -> None:
    three_stages(window)
    before = snap(window.doc)
    select_by_clicks(window, "a", "b")
    key(Qt.Key.Key_G, Ctrl)
    [group] = window.doc.groups
    assert group.stages == ["a", "b"]
    assert_label_in_edit(window, "Group")  # over the frame's label
    assert window.editor.labels.line.geometry().intersects(
        window.view.mapFromScene(frame_of(window, group.id).label_rect()).boundingRect()
    )
    type_text("Training")
    key(Qt.Key.Key_Return)
    [group] = window.doc.groups
    assert (group.id, group.label, group.stages) == ("training", "Training", ["a", "b"])
    assert window.session.stack.count() == 1  # made and named: one step
    assert window.scene.selected_ids() == ["training"]
    assert holds(window, "training")
    c_box = window.scene.node_item("c").box()
    assert not frame_of(window, "training").rect.intersects(c_box)
    assert_undo_redo(window, before)


def test_a_stage_named_like_a_group_gets_an_id_of_its_own(window) -> None:
    """Stages, links, groups and boxes share ids: a new stage must not take a group's."""
    three_stages(window)
    group_ab(window)
    window.scene.select(["c"])
    key(Qt.Key.Key_Tab)  # a new stage after c, its label in edit
    type_text("Phase")
    key(Qt.Key.Key_Return)
    new = [n for n in window.doc.nodes if n.label == "Phase"]
    assert [n.id for n in new] == ["phase-2"]
    assert_scene_matches(window)


def test_grouping_a_stage_of_another_group_is_refused_with_the_models_words(window) -> None:
    three_stages(window)
    group_ab(window)
    before = snap(window.doc)
    select_by_clicks(window, "b", "c")
    key(Qt.Key.Key_G, Ctrl)
    assert window.doc.snapshot() == before
    assert window.session.stack.count() == 0
    assert "“B” is already in the group “Phase”" in reported(window)
    assert not window.editor.labels.is_open()


def test_ctrl_g_with_nothing_selected_says_what_to_do(window) -> None:
    three_stages(window)
    window.scene.select([])
    key(Qt.Key.Key_G, Ctrl)
    assert window.doc.groups == []
    assert "Select the stages" in window.statusBar().currentMessage()


# -- the frame follows its stages ---------------------------------------------------------------
def test_the_frame_follows_a_stage_during_a_drag_and_after_undo_and_redo(window) -> None:
    three_stages(window)
    group_ab(window)
    before = snap(window.doc)
    old = frame_of(window, "phase").rect
    viewport = window.view.viewport()
    start, end = node_point(window, "b"), node_point(window, "b", 0, 180)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for n in range(1, 7):
        QTest.mouseMove(viewport, start + (end - start) * n / 6)
    assert window.doc.node("b").position == (260, 0)  # not yet in the model...
    assert holds(window, "phase")  # ...but the frame is already round where b is
    assert frame_of(window, "phase").rect.height() > old.height() + 150
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert window.doc.node("b").position == (260, 180)
    assert window.session.stack.count() == 1
    assert_undo_redo(window, before)  # (assert_scene_matches checks the frames)
    window.session.stack.undo()
    assert frame_of(window, "phase").rect == old


def test_dragging_the_frame_moves_its_stages_in_one_step(window) -> None:
    three_stages(window)
    group_ab(window)
    before = snap(window.doc)
    label = frame_of(window, "phase").label_rect().center()
    drag(window, view_point(window, label), view_point(window, label + QPointF(0, 200)))
    assert window.doc.node("a").position == (0, 200)
    assert window.doc.node("b").position == (260, 200)
    assert window.doc.node("c").position == (520, 0)  # not in the group: stays
    assert window.session.stack.count() == 1
    assert holds(window, "phase")
    assert_undo_redo(window, before)


def test_a_frame_is_remade_once_per_mouse_move_however_many_stages_move(
    window, monkeypatch
) -> None:
    """Dragging a group's two stages remade its frame once per stage on every mouse move
    (12 times for 6 moves); now once per move, and it still holds its stages."""
    from mesadiagram.ui.canvas.group_items import GroupFrameItem

    three_stages(window)
    group_ab(window)
    made = []
    real = GroupFrameItem.refresh
    monkeypatch.setattr(GroupFrameItem, "refresh", lambda self: (made.append(1), real(self)))
    label = frame_of(window, "phase").label_rect().center()
    end = label + QPointF(0, 200)
    drag(window, view_point(window, label), view_point(window, end), steps=6)
    assert holds(window, "phase")
    assert 6 <= len(made) <= 6 + 3  # (a move each, and the drop's model change)


def test_auto_layout_keeps_every_frame_round_its_stages(window) -> None:
    three_stages(window)
    add_stages(window, ("d", -900, 700), ("e", 1400, -600))
    add_links(window, ("c", "d"), ("d", "e"))
    window.session.stack.run(AddGroup(Group("late", "Late", ["d", "e"])))
    group_ab(window)
    before = snap(window.doc)
    window.actions_by_name["layout_lr"].trigger()
    assert window.doc.snapshot() != before
    assert holds(window, "phase") and holds(window, "late")
    assert_scene_matches(window)
    window.session.stack.undo()
    assert holds(window, "phase") and holds(window, "late")
    assert_scene_matches(window)


# -- ungroup, rename, delete -----------------------------------------------------------------
def test_ctrl_shift_g_on_a_stage_ungroups_its_group(window) -> None:
    three_stages(window)
    group_ab(window)
    before = snap(window.doc)
    click(window, node_point(window, "a"))
    key(Qt.Key.Key_G, Ctrl | Shift)
    assert window.doc.groups == []
    assert window.scene.frame_item("phase") is None
    assert [n.id for n in window.doc.nodes] == ["a", "b", "c"]  # the stages stay
    assert_undo_redo(window, before)


def test_clicking_the_frame_selects_the_group_and_ctrl_shift_g_ungroups_it(window) -> None:
    three_stages(window)
    group_ab(window)
    click(window, view_point(window, frame_of(window, "phase").label_rect().center()))
    assert window.session.selection == ["phase"]
    assert window.session.selected_groups() == ["phase"]
    assert window.inspector.heading.text() == "Group"
    key(Qt.Key.Key_G, Ctrl | Shift)
    assert window.doc.groups == []


def test_a_click_inside_a_frame_selects_nothing_but_a_rubber_band_works(window) -> None:
    three_stages(window)
    add_stages(window, ("d", 0, 200))
    window.session.stack.run(AddGroup(Group("wide", "Wide", ["a", "d"])))
    click(window, view_point(window, QPointF(0, 100)))  # between a and d, inside the frame
    assert window.session.selection == []
    frame = frame_of(window, "wide").rect
    # A band from inside the frame across its border picks the stage, not the group...
    drag(window, view_point(window, QPointF(-120, 150)), view_point(window, QPointF(60, 260)))
    assert window.session.selection == ["d"]
    # ...one round the whole frame picks the group too.
    corner = frame.bottomRight() + QPointF(20, 20)
    drag(window, view_point(window, frame.topLeft() - QPointF(20, 20)), view_point(window, corner))
    assert {"a", "d", "wide"} <= set(window.session.selection)


def test_double_click_on_the_frame_label_renames_the_group(window) -> None:
    three_stages(window)
    group_ab(window)
    before = snap(window.doc)
    double_click(window, view_point(window, frame_of(window, "phase").label_rect().center()))
    assert_label_in_edit(window, "Phase")
    type_text("Deployment")
    key(Qt.Key.Key_Return)
    assert window.doc.group("phase").label == "Deployment"  # (an existing group keeps its id)
    assert_undo_redo(window, before)


def test_delete_on_a_selected_frame_removes_the_group_only(window) -> None:
    three_stages(window)
    group_ab(window)
    before = snap(window.doc)
    window.scene.select(part_ids=["phase"])
    key(Qt.Key.Key_Delete)
    assert window.doc.groups == []
    assert len(window.doc.nodes) == 3
    assert_undo_redo(window, before)


def test_deleting_a_group_and_its_stages_at_once_is_one_step(window) -> None:
    three_stages(window)
    group_ab(window)
    before = snap(window.doc)
    window.scene.select(["a", "b"], part_ids=["phase"])
    key(Qt.Key.Key_Delete)
    assert [n.id for n in window.doc.nodes] == ["c"]
    assert window.doc.groups == []
    assert window.session.stack.count() == 1
    assert_undo_redo(window, before)


def test_deleting_a_grouped_stage_shrinks_the_frame(window) -> None:
    three_stages(window)
    group_ab(window)
    old = frame_of(window, "phase").rect
    click(window, node_point(window, "b"))
    key(Qt.Key.Key_Delete)
    assert window.doc.group("phase").stages == ["a"]
    assert frame_of(window, "phase").rect.width() < old.width() - 200
    assert_parts_match(window)
    window.session.stack.undo()
    assert frame_of(window, "phase").rect == old


# -- adding and removing stages ---------------------------------------------------------------
def test_add_to_group_and_remove_from_group_from_the_context_menu(window) -> None:
    three_stages(window)
    group_ab(window)
    before = snap(window.doc)
    window.scene.select(["c"])
    menu = window.canvas_menus.build("c", QPointF(520, 0))
    into = next(a.menu() for a in menu.actions() if a.text() == "Add to Group")
    [entry] = into.actions()
    assert entry.text() == "Phase"
    entry.trigger()
    assert window.doc.group("phase").stages == ["a", "b", "c"]
    assert holds(window, "phase")
    assert_undo_redo(window, before)

    middle = snap(window.doc)
    menu = window.canvas_menus.build("a", QPointF(0, 0))
    window.scene.select(["a"])
    leave = next(a for a in menu.actions() if a.text() == "Remove from Group")
    assert leave.isEnabled()
    leave.trigger()
    assert window.doc.group("phase").stages == ["b", "c"]
    assert not frame_of(window, "phase").rect.intersects(window.scene.node_item("a").box())
    assert_undo_redo(window, middle)


def test_the_group_menu_selects_its_stages(window) -> None:
    three_stages(window)
    group_ab(window)
    menu = window.canvas_menus.build("phase", QPointF(0, 0))
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == [
        "Rename",
        "Select Its Stages",
        "Ungroup",
    ]
    next(a for a in menu.actions() if a.text() == "Select Its Stages").trigger()
    assert window.scene.selected_node_ids() == ["a", "b"]


# -- the inspector ----------------------------------------------------------------------------
def test_the_inspector_renames_and_colours_a_group_and_lists_its_stages(window, qtbot) -> None:
    three_stages(window)
    group_ab(window)
    window.scene.select(part_ids=["phase"])
    page = window.inspector.part_form.group_page
    assert page.isVisible()
    assert page.stages.text() == "• A\n• B"
    page.label.setFocus()
    page.label.selectAll()
    qtbot.keyClicks(page.label, "Training")
    qtbot.keyClick(page.label, Qt.Key.Key_Return)
    assert window.doc.group("phase").label == "Training"
    assert frame_of(window, "phase").label_rect().width() > 0
    page.color.setFocus()
    page.color.selectAll()
    qtbot.keyClicks(page.color, "#1f77b4")
    qtbot.keyClick(page.color, Qt.Key.Key_Return)
    assert window.doc.group("phase").color == "#1f77b4"
    assert window.session.stack.count() == 2
    window.session.stack.undo()
    assert window.doc.group("phase").color is None
    assert page.color.text() == ""  # the page follows undo


# -- copying ----------------------------------------------------------------------------------
def test_duplicating_a_group_copies_it_with_its_stages(window) -> None:
    three_stages(window)
    group_ab(window)
    before = snap(window.doc)
    click(window, view_point(window, frame_of(window, "phase").label_rect().center()))
    key(Qt.Key.Key_D, Ctrl)
    assert len(window.doc.nodes) == 5 and len(window.doc.groups) == 2
    copy = window.doc.groups[1]
    assert copy.id != "phase" and copy.label == "Phase"
    assert [window.doc.node(s).label for s in copy.stages] == ["A", "B"]
    assert not set(copy.stages) & {"a", "b"}  # the copies, not the originals
    assert window.doc.edges[-1].source == copy.stages[0]  # with the link between them
    assert window.session.stack.count() == 1
    assert copy.id in window.session.selection
    assert holds(window, copy.id)
    assert_undo_redo(window, before)


def test_cutting_a_group_takes_its_stages_and_pasting_brings_them_back(window) -> None:
    three_stages(window)
    group_ab(window)
    before = snap(window.doc)
    window.scene.select(part_ids=["phase"])
    key(Qt.Key.Key_X, Ctrl)
    assert [n.id for n in window.doc.nodes] == ["c"] and window.doc.groups == []
    assert window.session.stack.count() == 1
    window.editor.paste(QPointF(0, 400))
    [group] = window.doc.groups
    assert [window.doc.node(s).label for s in group.stages] == ["A", "B"]
    assert holds(window, group.id)
    window.session.stack.undo()
    window.session.stack.undo()
    assert window.doc.snapshot() == before


def test_a_pasted_stage_never_takes_the_id_of_a_group_or_box() -> None:
    from mesadiagram.formats import dumps
    from mesadiagram.model import Document, Node, TextBox
    from mesadiagram.ui.clipboard import paste_commands

    doc = Document("Target")
    doc.insert_node(Node("a", "A", position=(0.0, 0.0)))
    doc.insert_group(Group("phase", "Phase", ["a"]))
    doc.insert_box(TextBox("key", "Key"))
    piece = Document("Piece")
    piece.insert_node(Node("phase", "Phase", position=(0.0, 0.0)))
    piece.insert_node(Node("key", "Key", position=(300.0, 0.0)))
    commands, node_ids, _ = paste_commands(doc, dumps(piece))
    assert node_ids == ["phase-2", "key-2"]
    for command in commands:
        command.apply(doc)  # (a taken id would raise here)
    assert [n.id for n in doc.nodes] == ["a", "phase-2", "key-2"]
