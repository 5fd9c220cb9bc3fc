"""File > Export…: the figure as SVG, PDF or PNG, with a preview; every choice remembered.

The file is written by ``render.export.export_file`` (atomically: a failed export leaves an
earlier file whole). On an error the dialog stays open with the user's choices, so
nothing is lost. The choices are remembered (``export_settings.py``).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFontComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mesadiagram.model import Document
from mesadiagram.render.export import FORMATS, ExportOptions, export_file, figure_for
from mesadiagram.render.formats import FIGURE_FORMATS
from mesadiagram.render.theme import available_themes, user_theme_folder
from mesadiagram.ui.export_settings import (
    PAGE_LABELS,
    ExportChoices,
    menu_order,
    slug,
    theme_label,
    with_format,
)
from mesadiagram.ui.figure_clipboard import figure_image

if TYPE_CHECKING:
    from mesadiagram.ui.session import DocumentSession

# The choices and file filters come from the registry of figure formats.
FORMAT_LABELS = {name: f.label for name, f in FIGURE_FORMATS.items()}
FILTERS = {name: f.file_filter for name, f in FIGURE_FORMATS.items()}
PREVIEW_SIZE = QSize(380, 300)
SLOW_PREVIEW_S = 0.4  # a preview slower than this stops following every change
# Detailed figures place callouts in time that grows with the square of their number:
# beyond these sizes the first preview waits for a click instead of freezing the dialog.
AUTO_PREVIEW_STAGES = {False: 400, True: 40}


class ExportDialog(QDialog):
    """Options on the left, a preview on the right; Export writes the file."""

    def __init__(self, doc: Document, path: Path, choices: ExportChoices, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Figure")
        self.doc = doc
        self.written: Path | None = None
        self._confirmed: Path | None = None  # chosen in the file dialog: it asked already
        self._themes = available_themes(user_theme_folder())
        self._auto_preview = True
        self._build()
        self._set_choices(choices, with_format(path, choices.fmt))
        self._format_changed()
        self._preview_timer = QTimer(self, singleShot=True, interval=120)
        self._preview_timer.timeout.connect(self.update_preview)
        for signal in (
            self.format_combo.currentIndexChanged,
            self.theme_combo.currentIndexChanged,
            self.detail_combo.currentIndexChanged,
            self.legend_check.toggled,
            self.transparent_check.toggled,
            self.theme_font_check.toggled,
            self.font_combo.currentFontChanged,
            self.dpi_spin.valueChanged,
            self.page_combo.currentIndexChanged,
        ):
            signal.connect(self._options_changed)
        self._options_changed()

    # -- building ------------------------------------------------------------------------
    def _build(self) -> None:
        self.path_edit = QLineEdit(self)
        self.path_edit.textEdited.connect(self._path_edited)
        self.browse_button = QPushButton("Browse…", self)
        self.browse_button.clicked.connect(self.browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        self.format_combo = self._combo(FORMAT_LABELS)
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        labels = {name: theme_label(name, theme) for name, theme in menu_order(self._themes)}
        self.theme_combo = self._combo(labels)
        self.detail_combo = self._combo(
            {False: "Compact: chips and counts", True: "Detailed: annotation callouts"}
        )
        self.legend_check = QCheckBox("Draw the legend", self)
        self.theme_font_check = QCheckBox("The theme's font", self)
        self.theme_font_check.toggled.connect(self._font_mode_changed)
        self.font_combo = QFontComboBox(self)
        self.font_combo.setFontFilters(QFontComboBox.FontFilter.ScalableFonts)
        font_row = QHBoxLayout()
        font_row.addWidget(self.theme_font_check)
        font_row.addWidget(self.font_combo, 1)
        self.transparent_check = QCheckBox("Transparent (PNG, SVG)", self)
        self.dpi_spin = QSpinBox(self)
        self.dpi_spin.setRange(10, 2400)  # as the command line allows
        self.dpi_spin.setSingleStep(50)
        self.dpi_spin.setSuffix(" dpi")
        self.page_combo = self._combo(PAGE_LABELS)
        form = QFormLayout()
        form.addRow(_buddy("&File:", self.path_edit), path_row)
        form.addRow("F&ormat:", self.format_combo)
        form.addRow("&Theme:", self.theme_combo)
        form.addRow("&Detail:", self.detail_combo)
        form.addRow("Legend:", self.legend_check)
        form.addRow(_buddy("Fo&nt:", self.font_combo), font_row)
        form.addRow("Background:", self.transparent_check)
        form.addRow("&Resolution:", self.dpi_spin)
        form.addRow("PDF &page:", self.page_combo)
        self.preview = QLabel(self)
        self.preview.setFixedSize(PREVIEW_SIZE)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFrameShape(QLabel.Shape.StyledPanel)
        self.preview.setWordWrap(True)
        self.size_label = QLabel(self)
        self.size_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_button = QPushButton("Update Preview", self)
        self.preview_button.clicked.connect(lambda: self.update_preview(force=True))
        side = QVBoxLayout()
        side.addWidget(self.preview)
        side.addWidget(self.size_label)
        side.addWidget(self.preview_button, 0, Qt.AlignmentFlag.AlignHCenter)
        side.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(form, 1)
        columns.addLayout(side)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.export_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(buttons)

    def _combo(self, entries: dict) -> QComboBox:
        combo = QComboBox(self)
        for value, label in entries.items():
            combo.addItem(label, value)
        return combo

    def _set_choices(self, choices: ExportChoices, path: Path) -> None:
        self.path_edit.setText(str(path))
        _select(self.format_combo, choices.fmt)
        _select(self.theme_combo, choices.theme if choices.theme in self._themes else "default")
        _select(self.detail_combo, choices.detailed)
        _select(self.page_combo, choices.page)
        self.legend_check.setChecked(choices.legend)
        self.transparent_check.setChecked(choices.transparent)
        self.dpi_spin.setValue(choices.dpi)
        self.theme_font_check.setChecked(not choices.font)
        self._font_mode_changed()
        if choices.font:
            self.font_combo.setCurrentFont(QFont(choices.font))
        self._directory = choices.directory

    # -- what was chosen -----------------------------------------------------------------
    def choices(self) -> ExportChoices:
        path = self.output_path()
        return ExportChoices(
            fmt=self.format_combo.currentData(),
            theme=self.theme_combo.currentData(),
            detailed=self.detail_combo.currentData(),
            legend=self.legend_check.isChecked(),
            dpi=self.dpi_spin.value(),
            transparent=self.transparent_check.isChecked(),
            font=""
            if self.theme_font_check.isChecked()
            else self.font_combo.currentFont().family(),
            page=self.page_combo.currentData(),
            directory=str(path.parent) if path is not None else self._directory,
        )

    def options(self) -> ExportOptions:
        return self.choices().options(self._themes)

    def output_path(self) -> Path | None:
        """The file to write, with the chosen format's suffix; None when empty."""
        text = self.path_edit.text().strip()
        if not text:
            return None
        return with_format(Path(text).expanduser(), self.format_combo.currentData())

    # -- reacting ------------------------------------------------------------------------
    def _path_edited(self, text: str) -> None:
        """A typed suffix chooses the format (and the format then keeps the suffix)."""
        fmt = Path(text.strip()).suffix.lower().lstrip(".")
        if fmt in FORMATS and fmt != self.format_combo.currentData():
            _select(self.format_combo, fmt)

    def _format_changed(self) -> None:
        fmt = self.format_combo.currentData()
        path = self.output_path()
        if path is not None and str(path) != self.path_edit.text().strip():
            self.path_edit.setText(str(path))
        applies = FIGURE_FORMATS[fmt].options  # which settings this format uses
        self.dpi_spin.setEnabled("dpi" in applies)
        self.transparent_check.setEnabled("transparent" in applies)
        self.page_combo.setEnabled("page" in applies)

    def _font_mode_changed(self) -> None:
        own = self.theme_font_check.isChecked()
        self.font_combo.setEnabled(not own)
        if own:  # show which font that is
            theme = self._themes.get(self.theme_combo.currentData()) or self._themes["default"]
            self.font_combo.blockSignals(True)
            self.font_combo.setCurrentFont(QFont(theme.font_family))
            self.font_combo.blockSignals(False)

    def _options_changed(self) -> None:
        if self.theme_font_check.isChecked():
            self._font_mode_changed()  # the theme may have changed: follow its font
        live = self._auto_preview and self._preview_is_cheap()
        self.preview_button.setVisible(not live)
        if live:
            self._preview_timer.start()
        else:
            self.preview.setPixmap(QPixmap())
            self.preview.setText("A large figure: the preview waits for Update Preview.")
            self.size_label.clear()

    def _preview_is_cheap(self) -> bool:
        return len(self.doc.nodes) <= AUTO_PREVIEW_STAGES[self.detail_combo.currentData()]

    def update_preview(self, force: bool = False) -> None:
        """Draw the figure at the preview's size; a slow one stops the live updates."""
        if not force and not (self._auto_preview and self._preview_is_cheap()):
            return
        options = self.options()
        started = time.perf_counter()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            fig = figure_for(self.doc, options)
            ratio = self.devicePixelRatioF()
            bounds = fig.bounds
            scale = min(
                (PREVIEW_SIZE.width() - 8) / bounds.width(),
                (PREVIEW_SIZE.height() - 8) / bounds.height(),
            )
            image = figure_image(fig, options, scale * ratio)
        finally:
            QGuiApplication.restoreOverrideCursor()
        image.setDevicePixelRatio(ratio)
        self.preview.setPixmap(
            _on_checkerboard(image) if options.transparent else QPixmap.fromImage(image)
        )
        self.size_label.setText(self._size_text(bounds.width(), bounds.height()))
        self._auto_preview = time.perf_counter() - started < SLOW_PREVIEW_S
        self.preview_button.setVisible(not self._auto_preview)

    def _size_text(self, width: float, height: float) -> str:
        """The output's size: pixels for PNG, millimetres for vector figures."""
        fmt = self.format_combo.currentData()
        if fmt == "png":
            factor = self.dpi_spin.value() / 96.0
            return f"{round(width * factor)} × {round(height * factor)} px"
        if fmt == "pdf" and self.page_combo.currentData() != "fit":
            return f"{self.page_combo.currentText()} (figure scaled to fit the page)"
        mm = 25.4 / 96.0  # scene units are CSS pixels
        return f"{width * mm:.0f} × {height * mm:.0f} mm"

    def browse(self) -> None:
        fmt = self.format_combo.currentData()
        filters = ";;".join(FILTERS[f] for f in FORMATS)
        chosen, used_filter = QFileDialog.getSaveFileName(
            self, "Export Figure", self.path_edit.text(), filters, FILTERS[fmt]
        )
        if not chosen:
            return
        path = Path(chosen)
        typed = path.suffix.lower().lstrip(".")
        if typed not in FORMATS:  # no suffix typed: the filter chosen says which format
            typed = next((f for f, text in FILTERS.items() if text == used_filter), fmt)
            path = with_format(path, typed)
        self.path_edit.setText(str(path))
        _select(self.format_combo, typed)
        self._confirmed = self.output_path()

    # -- exporting -----------------------------------------------------------------------
    def accept(self) -> None:
        """Write the file; on an error say why and stay open with every choice kept."""
        path = self.output_path()
        if path is None:
            QMessageBox.warning(self, "Export", "Choose a file to export to.")
            return
        if path.exists() and path != self._confirmed:
            answer = QMessageBox.question(
                self, "Export", f"{path.name} already exists.\nDo you want to replace it?"
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        choices = self.choices()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            export_file(self.doc, path, choices.options(self._themes))
        except OSError as err:
            QGuiApplication.restoreOverrideCursor()
            reason = err.strerror or str(err)
            QMessageBox.critical(self, "Export", f"Could not write {path}:\n\n{reason}")
            return
        QGuiApplication.restoreOverrideCursor()
        choices.save()
        self.written = path
        super().accept()


def _buddy(text: str, widget: QWidget) -> QLabel:
    """A row label whose mnemonic focuses ``widget`` (for rows that are layouts)."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _select(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


def _on_checkerboard(image: QImage) -> QPixmap:
    """A transparent figure over the usual grey checks, so the transparency shows."""
    pixmap = QPixmap(image.size())
    pixmap.setDevicePixelRatio(image.devicePixelRatio())
    pixmap.fill(QColor("#FFFFFF"))
    painter = QPainter(pixmap)
    cell = 8
    grey = QColor("#D9D9D9")
    for y in range(0, image.height(), cell):
        for x in range((y // cell) % 2 * cell, image.width(), 2 * cell):
            painter.fillRect(x, y, cell, cell, grey)
    painter.drawImage(0, 0, image)
    painter.end()
    return pixmap


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
        choices = ExportChoices.load()
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
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            export_file(self.session.doc, path, ExportChoices.load().options())
        except OSError as err:
            QGuiApplication.restoreOverrideCursor()
            self.session.report("Export Again", f"Could not write {path}:\n\n{err.strerror or err}")
            return None
        QGuiApplication.restoreOverrideCursor()
        self._done(path)
        return path

    def _done(self, path: Path) -> None:
        self.last = (self.session.doc, path)
        self.exported.emit(path)
        self.session.tell(f"Exported to {path}", 10000)
