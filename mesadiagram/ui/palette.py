"""The palette dock: annotation types and the document's reusable entries; under them
the link types and stage classes to apply (``palette_vocabulary.py``).

Drag a type onto a stage or link to attach a new, empty annotation of that type; drag an
entry (one of the five kinds of misalignment, an intervention with its methods...) to
attach a copy. Double-click or Enter attaches to every selected stage and link instead.
The canvas view handles the drop (``DiagramView.dropEvent``); both end in one undo step.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QPoint, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QDrag, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mesadiagram.model import Annotation, AnnotationType, Document
from mesadiagram.model import events as ev
from mesadiagram.render.theme import Theme
from mesadiagram.ui.annotation_drag import (
    ICON_SIZE,
    MIME,
    attach,
    drag_pixmap,
    mime_data,
    payload,
    read_payload,
)
from mesadiagram.ui.palette_entries import (  # noqa: F401 (collect_entries: re-exported)
    EntryIndex,
    ShownEntry,
    collect_entries,
    entry_content,
    entry_key,
    entry_title,
)
from mesadiagram.ui.palette_vocabulary import VocabularyTree
from mesadiagram.ui.type_style import type_icon

if TYPE_CHECKING:
    from mesadiagram.ui.session import DocumentSession

PAYLOAD_ROLE = Qt.ItemDataRole.UserRole
TYPE_ROLE = Qt.ItemDataRole.UserRole + 1  # the type name, on type rows and entry rows
ITEM_NOUNS = {"intervention": "method"}  # what an annotation's sub-items are called
TIP_WIDTH = 70  # characters per tooltip line: long mechanisms stay readable


class PaletteTree(QTreeWidget):
    """Type rows with their entries below; rows drag out as annotation payloads."""

    def __init__(self, dock: PaletteDock) -> None:
        super().__init__(dock)
        self.dock = dock
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
        self.setUniformRowHeights(True)
        self.setExpandsOnDoubleClick(False)  # double-click attaches
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.dragging = False

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, items) -> QMimeData:
        for item in items:
            text = item.data(0, PAYLOAD_ROLE)
            if text:
                return mime_data(text)
        return QMimeData()

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def startDrag(self, actions: Qt.DropAction) -> None:
        item = self.currentItem()
        text = item.data(0, PAYLOAD_ROLE) if item is not None else None
        parsed = read_payload(text) if text else None
        if parsed is None:
            return
        drag = QDrag(self)
        drag.setMimeData(mime_data(text))
        annotation, atype = parsed
        label = entry_title(annotation) if item.parent() else f"New {atype.name}"
        drag.setPixmap(drag_pixmap(label, atype, self.dock.theme(), self.devicePixelRatioF()))
        # The chip hangs below-right of the pointer, so the stage or link under it stays
        # visible with its highlight.
        drag.setHotSpot(QPoint(-14, -10))
        # The drop changes the document while the drag still runs: rebuild the rows after.
        self.dragging = True
        try:
            drag.exec(Qt.DropAction.CopyAction, Qt.DropAction.CopyAction)
        finally:
            self.dragging = False
        self.dock.refresh()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and item is not None:
            self.dock.attach_item(item)
            event.accept()
            return
        super().keyPressEvent(event)


class PaletteDock(QDockWidget):
    """Follows the session's document and theme."""

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__("Palette", parent)
        self.setObjectName("paletteDock")
        self.setAccessibleName("Palette panel")
        self.session = session
        self._collapsed: set[str] = set()  # type rows the user folded, kept across refreshes
        self._order: dict[str, list[tuple[str, str, str]]] = {}  # entry order per type
        # What the tree shows: the type rows, and per type each entry's key -> the
        # annotation shown and its item; the types' look, which a full rebuild follows.
        self._rows: dict[str, QTreeWidgetItem] = {}
        self._entries: dict[str, dict[tuple[str, str, str], ShownEntry]] = {}
        self._shape: list[tuple[str, str, str, str]] = []
        self._needs_rebuild = True
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)  # a paste emits many events: refresh once
        self._refresh_timer.setInterval(100)  # after the canvas has painted, and once per burst
        self._refresh_timer.timeout.connect(self.refresh)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter types and entries")
        self.filter_edit.setAccessibleName("Filter the palette")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.apply_filter)
        self.tree = PaletteTree(self)
        self.tree.setAccessibleName("Annotation types and entries")
        self.tree.itemDoubleClicked.connect(lambda item, _column: self.attach_item(item))
        self.tree.itemCollapsed.connect(lambda i: self._fold(i, True))
        self.tree.itemExpanded.connect(lambda i: self._fold(i, False))
        self.vocabulary = VocabularyTree(session, self)  # link types, stage classes
        self.filter_edit.textChanged.connect(self.vocabulary.apply_filter)
        hint = QLabel(
            "Drag onto a stage or link to attach or apply; double-click for the selection."
        )
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        font = hint.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        hint.setFont(font)

        body = _Body(self)
        body.setAccessibleName("Palette")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.filter_edit)
        split = QSplitter(Qt.Orientation.Vertical, body)
        split.setChildrenCollapsible(False)
        split.addWidget(self.tree)
        split.addWidget(self.vocabulary)
        split.setStretchFactor(0, 1)  # (the vocabulary keeps the height of its rows)
        split.setStretchFactor(1, 0)
        layout.addWidget(split, 1)
        layout.addWidget(hint)
        self.setWidget(body)

        self._index = EntryIndex()
        self._index.reset(session.doc)
        session.changed.connect(self._on_change)
        session.documentReplaced.connect(self._document_replaced)
        session.view_state.changed.connect(self._view_changed)
        # Filled just after the canvas's first frame: a large model has thousands of
        # entries, and seeing the diagram comes first.
        self._refresh_timer.start()

    # -- following the session -----------------------------------------------------------
    @property
    def doc(self) -> Document:
        return self.session.doc

    def _document_replaced(self, doc: Document) -> None:
        self._order.clear()
        self._index.reset(doc)
        self._needs_rebuild = True
        self._refresh_timer.start()

    def _on_change(self, event: ev.ChangeEvent) -> None:
        # Renames and moves of stages and links do not change the palette (drags stay
        # cheap), nor does a stage or link added without annotations.
        match event:
            case ev.NodeChanged() | ev.EdgeChanged() | ev.PresentationChanged():
                return
            case (
                ev.NodeAdded(node_id=element_id)
                | ev.NodeRemoved(node_id=element_id)
                | ev.EdgeAdded(link_id=element_id)
                | ev.EdgeRemoved(link_id=element_id)
                | ev.AnnotationsChanged(owner=element_id)
            ):
                self._index.element_changed(self.doc, element_id)
            case _:  # the declared types changed: their rows are rebuilt
                self._needs_rebuild = True
        self._refresh_timer.start()

    def _view_changed(self, aspects: frozenset[str]) -> None:
        if "theme" in aspects:  # the icons are the theme's marks
            self._needs_rebuild = True
            self.refresh()

    def theme(self) -> Theme:
        return self.session.view_state.theme

    def refresh(self) -> None:
        """Bring the rows up to date with the document, keeping folds, filter and scroll
        position. Only entries that came, went or changed are touched: on a large model a
        full rebuild takes a large part of a second on the GUI thread."""
        self._refresh_timer.stop()
        if self.tree.dragging:
            return
        doc, index = self.doc, self._index
        names = [t.name for t in doc.all_types()]
        names += [n for n in index.types_in_use() if n not in names]
        types = [doc.annotation_type(n) for n in names]
        shape = [(t.name, t.plural, t.color, t.icon) for t in types]
        changed = index.take_changed()
        if shape != self._shape or self._needs_rebuild:
            groups = [(t, self._stable_order(t.name, index.entries(t.name))) for t in types]
            self._rebuild(groups)
            self._shape, self._needs_rebuild = shape, False
            return
        muted = self._muted()
        for key in changed:  # only the entries that came, went or changed: a type can
            self._update_entry(key, muted)  # have thousands, and this runs after edits
        for name in {key[0] for key in changed}:
            count = len(index.by_type.get(name, {}))
            self._rows[name].setText(1, str(count) if count else "")
        if self.filter_edit.text().strip():
            self.apply_filter(self.filter_edit.text())

    def _muted(self) -> QColor:
        return self.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText)

    def _rebuild(self, groups: list[tuple[AnnotationType, list[Annotation]]]) -> None:
        scroll = self.tree.verticalScrollBar().value()
        theme, ratio, muted = self.theme(), self.devicePixelRatioF(), self._muted()
        self.tree.clear()
        self._rows.clear()
        self._entries.clear()
        for atype, entries in groups:
            row = QTreeWidgetItem(self.tree, [atype.name[:1].upper() + atype.name[1:]])
            row.setIcon(0, type_icon(atype, theme, ratio=ratio))
            row.setForeground(1, muted)
            row.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            font = row.font(0)
            font.setBold(True)
            row.setFont(0, font)
            row.setData(0, TYPE_ROLE, atype.name)
            row.setData(0, PAYLOAD_ROLE, payload(Annotation(atype.name), atype))
            row.setToolTip(
                0,
                f"New {atype.name}: drag onto a stage or link to attach an empty {atype.name};"
                " double-click attaches one to the selection",
            )
            row.setFlags(row.flags() & ~Qt.ItemFlag.ItemIsDropEnabled)
            self._rows[atype.name] = row
            self._entries[atype.name] = {}
            self._update_row(atype, entries, muted)
            row.setExpanded(atype.name not in self._collapsed)
        self.apply_filter(self.filter_edit.text())
        self.tree.verticalScrollBar().setValue(scroll)

    def _update_row(self, atype: AnnotationType, entries: list[Annotation], muted: QColor) -> None:
        """Make the type's row show ``entries`` in order, reusing the items that stay."""
        row, shown = self._rows[atype.name], self._entries[atype.name]
        wanted = {entry_key(a): a for a in entries}
        # Annotations are never changed in place (an edit replaces them), so the very
        # object shown before shows the same; only other objects need comparing.
        stale = [
            key
            for key, was in shown.items()
            if wanted.get(key) is not was.annotation
            and entry_content(wanted.get(key)) != entry_content(was.annotation)
        ]
        for key in stale:
            row.removeChild(shown.pop(key).item)  # gone, or its content (methods...) changed
        for key, was in shown.items():
            was.annotation = wanted[key]
        for index, (key, ann) in enumerate(wanted.items()):
            if key not in shown:
                shown[key] = ShownEntry(ann, self._add_entry(row, ann, atype, muted, index))
        row.setText(1, str(len(entries)) if entries else "")

    def _update_entry(self, key: tuple[str, str, str], muted: QColor) -> None:
        """One entry's row: gone, replaced (its content changed) or added last."""
        type_name = key[0]
        row, shown = self._rows[type_name], self._entries[type_name]
        holders = self._index.by_type.get(type_name, {}).get(key)
        ann = next(iter(holders.values())) if holders else None
        was = shown.get(key)
        if ann is None:
            if was is not None:
                row.removeChild(shown.pop(key).item)
                order = self._order.get(type_name, [])
                if key in order:
                    order.remove(key)
            return
        if was is not None and entry_content(was.annotation) == entry_content(ann):
            was.annotation = ann
            return
        atype = self.doc.annotation_type(type_name)
        if was is not None:  # its methods or effect changed: the same place, new content
            at = row.indexOfChild(was.item)
            row.removeChild(was.item)
        else:
            at = row.childCount()
            self._order.setdefault(type_name, []).append(key)
        shown[key] = ShownEntry(ann, self._add_entry(row, ann, atype, muted, at))

    def _stable_order(self, type_name: str, entries: list[Annotation]) -> list[Annotation]:
        """Entries in the order shown before, new ones last: a drop that puts a copy earlier
        in the document must not reshuffle the list under the user's pointer."""
        keyed = {(a.type, a.label, a.text): a for a in entries}
        kept = [k for k in self._order.get(type_name, []) if k in keyed]
        known = set(kept)
        order = kept + [k for k in keyed if k not in known]
        self._order[type_name] = order
        return [keyed[k] for k in order]

    def _add_entry(
        self,
        row: QTreeWidgetItem,
        ann: Annotation,
        atype: AnnotationType,
        muted: QColor,
        index: int,
    ) -> QTreeWidgetItem:
        entry = QTreeWidgetItem([entry_title(ann)])
        row.insertChild(min(index, row.childCount()), entry)
        entry.setFirstColumnSpanned(True)  # the count column is the types': room for text
        entry.setData(0, TYPE_ROLE, atype.name)
        entry.setData(0, PAYLOAD_ROLE, payload(ann, atype))
        entry.setFlags(entry.flags() & ~Qt.ItemFlag.ItemIsDropEnabled)
        noun = ITEM_NOUNS.get(ann.type, "item")
        tip = [textwrap.fill(entry_title(ann), TIP_WIDTH)]
        if ann.label and ann.text:
            tip.append(textwrap.fill(ann.text, TIP_WIDTH))
        if ann.items:
            lines = [textwrap.fill(i.label, TIP_WIDTH, subsequent_indent="  ") for i in ann.items]
            tip.append(f"{noun.capitalize()}s:\n" + "\n".join(f"• {line}" for line in lines))
        entry.setToolTip(0, "\n\n".join(tip))
        for sub in ann.items:
            # Shown so the entry's methods are visible; they drag and attach with it, not alone.
            child = QTreeWidgetItem(entry, [sub.label])
            child.setFirstColumnSpanned(True)
            child.setForeground(0, muted)
            child.setToolTip(0, sub.text or sub.label)
            child.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return entry

    def _fold(self, item: QTreeWidgetItem, folded: bool) -> None:
        if item.parent() is None:
            name = item.data(0, TYPE_ROLE)
            (self._collapsed.add if folded else self._collapsed.discard)(name)

    # -- filtering -----------------------------------------------------------------------
    def apply_filter(self, text: str) -> None:
        """Show types whose name matches, and entries whose label, text or items match."""
        needle = text.casefold().strip()
        for i in range(self.tree.topLevelItemCount()):
            row = self.tree.topLevelItem(i)
            type_match = not needle or needle in row.data(0, TYPE_ROLE).casefold()
            any_entry = False
            for j in range(row.childCount()):
                entry = row.child(j)
                hit = type_match or _entry_matches(needle, entry)
                entry.setHidden(not hit)
                any_entry = any_entry or hit
            row.setHidden(not (type_match or any_entry))
            if needle and any_entry and not type_match:
                row.setExpanded(True)

    def visible_rows(self) -> list[tuple[str, list[str]]]:
        """What the palette shows: each visible type row's text and its visible entries
        (a refresh that is due is done first)."""
        if self._refresh_timer.isActive():
            self.refresh()
        out = []
        for i in range(self.tree.topLevelItemCount()):
            row = self.tree.topLevelItem(i)
            if not row.isHidden():
                kids = [row.child(j) for j in range(row.childCount())]
                out.append((row.data(0, TYPE_ROLE), [k.text(0) for k in kids if not k.isHidden()]))
        return out

    # -- attaching -----------------------------------------------------------------------
    def attach_item(self, item: QTreeWidgetItem) -> int:
        """Attach the row's annotation to every selected stage and link: one undo step.

        Returns how many elements it was attached to.
        """
        text = item.data(0, PAYLOAD_ROLE) or (item.parent() and item.parent().data(0, PAYLOAD_ROLE))
        session = self.session
        parsed = read_payload(text) if text else None
        if parsed is None or not session.view_state.editable:
            return 0
        owners = session.selected_elements()  # (stages and links: groups take none)
        if not owners:
            session.tell("Select stages or links first, or drag the entry onto one")
            return 0
        attach(session, owners, *parsed)  # one owner: its new annotation in the inspector
        return len(owners)


class _Body(QWidget):
    def sizeHint(self) -> QSize:
        # Wide enough that most entry labels are readable without widening the dock.
        return QSize(300, 600)


def _entry_matches(needle: str, entry: QTreeWidgetItem) -> bool:
    parsed = read_payload(entry.data(0, PAYLOAD_ROLE))
    if parsed is None:
        return False
    ann = parsed[0]
    fields = [ann.label, ann.text, *(i.label for i in ann.items), *(i.text for i in ann.items)]
    return any(needle in f.casefold() for f in fields)
