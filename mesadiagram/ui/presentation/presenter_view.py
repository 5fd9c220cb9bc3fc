"""The presenter view: what the speaker sees while the room sees the stage.

The current step as the room sees it (a second view of the same scene, following the
camera), the next step (drawn by the deck's renderer a moment after each step, so the
room's picture comes first), the step's number of all, its title, the text and notes of
the current stage or link, and the time since the presentation began. On a second
screen it sits beside the editor; with one screen it is a window the P key shows.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QElapsedTimer, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor, QImage, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mesadiagram.model import Document, ElementId
from mesadiagram.presentation.frames import Frame
from mesadiagram.presentation.shown import reveal, shown_copy
from mesadiagram.presentation.steps import element_name
from mesadiagram.render.step_figure import build_step, draw_step, frame_view
from mesadiagram.render.surface import PainterSurface
from mesadiagram.ui.presentation.stepper import Stepper
from mesadiagram.ui.presentation.view import StageView, of_rect

PREVIEW_DELAY_MS = 320  # after the camera has settled


def clock_text(ms: int) -> str:
    """``4:05``, or ``1:02:03`` past an hour."""
    seconds = ms // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def speaker_notes(doc: Document, frame: Frame) -> str:
    """The text and notes of the stages and links the step is about, as HTML."""
    about: list[ElementId] = list(dict.fromkeys([*sorted(frame.new_stages), *frame.owners]))
    about += sorted(k for k in frame.new_links if k not in about)
    parts = []
    for element_id in about:
        element = doc.element(element_id)
        notes = [a for a in element.annotations if a.type == "note"]
        if not element.text and not notes and element_id not in frame.new_stages:
            continue
        parts.append(f"<h3>{html.escape(element_name(doc, element_id))}</h3>")
        if element.text:
            parts.append(f"<p>{html.escape(element.text)}</p>")
        for note in notes:
            words = ": ".join(t for t in (note.label, note.text) if t)
            parts.append(f"<p><i>Note:</i> {html.escape(words)}</p>")
    return "".join(parts) or "<p><i>No text or notes for this step.</i></p>"


class PresenterWindow(QWidget):
    """The speaker's window; its keys and buttons are reported as the room's are."""

    keyPressed = Signal(int)
    command = Signal(str)  # "back", "next", "black", "leave"
    clicked = Signal(bool)

    def __init__(self, stepper: Stepper) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle("Presenter view — mesadiagram")
        self.setObjectName("presenterWindow")
        self.stepper = stepper
        self.current = StageView(stepper.scene, self)
        self.current.setAccessibleName("Current step")
        self.current.clicked.connect(self.clicked)
        self.next_picture = QLabel(self)
        self.next_picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_picture.setMinimumSize(320, 180)
        self.next_title = QLabel(self)
        self.next_title.setWordWrap(True)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 18pt; font-weight: 600;")
        self.counter = QLabel(self)
        self.counter.setStyleSheet("font-size: 16pt;")
        self.clock = QLabel("0:00", self)
        self.clock.setStyleSheet("font-size: 28pt; font-weight: 600;")
        self.clock.setAccessibleName("Time since the presentation began")
        self.notes = QTextBrowser(self)
        self.notes.setAccessibleName("Text and notes")
        self.notes.setStyleSheet("font-size: 14pt;")
        self._build_layout()
        self._elapsed = QElapsedTimer()
        self._elapsed.start()
        self._ticker = QTimer(self, interval=1000)
        self._ticker.timeout.connect(self._tick)
        self._ticker.start()
        self._preview = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._preview.timeout.connect(self._draw_next)
        self._preview_copy: Document | None = None
        self._target: QRectF | None = None
        stepper.stepChanged.connect(self._step_changed)
        self.resize(1100, 700)

    def _build_layout(self) -> None:
        buttons = QHBoxLayout()
        for text, what in (
            ("◀ Back", "back"),
            ("Next ▶", "next"),
            ("Black", "black"),
            ("End", "leave"),
        ):
            button = QPushButton(text, self)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # (keys stay with the window)
            button.clicked.connect(lambda _checked=False, w=what: self.command.emit(w))
            buttons.addWidget(button)
        reset = QPushButton("Restart Clock", self)
        reset.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        reset.clicked.connect(self.restart_clock)
        buttons.addWidget(reset)
        side = QVBoxLayout()
        side.addWidget(QLabel("<b>Next</b>", self))
        side.addWidget(self.next_picture, 1)
        side.addWidget(self.next_title)
        side.addWidget(self.clock, 0, Qt.AlignmentFlag.AlignRight)
        grid = QGridLayout(self)
        grid.addWidget(self.current, 0, 0)
        grid.addLayout(side, 0, 1)
        grid.addWidget(self.title, 1, 0)
        grid.addWidget(self.counter, 1, 1, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.notes, 2, 0)
        grid.addLayout(buttons, 3, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(2, 2)

    # -- following the presentation ------------------------------------------------------
    def follow(self, rect: QRectF) -> None:
        """The room's view moved (the camera): show the same."""
        self._target = QRectF(rect)
        self.current.show_rect(rect)

    def _step_changed(self, index: int) -> None:
        stepper = self.stepper
        frame = stepper.frames[index]
        self.title.setText(html.escape(frame.title))
        self.counter.setText(f"Step {frame.number} of {stepper.count}")
        self.notes.setHtml(speaker_notes(stepper.doc, frame))
        following = stepper.frames[index + 1] if index + 1 < stepper.count else None
        self.next_title.setText(html.escape(following.title) if following else "End")
        self.next_picture.clear()
        self._preview.start()

    def _draw_next(self) -> None:
        """The next step, drawn as a deck page would be (off the room's critical path)."""
        stepper = self.stepper
        index = stepper.index + 1
        if index >= stepper.count or not self.isVisible():
            return
        if self._preview_copy is None:
            self._preview_copy = shown_copy(stepper.doc)
        frame = stepper.frames[index]
        reveal(self._preview_copy, stepper.doc, frame)
        picture = build_step(self._preview_copy, stepper.doc, stepper.theme, frame)
        if frame.summary:
            picture.summary = stepper.summary()
        size = self.next_picture.size()
        aspect = (
            self.current.aspect()
            if self._target is None
            else (self._target.width() / max(1e-9, self._target.height()))
        )
        previous = of_rect(self._target) if self._target is not None else None
        left, top, right, bottom = frame_view(picture, previous, aspect)
        picture.view = QRectF(QPointF(left, top), QPointF(right, bottom))
        width = max(16, size.width())
        height = max(9, round(width / aspect))
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(stepper.theme.background))
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            scale = width / picture.view.width()
            painter.scale(scale, scale)
            painter.translate(-picture.view.topLeft())
            draw_step(PainterSurface(painter), picture)
        finally:
            painter.end()
        self.next_picture.setPixmap(QPixmap.fromImage(image))

    def _tick(self) -> None:
        self.clock.setText(clock_text(self._elapsed.elapsed()))

    def restart_clock(self) -> None:
        self._elapsed.restart()
        self._tick()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._target is not None:
            self.current.show_rect(self._target)
        self._preview.start()  # (not drawn while hidden)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.keyPressed.emit(event.key())
        event.accept()

    def close_quietly(self) -> None:
        """The presentation ended: close for good."""
        self._ending = True
        self._ticker.stop()
        self._preview.stop()
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if getattr(self, "_ending", False):
            event.accept()
            return
        event.ignore()  # closed by the speaker: hidden until P, the presentation goes on
        self.hide()
