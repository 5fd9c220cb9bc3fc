"""Edit > Link Types… and Stage Classes…: the document's declared ones, added, edited and
removed (``yes``, ``no``, ``defer`` for a decision-style model; ``lab``, ``regulator``).

The built-in ones are listed for reference and cannot be changed. Each finished edit of a
declared one is one undo step: a new one (``SetLinkTypes`` / ``SetStageClasses``), a
field changed or a rename (``replace_link_type`` / ``replace_stage_class``: the links or
stages that have it follow), a removal (they become ``causes`` / ``event``). A refused
edit (a name taken or malformed) is said under the form and changes nothing. The
dialog is not modal and follows the document (undo included).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mesadiagram.model import events as ev
from mesadiagram.model.commands import Command
from mesadiagram.model.ids import numbered
from mesadiagram.model.vocabulary import (
    BUILTIN_LINK_TYPES,
    BUILTIN_STAGE_CLASSES,
    HEADS,
    LINE_STYLES,
    SHAPES,
    LinkType,
    StageClass,
)
from mesadiagram.model.vocabulary_commands import (
    SetLinkTypes,
    SetStageClasses,
    replace_link_type,
    replace_stage_class,
)
from mesadiagram.ui.inspector.fields import CommitLineEdit
from mesadiagram.ui.session import DocumentSession
from mesadiagram.ui.vocabulary_icons import HEIGHT, WIDTH, link_type_icon, stage_class_icon

NAME_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class _Kind:
    """What differs between the two dialogs."""

    title: str
    noun: str  # "link type", "stage class"
    base: str  # a new one's name


LINKS = _Kind("Link Types", "link type", "type")
STAGES = _Kind("Stage Classes", "stage class", "class")


class VocabularyDialog(QDialog):
    """The declared link types (``kind`` LINKS) or stage classes (STAGES) of the session's
    document."""

    def __init__(self, session: DocumentSession, kind: _Kind, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.kind = kind
        self.links = kind is LINKS
        self.current: str | None = None
        self.setWindowTitle(kind.title)
        self.setObjectName("linkTypesDialog" if self.links else "stageClassesDialog")
        self.list = QListWidget(self)
        self.list.setIconSize(QSize(WIDTH, HEIGHT))
        self.list.setAccessibleName(f"Declared {kind.noun}s")
        self.list.currentItemChanged.connect(lambda item, _old: self._show(item))
        builtin = BUILTIN_LINK_TYPES if self.links else BUILTIN_STAGE_CLASSES
        names = ", ".join(e.label for e in builtin.values())
        self.builtins = QLabel(f"Built in (not editable): {names}.", self)
        self.builtins.setWordWrap(True)
        self.add_button = QPushButton(f"Add {kind.noun.title()}", self)
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setToolTip(
            "Its links become “causes”" if self.links else "Its stages become events"
        )
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.form_box = QWidget(self)
        form = QFormLayout(self.form_box)
        self.name = CommitLineEdit(self.form_box, "lower-case-name")
        self.label = CommitLineEdit(self.form_box, "Shown in menus and the legend")
        self.color = CommitLineEdit(self.form_box, "the theme's")
        form.addRow("Name", self.name)
        form.addRow("Label", self.label)
        self.style_boxes: dict[str, QComboBox] = {}
        words = {"line": LINE_STYLES, "head": HEADS} if self.links else {"shape": SHAPES}
        for field, choices in words.items():
            box = QComboBox(self.form_box)
            box.addItems(list(choices))
            box.activated.connect(lambda _i, f=field, b=box: self._set(**{f: b.currentText()}))
            self.style_boxes[field] = box
            form.addRow(field.capitalize(), box)
        form.addRow("Colour", self.color)
        self.risk = QCheckBox("Counted by the analysis (carries risk)", self.form_box)
        self.risk.clicked.connect(lambda on: self._set(carries_risk=bool(on)))
        if self.links:
            form.addRow("", self.risk)
        self.name.committed.connect(lambda t: self._set(name=t.strip()))
        self.label.committed.connect(lambda t: self._set(label=t.strip()))
        self.color.committed.connect(lambda t: self._set(color=_colour(t)))
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setObjectName("vocabularyProblem")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.close)
        for button in (self.add_button, self.remove_button, *close.buttons()):
            button.setAutoDefault(False)  # Enter in a field commits it, and nothing more
            button.setDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.builtins)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.form_box)
        layout.addWidget(self.problem)
        layout.addWidget(close)
        self.resize(440, 520)
        session.changed.connect(self._on_change)
        session.documentReplaced.connect(lambda _doc: self.refresh())
        self.refresh()

    # -- what it shows -------------------------------------------------------------------
    def _declared(self) -> dict[str, Any]:
        doc = self.session.doc
        return doc.link_types if self.links else doc.stage_classes

    def _on_change(self, event: ev.ChangeEvent) -> None:
        if isinstance(event, ev.VocabularyChanged):
            self.refresh()

    def refresh(self) -> None:
        """The declared entries, the current one selected again (if it is still there)."""
        doc, theme = self.session.doc, self.session.view_state.theme
        icon = link_type_icon if self.links else stage_class_icon
        keep = self.current
        self.list.blockSignals(True)
        self.list.clear()
        for name, entry in self._declared().items():
            item = QListWidgetItem(icon(doc, theme, name), f"{entry.label}  ({name})")
            item.setData(NAME_ROLE, name)
            self.list.addItem(item)
        self.list.blockSignals(False)
        rows = [self.list.item(i) for i in range(self.list.count())]
        chosen = next((i for i in rows if i.data(NAME_ROLE) == keep), rows[0] if rows else None)
        self.list.setCurrentItem(chosen)
        self._show(chosen)

    def _show(self, item: QListWidgetItem | None) -> None:
        entry = self._declared().get(item.data(NAME_ROLE)) if item is not None else None
        self.current = entry.name if entry is not None else None
        self.form_box.setEnabled(entry is not None)
        self.remove_button.setEnabled(entry is not None)
        if entry is None:
            return
        self.name.set_value(entry.name)
        self.label.set_value(entry.label)
        self.color.set_value(entry.color or "")
        for field, box in self.style_boxes.items():
            box.setCurrentText(getattr(entry, field))
        if self.links:
            self.risk.setChecked(entry.carries_risk)

    # -- editing -------------------------------------------------------------------------
    def add(self) -> None:
        """A new declared one (named ``type``, ``type-2``...), its label in edit."""
        doc = self.session.doc
        known = {e.name for e in (doc.all_link_types() if self.links else doc.all_stage_classes())}
        name = numbered(self.kind.base, known)
        label = f"New {self.kind.noun}"
        entry = LinkType(name, label) if self.links else StageClass(name, label)
        command = SetLinkTypes if self.links else SetStageClasses
        self.current = name
        self._run(command({**self._declared(), name: entry}, f"Add {self.kind.noun} “{name}”"))
        self.label.setFocus()
        self.label.selectAll()

    def remove(self) -> None:
        if self.current is not None:
            gone, self.current = self.current, None
            self._run(self._replace(gone, None))

    def _set(self, **changes: Any) -> None:
        """One field of the current one changed: one step (a rename moves its users)."""
        entry = self._declared().get(self.current) if self.current else None
        if entry is None:
            return
        try:
            new = replace(entry, **changes)
            command = self._replace(entry.name, new) if new != entry else None
        except ValueError as err:  # a malformed name or colour, a name taken
            self.problem.setText(str(err))
            self._show(self.list.currentItem())
            return
        if command is not None:
            self.current = new.name  # (what ``refresh`` selects again after the step)
            if not self._run(command):
                self.current = entry.name
                self.refresh()

    def _replace(self, name: str, new: Any) -> Command:
        doc = self.session.doc
        return (replace_link_type if self.links else replace_stage_class)(doc, name, new)

    def _run(self, command: Command) -> bool:
        self.problem.clear()
        try:
            self.session.run(command)
        except ValueError as err:  # a name taken: the document is as it was
            self.problem.setText(str(err))
            return False
        return True


def _colour(text: str) -> str | None:
    text = text.strip()
    if text and not text.startswith("#"):
        text = "#" + text
    return text.lower() or None


_OPEN: dict[int, VocabularyDialog] = {}  # one dialog of each kind per session, kept alive


def show_vocabulary(session: DocumentSession, kind: _Kind, parent: QWidget | None) -> None:
    """Edit > Link Types… or Stage Classes…: the session's dialog of that kind, raised."""
    key = id(session) * 2 + (kind is LINKS)
    dialog = _OPEN.get(key)
    if dialog is None:
        dialog = _OPEN[key] = VocabularyDialog(session, kind, parent)
        dialog.destroyed.connect(lambda *_: _OPEN.pop(key, None))
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
