"""Which links are defended: unmitigated and critical links, cut sets, defence in depth.

Critical links and cut sets are computed on the links on paths only (:mod:`.cut_sets`).
Defence in depth is a 0-1 breadth-first search. All of it runs on the arcs of the link
graph (:mod:`.graph`), where a parallel link is an arc of its own followed by a certain
arc that is never a candidate; results are link ids.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from mesadiagram.analysis.cut_sets import (
    CutSearch,
    critical_arcs,
    flow_graph,
    minimal_cut_sets,
    topological_order,
)
from mesadiagram.analysis.graph import Arc, dismantle
from mesadiagram.analysis.structure import Structure, reaches
from mesadiagram.model import Document, LinkId


@dataclass
class Coverage:
    """Link ids, in document order (cut sets: smallest first)."""

    intervened: list[LinkId]
    unmitigated: list[LinkId]
    critical: list[LinkId]
    cut_sets: list[list[LinkId]]
    defence_in_depth: int | None  # None when no path reaches an outcome
    cut_search: CutSearch = field(default_factory=CutSearch)  # complete, or where it stopped

    @property
    def cut_sets_complete(self) -> bool:
        """False when the search was limited (the report says so)."""
        return self.cut_search.complete


def intervened_links(doc: Document) -> list[LinkId]:
    return [e.id for e in doc.edges if any(a.type == "intervention" for a in e.annotations)]


def analyse_coverage(doc: Document, s: Structure) -> Coverage:
    intervened = intervened_links(doc)
    relevant = [e.id for e in doc.edges if e.id in s.relevant_links]
    intervened_set = set(intervened)
    unmitigated = [k for k in relevant if k not in intervened_set]
    outcomes = set(s.outcomes)
    if not reaches(s.graph, s.roots, outcomes):
        return Coverage(intervened, unmitigated, [], [], None)
    arc = s.links.arc
    candidates = [arc[k] for k in relevant if k in intervened_set]  # document order
    flow = flow_graph(s.relevant_arcs, s.roots, s.outcomes)
    order = topological_order(flow)
    critical = critical_arcs(flow, {arc[k] for k in relevant}, set(), order)
    cut_sets, search = minimal_cut_sets(flow, candidates)
    search.links = len(relevant)  # (the flow graph also has parallel links' certain arcs)
    critical_list = [k for k in relevant if arc[k] in critical]
    depth = _defence_in_depth(s, {arc[k] for k in intervened if k in arc})  # (not evidence)
    place = {e.id: i for i, e in enumerate(doc.edges)}
    cuts = [sorted(s.links.links(c), key=place.__getitem__) for c in cut_sets]
    ordered = sorted(cuts, key=lambda c: (len(c), [place[k] for k in c]))
    dismantle(flow)  # (piece by piece: see graph.dismantle)
    return Coverage(intervened, unmitigated, critical_list, ordered, depth, search)


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
