"""View > Legend: the legend of the exports, drawn in a corner of the canvas.

The same geometry and drawing as a figure's legend (``render/legend.py``), in the canvas's
theme, at screen size whatever the zoom. It lies over the bottom left corner of the view,
so it stays in sight while the diagram is panned and zoomed; it lets the mouse through,
and fades while the pointer is over it, so the stages under it can still be seen and
clicked. It follows the document (types and kinds added or removed, link types and
stage classes in use), the theme and the view state's ``show_legend``; the choice is
remembered (``SETTING``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from mesadiagram.model import events as ev
from mesadiagram.render.legend import LegendGeometry, draw_legend, legend_geometry
from mesadiagram.render.surface import PainterSurface
from mesadiagram.ui.session import DocumentSession
from mesadiagram.ui.view_state import ViewState, choose, remembered

SETTING = "canvasLegend"
MARGIN = 12  # from the viewport's corner, in pixels
FADED = 0.15  # opacity while the pointer is over it
# Events after which the types and kinds in use may differ (a move or a rename may not).
_LEGEND_EVENTS = (ev.AnnotationsChanged, ev.NodeAdded, ev.NodeRemoved, ev.EdgeAdded)
_LEGEND_EVENTS += (ev.EdgeRemoved, ev.DocumentChanged)
_LOOK_FIELDS = {"type", "stage_class"}  # fields whose change may change the rows


def remembered_legend() -> bool:
    """The last View > Legend choice; shown when never chosen (exports draw it too)."""
    return remembered(SETTING)


def show_legend(view_state: ViewState, shown: bool) -> None:
    """View > Legend: show or hide the legend on the canvas and remember the choice."""
    choose(view_state, "show_legend", SETTING, shown)


class LegendOverlay(QWidget):
    """The legend over a corner of ``view``'s viewport.

    A child of the view beside its viewport, not of the viewport: a scrolled viewport
    moves its children along, and the legend must stay in its corner.
    """

    def __init__(self, session: DocumentSession, view: QAbstractScrollArea) -> None:
        super().__init__(view)
        self.session = session
        self.view = view
        self.geo: LegendGeometry | None = None
        self._faded = False
        self.setObjectName("canvasLegend")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        # One update per burst of edits (a paste, typing), in a turn of its own: the types
        # and kinds in use are looked up in every annotation (4 ms for 15,000).
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self.refresh)
        session.view_state.update(show_legend=remembered_legend())
        session.changed.connect(self._document_changed)
        session.documentReplaced.connect(lambda _doc: self.refresh())
        session.view_state.changed.connect(self._view_changed)
        view.viewport().installEventFilter(self)
        self.refresh()

    @property
    def shown(self) -> bool:
        """Whether the legend is on screen: asked for, and there is something to explain."""
        return self.isVisible() and self.geo is not None

    def refresh(self) -> None:
        """Recompute the legend (when it is asked for) and put it in its corner."""
        state = self.session.view_state
        if not state.show_legend:
            self.hide()  # (recomputed when shown again)
            return
        viewport = self.view.viewport()
        room = viewport.height() - 2 * MARGIN
        geo = legend_geometry(self.session.doc, state.theme, QPointF(0.5, 0.5), room)
        if geo is not None and geo == self.geo and self.isVisible():
            return  # (unchanged: a resize or repaint would repaint the canvas under it)
        self.geo = geo
        if self.geo is None:
            self.hide()
            return
        rect = self.geo.rect
        self.resize(int(rect.right() + 1.5), int(rect.bottom() + 1.5))
        self._place()
        self.show()
        self.raise_()
        self.update()

    def _place(self) -> None:
        area = self.view.viewport().geometry()  # in the view's coordinates
        self.move(area.left() + MARGIN, area.bottom() + 1 - MARGIN - self.height())

    def _schedule(self) -> None:
        if self.session.view_state.show_legend:  # (else made anew when shown)
            self._timer.start()

    def _document_changed(self, event: ev.ChangeEvent) -> None:
        if isinstance(event, _LEGEND_EVENTS):
            self._schedule()
        elif isinstance(event, ev.NodeChanged | ev.EdgeChanged) and _LOOK_FIELDS & set(
            event.fields
        ):
            self._schedule()  # a link type or stage class in use may come or go

    def _view_changed(self, aspects: frozenset[str]) -> None:
        if aspects & {"show_legend", "theme"}:
            self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The viewport's size places the legend; the pointer over it fades it."""
        kind = event.type()
        if kind == QEvent.Type.Resize:
            if self.session.view_state.show_legend:
                self.refresh()  # (a lower viewport may hold fewer rows)
        elif kind in (QEvent.Type.MouseMove, QEvent.Type.HoverMove) and self.isVisible():
            pos = self.view.viewport().mapTo(self.view, event.position().toPoint())
            self._fade(self.geometry().contains(pos))
        elif kind == QEvent.Type.Leave:
            self._fade(False)
        return False

    def _fade(self, faded: bool) -> None:
        if faded != self._faded:
            self._faded = faded
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.geo is None:
            return
        painter = QPainter(self)
        painter.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
        )
        if self._faded:
            painter.setOpacity(FADED)
        theme = self.session.view_state.theme
        draw_legend(PainterSurface(painter), self.session.doc, self.geo, theme)
        painter.end()
