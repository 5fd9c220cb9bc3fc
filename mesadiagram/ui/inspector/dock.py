"""The inspector dock: follows the canvas selection and the document's change events.

Nothing selected shows the document's title and description; one stage or link shows its
fields and annotations; several show a count and what can be done to all of them. Every
edit goes through the window's undo stack as one command.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

import shiboken6
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

from mesadiagram.model import Document, OwnerRef
from mesadiagram.model import events as ev
from mesadiagram.model.commands import Command
from mesadiagram.ui.inspector.annotation_list import AnnotationSection
from mesadiagram.ui.inspector.element_form import ElementForm

if TYPE_CHECKING:
    from mesadiagram.ui.canvas.scene import DiagramScene
    from mesadiagram.ui.main_window import MainWindow

MANY = "many"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class InspectorDock(QDockWidget):
    """Fields and annotations of the selection, in a scrolling form."""

    def __init__(self, main: MainWindow) -> None:
        super().__init__("Inspector", main)
        self.setObjectName("inspectorDock")
        self.main = main
        self.doc: Document | None = None
        self.scene: DiagramScene | None = None
        self.target: OwnerRef | tuple[str, tuple[int, int]] | None = None
        self._unsubscribe = None

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
        self.form = ElementForm(self._run, content)
        self.many = self._many_box(content)
        self.rule = QFrame(content)
        self.rule.setFrameShape(QFrame.Shape.HLine)
        self.rule.setFrameShadow(QFrame.Shadow.Sunken)
        self.annotations = AnnotationSection(self._run, content)

        layout = QVBoxLayout(content)
        layout.setContentsMargins(14, 12, 14, 14)
        layout.setSpacing(10)
        header = QVBoxLayout()
        header.setSpacing(2)
        header.addWidget(self.heading)
        header.addWidget(self.subtitle)
        layout.addLayout(header)
        layout.addWidget(self.form)
        layout.addWidget(self.many)
        layout.addWidget(self.rule)
        layout.addWidget(self.annotations)
        layout.addStretch(1)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        self.setWidget(scroll)

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

    # -- following the window ------------------------------------------------------------
    def set_window_document(self, window: MainWindow) -> None:
        """The window shows another document (or a new scene): follow those instead."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self.scene is not None and self.scene is not window.scene:
            with contextlib.suppress(RuntimeError, TypeError):  # gone with its scene
                self.scene.selectionChanged.disconnect(self.refresh)
        if window.scene is not self.scene and window.scene is not None:
            window.scene.selectionChanged.connect(self.refresh)
        self.doc, self.scene = window.doc, window.scene
        self._unsubscribe = window.doc.subscribe(self._on_change)
        self.refresh()

    def _run(self, doc: Document, command: Command) -> None:
        # Edits typed for a document the window no longer shows are dropped, not misapplied.
        if doc is self.main.doc and doc is self.doc:
            self.main.stack.run(command)

    def _on_change(self, event: ev.ChangeEvent) -> None:
        target = self.target
        kind = target[0] if target else None
        match event:
            case ev.DocumentChanged():
                relevant = True
            case ev.NodeAdded(node_id=n) | ev.NodeRemoved(node_id=n) | ev.NodeChanged(node_id=n):
                relevant = target == ("node", n) or (kind == "edge" and n in target[1])  # type: ignore[index,operator]
            case ev.EdgeAdded(key=k) | ev.EdgeRemoved(key=k) | ev.EdgeChanged(key=k):
                # A link added to or removed from the shown stage changes whether it is a root.
                relevant = target == ("edge", k) or (kind == "node" and target[1] in k)  # type: ignore[index]
            case ev.AnnotationsChanged(owner=owner):
                relevant = target == owner
            case _:
                relevant = False
        if relevant:
            self.refresh()

    def _selection(self) -> OwnerRef | tuple[str, tuple[int, int]] | None:
        # A scene being destroyed (window closing) still emits selectionChanged.
        if self.scene is None or not shiboken6.isValid(self.scene):
            return None
        nodes, edges = self.scene.selected_node_ids(), self.scene.selected_edge_keys()
        if len(nodes) + len(edges) > 1:
            return MANY, (len(nodes), len(edges))
        if nodes:
            return "node", nodes[0]
        if edges:
            return "edge", edges[0]
        return None

    def refresh(self) -> None:
        """Show what is selected now, as the model says it is."""
        doc = self.doc
        if doc is None:
            return
        self.target = target = self._selection()
        if target is not None and target[0] == MANY:
            self.form.commit_pending()
            self.annotations.editor.commit_pending()
            nodes, edges = target[1]  # type: ignore[misc]
            parts = [_plural(nodes, "stage")] * bool(nodes) + [_plural(edges, "link")] * bool(edges)
            self._head("Selection", ", ".join(parts) + " selected")
            for widget in (self.form, self.rule, self.annotations):
                widget.hide()
            self.many.show()
            return
        self.many.hide()
        self.form.show()
        self.form.show_target(doc, target)  # type: ignore[arg-type]
        has_annotations = target is not None
        self.rule.setVisible(has_annotations)
        self.annotations.setVisible(has_annotations)
        if target is None:
            self.annotations.editor.commit_pending()  # typed for the stage just deselected
            self._head("Threat model", "Nothing selected. Select a stage or link to edit it.")
        elif target[0] == "node":
            self._head("Stage", str(target[1]))
            self.annotations.show_owner(doc, target)  # type: ignore[arg-type]
        else:
            source, dest = target[1]  # type: ignore[misc]
            names = (doc.node(source).label, doc.node(dest).label)
            self._head("Link", f"{names[0]}  →  {names[1]}")
            self.annotations.show_owner(doc, target)  # type: ignore[arg-type]

    def _head(self, heading: str, subtitle: str) -> None:
        self.heading.setText(heading)
        self.subtitle.setText(subtitle)

    # -- for the context menu ------------------------------------------------------------
    def focus_annotation(self, owner: OwnerRef, index: int) -> None:
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
        scene = self.scene
        if scene is None:
            return
        owners: list[OwnerRef] = [("node", n) for n in scene.selected_node_ids()]
        owners += [("edge", k) for k in scene.selected_edge_keys()]
        scene.set_detailed(owners, detailed)
