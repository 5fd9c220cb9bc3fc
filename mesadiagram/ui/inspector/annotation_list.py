"""The selection's annotations, grouped by type: add, remove, reorder (buttons or drag).

The tree shows the model and never changes it itself: a drop or a button makes one
``SetAnnotations`` command, and the tree is rebuilt from the model's change event.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QDropEvent, QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QStyle,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mesadiagram.model import Annotation, Document, ElementId
from mesadiagram.model.commands import SetAnnotations, add_annotation, remove_annotation
from mesadiagram.render.theme import DEFAULT_THEME, Theme
from mesadiagram.ui.inspector import annotation_ops as ops
from mesadiagram.ui.inspector.annotation_editor import AnnotationEditor
from mesadiagram.ui.inspector.element_form import Run
from mesadiagram.ui.type_style import readable, type_icon

ROLE = Qt.ItemDataRole.UserRole  # headers hold a type name, annotation rows a flat index
DELETE_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
EDIT_KEYS = (Qt.Key.Key_F2, Qt.Key.Key_Return, Qt.Key.Key_Enter)


class AnnotationTree(QTreeWidget):
    """Groups headed by the type's plural and mark; rows are annotations."""

    dropped = Signal(int, str, object, object)  # source, type name, before, after
    deleteRequested = Signal()
    editRequested = Signal()  # F2 or Enter: into the selected annotation's label

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme_of: Callable[[], Theme] = lambda: DEFAULT_THEME  # set by the section
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setExpandsOnDoubleClick(False)
        self.setIndentation(18)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._structure: list[tuple[str, tuple[int, ...]]] = []
        self._drag_source: int | None = None

    # -- model -> rows -------------------------------------------------------------------
    def populate(self, doc: Document, annotations: list[Annotation]) -> None:
        """Show ``annotations``; rows are reused when only texts changed (keeps selection)."""
        grouped = ops.groups(doc, annotations)
        structure = [(g.type.name, g.indices) for g in grouped]
        if structure != self._structure:
            self.clear()
            for group in grouped:
                header = QTreeWidgetItem(self)
                header.setData(0, ROLE, group.type.name)
                header.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsDropEnabled)
                for index in group.indices:
                    row = QTreeWidgetItem(header)
                    row.setData(0, ROLE, index)
                    row.setFlags(
                        Qt.ItemFlag.ItemIsEnabled
                        | Qt.ItemFlag.ItemIsSelectable
                        | Qt.ItemFlag.ItemIsDragEnabled
                    )
                header.setExpanded(True)
            self._structure = structure
        base = self.palette().color(QPalette.ColorRole.Base)
        for g, group in enumerate(grouped):
            header = self.topLevelItem(g)
            header.setText(0, f"{group.type.plural.capitalize()}  ({len(group.indices)})")
            header.setIcon(0, type_icon(group.type, self.theme_of()))
            font = QFont(self.font())
            font.setBold(True)
            header.setFont(0, font)
            header.setForeground(0, readable(group.type.color, base, 4.5))
            for r, index in enumerate(group.indices):
                self._fill_row(header.child(r), annotations[index])
        self._fit()

    def _fill_row(self, row: QTreeWidgetItem, ann: Annotation) -> None:
        row.setText(0, ops.summary(ann))
        font = QFont(self.font())
        font.setItalic(not ann.label.strip())  # no label: the text stands in for it
        row.setFont(0, font)
        tip = [ann.label, ann.text] + [f"• {item.label}" for item in ann.items]
        if ann.effect is not None:
            tip.append(f"effect {ann.effect:g}")
        row.setToolTip(0, "\n".join(t for t in tip if t))

    def _fit(self) -> None:
        """Tall enough for every row (up to a limit): the dock scrolls, not the list."""
        height = 0
        for g in range(self.topLevelItemCount()):
            header = self.topLevelItem(g)
            height += self.sizeHintForIndex(self.indexFromItem(header)).height()
            for r in range(header.childCount()):
                height += self.sizeHintForIndex(self.indexFromItem(header.child(r))).height()
        self.setFixedHeight(max(height, 24) + 2 * self.frameWidth() + 4)

    # -- selection -----------------------------------------------------------------------
    def current_index(self) -> int | None:
        item = self.currentItem()
        if item is None or item.parent() is None or not item.isSelected():
            return None
        return int(item.data(0, ROLE))

    def row_for(self, index: int) -> QTreeWidgetItem | None:
        for g in range(self.topLevelItemCount()):
            header = self.topLevelItem(g)
            for r in range(header.childCount()):
                if header.child(r).data(0, ROLE) == index:
                    return header.child(r)
        return None

    def select_index(self, index: int | None) -> None:
        row = self.row_for(index) if index is not None else None
        if row is None:
            self.clearSelection()
            self.setCurrentItem(None)
        else:
            self.setCurrentItem(row)
            row.setSelected(True)
            self.scrollToItem(row)

    # -- drag and drop -------------------------------------------------------------------
    def startDrag(self, actions: Qt.DropAction) -> None:
        self._drag_source = self.current_index()
        try:
            super().startDrag(actions)
        finally:
            self._drag_source = None

    def dropEvent(self, event: QDropEvent) -> None:
        source = self._drag_source if self._drag_source is not None else self.current_index()
        # Qt lets only this tree's own drags get here (InternalMove); None is a test's drop.
        if event.source() not in (self, None) or source is None:
            event.ignore()
            return
        target = self._drop_target(event.position().toPoint())
        # Ignore the drop for Qt (it must not move rows itself); the model decides.
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if target is not None:
            type_name, before, after = target
            # After the drag's event loop has unwound: the command rebuilds the rows.
            QTimer.singleShot(0, lambda: self.dropped.emit(source, type_name, before, after))

    def _drop_target(self, pos: QPoint) -> tuple[str, int | None, int | None] | None:
        item = self.itemAt(pos)
        if item is None:  # below the last row: after the last annotation
            last = self.topLevelItem(self.topLevelItemCount() - 1)
            if last is None or last.childCount() == 0:
                return None
            item = last.child(last.childCount() - 1)
            return str(last.data(0, ROLE)), None, int(item.data(0, ROLE))
        if item.parent() is None:  # on a group's header: first in that group
            return str(item.data(0, ROLE)), None, None
        index = int(item.data(0, ROLE))
        type_name = str(item.parent().data(0, ROLE))
        if pos.y() < self.visualItemRect(item).center().y():
            return type_name, index, None
        return type_name, None, index

    # -- keys ----------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        # Delete removes an annotation and F2 edits it here, not the window's stage shortcuts.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in (*DELETE_KEYS, *EDIT_KEYS)
            and not event.modifiers()
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in DELETE_KEYS and not event.modifiers():
            self.deleteRequested.emit()
            event.accept()
            return
        if event.key() in EDIT_KEYS and not event.modifiers():
            self.editRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


def _tool_button(parent: QWidget, icon: QStyle.StandardPixmap, tip: str) -> QToolButton:
    button = QToolButton(parent)
    button.setIcon(parent.style().standardIcon(icon))
    button.setToolTip(tip)
    button.setAutoRaise(True)
    return button


class AnnotationSection(QWidget):
    """Header with Add and ordering buttons, the grouped tree, the selected one's editor."""

    def __init__(
        self, run: Run, theme_of: Callable[[], Theme], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.run = run
        self.theme_of = theme_of  # the canvas's theme, for the type icons
        self.doc: Document | None = None
        self.owner: ElementId | None = None
        title = QLabel("Annotations", self)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.add_button = QToolButton(self)
        self.add_button.setText("Add")
        self.add_button.setToolTip("Attach an annotation of a type")
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_button.setAutoRaise(True)
        self.add_menu = QMenu(self.add_button)
        self.add_menu.aboutToShow.connect(self._fill_add_menu)
        self.add_button.setMenu(self.add_menu)
        pix = QStyle.StandardPixmap
        self.up_button = _tool_button(self, pix.SP_ArrowUp, "Move up within its type")
        self.down_button = _tool_button(self, pix.SP_ArrowDown, "Move down within its type")
        self.remove_button = _tool_button(self, pix.SP_TrashIcon, "Remove (Delete)")
        self.tree = AnnotationTree(self)
        self.tree.theme_of = theme_of
        self.empty = QLabel("None yet: use Add, or right-click on the canvas.", self)
        self.empty.setWordWrap(True)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.editor = AnnotationEditor(run, self)
        self.editor.theme_of = theme_of

        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.setSpacing(2)
        header.addWidget(title)
        header.addStretch(1)
        for button in (self.add_button, self.up_button, self.down_button, self.remove_button):
            header.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self.tree)
        layout.addWidget(self.empty)
        layout.addSpacing(4)
        layout.addWidget(self.editor)

        self.up_button.clicked.connect(lambda: self.step(-1))
        self.down_button.clicked.connect(lambda: self.step(1))
        self.remove_button.clicked.connect(self.remove_current)
        self.tree.deleteRequested.connect(self.remove_current)
        self.tree.editRequested.connect(self._edit_current)
        self.tree.dropped.connect(self.drop)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self._selection_changed()

    # -- following the model -------------------------------------------------------------
    def show_owner(self, doc: Document, owner: ElementId) -> None:
        """Show ``owner``'s annotations, keeping the selected one when it is the same."""
        same = (doc, owner) == (self.doc, self.owner)
        keep = self.tree.current_index() if same else None
        if not same:
            self.editor.commit_pending()
            self.tree.clear()
            self.tree._structure = []
        self.doc, self.owner = doc, owner
        annotations = doc.annotations_of(owner)
        self.tree.blockSignals(True)
        self.tree.populate(doc, annotations)
        self.tree.select_index(keep if keep is not None and keep < len(annotations) else None)
        self.tree.blockSignals(False)
        self.tree.setVisible(bool(annotations))
        self.empty.setVisible(not annotations)
        self._selection_changed()

    def current(self) -> int | None:
        return self.tree.current_index()

    def focus_annotation(self, index: int) -> None:
        """Select annotation ``index`` and put the cursor in its label."""
        self.tree.select_index(index)
        self._selection_changed()
        self.editor.focus_label()

    def _edit_current(self) -> None:
        if self.current() is not None:
            self.editor.focus_label()

    def _selection_changed(self) -> None:
        index = self.tree.current_index()
        has = index is not None and self.doc is not None and self.owner is not None
        for button in (self.up_button, self.down_button, self.remove_button):
            button.setEnabled(has)
        if has:
            self.editor.show_annotation(self.doc, self.owner, index)  # type: ignore[arg-type]
        else:
            self.editor.commit_pending()
            self.editor.clear()

    # -- edits ---------------------------------------------------------------------------
    def _fill_add_menu(self) -> None:
        self.add_menu.clear()
        if self.doc is None:
            return
        for atype in self.doc.all_types():
            action = self.add_menu.addAction(
                type_icon(atype, self.theme_of()), atype.name.capitalize()
            )
            action.triggered.connect(lambda _=False, name=atype.name: self.add(name))

    def _annotations(self) -> list[Annotation]:
        assert self.doc is not None and self.owner is not None
        return self.doc.annotations_of(self.owner)

    def add(self, type_name: str) -> None:
        """Attach an empty annotation of ``type_name`` and start editing its label."""
        doc, owner = self.doc, self.owner
        if doc is None or owner is None:
            return
        self.editor.commit_pending()
        self.run(doc, add_annotation(doc, owner, Annotation(type_name)))
        self.focus_annotation(len(doc.annotations_of(owner)) - 1)

    def remove_current(self) -> None:
        index = self.current()
        if index is None or self.doc is None or self.owner is None:
            return
        self.editor.clear()  # an edit in progress goes with the annotation
        self.run(self.doc, remove_annotation(self.doc, self.owner, index))

    def step(self, delta: int) -> None:
        index = self.current()
        if index is None or self.doc is None or self.owner is None:
            return
        self.editor.commit_pending()  # first: the move is computed from the model
        annotations = self._annotations()
        result = ops.stepped(annotations, index, delta)
        if result is None:
            return
        items, moved_to = result
        text = f"Move {annotations[index].type} {'up' if delta < 0 else 'down'}"
        self.run(self.doc, SetAnnotations(self.owner, items, text))
        self.tree.select_index(moved_to)

    def drop(self, source: int, type_name: str, before: object, after: object) -> None:
        doc, owner = self.doc, self.owner
        if doc is None or owner is None or source >= len(doc.annotations_of(owner)):
            return
        self.editor.commit_pending()  # first: the move is computed from the model
        annotations = doc.annotations_of(owner)
        result, index = ops.moved(annotations, source, type_name, before, after)  # type: ignore[arg-type]
        if result == annotations:
            return
        old_type = annotations[source].type
        if old_type == type_name:
            text = f"Reorder {doc.annotation_type(old_type).plural}"
        else:
            text = f"Make {old_type} a {type_name}"
        self.run(doc, SetAnnotations(owner, result, text))
        self.tree.select_index(index)
