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
