"""The selected annotation's fields: type, label, text, effect (interventions), items.

Bound to (document, owner, index); each finished edit replaces the owner's annotation
list with one ``SetAnnotations`` command.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFrame, QLabel, QVBoxLayout, QWidget

from mesadiagram.model import Annotation, Document, ElementId, Item
from mesadiagram.model.commands import SetAnnotations
from mesadiagram.render.theme import DEFAULT_THEME, Theme
from mesadiagram.ui.inspector import annotation_ops as ops
from mesadiagram.ui.inspector.element_form import Run, align_labels, form_layout
from mesadiagram.ui.inspector.fields import (
    CommitLineEdit,
    CommitTextEdit,
    ProbabilityEdit,
    parse_fraction,
)
from mesadiagram.ui.inspector.items_editor import ItemsEditor
from mesadiagram.ui.type_style import type_icon

EFFECT_TIP = "How much the intervention cuts its link's probability, in [0, 1] (empty for none)."


class AnnotationEditor(QFrame):
    def __init__(self, run: Run, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run = run
        self.theme_of: Callable[[], Theme] = lambda: DEFAULT_THEME  # set by the section
        self.doc: Document | None = None
        self.owner: ElementId | None = None
        self.index = -1
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.type_combo = QComboBox(self)
        self.type_combo.setToolTip("Change the type: the annotation moves to that group")
        self.label = CommitLineEdit(self, "Short name")
        self.text = CommitTextEdit(self, "Details, sources, reasoning", lines=3)
        self.effect = ProbabilityEdit(self)
        self.effect.setToolTip(EFFECT_TIP)
        self.items = ItemsEditor(self)
        self.items_label = QLabel("Items", self)
        self.effect_label = QLabel("Effect", self)
        form_host = QWidget(self)
        self.form = form_layout(form_host)
        self.form.addRow("Type", self.type_combo)
        self.form.addRow("Label", self.label)
        self.form.addRow("Text", self.text)
        self.form.addRow(self.effect_label, self.effect)
        self.form.addRow(self.items_label, self.items)
        align_labels(self.form)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(form_host)

        self.type_combo.activated.connect(self._type_chosen)
        self.label.committed.connect(
            lambda t: self._edit("label", lambda a: _set(a, label=t.strip()))
        )
        self.text.committed.connect(lambda t: self._edit("text", lambda a: _set(a, text=t)))
        self.effect.committed.connect(
            lambda t: self._edit("effect", lambda a: _set(a, effect=parse_fraction(t)))
        )
        self.items.changed.connect(self._items_changed)
        self.hide()

    # -- binding -------------------------------------------------------------------------
    def show_annotation(self, doc: Document, owner: ElementId, index: int) -> None:
        if (doc, owner, index) != (self.doc, self.owner, self.index):
            self.commit_pending()
        self.doc, self.owner, self.index = doc, owner, index
        self.load()
        self.show()

    def clear(self) -> None:
        """Unbind (what is typed and not committed is dropped) and hide."""
        self.doc, self.owner, self.index = None, None, -1
        self.hide()

    def commit_pending(self) -> None:
        if self.doc is not None:
            self.label.commit()
            self.text.commit()
            self.effect.commit()

    def focus_label(self) -> None:
        self.label.setFocus(Qt.FocusReason.OtherFocusReason)
        self.label.selectAll()

    def _annotation(self) -> Annotation | None:
        doc, owner = self.doc, self.owner
        if doc is None or owner is None:
            return None
        try:
            annotations = doc.annotations_of(owner)
        except KeyError:  # its stage or link was deleted (or undone) meanwhile
            return None
        return annotations[self.index] if 0 <= self.index < len(annotations) else None

    def load(self) -> None:
        ann = self._annotation()
        if ann is None or self.doc is None:
            return
        self._fill_types(ann.type)
        self.label.set_value(ann.label)
        self.text.set_value(ann.text)
        intervention = ann.type == ops.INTERVENTION
        self.effect.set_fraction(ann.effect)
        self.effect.setVisible(intervention)
        self.effect_label.setVisible(intervention)
        # Items are an intervention's methods; other types show theirs only when they have some.
        show_items = intervention or bool(ann.items)
        singular = "method" if intervention else "item"
        self.items_label.setText("Methods" if intervention else "Items")
        self.items_label.setVisible(show_items)
        self.items.setVisible(show_items)
        self.items.set_items(ann.items, singular)

    def _fill_types(self, current: str) -> None:
        assert self.doc is not None
        types = self.doc.all_types()
        if current not in {t.name for t in types}:
            types.append(self.doc.annotation_type(current))
        names = [t.name for t in types]
        if names != [self.type_combo.itemData(i) for i in range(self.type_combo.count())]:
            self.type_combo.clear()
            for atype in types:
                icon = type_icon(atype, self.theme_of())
                self.type_combo.addItem(icon, atype.name.capitalize(), atype.name)
        self.type_combo.setCurrentIndex(names.index(current))

    # -- edits ---------------------------------------------------------------------------
    def _edit(self, what: str, change: Callable[[Annotation], Annotation], text: str = "") -> None:
        doc, owner, ann = self.doc, self.owner, self._annotation()
        if doc is None or owner is None or ann is None:
            return
        new = change(ann)
        if new != ann:
            annotations = [a.clone() for a in doc.annotations_of(owner)]
            annotations[self.index] = new
            self.run(doc, SetAnnotations(owner, annotations, text or f"Edit {ann.type} {what}"))
        self.load()

    def _type_chosen(self, position: int) -> None:
        name = str(self.type_combo.itemData(position))
        ann = self._annotation()
        if ann is not None and name != ann.type:
            self._edit("type", lambda a: ops.retyped(a, name), f"Make {ann.type} a {name}")

    def _items_changed(self, items: list[Item], text: str) -> None:
        self._edit("items", lambda a: _set(a, items=items), text)


def _set(ann: Annotation, **changes: object) -> Annotation:
    copy = ann.clone()
    for name, value in changes.items():
        setattr(copy, name, value)
    return copy
