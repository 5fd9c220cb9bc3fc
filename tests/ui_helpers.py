"""Helpers for tests that drive the editor window with real mouse and key events.

Mouse events go to the view's viewport at the view coordinates of scene points, keys go
to the widget that has the keyboard focus, as they would for a user. Documents are
compared through deep copies of ``Document.snapshot()``, which holds live lists.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from mesadiagram.model import Document, Edge, Node
from mesadiagram.model.commands import AddEdge, AddNode, Macro
from mesadiagram.ui.main_window import MainWindow

Left = Qt.MouseButton.LeftButton
NoMod = Qt.KeyboardModifier.NoModifier


@pytest.fixture(name="isolated_settings")
def isolated_settings_fixture(settings_folder: Path) -> Path:
    """The folder of this test's QSettings (isolated for every test by ``conftest``)."""
    return settings_folder


# Other test modules import the fixtures by these names.
isolated_settings = isolated_settings_fixture


def record_reports(window: MainWindow) -> MainWindow:
    """Keep what the window's session reports to the user (see ``reported``)."""
    window.test_reports = []  # type: ignore[attr-defined]
    window.session.problem.connect(
        lambda title, text: window.test_reports.append(f"{title}: {text}")  # type: ignore[attr-defined]
    )
    return window


def reported(window: MainWindow) -> str:
    """Everything the window's session reported to the user so far (dialogs are answered
    by the ``no_modal_dialogs`` fixture)."""
    return "\n".join(getattr(window, "test_reports", []))


def make_window(qtbot, doc: Document | None = None) -> MainWindow:
    """A shown, active editor window on ``doc``; what it reports is kept (``reported``)."""
    window = record_reports(MainWindow())
    qtbot.addWidget(window)
    if doc is not None:
        window.session.replace_document(doc, None)
    window.show()
    qtbot.waitExposed(window)
    activate(qtbot, window)
    window.view.zoom_reset()
    window.view.setFocus()
    return window


def activate(qtbot, window: MainWindow) -> None:
    """Make ``window`` the active window, so its shortcuts fire."""
    window.activateWindow()
    window.raise_()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


@pytest.fixture(name="window")
def window_fixture(qtbot, isolated_settings) -> MainWindow:
    """An editor window on an empty document."""
    return make_window(qtbot)


window = window_fixture


def chain_doc(*labels: str, step: float = 260.0) -> Document:
    """Stages at (i * step, 0) with ids s0, s1, ... and no links."""
    doc = Document("Test model")
    for i, label in enumerate(labels):
        doc.insert_node(Node(f"s{i}", label, position=(i * step, 0.0)))
    return doc


def add_stages(window: MainWindow, *placed: tuple[str, float, float]) -> None:
    """Stages (id, x, y) added through the undo stack, then the history is cleared."""
    commands = [AddNode(Node(i, i.upper(), position=(x, y))) for i, x, y in placed]
    window.session.stack.run(Macro("Set up", commands))
    window.session.stack.clear()
    window.session.stack.setClean()


def add_links(window: MainWindow, *keys: tuple[str, str]) -> None:
    window.session.stack.run(Macro("Set up", [AddEdge(Edge(a, b)) for a, b in keys]))
    window.session.stack.clear()
    window.session.stack.setClean()


# -- documents ----------------------------------------------------------------------------
def snap(doc: Document) -> Any:
    """A frozen copy of the document's contents, to compare with later states."""
    return copy.deepcopy(doc.snapshot())


def assert_undo_redo(window: MainWindow, before: Any, steps: int = 1) -> None:
    """``steps`` undos give back ``before`` exactly; as many redos the current document."""
    after = snap(window.doc)
    assert after != before, "the gesture changed nothing"
    for _ in range(steps):
        assert window.session.stack.canUndo()
        window.session.stack.undo()
    assert window.doc.snapshot() == before
    assert_scene_matches(window)
    for _ in range(steps):
        window.session.stack.redo()
    assert window.doc.snapshot() == after
    assert_scene_matches(window)


def assert_scene_matches(window: MainWindow) -> None:
    """One item per stage at the stage's position, one per link, and nothing else."""
    scene, doc = window.scene, window.doc
    assert {i.node_id for i in scene.node_items()} == {n.id for n in doc.nodes}
    assert {i.link_id for i in scene.edge_items()} == {e.id for e in doc.edges}
    for node in doc.nodes:
        item = scene.node_item(node.id)
        assert item.scene() is scene
        if node.position is not None:
            assert (item.pos().x(), item.pos().y()) == node.position
        fresh = _geometry(item)
        assert (item.geo.label_lines, item.geo.rect) == (fresh.label_lines, fresh.rect)
    for edge in doc.edges:
        assert scene.edge_item(edge.id).scene() is scene
    assert_parts_match(window)


def assert_parts_match(window: MainWindow) -> None:
    """One frame per group, around the boxes of its stages as drawn now, and one item
    per text box at its corner, and nothing else."""
    scene, doc = window.scene, window.doc
    assert set(scene.parts.frames) == {g.id for g in doc.groups}
    assert set(scene.parts.boxes) == {b.id for b in doc.boxes}
    for group in doc.groups:
        frame = scene.frame_item(group.id)
        assert frame.scene() is scene
        for stage in group.stages:
            box = scene.node_item(stage).box()
            assert frame.rect.contains(box), (group.id, stage, frame.rect, box)
    for box in doc.boxes:
        item = scene.box_item(box.id)
        assert item.scene() is scene
        assert (item.pos().x(), item.pos().y()) == box.position


def _geometry(item):
    """What the item should draw for its stage as the model has it now."""
    from mesadiagram.render.geometry import node_geometry
    from mesadiagram.render.stage_shapes import stage_shape

    scene = item.diagram()
    node = scene.doc.node(item.node_id)
    shape = stage_shape(scene.doc, node)  # (its class's outline sizes the box)
    return node_geometry(node, scene.theme, True, scene.view_state.show_stage_text, shape)


# -- where things are ---------------------------------------------------------------------
def view_point(window: MainWindow, scene_point: QPointF) -> QPoint:
    return window.view.mapFromScene(scene_point)


def node_point(window: MainWindow, node_id: str, dx: float = 0, dy: float = 0) -> QPoint:
    """The view point over a stage's centre (offset by dx, dy in scene units)."""
    item = window.scene.node_item(node_id)
    return view_point(window, item.pos() + QPointF(dx, dy))


def handle_point(window: MainWindow, node_id: str) -> QPoint:
    item = window.scene.node_item(node_id)
    return view_point(window, item.mapToScene(item.handle_rect().center()))


def empty_point(window: MainWindow, x: float, y: float) -> QPoint:
    """A view point over empty canvas at scene (x, y); fails if something is there."""
    point = view_point(window, QPointF(x, y))
    assert window.view.itemAt(point) is None, f"({x}, {y}) is not empty canvas"
    return point


# -- mouse --------------------------------------------------------------------------------
def click(window: MainWindow, point: QPoint, modifiers=NoMod, button=Left) -> None:
    QTest.mouseClick(window.view.viewport(), button, modifiers, point)


def double_click(window: MainWindow, point: QPoint) -> None:
    QTest.mouseDClick(window.view.viewport(), Left, NoMod, point)


def drag(
    window: MainWindow,
    start: QPoint,
    end: QPoint,
    modifiers=NoMod,
    button=Left,
    steps: int = 6,
) -> None:
    """Press at ``start``, move in ``steps`` to ``end``, release there."""
    viewport = window.view.viewport()
    QTest.mousePress(viewport, button, modifiers, start)
    for n in range(1, steps + 1):
        point = start + (end - start) * n / steps
        QTest.mouseMove(viewport, point)
    QTest.mouseRelease(viewport, button, modifiers, end)


# -- keys ---------------------------------------------------------------------------------
def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "no widget has the keyboard focus"
    return widget


def key(qkey: Qt.Key, modifiers=NoMod) -> None:
    """A key press and release on the focused widget (shortcuts apply, as for a user)."""
    QTest.keyClick(focus(), qkey, modifiers)


def keys(sequence: str) -> None:
    """A standard or textual key sequence (e.g. ``"Ctrl+D"``) on the focused widget."""
    QTest.keySequence(focus(), sequence)


def type_text(text: str) -> None:
    QTest.keyClicks(focus(), text)


def label_line(window: MainWindow):
    return window.editor.labels.line


def assert_label_in_edit(window: MainWindow, text: str) -> None:
    line = label_line(window)
    assert window.editor.labels.is_open()
    assert line.text() == text
    assert focus() is line
