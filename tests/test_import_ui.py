"""File > Import… and pasting an outline onto the canvas, with real key and mouse events.

Import replaces the window's document as File > New does (after the unsaved-changes
question): the outline's model, laid out, untitled and modified. Pasting adds an
outline's stages, links and annotations at the mouse pointer as one undo step.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu

from mesadiagram.formats import dumps, load, loads
from tests.conftest import EXAMPLE, ROOT
from tests.test_clipboard import point_at
from tests.ui_helpers import (  # noqa: F401  (*_fixture: pytest fixtures)
    add_stages,
    assert_scene_matches,
    assert_undo_redo,
    click,
    isolated_settings_fixture,
    key,
    keys,
    node_point,
    reported,
    snap,
    window_fixture,
)

OUTLINE = ROOT / "examples" / "mesa_optimization.md"
Alt = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def import_dialog(monkeypatch) -> list:
    """QFileDialog.getOpenFileName answers with the paths queued here; ``asked`` keeps
    the filters it was given."""
    queued: list = []

    def ask(_parent, _caption, _start, filters, *args, **kwargs):
        queued.append(("asked", filters))
        return str(queued.pop(0)), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(ask))
    return queued


def choose_file_import(window, qtbot) -> None:
    """Alt+F opens the File menu; I chooses Import… (its mnemonic), as a user would."""
    QTest.keyClick(window, Qt.Key.Key_F, Alt)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert "&Import…" in [a.text() for a in menu.actions()]
    QTest.keyClick(menu, Qt.Key.Key_I)


def without_positions(doc):
    for node in doc.nodes:
        node.position = None
    return doc


def test_file_import_opens_the_outline_as_a_new_unsaved_document(
    window, qtbot, import_dialog, no_modal_dialogs
) -> None:
    add_stages(window, ("old", 0, 0))
    click(window, node_point(window, "old"))
    key(Qt.Key.Key_Right)  # unsaved work: asked about first (answered Discard)
    assert window.session.is_modified()
    import_dialog.append(OUTLINE)
    choose_file_import(window, qtbot)
    assert any("Unsaved changes" in asked for _kind, asked in no_modal_dialogs)
    assert import_dialog == [("asked", import_dialog[0][1])]
    assert "*.md" in import_dialog[0][1]  # the dialog is filtered by the import registry
    doc = window.doc
    assert all(node.position is not None for node in doc.nodes)
    assert without_positions(loads(dumps(doc))) == without_positions(load(EXAMPLE))
    assert window.session.path is None and window.session.is_modified()
    assert "*" in window.windowTitle()  # the modified marker
    assert window.session.stack.count() == 0  # a new document: nothing to undo into
    assert_scene_matches(window)
    assert reported(window) == ""


def test_import_places_stages_apart(window, qtbot, import_dialog) -> None:
    import_dialog.append(OUTLINE)
    choose_file_import(window, qtbot)
    xs = [node.position[0] for node in window.doc.nodes]
    assert xs == sorted(xs) and len(set(xs)) == 7  # the chain from left to right


def test_an_outline_with_a_bad_name_imports_nothing_and_names_the_line(
    window, qtbot, import_dialog, tmp_path: Path
) -> None:
    add_stages(window, ("kept", 0, 0))
    window.session.stack.setClean()
    before = snap(window.doc)
    bad = tmp_path / "bad.md"
    bad.write_text("- Base optimizer\n- Mesa optimizer\n- Mesa objective\n## Interventions\n"
                   "- Base -> Mesa: x\n", encoding="utf-8")  # fmt: skip
    import_dialog.append(bad)
    choose_file_import(window, qtbot)
    assert window.doc.snapshot() == before
    assert f"{bad}:5:11:" in reported(window)
    assert "“Mesa optimizer” (line 2), “Mesa objective” (line 3)" in reported(window)


def test_what_an_import_left_out_is_one_warning(window, qtbot, import_dialog, tmp_path) -> None:
    source = tmp_path / "notes.md"
    source.write_text("- A\n- B\n\nstray\n\n## Aside\n", encoding="utf-8")
    import_dialog.append(source)
    choose_file_import(window, qtbot)
    assert [n.label for n in window.doc.nodes] == ["A", "B"]
    assert window.test_reports == [
        "Import: “notes.md”: skipped 2: line 4: text outside the list “stray”; "
        "line 6: heading “Aside” (not a section)"
    ]


# -- pasting an outline --------------------------------------------------------------------
PASTED = (
    "# Ignored title\n\n"
    "- Deployment\n"
    "  - Kinds:\n    - Gradual: slowly\n"
    "- **Catastrophe** (the end)\n"
    "## Interventions\n"
    "- Deploy -> Cat: staged release\n  - Canaries\n"
)


def test_pasting_an_outline_adds_its_stages_at_the_pointer_as_one_step(window) -> None:
    add_stages(window, ("deployment", 0, 0))
    window.session.stack.clear()
    before = snap(window.doc)
    QApplication.clipboard().setText(PASTED)
    point_at(window, 300, 300)
    keys("Ctrl+V")
    doc = window.doc
    assert [n.id for n in doc.nodes] == ["deployment", "deployment-2", "catastrophe"]
    new, end = doc.node("deployment-2"), doc.node("catastrophe")
    assert [(a.type, a.label, a.text) for a in new.annotations] == [("kind", "Gradual", "slowly")]
    assert (end.text, end.outcome) == ("the end", True)
    (link,) = [e for e in doc.edges if e.source == "deployment-2"]
    assert link.target == "catastrophe"
    (intervention,) = link.annotations
    assert (intervention.label, [i.label for i in intervention.items]) == (
        "staged release",
        ["Canaries"],
    )
    assert doc.title != "Ignored title"
    # Centred on the pointer, laid out left to right, selected.
    boxes = [window.scene.node_item(i).box() for i in ("deployment-2", "catastrophe")]
    centre = boxes[0].united(boxes[1]).center()
    assert abs(centre.x() - 300) < 1 and abs(centre.y() - 300) < 1
    assert boxes[0].right() < boxes[1].left()
    assert window.scene.selected_node_ids() == ["deployment-2", "catastrophe"]
    assert window.session.stack.count() == 1
    assert window.session.stack.undoText() == "Paste outline"
    assert_undo_redo(window, before)


def test_pasting_an_outline_with_a_bad_name_changes_nothing_and_says_where(window) -> None:
    add_stages(window, ("a", 0, 0))
    before = snap(window.doc)
    QApplication.clipboard().setText("- A\n- B\n## Links\n- A -> Zed\n")
    point_at(window, 300, 300)
    keys("Ctrl+V")
    assert window.doc.snapshot() == before
    assert "clipboard:4:8: no stage named “Zed”" in reported(window)
    assert window.session.stack.count() == 0


def test_text_with_no_stages_pastes_nothing_and_says_nothing(window) -> None:
    add_stages(window, ("a", 0, 0))
    before = snap(window.doc)
    QApplication.clipboard().setText("A paragraph -> with an arrow.\n\n# And a heading\n")
    keys("Ctrl+V")
    assert window.doc.snapshot() == before and reported(window) == ""
