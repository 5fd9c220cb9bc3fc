"""The toolbar keeps its buttons in place: Undo and Redo show their short names there,
while the Edit menu and the tooltips name the step."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QToolButton

from tests.ui_helpers import (  # noqa: F401  (*_fixture: pytest fixtures)
    chain_doc,
    click,
    isolated_settings_fixture,
    key,
    make_window,
    node_point,
    type_text,
)

LONG = "Deceptive alignment persists through adversarial training and interpretability audits"


def button_geometries(window) -> dict[str, QRect]:
    tools = window.menus.toolbar
    QApplication.processEvents()
    return {
        action.iconText(): QRect(tools.widgetForAction(action).geometry())
        for action in tools.actions()
        if not action.isSeparator()
    }


def test_toolbar_buttons_stay_put_when_undo_names_a_long_step(qtbot, isolated_settings) -> None:
    window = make_window(qtbot, chain_doc("Base optimizer"))
    before = button_geometries(window)
    undo = window.actions_by_name["undo"]
    click(window, node_point(window, "s0"))
    key(Qt.Key.Key_Tab)  # a stage after it, its name in edit
    type_text(LONG)
    key(Qt.Key.Key_Return)
    assert undo.text() == f"&Undo Add stage “{LONG}” after"  # the Edit menu's entry
    assert LONG in undo.toolTip()  # and the toolbar button's tooltip
    button = window.menus.toolbar.widgetForAction(undo)
    assert isinstance(button, QToolButton) and button.text() == "Undo"
    key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Redo names it now
    assert LONG in window.actions_by_name["redo"].text()
    assert button_geometries(window) == before
