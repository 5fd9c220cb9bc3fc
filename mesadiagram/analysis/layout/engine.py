"""The layered layout pipeline: cycles, layers, dummy nodes, order, coordinates, routes.

Everything runs on integer indices in document order, and every sort breaks ties by index,
so the same input always gives the same output. Coordinates are computed as ``(u, v)``:
``u`` along the layers, ``v`` across them; the direction only decides which of x and y
each one becomes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from mesadiagram.analysis.layout import coordinates as co
from mesadiagram.analysis.layout.clearance import BoxGrid
from mesadiagram.analysis.layout.crossings import count_crossings
from mesadiagram.analysis.layout.detour import detour
from mesadiagram.analysis.layout.group_blocks import legalise, reach
from mesadiagram.analysis.layout.groups import (
    MIN_FRAME_GAP,
    FrameRoom,
    Grouping,
    extend,
    gap_function,
    member_lists,
    ties,
)
from mesadiagram.analysis.layout.ordering import reduce_crossings
from mesadiagram.analysis.layout.routing import Box, Obstacles, route, separate
from mesadiagram.analysis.layout.structure import LayeredGraph, build

DEFAULT_SIZE = (150.0, 50.0)
REFINEMENT_BUDGET = 9000  # link segments times refinement rounds, over four
Point = tuple[float, float]


@dataclass
class LayoutResult:
    """Box centres, bend points of each link (empty when straight) and crossing counts.

    ``crossings`` counts the links as straight lines between box centres, the same way as
    :func:`count_crossings`; ``layered_crossings`` counts them through their dummy nodes,
    as the crossing reduction sees them. ``groups`` lists the stages of each group the
    layout kept together, and ``room`` how far their frames reach (for wrapping rows).
    """

    positions: dict[str, Point]
    routes: dict[tuple[str, str], list[Point]] = field(default_factory=dict)
    crossings: int = 0
    layered_crossings: int = 0
    groups: list[list[str]] = field(default_factory=list)
    room: FrameRoom = field(default_factory=FrameRoom)


def layout_graph(
    node_ids: Sequence[str],
    edges: Sequence[tuple[str, str]],
    direction: str = "LR",
    sizes: Mapping[str, tuple[float, float]] | None = None,
    pinned: Mapping[str, Point] | None = None,
    previous: Mapping[str, Point] | None = None,
    layer_gap: float = 100.0,
    node_gap: float = 40.0,
    groups: Sequence[Sequence[str]] = (),
    room: FrameRoom | None = None,
) -> LayoutResult:
    """Lay out stages ``node_ids`` linked by ``edges``; see :func:`layered_layout`.

    ``pinned`` maps each pinned stage to its fixed centre. ``groups`` lists stages to keep
    together, each group's frame (reaching ``room`` beyond its boxes) clear of the others
    and of every other stage (see :mod:`.groups`).
    """
    if direction not in ("LR", "TB"):
        raise ValueError(f"direction must be 'LR' or 'TB', not {direction!r}")
    flip = direction == "TB"
    room = room or FrameRoom()
    pads = room.pads(direction)
    members = member_lists(node_ids, groups) if groups else []
    if members:  # room between layers for the frames that end and begin there
        layer_gap = max(layer_gap, pads[0] + pads[1] + max(node_gap / 2, MIN_FRAME_GAP))
    sizes = sizes or {}
    whs = [sizes.get(n, DEFAULT_SIZE) for n in node_ids]
    size_u = [float(h if flip else w) for w, h in whs]
    size_v = [float(w if flip else h) for w, h in whs]

    def uv(p: Point) -> Point:  # (x, y) to (along, across) and back: its own inverse
        return (float(p[1]), float(p[0])) if flip else (float(p[0]), float(p[1]))

    index = {n: i for i, n in enumerate(node_ids)}
    # in index order, so that the caller's mapping order cannot matter
    prev = dict(sorted((index[n], uv(p)) for n, p in (previous or {}).items() if n in index))
    pins = dict(sorted((index[n], uv(p)) for n, p in (pinned or {}).items() if n in index))
    known = {**prev, **pins}
    # an earlier layout tells each stage's layer; pins alone do not (two pinned stages
    # say little about the layers of the others)
    hints = {v: p[0] for v, p in known.items()} if prev else {}
    links = [(index[a], index[b]) for a, b in edges if a in index and b in index]
    g = build(len(node_ids), links, hints, layer_gap / 2, size_u, size_v, ties(members))
    grouping = extend(g, members) if members else None
    orders, layered = _order(g, known, grouping)

    layer_u, thick = _layer_axis(g, size_u, layer_gap)
    shift = _mean([known[v][0] - layer_u[g.layer[v]] for v in (pins or prev)])
    layer_u = [x + shift for x in layer_u]
    u = [layer_u[r] for r in g.layer]
    for i, (pu, _) in pins.items():
        u[i] = pu
    band = (
        [c - t / 2 for c, t in zip(layer_u, thick, strict=True)],
        [c + t / 2 for c, t in zip(layer_u, thick, strict=True)],
    )
    across = [0.0] * g.size
    frames = (grouping, pads[2:])
    _place_components(g, orders, across, prev, pins, band, node_gap, frames)
    if not known:  # a fresh layout starts at the origin
        _normalise(g, across, frames)

    bends = _route_all(g, u, across, set(pins), band, layer_gap, node_gap)
    routes = {(a, b): [] for a, b in edges}
    for (a, b), line in bends.items():
        routes[(node_ids[a], node_ids[b])] = [uv(p) for p in line]
    positions = {node_ids[i]: uv((u[i], across[i])) for i in range(g.n)}
    for i, p in pins.items():
        positions[node_ids[i]] = uv(p)
    crossings = count_crossings(edges, positions)
    kept = [[node_ids[i] for i in m] for m in members]
    return LayoutResult(positions, routes, crossings, layered, kept, room)


def _order(
    g: LayeredGraph, known: dict[int, Point], grouping: Grouping | None = None
) -> tuple[list[list[list[int]]], int]:
    """Crossing reduction, component by component; stages with known places keep their
    earlier order. Returns each component's layers and the total layered crossings.

    With groups: each group's nodes together in every layer; then, if groups meet in a
    layer, their order among themselves is fixed once and each component reduced again
    in it, so that groups never swap places from one layer to the next."""
    fixed = [v in known for v in range(g.size)] if known else None
    keys = _stable_keys(g, {v: p[1] for v, p in known.items()}) if known else {}
    pos = [0] * g.size
    blocks, arrange = (grouping.of, grouping.arrange) if grouping else (None, None)

    def reduce(start: list[list[int]], comp: list[int]) -> tuple[list[list[int]], int]:
        if grouping is not None:
            start = grouping.normalise(start)
        return reduce_crossings(
            start, g.up, g.down, pos, fixed, refinements=_refinements(g, comp),
            blocks=blocks, arrange=arrange,
        )  # fmt: skip

    orders, counts = [], []
    for comp in g.components:
        best, count = reduce(_initial_order(g, comp, keys), comp)
        orders.append(best)
        counts.append(count)
    if grouping is not None and grouping.shared_layers(la for o in orders for la in o):
        grouping.fix_rank(orders)
        for c, comp in enumerate(g.components):
            if grouping.shared_layers(orders[c]):
                orders[c], counts[c] = reduce(orders[c], comp)
    return orders, sum(counts)


def _refinements(g: LayeredGraph, comp: list[int]) -> int:
    """Refinement (transposition) is the costly step: full effort up to ~3,000 link
    segments, a third of it from ~9,000 (2,000 stages with long links)."""
    segments = sum(len(g.down[v]) for v in comp)
    return 4 * max(1, min(3, REFINEMENT_BUDGET // max(segments, 1)))


def _route_all(
    g: LayeredGraph,
    u: list[float],
    v: list[float],
    pinned: set[int],
    band: tuple[list[float], list[float]],
    layer_gap: float,
    node_gap: float,
) -> dict[tuple[int, int], list[Point]]:
    """Bend points of every link, from its source to its target, in layout coordinates."""
    boxes: list[list[Box]] = [[] for _ in band[0]]
    loose = []
    for i in range(g.n):
        du, dv = g.size_u[i] / 2, g.size_v[i] / 2
        box = Box(u[i] - du, u[i] + du, v[i] - dv, v[i] + dv, i)
        (loose if i in pinned else boxes[g.layer[i]]).append(box)
    obstacles = Obstacles(band[0], band[1], boxes, loose)
    side_lo = [band[0][r] for r in g.layer]
    side_hi = [band[1][r] for r in g.layer]
    for i in sorted(pinned):  # a pinned stage may sit off its layer: leave from its own box
        side_lo[i], side_hi[i] = u[i] - g.size_u[i] / 2, u[i] + g.size_u[i] / 2
    margin = min(layer_gap / 4, 20.0)
    out: dict[tuple[int, int], list[Point]] = {}
    first_of: dict[tuple[int, int], tuple[tuple[int, int], bool, list[Point]]] = {}
    grid: BoxGrid | None = None  # all boxes, for links that pinned stages stand in the way of
    for link, chain, reverse in g.chains:
        bends = route(chain, u, v, g.layer, (side_lo, side_hi), margin, obstacles)
        ends = (chain[0], chain[-1])
        line = [(u[ends[0]], v[ends[0]]), *bends, (u[ends[1]], v[ends[1]])]
        if loose and not all(obstacles.clear(p, q, ends) for p, q in pairwise(line)):
            # a pinned stage off its layer blocks the layered route: the general router
            if grid is None:
                grid = BoxGrid()
                for box in (*loose, *(b for layer in boxes for b in layer)):
                    grid.put(box.node, (box.u_lo, box.v_lo, box.u_hi, box.v_hi))
            found, _ = detour(grid, ends)
            bends = found if found is not None else bends
        other = first_of.setdefault(ends, (link, reverse, bends))
        if other[0] != link and other[2] == bends:  # a link and its reverse on one line
            line = [(u[ends[0]], v[ends[0]]), *bends, (u[ends[1]], v[ends[1]])]
            parted = separate(line, node_gap / 4, ends, obstacles)
            if parted:
                out[other[0]] = parted[0][::-1] if other[1] else parted[0]
                bends = parted[1]
        out[link] = bends[::-1] if reverse else bends
    return out


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _initial_order(g: LayeredGraph, comp: list[int], keys: dict[int, float]) -> list[list[int]]:
    """Layers of one component in a first order.

    Without earlier coordinates (``keys``, see :func:`_stable_keys`): breadth-first from the
    component's first node, over links in both directions, so that neighbours start close
    together (as Graphviz does). With them: by key.
    """
    lo = min(g.layer[v] for v in comp)
    hi = max(g.layer[v] for v in comp)
    layers: list[list[int]] = [[] for _ in range(hi - lo + 1)]
    if not any(v in keys for v in comp):
        seen: set[int] = set()
        for s in comp:  # one start, unless groups tie parts that no link joins
            if s in seen:
                continue
            seen.add(s)
            queue = [s]
            for v in queue:
                layers[g.layer[v] - lo].append(v)
                for w in (*g.up[v], *g.down[v]):
                    if w not in seen:
                        seen.add(w)
                        queue.append(w)
        return layers
    for v in sorted(comp, key=lambda v: (keys.get(v, float("inf")), v)):
        layers[g.layer[v] - lo].append(v)
    return layers


def _stable_keys(g: LayeredGraph, known_v: dict[int, float]) -> dict[int, float]:
    """Where each node probably was across the layers in the earlier layout.

    Stages have their earlier coordinate; new stages take the mean of their linked stages'
    (spreading through chains of new stages); dummy nodes lie on the straight line between
    their link's ends, as long links were drawn nearly straight.
    """
    keys = dict(known_v)
    linked: list[list[int]] = [[] for _ in range(g.n)]
    for _, chain, _ in g.chains:
        linked[chain[0]].append(chain[-1])
        linked[chain[-1]].append(chain[0])
    pending = [v for v in range(g.n) if v not in keys]
    while pending:
        still = []
        for v in pending:
            placed = [keys[w] for w in linked[v] if w in keys]
            if placed:
                keys[v] = sum(placed) / len(placed)
            else:
                still.append(v)
        if len(still) == len(pending):
            break
        pending = still
    for _, chain, _ in g.chains:
        s, t = chain[0], chain[-1]
        if len(chain) > 2 and s in keys and t in keys:
            for i, d in enumerate(chain[1:-1], 1):
                keys[d] = keys[s] + (keys[t] - keys[s]) * i / (len(chain) - 1)
    return keys


def _layer_axis(
    g: LayeredGraph, size_u: list[float], gap: float
) -> tuple[list[float], list[float]]:
    """Centre and thickness of each layer: the widest box sets the thickness."""
    thick = [0.0] * (max(g.layer, default=0) + 1)
    for v in range(g.n):
        thick[g.layer[v]] = max(thick[g.layer[v]], size_u[v])
    centre: list[float] = []
    edge = 0.0
    for t in thick:
        centre.append(edge + t / 2)
        edge += t + gap
    return centre, thick


def _place_components(
    g: LayeredGraph,
    orders: list[list[list[int]]],
    vcoord: list[float],
    prev: dict[int, Point],
    pins: dict[int, Point],
    band: tuple[list[float], list[float]],
    node_gap: float,
    frames: tuple[Grouping | None, tuple[float, float]] = (None, (0.0, 0.0)),
) -> None:
    """Coordinates across the layers, component by component.

    Components with earlier or pinned positions are placed together where those were (the
    pinned boxes as immovable obstacles in every layer they reach into); the others are
    laid out alone and stacked after them, side by side. ``frames``: the grouping and how
    far frames reach before and after their boxes; groups are then moved apart across the
    layers (:func:`legalise`), unless stages are pinned (they may not move).
    """
    grouping, pads = frames
    gap = gap_function(grouping, g.size_v, g.dummy, pads, node_gap) if grouping else None
    known = {**prev, **pins}
    anchored: list[tuple[float, list[list[int]]]] = []
    free: list[list[list[int]]] = []
    for comp, order in zip(g.components, orders, strict=True):
        placed = [known[v][1] for v in comp if v in known]
        if placed:
            anchored.append((_mean(placed), order))
        else:
            free.append(order)
    end = float("-inf")
    if anchored:
        n_layers = len(band[0])
        joint = _merge_layers(g, anchored, {v: c[1] for v, c in known.items()}, n_layers)
        if grouping is not None:  # merging may interleave groups of different components
            if grouping.rank is None and grouping.shared_layers(joint):
                grouping.fix_rank([joint])
            joint = grouping.normalise(joint)
        obstacles: dict[int, list[co.Obstacle]] = {}
        for v, (pu, pv) in pins.items():
            lo, hi = pu - g.size_u[v] / 2, pu + g.size_u[v] / 2
            for r in range(n_layers):
                if r != g.layer[v] and band[0][r] < hi and band[1][r] > lo:
                    obstacles.setdefault(r, []).append(co.Obstacle(pv, g.size_v[v], v))
        p = co.Placement(
            joint,
            g.up,
            g.down,
            g.size_v,
            g.dummy,
            node_gap,
            previous={v: c[1] for v, c in prev.items()},
            pinned={v: c[1] for v, c in pins.items()},
            obstacles=obstacles,
            gap=gap,
        )
        co.place(p, vcoord)
        for v, (_, pv) in pins.items():
            vcoord[v] = pv
        if grouping is not None and not pins:
            legalise(joint, vcoord, g.size_v, g.dummy, grouping, pads, node_gap)
        end = reach([v for layer in joint for v in layer], vcoord, g.size_v, grouping, pads)[1]
    for order in free:
        p = co.Placement(order, g.up, g.down, g.size_v, g.dummy, node_gap, gap=gap)
        co.place(p, vcoord)
        if grouping is not None:
            legalise(order, vcoord, g.size_v, g.dummy, grouping, pads, node_gap)
        members = [v for layer in order for v in layer]
        low = reach(members, vcoord, g.size_v, grouping, pads)[0]
        start = 0.0 if end == float("-inf") else end + node_gap
        for v in members:
            vcoord[v] += start - low
        end = reach(members, vcoord, g.size_v, grouping, pads)[1]


def _merge_layers(
    g: LayeredGraph,
    anchored: list[tuple[float, list[list[int]]]],
    known_v: dict[int, float],
    n_layers: int,
) -> list[list[int]]:
    """One ordering per layer for several components: merged by earlier coordinate, so
    that stages keep their earlier order even across components. Stages without one take
    the coordinate of the stage before them in their component (or after, or the
    component's mean), which keeps each component's own order intact."""
    items: list[list[tuple[float, int, int, int]]] = [[] for _ in range(n_layers)]
    for rank, (mean, order) in enumerate(anchored):
        base = min(g.layer[v] for layer in order for v in layer)
        for r, layer in enumerate(order):
            keys = [known_v.get(v) for v in layer]
            fill = next((k for k in keys if k is not None), mean)
            for i, (v, k) in enumerate(zip(layer, keys, strict=True)):
                fill = fill if k is None else k
                items[base + r].append((fill, rank, i, v))
    return [[v for *_, v in sorted(layer)] for layer in items]


def _normalise(
    g: LayeredGraph,
    vcoord: list[float],
    frames: tuple[Grouping | None, tuple[float, float]] = (None, (0.0, 0.0)),
) -> None:
    """Shift across the layers so that the boxes (and frames) start at 0 (along them
    they already do)."""
    low_v = reach(range(g.n), vcoord, g.size_v, *frames)[0] if g.n else 0.0
    for v in range(g.size):
        vcoord[v] -= low_v
