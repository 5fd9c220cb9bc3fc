"""View > Risk on Outcomes: each outcome's risk written under its label on the canvas.

The numbers come from the analysis runner's latest result (what-if switches included),
as lines made by ``render/outcome_risk.py``, the same as ``mesadiagram export --risk``
draws; they go into the view state (``outcome_risk``) and the canvas draws them while
``show_outcome_risk`` is on. The choice is remembered (``SETTING``); off at first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from mesadiagram.render.outcome_risk import risk_texts
from mesadiagram.ui.view_state import ViewState, choose, keep_checked, remembered

if TYPE_CHECKING:
    from mesadiagram.analysis.report import Analysis
    from mesadiagram.ui.analysis_runner import AnalysisRunner
    from mesadiagram.ui.session import DocumentSession

SETTING = "canvasOutcomeRisk"


def show_outcome_risk(view_state: ViewState, shown: bool) -> None:
    """View > Risk on Outcomes: draw the outcomes' risk or not, and remember the choice."""
    choose(view_state, "show_outcome_risk", SETTING, shown)


def outcome_risk_action(action: QAction, view_state: ViewState) -> None:
    """Start from the remembered choice, and keep the action's check mark on the view
    state's ``show_outcome_risk``, whoever sets it."""
    view_state.update(show_outcome_risk=remembered(SETTING, False))
    keep_checked(action, view_state, "show_outcome_risk")


class OutcomeRisk(QObject):
    """Puts each new analysis result's risk lines into the session's view state."""

    def __init__(
        self, session: DocumentSession, runner: AnalysisRunner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.view_state = session.view_state
        runner.resultReady.connect(self.follow)

    def follow(self, result: Analysis | None) -> None:
        self.view_state.update(outcome_risk=risk_texts(result))
