"""The inspector's fields of a group (label, colour, its stages) and of a text box (text,
width). Like the stage and link pages, each finished edit is one command through
``run(doc, command)``; a value that did not change makes none.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QColor, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QColorDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mesadiagram.model import Document
from mesadiagram.model.vocabulary_commands import SetBoxFields, SetGroupFields
from mesadiagram.ui.inspector.element_form import Run, _Page, align_labels
from mesadiagram.ui.inspector.fields import CommitLineEdit, CommitTextEdit

COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
WIDTH = re.compile(r"^\d{1,6}(\.\d*)?$")
MIN_WIDTH = 40.0  # a narrower box holds hardly a word


class GroupPage(_Page):
    """One group: its label, its colour (empty: the theme's) and the stages it holds."""

    def __init__(self, run: Run, parent: QWidget | None = None) -> None:
        super().__init__(run, parent)
        self.group_id = ""
        self.label = CommitLineEdit(self, "Group name")
        self.color = CommitLineEdit(self, "the theme's")
        self.color.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"#?[0-9A-Fa-f]{0,6}"), self.color)
        )
        self.color.setToolTip("#RRGGBB, or empty for the theme's colour")
        self.color.setMaximumWidth(110)
        self.choose = QPushButton("Choose…", self)
        self.choose.setToolTip("Pick the frame's colour")
        self.choose.clicked.connect(self._choose_colour)
        colour_row = QHBoxLayout()
        colour_row.setContentsMargins(0, 0, 0, 0)
        colour_row.addWidget(self.color)
        colour_row.addWidget(self.choose)
        colour_row.addStretch(1)
        self.stages = QLabel(self)
        self.stages.setWordWrap(True)
        self.stages.setToolTip(
            "Add or remove stages with their context menu (Add to Group, Remove from Group)"
        )
        self.form.addRow("Label", self.label)
        self.form.addRow("Colour", colour_row)
        self.form.addRow("Stages", self.stages)
        align_labels(self.form)
        self.label.committed.connect(self._label)
        self.color.committed.connect(self._colour)

    def show_group(self, doc: Document, group_id: str) -> None:
        if (self.doc, self.group_id) != (doc, group_id):
            self.commit_pending()
        self.doc, self.group_id = doc, group_id
        self.load()

    def load(self) -> None:
        doc = self.doc
        if doc is None or not doc.has_group(self.group_id):
            return
        group = doc.group(self.group_id)
        self.label.set_value(group.label)
        self.color.set_value(group.color or "")
        labels = [doc.node(s).label for s in group.stages if doc.has_node(s)]
        self.stages.setText("\n".join(f"• {label}" for label in labels))

    def _label(self, text: str) -> None:
        if text.strip():
            self._set("Rename group", label=text.strip())
        else:
            self.load()  # a group keeps a name

    def _colour(self, text: str) -> None:
        text = text.strip()
        if text and not text.startswith("#"):
            text = "#" + text
        if text and not COLOUR.match(text):
            self.load()  # half a colour: the model's again
            return
        self._set("Set group colour", color=text.lower() or None)

    def _choose_colour(self) -> None:
        doc = self.doc
        if doc is None or not doc.has_group(self.group_id):
            return
        start = QColor(doc.group(self.group_id).color or "#808080")
        picked = QColorDialog.getColor(start, self, "Group colour")
        if picked.isValid():
            self._set("Set group colour", color=picked.name())

    def _set(self, what: str, **changes: Any) -> None:
        doc = self.doc
        if doc is None or not doc.has_group(self.group_id):
            return
        group = doc.group(self.group_id)
        changed = {k: v for k, v in changes.items() if getattr(group, k) != v}
        if changed:
            self.run(doc, SetGroupFields(self.group_id, what, **changed))
        self.load()


class BoxPage(_Page):
    """One text box: its text (a line starting with "# " is a heading) and its width."""

    def __init__(self, run: Run, parent: QWidget | None = None) -> None:
        super().__init__(run, parent)
        self.box_id = ""
        self.text = CommitTextEdit(self, "A title, a key, a note", lines=5, max_lines=16)
        self.text.setToolTip("A line that starts with “# ” is a heading")
        self.width = CommitLineEdit(self, "as wide as its text")
        self.width.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,6}(\.\d*)?"), self.width)
        )
        self.width.setMaximumWidth(140)
        self.width.setToolTip("The box's width in pixels; empty: as wide as its text")
        self.form.addRow("Text", self.text)
        self.form.addRow("Width", self.width)
        align_labels(self.form)
        self.text.committed.connect(self._text)
        self.width.committed.connect(self._width)

    def show_box(self, doc: Document, box_id: str) -> None:
        if (self.doc, self.box_id) != (doc, box_id):
            self.commit_pending()
        self.doc, self.box_id = doc, box_id
        self.load()

    def load(self) -> None:
        doc = self.doc
        if doc is None or not doc.has_box(self.box_id):
            return
        box = doc.box(self.box_id)
        self.text.set_value(box.text)
        self.width.set_value("" if box.width is None else f"{box.width:g}")

    def _text(self, text: str) -> None:
        if text.strip():
            self._set("Edit text box", text=text)
        else:
            self.load()  # a box without text would be nothing: delete it instead

    def _width(self, text: str) -> None:
        text = text.strip()
        if text and not WIDTH.match(text):
            self.load()
            return
        self._set("Set text box width", width=max(MIN_WIDTH, float(text)) if text else None)

    def _set(self, what: str, **changes: Any) -> None:
        doc = self.doc
        if doc is None or not doc.has_box(self.box_id):
            return
        box = doc.box(self.box_id)
        changed = {k: v for k, v in changes.items() if getattr(box, k) != v}
        if changed:
            self.run(doc, SetBoxFields(self.box_id, what, **changed))
        self.load()


class PartForm(QWidget):
    """The page of a group or a text box (the other one hidden)."""

    def __init__(self, run: Run, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group_page = GroupPage(run, self)
        self.box_page = BoxPage(run, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for page in (self.group_page, self.box_page):
            layout.addWidget(page)
            page.hide()

    def commit_pending(self) -> None:
        for page in (self.group_page, self.box_page):
            if page.isVisible():
                page.commit_pending()

    def show_part(self, doc: Document, part_id: str) -> None:
        """The page of group or text box ``part_id``."""
        group = doc.has_group(part_id)
        pages = (self.group_page, self.box_page)
        shown, other = pages if group else pages[::-1]
        if not other.isHidden():
            other.commit_pending()
        if group:
            self.group_page.show_group(doc, part_id)
        else:
            self.box_page.show_box(doc, part_id)
        other.hide()
        shown.show()
