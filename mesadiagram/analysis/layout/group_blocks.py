"""Moving whole groups across the layers until no frame reaches over anything else.

After the coordinates, each layer keeps its order and its gaps, but a group's frame spans
all its layers: a stage beside the group in one layer may lie within the frame's reach
from another. Here every group is one rigid *block* (its frame, over all the layers it
spans) and every other node a block of its own; neighbours in a layer give the blocks an
order, "A before B, at least a gap apart". Because each group is together in every layer
it spans (placeholders fill the layers it skips) and groups keep one order among
themselves, these orders have no cycle: a group spans an interval of layers, and a cycle
of intervals that pairwise overlap would have a layer common to all of them, where the
order is a line.

The blocks are then pushed apart in the order's topological order (each moved forward as
little as its predecessors ask), and, separately, backward in the reverse order; each block
moves by the mean of the two shifts. Every constraint is "shift of B minus shift of A at
least c", so the mean of two solutions is one too, and blocks that nothing pressed stay.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from itertools import pairwise

from mesadiagram.analysis.layout.groups import MIN_FRAME_GAP, Grouping

FRAME, BOX, SLOT = 0, 1, 2  # kinds of blocks: a group, a stage, a link's dummy node


def reach(
    nodes: Sequence[int],
    coord: Sequence[float],
    size: Sequence[float],
    grouping: Grouping | None,
    pads: tuple[float, float],
) -> tuple[float, float]:
    """The least and greatest coordinate that ``nodes``' boxes, and the frames of the
    groups among them, reach across the layers."""
    lo, hi = float("inf"), float("-inf")
    for v in nodes:
        half = size[v] / 2
        before = after = 0.0
        if grouping is not None and grouping.of[v] >= 0 and not grouping.placeholder[v]:
            before, after = pads
        lo = min(lo, coord[v] - half - before)
        hi = max(hi, coord[v] + half + after)
    return lo, hi


def legalise(
    layers: list[list[int]],
    coord: list[float],
    size: Sequence[float],
    dummy: Sequence[bool],
    grouping: Grouping,
    pads: tuple[float, float],
    node_gap: float,
) -> None:
    """Shift groups and other nodes across the layers (``coord``, in place) so that in
    every layer each group's frame keeps clear of its neighbours' boxes and frames.

    ``pads`` is how far a frame reaches before and after its boxes across the layers.
    """
    of = grouping.of
    block_of: dict[int, int] = {}
    group_block: dict[int, int] = {}
    kind: list[int] = []
    nodes: list[list[int]] = []
    for layer in layers:
        for v in layer:
            gi = of[v]
            if gi >= 0 and gi in group_block:
                b = group_block[gi]
            else:
                b = len(kind)
                kind.append(FRAME if gi >= 0 else (SLOT if dummy[v] else BOX))
                nodes.append([])
                if gi >= 0:
                    group_block[gi] = b
            block_of[v] = b
            nodes[b].append(v)
    if not group_block:
        return
    lo, hi = [0.0] * len(kind), [0.0] * len(kind)
    for b, members in enumerate(nodes):
        drawn = [v for v in members if not (dummy[v] and of[v] >= 0)]
        lo[b], hi[b] = reach(drawn, coord, size, grouping, pads)
        for v in members:  # the group's own link slots stay within its block
            if dummy[v] and of[v] >= 0 and not grouping.placeholder[v]:
                lo[b], hi[b] = min(lo[b], coord[v]), max(hi[b], coord[v])
    frame_gap = max(node_gap / 2, MIN_FRAME_GAP)
    after: list[dict[int, float]] = [{} for _ in kind]  # block -> successor -> least gap
    before: list[dict[int, float]] = [{} for _ in kind]
    for layer in layers:
        for a, c in pairwise(layer):
            x, y = block_of[a], block_of[c]
            if x == y:
                continue
            if kind[x] == FRAME or kind[y] == FRAME:
                gap = frame_gap / 2 if SLOT in (kind[x], kind[y]) else frame_gap
            else:
                gap = node_gap / (1 + (kind[x] == SLOT) + (kind[y] == SLOT))
            gap = max(gap, after[x].get(y, 0.0))
            after[x][y] = before[y][x] = gap
    order = _topological(after, before)
    if order is None:  # cannot happen with groups together and in one order; be safe
        return
    down = [0.0] * len(kind)
    for b in order:
        need = max((hi[a] + down[a] + gap - lo[b] for a, gap in before[b].items()), default=0.0)
        down[b] = max(0.0, need)
    up = [0.0] * len(kind)
    for b in reversed(order):
        need = min((lo[c] + up[c] - gap - hi[b] for c, gap in after[b].items()), default=0.0)
        up[b] = min(0.0, need)
    for b, members in enumerate(nodes):
        shift = (down[b] + up[b]) / 2
        if shift:
            for v in members:
                coord[v] += shift


def _topological(after: list[dict[int, float]], before: list[dict[int, float]]) -> list[int] | None:
    """Kahn's algorithm, lowest block first; None on a cycle."""
    indeg = [len(b) for b in before]
    ready = deque(b for b, d in enumerate(indeg) if d == 0)
    order = []
    while ready:
        b = ready.popleft()
        order.append(b)
        for c in after[b]:
            indeg[c] -= 1
            if indeg[c] == 0:
                ready.append(c)
    return order if len(order) == len(indeg) else None
