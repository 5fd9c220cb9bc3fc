"""The palette's link types and stage classes: entries to apply, not to attach.

Two rows, Link types and Stage classes, each listing what the document knows (built-in,
then declared) with its icon as drawn. Drag an entry onto a link (a type) or a stage (a
class) to apply it there (to the whole selection when the target is part of it), or
double-click it (or press Enter) to apply it to the selected links or stages: one undo
step either way (``vocabulary_drag.py``). The palette dock shows this under its
annotation types and filters it with the same field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QPoint, QSize, Qt
from PySide6.QtGui import QDrag, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

from mesadiagram.model import Document
from mesadiagram.model import events as ev
from mesadiagram.model.vocabulary import LinkType
from mesadiagram.ui.vocabulary_drag import MIME, apply, mime_data, payload, read_payload
from mesadiagram.ui.vocabulary_icons import HEIGHT, WIDTH, link_type_icon, stage_class_icon

if TYPE_CHECKING:
    from mesadiagram.ui.session import DocumentSession

PAYLOAD_ROLE = Qt.ItemDataRole.UserRole
NAME_ROLE = Qt.ItemDataRole.UserRole + 1
HEADINGS = {"link": "Link types", "stage": "Stage classes"}


class VocabularyTree(QTreeWidget):
    """Link types and stage classes of the session's document, to apply."""

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("paletteVocabulary")
        self.setAccessibleName("Link types and stage classes")
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setIconSize(QSize(WIDTH, HEIGHT))
        self.setUniformRowHeights(True)
        self.setExpandsOnDoubleClick(False)  # double-click applies
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.rows: dict[str, QTreeWidgetItem] = {}
        self._filter = ""
        self._shown: tuple = ()
        self.itemDoubleClicked.connect(lambda item, _column: self.apply_item(item))
        session.changed.connect(self._on_change)
        session.documentReplaced.connect(lambda _doc: self.refresh())
        session.view_state.changed.connect(self._view_changed)
        self.refresh()

    @property
    def doc(self) -> Document:
        return self.session.doc

    def _on_change(self, event: ev.ChangeEvent) -> None:
        if isinstance(event, ev.VocabularyChanged):
            self.refresh()

    def _view_changed(self, aspects: frozenset[str]) -> None:
        if "theme" in aspects:  # the icons are drawn in the theme
            self.refresh()

    def refresh(self) -> None:
        """The rows as the document declares them (rebuilt only when they changed)."""
        doc, theme = self.doc, self.session.view_state.theme
        links, classes = doc.all_link_types(), doc.all_stage_classes()
        shown = (theme, tuple(links), tuple(classes))
        if shown == self._shown:
            return
        self._shown = shown
        folded = {kind for kind, row in self.rows.items() if not row.isExpanded()}
        self.clear()
        self.rows.clear()
        for kind, entries in (("link", links), ("stage", classes)):
            row = QTreeWidgetItem(self, [HEADINGS[kind]])
            font = row.font(0)
            font.setBold(True)
            row.setFont(0, font)
            row.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.rows[kind] = row
            for entry in entries:
                if kind == "link":
                    icon = link_type_icon(doc, theme, entry.name)
                    text = entry.label + ("" if entry.carries_risk else "  (evidence)")
                    tip = _link_tip(entry)
                else:
                    icon = stage_class_icon(doc, theme, entry.name)
                    text = entry.label
                    tip = f"{entry.label} ({entry.shape}): drag onto a stage, or double-click"
                    tip += " to make the selected stages this class"
                item = QTreeWidgetItem(row, [text])
                item.setIcon(0, icon)
                item.setData(0, PAYLOAD_ROLE, payload(entry))
                item.setData(0, NAME_ROLE, entry.name)
                item.setToolTip(0, tip)
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsDragEnabled
                )
            row.setExpanded(kind not in folded)
        self.apply_filter(self._filter)
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        """As high as its rows (the palette's divider starts there): the annotation
        types above get the rest of the height."""
        rows = sum(1 + row.childCount() * row.isExpanded() for row in self.rows.values())
        row_height = max(self.sizeHintForRow(0), self.fontMetrics().height() + 4)
        return QSize(super().sizeHint().width(), rows * row_height + 2 * self.frameWidth() + 2)

    def entry_item(self, kind: str, name: str) -> QTreeWidgetItem | None:
        """The row of link type (``kind`` "link") or stage class ("stage") ``name``."""
        row = self.rows.get(kind)
        for i in range(row.childCount() if row else 0):
            if row.child(i).data(0, NAME_ROLE) == name:
                return row.child(i)
        return None

    def apply_filter(self, text: str) -> None:
        """Show entries whose label or name matches (and the headings when they match)."""
        self._filter = text
        needle = text.casefold().strip()
        for row in self.rows.values():
            heading = not needle or needle in row.text(0).casefold()
            shown = 0
            for i in range(row.childCount()):
                item = row.child(i)
                hit = heading or needle in item.text(0).casefold()
                hit = hit or needle in item.data(0, NAME_ROLE).casefold()
                item.setHidden(not hit)
                shown += hit
            row.setHidden(not shown)

    # -- applying ------------------------------------------------------------------------
    def apply_item(self, item: QTreeWidgetItem) -> int:
        """Apply the row's type or class to the selected links or stages: one step.
        Returns how many it applied to."""
        text = item.data(0, PAYLOAD_ROLE)
        entry = read_payload(text) if text else None
        session = self.session
        if entry is None or not session.view_state.editable:
            return 0
        done = apply(session, entry, session.selection)
        if not done:
            what = "links" if isinstance(entry, LinkType) else "stages"
            session.tell(f"Select {what} first, or drag “{entry.label}” onto one")
        return done

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and item is not None:
            self.apply_item(item)
            event.accept()
            return
        super().keyPressEvent(event)

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
        if not text:
            return
        drag = QDrag(self)
        drag.setMimeData(mime_data(text))
        drag.setPixmap(item.icon(0).pixmap(QSize(WIDTH, HEIGHT), self.devicePixelRatioF()))
        drag.setHotSpot(QPoint(-12, -8))  # below-right of the pointer: the target shows
        drag.exec(Qt.DropAction.CopyAction, Qt.DropAction.CopyAction)


def _link_tip(entry: LinkType) -> str:
    counted = "counted by the analysis" if entry.carries_risk else "evidence: not counted"
    return (
        f"{entry.label} ({entry.line}, {entry.head} head; {counted}): drag onto a link, or"
        " double-click to give the selected links this type"
    )
