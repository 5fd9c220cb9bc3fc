"""Roots, outcomes and the paths between them."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from mesadiagram.analysis.graph import to_digraph
from mesadiagram.model import Document, EdgeKey

MAX_PATHS = 1000


@dataclass
class Structure:
    graph: nx.DiGraph
    roots: list[str]
    outcomes: list[str]
    paths: list[list[str]]
    path_count: int  # may exceed len(paths) when capped
    paths_capped: bool
    relevant_edges: set[EdgeKey]  # links on some root -> outcome path


def roots_of(doc: Document) -> list[str]:
    """Stages with no incoming link, in document order."""
    return [n.id for n in doc.nodes if not doc.incoming(n.id)]


def outcomes_of(doc: Document) -> list[str]:
    """Stages marked ``outcome: true``, or with no outgoing link (when they have incoming)."""
    return [n.id for n in doc.nodes if n.outcome or (not doc.outgoing(n.id) and doc.incoming(n.id))]


def analyse_structure(doc: Document, max_paths: int = MAX_PATHS) -> Structure:
    graph = to_digraph(doc)
    roots, outcomes = roots_of(doc), outcomes_of(doc)
    outcome_set = set(outcomes)
    paths: list[list[str]] = []
    count = 0
    capped = False
    for root in roots:
        for path in _simple_paths_to(graph, root, outcome_set):
            count += 1
            if len(paths) < max_paths:
                paths.append(path)
            else:
                capped = True
                break
        if capped:
            break
    relevant = _relevant_edges(graph, roots, outcomes)
    return Structure(graph, roots, outcomes, paths, count, capped, relevant)


def _simple_paths_to(graph: nx.DiGraph, root: str, targets: set[str]):
    """Simple paths from ``root`` ending at a target (a path may pass through an outcome
    marked ``outcome: true`` that has further links, and end at a later outcome)."""
    stack = [(root, [root])]
    while stack:
        node, path = stack.pop()
        if node in targets and len(path) > 1:
            yield path
        on_path = set(path)
        for child in sorted(graph.successors(node), reverse=True):
            if child not in on_path:
                stack.append((child, [*path, child]))


def _relevant_edges(graph: nx.DiGraph, roots: list[str], outcomes: list[str]) -> set[EdgeKey]:
    """Links (u, v) with u reachable from a root and an outcome reachable from v
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
    graph: nx.DiGraph, sources: list[str], targets: set[str], removed: set[EdgeKey] = frozenset()
) -> bool:
    """Whether a target is reachable from a source when ``removed`` links are cut."""
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
