"""The inspector dock: follows the session's selection, document and theme.

Nothing selected shows the document's title and description; one stage or link shows its
fields and annotations; one group or text box its fields (``part_pages.py``); several
show a count and what can be done to all of them. Every edit goes through the session's
undo stack as one command.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mesadiagram.model import Document, ElementId
from mesadiagram.model import events as ev
from mesadiagram.ui.inspector.annotation_list import AnnotationSection
from mesadiagram.ui.inspector.element_form import ElementForm
from mesadiagram.ui.inspector.part_pages import PartForm
from mesadiagram.ui.session import DocumentSession

MANY = "many"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 'es' if word.endswith('x') else 's'}"


class InspectorDock(QDockWidget):
    """Fields and annotations of the selection, in a scrolling form."""

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__("Inspector", parent)
        self.setObjectName("inspectorDock")
        self.setAccessibleName("Inspector panel")
        self.session = session
        self.target: ElementId | tuple[str, tuple[int, int]] | None = None
        self._link_ends: tuple[str, str] = ("", "")

        content = QWidget()
        content.setMinimumWidth(300)
        self.heading = QLabel(content)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.heading.setFont(font)
        self.subtitle = QLabel(content)
        self.subtitle.setWordWrap(True)
        self.subtitle.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form = ElementForm(session.run_for, content, lambda: session.view_state.theme)
        self.part_form = PartForm(session.run_for, content)
        self.part_form.hide()
        self.many = self._many_box(content)
        self.rule = QFrame(content)
        self.rule.setFrameShape(QFrame.Shape.HLine)
        self.rule.setFrameShadow(QFrame.Shadow.Sunken)
        theme_of = lambda: session.view_state.theme  # noqa: E731
        self.annotations = AnnotationSection(session.run_for, theme_of, content)

        layout = QVBoxLayout(content)
        layout.setContentsMargins(14, 12, 14, 14)
        layout.setSpacing(10)
        header = QVBoxLayout()
        header.setSpacing(2)
        header.addWidget(self.heading)
        header.addWidget(self.subtitle)
        layout.addLayout(header)
        layout.addWidget(self.form)
        layout.addWidget(self.part_form)
        layout.addWidget(self.many)
        layout.addWidget(self.rule)
        layout.addWidget(self.annotations)
        layout.addStretch(1)

        scroll = QScrollArea(self)
        scroll.setAccessibleName("Inspector: the fields and annotations of the selection")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        self.setWidget(scroll)
        session.selectionChanged.connect(self.refresh)
        session.documentReplaced.connect(self.refresh)
        session.changed.connect(self._on_change)
        session.view_state.changed.connect(self._view_changed)
        session.annotationFocusRequested.connect(self.focus_annotation)
        self.refresh()

    @property
    def doc(self) -> Document:
        return self.session.doc

    def _many_box(self, parent: QWidget) -> QWidget:
        box = QWidget(parent)
        hint = QLabel("Select one stage or link to edit its fields and annotations.", box)
        hint.setWordWrap(True)
        self.detail_button = QPushButton("Show details", box)
        self.compact_button = QPushButton("Compact", box)
        self.detail_button.setToolTip("Draw the annotations of all selected as callouts")
        self.compact_button.setToolTip("Draw the annotations of all selected as counts")
        self.detail_button.clicked.connect(lambda: self._set_detailed(True))
        self.compact_button.clicked.connect(lambda: self._set_detailed(False))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.detail_button)
        buttons.addWidget(self.compact_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        box.hide()
        return box

    def _view_changed(self, aspects: frozenset[str]) -> None:
        if "theme" in aspects:  # the type icons are the theme's marks
            self.refresh()

    def _on_change(self, event: ev.ChangeEvent) -> None:
        target = self.target
        doc = self.doc
        shown_link = isinstance(target, str) and doc is not None and doc.has_edge(target)
        shown_group = isinstance(target, str) and doc.has_group(target)
        match event:
            case ev.DocumentChanged():
                relevant = True
            case ev.NodeChanged(node_id=n) if shown_group:  # it lists its stages' labels
                relevant = n in doc.group(target).stages
            case ev.NodeAdded(node_id=n) | ev.NodeRemoved(node_id=n) | ev.NodeChanged(node_id=n):
                # A link shows its stages' labels.
                relevant = target == n or (shown_link and n in self._link_ends)
            case (
                ev.GroupAdded(group_id=part)
                | ev.GroupRemoved(group_id=part)
                | ev.GroupChanged(group_id=part)
                | ev.BoxAdded(box_id=part)
                | ev.BoxRemoved(box_id=part)
                | ev.BoxChanged(box_id=part)
            ):
                relevant = target == part
            case ev.EdgeAdded() | ev.EdgeRemoved():
                # A link added to or removed from the shown stage changes whether it is a
                # root; cheap enough to refresh on any.
                relevant = isinstance(target, str)
            case ev.EdgeChanged(link_id=k):
                relevant = target == k
            case ev.AnnotationsChanged(owner=owner):
                relevant = target == owner
            case _:
                relevant = False
        if relevant:
            self.refresh()

    def _selection(self) -> ElementId | tuple[str, tuple[int, ...]] | None:
        session = self.session
        kinds = (
            session.selected_stages(),
            session.selected_links(),
            session.selected_groups(),
            session.selected_boxes(),
        )
        if sum(map(len, kinds)) > 1:
            return MANY, tuple(map(len, kinds))
        return next((ids[0] for ids in kinds if ids), None)

    def refresh(self, *_args: object) -> None:
        """Show what is selected now, as the model says it is."""
        doc = self.doc
        self.target = target = self._selection()
        if isinstance(target, tuple):
            self.form.commit_pending()
            self.part_form.commit_pending()
            self.annotations.editor.commit_pending()
            words = ("stage", "link", "group", "text box")
            counts = zip(target[1], words, strict=True)  # type: ignore[arg-type]
            parts = [_plural(n, word) for n, word in counts if n]
            self._head("Selection", ", ".join(parts) + " selected")
            for widget in (self.form, self.part_form, self.rule, self.annotations):
                widget.hide()
            self.many.show()
            return
        self.many.hide()
        if isinstance(target, str) and (doc.has_group(target) or doc.has_box(target)):
            self.form.commit_pending()
            self.annotations.editor.commit_pending()
            for widget in (self.form, self.rule, self.annotations):
                widget.hide()
            self.part_form.show()
            self.part_form.show_part(doc, target)
            if doc.has_group(target):
                self._head("Group", target)
            else:
                self._head("Text box", target)
            return
        self.part_form.commit_pending()
        self.part_form.hide()
        self.form.show()
        self.form.show_target(doc, target)
        has_annotations = target is not None
        self.rule.setVisible(has_annotations)
        self.annotations.setVisible(has_annotations)
        if target is None:
            self.annotations.editor.commit_pending()  # typed for the stage just deselected
            self._head("Threat model", "Nothing selected. Select a stage or link to edit it.")
        elif doc.has_node(target):
            self._head("Stage", target)
            self.annotations.show_owner(doc, target)
        else:
            edge = doc.edge(target)
            self._link_ends = (edge.source, edge.target)
            names = (doc.node(edge.source).label, doc.node(edge.target).label)
            self._head("Link", f"{names[0]}  →  {names[1]}")
            self.annotations.show_owner(doc, target)

    def _head(self, heading: str, subtitle: str) -> None:
        self.heading.setText(heading)
        self.subtitle.setText(subtitle)

    # -- after an attach -----------------------------------------------------------------
    def focus_annotation(self, owner: ElementId, index: int) -> None:
        """Show the inspector on ``owner`` with annotation ``index`` selected, label in edit."""
        self.show()
        self.raise_()
        if self.target != owner:
            self.refresh()
        if self.target == owner:
            self.annotations.focus_annotation(index)
            self.widget().widget().layout().activate()  # the editor was just shown
            self.widget().ensureWidgetVisible(self.annotations.editor, 0, 40)

    def _set_detailed(self, detailed: bool) -> None:
        self.session.view_state.set_detailed(self.session.selected_elements(), detailed)
