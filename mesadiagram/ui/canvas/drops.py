"""Annotations dragged from the palette, dropped onto a stage or link of the canvas.

The stage or link under the cursor is highlighted while dragging; a drop attaches a copy
of the annotation as one undo step, selects the target and has the inspector show the new
annotation with its label in edit (``annotation_drag.attach``). Other drops (a .yaml file)
are ignored here and go on to the window. A mixin of ``DiagramView``.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent

from mesadiagram.ui.annotation_drag import MIME, attach, read_mime
from mesadiagram.ui.canvas.items import EdgeItem, NodeItem


class AnnotationDrops:
    """The drop handlers of a QGraphicsView showing a ``DiagramScene``."""

    def init_drops(self) -> None:
        self._annotation_drag = False  # a palette drag is over the view
        self._drop_item: NodeItem | EdgeItem | None = None
        self._drop_item_highlight: QColor | None = None  # what it showed before

    def _editable(self) -> bool:
        return self.scene() is not None and getattr(self.scene(), "editable", False)

    def drop_target(self, pos: QPoint) -> NodeItem | EdgeItem | None:
        """The stage or link under viewport position ``pos`` (stages win over links)."""
        for item in self.items(pos):
            if isinstance(item, NodeItem | EdgeItem):
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
        if not event.mimeData().hasFormat(MIME):
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
        parsed = read_mime(event.mimeData())
        if target is None or parsed is None or not self._editable():
            event.ignore()
            return
        owner = target.node_id if isinstance(target, NodeItem) else target.link_id
        event.acceptProposedAction()
        # Selected, with the new annotation's label in edit in the inspector.
        attach(self.scene().session, [owner], *parsed)
