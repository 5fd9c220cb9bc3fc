"""The presentation's canvas: a diagram scene over the shown copy of the document.

It is the editor's own scene (``ui/canvas/scene.py``), on a private session holding the
copy that each step brings up to date (``presentation/shown.py``), so stages, links,
dimming and hiding are drawn exactly as in the editor. Two things differ: the callouts
list only what a step reveals (``render/step_figure.place_captions``), and the links
whose annotations are in a callout show no compact tag (they count as detailed).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPointF, QRectF

from mesadiagram.model import Document, ElementId, LinkId
from mesadiagram.presentation.frames import Frame
from mesadiagram.render.callouts import CalloutGeometry
from mesadiagram.render.geometry import EdgeGeometry
from mesadiagram.render.step_figure import place_captions
from mesadiagram.ui.canvas.scene import DiagramScene
from mesadiagram.ui.session import DocumentSession

STEP_ASPECTS = frozenset({"hidden", "dimmed", "highlights", "warnings"})
DIM = 0.25  # the opacity of what came before (the editor's scene dims alike)


class PresentationScene(DiagramScene):
    """The shown copy of ``source``, as the current frame shows it."""

    _detailed: frozenset[ElementId] = frozenset()  # (read while the base class builds)

    def __init__(self, session: DocumentSession, source: Document, parent: QObject) -> None:
        super().__init__(session, parent)
        self._seen: dict[str, frozenset[ElementId]] = {}  # the step aspects last applied
        self.source = source  # the author's document (the copy's annotations come from it)
        self.frame: Frame | None = None
        self.placed: dict[ElementId, CalloutGeometry] = {}  # in scene coordinates
        self.callouts = _Captions(self)  # (replaces the editor's detailed callouts)

    def is_detailed(self, owner: ElementId) -> bool:
        return owner in self._detailed

    def _view_changed(self, aspects: frozenset[str]) -> None:
        """A step changes who is hidden, dimmed, highlighted or warned of: only those
        items are touched (the editor's scene repaints every item), so a step costs
        what it changes, and the items' cached drawings of the rest are kept."""
        if not aspects <= STEP_ASPECTS:
            super()._view_changed(aspects)
            self._seen = {name: getattr(self.view_state, name) for name in STEP_ASPECTS}
            return
        values = self.view_state.values
        changed: dict[str, frozenset[ElementId]] = {
            name: getattr(values, name) ^ self._seen.get(name, frozenset()) for name in aspects
        }
        self._seen = {name: getattr(values, name) for name in STEP_ASPECTS}
        # Visibility and opacity repaint by themselves (a stage keeps its cached drawing);
        # only a change of highlight or warning changes what an item draws.
        for element_id in changed.get("hidden", frozenset()) | changed.get("dimmed", frozenset()):
            item = self.node_item(element_id) or self.edge_item(element_id)
            if item is not None:
                item.setVisible(element_id not in values.hidden)
                item.setOpacity(DIM if element_id in values.dimmed else 1.0)
        drawn = changed.get("highlights", frozenset()) | changed.get("warnings", frozenset())
        for element_id in drawn:
            item = self.node_item(element_id) or self.edge_item(element_id)
            if item is not None:
                item.update()
        self.overview.touched()

    def show_frame(self, frame: Frame, warnings: frozenset[LinkId] = frozenset()) -> None:
        """Draw ``frame``: the copy must already hold its annotations."""
        self.frame = frame
        owners = frozenset(frame.owners)
        before, self._detailed = self._detailed, owners
        for key in before ^ owners:  # their tags come or go
            item = self.edge_item(key)
            if item is not None:
                item.refresh()
        self.view_state.update(
            hidden=frame.hidden,
            dimmed=frame.dimmed,
            highlights=frozenset() if frame.summary else frame.current,
            warnings=warnings,
        )
        self.callouts.place()

    def geometry(self) -> tuple[dict[str, QRectF], dict[LinkId, EdgeGeometry]]:
        """Every stage's box and every link's geometry, in scene coordinates."""
        rects = {item.node_id: item.scene_box for item in self.node_items()}
        edges = {item.link_id: item.geo for item in self.edge_items() if item.geo is not None}
        return rects, edges


class _Captions:
    """Places the callouts of the current frame (the scene asks after every change)."""

    def __init__(self, scene: PresentationScene) -> None:
        self.scene = scene
        self._shown: set[ElementId] = set()

    def schedule(self) -> None:
        """A change to the copy: the step that made it places the callouts itself."""

    def place(self) -> None:
        scene = self.scene
        frame = scene.frame
        placed: dict[ElementId, CalloutGeometry] = {}
        if frame is not None and frame.owners:
            rects, edges = scene.geometry()
            placed = place_captions(scene.doc, scene.source, scene.theme, frame, rects, edges)
        scene.placed = {k: _copy(g) for k, g in placed.items()}
        for owner in self._shown | set(placed):
            geo = placed.get(owner)
            node = scene.node_item(owner)
            if node is not None:
                if geo is not None:  # node items draw in their own coordinates
                    offset = QPointF(-node.pos().x(), -node.pos().y())
                    geo.rect.translate(offset)
                    geo.anchor = geo.anchor + offset
                node.set_callout(geo)
            else:
                edge = scene.edge_item(owner)
                if edge is not None:
                    edge.set_callout(geo)
        self._shown = set(placed)


def _copy(geo: CalloutGeometry) -> CalloutGeometry:
    anchor = QPointF(geo.anchor)
    return CalloutGeometry(QRectF(geo.rect), geo.lines, geo.line_height, anchor, geo.pad)
