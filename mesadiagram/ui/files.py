"""Opening, saving and closing documents: dialogs, recent files, unsaved-changes prompts.

A file that fails to load opens nothing and shows its FILE:LINE:COL messages; saving is
atomic; a document never saves over a file that failed to load (it was never opened).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from mesadiagram.analysis.placement import place_missing
from mesadiagram.formats import FormatError, load, loads, save
from mesadiagram.model import Document
from mesadiagram.render.sizes import node_sizes
from mesadiagram.resource_files import template_text
from mesadiagram.ui.session import DocumentSession

FILTER = "Threat models (*.yaml *.yml);;All files (*)"
MAX_RECENT = 10


def read_document(path: str | Path) -> Document:
    """Load a model and place stages that have no position; raises FormatError or OSError."""
    doc = load(path)
    placing = place_missing(doc, node_sizes(doc))
    if placing:
        placing.apply(doc)
    return doc


class Files:
    """File operations of one session; ``dialog_parent`` parents its dialogs."""

    def __init__(self, session: DocumentSession, dialog_parent: QWidget) -> None:
        self.session = session
        self.dialog_parent = dialog_parent

    # -- recent files --------------------------------------------------------------------
    def recent(self) -> list[str]:
        value = QSettings().value("recentFiles", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _remember(self, path: Path) -> None:
        entries = [str(path.resolve())] + [p for p in self.recent() if p != str(path.resolve())]
        QSettings().setValue("recentFiles", entries[:MAX_RECENT])

    def clear_recent(self) -> None:
        QSettings().setValue("recentFiles", [])

    # -- asking --------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """Ask Save / Discard / Cancel when there are unsaved changes; False means stop."""
        session = self.session
        if not session.is_modified():
            return True
        answer = QMessageBox.warning(
            self.dialog_parent,
            "Unsaved changes",
            f"Save the changes to “{session.display_name()}” before closing it?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def show_load_error(self, path: str | Path, err: Exception) -> None:
        if isinstance(err, FormatError):
            detail = str(err) or f"{path}: cannot be read"
            count = len(err.problems)
            summary = (
                f"“{Path(path).name}” has {count} problem{'s' if count != 1 else ''} "
                "and was not opened."
            )
        else:
            detail = f"{path}: {getattr(err, 'strerror', None) or err}"
            summary = f"“{Path(path).name}” could not be read."
        shown = detail if len(detail) < 600 else detail[:600] + " …"
        self.session.report("Cannot open file", f"{summary}\n\n{shown}")

    # -- operations ----------------------------------------------------------------------
    def new(self) -> None:
        if self.maybe_save():
            self.session.replace_document(Document("Untitled threat model"), None)

    def new_from_template(self, name: str = "mesa_optimization") -> None:
        if self.maybe_save():
            doc = loads(template_text(name), f"template {name}")
            self.session.replace_document(doc, None)

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        path = self.session.path
        start = str(path.parent) if path else ""
        name, _ = QFileDialog.getOpenFileName(
            self.dialog_parent, "Open threat model", start, FILTER
        )
        if name:
            self.open(name, ask=False)

    def open(self, path: str | Path, ask: bool = True) -> bool:
        """Open ``path`` in this window; on error show it and keep the current document."""
        if ask and not self.maybe_save():
            return False
        try:
            doc = read_document(path)
        except (FormatError, OSError) as err:
            self.show_load_error(path, err)
            return False
        self.session.replace_document(doc, Path(path))
        self._remember(Path(path))
        return True

    def revert(self) -> None:
        session = self.session
        if session.path is None or not session.is_modified():
            return
        answer = QMessageBox.question(
            self.dialog_parent,
            "Revert",
            f"Discard all changes to “{session.display_name()}” since it was saved?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.open(session.path, ask=False)

    def save(self) -> bool:
        if self.session.path is None:
            return self.save_as()
        return self._write(self.session.path)

    def save_as(self) -> bool:
        path = self.session.path
        start = str(path) if path else "threat-model.yaml"
        name, _ = QFileDialog.getSaveFileName(
            self.dialog_parent, "Save threat model", start, FILTER
        )
        if not name:
            return False
        chosen = Path(name)
        if not chosen.suffix:
            chosen = chosen.with_suffix(".yaml")
        return self._write(chosen)

    def _write(self, path: Path) -> bool:
        try:
            save(self.session.doc, path)
        except OSError as err:
            self.session.report(
                "Cannot save",
                f"“{path}” could not be written: {err.strerror or err}.\n\n"
                "Your changes are still open here; try another folder.",
            )
            return False
        self.session.mark_saved(path)
        self._remember(path)
        return True
