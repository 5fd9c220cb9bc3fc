"""The one router of links, shared by the canvas and the figures.

``LinkRouter`` keeps the boxes of a document's stages in a grid
(``analysis/layout/clearance.py``) and gives each link its ``Way``
(``analysis/layout/detour.py``): its stored route while that is clear, its curve or
straight line when clear, else a detour around the stages in its way. Figures route every
link at once (``route_all``); the canvas keeps a router and routes links again when
stages move (``ui/canvas/routing.py``).
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QLineF, QRectF

from mesadiagram.analysis.layout.clearance import BoxGrid, Point, Rect, border
from mesadiagram.analysis.layout.detour import STRAIGHT, Way, way
from mesadiagram.model import Document, Edge, LinkId
from mesadiagram.render.geometry import (
    ARROW_SIZE,
    BEND_SPACING,
    EdgeGeometry,
    edge_bend,
    edge_ends,
    edge_geometry,
)


def rect_of(rect: QRectF) -> Rect:
    left, top, width, height = rect.getRect()
    return (left, top, left + width, top + height)


def planned(doc: Document, edge: Edge) -> Way:
    """The way a link is drawn before it is routed: its stored route, else its curve or
    line, without looking at other boxes (the canvas, while a large model opens)."""
    if edge.route:
        return Way(tuple(edge.route), stored=True)
    bend = edge_bend(doc, edge)
    return Way(bend=bend) if bend else STRAIGHT  # (no object per link while opening)


class LinkRouter:
    """Stage boxes by id, and the ways of links between them."""

    def __init__(self) -> None:
        self.grid = BoxGrid()

    def place(self, node_id: str, rect: QRectF) -> Rect | None:
        """Put or move a stage's box; returns where it was."""
        return self.grid.put(node_id, rect_of(rect))

    def remove(self, node_id: str) -> None:
        self.grid.remove(node_id)

    def way(self, doc: Document, edge: Edge, previous: Way | None = None) -> Way:
        """The way of ``edge`` among the boxes placed now (both of its stages placed);
        ``previous`` is kept while clear (see ``detour.way``)."""
        bend = edge_bend(doc, edge)
        # links fanned out further than a pair go around boxes further out, so that
        # parallel links detouring around the same stage stay apart
        spread = max(0.0, abs(bend) - BEND_SPACING / 2)
        return way(self.grid, edge.source, edge.target, edge.route, bend, spread, previous)


def route_all(doc: Document, rects: dict[str, QRectF]) -> dict[LinkId, Way]:
    """The way of every link of ``doc``, with the stages' boxes ``rects`` (figures)."""
    router = LinkRouter()
    for node_id, rect in rects.items():
        router.place(node_id, rect)
    return {edge.id: router.way(doc, edge) for edge in doc.edges}


def drawn_line(source: QRectF, target: QRectF, points: list[Point]) -> list[Point]:
    """A routed link as drawn: from the source's border through ``points`` to the target's."""
    return [border(rect_of(source), points[0]), *points, border(rect_of(target), points[-1])]


def way_outline(
    source: QRectF, target: QRectF, way_: Way
) -> tuple[list[float], list[float], list[QLineF] | None]:
    """The x and y of the points whose hull holds a link drawn along ``way_`` (its ends, and
    its bend points or the control point of its curve), and its lines for the overview
    (None for a curve): cheap float arithmetic, no path."""
    if way_.points:
        route = list(way_.points)
        line = drawn_line(source, target, route)
        lines = [QLineF(*p, *q) for p, q in pairwise(line)]
        return [x for x, _ in line], [y for _, y in line], lines
    x0, y0, x1, y1, cx, cy = edge_ends(source, target, way_.bend)
    if way_.bend:
        return [x0, x1, cx], [y0, y1, cy], None
    return [x0, x1], [y0, y1], [QLineF(x0, y0, x1, y1)]


def way_geometry(source: QRectF, target: QRectF, way_: Way, unit: float = 1.0) -> EdgeGeometry:
    """The path of a link drawn along ``way_`` between the boxes ``source`` and ``target``;
    ``unit``: the theme's (the arrow head grows with the text)."""
    return edge_geometry(source, target, way_.bend, list(way_.points), ARROW_SIZE * unit)
