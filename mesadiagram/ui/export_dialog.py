"""File > Export…: the figure as SVG, PDF or PNG, with a preview; every choice remembered.

The file is written by ``render.export.export_file`` (atomically: a failed export leaves an
earlier file whole). On an error the dialog stays open with the user's choices, so
nothing is lost. The choices are remembered (``export_settings.py``).
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QFont, QGuiApplication, QPixmap
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
from mesadiagram.render.export import FORMATS, ExportOptions, export_file, fitted_for
from mesadiagram.render.fit import Fitted, FloorError
from mesadiagram.render.formats import FIGURE_FORMATS
from mesadiagram.render.theme import available_themes, user_theme_folder
from mesadiagram.ui.export_preview import draw_preview
from mesadiagram.ui.export_settings import (
    PAGE_LABELS,
    SIZE_LABELS,
    ExportChoices,
    menu_order,
    theme_label,
    with_format,
)

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
        self._detail_chosen = choices.detail_chosen
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
            self.stage_text_check.toggled,
            self.transparent_check.toggled,
            self.theme_font_check.toggled,
            self.font_combo.currentFontChanged,
            self.dpi_spin.valueChanged,
            self.page_combo.currentIndexChanged,
            self.size_combo.currentIndexChanged,
            self.custom_size_edit.textChanged,
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
            {
                False: "Compact: chips, counts, interventions' labels",
                True: "Detailed: annotation callouts",
            }
        )
        self.detail_combo.activated.connect(self._detail_picked)  # the user's pick only
        self.legend_check = QCheckBox("Draw the legend", self)
        self.stage_text_check = QCheckBox("Each stage's text under its label", self)
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
        self.size_combo = self._combo(SIZE_LABELS)
        self.size_combo.currentIndexChanged.connect(self._format_changed)
        self.custom_size_edit = QLineEdit(self)
        self.custom_size_edit.setPlaceholderText("7inx4in, 180mmx120mm")
        self.custom_size_edit.setToolTip(
            "Width x height with units in, cm, mm or pt; a width alone: the height follows"
        )
        size_row = QHBoxLayout()
        size_row.addWidget(self.size_combo)
        size_row.addWidget(self.custom_size_edit, 1)
        form = QFormLayout()
        form.addRow(_buddy("&File:", self.path_edit), path_row)
        form.addRow("F&ormat:", self.format_combo)
        form.addRow("&Theme:", self.theme_combo)
        form.addRow("&Detail:", self.detail_combo)
        form.addRow("Legend:", self.legend_check)
        form.addRow("Stage text:", self.stage_text_check)
        form.addRow(_buddy("Fo&nt:", self.font_combo), font_row)
        form.addRow("Background:", self.transparent_check)
        form.addRow("&Resolution:", self.dpi_spin)
        form.addRow("PDF &page:", self.page_combo)
        form.addRow(_buddy("Si&ze:", self.size_combo), size_row)
        # A deck (``render/deck.py``): slide pages in the theme chosen, one per step.
        self.steps_check = QCheckBox("A page per presentation step (13.33 × 7.5 in)", self)
        self.steps_check.setToolTip("PDF: one page per step; SVG, PNG: numbered files")
        form.addRow("Steps:", self.steps_check)
        self.preview = QLabel(self)
        self.preview.setFixedSize(PREVIEW_SIZE)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFrameShape(QLabel.Shape.StyledPanel)
        self.preview.setWordWrap(True)
        self.size_label = QLabel(self)
        self.size_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.floor_label = QLabel(self)  # why the figure cannot be drawn at the size
        self.floor_label.setWordWrap(True)
        self.floor_label.setMaximumWidth(PREVIEW_SIZE.width())
        self.floor_label.setStyleSheet("color: #B03A2E")
        self.floor_label.hide()
        self.preview_button = QPushButton("Update Preview", self)
        self.preview_button.clicked.connect(lambda: self.update_preview(force=True))
        side = QVBoxLayout()
        side.addWidget(self.preview)
        side.addWidget(self.size_label)
        side.addWidget(self.floor_label)
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
        _select(self.size_combo, choices.size)
        self.custom_size_edit.setText(choices.custom_size)
        self.legend_check.setChecked(choices.legend)
        self.stage_text_check.setChecked(choices.stage_text)
        self.transparent_check.setChecked(choices.transparent)
        self.steps_check.setChecked(choices.steps)
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
            detail_chosen=self._detail_chosen,
            legend=self.legend_check.isChecked(),
            stage_text=self.stage_text_check.isChecked(),
            dpi=self.dpi_spin.value(),
            transparent=self.transparent_check.isChecked(),
            font=""
            if self.theme_font_check.isChecked()
            else self.font_combo.currentFont().family(),
            page=self.page_combo.currentData(),
            size=self.size_combo.currentData(),
            custom_size=self.custom_size_edit.text().strip(),
            directory=str(path.parent) if path is not None else self._directory,
            steps=self.steps_check.isChecked(),
        )

    def options(self) -> ExportOptions:
        """What the file is written with (at the size chosen); ValueError for a custom
        size that names none."""
        return self.choices().options(self._themes, sized=True)

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

    def _detail_picked(self, _index: int) -> None:
        self._detail_chosen = True  # remembered: the canvas no longer decides

    def _format_changed(self) -> None:
        fmt = self.format_combo.currentData()
        path = self.output_path()
        if path is not None and str(path) != self.path_edit.text().strip():
            self.path_edit.setText(str(path))
        applies = FIGURE_FORMATS[fmt].options  # which settings this format uses
        self.dpi_spin.setEnabled("dpi" in applies)
        self.transparent_check.setEnabled("transparent" in applies)
        sized = bool(self.size_combo.currentData())
        self.page_combo.setEnabled("page" in applies and not sized)  # a size sets the page
        self.custom_size_edit.setEnabled(self.size_combo.currentData() == "custom")

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
        try:
            options = self.options()
        except ValueError as err:  # a custom size that names none
            self.preview.setPixmap(QPixmap())
            self.preview.setText("No preview: the size is not one.")
            self.size_label.clear()
            self._show_floor(str(err))
            return
        started = time.perf_counter()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            shown = draw_preview(
                self.doc,
                options,
                PREVIEW_SIZE,
                self.devicePixelRatioF(),
                self.format_combo.currentData(),
                self.page_combo.currentText(),
            )
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.preview.setPixmap(shown.pixmap)
        self.size_label.setText(shown.size_text)
        self._show_floor(shown.floor_text)
        self._auto_preview = time.perf_counter() - started < SLOW_PREVIEW_S
        self.preview_button.setVisible(not self._auto_preview)

    def _show_floor(self, text: str) -> None:
        self.floor_label.setText(text)
        self.floor_label.setVisible(bool(text))

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
        try:
            options = choices.options(self._themes, sized=True)
        except ValueError as err:
            QMessageBox.warning(self, "Export", str(err))
            return
        if self.steps_check.isChecked():
            if self._write_deck(path, options):
                choices.save()
                self.written = path
                super().accept()
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            # An exchange format (.dot, .tex...) carries the model, not a picture at a
            # size: no fitting, and no question about font floors.
            pictured = "detailed" in FIGURE_FORMATS[choices.fmt].options
            fitted = self._fitted(options) if pictured else None
            if pictured and fitted is None and options.size is not None:
                QGuiApplication.restoreOverrideCursor()
                return  # the figure does not fit and the user said not to write it
            export_file(self.doc, path, options, fitted.fig if fitted else None)
        except OSError as err:
            QGuiApplication.restoreOverrideCursor()
            reason = err.strerror or str(err)
            QMessageBox.critical(self, "Export", f"Could not write {path}:\n\n{reason}")
            return
        QGuiApplication.restoreOverrideCursor()
        choices.save()
        self.written = path
        super().accept()

    def _write_deck(self, path: Path, options: ExportOptions) -> bool:
        """The presentation's steps as a deck; False (after saying why) when not written."""
        from mesadiagram.render.deck import write_deck

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            write_deck(self.doc, path, options.theme, options.dpi, options.stage_text)
        except (OSError, ValueError) as err:
            QGuiApplication.restoreOverrideCursor()
            reason = getattr(err, "strerror", None) or str(err)
            QMessageBox.critical(self, "Export", f"Could not write {path}:\n\n{reason}")
            return False
        QGuiApplication.restoreOverrideCursor()
        return True

    def _fitted(self, options: ExportOptions) -> Fitted | None:
        """The figure at the size chosen, after asking when its text would fall below a
        floor (None: no size, or the user said No)."""
        try:
            return fitted_for(self.doc, options)
        except FloorError as err:
            QGuiApplication.restoreOverrideCursor()
            answer = QMessageBox.question(
                self, "Export", f"{err.size.at().capitalize()} {err}.\n\nExport it anyway?"
            )
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            if answer != QMessageBox.StandardButton.Yes:
                return None
            return fitted_for(self.doc, replace(options, force=True))


def _buddy(text: str, widget: QWidget) -> QLabel:
    """A row label whose mnemonic focuses ``widget`` (for rows that are layouts)."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _select(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)
