"""Give positions to stages that have none, in layers from left to right.

Stages that already have a position keep it; new ones go in their layer's column below
what is there. (The full layered layout with crossing reduction is ``layout.py``'s job.)
"""

from __future__ import annotations

from mesadiagram.analysis.graph import layers, to_digraph
from mesadiagram.model import Document
from mesadiagram.model.commands import MoveNodes

LAYER_GAP_X = 260.0
ROW_GAP_Y = 120.0


def missing_positions(doc: Document) -> dict[str, tuple[float, float]]:
    """Positions for the stages without one (empty when every stage is placed)."""
    unplaced = [n.id for n in doc.nodes if n.position is None]
    if not unplaced:
        return {}
    layer = layers(to_digraph(doc))
    bottom: dict[float, float] = {}
    for node in doc.nodes:
        if node.position is not None:
            x, y = node.position
            bottom[x] = max(bottom.get(x, y), y)
    out: dict[str, tuple[float, float]] = {}
    for node_id in unplaced:
        x = layer[node_id] * LAYER_GAP_X
        y = bottom[x] + ROW_GAP_Y if x in bottom else 0.0
        bottom[x] = y
        out[node_id] = (x, y)
    return out


def place_missing(doc: Document) -> MoveNodes | None:
    """A command that places unplaced stages, or None when all are placed."""
    positions = missing_positions(doc)
    return MoveNodes(positions, "Place stages") if positions else None
