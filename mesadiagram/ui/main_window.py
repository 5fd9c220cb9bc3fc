"""The main window: composes one document session with the canvas, docks and menus.

It makes the collaborators, hands each the session (or a narrow callback) and lays them
out; it holds no document state and nothing reaches into it. Adding a dock or an action
touches that dock's or action's module and one line here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication, QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from mesadiagram import __version__
from mesadiagram.model import Document
from mesadiagram.ui.actions import WindowCommands, build_menus
from mesadiagram.ui.analysis_dock import AnalysisDock
from mesadiagram.ui.analysis_runner import AnalysisRunner
from mesadiagram.ui.autosave import Autosaver
from mesadiagram.ui.canvas.legend_overlay import LegendOverlay
from mesadiagram.ui.canvas.scene import DiagramScene
from mesadiagram.ui.canvas.view import DiagramView
from mesadiagram.ui.canvas.view_memory import ViewMemory
from mesadiagram.ui.context_menu import CanvasMenus
from mesadiagram.ui.editor import Editor
from mesadiagram.ui.exporter import Exporter
from mesadiagram.ui.files import Files
from mesadiagram.ui.find_bar import FindBar
from mesadiagram.ui.inspector import InspectorDock
from mesadiagram.ui.outcome_risk import OutcomeRisk
from mesadiagram.ui.outside_bar import OutsideChangeBar
from mesadiagram.ui.palette import PaletteDock
from mesadiagram.ui.presentation.presenting import Presenting
from mesadiagram.ui.session import DocumentSession
from mesadiagram.ui.steps_dock import StepsDock
from mesadiagram.ui.theme_menu import SETTING as THEME_SETTING
from mesadiagram.ui.theme_menu import apply_theme
from mesadiagram.ui.window_palette import follow_theme

WINDOWS: list[MainWindow] = []  # keeps windows alive; each removes itself when closed


class MainWindow(QMainWindow):
    def __init__(self, doc: Document | None = None, path: Path | None = None) -> None:
        super().__init__()
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setAcceptDrops(True)
        session = self.session = DocumentSession(doc, self)
        session.set_path(path)
        self.undo_group = QUndoGroup(self)
        self.undo_group.addStack(session.stack)
        self.undo_group.setActiveStack(session.stack)
        self.scene = DiagramScene(session, self)
        self.view = DiagramView(self)
        self.view.setScene(self.scene)
        self.legend = LegendOverlay(session, self.view)  # View > Legend (before the menus)
        self.editor = Editor(session, self.scene, self.view)
        self.files = Files(session, self)
        self.exporter = Exporter(session, self)
        self.autosaver = Autosaver(session)  # recovery copies while modified
        self.analysis = AnalysisRunner(session, self)
        OutcomeRisk(session, self.analysis, self)  # the numbers View > Risk on Outcomes draws
        self.presenting = Presenting(session, self.view, self)  # F5: present mode
        self.find_bar = FindBar(self.editor.find, self.editor.find_next, self.view.setFocus, self)
        self.setCentralWidget(self._central())

        self.inspector = InspectorDock(session, self)
        self.palette_dock = PaletteDock(session, self)
        self.analysis_dock = AnalysisDock(session, self.analysis, self)
        self.steps_dock = StepsDock(session, self.presenting.start_at_step, self)
        self.history_dock = self._history_dock()
        self.menus = build_menus(
            self,
            session,
            self.undo_group,
            self.editor,
            self.files,
            self.exporter,
            self.view,
            WindowCommands(
                self.new_window,
                self.close,
                quit_all,
                self.about,
                self.find_bar.open,
                self._fill_recent,
            ),
            self.presenting,
        )
        self.actions_by_name = self.menus.actions
        self.canvas_menus = CanvasMenus(
            session, self.editor, self.view, self.inspector.focus_annotation, self
        )
        self.scene.contextMenuRequested.connect(self.canvas_menus.show)
        for area, dock in (
            (Qt.DockWidgetArea.RightDockWidgetArea, self.history_dock),
            (Qt.DockWidgetArea.RightDockWidgetArea, self.inspector),
            (Qt.DockWidgetArea.LeftDockWidgetArea, self.palette_dock),
            (Qt.DockWidgetArea.RightDockWidgetArea, self.analysis_dock),
            (Qt.DockWidgetArea.LeftDockWidgetArea, self.steps_dock),
        ):
            self.addDockWidget(area, dock)
            self.menus.docks.addAction(dock.toggleViewAction())
        self.history_dock.hide()
        self.tabifyDockWidget(self.palette_dock, self.steps_dock)  # (a tab under the palette)
        self.palette_dock.raise_()  # the palette's tab in front: the steps wait until asked
        # First-run proportions (restored window state replaces them): the canvas gets the
        # room, the inspector most of the right column.
        self.resizeDocks([self.palette_dock, self.inspector], [220, 330], Qt.Orientation.Horizontal)
        self.resizeDocks([self.inspector, self.analysis_dock], [520, 300], Qt.Orientation.Vertical)
        self._build_status_bar()

        # A file opens where it was left (else readable: view.show_readable).
        self.view_memory = ViewMemory(session, self.view)
        session.modificationChanged.connect(lambda _modified: self._update_title())
        session.pathChanged.connect(lambda _path: self._update_title())
        session.selectionChanged.connect(lambda _ids: self._update_status())
        session.changed.connect(lambda _event: self._update_status())
        session.documentReplaced.connect(lambda _doc: self._update_status())
        session.message.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        session.problem.connect(self._show_problem)
        session.view_state.changed.connect(self._view_changed)
        self.resize(1400, 880)
        self._restore_settings()
        self._update_title()
        self._update_status()
        self.view.setFocus()  # keys go to the canvas first (its focus frame shows it)
        WINDOWS.append(self)

    def _central(self) -> QWidget:
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(OutsideChangeBar(self.files, central))  # the file changed outside
        layout.addWidget(self.view)
        layout.addWidget(self.find_bar)
        return central

    def _history_dock(self) -> QDockWidget:
        undo_view = QUndoView(self.session.stack, self)
        undo_view.setEmptyLabel("Opened")
        undo_view.setAccessibleName("Undo history")
        dock = QDockWidget("History", self)
        dock.setObjectName("historyDock")
        dock.setAccessibleName("History panel")
        dock.setWidget(undo_view)
        return dock

    # -- documents -----------------------------------------------------------------------
    @property
    def doc(self) -> Document:
        """The document shown (the session's; a shorthand for scripts and tests)."""
        return self.session.doc

    def open_path(self, path: str | Path) -> bool:
        return self.files.open(path, ask=False)

    def _update_title(self) -> None:
        self.setWindowModified(self.session.is_modified())
        self.setWindowTitle(f"{self.session.display_name()}[*] — mesadiagram")

    def _show_problem(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)

    # -- status bar ----------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        self.selection_label = QLabel(self)
        self.counts_label = QLabel(self)
        self.zoom_label = QLabel(self)
        bar = self.statusBar()
        bar.addWidget(self.selection_label, 1)
        bar.addPermanentWidget(self.counts_label)
        bar.addPermanentWidget(self.zoom_label)
        self.view.zoomChanged.connect(lambda z: self.zoom_label.setText(f"{z * 100:.0f}%"))

    def _update_status(self) -> None:
        session, doc = self.session, self.session.doc
        nodes, edges = session.selected_stages(), session.selected_links()
        parts = []
        if nodes:
            parts.append(f"{len(nodes)} stage{'s' if len(nodes) != 1 else ''}")
        if edges:
            parts.append(f"{len(edges)} link{'s' if len(edges) != 1 else ''}")
        groups, boxes = session.selected_groups(), session.selected_boxes()
        if groups:
            parts.append(f"{len(groups)} group{'s' if len(groups) != 1 else ''}")
        if boxes:
            parts.append(f"{len(boxes)} text box{'es' if len(boxes) != 1 else ''}")
        self.selection_label.setText(("Selected: " + ", ".join(parts)) if parts else "")
        annotations = sum(len(n.annotations) for n in doc.nodes) + sum(
            len(e.annotations) for e in doc.edges
        )
        counts = ((len(doc.nodes), "stage"), (len(doc.edges), "link"), (annotations, "annotation"))
        self.counts_label.setText(" · ".join(f"{n} {word}{'s' * (n != 1)}" for n, word in counts))
        self.zoom_label.setText(f"{self.view.zoom() * 100:.0f}%")

    def _view_changed(self, aspects: frozenset[str]) -> None:
        if "theme" in aspects:
            follow_theme(self, self.session.view_state.theme)
        if "all_detailed" in aspects:
            action = self.actions_by_name["detailed"]
            action.blockSignals(True)
            action.setChecked(self.session.view_state.all_detailed)
            action.blockSignals(False)

    # -- windows -------------------------------------------------------------------------
    def new_window(self) -> MainWindow:
        window = MainWindow()
        window.show()
        return window

    def _fill_recent(self, menu: QMenu) -> None:
        menu.clear()
        for entry in self.files.recent():
            action = menu.addAction(entry)
            action.triggered.connect(lambda _=False, p=entry: self.files.open(p))
        if menu.isEmpty():
            menu.addAction("(none)").setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction("Clear Menu").triggered.connect(self.files.clear_recent)

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About mesadiagram",
            f"mesadiagram {__version__}\n\nA desktop editor for causal threat models.",
        )

    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        fit_on_screen(self)  # the first-run size, or one saved on a larger screen or scale
        state = settings.value("windowState")
        if state is not None:
            self.restoreState(state)
        name = settings.value(THEME_SETTING, "")
        if not name and settings.value("darkCanvas", False) in (True, "true"):
            name = "dark"  # chosen with the former Dark Canvas switch
        if not name and system_is_dark():
            name = "dark"  # no theme chosen: follow the system's palette
        if name:
            apply_theme(self.session.view_state, name, remember=False)

    # -- Qt events -----------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.maybe_save():
            event.ignore()
            return
        self.autosaver.close()  # saved or discarded: no recovery copy stays
        self.files.close()  # the file's lock goes; it is no longer watched
        self.view_memory.remember()  # its zoom and centre, for the next time it opens
        settings = QSettings()
        settings.setValue("geometry", self.saveGeometry())
        settings.setValue("windowState", self.saveState())
        if self in WINDOWS:
            WINDOWS.remove(self)
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(u.toLocalFile().endswith((".yaml", ".yml")) for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            path = url.toLocalFile()
            if path.endswith((".yaml", ".yml")):
                event.acceptProposedAction()
                self.files.open(path)
                return


DECORATION = QSize(16, 48)  # room left for a window frame and title bar


def fit_on_screen(window: QWidget) -> None:
    """Shrink ``window`` to its screen's free area when it is larger (1400 × 880 is more
    than a 1920 × 1080 screen shows at 200 % scaling: 960 × 540), and bring it onto it."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    free = screen.availableGeometry()
    if window.width() <= free.width() and window.height() <= free.height():
        return
    window.resize(window.size().boundedTo(free.size() - DECORATION))
    window.move(free.topLeft())


def quit_all() -> None:
    """File > Quit: close every window (each may ask to save), then leave."""
    for window in list(WINDOWS):
        if not window.close():
            return
    QApplication.quit()


def system_is_dark() -> bool:
    """Whether the desktop asks for dark colours (its scheme, else its window colour)."""
    if QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark:
        return True
    return QApplication.palette().window().color().lightness() < 128
