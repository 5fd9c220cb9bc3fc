"""View > Stage Text: each stage's text drawn under its label on the canvas, or not.

A view option of its own rather than a part of the detail level: the text belongs to the
stage in both compact and detailed views (as in exports, where ``--no-stage-text`` and
the Export dialog leave it out), and a large model may be easier to edit with small
boxes. Turning it on or off resizes the boxes (``render.geometry.node_geometry``), and
Arrange > Auto Layout then leaves room for what is drawn. The choice is remembered
(``SETTING``).
"""

from __future__ import annotations

from PySide6.QtGui import QAction

from mesadiagram.ui.view_state import ViewState, choose, keep_checked, remembered

SETTING = "canvasStageText"


def remembered_stage_text() -> bool:
    """The last View > Stage Text choice; shown when never chosen (exports draw it too)."""
    return remembered(SETTING)


def show_stage_text(view_state: ViewState, shown: bool) -> None:
    """View > Stage Text: draw the stages' texts or not, and remember the choice."""
    choose(view_state, "show_stage_text", SETTING, shown)


def stage_text_action(action: QAction, view_state: ViewState) -> None:
    """Start from the remembered choice, and keep the action's check mark on the view
    state's ``show_stage_text``, whoever sets it."""
    view_state.update(show_stage_text=remembered_stage_text())
    keep_checked(action, view_state, "show_stage_text")
