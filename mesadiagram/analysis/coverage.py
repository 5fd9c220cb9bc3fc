"""Which links are defended: unmitigated and critical links, cut sets, defence in depth.

On a DAG, a link (u, v) lies on every root -> outcome path exactly when
paths(S -> u) * paths(v -> T) == paths(S -> T), with S a virtual source before the roots
and T a virtual sink after the outcomes; path counts are exact Python integers, so this
costs one pass over the graph instead of one reachability search per link. Cut sets are
built from that: size one = intervened critical links; size two = for each intervened
link, the intervened links critical once it is cut; and so on. Before any of it, one
search checks whether a path avoids every intervened link (then nothing can cut it).
Graphs with cycles use plain reachability searches, within a budget.

All of it runs on the arcs of the link graph (:mod:`.graph`), where a parallel link is an
arc of its own followed by a certain arc that is never a candidate; results are link ids.
"""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import dataclass

import networkx as nx

from mesadiagram.analysis.graph import Arc, dismantle
from mesadiagram.analysis.structure import Structure, reaches
from mesadiagram.model import Document, LinkId

MAX_CUT_SIZE = 3
WORK_BUDGET = 3_000_000  # link visits for cut sets; past it the search stops (reported)

SOURCE, SINK = "\0source", "\0sink"


@dataclass
class Coverage:
    """Link ids, in document order (cut sets: smallest first)."""

    intervened: list[LinkId]
    unmitigated: list[LinkId]
    critical: list[LinkId]
    cut_sets: list[list[LinkId]]
    cut_sets_complete: bool  # False when the search was limited (say so in the report)
    defence_in_depth: int | None  # None when no path reaches an outcome


def intervened_links(doc: Document) -> list[LinkId]:
    return [e.id for e in doc.edges if any(a.type == "intervention" for a in e.annotations)]


def analyse_coverage(doc: Document, s: Structure) -> Coverage:
    intervened = intervened_links(doc)
    relevant = [e.id for e in doc.edges if e.id in s.relevant_links]
    intervened_set = set(intervened)
    unmitigated = [k for k in relevant if k not in intervened_set]
    outcomes = set(s.outcomes)
    if not reaches(s.graph, s.roots, outcomes):
        return Coverage(intervened, unmitigated, [], [], True, None)
    arc = s.links.arc
    relevant_arcs = [arc[k] for k in relevant]  # document order: the search order
    candidates = [arc[k] for k in relevant if k in intervened_set]
    flow = _flow_graph(s)
    if nx.is_directed_acyclic_graph(flow):
        critical = _critical_dag(flow, set(relevant_arcs), set())
        cut_sets, complete = _cut_sets_dag(flow, candidates)
    else:
        critical = {a for a in relevant_arcs if not reaches(s.graph, s.roots, outcomes, {a})}
        cut_sets, complete = _cut_sets_search(candidates, s)
    critical_list = [k for k in relevant if arc[k] in critical]
    depth = _defence_in_depth(s, {arc[k] for k in intervened})
    order = {e.id: i for i, e in enumerate(doc.edges)}
    cuts = [sorted(s.links.links(c), key=order.__getitem__) for c in cut_sets]
    ordered = sorted(cuts, key=lambda c: (len(c), [order[k] for k in c]))
    dismantle(flow)  # (piece by piece: see graph.dismantle)
    return Coverage(intervened, unmitigated, critical_list, ordered, complete, depth)


def _flow_graph(s: Structure) -> nx.DiGraph:
    """The relevant arcs, a source before the roots and a sink after the outcomes."""
    g = nx.DiGraph()
    g.add_edges_from(s.relevant_arcs)
    g.add_edges_from((SOURCE, r) for r in s.roots)
    g.add_edges_from((o, SINK) for o in s.outcomes)
    return g


def _critical_dag(flow: nx.DiGraph, links: set[Arc], cut: set[Arc]) -> set[Arc]:
    """Arcs in ``links`` on every SOURCE -> SINK path once the links in ``cut`` are gone."""
    order = list(nx.topological_sort(flow))
    ahead = dict.fromkeys(order, 0)
    ahead[SOURCE] = 1
    for u in order:
        if ahead[u]:
            for v in flow.successors(u):
                if (u, v) not in cut:
                    ahead[v] += ahead[u]
    behind = dict.fromkeys(order, 0)
    behind[SINK] = 1
    for u in reversed(order):
        for v in flow.successors(u):
            if (u, v) not in cut:
                behind[u] += behind[v]
    total = ahead[SINK]
    if total == 0:
        return set()
    return {
        (u, v)
        for (u, v) in links
        if (u, v) not in cut and ahead[u] and ahead[u] * behind[v] == total
    }


def _cut_sets_dag(flow: nx.DiGraph, candidates: list[Arc]) -> tuple[list[frozenset[Arc]], bool]:
    # A path that uses no intervened link cannot be cut: then there is nothing to search.
    if not candidates or reaches(flow, [SOURCE], {SINK}, set(candidates)):
        return [], True
    cand = set(candidates)
    found: set[frozenset[Arc]] = {frozenset([k]) for k in _critical_dag(flow, cand, set())}
    work = flow.number_of_edges()
    frontier: list[frozenset[Arc]] = [frozenset()]
    for size in range(1, MAX_CUT_SIZE):
        grown: list[frozenset[Arc]] = []
        for base in frontier:
            for extra in candidates:
                chosen = base | {extra}
                if len(chosen) != size or any(f <= chosen for f in found):
                    continue
                if work > WORK_BUDGET:
                    return sorted(found, key=len), False
                work += flow.number_of_edges()
                for last in _critical_dag(flow, cand, set(chosen)):
                    candidate = chosen | {last}
                    if not any(f <= candidate for f in found if f != candidate):
                        found = {f for f in found if not candidate < f}
                        found.add(candidate)
                grown.append(chosen)
        frontier = list(dict.fromkeys(grown))
    return sorted(found, key=len), True


def _cut_sets_search(candidates: list[Arc], s: Structure) -> tuple[list[frozenset[Arc]], bool]:
    """Brute force over combinations (graphs with cycles), within the work budget."""
    outcomes = set(s.outcomes)
    if not candidates or reaches(s.graph, s.roots, outcomes, set(candidates)):
        return [], True
    found: list[frozenset[Arc]] = []
    work = 0
    per_search = max(1, s.graph.number_of_edges())
    for size in range(1, MAX_CUT_SIZE + 1):
        for combo in itertools.combinations(candidates, size):
            chosen = frozenset(combo)
            if any(smaller <= chosen for smaller in found):
                continue
            work += per_search
            if work > WORK_BUDGET:
                return found, False
            if not reaches(s.graph, s.roots, outcomes, set(chosen)):
                found.append(chosen)
    return found, True


def _defence_in_depth(s: Structure, intervened: set[Arc]) -> int | None:
    """Intervened links on the least-defended root -> outcome path (0-1 BFS)."""
    best = {r: 0 for r in s.roots}
    queue = deque(s.roots)
    while queue:
        node = queue.popleft()
        for child in s.graph.successors(node):
            cost = best[node] + (1 if (node, child) in intervened else 0)
            if cost < best.get(child, 1 << 30):
                best[child] = cost
                if cost == best[node]:
                    queue.appendleft(child)
                else:
                    queue.append(child)
    reached = [best[o] for o in s.outcomes if o in best]
    return min(reached) if reached else None
