"""The main window: wires canvas, docks, menus and file handling together."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import (
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QUndoView,
)

from mesadiagram import __version__
from mesadiagram.model import Document
from mesadiagram.render.theme import DEFAULT_THEME, available_themes, user_theme_folder
from mesadiagram.ui.actions import build_menus
from mesadiagram.ui.analysis_dock import AnalysisDock
from mesadiagram.ui.canvas.scene import DiagramScene
from mesadiagram.ui.canvas.view import DiagramView
from mesadiagram.ui.context_menu import show_context_menu
from mesadiagram.ui.editor import Editor
from mesadiagram.ui.export_dialog import Exporter
from mesadiagram.ui.export_settings import menu_order, theme_label
from mesadiagram.ui.files import Files
from mesadiagram.ui.find_bar import FindBar
from mesadiagram.ui.inspector import InspectorDock
from mesadiagram.ui.palette import PaletteDock
from mesadiagram.ui.recovery import Autosaver
from mesadiagram.ui.undo import UndoStack

WINDOWS: list[MainWindow] = []  # keeps windows alive; each removes itself when closed


class MainWindow(QMainWindow):
    def __init__(self, quiet: bool = False) -> None:
        super().__init__()
        self.quiet = quiet  # tests: report errors in last_error instead of modal dialogs
        self.last_error = ""
        self.path: Path | None = None
        self.doc = Document()
        self.stack_group = QUndoGroup(self)
        self.stack = UndoStack(self.doc, self)
        self.view = DiagramView(self)
        self.find_bar = FindBar(self)
        self.editor = Editor(self.view, self)
        self.files = Files(self)
        self.exporter = Exporter(self)  # File > Export…, Export Again
        self._theme_group: QActionGroup | None = None
        self.autosaver = Autosaver(self)  # recovery copies while modified
        self.scene: DiagramScene | None = None
        self.setCentralWidget(self._central())
        self.setAcceptDrops(True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.actions_by_name = build_menus(self)
        self._build_docks()
        # First-run proportions (restored window state replaces them): the canvas gets the
        # room, the inspector most of the right column.
        self.resizeDocks([self.palette_dock, self.inspector], [220, 330], Qt.Orientation.Horizontal)
        self.resizeDocks([self.inspector, self.analysis_dock], [520, 300], Qt.Orientation.Vertical)
        self._build_status_bar()
        self.set_document(Document("Untitled threat model"), None)
        self.resize(1400, 880)
        self._restore_settings()
        WINDOWS.append(self)

    def _central(self):
        from PySide6.QtWidgets import QVBoxLayout, QWidget

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.view)
        layout.addWidget(self.find_bar)
        return central

    # -- documents -----------------------------------------------------------------------
    def set_document(self, doc: Document, path: Path | None) -> None:
        """Show ``doc`` (a fresh undo history) from ``path`` (None for an unsaved one)."""
        old_scene, old_stack = self.scene, self.stack
        if old_scene is not None:
            old_scene.detach()
        self.doc, self.path = doc, path
        self.stack = UndoStack(doc, self)
        self.stack_group.addStack(self.stack)
        self.stack_group.setActiveStack(self.stack)
        if old_stack is not None and old_stack is not self.stack:
            self.stack_group.removeStack(old_stack)
            old_stack.deleteLater()
        theme = old_scene.theme if old_scene else DEFAULT_THEME
        self.scene = DiagramScene(doc, self.stack, theme, self)
        if old_scene is not None:
            self.scene.snap_to_grid, self.scene.show_grid = (
                old_scene.snap_to_grid,
                old_scene.show_grid,
            )
            if old_scene.all_detailed:  # the new scene is built compact: rebuild only then
                self.scene.set_all_detailed(True)
        self.view.setScene(self.scene)
        self.editor.attach(self.scene)
        self.undo_view.setStack(self.stack)
        self.stack.cleanChanged.connect(self._update_title)
        self.autosaver.attach(doc, self.stack)  # the replaced document's copy goes
        self.stack.indexChanged.connect(self._update_status)
        self.scene.selectionChanged.connect(self._update_status)
        self.scene.contextMenuRequested.connect(
            lambda owner, pos: show_context_menu(self, owner, pos)
        )
        if old_scene is not None:
            old_scene.deleteLater()
        self.document_changed()
        self.view.zoom_to_fit()
        self._update_title()
        self._update_status()

    def document_changed(self) -> None:
        """Hook for docks that follow the document (inspector, palette, analysis)."""
        for dock in self.findChildren(QDockWidget):
            follow = getattr(dock, "set_window_document", None)
            if follow is not None:
                follow(self)

    def open_path(self, path: str | Path) -> bool:
        return self.files.open(path, ask=False)

    def display_name(self) -> str:
        return self.path.name if self.path else "Untitled"

    def saved(self) -> None:
        self._update_title()

    def _update_title(self) -> None:
        self.setWindowModified(not self.stack.isClean())
        self.setWindowTitle(f"{self.display_name()}[*] — mesadiagram")

    # -- docks and status ----------------------------------------------------------------
    def _build_docks(self) -> None:
        self.undo_view = QUndoView(self.stack, self)
        self.undo_view.setEmptyLabel("Opened")
        dock = QDockWidget("History", self)
        dock.setObjectName("historyDock")
        dock.setWidget(self.undo_view)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        dock.hide()
        self.add_dock_to_menu(dock)
        self.inspector = InspectorDock(self)  # objectName "inspectorDock"
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector)
        self.add_dock_to_menu(self.inspector)
        self.palette_dock = PaletteDock(self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.palette_dock)
        self.add_dock_to_menu(self.palette_dock)
        self.analysis_dock = AnalysisDock(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.analysis_dock)
        self.add_dock_to_menu(self.analysis_dock)

    def add_dock_to_menu(self, dock: QDockWidget) -> None:
        self.docks_menu.addAction(dock.toggleViewAction())

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
        if self.scene is None:
            return
        nodes, edges = self.scene.selected_node_ids(), self.scene.selected_edge_keys()
        parts = []
        if nodes:
            parts.append(f"{len(nodes)} stage{'s' if len(nodes) != 1 else ''}")
        if edges:
            parts.append(f"{len(edges)} link{'s' if len(edges) != 1 else ''}")
        self.selection_label.setText(("Selected: " + ", ".join(parts)) if parts else "")
        annotations = sum(1 for _ in self.doc.iter_annotations())
        self.counts_label.setText(
            f"{len(self.doc.nodes)} stages · {len(self.doc.edges)} links · "
            f"{annotations} annotations"
        )
        self.zoom_label.setText(f"{self.view.zoom() * 100:.0f}%")

    # -- view settings -------------------------------------------------------------------
    def set_all_detailed(self, on: bool) -> None:
        self.scene.set_all_detailed(on)

    def toggle_selection_detail(self) -> None:
        owners = [("node", n) for n in self.scene.selected_node_ids()]
        owners += [("edge", k) for k in self.scene.selected_edge_keys()]
        if owners:
            self.scene.set_detailed(owners, not self.scene.is_detailed(owners[0]))

    def set_show_grid(self, on: bool) -> None:
        self.scene.show_grid = on
        self.scene.update()

    def set_snap(self, on: bool) -> None:
        self.scene.snap_to_grid = on

    def set_canvas_theme(self, name: str, remember: bool = True) -> bool:
        """Draw the canvas in the theme ``name``; False when there is no such theme."""
        theme = available_themes(user_theme_folder()).get(name)
        if theme is None:
            return False
        self.scene.set_theme(theme)
        if remember:
            QSettings().setValue("canvasTheme", name)
        return True

    def fill_theme_menu(self) -> None:
        """View > Theme: one exclusive entry per theme, read anew each time the menu
        opens, so a theme file just put in the user's folder shows up."""
        self.theme_menu.clear()
        if self._theme_group is not None:
            self._theme_group.deleteLater()
        self._theme_group = QActionGroup(self.theme_menu)
        for name, theme in menu_order(available_themes(user_theme_folder())):
            action = self.theme_menu.addAction(theme_label(name, theme))
            action.setCheckable(True)
            action.setData(name)
            action.setChecked(name == self.scene.theme.name)
            action.triggered.connect(lambda _=False, n=name: self.set_canvas_theme(n))
            self._theme_group.addAction(action)

    def auto_layout(self, direction: str, keep_arrangement: bool = False) -> None:
        """Lay out the whole document as one undo step, then show all of it.

        ``keep_arrangement`` starts from the current positions (layers, order, places) so
        that a grown model changes little; otherwise the layout starts afresh.
        """
        from mesadiagram.analysis.placement import layout_command
        from mesadiagram.render.sizes import node_sizes

        if self.doc.nodes:
            sizes = node_sizes(self.doc, self.scene.theme)
            self.stack.run(layout_command(self.doc, direction, sizes, keep_arrangement))
            self.view.zoom_to_fit()

    def set_pinned(self, pinned: bool) -> None:
        from mesadiagram.model.commands import Macro, SetNodeFields

        ids = [n for n in self.scene.selected_node_ids() if self.doc.node(n).pinned != pinned]
        if ids:
            text = "Pin stages" if pinned else "Unpin stages"
            self.stack.run(Macro(text, [SetNodeFields(n, text, pinned=pinned) for n in ids]))

    def add_stage_in_view(self) -> None:
        centre = self.view.mapToScene(self.view.viewport().rect().center())
        self.editor.add_stage_at(self.scene.snap(centre))

    def show_find(self) -> None:
        self.find_bar.open()

    # -- windows -------------------------------------------------------------------------
    def new_window(self) -> MainWindow:
        window = MainWindow(self.quiet)
        window.show()
        return window

    def quit_all(self) -> None:
        for window in list(WINDOWS):
            if not window.close():
                return
        QApplication.quit()

    def fill_recent_menu(self) -> None:
        menu = self.recent_menu
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
        state = settings.value("windowState")
        if state is not None:
            self.restoreState(state)
        name = settings.value("canvasTheme", "")
        if not name and settings.value("darkCanvas", False) in (True, "true"):
            name = "dark"  # chosen with the former Dark Canvas switch
        if not name and system_is_dark():
            name = "dark"  # no theme chosen: follow the system's palette
        if name:
            self.set_canvas_theme(name, remember=False)
        self.fill_theme_menu()

    # -- Qt events -----------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.maybe_save():
            event.ignore()
            return
        self.autosaver.close()  # saved or discarded: no recovery copy stays
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


def system_is_dark() -> bool:
    """Whether the desktop asks for dark colours (its scheme, else its window colour)."""
    if QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark:
        return True
    return QApplication.palette().window().color().lightness() < 128
