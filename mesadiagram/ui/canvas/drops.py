"""Annotations, link types and stage classes dragged from the palette onto the canvas.

The stage or link under the cursor is highlighted while dragging; a drop attaches a copy
of the annotation as one undo step, selects the target and has the inspector show the new
annotation with its label in edit (``annotation_drag.attach``). A link type drops onto a
link and a stage class onto a stage (onto the whole selection's links or stages when the
target is selected), as one step (``vocabulary_drag.apply``). Other drops (a .yaml file)
are ignored here and go on to the window. A mixin of ``DiagramView``.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent

from mesadiagram.model.vocabulary import LinkType
from mesadiagram.ui import vocabulary_drag
from mesadiagram.ui.annotation_drag import MIME, attach, read_mime
from mesadiagram.ui.canvas.items import EdgeItem, NodeItem


class AnnotationDrops:
    """The drop handlers of a QGraphicsView showing a ``DiagramScene``."""

    def init_drops(self) -> None:
        self._annotation_drag = False  # a palette drag is over the view
        self._drag_kind: type | None = None  # what it may drop on: NodeItem, EdgeItem or both
        self._drop_item: NodeItem | EdgeItem | None = None
        self._drop_item_highlight: QColor | None = None  # what it showed before

    def _editable(self) -> bool:
        return self.scene() is not None and getattr(self.scene(), "editable", False)

    def drop_target(self, pos: QPoint) -> NodeItem | EdgeItem | None:
        """The stage or link under viewport position ``pos`` (stages win over links) that
        what is dragged may drop on (a link type only a link, a class only a stage)."""
        kind = self._drag_kind or (NodeItem | EdgeItem)
        for item in self.items(pos):
            if isinstance(item, kind):
                return item
        return None

    def _show_drop_target(self, item: NodeItem | EdgeItem | None) -> None:
        if item is self._drop_item:
            return
        if self._drop_item is not None:
            self._drop_item.drop_highlight = self._drop_item_highlight
            self._drop_item.update()
        self._drop_item = item
        if item is not None:
            self._drop_item_highlight = item.drop_highlight
            item.drop_highlight = QColor(self.scene().theme.highlight)
            item.update()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        data = event.mimeData()
        entry = vocabulary_drag.read_mime(data)
        if entry is not None:
            self._drag_kind = EdgeItem if isinstance(entry, LinkType) else NodeItem
        else:
            self._drag_kind = None
        if not data.hasFormat(MIME) and entry is None:
            # No canvas item takes other drops, and QGraphicsView would accept the enter for
            # its scene and swallow the drop: ignore it, so it goes on to the window (which
            # opens a dropped .yaml file).
            event.ignore()
            return
        if not self._editable():
            event.ignore()
            return
        # Accept the enter so moves follow; each move decides whether a drop is allowed.
        self._annotation_drag = True
        event.acceptProposedAction()
        self._show_drop_target(self.drop_target(event.position().toPoint()))

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if not self._annotation_drag:
            event.ignore()
            return
        target = self.drop_target(event.position().toPoint())
        self._show_drop_target(target)
        if target is None:
            event.ignore()  # empty canvas: nothing to attach to
        else:
            event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        if not self._annotation_drag:
            return  # not ours (QGraphicsView would warn of a leave without an enter)
        self._annotation_drag = False
        self._show_drop_target(None)
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        if not self._annotation_drag:
            event.ignore()
            return
        self._annotation_drag = False
        self._show_drop_target(None)
        target = self.drop_target(event.position().toPoint())
        entry = vocabulary_drag.read_mime(event.mimeData())
        if entry is not None and target is not None and self._editable():
            event.acceptProposedAction()
            session = self.scene().session
            chosen = session.selection if target.isSelected() else [target.element_id]
            vocabulary_drag.apply(session, entry, chosen)
            return
        parsed = read_mime(event.mimeData())
        if target is None or parsed is None or not self._editable():
            event.ignore()
            return
        owner = target.node_id if isinstance(target, NodeItem) else target.link_id
        event.acceptProposedAction()
        # Selected, with the new annotation's label in edit in the inspector.
        attach(self.scene().session, [owner], *parsed)
