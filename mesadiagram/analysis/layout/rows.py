"""Wrapping a long layered layout into rows (left to right) or columns (top to bottom).

A chain of eight stages laid out left to right is eight boxes wide and one high: on a
slide or a paper's page its text comes out tiny. :func:`wrap_rows` cuts the layers into
consecutive groups (rows, balanced so the longest is as short as possible), puts each
group under the previous one, starting at the left again, and routes the links that go
from one row to another through the gap between the rows: out of the source's layer to
the gap after it, along the gap below the row, down before the target's layer into the
target. Links that skip a row go down the left margin. Several such links share a gap
in lanes of their own, so none is drawn on top of another. A group's layers stay in one
row (the cuts between rows fall only where no group spans them) unless no such cut
exists; a row's reach across includes its groups' frames.

It works on a finished :class:`LayoutResult` in layout coordinates (``u`` along the
layers, ``v`` across them; the direction says which is x), so one layered layout gives
every wrapping cheaply.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from mesadiagram.analysis.layout.crossings import count_crossings
from mesadiagram.analysis.layout.engine import DEFAULT_SIZE, LayoutResult

Point = tuple[float, float]
LANE = 14.0  # between two links that share a gap
STUB = 24.0  # how far a link between rows runs out of its layer before it turns, at most
MIN_ROW_GAP = 60.0  # between two rows, with one link in the gap


def row_breaks(
    lengths: Sequence[float],
    gaps: Sequence[float],
    rows: int,
    joined: Sequence[bool] | None = None,
) -> list[int]:
    """The first layer of each row when layers of ``lengths`` (with ``gaps[i]`` between
    layer i and i + 1) are cut into at most ``rows`` consecutive rows so that the longest
    row is as short as possible. Fewer rows come back when more would not shorten it.

    With ``joined[i]`` true, layers i and i + 1 stay in one row (a group spans them),
    unless that leaves no cut at all: then the layers are cut as if none were joined."""
    if joined and any(joined) and not all(joined[: len(lengths) - 1]):
        units = [0]  # the first layer of each run of joined layers
        for i in range(1, len(lengths)):
            if not joined[i - 1]:
                units.append(i)
        ends = [*units[1:], len(lengths)]
        spans = [sum(lengths[a:b]) + sum(gaps[a : b - 1]) for a, b in zip(units, ends, strict=True)]
        return [units[k] for k in row_breaks(spans, [gaps[b - 1] for b in units[1:]], rows)]
    n = len(lengths)
    rows = max(1, min(rows, n))
    if n == 0:
        return []

    def packed(limit: float) -> list[int] | None:
        """Greedy: fill each row up to ``limit``; None when more than ``rows`` rows."""
        starts, length = [0], lengths[0]
        for i in range(1, n):
            longer = length + gaps[i - 1] + lengths[i]
            if longer > limit:
                starts.append(i)
                length = lengths[i]
            else:
                length = longer
        return starts if len(starts) <= rows else None

    low = max(lengths)
    high = sum(lengths) + sum(gaps[: n - 1])
    best = packed(high)
    assert best is not None
    for _ in range(60):  # bisection on the longest row's length
        if high - low < 0.5:
            break
        middle = (low + high) / 2
        found = packed(middle)
        if found is None:
            low = middle
        else:
            best, high = found, middle
    final = packed(high)
    return final if final is not None else best


@dataclass
class _Layer:
    lo: float  # the band of the layer along u
    hi: float
    nodes: list[str]


def _layers(uv: dict[str, Point], size_u: dict[str, float]) -> list[_Layer]:
    """The layers, by the ``u`` of their stages (the engine centres a layer's stages on
    one line), in order along u."""
    by_u: dict[float, list[str]] = {}
    for node, (u, _) in uv.items():
        by_u.setdefault(round(u, 3), []).append(node)
    layers = []
    for u in sorted(by_u):
        nodes = by_u[u]
        half = max(size_u[n] for n in nodes) / 2
        layers.append(_Layer(u - half, u + half, nodes))
    return layers


def wrap_rows(
    result: LayoutResult,
    edges: Sequence[tuple[str, str]],
    direction: str = "LR",
    rows: int = 2,
    sizes: Mapping[str, tuple[float, float]] | None = None,
    layer_gap: float = 100.0,
) -> LayoutResult:
    """``result`` (a layout of stages linked by ``edges``) wrapped into at most ``rows``
    rows (columns when ``direction`` is ``"TB"``); routes keyed by pair as in the result.
    One row, or one layer, gives the result back unchanged."""
    flip = direction == "TB"
    sizes = sizes or {}

    def uv(p: Point) -> Point:  # (x, y) to (along, across) and back: its own inverse
        return (p[1], p[0]) if flip else (p[0], p[1])

    whs = {n: sizes.get(n, DEFAULT_SIZE) for n in result.positions}
    size_u = {n: float(h if flip else w) for n, (w, h) in whs.items()}
    size_v = {n: float(w if flip else h) for n, (w, h) in whs.items()}
    where = {n: uv(p) for n, p in result.positions.items()}
    layers = _layers(where, size_u)
    if rows <= 1 or len(layers) <= 1:
        return result
    gaps = [b.lo - a.hi for a, b in pairwise(layers)]
    layer_of = {n: i for i, la in enumerate(layers) for n in la.nodes}
    joined = [False] * (len(layers) - 1)
    for group in result.groups:
        spanned = [layer_of[n] for n in group if n in layer_of]
        for i in range(min(spanned, default=0), max(spanned, default=0)):
            joined[i] = True
    starts = row_breaks([la.hi - la.lo for la in layers], gaps, rows, joined)
    if len(starts) <= 1:
        return result
    row_of_layer = []
    for r, start in enumerate(starts):
        end = starts[r + 1] if r + 1 < len(starts) else len(layers)
        row_of_layer += [r] * (end - start)
    row_of = {n: row_of_layer[i] for n, i in layer_of.items()}
    n_rows = len(starts)

    # Where each row begins along u, and how far it reaches across (stages and the routes
    # of the links inside it).
    u_shift = [-layers[s].lo for s in starts]
    v_lo, v_hi = [float("inf")] * n_rows, [float("-inf")] * n_rows
    for n, (_, v) in where.items():
        r = row_of[n]
        v_lo[r] = min(v_lo[r], v - size_v[n] / 2)
        v_hi[r] = max(v_hi[r], v + size_v[n] / 2)
    before, after = result.room.pads(direction)[2:]
    for group in result.groups:  # frames reach further (one per row a group is cut into)
        for n in group:
            if n in row_of:
                r, v = row_of[n], where[n][1]
                v_lo[r] = min(v_lo[r], v - size_v[n] / 2 - before)
                v_hi[r] = max(v_hi[r], v + size_v[n] / 2 + after)
    inside, across = [], []
    for a, b in dict.fromkeys(edges):
        if a not in row_of or b not in row_of:
            continue
        (inside if row_of[a] == row_of[b] else across).append((a, b))
    for a, b in inside:
        for p in result.routes.get((a, b), []):
            r = row_of[a]
            v_lo[r] = min(v_lo[r], uv(p)[1])
            v_hi[r] = max(v_hi[r], uv(p)[1])

    # Lanes: each link between rows gets its own line in every gap and margin it uses.
    gap_use: dict[int, list[tuple[str, str]]] = {}  # gap k lies between rows k and k + 1
    margin_use: list[tuple[str, str]] = []
    exits: dict[int, list[tuple[str, str]]] = {}  # by source layer
    entries: dict[int, list[tuple[str, str]]] = {}  # by target layer
    for a, b in across:
        ra, rb = row_of[a], row_of[b]
        first_gap = ra if rb > ra else ra - 1
        last_gap = rb - 1 if rb > ra else rb
        for k in dict.fromkeys((first_gap, last_gap)):
            gap_use.setdefault(k, []).append((a, b))
        if abs(ra - rb) > 1:
            margin_use.append((a, b))
        exits.setdefault(layer_of[a], []).append((a, b))
        entries.setdefault(layer_of[b], []).append((a, b))
    row_gap = [max(MIN_ROW_GAP, LANE * (len(gap_use.get(k, ())) + 1)) for k in range(n_rows)]
    v_shift, top = [], 0.0
    for r in range(n_rows):
        v_shift.append(top - v_lo[r])
        top += v_hi[r] - v_lo[r] + row_gap[r]

    def lane(users: list[tuple[str, str]], link: tuple[str, str]) -> int:
        return users.index(link) + 1

    def gap_v(k: int, link: tuple[str, str]) -> float:
        users = gap_use[k]
        bottom = v_hi[k] + v_shift[k]  # the bottom of row k, placed
        return bottom + row_gap[k] * lane(users, link) / (len(users) + 1)

    def after(i: int) -> float:  # the free space after layer i along u
        return gaps[i] if i < len(gaps) else layer_gap

    def before(i: int) -> float:
        return gaps[i - 1] if i > 0 else layer_gap

    positions: dict[str, Point] = {}
    for n, (u, v) in where.items():
        r = row_of[n]
        positions[n] = uv((u + u_shift[r], v + v_shift[r]))
    routes: dict[tuple[str, str], list[Point]] = {}
    for a, b in inside:
        r = row_of[a]
        routes[(a, b)] = [
            uv((p_u + u_shift[r], p_v + v_shift[r]))
            for p_u, p_v in (uv(p) for p in result.routes.get((a, b), []))
        ]
    for link in across:
        a, b = link
        ra, rb = row_of[a], row_of[b]
        la, lb = layer_of[a], layer_of[b]
        out_u = layers[la].hi + u_shift[ra]
        out_u += min(after(la) / (len(exits[la]) + 1), STUB) * lane(exits[la], link)
        in_u = layers[lb].lo + u_shift[rb]
        in_u -= min(before(lb) / (len(entries[lb]) + 1), STUB) * lane(entries[lb], link)
        first_gap = ra if rb > ra else ra - 1
        last_gap = rb - 1 if rb > ra else rb
        a_v, b_v = positions[a], positions[b]
        line = [(out_u, uv(a_v)[1]), (out_u, gap_v(first_gap, link))]
        if abs(ra - rb) > 1:  # down (or up) the margin, left of every row
            margin_u = -2 * STUB - LANE * margin_use.index(link)
            line += [(margin_u, gap_v(first_gap, link)), (margin_u, gap_v(last_gap, link))]
        line += [(in_u, gap_v(last_gap, link)), (in_u, uv(b_v)[1])]
        routes[link] = [uv(p) for p in line]
    for link in edges:
        routes.setdefault(link, [])
    crossings = count_crossings(list(dict.fromkeys(edges)), positions)
    return LayoutResult(
        positions, routes, crossings, result.layered_crossings, result.groups, result.room
    )
