"""Critical arcs and minimal cut sets of intervened links, on the links on paths only.

Everything here runs on the *flow graph*: the links on some root -> outcome path, a
virtual source before the roots and a sink after the outcomes. Links elsewhere (an
unrelated block, a branch leading away from every outcome) can neither open nor close a
route, so they take no part and cost nothing.

Critical arcs (on every source -> sink path once some arcs are cut): on a DAG from exact
path counts, an arc (u, v) being critical exactly when paths(S -> u) * paths(v -> T) ==
paths(S -> T); on a graph with cycles from dominators: in the graph where every arc is a
stage of its own, the arcs that dominate the sink (Cooper, Harvey and Kennedy's
iterative algorithm). Either way one pass over the flow graph per question.

Cut sets grow from that: size one = intervened critical arcs; size two = for each
intervened arc, the intervened arcs critical once it is cut; size three likewise from
each pair that contains no cut set found. Each pass costs the flow graph's arc count in
a budget of ``WORK_BUDGET`` link visits; when it runs out, ``CutSearch`` says at which
size, so the warning can say what stopped the search.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import networkx as nx

from mesadiagram.analysis.graph import Arc

MAX_CUT_SIZE = 3
WORK_BUDGET = 3_000_000  # link visits of the flow graph; past it the search stops (reported)
SOURCE, SINK = "\0source", "\0sink"


@dataclass
class CutSearch:
    """How the cut set search went."""

    complete: bool = True
    stopped_at: int = 0  # the size of cut sets the budget interrupted (0: it did not)
    budget: int = WORK_BUDGET
    work: int = 0  # link visits spent
    links: int = 0  # links on paths: the graph searched
    candidates: int = 0  # of them, links with an intervention


def flow_graph(arcs: set[Arc], roots: list[str], outcomes: list[str]) -> nx.DiGraph:
    """The links on paths, a source before the roots and a sink after the outcomes."""
    g = nx.DiGraph()
    g.add_edges_from(arcs)
    g.add_edges_from((SOURCE, r) for r in roots)
    g.add_edges_from((o, SINK) for o in outcomes)
    return g


def critical_arcs(
    flow: nx.DiGraph, links: set[Arc], cut: set[Arc], order: list[str] | None
) -> set[Arc]:
    """Arcs in ``links`` on every SOURCE -> SINK path once the arcs in ``cut`` are gone;
    ``order`` is the flow graph's topological order, ``None`` when it has cycles."""
    if order is None:
        return _critical_dominators(flow, links, cut)
    return _critical_dag(flow, links, cut, order)


def topological_order(flow: nx.DiGraph) -> list[str] | None:
    """The stages in topological order, or ``None`` when the graph has a cycle."""
    try:
        return list(nx.topological_sort(flow))
    except nx.NetworkXUnfeasible:
        return None


def _critical_dag(flow: nx.DiGraph, links: set[Arc], cut: set[Arc], order: list[str]) -> set[Arc]:
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


def _critical_dominators(flow: nx.DiGraph, links: set[Arc], cut: set[Arc]) -> set[Arc]:
    """Dominators of the sink where each arc (u, v) is a node of its own between u and v
    (stages are strings, arc nodes tuples, so they cannot clash)."""

    def succ(node):
        if isinstance(node, tuple):
            return (node[1],)
        return [(node, v) for v in flow.successors(node) if (node, v) not in cut]

    def pred(node):
        if isinstance(node, tuple):
            return (node[0],)
        return [(u, node) for u in flow.predecessors(node) if (u, node) not in cut]

    post: dict = {}  # postorder number of every node the source reaches
    stack = [(SOURCE, iter(succ(SOURCE)))]
    seen = {SOURCE}
    while stack:
        node, rest = stack[-1]
        for nxt in rest:
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, iter(succ(nxt))))
                break
        else:
            stack.pop()
            post[node] = len(post)
    if SINK not in post:
        return set()
    order = sorted(post, key=post.__getitem__, reverse=True)[1:]  # reverse postorder
    idom = {SOURCE: SOURCE}

    def meet(a, b):
        while a != b:
            while post[a] < post[b]:
                a = idom[a]
            while post[b] < post[a]:
                b = idom[b]
        return a

    changed = True
    while changed:
        changed = False
        for node in order:
            new = None
            for p in pred(node):
                if p in idom:
                    new = p if new is None else meet(p, new)
            if idom.get(node) != new:
                idom[node] = new
                changed = True
    out = set()
    node = SINK
    while node != SOURCE:
        node = idom[node]
        if isinstance(node, tuple) and node in links:
            out.add(node)
    return out


def minimal_cut_sets(
    flow: nx.DiGraph, candidates: list[Arc], budget: int | None = None
) -> tuple[list[frozenset[Arc]], CutSearch]:
    """Minimal sets of up to ``MAX_CUT_SIZE`` candidate arcs whose removal leaves no
    SOURCE -> SINK path; ``candidates`` in the order to try them (document order)."""
    budget = WORK_BUDGET if budget is None else budget
    links = flow.number_of_edges() - flow.out_degree(SOURCE) - flow.in_degree(SINK)
    search = CutSearch(budget=budget, links=links, candidates=len(candidates))
    # A path that uses no intervened link cannot be cut: then there is nothing to search.
    if not candidates or _reaches(flow, set(candidates)):
        return [], search
    order = topological_order(flow)
    cand = set(candidates)
    cost = flow.number_of_edges()
    search.work = cost
    found = {frozenset([k]) for k in critical_arcs(flow, cand, set(), order)}
    frontier: list[frozenset[Arc]] = [frozenset()]
    # Sets grow by size, so every smaller cut set is known before a larger one is tried:
    # a set is skipped (or not minimal) exactly when one of its subsets was found.
    for size in range(1, MAX_CUT_SIZE):
        grown: dict[frozenset[Arc], None] = {}  # (each set once, in the order first met)
        for base in frontier:
            for extra in candidates:
                chosen = base | {extra}
                if len(chosen) != size or chosen in grown or _holds_one(chosen, found, size):
                    continue
                if search.work + cost > budget:
                    search.complete, search.stopped_at = False, size + 1
                    return sorted(found, key=len), search
                search.work += cost
                for last in critical_arcs(flow, cand, set(chosen), order):
                    candidate = chosen | {last}
                    if not _holds_one(candidate, found, size):
                        found.add(candidate)
                grown[chosen] = None
        frontier = list(grown)
    return sorted(found, key=len), search


def _holds_one(chosen: frozenset[Arc], found: set[frozenset[Arc]], largest: int) -> bool:
    """Whether a subset of ``chosen`` of at most ``largest`` arcs is a cut set found
    (at most seven subsets to look up, whatever the number found)."""
    items = list(chosen)
    return any(
        frozenset(sub) in found
        for r in range(1, min(largest, len(items)) + 1)
        for sub in itertools.combinations(items, r)
    )


def _reaches(flow: nx.DiGraph, removed: set[Arc]) -> bool:
    seen = {SOURCE}
    stack = [SOURCE]
    while stack:
        node = stack.pop()
        if node == SINK:
            return True
        for child in flow.successors(node):
            if child not in seen and (node, child) not in removed:
                seen.add(child)
                stack.append(child)
    return False
