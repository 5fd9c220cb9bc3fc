"""Auto-layout as model commands: the whole document, or only stages without a position.

The layered layout itself is :mod:`mesadiagram.analysis.layout`; box sizes come from the
renderer (which knows the fonts) and are passed in, so this stays free of Qt.
"""

from __future__ import annotations

from collections.abc import Mapping

from mesadiagram.analysis.layout import FrameRoom, LayoutResult, layered_layout
from mesadiagram.model import Document, LinkId
from mesadiagram.model.commands import ApplyLayout

Sizes = Mapping[str, tuple[float, float]]


def _rounded(doc: Document, result: LayoutResult) -> tuple[dict, dict[LinkId, list]]:
    """Whole-pixel positions and routes: files store integers, so a laid-out document
    saves and loads back unchanged. Routes are keyed by link id: the route of a pair of
    stages goes to the first link between them; further parallel links get none (the
    renderer curves them apart)."""
    positions = {n: (float(round(x)), float(round(y))) for n, (x, y) in result.positions.items()}
    routes: dict[LinkId, list] = {}
    for (u, v), pts in result.routes.items():
        links = doc.links_between(u, v)
        if pts and links:
            routes[links[0]] = [(float(round(x)), float(round(y))) for x, y in pts]
    return positions, routes


def layout_command(
    doc: Document,
    direction: str = "LR",
    sizes: Sizes | None = None,
    keep_previous: bool = False,
    rows: int = 1,
    room: FrameRoom | None = None,
) -> ApplyLayout:
    """Lay out every stage (pinned ones stay) as one undoable command.

    ``keep_previous`` asks the layout to move placed stages as little as possible (for a
    document that was laid out before and has grown); otherwise it starts afresh. ``rows``
    above 1 wraps the layers into that many rows at most (columns top to bottom), and
    then pinned stages move with their row. Each group's stages are kept together, their
    frames reaching ``room`` beyond their boxes (by default as the built-in themes draw).
    """
    placed = {n.id: n.position for n in doc.nodes if n.position is not None}
    pinned = {n.id for n in doc.nodes if n.pinned and n.position is not None}
    previous = placed if keep_previous else None
    result = layered_layout(doc, direction, sizes, pinned, previous, rows=rows, room=room)
    name = "Layout left to right" if direction == "LR" else "Layout top to bottom"
    return result_command(doc, result, name)


def result_command(doc: Document, result: LayoutResult, name: str) -> ApplyLayout:
    """A layout's result as one undoable command named ``name``."""
    positions, routes = _rounded(doc, result)
    return ApplyLayout(positions, routes, name)


def place_missing(
    doc: Document, sizes: Sizes | None = None, direction: str = "LR"
) -> ApplyLayout | None:
    """Positions for stages that have none (None when every stage is placed).

    With no positions at all, a full layered layout; otherwise the placed stages stay
    where they are and the new ones are fitted in around them.
    """
    unplaced = [n.id for n in doc.nodes if n.position is None]
    if not unplaced:
        return None
    placed = {n.id: n.position for n in doc.nodes if n.position is not None}
    result = layered_layout(doc, direction, sizes, set(placed), placed)
    positions, routes = _rounded(doc, result)
    fresh = {n: positions[n] for n in unplaced}
    if placed:
        routes = {}  # keep the author's links as they are
    return ApplyLayout(fresh, routes, "Place stages")


def missing_positions(doc: Document, sizes: Sizes | None = None) -> dict[str, tuple[float, float]]:
    """Just the positions ``place_missing`` would give (for pasted stages)."""
    command = place_missing(doc, sizes)
    return command.positions if command else {}
