"""One document session per window: the document, its undo stack, file path and modified
state, the selection and the view state, announced with Qt signals.

Docks, actions, dialogs and the canvas receive the session (or a narrower callback) and
follow its signals; none of them reaches into the main window. New, Open, Revert and
recovery call ``replace_document`` once and everything follows ``documentReplaced``: the
session, its undo stack, its view state and every listener outlive the documents they
show, so nobody has to be rewired or guarded against a deleted collaborator.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from mesadiagram import gc_pause
from mesadiagram.model import Document, ElementId
from mesadiagram.model import events as ev
from mesadiagram.model.commands import Command
from mesadiagram.ui.undo import UndoStack
from mesadiagram.ui.view_state import ViewState

SETTLE_AFTER_MS = 700


class DocumentSession(QObject):
    """The state of one window's document and its announcements."""

    documentAboutToBeReplaced = Signal()  # the old Document and path are still current
    documentReplaced = Signal(object)  # the new Document (``path`` is already the new one)
    changed = Signal(object)  # a model ChangeEvent, after the Document applied it
    pathChanged = Signal(object)  # Path or None
    modificationChanged = Signal(bool)  # True: unsaved changes
    # element ids: stages, links, groups, then text boxes, each in document order
    selectionChanged = Signal(list)
    selectRequested = Signal(list)  # someone asks the canvas to select these ids
    annotationFocusRequested = Signal(str, int)  # an owner id, the index of its annotation
    message = Signal(str, int)  # a status message and how long to show it (ms)
    problem = Signal(str, str)  # a title and a message the user must see

    def __init__(self, doc: Document | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = doc if doc is not None else Document("Untitled threat model")
        self.path: Path | None = None
        self.view_state = ViewState(self)
        self.stack = UndoStack(self.doc, self)
        self.stack.cleanChanged.connect(self._clean_changed)
        self.generation = 0  # counts changes: results computed for an older one are stale
        self._selection: list[ElementId] = []
        self._unsubscribe = self.doc.subscribe(self._on_change)

    # -- the document --------------------------------------------------------------------
    def replace_document(self, doc: Document, path: Path | None) -> None:
        """Show ``doc`` (read from ``path``; None when unsaved) with a fresh undo history."""
        self.documentAboutToBeReplaced.emit()  # (the canvas remembers the old one's view)
        self._unsubscribe()
        self.doc = doc
        self.generation += 1
        self._selection = []
        self.stack.rebind(doc)
        self._unsubscribe = doc.subscribe(self._on_change)
        self.view_state.forget_elements()
        self.path = path  # (documentReplaced's listeners see the new path; pathChanged follows)
        self.documentReplaced.emit(doc)
        # The new document and its canvas live on: collect once (the old document goes)
        # and spare every later collection from walking them again. Just after the first
        # frame, not before it: on a large model the collection takes a tenth of a second.
        QTimer.singleShot(SETTLE_AFTER_MS, gc_pause.settle)
        self.set_path(path)
        self.selectionChanged.emit([])
        self.modificationChanged.emit(False)

    def _clean_changed(self, clean: bool) -> None:
        self.modificationChanged.emit(not clean)

    def _on_change(self, event: ev.ChangeEvent) -> None:
        self.generation += 1
        self.changed.emit(event)

    def run(self, command: Command, merge_id: int = -1) -> None:
        """Apply ``command`` as one undo step."""
        gc_pause.busy_for()  # the repaint follows: background copies wait for it
        self.stack.run(command, merge_id)

    def run_for(self, doc: Document, command: Command) -> None:
        """Apply ``command`` if ``doc`` is still the document shown (the inspector's edits
        typed before the window changed documents are dropped, not misapplied)."""
        if doc is self.doc:
            self.stack.run(command)

    # -- file and modified state ---------------------------------------------------------
    def set_path(self, path: Path | None) -> None:
        self.path = path
        self.pathChanged.emit(path)

    def is_modified(self) -> bool:
        return not self.stack.isClean()

    def mark_saved(self, path: Path) -> None:
        self.stack.setClean()
        if path != self.path:
            self.set_path(path)

    def display_name(self) -> str:
        return self.path.name if self.path else "Untitled"

    # -- selection -----------------------------------------------------------------------
    @property
    def selection(self) -> list[ElementId]:
        """Selected stages, links, groups, then text boxes, each in document order (one
        id namespace: ``doc.kind_of`` tells them apart)."""
        return list(self._selection)

    def selected_stages(self) -> list[str]:
        return [i for i in self._selection if self.doc.has_node(i)]

    def selected_links(self) -> list[str]:
        return [i for i in self._selection if self.doc.has_edge(i)]

    def selected_groups(self) -> list[str]:
        return [i for i in self._selection if self.doc.has_group(i)]

    def selected_boxes(self) -> list[str]:
        return [i for i in self._selection if self.doc.has_box(i)]

    def selected_elements(self) -> list[ElementId]:
        """Selected stages and links: what annotations attach to."""
        return [i for i in self._selection if self.doc.has_element(i)]

    def select(self, element_ids: list[ElementId]) -> None:
        """Ask the canvas to select exactly these elements."""
        self.selectRequested.emit(list(element_ids))

    def focus_annotation(self, owner: ElementId, index: int) -> None:
        """Ask the inspector to show ``owner``'s annotation ``index`` with its label in
        edit (after an attach, from wherever it was made)."""
        self.annotationFocusRequested.emit(owner, index)

    def selection_shown(self, element_ids: list[ElementId]) -> None:
        """The canvas reports what is selected now (it owns the selection gesture)."""
        if element_ids != self._selection:
            self._selection = list(element_ids)
            self.selectionChanged.emit(list(element_ids))

    # -- telling the user ----------------------------------------------------------------
    def tell(self, text: str, timeout_ms: int = 4000) -> None:
        self.message.emit(text, timeout_ms)

    def report(self, title: str, text: str) -> None:
        self.problem.emit(title, text)
