"""The audience's window: the stage view filling a screen, and nothing else.

No menus, bars or frame: the window covers its screen (full screen under a window
manager, the screen's whole geometry either way). On top of the view it may show the
closing summary card (drawn by ``render/summary_card.py``, sized by the window's width
as a deck page sizes it) and a black or white blank. Keys and clicks are reported, not
acted on: the presentation decides what they do.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QCloseEvent, QColor, QKeyEvent, QPainter, QPaintEvent, QScreen
from PySide6.QtWidgets import QWidget

from mesadiagram.presentation.summary import SummaryCard
from mesadiagram.render.summary_card import draw_summary_card
from mesadiagram.render.surface import PainterSurface
from mesadiagram.render.theme import Theme
from mesadiagram.ui.presentation.scene import PresentationScene
from mesadiagram.ui.presentation.view import StageView

CARD = (0.64, 0.06, 0.97, 0.94)  # the card's place, as shares of the width and height


class _Overlay(QWidget):
    """The summary card or a blank, over the view; the mouse goes through it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.card: tuple[SummaryCard, Theme] | None = None
        self.blank: str = ""
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            if self.blank:
                painter.fillRect(self.rect(), QColor("black" if self.blank == "black" else "white"))
                return
            if self.card is None:
                return
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            w, h = self.width(), self.height()
            left, top, right, bottom = CARD
            rect = QRectF(w * left, h * top, w * (right - left), h * (bottom - top))
            card, theme = self.card
            draw_summary_card(PainterSurface(painter), rect, card, theme, w)
        finally:
            painter.end()


class AudienceWindow(QWidget):
    """What the room sees."""

    keyPressed = Signal(int)
    clicked = Signal(bool)  # True: forward
    closing = Signal()  # closed by the window manager or the system

    def __init__(self, scene: PresentationScene) -> None:
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.setWindowTitle("Presentation — mesadiagram")
        self.setObjectName("presentationWindow")
        self.setAccessibleName("Presentation")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.view = StageView(scene, self)
        self.view.clicked.connect(self.clicked)
        self.overlay = _Overlay(self)
        self.overlay.hide()
        self._closing_by_us = False

    def place_on(self, screen: QScreen) -> None:
        """Cover ``screen``: its whole geometry, full screen where windows may be."""
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.setGeometry(screen.geometry())  # (no window manager: full screen is this)
        self.raise_()
        self.activateWindow()
        self.setFocus()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.view.setGeometry(self.rect())
        self.overlay.setGeometry(self.rect())

    def show_card(self, card: SummaryCard | None, theme: Theme) -> None:
        wanted = (card, theme) if card is not None else None
        if wanted != self.overlay.card:
            self.overlay.card = wanted
            self._overlay_changed()

    def set_blank(self, blank: str) -> None:
        """``black``, ``white``, or "" for the picture."""
        self.overlay.blank = blank  # (clicks still reach the view: one brings it back)
        self._overlay_changed()

    def _overlay_changed(self) -> None:
        # Shown only when it has something to show: a transparent widget over the view
        # would make every repaint of the view a repaint of the whole window.
        self.overlay.setVisible(bool(self.overlay.blank or self.overlay.card))
        self.overlay.raise_()
        self.overlay.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.keyPressed.emit(event.key())
        event.accept()

    def close_quietly(self) -> None:
        self._closing_by_us = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing_by_us:
            self.closing.emit()
        event.accept()
