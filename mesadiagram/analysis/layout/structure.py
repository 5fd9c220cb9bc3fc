"""The layered graph: real nodes, dummy nodes on long links, layers and components."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from mesadiagram.analysis.layout.layering import assign_layers, cluster_hints, feedback_arcs


@dataclass
class LayeredGraph:
    """Nodes ``0..n-1`` are the stages; ``n..size-1`` are dummy nodes on long links."""

    n: int
    layer: list[int]
    up: list[list[int]]
    down: list[list[int]]
    dummy: list[bool]
    size_u: list[float]
    size_v: list[float]
    components: list[list[int]] = field(default_factory=list)
    # per link: its (from, to) indices, its chain of nodes in layer order, and whether the
    # chain runs against the link (a link reversed to break a cycle)
    chains: list[tuple[tuple[int, int], list[int], bool]] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.layer)


def components(n: int, edges: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Connected components (ignoring direction), each sorted, ordered by first node."""
    parent = list(range(n))

    def find(v: int) -> int:
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for v in range(n):
        groups.setdefault(find(v), []).append(v)
    return [groups[r] for r in sorted(groups)]


def build(
    n: int,
    edges: Sequence[tuple[int, int]],
    layer_coords: dict[int, float],
    hint_gap: float,
    size_u: Sequence[float],
    size_v: Sequence[float],
    ties: Sequence[tuple[int, int]] = (),
) -> LayeredGraph:
    """Break cycles, assign layers (staying near ``layer_coords``, earlier layer-axis
    coordinates of some nodes), and split long links with dummy nodes. ``ties`` join
    nodes into one component without a link (a group's stages, placed together)."""
    links = [e for e in dict.fromkeys(edges) if e[0] != e[1]]
    flipped = feedback_arcs(n, links)
    dag = [(b, a) if j in flipped else (a, b) for j, (a, b) in enumerate(links)]
    hints = cluster_hints(layer_coords, hint_gap) if layer_coords else {}
    layer = assign_layers(n, dag, hints)
    comps = components(n, links)
    for comp in comps:  # each component starts at layer 0, unless it keeps earlier layers
        if hints and any(v in hints for v in comp):
            continue
        low = min(layer[v] for v in comp)
        for v in comp:
            layer[v] -= low
    if ties:  # a group's stages are ordered and placed together, whatever links them
        comps = components(n, [*links, *ties])
    low = min(layer, default=0)
    layer = [x - low for x in layer]

    g = LayeredGraph(
        n,
        layer,
        [[] for _ in range(n)],
        [[] for _ in range(n)],
        [False] * n,
        list(size_u),
        list(size_v),
    )
    comp_of = [0] * n
    for c, comp in enumerate(comps):
        for v in comp:
            comp_of[v] = c
    for j, (a, b) in enumerate(dag):
        chain = [a]
        for r in range(layer[a] + 1, layer[b]):
            d = g.size
            g.layer.append(r)
            g.up.append([])
            g.down.append([])
            g.dummy.append(True)
            g.size_u.append(0.0)
            g.size_v.append(0.0)
            comps[comp_of[a]].append(d)
            chain.append(d)
        chain.append(b)
        for x, y in pairwise(chain):
            g.down[x].append(y)
            g.up[y].append(x)
        g.chains.append((links[j], chain, j in flipped))
    g.components = comps
    return g
