"""Roots, outcomes and the paths between them (which stages are outcomes: ``outcomes.py``).

All of it on the link graph, which holds only the links the analysis counts
(``counted.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx

from mesadiagram.analysis.counted import takes_part
from mesadiagram.analysis.graph import Arc, LinkGraph, is_virtual, link_graph
from mesadiagram.analysis.outcomes import dead_ends, marks_outcomes, outcomes_of
from mesadiagram.model import Document, LinkId

MAX_PATHS = 1000


@dataclass
class Structure:
    graph: nx.DiGraph  # the link graph: parallel links go through virtual stages
    links: LinkGraph  # link id <-> arc of ``graph``
    roots: list[str]
    outcomes: list[str]
    outcomes_marked: bool  # the document marks its outcomes (else: its dead ends are)
    dead_ends: list[str]  # stages with incoming links and none out, not marked (outcomes.py)
    paths: list[list[str]]  # stage ids; each sequence of stages once
    path_count: int  # may exceed len(paths) when capped
    paths_capped: bool
    relevant_links: set[LinkId]  # links on some root -> outcome path
    relevant_arcs: set[Arc]  # their arcs, and the certain arcs of parallel links among them


def roots_of(doc: Document, lg: LinkGraph | None = None) -> list[str]:
    """Stages with no incoming counted link, in document order (not those whose links
    are all evidence). ``lg`` is the document's link graph when the caller has it."""
    graph = (lg or link_graph(doc)).graph
    return [n.id for n in doc.nodes if not graph.in_degree(n.id) and takes_part(doc, n.id)]


def analyse_structure(doc: Document, max_paths: int = MAX_PATHS) -> Structure:
    lg = link_graph(doc)
    roots, outcomes = roots_of(doc, lg), outcomes_of(doc)
    outcome_set = set(outcomes)
    # The search steps only onto stages that lead to an outcome: a block no outcome can be
    # reached from costs nothing, however many routes run through it.
    leads_on = _closure(outcomes, lg.graph.predecessors)
    paths: list[list[str]] = []
    count = 0
    capped = False
    for root in roots:
        if root not in leads_on:
            continue
        for path in _simple_paths_to(lg, root, outcome_set, leads_on):
            count += 1
            if len(paths) < max_paths:
                paths.append(path)
            else:
                capped = True
                break
        if capped:
            break
    arcs = _relevant_arcs(lg.graph, roots, outcomes)
    return Structure(
        lg.graph,
        lg,
        roots,
        outcomes,
        marks_outcomes(doc),
        dead_ends(doc),
        paths,
        count,
        capped,
        lg.links(arcs),
        arcs,
    )


def _simple_paths_to(
    lg: LinkGraph, root: str, targets: set[str], leads_on: set[str]
) -> Iterator[list[str]]:
    """Simple paths of stages from ``root`` ending at a target, depth first, each stage's
    links followed in document order. A path may pass through an outcome marked
    ``outcome: true`` that has further links, and end at a later outcome; a root that is
    itself an outcome is a path of one stage. Parallel links give the same sequence of
    stages, listed once: the search steps over real stages only."""
    stack = [(root, [root])]
    while stack:
        node, path = stack.pop()
        if node in targets:
            yield path
        on_path = set(path)
        for child in reversed(_next_stages(lg, node)):
            if child not in on_path and child in leads_on:
                stack.append((child, [*path, child]))


def _next_stages(lg: LinkGraph, stage: str) -> list[str]:
    """Real stages one link after ``stage``, each once, in the document order of the
    links (the graph keeps its arcs in the order they were added: the document's)."""
    out: dict[str, None] = {}
    for child in lg.graph.successors(stage):
        for real in lg.graph.successors(child) if is_virtual(child) else (child,):
            out.setdefault(real)
    return list(out)


def _relevant_arcs(graph: nx.DiGraph, roots: list[str], outcomes: list[str]) -> set[Arc]:
    """Arcs (u, v) with u reachable from a root and an outcome reachable from v
    (one search forward from all roots, one backward from all outcomes)."""
    forward = _closure(roots, graph.successors)
    backward = _closure(outcomes, graph.predecessors)
    return {(u, v) for u, v in graph.edges if u in forward and v in backward}


def _closure(starts: list[str], step) -> set[str]:
    seen = set(starts)
    stack = list(starts)
    while stack:
        for nxt in step(stack.pop()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def reaches(
    graph: nx.DiGraph, sources: list[str], targets: set[str], removed: set[Arc] = frozenset()
) -> bool:
    """Whether a target is reachable from a source when the arcs in ``removed`` are cut."""
    seen = set(sources)
    stack = list(sources)
    while stack:
        node = stack.pop()
        if node in targets:
            return True
        for child in graph.successors(node):
            if child not in seen and (node, child) not in removed:
                seen.add(child)
                stack.append(child)
    return False
