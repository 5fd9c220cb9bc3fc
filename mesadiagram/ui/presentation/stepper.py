"""Stepping through a presentation: which step is shown, and bringing the canvas to it.

A ``Stepper`` takes the author's document as it is when the presentation starts: its
frames (``presentation/frames.py``), a shown copy on a private session, and the scene
that draws it. ``go`` brings the copy's annotations and the view state (hidden, dimmed,
highlighted, warnings) to a step and places its callouts; the camera's view of it comes
from ``view_for``. Editing is impossible here: the copy has no undo stack of the
author's, and its view state is not editable.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from mesadiagram.model import Document
from mesadiagram.presentation import camera
from mesadiagram.presentation.frames import Frame, frames
from mesadiagram.presentation.shown import reveal, shown_copy
from mesadiagram.presentation.summary import SummaryCard, closing_summary
from mesadiagram.render.step_figure import camera_view, presentation_theme
from mesadiagram.render.theme import Theme
from mesadiagram.ui.presentation.scene import PresentationScene
from mesadiagram.ui.session import DocumentSession


class Stepper(QObject):
    """The steps of one presentation of ``doc`` and the scene showing the current one."""

    stepChanged = Signal(int)  # the index of the frame now shown

    def __init__(
        self,
        doc: Document,
        parent: QObject | None = None,
        theme: Theme | None = None,
        stage_text: bool = True,
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.frames: list[Frame] = frames(doc)
        self.theme = theme or presentation_theme(doc.presentation.theme)
        self.shown = shown_copy(doc)
        self.session = DocumentSession(self.shown, self)
        self.session.view_state.update(
            theme=self.theme, editable=False, show_legend=False, show_stage_text=stage_text
        )
        self.scene = PresentationScene(self.session, doc, self)
        self.index = -1
        self._summary: SummaryCard | None = None

    @property
    def count(self) -> int:
        return len(self.frames)

    @property
    def frame(self) -> Frame | None:
        return self.frames[self.index] if 0 <= self.index < len(self.frames) else None

    def summary(self) -> SummaryCard:
        """The closing card (the analysis runs once, when first needed)."""
        if self._summary is None:
            self._summary = closing_summary(self.doc)
        return self._summary

    def go(self, index: int) -> bool:
        """Show the step at ``index`` (clamped to the steps there are); False when
        that is the one shown already or there are none."""
        if not self.frames:
            return False
        index = max(0, min(index, len(self.frames) - 1))
        if index == self.index:
            return False
        frame = self.frames[index]
        reveal(self.shown, self.doc, frame)
        warnings = self.summary().unmitigated if frame.summary else frozenset()
        self.scene.show_frame(frame, warnings)
        self.index = index
        self.stepChanged.emit(index)
        return True

    def view_for(self, previous: camera.Rect | None, aspect: float) -> camera.Rect:
        """Where the camera should look at the step shown, coming from ``previous``."""
        frame = self.frame
        if frame is None:
            return previous or (0.0, 0.0, 100.0, 100.0)
        rects, edges = self.scene.geometry()
        geometry = (rects, edges, self.scene.placed)
        return camera_view(self.shown, self.theme, frame, geometry, previous, aspect)
