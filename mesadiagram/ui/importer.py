"""File > Import…: a model made from another kind of file (an outline, ...).

The formats and their readers come from the import registry (``formats/imports.py``).
Like File > New, the result replaces the window's document (after asking to save the
old one), laid out as a file without positions is on open; it has no file yet and counts
as modified, so closing asks to save it. A file that cannot be read changes nothing and
shows its ``FILE:LINE:COL`` problems; what the reader left out is named in one warning.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from mesadiagram.analysis.placement import place_missing
from mesadiagram.formats import FormatError, read_model_bytes, safe_yaml
from mesadiagram.formats.imports import (
    ImportResult,
    import_file_filters,
    import_format_for_path,
    import_suffixes_text,
    skipped_text,
)
from mesadiagram.render.sizes import node_sizes
from mesadiagram.ui.files import Files
from mesadiagram.ui.session import DocumentSession

TITLE = "Import"
MAX_SHOWN = 600  # characters of problems shown in the dialog


class Importer:
    """Import into one session; ``files`` asks to save the document it replaces."""

    def __init__(self, session: DocumentSession, files: Files) -> None:
        self.session = session
        self.files = files

    def import_dialog(self) -> None:
        if not self.files.maybe_save():
            return
        path = self.session.path
        start = str(path.parent) if path else ""
        name, _ = QFileDialog.getOpenFileName(
            self.files.dialog_parent,
            "Import a model from",
            start,
            ";;".join([*import_file_filters(), "All files (*)"]),
        )
        if name:
            self.import_file(name)

    def import_file(self, path: str | Path) -> bool:
        """Replace the document by the one read from ``path`` (the caller has asked to
        save the old one); False, changing nothing, when it cannot be read."""
        result = self._read(Path(path))
        if result is None:
            return False
        doc = result.document
        placing = place_missing(doc, node_sizes(doc))
        if placing:
            placing.apply(doc)
        session = self.session
        session.replace_document(doc, None)
        session.stack.resetClean()  # not saved anywhere yet: closing asks
        stages = len(doc.nodes)
        session.tell(
            f"Imported {stages} stage{'s' if stages != 1 else ''} from {Path(path).name}: "
            "Save to keep them",
            8000,
        )
        if result.skipped:
            session.report(TITLE, f"“{Path(path).name}”: {skipped_text(result.skipped)}")
        return True

    def _read(self, path: Path) -> ImportResult | None:
        chosen = import_format_for_path(path)
        if chosen is None:
            self._cannot(path, f"only {import_suffixes_text()} files can be imported.")
            return None
        try:
            text = safe_yaml.decode(read_model_bytes(path), str(path))
            result = chosen.read(text, str(path))
        except FormatError as err:
            count = len(err.problems)
            detail = str(err)
            shown = detail if len(detail) < MAX_SHOWN else detail[:MAX_SHOWN] + " …"
            self._cannot(path, f"{count} problem{'s' if count != 1 else ''}:\n\n{shown}")
            return None
        except OSError as err:
            self._cannot(path, f"{getattr(err, 'strerror', None) or err}.")
            return None
        if not result.document.nodes:
            self._cannot(path, "it has no stages.")
            return None
        return result

    def _cannot(self, path: Path, why: str) -> None:
        self.session.report(TITLE, f"“{path.name}” was not imported: {why}")
