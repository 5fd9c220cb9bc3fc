"""Layered (Sugiyama-style) layout of a threat model, in pure Python.

Steps: break cycles (reverse a small feedback set), assign layers, put dummy nodes on long
links, reduce crossings (barycentre sweeps plus transposition), assign coordinates across
the layers (straight chains, separated boxes), keep each group's stages together with its
frame clear of everything else, and route links around boxes. See :func:`layered_layout`.
"""

from __future__ import annotations

from collections.abc import Mapping

from mesadiagram.analysis.layout.crossings import count_crossings
from mesadiagram.analysis.layout.engine import LayoutResult, layout_graph
from mesadiagram.analysis.layout.groups import (
    GROUP_LABEL_ROOM,
    GROUP_PADDING,
    FrameRoom,
    frame_rect,
)
from mesadiagram.analysis.layout.rows import wrap_rows
from mesadiagram.model import Document

__all__ = [
    "GROUP_LABEL_ROOM",
    "GROUP_PADDING",
    "FrameRoom",
    "LayoutResult",
    "count_crossings",
    "frame_rect",
    "layered_layout",
    "layout_graph",
    "wrap_rows",
]


def layered_layout(
    doc: Document,
    direction: str = "LR",
    sizes: Mapping[str, tuple[float, float]] | None = None,
    pinned: set[str] | frozenset[str] = frozenset(),
    previous: Mapping[str, tuple[float, float]] | None = None,
    *,
    layer_gap: float = 100.0,
    node_gap: float = 40.0,
    rows: int = 1,
    room: FrameRoom | None = None,
) -> LayoutResult:
    """Lay out ``doc``'s stages in layers, left to right (``"LR"``) or top to bottom (``"TB"``).

    ``sizes`` gives each stage's box (width, height); missing ones are 150 x 50. A stage in
    ``pinned`` keeps its position (from ``previous``, else the document); a pinned stage with
    no position is laid out like the others. ``previous`` holds the positions of an earlier
    layout: stages found there keep their layer and their order within it and stay close
    to where they were, so that adding a stage moves the others little. ``layer_gap`` and
    ``node_gap`` are the gaps between box edges along and across the layers. ``rows`` above
    1 wraps a long layout into that many rows at most (columns when top to bottom; see
    :func:`~mesadiagram.analysis.layout.rows.wrap_rows`), pinned stages moving with theirs.

    The stages of each of ``doc.groups`` are kept together: with no stage pinned, the
    frames (:func:`frame_rect`, reaching ``room`` beyond the boxes) of two groups never
    meet, and no other stage's box meets a frame; the gap between layers grows if the
    frames need it. Wrapped into rows, a group stays in one row unless every way to cut
    the rows would split a group.

    Routes are keyed by the pair of stages (from, to), one per pair however many links
    join it; :func:`mesadiagram.analysis.placement.layout_command` gives each route to the
    first link of its pair.
    """
    previous = dict(previous or {})
    pins: dict[str, tuple[float, float]] = {}
    for node_id in sorted(pinned):
        if node_id in previous:
            pins[node_id] = previous[node_id]
        elif doc.has_node(node_id) and doc.node(node_id).position is not None:
            pins[node_id] = doc.node(node_id).position  # type: ignore[assignment]
    # the engine lays out pairs of stages: parallel links share one (the renderer curves
    # them apart), so each pair goes in once
    pairs = list(dict.fromkeys((edge.source, edge.target) for edge in doc.edges))
    result = layout_graph(
        [node.id for node in doc.nodes],
        pairs,
        direction,
        sizes,
        pins,
        previous,
        layer_gap,
        node_gap,
        [group.stages for group in doc.groups],
        room,
    )
    if rows > 1:
        result = wrap_rows(result, pairs, direction, rows, sizes, layer_gap)
    return result
