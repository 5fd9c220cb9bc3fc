"""Opening, saving and closing documents: dialogs, recent files, unsaved-changes prompts.

A file that fails to load opens nothing and shows its FILE:LINE:COL messages; saving is
atomic; a document never saves over a file that failed to load (it was never opened).
The open file is watched (``file_watch``): saving over a version another program wrote
since this window read or wrote the file asks first. A file open in another window or
process (``file_lock``) is opened only after asking.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from mesadiagram.analysis.placement import place_missing
from mesadiagram.formats import FormatError, dumps, loads, read_model_bytes, write_atomic
from mesadiagram.model import Document
from mesadiagram.render.sizes import node_sizes
from mesadiagram.resource_files import template_text
from mesadiagram.ui.file_lock import LockHolder, OpenFileLock
from mesadiagram.ui.file_watch import FileWatch
from mesadiagram.ui.session import DocumentSession

FILTER = "Threat models (*.yaml *.yml);;All files (*)"
MAX_RECENT = 10
OVERWRITE, SAVE_AS, CANCEL = "overwrite", "save as", "cancel"


def read_file(path: str | Path) -> tuple[Document, bytes]:
    """A model and the bytes it was read from, with stages that had no position placed;
    raises FormatError or OSError (at once for a FIFO, device or folder)."""
    raw = read_model_bytes(path)
    doc = loads(raw, str(path))
    placing = place_missing(doc, node_sizes(doc))
    if placing:
        placing.apply(doc)
    return doc, raw


def read_document(path: str | Path) -> Document:
    """Load a model and place stages that have no position; raises FormatError or OSError."""
    return read_file(path)[0]


def ask_overwrite(parent: QWidget, name: str) -> str:
    """The file changed on disk since it was read: OVERWRITE, SAVE_AS or CANCEL."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("File changed on disk")
    box.setText(f"“{name}” was changed by another program since you opened or saved it.")
    box.setInformativeText(
        "Overwrite replaces that version with yours, and it is lost. Save As keeps both."
    )
    overwrite = box.addButton("Overwrite", QMessageBox.ButtonRole.DestructiveRole)
    save_as = box.addButton("Save As…", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(save_as)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is overwrite:
        return OVERWRITE
    return SAVE_AS if clicked is save_as else CANCEL


class Files:
    """File operations of one session; ``dialog_parent`` parents its dialogs."""

    def __init__(self, session: DocumentSession, dialog_parent: QWidget) -> None:
        self.session = session
        self.dialog_parent = dialog_parent
        self.watch = FileWatch(session)  # outside changes to the open file
        self.lock = OpenFileLock(session)  # which window has the file open

    def close(self) -> None:
        """The window closes: release the file's lock and stop watching it."""
        self.lock.release()
        self.watch.stop()

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
        """Open ``path`` in this window; on error show it and keep the current document.

        A file open in another window or process is opened only if the user says so.
        """
        if ask and not self.maybe_save():
            return False
        return self._load(Path(path), check_lock=True)

    def reload(self) -> bool:
        """Read the file again, dropping unsaved changes (the outside-change bar's Reload)."""
        path = self.session.path
        return path is not None and self._load(path, check_lock=False)

    def _load(self, path: Path, check_lock: bool) -> bool:
        try:
            doc, raw = read_file(path)
        except (FormatError, OSError) as err:
            self.show_load_error(path, err)
            return False
        if check_lock:
            holder = self.lock.holder(path)
            if holder is not None and not self._open_anyway(path, holder):
                return False
        self.watch.remember(path, raw)
        self.session.replace_document(doc, path)
        self._remember(path)
        return True

    def _open_anyway(self, path: Path, holder: LockHolder) -> bool:
        answer = QMessageBox.question(
            self.dialog_parent,
            "Already open",
            f"“{path.name}” is already open {holder.describe()}.\n\n"
            "Open it here as well? If one window saves it, the other says so and asks "
            "before saving over that version.",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Open

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
            self._load(session.path, check_lock=False)

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
        if not self.watch.may_overwrite(path):
            choice = ask_overwrite(self.dialog_parent, path.name)
            if choice == SAVE_AS:
                return self.save_as()
            if choice != OVERWRITE:
                return False
        raw = dumps(self.session.doc).encode("utf-8")  # what formats.save writes
        try:
            write_atomic(path, raw)
        except OSError as err:
            self.session.report(
                "Cannot save",
                f"“{path}” could not be written: {err.strerror or err}.\n\n"
                "Your changes are still open here; try another folder.",
            )
            return False
        self.watch.remember(path, raw)
        self.session.mark_saved(path)
        self._remember(path)
        return True
