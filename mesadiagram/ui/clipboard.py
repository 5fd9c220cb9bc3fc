"""Cut, copy and paste as YAML text: the selection as a small model in the file format.

Any model file's text pasted from a text editor works too, and so does an outline
(``outline_paste.py``). Pasted stages get fresh ids when theirs are taken, and land where
the user points (or near the middle of the view), clear of the stages already there, so
a paste never hides what it was copied from and pasting twice does not stack the copies.
A copy of links alone pastes as parallel links between the same stages. Selected groups
(with their stages) and text boxes come along, and so do the declared link types and
stage classes the pasted elements use that this document lacks. The clipboard's
bytes are read the way a file's are (size, NUL bytes, UTF-8, checked by
``safe_yaml.decode``), so anything that is not a model is refused with the file reader's
one-line ``clipboard:LINE:COL`` problems.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

from PySide6.QtCore import QMimeData, QPointF
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QApplication

from mesadiagram.analysis.placement import missing_positions
from mesadiagram.formats import FormatError, dumps, loads, safe_yaml
from mesadiagram.formats.migrations import CURRENT_VERSION
from mesadiagram.model import Document, LinkId, Node, default_link_id
from mesadiagram.model.commands import AddEdge, AddNode, Command, Macro
from mesadiagram.model.ids import numbered, unique_id
from mesadiagram.render.geometry import node_geometry
from mesadiagram.ui.canvas.scene import GRID, DiagramScene
from mesadiagram.ui.canvas.view import DiagramView
from mesadiagram.ui.outline_paste import outline_piece
from mesadiagram.ui.paste_parts import Taken, declarations_first, part_commands, pasted_part_ids
from mesadiagram.ui.session import DocumentSession

MIME = "application/x-mesadiagram+yaml"
# Beside MIME when the copy was links alone: pasted, they join the same stages again.
LINKS_MIME = "application/x-mesadiagram-links"
PASTE_OFFSET = 30.0  # Duplicate: copies this far down and right, further when taken
SOURCE = "clipboard"  # the file name in the problems of a refused paste
GAP = 20.0  # clear space kept between a pasted stage and the stages already there
STEP = 20.0  # the search for a free place moves the paste in steps of this much
RINGS = 40  # ... up to this many steps away; beyond, the paste goes below everything

Box = tuple[float, float, float, float]  # left, top, right, bottom (scene units)


@dataclass
class Spot:
    """Where a paste goes: its stages' bounding box centred on ``at``, moved to the
    nearest place where no stage touches one of the ``taken`` boxes."""

    at: tuple[float, float]
    taken: list[Box]
    size_of: Callable[[Node], tuple[float, float]]  # a stage's box as drawn
    grid: float = 1.0  # positions land on multiples of this (whole units, or the grid)


class ClipboardCommands:
    """Copy and paste of a session's selection through the system clipboard."""

    def __init__(self, session: DocumentSession, scene: DiagramScene, view: DiagramView) -> None:
        self.session = session
        self.scene = scene
        self.view = view

    def copy(self) -> bool:
        """The selection onto the clipboard; False when nothing is selected."""
        nodes, edges = self.scene.selected_node_ids(), self.scene.selected_link_ids()
        parts = self.scene.parts.selected_group_ids() + self.scene.parts.selected_box_ids()
        if not nodes and not edges and not parts:
            return False
        text = selection_text(self.session.doc, nodes, edges, parts)
        data = QMimeData()
        data.setData(MIME, text.encode("utf-8"))
        if not nodes and not parts:  # links alone: pasted, they join the same stages again
            data.setData(LINKS_MIME, "\n".join(edges).encode("utf-8"))
        data.setText(text)
        QGuiApplication.clipboard().setMimeData(data)
        return True

    def paste(self, at: QPointF | None = None) -> None:
        """Paste the clipboard's model centred on ``at`` (a scene point), else on the
        mouse pointer when it is over the canvas, else on the middle of the view: at the
        nearest free place there. Links copied alone join the same stages again."""
        data = QGuiApplication.clipboard().mimeData()
        if data is None:
            return
        text: bytes | str
        if data.hasFormat(MIME):  # ours, or anyone's under our type: bytes, decoded as a file's
            text = bytes(data.data(MIME))
        elif data.hasText() and looks_like_model(data.text()):
            text = data.text()
        elif data.hasText():  # an outline, as threat models are first written
            piece = outline_piece(self.session, data.text())
            if piece is not None:
                self.paste_piece(piece, what="Paste outline", at=self._paste_point(at))
            return
        else:
            return
        if data.hasFormat(LINKS_MIME) and self._paste_links(text):
            return
        self.paste_text(text, at=self._paste_point(at))

    def _paste_point(self, at: QPointF | None) -> QPointF:
        """``at``, else the mouse pointer over the canvas, else the middle of the view."""
        if at is None:
            at = self._pointer_on_canvas()
        if at is None:
            at = self.view.mapToScene(self.view.viewport().rect().center())
        return at

    def paste_text(
        self,
        text: bytes | str,
        offset: float = PASTE_OFFSET,
        what: str = "Paste",
        at: QPointF | None = None,
    ) -> None:
        """Add the model in ``text`` as one undo step named ``what``, and select it:
        centred on ``at`` when given (see ``paste``), else where its stages were, moved
        by ``offset`` steps off any taken place. Any text or bytes that are not a model
        are refused with their problems, changing nothing."""
        try:
            piece = _read(text)
        except FormatError as err:
            self.session.report("Paste", f"The clipboard does not hold a model:\n\n{err}")
            return
        self.paste_piece(piece, offset, what, at)

    def paste_piece(
        self,
        piece: Document,
        offset: float = PASTE_OFFSET,
        what: str = "Paste",
        at: QPointF | None = None,
    ) -> None:
        """Add the stages and links of ``piece`` as one undo step (see ``paste_text``)."""
        session = self.session
        spot = self._spot(at) if at is not None else None
        commands, node_ids, keys = piece_commands(session.doc, piece, offset, spot)
        if commands:
            session.run(Macro(what, commands))
            self.scene.select(node_ids, keys, pasted_part_ids(commands))
            first = self.scene.node_item(node_ids[0]) if node_ids else None
            if first is not None:  # (pasted from afar, it may be out of view)
                self.view.ensureVisible(first, 40, 40)

    def _paste_links(self, text: bytes) -> bool:
        """Copied links as parallel links between the same stages (False: not done)."""
        try:
            made = link_commands(self.session.doc, text)
        except FormatError:
            return False  # paste_text reports it
        if made is None:
            # Pasting nothing would lose what was copied: the links come with copies of
            # their stages, as the clipboard's text has them, and the status line says why.
            self.session.tell(
                f"The stages of {link_names(text)} are not in this document: "
                "pasted them with the link",
                8000,
            )
            return False
        commands, keys = made
        self.session.run(Macro("Paste link" if len(keys) == 1 else "Paste links", commands))
        self.scene.select(edge_keys=keys)
        return True

    def _pointer_on_canvas(self) -> QPointF | None:
        """The scene point under the mouse pointer when it is over the canvas itself (not
        over a menu, a dialog or another window)."""
        viewport, pointer = self.view.viewport(), QCursor.pos()
        if QApplication.widgetAt(pointer) is not viewport:
            return None
        return self.view.mapToScene(viewport.mapFromGlobal(pointer))

    def _spot(self, at: QPointF) -> Spot:
        """Where a paste centred on ``at`` may go: clear of every stage's box."""
        view_state = self.session.view_state
        theme = view_state.theme

        def size_of(node: Node) -> tuple[float, float]:
            rect = node_geometry(node, theme, True, view_state.show_stage_text).rect
            return rect.width(), rect.height()

        taken = [b.getCoords() for b in (item.box() for item in self.scene.node_items())]
        grid = GRID if view_state.snap_to_grid else 1.0
        return Spot((at.x(), at.y()), taken, size_of, grid)


def selection_document(
    doc: Document, node_ids: list[str], link_ids: list[LinkId], part_ids: list[str] = ()
) -> Document:
    """A new document of the chosen stages, the links among them and the chosen links
    (with their ends), each with its annotations and ids, and the types of ``doc``; the
    chosen groups (``part_ids``: with all their stages) and text boxes. Copy (as YAML)
    and Copy as SVG / PNG both take the selection this way."""
    parts = set(part_ids)
    groups = [g for g in doc.groups if g.id in parts]
    chosen_nodes = set(node_ids).union(*(g.stages for g in groups))
    chosen_links = set(link_ids)
    keep = set(chosen_nodes)
    for link_id in chosen_links:
        keep.update((doc.edge(link_id).source, doc.edge(link_id).target))
    piece = Document(doc.title, doc.description)
    piece.types = dict(doc.types)
    # (the copied links and stages may have declared types and classes: the piece needs them)
    piece.link_types, piece.stage_classes = dict(doc.link_types), dict(doc.stage_classes)
    for node in doc.nodes:
        if node.id in keep:
            piece.insert_node(node.clone())
    for edge in doc.edges:
        among_chosen = edge.source in chosen_nodes and edge.target in chosen_nodes
        if edge.id in chosen_links or among_chosen:
            piece.insert_edge(edge.clone())
    for group in groups:
        piece.insert_group(group.clone())
    for box in doc.boxes:
        if box.id in parts:
            piece.insert_box(box.clone())
    return piece


def selection_text(
    doc: Document, node_ids: list[str], link_ids: list[LinkId], part_ids: list[str] = ()
) -> str:
    """The selection as model text (see ``selection_document``)."""
    return dumps(selection_document(doc, node_ids, link_ids, part_ids))


def looks_like_model(text: str) -> bool:
    return "mesadiagram:" in text or "nodes:" in text


def paste_commands(
    doc: Document, text: bytes | str, offset: float = PASTE_OFFSET, spot: Spot | None = None
) -> tuple[list[Command], list[str], list[LinkId]]:
    """Commands that add the model in ``text`` (the clipboard's bytes, or text) to ``doc``;
    raises FormatError if it is not a valid model, whatever the bytes.

    With a ``spot`` the stages go there (see ``Spot``); without one they keep their
    places when free, else all move by multiples of ``offset`` (Duplicate).
    Returns the commands and the new stages' ids and links' keys (to select them).
    """
    return piece_commands(doc, _read(text), offset, spot)


def piece_commands(
    doc: Document, piece: Document, offset: float = PASTE_OFFSET, spot: Spot | None = None
) -> tuple[list[Command], list[str], list[LinkId]]:
    """``paste_commands`` for a document already read (a model's text, or an outline)."""
    placed = missing_positions(piece)  # stages without a position: laid out as on open
    positions = {n.id: placed.get(n.id) or n.position or (0.0, 0.0) for n in piece.nodes}
    if spot is not None and piece.nodes:
        boxes = [_box(positions[n.id], spot.size_of(n)) for n in piece.nodes]
        dx, dy = free_shift(boxes, spot)
    elif spot is not None and piece.boxes:  # text boxes alone: the first one's corner there
        first = piece.boxes[0].position
        dx, dy = spot.at[0] - first[0], spot.at[1] - first[1]
    else:
        corners = [b.position for b in piece.boxes]
        dx = dy = _free_shift(doc, list(positions.values()) + corners, offset)
    taken = Taken(doc)  # stages, links, groups and text boxes share ids
    renamed: dict[str, str] = {}
    commands: list[Command] = []
    for node in piece.nodes:
        new_id = unique_id(node.label, taken) if node.id in taken else node.id
        taken.add(new_id)
        renamed[node.id] = new_id
        x, y = positions[node.id]
        copy = dataclasses.replace(node.clone(), id=new_id, position=(x + dx, y + dy))
        commands.append(AddNode(copy))
    keys = []
    for edge in piece.edges:
        # Routes belong to the old places of the stages: pasted links start straight.
        source, target = renamed[edge.source], renamed[edge.target]
        new_id = numbered(default_link_id(source, target), taken)
        taken.add(new_id)
        new = dataclasses.replace(edge.clone(), id=new_id, source=source, target=target, route=[])
        commands.append(AddEdge(new))
        keys.append(new_id)
    commands += part_commands(piece, taken, renamed, (dx, dy))  # groups, text boxes
    return declarations_first(doc, piece, commands), list(renamed.values()), keys


def link_commands(doc: Document, text: bytes | str) -> tuple[list[Command], list[LinkId]] | None:
    """Commands that add the links in ``text`` again between the same stages of ``doc``
    (parallel links, with their annotations, fresh ids and no bend points); None when
    one of their stages is not in ``doc``. Raises FormatError like ``paste_commands``."""
    piece = _read(text)
    if not piece.edges or not all(
        doc.has_node(e.source) and doc.has_node(e.target) for e in piece.edges
    ):
        return None
    taken = Taken(doc)
    commands: list[Command] = []
    keys = []
    for edge in piece.edges:
        new_id = numbered(default_link_id(edge.source, edge.target), taken)
        taken.add(new_id)
        commands.append(AddEdge(dataclasses.replace(edge.clone(), id=new_id, route=[])))
        keys.append(new_id)
    return declarations_first(doc, piece, commands), keys


def link_names(text: bytes | str) -> str:
    """The links in ``text`` as “A” → “B”, for a status line ("" when unreadable)."""
    try:
        piece = _read(text)
    except FormatError:
        return ""
    labels = {n.id: n.label for n in piece.nodes}
    return ", ".join(f"“{labels[e.source]}” → “{labels[e.target]}”" for e in piece.edges)


def _read(raw: bytes | str) -> Document:
    """The model in ``raw``; a piece without the version line is read as the current version.

    Bytes are decoded as a file's are: bad UTF-8, a NUL byte or too much of it is a
    positioned FormatError, never a UnicodeDecodeError.
    """
    text = safe_yaml.decode(raw, SOURCE)
    if "mesadiagram:" in text:
        return loads(text, SOURCE)
    try:
        return loads(f"mesadiagram: {CURRENT_VERSION}\n" + text, SOURCE)
    except FormatError as err:  # report the lines of the text as the user sees it
        raise FormatError([replace(p, line=max(1, p.line - 1)) for p in err.problems]) from None


def _free_shift(doc: Document, positions: list[tuple[float, float]], offset: float) -> float:
    """The smallest multiple of ``offset`` that puts no pasted stage on an existing one,
    so that duplicating again and again fans the copies out instead of stacking them."""

    def cell(x: float, y: float) -> tuple[int, int]:
        return round(x / offset), round(y / offset)

    taken = {cell(*n.position) for n in doc.nodes if n.position is not None}
    shift = 0.0
    while any(cell(x + shift, y + shift) in taken for x, y in positions):
        shift += offset
    return shift


# -- finding a free place ------------------------------------------------------------------
def _box(centre: tuple[float, float], size: tuple[float, float]) -> Box:
    (x, y), (w, h) = centre, size
    return (x - w / 2, y - h / 2, x + w / 2, y + h / 2)


def _meets(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _bounds(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


@cache
def _cells(rings: int) -> list[tuple[int, int]]:
    """Grid steps within ``rings`` of (0, 0), nearest first (ties: down, then right)."""
    cells = [(i, j) for i in range(-rings, rings + 1) for j in range(-rings, rings + 1)]
    return sorted(cells, key=lambda c: (math.hypot(*c), -c[1], -c[0]))


def free_shift(boxes: list[Box], spot: Spot) -> tuple[float, float]:
    """How far to move ``boxes`` (the pasted stages as they are) so that their bounding
    box is centred on ``spot.at``, or as near to that as possible with every box at
    least ``GAP`` away from the taken ones."""
    left, top, right, bottom = _bounds(boxes)
    grid = spot.grid
    # Centred on the spot, with the first stage on the grid (whole units at least).
    first_x, first_y = (boxes[0][0] + boxes[0][2]) / 2, (boxes[0][1] + boxes[0][3]) / 2
    dx = round((first_x + spot.at[0] - (left + right) / 2) / grid) * grid - first_x
    dy = round((first_y + spot.at[1] - (top + bottom) / 2) / grid) * grid - first_y
    step = max(STEP, grid)
    reach = RINGS * step + GAP
    area = (left + dx - reach, top + dy - reach, right + dx + reach, bottom + dy + reach)
    near = [t for t in spot.taken if _meets(t, area)]  # only these can be in the way
    grown = [(b[0] - GAP, b[1] - GAP, b[2] + GAP, b[3] + GAP) for b in boxes]
    for i, j in _cells(RINGS):
        sx, sy = dx + i * step, dy + j * step
        if not any(
            _meets((g[0] + sx, g[1] + sy, g[2] + sx, g[3] + sy), t) for g in grown for t in near
        ):
            return sx, sy
    # Crowded all around: below everything there is room.
    lowest = max(t[3] for t in spot.taken)
    return dx, dy + math.ceil((lowest + GAP - (top + dy)) / grid) * grid
