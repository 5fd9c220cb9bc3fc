"""Cut, copy and paste with the keyboard, within a window, between windows and from text.

The clipboard is the application's (offscreen it works in-process); what is on it is the
selection as model YAML, so a text editor can paste it and it can paste a text editor's.
"""

from __future__ import annotations

import dataclasses
import math

from PySide6.QtCore import QMimeData, QPointF, QRectF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from mesadiagram.formats import loads
from mesadiagram.model import Annotation, Item
from mesadiagram.model.commands import SetAnnotations, SetEdgeFields
from mesadiagram.ui.editor import MIME
from tests.ui_helpers import (  # noqa: F401  (*_fixture: pytest fixtures)
    activate,
    add_links,
    add_stages,
    assert_undo_redo,
    click,
    isolated_settings_fixture,
    keys,
    make_window,
    node_point,
    reported,
    snap,
    view_point,
    window_fixture,
)

Shift = Qt.KeyboardModifier.ShiftModifier


def build(window) -> None:
    """a -> b -> c, with an intervention on a -> b and a kind on a."""
    add_stages(window, ("a", 0, 0), ("b", 300, 0), ("c", 600, 0))
    add_links(window, ("a", "b"), ("b", "c"))
    intervention = Annotation("intervention", "Audit", items=[Item("Red teaming")], effect=0.5)
    window.session.stack.run(SetAnnotations("a->b", [intervention], "Attach"))
    window.session.stack.run(SetEdgeFields("a->b", probability=0.4))
    window.session.stack.run(SetAnnotations("a", [Annotation("kind", "Proxy")], "Attach"))
    window.session.stack.clear()


def select(window, *node_ids: str) -> None:
    click(window, node_point(window, node_ids[0]))
    for node_id in node_ids[1:]:
        click(window, node_point(window, node_id), Shift)


def clipboard_text() -> str:
    return QApplication.clipboard().mimeData().text()


def test_copy_puts_the_selection_on_the_clipboard_as_model_yaml(window) -> None:
    build(window)
    select(window, "a", "b")
    keys("Ctrl+C")
    data = QApplication.clipboard().mimeData()
    assert bytes(data.data(MIME)).decode("utf-8") == data.text()
    piece = loads(clipboard_text())
    assert [n.id for n in piece.nodes] == ["a", "b"]
    assert [(e.source, e.target) for e in piece.edges] == [
        ("a", "b")
    ]  # only links inside the selection
    assert piece.edge("a->b") == window.doc.edge("a->b")
    assert piece.node("a") == window.doc.node("a")
    assert window.session.stack.count() == 0  # copying is not an edit


def test_copy_and_paste_within_a_window(window) -> None:
    build(window)
    select(window, "a", "b")
    keys("Ctrl+C")
    before = snap(window.doc)
    point_at(window, 300, 260)
    keys("Ctrl+V")
    assert len(window.doc.nodes) == 5
    a2, b2 = window.doc.nodes[3:]
    assert (a2.id, b2.id) == ("a-2", "b-2")
    # Together, as they were: one 300 px right of the other, on one line.
    assert (b2.position[0] - a2.position[0], b2.position[1] - a2.position[1]) == (300, 0)
    assert_clear(window, ["a-2", "b-2"])
    # Copies of the annotations, each with an id of its own.
    assert _without_ids(a2.annotations) == _without_ids(window.doc.node("a").annotations)
    assert {a.id for a in a2.annotations}.isdisjoint(
        {a.id for a in window.doc.node("a").annotations}
    )
    copied, original = window.doc.edge("a-2->b-2"), window.doc.edge("a->b")
    assert (copied.source, copied.target) == ("a-2", "b-2")
    assert _without_ids(copied.annotations) == _without_ids(original.annotations)
    assert (copied.label, copied.text, copied.probability) == (
        original.label,
        original.text,
        original.probability,
    )
    assert window.scene.selected_node_ids() == ["a-2", "b-2"]
    assert window.session.stack.count() == 1
    assert_undo_redo(window, before)


def test_paste_lands_at_the_mouse_pointer(window) -> None:
    build(window)
    select(window, "a")
    keys("Ctrl+C")
    point_at(window, 150, 250)  # empty canvas below a and b
    keys("Ctrl+V")
    copy = window.scene.node_item("a-2").box()
    assert (copy.center().x(), copy.center().y()) == (150, 250)  # centred on the pointer
    assert window.scene.selected_node_ids() == ["a-2"]
    assert window.session.stack.count() == 1


def test_paste_over_the_source_goes_next_to_it_and_pasting_again_does_not_stack(window) -> None:
    build(window)
    select(window, "a")
    keys("Ctrl+C")
    source = window.scene.node_item("a").box()
    for n in range(2, 5):
        point_at(window, 0, 0)  # the pointer on the stage copied
        keys("Ctrl+V")
        copy = window.scene.node_item(f"a-{n}").box()
        assert_clear(window, [f"a-{n}"])
        # The nearest free place: just beside what is there (the gap, a grid step).
        assert _distance(copy, source) < source.height() * n + 60
    assert window.session.stack.count() == 3


def test_paste_without_the_pointer_on_the_canvas_goes_to_the_middle_of_the_view(window) -> None:
    build(window)
    select(window, "c")
    keys("Ctrl+C")
    window.view.centerOn(600, 0)  # c in the middle of the view
    palette = window.palette_dock.tree.viewport()
    QTest.mouseMove(palette, palette.rect().center())  # the pointer over the palette
    keys("Ctrl+V")
    middle = window.view.mapToScene(window.view.viewport().rect().center())
    copy = window.scene.node_item("c-2").box()
    assert_clear(window, ["c-2"])
    assert _distance(copy, QRectF(middle, middle)) < 120  # beside c, which is there
    visible = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert visible.contains(copy)


def point_at(window, x: float, y: float) -> None:
    """The mouse pointer over scene point (x, y), which is shown in the view."""
    window.view.centerOn(300, 150)
    QTest.mouseMove(window.view.viewport(), view_point(window, QPointF(x, y)))


def assert_clear(window, node_ids: list[str]) -> None:
    """The stages ``node_ids`` overlap no other stage."""
    boxes = {item.node_id: item.box() for item in window.scene.node_items()}
    for node_id in node_ids:
        others = [b for other, b in boxes.items() if other != node_id]
        assert not any(boxes[node_id].intersects(b) for b in others), node_id


def _distance(a: QRectF, b: QRectF) -> float:
    """From one box's centre to the other's."""
    return math.dist((a.center().x(), a.center().y()), (b.center().x(), b.center().y()))


def _without_ids(annotations: list) -> list:
    """Annotations as values, their ids left out (a copy gets ids of its own)."""
    return [dataclasses.replace(a, id="") for a in annotations]


def test_cut_removes_and_paste_brings_back_the_same(window) -> None:
    build(window)
    select(window, "b")
    original = snap(window.doc)
    keys("Ctrl+X")
    assert window.doc.node_ids() == {"a", "c"}
    assert window.doc.edges == []
    assert_undo_redo(window, original)
    cut = snap(window.doc)
    point_at(window, 300, 0)  # where it was
    keys("Ctrl+V")
    assert window.doc.node("b") == loads(clipboard_text()).node("b")  # same id and place
    assert_undo_redo(window, cut)


def test_copy_of_a_link_alone_pastes_a_parallel_link(window) -> None:
    build(window)
    click(window, view_point(window, window.scene.edge_item("a->b").geo.middle))
    assert window.session.selection == ["a->b"]
    keys("Ctrl+C")
    before = snap(window.doc)
    keys("Ctrl+V")
    assert len(window.doc.nodes) == 3  # no stages pasted
    assert window.doc.links_between("a", "b") == ["a->b", "a->b-2"]
    copied, original = window.doc.edge("a->b-2"), window.doc.edge("a->b")
    assert _without_ids(copied.annotations) == _without_ids(original.annotations)
    assert copied.probability == original.probability
    assert window.session.selection == ["a->b-2"]
    assert window.session.stack.count() == 1
    assert_undo_redo(window, before)


def test_a_link_whose_stages_are_missing_comes_with_them(qtbot, window) -> None:
    build(window)
    click(window, view_point(window, window.scene.edge_item("b->c").geo.middle))
    keys("Ctrl+C")
    other = make_window(qtbot)
    add_stages(other, ("x", 0, 0))
    messages = []
    other.session.message.connect(lambda text, _ms: messages.append(text))
    keys("Ctrl+V")
    assert [n.id for n in other.doc.nodes] == ["x", "b", "c"]
    assert [e.id for e in other.doc.edges] == ["b->c"]
    assert messages == [
        "The stages of “B” → “C” are not in this document: pasted them with the link"
    ]
    assert other.statusBar().currentMessage() == messages[0]


def test_paste_between_two_windows(qtbot, window) -> None:
    build(window)
    select(window, "a", "b")
    keys("Ctrl+C")
    other = make_window(qtbot)
    add_stages(other, ("a", 0, 0))  # an "a" is there already: the pasted one is renamed
    before = snap(other.doc)
    keys("Ctrl+V")
    assert [n.id for n in other.doc.nodes] == ["a", "a-2", "b"]
    assert_clear(other, ["a-2", "b"])
    assert other.doc.node("b").label == window.doc.node("b").label
    assert [(e.source, e.target) for e in other.doc.edges] == [("a-2", "b")]
    assert other.doc.edge("a-2->b").annotations == window.doc.edge("a->b").annotations
    assert len(window.doc.nodes) == 3  # the first window is unchanged
    assert window.session.stack.count() == 0
    assert_undo_redo(other, before)
    activate(qtbot, window)
    window.view.setFocus()
    window.view.centerOn(5000, 5000)  # looking elsewhere: the paste comes into view
    keys("Ctrl+V")  # and back into the first window, from its own clipboard
    visible = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert visible.contains(window.scene.node_item("a-2").box())
    assert [n.id for n in window.doc.nodes] == ["a", "b", "c", "a-2", "b-2"]


def test_paste_yaml_text_from_a_text_editor(window) -> None:
    build(window)
    text = (
        "nodes:\n"
        "  - id: deployment\n"
        "    label: Deployment\n"
        "    position: [0, 300]\n"
        "  - id: shift\n"
        "    label: Distribution shift\n"
        "    annotations:\n"
        "      - type: consequence\n"
        "        label: Goal misgeneralisation\n"
        "edges:\n"
        "  - from: deployment\n"
        "    to: shift\n"
        "    probability: 0.3\n"
        "types:\n"
        "  - name: consequence\n"
        "    plural: consequences\n"
        "    color: '#aa3377'\n"
        "    icon: dot\n"
    )
    QApplication.clipboard().setText(text)
    before = snap(window.doc)
    point_at(window, 300, 300)
    keys("Ctrl+V")
    deployment, shift = window.doc.node("deployment"), window.doc.node("shift")
    assert window.doc.edge("deployment->shift").probability == 0.3
    # A stage without a position is laid out after the one it follows, not piled on it.
    assert shift.position[0] > deployment.position[0]
    assert deployment.position[1] == shift.position[1] == 300  # around the pointer
    assert "consequence" in window.doc.types
    assert window.session.stack.count() == 1
    assert_undo_redo(window, before)


def test_paste_of_text_that_is_not_a_model_changes_nothing(window) -> None:
    build(window)
    before = snap(window.doc)
    QApplication.clipboard().setText("just a shopping list")
    keys("Ctrl+V")
    assert window.doc.snapshot() == before
    QApplication.clipboard().setText("nodes:\n  - id: x\n    labelz: X\n")
    keys("Ctrl+V")  # looks like a model, but is not valid: says why, changes nothing
    assert window.doc.snapshot() == before
    assert "clipboard:3:" in reported(window)
    assert window.session.stack.count() == 0


def test_paste_of_an_empty_clipboard_changes_nothing(window) -> None:
    QApplication.clipboard().setMimeData(QMimeData())
    keys("Ctrl+V")
    assert window.session.stack.count() == 0
