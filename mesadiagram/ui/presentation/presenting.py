"""Present mode: F5, View > Present, ``mesadiagram present FILE``.

``Presenting`` belongs to a window. ``start`` takes the document as it is, opens the
audience window full screen on the chosen screen (and the presenter view on the
editor's screen when there are two), and shows the first step; keys, clicks and the
presenter view's buttons move through the steps. The editor's window is disabled
meanwhile, so nothing can be edited, and its view and selection are put back exactly
when the presentation ends (Esc).

The screen: the one named in the settings (the Steps panel's Screen), else a screen
other than the editor's when there are several, else the editor's own.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QGuiApplication, QScreen, QTransform
from PySide6.QtWidgets import QGraphicsView, QWidget

from mesadiagram.presentation.frames import frames
from mesadiagram.ui.presentation.audience import AudienceWindow
from mesadiagram.ui.presentation.keys import KeyMap
from mesadiagram.ui.presentation.presenter_view import PresenterWindow
from mesadiagram.ui.presentation.stepper import Stepper
from mesadiagram.ui.presentation.view import Camera, of_rect, to_rect
from mesadiagram.ui.session import DocumentSession

SCREEN_SETTING = "presentation/screen"  # a screen's name; empty: automatic


def choose_screen(own: QScreen, screens: list[QScreen], wanted: str = "") -> QScreen:
    """The screen the audience sees (see the module's text)."""
    for screen in screens:
        if wanted and screen.name() == wanted:
            return screen
    others = [s for s in screens if s is not own]
    return others[0] if others else own


class Presenting(QObject):
    """The present mode of one editor window."""

    started = Signal()
    ended = Signal()

    def __init__(self, session: DocumentSession, view: QGraphicsView, window: QWidget) -> None:
        super().__init__(window)
        self.session = session
        self.view = view
        self.window = window
        self.stepper: Stepper | None = None
        self.audience: AudienceWindow | None = None
        self.presenter: PresenterWindow | None = None
        self.camera: Camera | None = None
        self.keys = KeyMap()
        self._saved: tuple | None = None

    @property
    def active(self) -> bool:
        return self.stepper is not None

    # -- starting and ending -------------------------------------------------------------
    def start(self, frame_index: int = 0) -> bool:
        """Present the session's document from the shown step ``frame_index``."""
        if self.active:
            return False
        session = self.session
        stepper = Stepper(session.doc, self, stage_text=session.view_state.show_stage_text)
        if not stepper.frames:
            session.tell("Nothing to present: the document has no stages")
            stepper.deleteLater()
            return False
        view = self.view
        scrolled = (view.horizontalScrollBar().value(), view.verticalScrollBar().value())
        editable = session.view_state.editable
        self._saved = (QTransform(view.transform()), scrolled, session.selection, editable)
        session.view_state.update(editable=False)
        self.window.setEnabled(False)  # nothing is edited while presenting
        self.stepper, self.keys = stepper, KeyMap()
        own = self.window.screen() or QGuiApplication.primaryScreen()
        wanted = str(QSettings().value(SCREEN_SETTING, "") or "")
        screen = choose_screen(own, QGuiApplication.screens(), wanted)
        self.audience = AudienceWindow(stepper.scene)
        self.audience.keyPressed.connect(self.key)
        self.audience.clicked.connect(self.click)
        self.audience.closing.connect(self.stop)
        self.camera = Camera(self.audience.view, self)
        self.presenter = PresenterWindow(stepper)
        self.presenter.keyPressed.connect(self.key)
        self.presenter.clicked.connect(self.click)
        self.presenter.command.connect(self.command)
        self.camera.arrived.connect(self.presenter.follow)
        self.audience.place_on(screen)
        if screen is not own:  # the speaker's screen: the presenter view beside the editor
            self.presenter.setScreen(own)
            self.presenter.setGeometry(own.availableGeometry())
            self.presenter.show()
            self.audience.activateWindow()
        self.go(max(0, min(frame_index, stepper.count - 1)), smooth=False)
        self.started.emit()
        return True

    def start_at_step(self, step_index: int) -> bool:
        """Present from the step at ``step_index`` of the Steps panel's list (skipped
        steps included): from the first step shown at or after it."""
        shown = frames(self.session.doc)
        return self.start(next((i for i, f in enumerate(shown) if f.index >= step_index), 0))

    def stop(self) -> None:
        """Leave present mode: the editor as it was, its view and selection included."""
        if not self.active:
            return
        for window in (self.presenter, self.audience):
            if window is not None:
                window.close_quietly()
                window.deleteLater()
        if self.stepper is not None:
            self.stepper.deleteLater()
        self.stepper = self.audience = self.presenter = None
        self.camera = None
        self.window.setEnabled(True)
        if self._saved is not None:
            transform, (x, y), selection, editable = self._saved
            self.session.view_state.update(editable=editable)
            self.view.setTransform(transform)
            self.view.horizontalScrollBar().setValue(x)  # (to the pixel, as it was)
            self.view.verticalScrollBar().setValue(y)
            self.session.select(selection)
        self._saved = None
        self.window.activateWindow()
        self.view.setFocus()
        self.ended.emit()

    # -- moving --------------------------------------------------------------------------
    def go(self, index: int, smooth: bool = True) -> None:
        """Show the step at ``index`` of the shown steps, the camera gliding to it."""
        stepper, audience, camera = self.stepper, self.audience, self.camera
        if stepper is None or audience is None or camera is None:
            return
        if not stepper.go(index) and camera.target is not None:
            return
        frame = stepper.frame
        summary = stepper.summary() if frame is not None and frame.summary else None
        audience.show_card(summary, stepper.theme)
        previous = of_rect(camera.target) if camera.target is not None else None
        target = stepper.view_for(previous, audience.view.aspect())
        camera.go(to_rect(target), smooth)

    def key(self, key: int) -> None:
        what, number = self.keys.command(key)
        if what == "jump":
            self.go(number - 1)
        elif what is not None:
            self.command(what)

    def click(self, forward: bool) -> None:
        self.command("unblank" if self.keys.blank else ("next" if forward else "back"))

    def command(self, what: str) -> None:
        """``next``, ``back``, ``first``, ``last``, ``black``, ``white``, ``unblank``,
        ``presenter`` or ``leave``."""
        stepper = self.stepper
        if stepper is None or self.audience is None:
            return
        moves = {"next": stepper.index + 1, "back": stepper.index - 1}
        moves.update(first=0, last=stepper.count - 1)
        if what in moves:
            self.go(moves[what])
        elif what in ("black", "white", "unblank"):
            self.keys.blank = "" if what == "unblank" else what
            self.audience.set_blank(self.keys.blank)
        elif what == "presenter" and self.presenter is not None:
            self.presenter.setVisible(not self.presenter.isVisible())
            if self.presenter.isVisible():
                self.presenter.raise_()
        elif what == "leave":
            self.stop()
