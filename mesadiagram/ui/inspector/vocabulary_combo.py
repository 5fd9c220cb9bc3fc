"""The inspector's Type (of a link) and Class (of a stage) fields: a combo of every link
type or stage class the document knows, each with its icon and label.

Choosing an entry emits ``chosen`` with its name (the page makes one command of it);
``show`` refills the entries from the document (declared ones come and go) and
selects the current one without emitting anything.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from mesadiagram.model import Document
from mesadiagram.render.theme import Theme
from mesadiagram.ui.vocabulary_icons import HEIGHT, WIDTH, link_type_icon, stage_class_icon


class VocabularyCombo(QComboBox):
    """Link types (``kind`` "link") or stage classes ("stage") to choose from."""

    chosen = Signal(str)

    def __init__(self, kind: str, theme_of: Callable[[], Theme], parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = kind
        self.theme_of = theme_of
        self.setIconSize(QSize(WIDTH, HEIGHT))
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setAccessibleName("Link type" if kind == "link" else "Stage class")
        self._shown: tuple = ()
        self.activated.connect(self._activated)

    def show_value(self, doc: Document, name: str) -> None:
        """Entries from ``doc`` (refilled only when they changed), ``name`` selected."""
        theme = self.theme_of()
        entries = doc.all_link_types() if self.kind == "link" else doc.all_stage_classes()
        shown = (theme.name, tuple(entries))
        self.blockSignals(True)
        try:
            if shown != self._shown:
                self._shown = shown
                self.clear()
                icon = link_type_icon if self.kind == "link" else stage_class_icon
                for entry in entries:
                    text = entry.label
                    if self.kind == "link" and not entry.carries_risk:
                        text += "  (evidence)"
                    self.addItem(icon(doc, theme, entry.name), text, entry.name)
            index = self.findData(name)
            if index < 0:  # (a name no longer declared: shown as it is)
                self.addItem(name, name)
                index = self.count() - 1
            self.setCurrentIndex(index)
        finally:
            self.blockSignals(False)

    def value(self) -> str:
        return self.currentData() or ""

    def _activated(self, index: int) -> None:
        name = self.itemData(index)
        if name:
            self.chosen.emit(name)
