"""The editor's side of stage texts and compact tags: View > Stage Text on the canvas
(remembered, resizing the boxes, followed by Auto Layout), the Export dialog's Stage
text box, and the interventions' labels beside their links, driven by real events."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu

from mesadiagram.ui.export_dialog import ExportDialog
from mesadiagram.ui.export_settings import ExportChoices
from tests.export_support import svg_text
from tests.ui_helpers import (  # noqa: F401  (*_fixture: pytest fixtures)
    click,
    isolated_settings_fixture,
    make_window,
    view_point,
)

Left = Qt.MouseButton.LeftButton
CtrlShift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
TEXT = "base objective != mesa objective"


def _view_action(window, text: str):
    for top in window.menuBar().actions():
        if top.text().replace("&", "") == "View":
            menu: QMenu = top.menu()
            for action in menu.actions():
                if action.text().replace("&", "") == text:
                    return action
    raise AssertionError(f"no View > {text}")


def _press_view_menu_entry(qtbot, window, text: str) -> None:
    """Open the View menu with the keyboard and choose ``text``, as a user would."""
    view_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "View"
    )
    window.menuBar().setActiveAction(view_menu.menuAction())
    qtbot.waitUntil(view_menu.isVisible)
    action = _view_action(window, text)
    view_menu.setActiveAction(action)
    QTest.keyClick(view_menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view_menu.isVisible())


def test_view_stage_text_shows_and_hides_the_texts(qtbot, isolated_settings, seed_doc) -> None:
    window = make_window(qtbot, seed_doc)
    item = window.scene.node_item("misalignment")
    action = _view_action(window, "Stage Text")
    assert action.isCheckable() and action.isChecked()  # drawn unless turned off
    assert item.geo.text_lines and TEXT in " ".join(item.geo.text_lines)
    tall = item.box().height()
    _press_view_menu_entry(qtbot, window, "Stage Text")
    assert not action.isChecked() and not window.session.view_state.show_stage_text
    assert item.geo.text_lines == [] and item.box().height() < tall - 20
    # Auto layout sizes the boxes as drawn: top to bottom, the catastrophe (four lines of
    # text) sits further below its cause when its text is shown.
    gap_without = _layout_gap(qtbot, window)
    # The choice is remembered for the next window.
    again = make_window(qtbot, seed_doc)
    assert not _view_action(again, "Stage Text").isChecked()
    assert again.scene.node_item("misalignment").geo.text_lines == []
    _press_view_menu_entry(qtbot, again, "Stage Text")
    assert again.scene.node_item("misalignment").box().height() == tall
    assert _layout_gap(qtbot, again) > gap_without + 20


def _layout_gap(qtbot, window) -> float:
    """Arrange > Auto Layout, Top to Bottom (its shortcut), then how far the catastrophe's
    centre is below its cause's."""
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_L, CtrlShift)
    doc = window.doc
    return doc.node("catastrophe").position[1] - doc.node("unanticipated-behaviour").position[1]


def test_the_export_dialog_can_leave_stage_texts_out(qtbot, isolated_settings, seed_doc, tmp_path):
    path = tmp_path / "figure.svg"
    dialog = ExportDialog(seed_doc, path, ExportChoices.load())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    check = dialog.stage_text_check
    assert check.isChecked()  # drawn by default, as on the command line
    QTest.mouseClick(check, Left, pos=QPoint(8, check.height() // 2))
    assert not check.isChecked()
    QTest.mouseClick(dialog.export_button, Left)
    assert dialog.written == path
    assert TEXT not in svg_text(path.read_text(encoding="utf-8"))
    assert not ExportChoices.load().stage_text  # remembered
    again = ExportDialog(seed_doc, path, ExportChoices.load())
    qtbot.addWidget(again)
    assert not again.stage_text_check.isChecked()


def test_the_canvas_shows_each_interventions_label_by_its_link(qtbot, isolated_settings, seed_doc):
    window = make_window(qtbot, seed_doc)
    item = window.scene.edge_item("base-optimizer->mesa-optimizer")
    tag = item.tag
    assert tag is not None
    assert [e.annotation.label for e in tag.entries] == ["prevent mesa-optimizer arising"]
    for end in ("base-optimizer", "mesa-optimizer"):
        assert not tag.rect.intersects(window.scene.node_item(end).box())
    assert item.boundingRect().contains(tag.rect)  # painted and hit within the item
    # A click on the label selects its link.
    window.scene.clearSelection()
    click(window, view_point(window, QPointF(tag.rect.center())))
    assert window.session.selection == ["base-optimizer->mesa-optimizer"]
    # Detailed, the callout says it all: no tag.
    window.session.view_state.set_all_detailed(True)
    assert item.tag is None
    window.session.view_state.set_all_detailed(False)
    assert item.tag is not None
