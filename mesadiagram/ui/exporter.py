"""File > Export… and Export Again: a session's export commands (``Exporter``).

Export opens the dialog (``export_dialog.py``) on the remembered choices, in the folder
of the last figure; Export Again writes the last figure again with them, at the size
chosen, and says why when it cannot (the model has grown too big for the size).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from mesadiagram.model import Document
from mesadiagram.render.export import export_file
from mesadiagram.render.fit import FloorError
from mesadiagram.ui.export_dialog import ExportDialog
from mesadiagram.ui.export_settings import ExportChoices, slug, with_format

if TYPE_CHECKING:
    from mesadiagram.ui.session import DocumentSession


class Exporter(QObject):
    """A session's export commands: File > Export… and Export Again."""

    exported = Signal(object)  # the Path written

    def __init__(self, session: DocumentSession, dialog_parent: QWidget) -> None:
        super().__init__(dialog_parent)
        self.session = session
        self.dialog_parent = dialog_parent
        self.last: tuple[Document, Path] | None = None  # what was last exported, and where

    def default_path(self, choices: ExportChoices) -> Path:
        """The document's file name with the figure's suffix, in the folder of the last
        figure (else the document's, else Documents)."""
        session = self.session
        if self.last is not None and self.last[0] is session.doc:
            return with_format(self.last[1], choices.fmt)
        stem = session.path.stem if session.path else (slug(session.doc.title) or "diagram")
        if choices.directory and Path(choices.directory).is_dir():
            folder = Path(choices.directory)
        elif session.path is not None:
            folder = session.path.parent
        else:
            documents = QStandardPaths.StandardLocation.DocumentsLocation
            folder = Path(QStandardPaths.writableLocation(documents) or Path.home())
        return folder / f"{stem}.{choices.fmt}"

    def export(self) -> Path | None:
        """Open the dialog; returns where the figure was written (None if cancelled)."""
        choices = ExportChoices.load(self.session.view_state.all_detailed)
        dialog = ExportDialog(
            self.session.doc, self.default_path(choices), choices, self.dialog_parent
        )
        try:
            dialog.exec()
            path = dialog.written
        finally:
            dialog.deleteLater()
        if path is not None:
            self._done(path)
        return path

    def export_again(self) -> Path | None:
        """The same file again, with the remembered settings; the dialog when this
        document has not been exported yet (never another document's file)."""
        if self.last is None or self.last[0] is not self.session.doc:
            return self.export()
        path = self.last[1]
        choices = ExportChoices.load()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            options = choices.options(sized=True)
            if choices.steps:  # the deck again, as the dialog wrote it
                from mesadiagram.render.deck import write_deck

                write_deck(self.session.doc, path, options.theme, options.dpi, options.stage_text)
            else:
                export_file(self.session.doc, path, options)
        except OSError as err:
            QGuiApplication.restoreOverrideCursor()
            self.session.report("Export Again", f"Could not write {path}:\n\n{err.strerror or err}")
            return None
        except ValueError as err:  # the model grew since, or a size that is not one
            QGuiApplication.restoreOverrideCursor()
            why = f"{err.size.at()} {err}" if isinstance(err, FloorError) else str(err)
            self.session.report(
                "Export Again",
                f"{path.name} was not written: {why}.\n\nFile > Export… can export it anyway.",
            )
            return None
        QGuiApplication.restoreOverrideCursor()
        self._done(path)
        return path

    def _done(self, path: Path) -> None:
        self.last = (self.session.doc, path)
        self.exported.emit(path)
        self.session.tell(f"Exported to {path}", 10000)
