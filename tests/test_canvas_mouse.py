"""Mouse gestures on the canvas, sent as real events to the view's viewport.

Each test asserts the model after the gesture, then that one undo gives back the exact
previous document and one redo the new one.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from mesadiagram.formats import dumps, loads
from mesadiagram.model import Node
from mesadiagram.model.commands import AddNode
from tests.ui_helpers import (  # noqa: F401  (*_fixture: pytest fixtures)
    add_links,
    add_stages,
    assert_label_in_edit,
    assert_scene_matches,
    assert_undo_redo,
    click,
    double_click,
    drag,
    empty_point,
    handle_point,
    isolated_settings_fixture,
    key,
    node_point,
    snap,
    type_text,
    view_point,
    window_fixture,
)

Alt = Qt.KeyboardModifier.AltModifier
Ctrl = Qt.KeyboardModifier.ControlModifier
Shift = Qt.KeyboardModifier.ShiftModifier


def selected(window) -> list[str]:
    return window.scene.selected_node_ids()


# -- creating ------------------------------------------------------------------------------
def test_double_click_on_empty_canvas_creates_a_named_stage_in_one_step(window) -> None:
    before = snap(window.doc)
    double_click(window, empty_point(window, 100, 60))
    [node] = window.doc.nodes
    assert node.position == (100, 60)
    assert_label_in_edit(window, "New stage")
    type_text("Mesa optimizer")
    key(Qt.Key.Key_Return)
    [node] = window.doc.nodes
    assert node.label == "Mesa optimizer"
    assert node.id == "mesa-optimizer"  # the id reads like the name it was given
    assert not window.editor.labels.is_open()
    assert selected(window) == ["mesa-optimizer"]
    assert window.session.stack.count() == 1
    assert_undo_redo(window, before)


def test_escape_keeps_the_new_stage_with_its_default_name(window) -> None:
    before = snap(window.doc)
    double_click(window, empty_point(window, 0, 0))
    type_text("Abandoned")
    key(Qt.Key.Key_Escape)
    assert [n.label for n in window.doc.nodes] == ["New stage"]
    assert not window.editor.labels.is_open()
    assert_undo_redo(window, before)


def test_double_click_on_a_stage_renames_it(window) -> None:
    add_stages(window, ("a", 0, 0))
    before = snap(window.doc)
    double_click(window, node_point(window, "a"))
    assert_label_in_edit(window, "A")
    type_text("Base optimizer")
    key(Qt.Key.Key_Return)
    assert window.doc.node("a").label == "Base optimizer"
    assert window.doc.node_ids() == {"a"}  # renaming an existing stage keeps its id
    assert window.session.stack.count() == 1
    assert_undo_redo(window, before)


def test_double_click_on_a_link_renames_it(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 400, 0))
    add_links(window, ("a", "b"))
    before = snap(window.doc)
    double_click(window, view_point(window, window.scene.edge_item("a->b").geo.middle))
    assert_label_in_edit(window, "")
    type_text("selects for")
    key(Qt.Key.Key_Return)
    assert window.doc.edge("a->b").label == "selects for"
    assert_undo_redo(window, before)


# -- linking -------------------------------------------------------------------------------
def test_drag_from_the_handle_to_a_stage_links_them(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 300, 100))
    before = snap(window.doc)
    drag(window, handle_point(window, "a"), node_point(window, "b"))
    assert [(e.source, e.target) for e in window.doc.edges] == [("a", "b")]
    assert window.doc.node("a").position == (0, 0)  # the handle links, it does not move
    assert window.scene.selected_link_ids() == ["a->b"]
    assert window.scene.items()[0] is not None and window.scene._link_preview is None
    assert_undo_redo(window, before)


def test_the_whole_handle_starts_a_link(window) -> None:
    """Where the handle dot overlaps the box's edge it must link too (any label width)."""
    window.session.stack.run(AddNode(Node("m", "Misalignment", position=(0, 0))))
    window.session.stack.run(AddNode(Node("d", "Deployment", position=(0, 300))))
    item = window.scene.node_item("m")
    assert item.box().right() != round(item.box().right())  # the edge falls between pixels
    centre = item.mapToScene(item.handle_rect().center())
    for dx in (-4, -1, 0, 1, 4):
        before = snap(window.doc)
        start = view_point(window, centre + QPointF(dx, 0))
        drag(window, start, node_point(window, "d"))
        assert [(e.source, e.target) for e in window.doc.edges] == [("m", "d")], f"handle at {dx:+}"
        assert window.doc.node("m").position == (0, 0)
        assert_undo_redo(window, before)
        window.session.stack.undo()


def test_drag_with_alt_or_ctrl_from_the_body_links(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 300, 0), ("c", 300, 200))
    before = snap(window.doc)
    drag(window, node_point(window, "a", -20), node_point(window, "b"), Alt)
    assert [(e.source, e.target) for e in window.doc.edges] == [("a", "b")]
    assert window.doc.node("a").position == (0, 0)
    assert_undo_redo(window, before)
    middle = snap(window.doc)
    drag(window, node_point(window, "a", -20), node_point(window, "c"), Ctrl)
    assert [(e.source, e.target) for e in window.doc.edges] == [("a", "b"), ("a", "c")]
    assert_undo_redo(window, middle)


def test_linking_linked_stages_again_adds_a_parallel_link(window) -> None:
    """A second link between the same stages (a direct one and one that "feeds back") is
    its own element: it gets its own id, fans out beside the first and is one undo step."""
    add_stages(window, ("a", 0, 0), ("b", 300, 0))
    add_links(window, ("a", "b"))
    before, count = snap(window.doc), window.session.stack.count()
    drag(window, handle_point(window, "a"), node_point(window, "b"))
    assert [e.id for e in window.doc.edges] == ["a->b", "a->b-2"]
    assert window.session.stack.count() == count + 1
    assert window.scene.selected_link_ids() == ["a->b-2"]
    first, second = window.scene.edge_item("a->b"), window.scene.edge_item("a->b-2")
    # The two are drawn apart: their middles are on opposite sides of the centre line.
    assert first.geo.middle.y() * second.geo.middle.y() < 0
    assert_undo_redo(window, before)


def test_link_released_on_empty_canvas_creates_a_linked_stage(window) -> None:
    add_stages(window, ("a", 0, 0))
    before = snap(window.doc)
    drag(window, handle_point(window, "a"), empty_point(window, 300, 40))
    assert len(window.doc.nodes) == 2
    new = window.doc.nodes[1]
    assert new.position == (300, 40)
    assert [(e.source, e.target) for e in window.doc.edges] == [("a", new.id)]
    assert_label_in_edit(window, "New stage")
    type_text("Misalignment")
    key(Qt.Key.Key_Return)
    assert window.doc.nodes[1].label == "Misalignment"
    assert [(e.source, e.target) for e in window.doc.edges] == [("a", "misalignment")]
    assert window.session.stack.count() == 1
    assert_undo_redo(window, before)


# -- selecting -----------------------------------------------------------------------------
def test_rubber_band_selects_the_stages_it_touches(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 200, 0), ("c", 200, 300))
    before = snap(window.doc)
    drag(window, empty_point(window, -120, -80), empty_point(window, 300, 80))
    assert selected(window) == ["a", "b"]
    assert window.doc.snapshot() == before  # selecting is not an edit
    assert window.session.stack.count() == 0


def test_shift_rubber_band_adds_to_the_selection(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 300, 0), ("c", 300, 300))
    click(window, node_point(window, "c"))
    drag(window, empty_point(window, -120, -80), empty_point(window, 120, 80), Shift)
    assert selected(window) == ["a", "c"]
    drag(window, empty_point(window, 180, -80), empty_point(window, 420, 80))
    assert selected(window) == ["b"]  # without Shift the band replaces the selection


def test_shift_click_extends_and_toggles_the_selection(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 200, 0), ("c", 400, 0))
    click(window, node_point(window, "a"))
    assert selected(window) == ["a"]
    click(window, node_point(window, "c"), Shift)
    assert selected(window) == ["a", "c"]
    click(window, node_point(window, "b"), Shift)
    assert selected(window) == ["a", "b", "c"]
    click(window, node_point(window, "a"), Shift)
    assert selected(window) == ["b", "c"]
    click(window, node_point(window, "a"))
    assert selected(window) == ["a"]
    assert window.session.stack.count() == 0


def test_ctrl_click_toggles_the_selection_as_in_qt(window) -> None:
    """Ctrl also starts a link when dragged; a plain Ctrl-click keeps Qt's meaning."""
    add_stages(window, ("a", 0, 0), ("b", 200, 0))
    click(window, node_point(window, "a"))
    click(window, node_point(window, "b"), Ctrl)
    assert selected(window) == ["a", "b"]
    click(window, node_point(window, "a"), Ctrl)
    assert selected(window) == ["b"]
    assert window.doc.edges == [] and window.session.stack.count() == 0


def test_click_on_empty_canvas_clears_the_selection(window) -> None:
    add_stages(window, ("a", 0, 0))
    click(window, node_point(window, "a"))
    click(window, empty_point(window, 200, 200))
    assert selected(window) == []


# -- moving --------------------------------------------------------------------------------
def test_drag_moves_all_selected_stages_in_one_step(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 200, 0), ("c", 400, 0))
    add_links(window, ("a", "b"), ("b", "c"))
    click(window, node_point(window, "a"))
    click(window, node_point(window, "b"), Shift)
    before = snap(window.doc)
    drag(window, node_point(window, "b"), node_point(window, "b", 50, 120), steps=10)
    assert window.doc.node("a").position == (50, 120)
    assert window.doc.node("b").position == (250, 120)
    assert window.doc.node("c").position == (400, 0)
    assert window.session.stack.count() == 1  # one step for the whole drag, pushed on release
    link = window.scene.edge_item("b->c").geo.path.pointAtPercent(0)
    assert window.scene.node_item("b").box().adjusted(-1, -1, 1, 1).contains(link)
    assert_undo_redo(window, before)


def test_shift_drag_of_an_unselected_stage_moves_it_with_the_selection(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 200, 0))
    click(window, node_point(window, "a"))
    before = snap(window.doc)
    drag(window, node_point(window, "b"), node_point(window, "b", 0, 100), Shift)
    assert window.doc.node("a").position == (0, 100)
    assert window.doc.node("b").position == (200, 100)
    assert_undo_redo(window, before)


def test_drag_at_any_zoom_gives_positions_the_file_keeps(window) -> None:
    add_stages(window, ("a", 0, 0))
    window.view.set_zoom(1.37)
    drag(window, node_point(window, "a"), node_point(window, "a", 33.3, 17.9))
    x, y = window.doc.node("a").position
    assert (x, y) != (0, 0)
    assert x == round(x) and y == round(y)
    assert loads(dumps(window.doc)) == window.doc  # saved and reopened: the same


def test_snap_to_grid_puts_dragged_stages_on_the_grid(window) -> None:
    add_stages(window, ("a", 0, 0))
    window.actions_by_name["snap"].setChecked(True)
    before = snap(window.doc)
    drag(window, node_point(window, "a"), node_point(window, "a", 47, 33))
    assert window.doc.node("a").position == (40, 40)
    assert_undo_redo(window, before)
    double_click(window, empty_point(window, 213, 187))
    key(Qt.Key.Key_Escape)
    assert window.doc.nodes[-1].position == (220, 180)


def test_click_without_moving_is_not_an_edit(window) -> None:
    add_stages(window, ("a", 0, 0))
    click(window, node_point(window, "a"))
    assert window.session.stack.count() == 0


# -- arranging -----------------------------------------------------------------------------
def test_align_and_distribute_from_the_arrange_menu(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 150, 40), ("c", 500, -30))
    drag(window, empty_point(window, -150, -150), empty_point(window, 650, 150))
    assert selected(window) == ["a", "b", "c"]
    original = snap(window.doc)

    def arrange(name: str) -> list[tuple[float, float]]:
        window.actions_by_name[name].trigger()
        positions = [window.doc.node(i).position for i in "abc"]
        assert loads(dumps(window.doc)) == window.doc  # whole units: saved as they are
        assert_undo_redo(window, original)
        window.session.stack.undo()
        return positions

    assert {y for _, y in arrange("align_top")} == {-30}  # (boxes of equal height)
    assert {y for _, y in arrange("align_bottom")} == {40}
    assert {y for _, y in arrange("align_vcenter")} == {3}  # (0 + 40 - 30) / 3, rounded
    assert {x for x, _ in arrange("align_left")} == {0}
    assert {x for x, _ in arrange("align_hcenter")} == {217}
    assert [x for x, _ in arrange("distribute_h")] == [0, 250, 500]
    assert [y for _, y in arrange("distribute_v")] == [5, 40, -30]  # in order c, a, b
    assert window.session.stack.index() == 0 and window.doc.snapshot() == original


def test_aligning_what_is_aligned_adds_no_undo_step(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 300, 0))
    window.editor.select_all()
    window.actions_by_name["align_vcenter"].trigger()
    assert window.session.stack.count() == 0


# -- zoom and pan --------------------------------------------------------------------------
def wheel(window, point: QPoint, steps: int) -> None:
    """Mouse over ``point``, then ``steps`` notches of the wheel (negative: towards you)."""
    viewport = window.view.viewport()
    QTest.mouseMove(viewport, point)
    event = QWheelEvent(
        QPointF(point),
        QPointF(viewport.mapToGlobal(point)),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, event)


def test_wheel_zooms_about_the_mouse(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 400, 0))
    before = snap(window.doc)
    point = node_point(window, "b")
    wheel(window, point, 2)
    assert window.view.zoom() > 1.2
    under = window.view.mapToScene(point)
    assert abs(under.x() - 400) < 3 and abs(under.y()) < 3  # what was under it stays
    wheel(window, point, -4)
    assert window.view.zoom() < 1.0
    assert window.doc.snapshot() == before and window.session.stack.count() == 0


def test_zoom_to_fit_shows_every_stage(window) -> None:
    add_stages(window, ("a", -2000, 0), ("b", 2000, 900))
    window.actions_by_name["zoom_fit"].trigger()
    visible = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    for item in window.scene.node_items():
        assert visible.contains(item.box())


def scroll(window) -> tuple[int, int]:
    return window.view.horizontalScrollBar().value(), window.view.verticalScrollBar().value()


def test_middle_button_drag_pans(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 300, 0))
    start = scroll(window)
    centre = window.view.viewport().rect().center()
    drag(window, centre, centre + QPoint(-120, -80), button=Qt.MouseButton.MiddleButton)
    assert scroll(window) == (start[0] + 120, start[1] + 80)
    assert window.session.stack.count() == 0 and selected(window) == []


def test_space_drag_pans_even_over_a_stage(window) -> None:
    add_stages(window, ("a", 0, 0))
    start = scroll(window)
    before = snap(window.doc)
    view = window.view
    QTest.keyPress(view, Qt.Key.Key_Space)
    drag(window, node_point(window, "a"), node_point(window, "a", 90, 60))
    QTest.keyRelease(view, Qt.Key.Key_Space)
    assert scroll(window) == (start[0] - 90, start[1] - 60)
    assert window.doc.snapshot() == before  # the stage under the mouse did not move
    assert window.session.stack.count() == 0
    drag(window, node_point(window, "a"), node_point(window, "a", 20, 0))
    assert window.doc.node("a").position == (20, 0)  # after space, dragging moves again


def test_views_of_documents_are_interchangeable(window) -> None:
    """After opening another document the gestures act on the new one only."""
    add_stages(window, ("a", 0, 0))
    old_doc = window.doc
    window.files.new()  # unmodified: no question asked
    assert window.doc is not old_doc
    double_click(window, empty_point(window, 0, 0))
    key(Qt.Key.Key_Return)
    assert len(window.doc.nodes) == 1 and old_doc.node_ids() == {"a"}
    assert_scene_matches(window)
