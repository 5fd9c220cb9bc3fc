"""Moving the selection along links from the keyboard (Alt+arrow keys on the canvas).

The scheme, one rule per key:

- **Alt+Right / Alt+Left** select the next / previous stage along a link: the target of an
  outgoing link, the source of an incoming one (the topmost when there are several, or
  the stage just come from, so Left then Right goes back and forth). On a selected link
  they select its target / source.
- **Alt+Down / Alt+Up** cycle among the alternatives of the last move: the other stages
  the previous stage leads to (siblings sharing that predecessor), or after Alt+Left the
  other stages leading to the one left; a stage selected otherwise cycles among the
  stages sharing its first predecessor (or among the roots). On a link they cycle among
  the links leaving the same stage (or entering it, after Alt+Shift+Left).
- **Alt+Shift+Right / Alt+Shift+Left** select a link instead of a stage: the first
  outgoing / incoming link of the selected stage, or of the far / near end of the
  selected link.

With nothing selected any of them selects the first stage (the top-left root). Order is
by position: top to bottom, then left to right. The view scrolls to keep the new
selection visible. The pure moves are ``navigate``; ``KeyboardNavigator`` applies them to
the canvas and draws the focus ring around the current element.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPen

from mesadiagram.model import Document, ElementId

if TYPE_CHECKING:
    from mesadiagram.ui.canvas.scene import DiagramScene
    from mesadiagram.ui.canvas.view import DiagramView

NEXT, PREVIOUS, DOWN, UP, LINK_OUT, LINK_IN = (
    "next",
    "previous",
    "down",
    "up",
    "link out",
    "link in",
)
OUT, IN = "out", "in"


@dataclass(frozen=True)
class Came:
    """How ``element`` was reached: from ``parent`` (None: among the roots), following
    links ``OUT`` of it or ``IN`` to it. Alt+Up/Down cycle among the other choices."""

    element: ElementId
    parent: ElementId | None
    direction: str


def _place(doc: Document, node_id: str) -> tuple[float, float]:
    x, y = doc.node(node_id).position or (0.0, 0.0)
    return (y, x)  # top to bottom, then left to right


def stages_after(doc: Document, node_id: str, hidden: frozenset = frozenset()) -> list[str]:
    ends = {doc.edge(k).target for k in doc.outgoing(node_id) if k not in hidden}
    return sorted(ends - hidden, key=lambda n: _place(doc, n))


def stages_before(doc: Document, node_id: str, hidden: frozenset = frozenset()) -> list[str]:
    ends = {doc.edge(k).source for k in doc.incoming(node_id) if k not in hidden}
    return sorted(ends - hidden, key=lambda n: _place(doc, n))


def links_out(doc: Document, node_id: str, hidden: frozenset = frozenset()) -> list[str]:
    keys = [k for k in doc.outgoing(node_id) if k not in hidden]
    return sorted(keys, key=lambda k: _place(doc, doc.edge(k).target))


def links_in(doc: Document, node_id: str, hidden: frozenset = frozenset()) -> list[str]:
    keys = [k for k in doc.incoming(node_id) if k not in hidden]
    return sorted(keys, key=lambda k: _place(doc, doc.edge(k).source))


def roots(doc: Document, hidden: frozenset = frozenset()) -> list[str]:
    found = [n.id for n in doc.nodes if n.id not in hidden and not stages_before(doc, n.id, hidden)]
    return sorted(found, key=lambda n: _place(doc, n))


def first_stage(doc: Document, hidden: frozenset = frozenset()) -> str | None:
    """Where a chain begins: the leftmost root (the topmost of those), else the first stage."""
    starts = roots(doc, hidden) or [n.id for n in doc.nodes if n.id not in hidden]
    if not starts:
        return None
    return min(starts, key=lambda n: _place(doc, n)[::-1])


def navigate(
    doc: Document,
    current: ElementId | None,
    came: Came | None,
    move: str,
    hidden: frozenset = frozenset(),
) -> Came | None:
    """Where ``move`` goes from ``current`` (reached as ``came`` says); None: nowhere."""
    if came is not None and (
        came.element != current or (came.parent is not None and not doc.has_node(came.parent))
    ):
        came = None  # the selection moved otherwise since, or that stage went
    if current is None or not doc.has_element(current):
        first = first_stage(doc, hidden)
        return None if first is None else Came(first, None, OUT)
    if doc.has_node(current):
        return _from_stage(doc, current, came, move, hidden)
    return _from_link(doc, current, came, move, hidden)


def _from_stage(
    doc: Document, stage: str, came: Came | None, move: str, hidden: frozenset
) -> Came | None:
    if move in (NEXT, PREVIOUS):
        forward = move == NEXT
        options = (stages_after if forward else stages_before)(doc, stage, hidden)
        if not options:
            return None
        back = IN if forward else OUT  # came back along the way it left: return there
        to = came.parent if came and came.direction == back and came.parent in options else None
        to = to or options[0]
        return Came(to, stage, OUT if forward else IN)
    if move in (DOWN, UP):
        if came is not None:
            parent, direction = came.parent, came.direction
        else:
            before = stages_before(doc, stage, hidden)
            parent, direction = (before[0], OUT) if before else (None, OUT)
        if parent is None:
            group = roots(doc, hidden)
        elif direction == OUT:
            group = stages_after(doc, parent, hidden)
        else:
            group = stages_before(doc, parent, hidden)
        return _cycle(group, stage, move, parent, direction)
    links = (links_out if move == LINK_OUT else links_in)(doc, stage, hidden)
    return Came(links[0], stage, OUT if move == LINK_OUT else IN) if links else None


def _from_link(
    doc: Document, key: str, came: Came | None, move: str, hidden: frozenset
) -> Came | None:
    edge = doc.edge(key)
    if move == NEXT:
        return Came(edge.target, edge.source, OUT)
    if move == PREVIOUS:
        return Came(edge.source, edge.target, IN)
    if move in (DOWN, UP):
        parent, direction = (came.parent, came.direction) if came else (edge.source, OUT)
        if parent is None:
            return None
        group = (links_out if direction == OUT else links_in)(doc, parent, hidden)
        return _cycle(group, key, move, parent, direction)
    end = edge.target if move == LINK_OUT else edge.source
    links = (links_out if move == LINK_OUT else links_in)(doc, end, hidden)
    return Came(links[0], end, OUT if move == LINK_OUT else IN) if links else None


def _cycle(
    group: list[str], current: str, move: str, parent: ElementId | None, direction: str
) -> Came | None:
    if current not in group or len(group) < 2:
        return None
    index = (group.index(current) + (1 if move == DOWN else -1)) % len(group)
    return Came(group[index], parent, direction)


_KEYS = {
    Qt.Key.Key_Right: (NEXT, LINK_OUT),
    Qt.Key.Key_Left: (PREVIOUS, LINK_IN),
    Qt.Key.Key_Down: (DOWN, DOWN),
    Qt.Key.Key_Up: (UP, UP),
}
RING_GAP = 6.0  # screen pixels between a stage's box and its focus ring


class KeyboardNavigator:
    """Applies the moves to a canvas, and knows its current element (the focus ring's)."""

    def __init__(self, scene: DiagramScene, view: DiagramView) -> None:
        self.scene = scene
        self.view = view
        self.came: Came | None = None
        self.keyboard_mode = False  # the ring shows after keys, not after mouse clicks
        self._ring = QRectF()  # where the ring was last drawn (scene), to repaint there
        scene.selectionChanged.connect(self.refresh_ring)
        # An edit may move the current element (arrow keys nudge it): the ring follows,
        # once per burst of changes.
        self._follow = QTimer(view)
        self._follow.setSingleShot(True)
        self._follow.setInterval(0)
        self._follow.timeout.connect(self.refresh_ring)
        scene.session.changed.connect(self._model_changed)

    def _model_changed(self, _event: object) -> None:
        if self.keyboard_mode and shiboken6.isValid(self._follow) and not self._follow.isActive():
            self._follow.start()

    def current(self) -> ElementId | None:
        """The element keys act on: the one last moved to if still selected, else the only
        selected one. (Asked at every paint of the ring: the selected items only, not the
        document, are looked at.)"""
        scene = self.scene
        if self.came is not None:
            item = scene.node_item(self.came.element) or scene.edge_item(self.came.element)
            if item is not None and item.isSelected():
                return self.came.element
        selected = scene.selectedItems()
        if len(selected) != 1:
            return None
        return getattr(selected[0], "element_id", None)  # (a stage, link, group or text box)

    def handle_key(self, event: QKeyEvent) -> bool:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        alt, shift = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ShiftModifier
        if event.key() not in _KEYS or not mods & alt or mods & ~(alt | shift):
            return False
        stage_move, link_move = _KEYS[event.key()]
        self.move(link_move if mods & shift else stage_move)
        return True

    def move(self, how: str) -> bool:
        """Select where ``how`` leads; False (and a word in the status bar) if nowhere."""
        scene = self.scene
        current = self.current()
        if current is None and scene.selected_ids():
            current = scene.selected_ids()[0]
        step = navigate(scene.doc, current, self.came, how, scene.view_state.hidden)
        self.keyboard_mode = True
        if step is None:
            scene.session.tell(_nowhere(how), 2000)
            self.refresh_ring()
            return False
        self.came = step
        if scene.doc.has_node(step.element):
            scene.select([step.element])
        else:
            scene.select(edge_keys=[step.element])
        self.reveal(step.element)
        return True

    def reveal(self, element_id: ElementId) -> None:
        """Scroll so that the element is in view, with a margin."""
        rect = self.element_rect(element_id)
        if not rect.isEmpty():
            self.view.ensureVisible(rect, 60, 60)

    def element_rect(self, element_id: ElementId) -> QRectF:
        scene = self.scene
        node = scene.node_item(element_id)
        if node is not None:
            return node.box()
        box = scene.box_item(element_id)
        if box is not None:
            return box.box()
        frame = scene.frame_item(element_id)
        if frame is not None:  # a group: its label
            return frame.label_rect()
        edge = scene.edge_item(element_id)
        if edge is None or edge.geo is None:
            return QRectF()
        middle = edge.geo.middle
        return QRectF(middle.x() - 12, middle.y() - 12, 24, 24)

    # -- the focus ring ------------------------------------------------------------------
    def ring_rect(self) -> QRectF:
        """Where the ring goes now (scene coordinates); empty when none is shown."""
        if not (self.keyboard_mode and self.view.hasFocus()):
            return QRectF()
        current = self.current()
        if current is None:
            return QRectF()
        gap = RING_GAP / max(self.view.zoom(), 1e-6)
        return self.element_rect(current).adjusted(-gap, -gap, gap, gap)

    def refresh_ring(self) -> None:
        """Repaint where the ring was and where it goes (selection, focus or mode changed)."""
        if not (shiboken6.isValid(self.scene) and shiboken6.isValid(self.view)):
            return  # (the window is going: its scene clears the selection, the view loses focus)
        new = self.ring_rect()
        for rect in (self._ring, new):
            if not rect.isEmpty():
                pad = 4 / max(self.view.zoom(), 1e-6)
                self.scene.update(rect.adjusted(-pad, -pad, pad, pad))
        self._ring = new

    def draw_ring(self, painter: QPainter) -> None:
        rect = self.ring_rect()
        if rect.isEmpty():
            return
        pen = QPen(QColor(self.scene.theme.selection), 2, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)  # two pixels whatever the zoom
        painter.save()
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        radius = min(rect.width(), rect.height()) / 4
        painter.drawRoundedRect(rect, radius, radius)
        painter.restore()
        self._ring = rect


def _nowhere(how: str) -> str:
    return {
        NEXT: "No stage after this one",
        PREVIOUS: "No stage before this one",
        DOWN: "No other choice here",
        UP: "No other choice here",
        LINK_OUT: "No link out of here",
        LINK_IN: "No link into here",
    }[how]
