"""The document as a simple networkx graph in which every link is exactly one arc.

Several links may join the same two stages. The exact algorithms (path counting, cut
sets, 0-1 BFS, factoring risk) run on a simple ``nx.DiGraph``, so the first link from u to
v is the arc (u, v), and every further parallel link L is subdivided through a virtual
stage ``via(L)``: the arc (u, via) carries L, and (via, v) is certain and cannot be cut.
Series-parallel reasoning then holds for parallel links as for any others: cutting one of
two parallel links leaves the connection, and two independent parallel links transmit
with 1 - (1 - p1)(1 - p2). Virtual stages are never roots or outcomes and never shown.

Only the links the analysis counts are arcs (``counted.py``: their type carries risk);
evidence links are left out here, once, so nothing built on the graph sees them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from mesadiagram.analysis.counted import counted_links
from mesadiagram.model import Document, LinkId

Arc = tuple[str, str]
VIA = "\0via\0"  # stage ids never hold NUL, so a virtual stage cannot clash with a real one


def via(link_id: LinkId) -> str:
    """The virtual stage that subdivides the parallel link ``link_id``."""
    return VIA + link_id


def is_virtual(stage: str) -> bool:
    return stage.startswith(VIA)


@dataclass
class LinkGraph:
    """The graph, and which arc carries which link (the certain arcs carry none)."""

    graph: nx.DiGraph
    arc: dict[LinkId, Arc] = field(default_factory=dict)
    link: dict[Arc, LinkId] = field(default_factory=dict)

    def links(self, arcs: Iterable[Arc]) -> set[LinkId]:
        """The links carried by ``arcs`` (certain arcs are dropped)."""
        return {self.link[a] for a in arcs if a in self.link}

    def stage_successors(self, stage: str) -> list[str]:
        """Real stages one link after ``stage`` (through virtual ones), each once, sorted."""
        out = set()
        for child in self.graph.successors(stage):
            out.update(self.graph.successors(child) if is_virtual(child) else (child,))
        return sorted(out)


def link_graph(doc: Document) -> LinkGraph:
    """Stages as nodes (in document order), each counted link as one arc (see the module
    doc); links that carry no risk are not in it."""
    g = nx.DiGraph()
    g.add_nodes_from(node.id for node in doc.nodes)
    lg = LinkGraph(g)
    for edge in counted_links(doc):
        pair = (edge.source, edge.target)
        if not g.has_edge(*pair):
            arc = pair
        else:
            middle = via(edge.id)
            g.add_edge(middle, edge.target)  # certain, carries no link
            arc = (edge.source, middle)
        g.add_edge(*arc)
        lg.arc[edge.id] = arc
        lg.link[arc] = edge.id
    return lg


def real_stages(path: Iterable[str]) -> list[str]:
    """``path`` without its virtual stages."""
    return [n for n in path if not is_virtual(n)]


def dismantle(graph: nx.DiGraph) -> None:
    """Empty ``graph`` a stage at a time. Dropping a large graph at once frees a hundred
    thousand objects in one uninterrupted cascade, holding the GIL for tens of
    milliseconds; freed piece by piece, the interpreter can hand the GIL to other threads
    (an editor's GUI thread) in between."""
    for table in (graph._succ, graph._pred, graph._node):
        for key in list(table):
            del table[key]
