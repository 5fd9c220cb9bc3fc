"""The Analysis dock's Sensitivity section: the sensitivity chart of ``render/tornado.py``.

The same drawing as ``mesadiagram analyze --plot`` (through a ``PainterSurface``), at the
width of the dock and the size of its text, in the canvas's theme. It follows the
analysis runner's results (the runner computes sensitivity for models of up to 200 links
on paths) and the theme; with several outcomes a box chooses the one charted. Clicking a
bar selects its link on the canvas and highlights it with its stages, as the dock's
rows do, through the session and its view state. Hidden while there is nothing to chart
(no credences, no outcome).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFontInfo, QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from mesadiagram.render.surface import PainterSurface
from mesadiagram.render.tornado import TornadoLayout, draw_tornado, layout_tornado
from mesadiagram.render.tornado_data import (
    NoChartError,
    Tornado,
    chart_outcomes,
    chart_title,
    explanation,
    tornado_of,
    value_text,
)

if TYPE_CHECKING:
    from mesadiagram.analysis.report import Analysis
    from mesadiagram.render.theme import Theme
    from mesadiagram.ui.analysis_runner import AnalysisRunner
    from mesadiagram.ui.session import DocumentSession

MIN_CHART_HEIGHT = 160  # the section's scroll area: room for a few bars at least


class TornadoView(QWidget):
    """Paints one chart as wide as the widget, as tall as it needs; a click on a bar
    emits ``linkClicked`` with its link's id."""

    linkClicked = Signal(str)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Sensitivity chart")
        self.setMouseTracking(True)  # (the pointing hand over bars)
        self.theme = theme
        self.tornado: Tornado | None = None
        self._layout: TornadoLayout | None = None

    def show_chart(self, tornado: Tornado | None, theme: Theme) -> None:
        self.tornado, self.theme = tornado, theme
        self._layout = None
        self._fit_height()
        self.update()

    def chart(self) -> TornadoLayout | None:
        """The chart as laid out at the widget's width (made when first needed)."""
        if self.tornado is None:
            return None
        width = float(max(self.width(), 200))
        if self._layout is None or self._layout.bounds.width() != width:
            size = QFontInfo(self.font()).pixelSize()
            self._layout = layout_tornado(self.tornado, self.theme, width, size, heading=False)
        return self._layout

    def _fit_height(self) -> None:
        chart = self.chart()
        height = 0 if chart is None else int(chart.bounds.height()) + 1
        if self.minimumHeight() != height:
            self.setMinimumHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def paintEvent(self, event: QPaintEvent) -> None:
        chart = self.chart()
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), QColor(self.theme.background))
            if chart is not None:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                draw_tornado(PainterSurface(painter), chart, self.theme)
        finally:
            painter.end()

    def bar_at(self, pos: QPointF) -> str | None:
        chart = self.chart()
        return None if chart is None else chart.bar_at(pos)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        link = self.bar_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and link is not None:
            self.linkClicked.emit(link)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        link = self.bar_at(event.position())
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if link is not None else Qt.CursorShape.ArrowCursor
        )
        self.setToolTip(self._tip(link))
        super().mouseMoveEvent(event)

    def _tip(self, link: str | None) -> str:
        if link is None or self.tornado is None:
            return ""
        bar = next(b for b in self.tornado.bars if b.link == link)
        return (
            f"{bar.label}\nP({self.tornado.outcome_label}) with this link at 0: "
            f"{value_text(bar.at_0)}; at 1: {value_text(bar.at_1)}\nClick to select the link"
        )


def sensitivity_split(above: QWidget, section: SensitivitySection) -> QSplitter:
    """``above`` (the dock's results) and the section one over the other, the line
    between them draggable; while the section is hidden, ``above`` takes it all."""
    split = QSplitter(Qt.Orientation.Vertical, above.parentWidget())
    split.setChildrenCollapsible(False)
    split.addWidget(above)
    split.addWidget(section)
    split.setStretchFactor(0, 1)
    split.setStretchFactor(1, 1)
    return split


class SensitivitySection(QWidget):
    """The heading, the outcome box (several outcomes) and the chart, in a scroll area."""

    def __init__(
        self, session: DocumentSession, runner: AnalysisRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.runner = runner
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        head = QHBoxLayout()
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        head.addWidget(self.title, 1)
        self.outcome_box = QComboBox(self)
        self.outcome_box.setAccessibleName("Outcome charted")
        self.outcome_box.currentIndexChanged.connect(lambda _i: self._show())
        head.addWidget(self.outcome_box)
        layout.addLayout(head)
        self.view = TornadoView(session.view_state.theme, self)
        self.view.linkClicked.connect(self.select_link)
        self.scroll = QScrollArea(self)
        self.scroll.setFrameShape(QFrame.Shape.StyledPanel)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setMinimumHeight(MIN_CHART_HEIGHT)
        self.scroll.setWidget(self.view)
        layout.addWidget(self.scroll, 1)
        self._outcomes: list[str] = []
        self._result: Analysis | None = None
        self.setVisible(False)
        runner.resultReady.connect(self.show_result)
        session.view_state.changed.connect(self._view_changed)
        session.documentReplaced.connect(lambda _doc: self.show_result(None))

    def show_result(self, result: Analysis | None) -> None:
        """Chart ``result`` (of the session's document), keeping the chosen outcome."""
        outcomes = [] if result is None else chart_outcomes(result)
        if outcomes != self._outcomes:
            chosen = self.outcome_box.currentData()
            self._outcomes = outcomes
            self.outcome_box.blockSignals(True)
            self.outcome_box.clear()
            doc = self.session.doc
            for outcome in outcomes:
                self.outcome_box.addItem(doc.node(outcome).label, outcome)
            if chosen in outcomes:
                self.outcome_box.setCurrentIndex(outcomes.index(chosen))
            self.outcome_box.blockSignals(False)
        elif result is not None:  # (the same outcomes: their labels may have changed)
            for i, outcome in enumerate(outcomes):
                self.outcome_box.setItemText(i, self.session.doc.node(outcome).label)
        self.outcome_box.setVisible(len(outcomes) > 1)
        self._result = result
        self._show()

    def _show(self) -> None:
        result, tornado = self._result, None
        if result is not None:
            try:
                tornado = tornado_of(self.session.doc, result, self.outcome_box.currentData())
            except NoChartError:
                tornado = None
        self.view.show_chart(tornado, self.session.view_state.theme)
        if tornado is not None:
            self.title.setText(f"<b>{html.escape(chart_title(tornado))}</b>")
            self.title.setToolTip(explanation(tornado))
            self.scroll.setToolTip(explanation(tornado))
        self.setVisible(tornado is not None)

    def _view_changed(self, aspects: frozenset[str]) -> None:
        if "theme" in aspects:
            self.view.show_chart(self.view.tornado, self.session.view_state.theme)

    def select_link(self, link: str) -> None:
        """A bar was clicked: its link selected, and highlighted with its stages."""
        doc = self.session.doc
        if not doc.has_edge(link):
            return
        edge = doc.edge(link)
        self.session.select([link])
        self.session.view_state.update(highlights={link, edge.source, edge.target})
