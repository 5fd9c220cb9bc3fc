"""A whole figure: where every stage, link, callout and the legend go, then drawing it.

Exports draw a Figure; in detailed mode callouts are placed so that none overlaps a
stage, a link label or another callout, and the legend goes beside everything else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF

from mesadiagram.model import Document, ElementId, LinkId
from mesadiagram.render.callouts import CalloutGeometry, callout_geometry, callout_lines
from mesadiagram.render.draw import draw_callout, draw_edge, draw_node, edge_label_rect, small_font
from mesadiagram.render.drawn_text import svg_id
from mesadiagram.render.fonts import font_metrics
from mesadiagram.render.geometry import (
    EdgeGeometry,
    NodeGeometry,
    edge_bend,
    edge_geometry,
    node_geometry,
)
from mesadiagram.render.legend import LegendGeometry, draw_legend, legend_geometry
from mesadiagram.render.surface import Surface
from mesadiagram.render.theme import Theme

MARGIN = 24.0
CALLOUT_GAP = 26.0
CLEARANCE = 8.0


@dataclass
class Figure:
    doc: Document
    theme: Theme
    nodes: dict[str, NodeGeometry] = field(default_factory=dict)
    edges: dict[LinkId, EdgeGeometry] = field(default_factory=dict)
    callouts: dict[ElementId, CalloutGeometry] = field(default_factory=dict)  # by owner
    legend: LegendGeometry | None = None
    bounds: QRectF = field(default_factory=QRectF)


def group_id(doc: Document, element_id: ElementId) -> str:
    """The SVG group id of a stage or a link: unique for every id (``svg_id`` escapes)."""
    return svg_id("node" if doc.has_node(element_id) else "edge", element_id)


def build_figure(
    doc: Document, theme: Theme, detailed: bool = False, legend: bool = True
) -> Figure:
    fig = Figure(doc, theme)
    for node in doc.nodes:
        fig.nodes[node.id] = node_geometry(node, theme)
    for edge in doc.edges:
        fig.edges[edge.id] = edge_geometry(
            fig.nodes[edge.source].rect,
            fig.nodes[edge.target].rect,
            edge_bend(doc, edge),
            edge.route,
        )
    occupied = [g.rect for g in fig.nodes.values()]
    for edge in doc.edges:
        geo = fig.edges[edge.id]
        label = edge_label_rect(theme, edge, geo)
        if label is not None:
            occupied.append(label)
        occupied.append(QRectF(geo.middle.x() - 10, geo.middle.y() - 10, 20, 20))
    if detailed:
        _place_callouts(fig, occupied)
    content = QRectF()
    for rect in occupied:
        content = content.united(rect)
    for geo in fig.edges.values():
        content = content.united(geo.path.boundingRect())
    for c in fig.callouts.values():
        content = content.united(c.rect)
    if content.isNull():
        content = QRectF(0, 0, 100, 60)
    if legend:
        fig.legend = _place_legend(fig, content)
        if fig.legend is not None:
            content = content.united(fig.legend.rect)
    fig.bounds = content.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    return fig


def _place_callouts(fig: Figure, occupied: list[QRectF]) -> None:
    owners = [n.id for n in fig.doc.nodes if n.annotations]
    owners += [e.id for e in fig.doc.edges if e.annotations]
    node_rects = {n: g.rect for n, g in fig.nodes.items()}
    fig.callouts.update(place_callouts(fig.doc, fig.theme, node_rects, fig.edges, owners, occupied))


def place_callouts(
    doc: Document,
    theme: Theme,
    node_rects: dict[str, QRectF],
    edges: dict[LinkId, EdgeGeometry],
    owners: list[ElementId],
    occupied: list[QRectF],
) -> dict[ElementId, CalloutGeometry]:
    """Greedy: each owner's callout goes to the first free spot of a few candidates
    around it (below, above, right, left, then further out), so that none overlaps a
    stage, a link label or another callout. ``occupied`` grows with each placed one.
    Shared by figures and the canvas's detailed view."""
    line_h = font_metrics(small_font(theme)).height()
    placed: dict[ElementId, CalloutGeometry] = {}
    grid = _Occupancy(occupied)
    for ref in owners:
        is_stage = doc.has_node(ref)
        element = doc.element(ref)
        lines = callout_lines(doc, element.annotations, theme)
        if not lines:
            continue
        width = 260.0
        height = 16 + line_h * len(lines)
        if is_stage:
            box = node_rects[ref]
            anchor = QPointF(box.center().x(), box.bottom())
            prefer_above = False
        else:
            box = QRectF(edges[ref].middle, edges[ref].middle)
            anchor = edges[ref].middle
            prefer_above = True
        spot = _free_spot(box, width, height, grid, prefer_above)
        geo = callout_geometry(doc, element.annotations, anchor, spot.topLeft(), theme)
        if geo is None:
            continue
        if is_stage:
            geo.anchor = _nearest_side(box, geo.rect)
        placed[ref] = geo
        occupied.append(geo.rect)
        grid.add(geo.rect)
    return placed


class _Occupancy:
    """Rectangles in a uniform grid of buckets, so testing a spot looks only at its
    neighbours (a large detailed figure has thousands of callouts to place)."""

    CELL = 240.0

    def __init__(self, rects: list[QRectF]) -> None:
        self.cells: dict[tuple[int, int], list[QRectF]] = {}
        self.bottom = -1e18
        for rect in rects:
            self.add(rect)

    def _keys(self, rect: QRectF):
        c = self.CELL
        for i in range(int(rect.left() // c), int(rect.right() // c) + 1):
            for j in range(int(rect.top() // c), int(rect.bottom() // c) + 1):
                yield i, j

    def add(self, rect: QRectF) -> None:
        for key in self._keys(rect):
            self.cells.setdefault(key, []).append(rect)
        self.bottom = max(self.bottom, rect.bottom())

    def hits(self, rect: QRectF) -> bool:
        return any(rect.intersects(o) for key in self._keys(rect) for o in self.cells.get(key, ()))


def _free_spot(
    box: QRectF, width: float, height: float, occupied: _Occupancy, prefer_above: bool
) -> QRectF:
    cx = box.center().x()
    below = QRectF(cx - width / 2, box.bottom() + CALLOUT_GAP, width, height)
    above = QRectF(cx - width / 2, box.top() - CALLOUT_GAP - height, width, height)
    right = QRectF(box.right() + CALLOUT_GAP, box.center().y() - height / 2, width, height)
    left = QRectF(box.left() - CALLOUT_GAP - width, box.center().y() - height / 2, width, height)
    first = [above, below] if prefer_above else [below, above]
    candidates = [*first, right, left]
    for step in range(1, 40):  # then further out, alternating sides, and shifted sideways
        dy = step * 30.0
        for base in first:
            direction = -1 if base is above else 1
            for dx in (0.0, width * 0.55, -width * 0.55):
                candidates.append(base.translated(dx, direction * dy))
    for rect in candidates:
        if not occupied.hits(rect.adjusted(-CLEARANCE, -CLEARANCE, CLEARANCE, CLEARANCE)):
            return rect
    bottom = max(occupied.bottom, box.bottom())
    return QRectF(cx - width / 2, bottom + CALLOUT_GAP, width, height)


def _nearest_side(box: QRectF, callout: QRectF) -> QPointF:
    """Where the leader leaves the stage: the middle of the side facing the callout."""
    c = callout.center()
    if callout.top() >= box.bottom():
        return QPointF(box.center().x(), box.bottom())
    if callout.bottom() <= box.top():
        return QPointF(box.center().x(), box.top())
    return QPointF(box.right() if c.x() > box.center().x() else box.left(), box.center().y())


def _place_legend(fig: Figure, content: QRectF) -> LegendGeometry | None:
    """Below the figure when it is wide, to its right when it is tall: never on top."""
    probe = legend_geometry(fig.doc, fig.theme, QPointF(0, 0))
    if probe is None:
        return None
    if content.width() >= content.height():
        top_left = QPointF(content.left(), content.bottom() + 2 * CALLOUT_GAP)
    else:
        top_left = QPointF(content.right() + 2 * CALLOUT_GAP, content.top())
    return legend_geometry(fig.doc, fig.theme, top_left)


def draw_figure(s: Surface, fig: Figure) -> None:
    """Links, then stages over them, then callouts and the legend."""
    doc, theme = fig.doc, fig.theme
    for edge in doc.edges:
        with s.group(
            group_id(doc, edge.id),
            "edge",
            f"{doc.node(edge.source).label} → {doc.node(edge.target).label}"
            + (f": {edge.label}" if edge.label else ""),
        ):
            draw_edge(s, doc, edge, fig.edges[edge.id], theme)
    for node in doc.nodes:
        with s.group(group_id(doc, node.id), "node", node.label):
            draw_node(s, doc, node, fig.nodes[node.id], theme)
    for owner, geo in fig.callouts.items():
        draw_callout(s, doc, geo, theme, group_id(doc, owner))
    if fig.legend is not None:
        draw_legend(s, doc, fig.legend, theme)
