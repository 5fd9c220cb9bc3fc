"""The document as a networkx graph."""

from __future__ import annotations

import networkx as nx

from mesadiagram.model import Document


def to_digraph(doc: Document) -> nx.DiGraph:
    """Stages as nodes (in document order), links as edges."""
    graph = nx.DiGraph()
    graph.add_nodes_from(node.id for node in doc.nodes)
    graph.add_edges_from(edge.key for edge in doc.edges)
    return graph


def layers(graph: nx.DiGraph) -> dict[str, int]:
    """Longest-path layering; the links closing a cycle are ignored for it."""
    acyclic = graph.copy()
    for u, v in _feedback_edges(graph):
        acyclic.remove_edge(u, v)
    layer: dict[str, int] = {}
    for n in nx.topological_sort(acyclic):
        layer[n] = max((layer[p] + 1 for p in acyclic.predecessors(n)), default=0)
    return layer


def _feedback_edges(graph: nx.DiGraph) -> list[tuple[str, str]]:
    """Back edges of a depth-first search in document order: removing them breaks cycles."""
    state: dict[str, int] = {}
    back: list[tuple[str, str]] = []
    for root in graph.nodes:
        if root in state:
            continue
        stack = [(root, iter(graph.successors(root)))]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            for child in children:
                if state.get(child) == 1:
                    back.append((node, child))
                elif child not in state:
                    state[child] = 1
                    stack.append((child, iter(graph.successors(child))))
                    break
            else:
                state[node] = 2
                stack.pop()
    return back
