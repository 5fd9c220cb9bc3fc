"""Which links are defended: unmitigated and critical links, cut sets, defence in depth."""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import dataclass

from mesadiagram.analysis.structure import Structure, reaches
from mesadiagram.model import Document, EdgeKey

MAX_CUT_SIZE = 3
MAX_CANDIDATES_FOR_TRIPLES = 80  # C(80, 3) = 82,160 reachability checks


@dataclass
class Coverage:
    intervened: list[EdgeKey]
    unmitigated: list[EdgeKey]
    critical: list[EdgeKey]
    cut_sets: list[list[EdgeKey]]
    cut_sets_complete: bool  # False when the search was limited (say so in the report)
    defence_in_depth: int | None  # None when no path reaches an outcome


def intervened_links(doc: Document) -> list[EdgeKey]:
    return [e.key for e in doc.edges if any(a.type == "intervention" for a in e.annotations)]


def analyse_coverage(doc: Document, s: Structure) -> Coverage:
    intervened = intervened_links(doc)
    order = {e.key: i for i, e in enumerate(doc.edges)}
    relevant = sorted(s.relevant_edges, key=order.__getitem__)
    intervened_set = set(intervened)
    unmitigated = [k for k in relevant if k not in intervened_set]
    outcomes = set(s.outcomes)
    connected = reaches(s.graph, s.roots, outcomes)
    critical = [k for k in relevant if connected and not reaches(s.graph, s.roots, outcomes, {k})]
    cut_sets, complete = _cut_sets([k for k in relevant if k in intervened_set], s, connected)
    depth = _defence_in_depth(s, intervened_set) if connected else None
    return Coverage(intervened, unmitigated, critical, cut_sets, complete, depth)


def _cut_sets(
    candidates: list[EdgeKey], s: Structure, connected: bool
) -> tuple[list[list[EdgeKey]], bool]:
    """Minimal sets of intervened links whose removal cuts every root -> outcome path."""
    if not connected:
        return [], True
    outcomes = set(s.outcomes)
    found: list[frozenset[EdgeKey]] = []
    complete = True
    for size in range(1, MAX_CUT_SIZE + 1):
        if size == 3 and len(candidates) > MAX_CANDIDATES_FOR_TRIPLES:
            complete = False
            break
        for combo in itertools.combinations(candidates, size):
            chosen = frozenset(combo)
            if any(smaller <= chosen for smaller in found):
                continue  # not minimal
            if not reaches(s.graph, s.roots, outcomes, set(chosen)):
                found.append(chosen)
    order = {k: i for i, k in enumerate(candidates)}
    return [sorted(c, key=order.__getitem__) for c in found], complete


def _defence_in_depth(s: Structure, intervened: set[EdgeKey]) -> int:
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
    return min(best[o] for o in s.outcomes if o in best)
