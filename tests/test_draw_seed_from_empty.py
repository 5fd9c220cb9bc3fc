"""The issue's "done when": the whole seed model drawn from an empty document with mouse
and keyboard; it saves, reopens identical, and undoes step by step back to empty."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from mesadiagram.formats import dumps, load
from mesadiagram.ui.inspector import InspectorDock
from tests.test_inspector import focus_on
from tests.ui_helpers import (  # noqa: F401  (*_fixture: pytest fixtures)
    double_click,
    isolated_settings_fixture,
    key,
    snap,
    window_fixture,
)

TYPES = ["kind", "mechanism", "caveat", "intervention", "note"]


def typed(widget, text: str) -> None:
    """Key events carrying each character, as a keyboard or input method sends them
    (QTest.keyClicks refuses characters such as ’ and “)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def said(annotations) -> list:
    """What annotations say, without their ids: one attached empty and then named gets
    its id from its type, the seed's have ids from their labels."""
    return [dataclasses.replace(a, id="") for a in annotations]


def _add_annotation(window, ann, qtbot) -> None:
    """Through the inspector: Add ▸ type, type the label, the text, the methods."""
    section = window.findChild(InspectorDock, "inspectorDock").annotations
    section.add_menu.aboutToShow.emit()
    section.add_menu.actions()[TYPES.index(ann.type)].trigger()
    editor = section.editor
    if ann.label:
        typed(editor.label, ann.label)
    QTest.keyClick(editor.label, Qt.Key.Key_Return)
    if ann.text:
        focus_on(editor.text)
        typed(editor.text, ann.text)
        QTest.keyClick(editor.text, Qt.Key.Key_Tab)  # leaving the field commits it
    for item in ann.items:
        editor.items.add_button.click()
        qtbot.waitUntil(
            lambda: (
                QApplication.focusWidget() is not None
                and QApplication.focusWidget().parent() is editor.items.list.viewport()
            )
        )
        line = QApplication.focusWidget()
        typed(line, item.label)
        QTest.keyClick(line, Qt.Key.Key_Return)
        QApplication.processEvents()


def test_the_seed_drawn_from_empty(window, seed_doc, tmp_path, qtbot) -> None:
    empty = snap(window.doc)
    # The chain: double-click on the canvas, type a name, Tab for the next one.
    double_click(window, QPoint(120, 200))
    for i, node in enumerate(seed_doc.nodes):
        typed(QApplication.focusWidget(), node.label)
        key(Qt.Key.Key_Tab if i < len(seed_doc.nodes) - 1 else Qt.Key.Key_Return)
    assert [n.label for n in window.doc.nodes] == [n.label for n in seed_doc.nodes]
    ids = {s.label: d.id for s, d in zip(seed_doc.nodes, window.doc.nodes, strict=True)}
    assert ids["Mesa optimizer"] == "mesa-optimizer"  # ids come from the typed names
    assert len(window.doc.edges) == 6
    # Stage texts and annotations, then the links' interventions and notes.
    for node in seed_doc.nodes:
        window.scene.select([node.id])
        if node.text:
            field = window.findChild(InspectorDock, "inspectorDock").form.node_page.text
            focus_on(field)
            typed(field, node.text)
            QTest.keyClick(field, Qt.Key.Key_Tab)
        for ann in node.annotations:
            _add_annotation(window, ann, qtbot)
    for edge in seed_doc.edges:
        window.scene.select(edge_keys=[edge.id])
        for ann in edge.annotations:
            _add_annotation(window, ann, qtbot)
    qtbot.waitUntil(
        lambda: said(window.doc.edges[-1].annotations) == said(seed_doc.edges[-1].annotations)
    )
    # The drawing is the seed model, positions aside.
    for drawn, seed in zip(window.doc.nodes, seed_doc.nodes, strict=True):
        assert (drawn.label, drawn.text, said(drawn.annotations)) == (
            seed.label,
            seed.text,
            said(seed.annotations),
        )
    for drawn, seed in zip(window.doc.edges, seed_doc.edges, strict=True):
        assert drawn.id == seed.id and said(drawn.annotations) == said(seed.annotations)
    ann_ids = [a.id for _owner, a in window.doc.iter_annotations()]
    assert all(ann_ids) and len(set(ann_ids)) == len(ann_ids)  # each its own id
    # Saved and reopened, it is identical.
    path = tmp_path / "drawn.yaml"
    window.files._write(path)
    assert load(path) == window.doc
    assert dumps(load(path)) == path.read_text(encoding="utf-8")
    # Undo step by step goes back to the empty document.
    while window.session.stack.canUndo():
        window.session.stack.undo()
    assert snap(window.doc) == empty
