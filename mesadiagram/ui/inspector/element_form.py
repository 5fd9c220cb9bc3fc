"""The fields of what is selected: the document, one stage (with its Class) or one link
(with its Type).

Each page reads the model when loaded and turns each finished field edit into one
command; a value that did not change makes no command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFormLayout, QVBoxLayout, QWidget

from mesadiagram.model import Document, ElementId, LinkId
from mesadiagram.model.commands import (
    Command,
    SetDocumentFields,
    SetEdgeFields,
    SetNodeFields,
)
from mesadiagram.render.theme import DEFAULT_THEME, Theme
from mesadiagram.ui.inspector.fields import (
    CommitLineEdit,
    CommitTextEdit,
    ProbabilityEdit,
    parse_fraction,
)
from mesadiagram.ui.inspector.vocabulary_combo import VocabularyCombo

Run = Callable[[Document, Command], None]
"""Pushes a command for a document (dropped when the window shows another one by then)."""
ThemeOf = Callable[[], Theme]
"""The theme shown (the type and class icons are drawn in it)."""

PRIOR_TIP = (
    "Probability that this stage happens at all (empty for none), or a range such as 0.2-0.4."
)
PRIOR_DISABLED_TIP = (
    "Only a stage without incoming links has a prior: the others get theirs from their links."
)
LINK_TIP = "Probability that this link transmits (empty for none), or a range such as 0.2-0.4."


def form_layout(parent: QWidget) -> QFormLayout:
    """The inspector's form style: labels beside fields, fields take the width."""
    form = QFormLayout(parent)
    form.setContentsMargins(0, 0, 0, 0)
    form.setHorizontalSpacing(10)
    form.setVerticalSpacing(8)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    return form


LONGEST_LABELS = ("Description", "Probability", "Methods", "Outcome")


def align_labels(form: QFormLayout) -> None:
    """One label width for every inspector form, so their fields line up."""
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        label = item.widget() if item is not None else None
        if label is not None:
            metrics = label.fontMetrics()
            label.setMinimumWidth(max(metrics.horizontalAdvance(t) for t in LONGEST_LABELS) + 2)


class _Page(QWidget):
    """A form bound to one element; ``run`` pushes a command on the undo stack."""

    def __init__(self, run: Run, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run = run
        self.doc: Document | None = None
        self.form = form_layout(self)

    def fields(self) -> list[CommitLineEdit | CommitTextEdit]:
        return [
            w for w in self.findChildren(QWidget) if isinstance(w, CommitLineEdit | CommitTextEdit)
        ]

    def commit_pending(self) -> None:
        """Commit what the user typed but did not yet confirm."""
        for field in self.fields():
            field.commit()

    def load(self) -> None:
        raise NotImplementedError


class DocumentPage(_Page):
    """Nothing selected: the document's title and description."""

    def __init__(self, run: Run, parent: QWidget | None = None) -> None:
        super().__init__(run, parent)
        self.title = CommitLineEdit(self, "Untitled")
        self.description = CommitTextEdit(self, "What this model is about", lines=4)
        self.form.addRow("Title", self.title)
        self.form.addRow("Description", self.description)
        align_labels(self.form)
        self.title.committed.connect(lambda t: self._set(title=t.strip()))
        self.description.committed.connect(lambda t: self._set(description=t))

    def show_document(self, doc: Document) -> None:
        self.doc = doc
        self.load()

    def load(self) -> None:
        if self.doc is not None:
            self.title.set_value(self.doc.title)
            self.description.set_value(self.doc.description)

    def _set(self, **changes: Any) -> None:
        doc = self.doc
        if doc is None:
            return
        changed = {k: v for k, v in changes.items() if getattr(doc, k) != v}
        if changed:
            what = "title" if "title" in changed else "description"
            self.run(doc, SetDocumentFields(f"Edit document {what}", **changed))
        self.load()


class NodePage(_Page):
    """One stage: label, class, text, prior (root stages only), outcome."""

    def __init__(
        self, run: Run, parent: QWidget | None = None, theme_of: ThemeOf = lambda: DEFAULT_THEME
    ) -> None:
        super().__init__(run, parent)
        self.node_id = ""
        self.label = CommitLineEdit(self, "Stage name")
        self.stage_class = VocabularyCombo("stage", theme_of, self)
        self.stage_class.setToolTip("What kind of stage this is; its box takes the class's shape")
        self.text = CommitTextEdit(self, "What this stage means")
        self.prior = ProbabilityEdit(self, ranges=True)
        self.outcome = QCheckBox("Final outcome of the model", self)
        self.outcome.setToolTip(
            "Outcomes are the harms the model ends in (drawn in red). Once a stage is marked,"
            " only marked stages are outcomes; until then, stages with no outgoing link are."
        )
        self.form.addRow("Label", self.label)
        self.form.addRow("Class", self.stage_class)
        self.form.addRow("Text", self.text)
        self.form.addRow("Prior", self.prior)
        self.form.addRow("Outcome", self.outcome)
        align_labels(self.form)
        self.label.committed.connect(self._label)
        self.stage_class.chosen.connect(lambda n: self._set("Set stage class", stage_class=n))
        self.text.committed.connect(lambda t: self._set("Edit stage text", text=t))
        self.prior.committed.connect(
            lambda t: self._set("Set prior", probability=parse_fraction(t))
        )
        self.outcome.clicked.connect(lambda on: self._set("Set outcome", outcome=bool(on)))

    def show_node(self, doc: Document, node_id: str) -> None:
        if (self.doc, self.node_id) != (doc, node_id):
            self.commit_pending()
        self.doc, self.node_id = doc, node_id
        self.load()

    def load(self) -> None:
        doc = self.doc
        if doc is None or not doc.has_node(self.node_id):
            return
        node = doc.node(self.node_id)
        self.label.set_value(node.label)
        self.stage_class.show_value(doc, node.stage_class)
        self.text.set_value(node.text)
        self.prior.set_fraction(node.probability)
        root = not doc.incoming(self.node_id)
        self.prior.setEnabled(root)
        self.prior.setToolTip(PRIOR_TIP if root else PRIOR_DISABLED_TIP)
        self.outcome.setChecked(node.outcome)

    def _label(self, text: str) -> None:
        if text.strip():
            self._set("Rename stage", label=text.strip())
        else:
            self.load()  # a stage needs a name: show the old one again

    def _set(self, what: str, **changes: Any) -> None:
        doc = self.doc
        if doc is None or not doc.has_node(self.node_id):
            return
        node = doc.node(self.node_id)
        changed = {k: v for k, v in changes.items() if getattr(node, k) != v}
        if changed:
            command = SetNodeFields(self.node_id, what, **changed)
            self.run(doc, command)
        self.load()


class EdgePage(_Page):
    """One link: label, type, text, probability."""

    def __init__(
        self, run: Run, parent: QWidget | None = None, theme_of: ThemeOf = lambda: DEFAULT_THEME
    ) -> None:
        super().__init__(run, parent)
        self.key: LinkId | None = None
        self.label = CommitLineEdit(self, "No label")
        self.link_type = VocabularyCombo("link", theme_of, self)
        self.link_type.setToolTip(
            "What the link means: evidence types (supports, undermines) are drawn but not"
            " counted by the analysis"
        )
        self.text = CommitTextEdit(self, "Why this stage leads to the next")
        self.probability = ProbabilityEdit(self, ranges=True)
        self.probability.setToolTip(LINK_TIP)
        self.form.addRow("Label", self.label)
        self.form.addRow("Type", self.link_type)
        self.form.addRow("Text", self.text)
        self.form.addRow("Probability", self.probability)
        align_labels(self.form)
        self.label.committed.connect(lambda t: self._set("Rename link", label=t.strip()))
        self.link_type.chosen.connect(lambda n: self._set("Set link type", type=n))
        self.text.committed.connect(lambda t: self._set("Edit link text", text=t))
        self.probability.committed.connect(
            lambda t: self._set("Set link probability", probability=parse_fraction(t))
        )

    def show_edge(self, doc: Document, key: LinkId) -> None:
        if (self.doc, self.key) != (doc, key):
            self.commit_pending()
        self.doc, self.key = doc, key
        self.load()

    def load(self) -> None:
        doc, key = self.doc, self.key
        if doc is None or key is None or not doc.has_edge(key):
            return
        edge = doc.edge(key)
        self.label.set_value(edge.label)
        self.link_type.show_value(doc, edge.type)
        self.text.set_value(edge.text)
        self.probability.set_fraction(edge.probability)

    def _set(self, what: str, **changes: Any) -> None:
        doc, key = self.doc, self.key
        if doc is None or key is None or not doc.has_edge(key):
            return
        edge = doc.edge(key)
        changed = {k: v for k, v in changes.items() if getattr(edge, k) != v}
        if changed:
            command = SetEdgeFields(key, what, **changed)
            self.run(doc, command)
        self.load()


class ElementForm(QWidget):
    """Shows the page for the document, a stage or a link (hidden pages take no room)."""

    def __init__(
        self, run: Run, parent: QWidget | None = None, theme_of: ThemeOf = lambda: DEFAULT_THEME
    ) -> None:
        super().__init__(parent)
        self.document_page = DocumentPage(run, self)
        self.node_page = NodePage(run, self, theme_of)
        self.edge_page = EdgePage(run, self, theme_of)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for page in self.pages():
            layout.addWidget(page)
            page.hide()

    def pages(self) -> list[_Page]:
        return [self.document_page, self.node_page, self.edge_page]

    def commit_pending(self) -> None:
        for page in self.pages():
            if page.isVisible():
                page.commit_pending()

    def show_target(self, doc: Document, target: ElementId | None) -> None:
        """The document (``target`` None), a stage or a link."""
        page = self._page_for(doc, target)
        for other in self.pages():
            if other is not page and not other.isHidden():
                other.commit_pending()  # what was typed there belongs to the old selection
        if target is None:
            self.document_page.show_document(doc)
        elif page is self.node_page:
            self.node_page.show_node(doc, target)
        else:
            self.edge_page.show_edge(doc, target)
        for other in self.pages():
            other.setVisible(other is page)

    def _page_for(self, doc: Document, target: ElementId | None) -> _Page:
        if target is None:
            return self.document_page
        return self.node_page if doc.has_node(target) else self.edge_page

    def reload(self) -> None:
        for page in self.pages():
            if page.doc is not None:
                page.load()
