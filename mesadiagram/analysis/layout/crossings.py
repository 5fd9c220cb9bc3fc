"""Counting link crossings of a drawing, with every link a straight line between box centres.

This is the measure the benchmark applies to our layout and to Graphviz's alike. Two links
that share a stage never count; two others count once if their segments meet at all (a link
passing through another's end stage counts, since it runs through that box).

The plane is cut into vertical slabs at every distinct end coordinate along the axis with
fewer distinct values (the layer axis of a layered drawing, so there are few slabs). Inside
a slab every segment spanning it is a line from its left to its right edge, and two such
lines cross inside the slab exactly when their order flips: inversions, counted by sorting.
Meetings exactly on a slab edge are counted separately, and segments lying along a slab edge
are compared with every other segment directly.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections import defaultdict
from collections.abc import Iterable, Mapping

from mesadiagram.model import Document

Point = tuple[float, float]
Segment = tuple[Point, Point, str, str]


def count_crossings(
    doc_or_edges: Document | Iterable[tuple[str, str]],
    positions: Mapping[str, tuple[float, float]],
) -> int:
    """Crossings of the straight links between the centres in ``positions``.

    Links whose ends lack a position, and self-loops, are ignored; parallel links between
    the same two stages are drawn as one straight line, so they count once.
    """
    pairs = (
        [(e.source, e.target) for e in doc_or_edges.edges]
        if isinstance(doc_or_edges, Document)
        else list(doc_or_edges)
    )
    segs: list[Segment] = []
    for a, b in dict.fromkeys(pairs):
        if a == b or a not in positions or b not in positions:
            continue
        pa, pb = positions[a], positions[b]
        segs.append(((float(pa[0]), float(pa[1])), (float(pb[0]), float(pb[1])), a, b))
    if not segs:
        return 0
    xs = {p[0] for s in segs for p in s[:2]}
    ys = {p[1] for s in segs for p in s[:2]}
    if len(ys) < len(xs):  # slabs along the axis with fewer distinct values
        segs = [((p[1], p[0]), (q[1], q[0]), a, b) for p, q, a, b in segs]
        xs = ys
    return _count(segs, sorted(xs))


def _count(segs: list[Segment], cuts: list[float]) -> int:
    slabs: list[list[tuple[float, float]]] = [[] for _ in range(len(cuts) - 1)]
    on_cut: dict[tuple[int, float], list[int]] = defaultdict(list)
    flat: list[int] = []
    for k, (p, q, _, _) in enumerate(segs):
        if p[0] == q[0]:
            flat.append(k)
            continue
        if q[0] < p[0]:
            p, q = q, p
        i, j = bisect_left(cuts, p[0]), bisect_left(cuts, q[0])
        slope = (q[1] - p[1]) / (q[0] - p[0])
        # rounded, so that meeting on a cut is an exact tie on both sides of it
        ys = [round(p[1] + slope * (cuts[c] - p[0]), 6) for c in range(i + 1, j)]
        ys = [round(p[1], 6), *ys, round(q[1], 6)]
        for c in range(i, j):
            slabs[c].append((ys[c - i], ys[c - i + 1]))
        for c in range(i, j + 1):
            on_cut[(c, ys[c - i])].append(k)
    total = sum(_inversions(slab) for slab in slabs)
    met: set[tuple[int, int]] = set()
    for members in on_cut.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                k1, k2 = members[x], members[y]
                if not _share_end(segs[k1], segs[k2]):
                    met.add((min(k1, k2), max(k1, k2)))
    total += len(met)
    flat_set = set(flat)
    for k in flat:
        for other in range(len(segs)):
            if other in flat_set and other <= k:
                continue
            a, b = segs[k], segs[other]
            if not _share_end(a, b) and segments_meet(a[0], a[1], b[0], b[1]):
                total += 1
    return total


def _inversions(slab: list[tuple[float, float]]) -> int:
    """Pairs whose order at the slab's left edge is strictly opposite to that at the right."""
    slab.sort()
    seen: list[float] = []
    total = 0
    for _, right in slab:
        total += len(seen) - bisect_right(seen, right)
        insort(seen, right)
    return total


def _share_end(a: Segment, b: Segment) -> bool:
    return bool({a[2], a[3]} & {b[2], b[3]})


def _orient(p: Point, q: Point, r: Point) -> float:
    return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])


def _within(p: Point, q: Point, r: Point) -> bool:
    return min(p[0], q[0]) <= r[0] <= max(p[0], q[0]) and min(p[1], q[1]) <= r[1] <= max(p[1], q[1])


def segments_meet(p1: Point, p2: Point, q1: Point, q2: Point) -> bool:
    """Do the closed segments p1-p2 and q1-q2 have a point in common?"""
    d1, d2 = _orient(q1, q2, p1), _orient(q1, q2, p2)
    d3, d4 = _orient(p1, p2, q1), _orient(p1, p2, q2)
    if ((d1 > 0 and d2 < 0) or (d1 < 0 and d2 > 0)) and (
        (d3 > 0 and d4 < 0) or (d3 < 0 and d4 > 0)
    ):
        return True
    return (
        (d1 == 0 and _within(q1, q2, p1))
        or (d2 == 0 and _within(q1, q2, p2))
        or (d3 == 0 and _within(p1, p2, q1))
        or (d4 == 0 and _within(p1, p2, q2))
    )
