"""The overview: the whole diagram as plain boxes and lines when text would be unreadable.

Below ``LOD_TEXT`` a stage is a few pixels wide. Qt still calls every visible item's
``paint()``, and with 15,000 items those Python calls alone take longer than a frame,
however little each draws. So in overview the items are flagged ``ItemHasNoContents``
(Qt skips their painting but still hit-tests and selects them) and the scene's
background draws all links and boxes in a few batched calls. Items without contents get
no repaints from Qt, so whatever changes what is drawn here calls ``touched()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from mesadiagram.ui.canvas.items import LOD_TEXT, EdgeItem, NodeItem

if TYPE_CHECKING:
    from mesadiagram.ui.canvas.scene import DiagramScene

NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
PAINT_CHUNK = 300  # links or stages per step of ``paint_diagram_steps``


def level_of_detail(transform: QTransform) -> float:
    return QStyleOptionGraphicsItem.levelOfDetailFromTransform(transform)


class Overview:
    """Decides when the scene is drawn as an overview, and draws it.

    The drawing is kept in an image of the view's size: repainting an unchanged overview
    (a dialog closed over it, a selection rectangle) is one copy. Any change, or another
    zoom or scroll position, draws it again.
    """

    def __init__(self, scene: DiagramScene) -> None:
        self.scene = scene
        self.active = False
        self._image: QImage | None = None
        self._key: tuple[float, ...] = ()

    def reset(self) -> None:
        """New items have contents: the next paint decides again."""
        self.active = False
        self._image = None

    def touched(self) -> None:
        """Something drawn here changed: repaint (Qt would not, for items without contents)."""
        self._image = None
        if self.active and shiboken6.isValid(self.scene):  # (selection signals while dying)
            self.scene.update()

    def sync(self, painter: QPainter) -> None:
        """Switch mode before the items of this paint are drawn.

        Overview only when this paint and every view of the scene are below ``LOD_TEXT``,
        so two views at different zooms (or a large ``render()``) never see bare boxes.
        """
        wanted = level_of_detail(painter.worldTransform()) < LOD_TEXT and all(
            level_of_detail(view.transform()) < LOD_TEXT for view in self.scene.views()
        )
        if wanted == self.active:
            return
        self.active = wanted
        self._image = None
        for item in self.scene.node_items():
            item.setFlag(NO_CONTENTS, wanted)
        for edge_item in self.scene.edge_items():
            edge_item.setFlag(NO_CONTENTS, wanted)

    def draw(self, painter: QPainter, rect: QRectF) -> None:
        if not self.active:
            return
        device = painter.device()
        transform = painter.worldTransform()
        ratio = device.devicePixelRatioF()
        width, height = device.width(), device.height()
        key = (*_matrix(transform), width, height, ratio)
        if self._image is None or key != self._key:
            self._image = QImage(
                round(width * ratio),
                round(height * ratio),
                QImage.Format.Format_ARGB32_Premultiplied,
            )
            self._image.setDevicePixelRatio(ratio)
            self._image.fill(Qt.GlobalColor.transparent)
            image_painter = QPainter(self._image)
            image_painter.setRenderHints(painter.renderHints())
            image_painter.setTransform(transform)
            self.paint_diagram(image_painter)
            image_painter.end()
            self._key = key
        painter.save()
        painter.resetTransform()
        painter.drawImage(0, 0, self._image)
        painter.restore()

    def paint_diagram(self, painter: QPainter, links: float = 1.0) -> None:
        """Links, then boxes over them, as the view state says: hidden elements left out,
        dimmed ones faint, warnings, highlights and the selection in their colours. Through
        ``painter``'s transform: the view's here, the minimap's (``minimap.py``) there,
        which draws the links fainter (``links``: their opacity)."""
        for _ in self.paint_diagram_steps(painter, links):
            pass

    def paint_diagram_steps(
        self, painter: QPainter, links: float = 1.0, chunk: int = PAINT_CHUNK
    ) -> Iterator[None]:
        """``paint_diagram`` in steps of ``chunk`` links or stages, for a caller that paints
        a few steps per turn of the event loop (the minimap). The scene must not change
        between steps: such a caller drops the steps when it does."""
        scene, theme = self.scene, self.scene.theme
        values = scene.view_state.values
        edges, nodes = scene.edge_items(), scene.node_items()
        if values.hidden:
            edges = [e for e in edges if e.link_id not in values.hidden]
            nodes = [n for n in nodes if n.node_id not in values.hidden]
        dimmed = values.dimmed
        selected = [item for item in scene.selectedItems() if item.isVisible()]
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(theme.edge), 0))
        for faint, group in _split(edges, dimmed, lambda e: e.link_id):
            painter.setOpacity((0.25 if faint else 1.0) * links)
            for start in range(0, len(group), chunk):
                part = group[start : start + chunk]
                lines = [line for e in part if e.overview_lines for line in e.overview_lines]
                if lines:
                    painter.drawLines(lines)
                for e in part:
                    if e.overview_lines is None and e.geo is not None:
                        painter.drawPath(e.geo.path)
                yield
        painter.setOpacity(1.0)
        for ids, colour, width in (
            (values.warnings, theme.warning, 2),
            (values.highlights, theme.highlight, 3),
        ):
            if ids:
                painter.setPen(QPen(QColor(colour), width))
                for e in edges:
                    if e.link_id in ids and e.geo is not None:
                        painter.drawPath(e.geo.path)
        painter.setPen(QPen(QColor(theme.selection), 0))
        for e in selected:
            if isinstance(e, EdgeItem) and e.geo is not None:
                painter.drawPath(e.geo.path)
        painter.setPen(QPen(QColor(theme.node_border), 0))
        painter.setBrush(QColor(theme.node_fill))
        for faint, group in _split(nodes, dimmed, lambda n: n.node_id):
            painter.setOpacity(0.25 if faint else 1.0)
            for start in range(0, len(group), chunk):
                painter.drawRects([n.scene_box for n in group[start : start + chunk]])
                yield
        painter.setOpacity(1.0)
        if values.highlights:
            painter.setBrush(QColor(theme.highlight))
            boxes = [n.scene_box for n in nodes if n.node_id in values.highlights]
            if boxes:
                painter.drawRects(boxes)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(theme.selection), 0))
        boxes = [n.scene_box for n in selected if isinstance(n, NodeItem)]
        if boxes:
            painter.drawRects(boxes)


def _split(items: list, dimmed: frozenset[str], element_id) -> list[tuple[bool, list]]:
    """(faint, items) groups: one pass and one group when nothing is dimmed."""
    if not dimmed:
        return [(False, items)]
    return [
        (False, [i for i in items if element_id(i) not in dimmed]),
        (True, [i for i in items if element_id(i) in dimmed]),
    ]


def _matrix(t: QTransform) -> tuple[float, ...]:
    return (t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy())
