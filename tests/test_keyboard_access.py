"""The editor from the keyboard and through assistive technology.

Alt+arrow keys move the selection along links (``ui/canvas/navigation.py`` gives the
scheme), the view scrolls to keep it in sight, the canvas shows where the keyboard is
(a frame round the view, a dashed ring round the current element), Ctrl+Tab leaves the
canvas and Shift+F10 opens the current element's context menu. The canvas's accessible
name and description carry the selection; docks and their main widgets are named; every
menu command has keys or a mnemonic.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAccessible, QColor, QImage
from PySide6.QtWidgets import QApplication, QDockWidget, QMenu

from mesadiagram.formats import load
from mesadiagram.model import Document, Edge, Node
from mesadiagram.ui.main_window import MainWindow
from mesadiagram.ui.mnemonics import mnemonic
from tests.conftest import EXAMPLE
from tests.ui_helpers import (  # noqa: F401  (*_fixture: pytest fixtures)
    click,
    focus,
    isolated_settings,
    key,
    make_window,
    node_point,
)

K = Qt.Key
Alt = Qt.KeyboardModifier.AltModifier
AltShift = Alt | Qt.KeyboardModifier.ShiftModifier


def selection(window: MainWindow) -> list[str]:
    return window.scene.selected_ids()


@pytest.fixture
def example(qtbot, isolated_settings) -> MainWindow:  # noqa: F811
    return make_window(qtbot, load(EXAMPLE))


def fan_doc() -> Document:
    """a -> b, c, d (top to bottom); x and y -> t."""
    doc = Document("Fan")
    for node_id, x, y in (
        ("a", 0, 0),
        ("c", 260, 0),
        ("b", 260, -120),
        ("d", 260, 120),
        ("x", 0, 400),
        ("y", 0, 520),
        ("t", 260, 460),
    ):
        doc.insert_node(Node(node_id, node_id.upper(), position=(float(x), float(y))))
    for source, target in (("a", "c"), ("a", "b"), ("a", "d"), ("y", "t"), ("x", "t")):
        doc.insert_edge(Edge(source, target))
    return doc


@pytest.fixture
def fan(qtbot, isolated_settings) -> MainWindow:  # noqa: F811
    window = make_window(qtbot, fan_doc())
    window.view.centerOn(QPointF(130, 200))
    return window


# -- moving along links --------------------------------------------------------------------
def test_alt_right_and_left_follow_the_chain_of_the_example(example: MainWindow) -> None:
    click(example, node_point(example, "base-optimizer"))
    key(K.Key_Right, Alt)
    assert selection(example) == ["mesa-optimizer"]
    key(K.Key_Right, Alt)
    assert selection(example) == ["misalignment"]
    key(K.Key_Left, Alt)
    assert selection(example) == ["mesa-optimizer"]
    key(K.Key_Right, AltShift)  # the link out of it
    assert selection(example) == ["mesa-optimizer->misalignment"]
    key(K.Key_Right, Alt)  # a link's target
    assert selection(example) == ["misalignment"]
    key(K.Key_Left, AltShift)  # the link into it
    assert selection(example) == ["mesa-optimizer->misalignment"]
    key(K.Key_Left, Alt)  # a link's source
    assert selection(example) == ["mesa-optimizer"]
    key(K.Key_Left, Alt)
    key(K.Key_Left, Alt)  # nowhere before the first stage: it stays
    assert selection(example) == ["base-optimizer"]
    assert example.doc.snapshot() == load(EXAMPLE).snapshot()  # nothing was edited
    assert focus() is example.view


def test_with_nothing_selected_alt_right_starts_at_the_first_stage(example: MainWindow) -> None:
    example.scene.select([])
    key(K.Key_Right, Alt)
    assert selection(example) == ["base-optimizer"]


def test_alt_down_and_up_cycle_among_siblings(fan: MainWindow) -> None:
    click(fan, node_point(fan, "a"))
    key(K.Key_Right, Alt)
    assert selection(fan) == ["b"]  # the topmost of a's successors
    key(K.Key_Down, Alt)
    assert selection(fan) == ["c"]
    key(K.Key_Down, Alt)
    assert selection(fan) == ["d"]
    key(K.Key_Down, Alt)
    assert selection(fan) == ["b"]  # round again
    key(K.Key_Up, Alt)
    assert selection(fan) == ["d"]
    key(K.Key_Left, Alt)
    assert selection(fan) == ["a"]
    # A stage clicked on cycles among the stages sharing its predecessor.
    click(fan, node_point(fan, "c"))
    key(K.Key_Down, Alt)
    assert selection(fan) == ["d"]


def test_backwards_the_choices_are_the_other_predecessors(fan: MainWindow) -> None:
    click(fan, node_point(fan, "t"))
    key(K.Key_Left, Alt)
    assert selection(fan) == ["x"]  # the topmost predecessor
    key(K.Key_Down, Alt)
    assert selection(fan) == ["y"]
    key(K.Key_Right, Alt)
    assert selection(fan) == ["t"]  # back where it came from


def test_alt_shift_selects_links_and_alt_down_cycles_them(fan: MainWindow) -> None:
    click(fan, node_point(fan, "a"))
    key(K.Key_Right, AltShift)
    assert selection(fan) == ["a->b"]
    key(K.Key_Down, Alt)
    assert selection(fan) == ["a->c"]
    key(K.Key_Down, Alt)
    assert selection(fan) == ["a->d"]
    key(K.Key_Right, Alt)
    assert selection(fan) == ["d"]
    click(fan, node_point(fan, "t"))
    key(K.Key_Left, AltShift)
    assert selection(fan) == ["x->t"]
    key(K.Key_Up, Alt)
    assert selection(fan) == ["y->t"]  # the links into t


def test_the_view_scrolls_to_keep_the_selection_visible(qtbot, isolated_settings) -> None:  # noqa: F811
    doc = Document("Long chain")
    for i in range(40):
        doc.insert_node(Node(f"s{i}", f"Stage {i}", position=(i * 260.0, 0.0)))
        if i:
            doc.insert_edge(Edge(f"s{i - 1}", f"s{i}"))
    window = make_window(qtbot, doc)
    window.view.zoom_reset()
    window.view.centerOn(window.scene.node_item("s0"))
    click(window, node_point(window, "s0"))
    view = window.view
    for i in range(1, 40):
        key(K.Key_Right, Alt)
        assert selection(window) == [f"s{i}"]
        shown = view.mapToScene(view.viewport().rect()).boundingRect()
        assert shown.contains(window.scene.node_item(f"s{i}").box())
    assert view.horizontalScrollBar().value() > 0


def test_tab_still_adds_a_linked_stage_after_navigating(example: MainWindow) -> None:
    click(example, node_point(example, "base-optimizer"))
    key(K.Key_Right, Alt)
    key(K.Key_Tab)
    assert example.editor.labels.is_open()
    assert len(example.doc.nodes) == len(load(EXAMPLE).nodes) + 1
    new = example.doc.nodes[-1].id
    assert [e.source for e in example.doc.edges if e.target == new] == ["mesa-optimizer"]


# -- where the keyboard is -----------------------------------------------------------------
def _count(image: QImage, colour: QColor, xs: range, ys: range) -> int:
    def near(c: QColor) -> bool:
        return (
            abs(c.red() - colour.red())
            + abs(c.green() - colour.green())
            + abs(c.blue() - colour.blue())
            < 60
        )

    return sum(1 for x in xs for y in ys if near(image.pixelColor(x, y)))


def test_the_canvas_shows_a_focus_frame_and_a_ring_round_the_current_stage(
    example: MainWindow,
) -> None:
    view = example.view
    blue = QColor(example.session.view_state.theme.selection)
    click(example, node_point(example, "base-optimizer"))
    # The frame round the canvas while it has the focus.
    frame = view.grab().toImage()
    assert _count(frame, blue, range(0, 2), range(20, view.height() - 20, 10)) > 0
    # No ring after a click: the selection alone shows.
    key(K.Key_Right, Alt)
    # (after the move: the view may scroll to keep the new selection in sight)
    box = view.mapFromScene(example.scene.node_item("mesa-optimizer").box()).boundingRect()
    ring_left = range(box.left() - 8, box.left() - 4)
    ring_rows = range(box.top(), box.bottom())
    image = view.viewport().grab().toImage()
    ringed = _count(image, blue, ring_left, ring_rows)
    assert ringed > 3  # the dashed ring, left of the box
    assert not example.view.navigator.ring_rect().isEmpty()
    click(example, node_point(example, "mesa-optimizer"))  # the mouse: no ring
    image = view.viewport().grab().toImage()
    assert example.view.navigator.ring_rect().isEmpty()
    # (the selection's own outline may antialias a few blue pixels into that strip)
    assert _count(image, blue, ring_left, ring_rows) < ringed / 2
    # Away from the canvas, no frame.
    example.inspector.widget().setFocus()
    assert not view.hasFocus()
    frame = view.grab().toImage()
    assert _count(frame, blue, range(0, 2), range(20, view.height() - 20, 10)) == 0


def test_ctrl_tab_leaves_the_canvas_and_tab_comes_back(example: MainWindow) -> None:
    assert focus() is example.view
    key(K.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert focus() is not example.view
    assert len(example.doc.nodes) == len(load(EXAMPLE).nodes)  # Tab added no stage
    for _ in range(60):  # the focus chain leads back to the canvas
        if focus() is example.view:
            break
        key(K.Key_Tab)
    assert focus() is example.view


def test_shift_f10_opens_the_menu_of_the_current_stage(qtbot, example: MainWindow) -> None:
    click(example, node_point(example, "misalignment"))
    key(K.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    try:
        assert "Rename" in [a.text() for a in menu.actions()]
        item = example.scene.node_item("misalignment")
        at = example.view.viewport().mapFromGlobal(menu.pos())
        assert example.view.mapFromScene(item.box()).boundingRect().contains(at)
        assert selection(example) == ["misalignment"]
    finally:
        menu.close()


# -- assistive technology ------------------------------------------------------------------
def _accessible(widget) -> tuple[str, str]:
    face = QAccessible.queryAccessibleInterface(widget)
    return face.text(QAccessible.Text.Name), face.text(QAccessible.Text.Description)


def test_the_canvas_tells_what_is_selected(example: MainWindow) -> None:
    name, description = _accessible(example.view)
    assert name == "Diagram canvas"
    assert "Nothing selected" in description and "7 stages" in description
    click(example, node_point(example, "base-optimizer"))
    name, description = _accessible(example.view)
    assert name == "Diagram canvas: stage Base optimizer"
    assert description.startswith("Stage “Base optimizer”")
    assert "1 link out, to “Mesa optimizer”" in description
    key(K.Key_Right, AltShift)
    name, description = _accessible(example.view)
    assert "Link from “Base optimizer” to “Mesa optimizer”" in description
    assert "1 intervention" in description
    example.actions_by_name["select_all"].trigger()
    name, description = _accessible(example.view)
    assert name == "Diagram canvas: 7 stages and 6 links selected"


def test_a_rename_reaches_the_description(qtbot, example: MainWindow) -> None:
    from mesadiagram.model.commands import SetNodeFields

    click(example, node_point(example, "deployment"))
    example.session.run(SetNodeFields("deployment", "Rename", label="Shipping"))
    qtbot.waitUntil(lambda: "“Shipping”" in _accessible(example.view)[1])
    assert _accessible(example.view)[0] == "Diagram canvas: stage Shipping"


def test_docks_and_their_main_widgets_have_accessible_names(example: MainWindow) -> None:
    docks = example.findChildren(QDockWidget)
    assert len(docks) >= 4
    for dock in docks:
        assert dock.accessibleName(), dock.objectName()
        main = dock.widget()
        assert main is not None and main.accessibleName(), dock.objectName()
    assert example.palette_dock.tree.accessibleName()
    assert example.analysis_dock.tree.accessibleName()
    assert example.find_bar.field.accessibleName()
    assert example.view.minimap.accessibleName() == "Minimap"


# -- menus ---------------------------------------------------------------------------------
def _entries(menu: QMenu):
    menu.aboutToShow.emit()  # (menus filled when they open: Theme, Panels)
    for action in menu.actions():
        if action.isSeparator():
            continue
        if action.menu() is not None:
            yield action
            if action.menu().objectName() != "recentMenu":  # file names, not commands
                yield from _entries(action.menu())
            continue
        yield action


def test_every_menu_command_has_keys_or_a_mnemonic(example: MainWindow) -> None:
    bar = example.menuBar()
    tops = [a for a in bar.actions() if a.menu() is not None]
    letters = [mnemonic(a.text()) for a in tops]
    assert all(letters) and len(set(letters)) == len(letters), letters
    missing = [
        a.text()
        for top in tops
        for a in _entries(top.menu())
        if not a.shortcuts() and not mnemonic(a.text())
    ]
    assert missing == []
    # The generated entries too: each theme and each panel has a letter of its own.
    view_menu = next(a.menu() for a in tops if a.text() == "&View")
    for name in ("Theme", "Panels"):
        sub = next(a.menu() for a in view_menu.actions() if a.text().replace("&", "") == name)
        sub.aboutToShow.emit()
        own = [mnemonic(a.text()) for a in sub.actions() if not a.isSeparator()]
        assert all(own) and len(set(own)) == len(own), own
    assert example.actions_by_name["minimap"].text() == "&Minimap"
