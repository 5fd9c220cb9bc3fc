"""The main window (minimal until the editor lands): shows one document, fitted."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QMainWindow, QWidget

from mesadiagram.analysis.placement import place_missing
from mesadiagram.formats import FormatError, load
from mesadiagram.model import Document
from mesadiagram.render.painting import document_bounds, draw_document
from mesadiagram.render.theme import DEFAULT_THEME, Theme


class DocumentView(QWidget):
    """Paints the whole document scaled to fit, through the shared render code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = Document()
        self.theme: Theme = DEFAULT_THEME

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(self.theme.background))
        if not self.document.nodes:
            return
        bounds = document_bounds(self.document, self.theme)
        scale = min(self.width() / bounds.width(), self.height() / bounds.height(), 1.5)
        target = QRectF(0, 0, bounds.width() * scale, bounds.height() * scale)
        target.moveCenter(QRectF(self.rect()).center())
        painter.translate(target.topLeft())
        painter.scale(scale, scale)
        painter.translate(-bounds.topLeft())
        draw_document(painter, self.document, self.theme)
        painter.end()


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.view = DocumentView(self)
        self.setCentralWidget(self.view)
        self.path: Path | None = None
        self.last_error = ""
        self.resize(1280, 800)
        self._update_title()

    def open_path(self, path: str | Path) -> bool:
        """Show the model at ``path``; on failure keep what is shown and set last_error."""
        try:
            doc = load(path)
        except FormatError as err:
            self.last_error = str(err)
            return False
        except OSError as err:
            self.last_error = f"{path}: cannot read: {err.strerror or err}"
            return False
        placing = place_missing(doc)
        if placing:
            placing.apply(doc)
        self.view.document = doc
        self.path = Path(path)
        self._update_title()
        self.view.update()
        return True

    def _update_title(self) -> None:
        name = self.path.name if self.path else "Untitled"
        self.setWindowTitle(f"{name} — mesadiagram")
