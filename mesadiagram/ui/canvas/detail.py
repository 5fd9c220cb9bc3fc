"""The canvas's detailed view: callouts placed so that none hides a stage, a link, a label
or another callout, by the same placement figures use (``render/callout_placement.py``).

Placement depends on every element, so it is redone after changes, once per burst of
events (a paste or a multi-stage move emits many).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QTimer

from mesadiagram.render.callout_placement import place_callouts

if TYPE_CHECKING:
    from mesadiagram.ui.canvas.scene import DiagramScene


class CalloutPlacer:
    def __init__(self, scene: DiagramScene) -> None:
        self.scene = scene
        self._pending = False
        self._any_shown = False

    def schedule(self) -> None:
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self.place)

    def place(self) -> None:
        """Place every detailed element's callout now."""
        self._pending = False
        scene = self.scene
        doc = scene.doc
        owners = [n.id for n in doc.nodes if n.annotations and scene.is_detailed(n.id)]
        owners += [e.id for e in doc.edges if e.annotations and scene.is_detailed(e.id)]
        if not owners and not self._any_shown:
            return  # the common case: nothing detailed, nothing to clear
        nodes = {item.node_id: item for item in scene.node_items()}
        edges = {item.link_id: item for item in scene.edge_items() if item.geo is not None}
        node_rects = {n: item.scene_box for n, item in nodes.items()}
        geos = {key: item.geo for key, item in edges.items()}
        # The stages cannot move to make room: callouts with none near look further out.
        placed, _ = place_callouts(doc, scene.theme, node_rects, geos, owners, far=True)
        for node_id, item in nodes.items():
            callout = placed.get(node_id)
            if callout is not None:  # node items draw in their own coordinates
                offset = QPointF(-item.pos().x(), -item.pos().y())
                callout.rect.translate(offset)
                callout.anchor = callout.anchor + offset
            item.set_callout(callout)
        for key, item in edges.items():
            item.set_callout(placed.get(key))
        self._any_shown = bool(placed)
