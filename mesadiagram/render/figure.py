"""A whole figure: where every stage, link, callout and the legend go, then drawing it.

Exports draw a Figure. Nothing in it hides anything: link labels and badges sit on
their links (``link_labels.py``); detailed callouts sit near their targets over nothing
(``callout_placement.py``), the stages spread apart when they need room
(``callout_room.py``); ``figure_check.py`` checks it. The legend goes beside it all.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtCore import QPointF, QRectF

from mesadiagram.analysis.outcomes import marks_outcomes
from mesadiagram.model import Document, ElementId, LinkId
from mesadiagram.render.callout_room import LABEL_STAGES, spread_callouts, spread_labels
from mesadiagram.render.callouts import CalloutGeometry, callout_owners
from mesadiagram.render.draw import draw_callout, draw_edge, draw_link_line, draw_node
from mesadiagram.render.drawn_text import svg_id
from mesadiagram.render.figure_parts import Parts, covered_parts, figure_parts, frame_conflicts
from mesadiagram.render.geometry import EdgeGeometry, NodeGeometry, node_geometry
from mesadiagram.render.group_frames import draw_group_frame
from mesadiagram.render.legend import LegendGeometry, draw_legend, legend_geometry, legend_spot
from mesadiagram.render.link_ends import meet_outlines
from mesadiagram.render.link_heads import link_look
from mesadiagram.render.link_labels import place_labels
from mesadiagram.render.link_routes import LinkRouter, route_all, way_geometry
from mesadiagram.render.link_tags import LinkTag, draw_link_tag
from mesadiagram.render.obstacles import Obstacles
from mesadiagram.render.plane import Index, polyline, rect_of
from mesadiagram.render.stage_shapes import stage_shape
from mesadiagram.render.surface import Surface
from mesadiagram.render.tag_placement import place_link_tags
from mesadiagram.render.text_boxes import box_title, draw_text_box
from mesadiagram.render.theme import Theme

MARGIN = 24.0
CALLOUT_GAP = 26.0  # the legend keeps twice this off the diagram


@dataclass
class Figure:
    doc: Document
    theme: Theme
    nodes: dict[str, NodeGeometry] = field(default_factory=dict)
    edges: dict[LinkId, EdgeGeometry] = field(default_factory=dict)
    callouts: dict[ElementId, CalloutGeometry] = field(default_factory=dict)  # by owner
    tags: dict[LinkId, LinkTag] = field(default_factory=dict)  # compact: by link
    legend: LegendGeometry | None = None
    bounds: QRectF = field(default_factory=QRectF)
    # Points per scene unit in a file: 0.75 at natural size (scene units are CSS pixels);
    # a figure framed at a size asked for (``fit.py``) has its own.
    points_per_unit: float = 0.75
    spread: float = 1.0  # how much further apart than in the file stages are (callouts)
    over_callouts: set[LinkId] = field(default_factory=set)  # drawn again over them (and tags)
    crowded: int = 0  # badges, link labels and tags that found no clear spot
    tag_trouble: int = 0  # tags without a clear spot within reach (``place_link_tags``)
    # Groups' frames and text boxes (``figure_parts.py``), and how often they mislead or
    # are covered (a frame taking in another group's stage, a box under a link...)
    parts: Parts = field(default_factory=Parts)
    part_trouble: int = 0


def group_id(doc: Document, element_id: ElementId) -> str:
    """The SVG group id of a stage, a link, a group's frame or a text box: unique for
    every id (``svg_id`` escapes)."""
    kind = doc.kind_of(element_id)
    prefix = {"stage": "node", "group": "group", "box": "box"}.get(kind or "", "edge")
    if prefix == "edge":  # ``a->b`` as ``edge-a--b``: ``>`` may not be in an XML id
        return svg_id(prefix, *element_id.split("->"))
    return svg_id(prefix, element_id)


def build_figure(
    doc: Document,
    theme: Theme,
    detailed: bool = False,
    legend: bool = True,
    stage_text: bool = True,
    spread_tags: bool = True,
) -> Figure:
    """Every box, link, label and (``detailed``) callout of ``doc``, and the legend;
    compact, each annotated link's tag (``tag_placement.py``); ``stage_text``: each
    stage's text under its label. ``spread_tags``: tags without a clear spot spread the
    stages too (a figure at a size does not: ``fit.py`` prefers the ways whose tags all
    find one, ``Figure.tag_trouble``).

    Detailed callouts go near their targets, hiding nothing (``callout_placement.py``).
    When some find no room within reach, the stages are spread further apart (positions
    and routes scaled, boxes and text kept) and the figure is built again: a large model
    grows by the room its callouts need, instead of piling them up far away."""
    owners = _callout_owners(doc) if detailed else []
    if owners:  # (callout_room.py: spread as far as the callouts need)
        fig = spread_callouts(doc, theme, owners, lambda k: _laid_out(doc, theme, k, stage_text))
    else:
        tags = "spread" if spread_tags else "place"
        fig = spread_labels(doc, lambda k: _laid_out(doc, theme, k, stage_text, tags))
        small = len(doc.nodes) <= LABEL_STAGES
        if fig.tag_trouble and small and spread_tags:  # (a finer look, once)
            rects = {node_id: geo.rect for node_id, geo in fig.nodes.items()}
            parts = fig.parts
            fig.tags, fig.tag_trouble = place_link_tags(doc, theme, rects, fig.edges, "fine", parts)
            fig.over_callouts = _links_under_tags(fig)
    occupied = [g.rect for g in fig.nodes.values()]  # stages, labels, badges
    for edge in doc.edges:
        geo = fig.edges[edge.id]
        if geo.label is not None:
            occupied.append(geo.label)
        occupied.append(_badge_room(geo))
    occupied += [tag.rect for tag in fig.tags.values()]
    occupied += [fig.parts.bounds()] if fig.parts.frames or fig.parts.boxes else []
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
        fig.legend = place_legend(fig, content)
        if fig.legend is not None:
            content = content.united(fig.legend.rect)
    fig.bounds = content.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    return fig


def _badge_room(geo: EdgeGeometry) -> QRectF:
    """The link's badge and a unit around it: kept free of tags and the legend."""
    half = geo.badge / 2 + 1
    return QRectF(geo.middle.x() - half, geo.middle.y() - half, 2 * half, 2 * half)


def _callout_owners(doc: Document) -> list[ElementId]:
    return callout_owners(doc)


def fig_shape(fig: Figure, node_id: str) -> str:
    """The outline of a stage of ``fig`` (its class's shape)."""
    return stage_shape(fig.doc, fig.doc.node(node_id))


def _laid_out(
    doc: Document, theme: Theme, spread: float, stage_text: bool = True, tags: str = ""
) -> Figure:
    """Stages, links and link labels (and ``tags``, compact's: "place" them, or "spread"
    when they are crowded), positions (and stored routes) ``spread`` times further apart
    than in ``doc``."""
    fig = Figure(doc, theme, spread=spread)
    for node in doc.nodes:
        if spread != 1.0 and node.position is not None:
            x, y = node.position
            node = replace(node, position=(x * spread, y * spread))
        shape = stage_shape(doc, node)
        fig.nodes[node.id] = node_geometry(node, theme, stage_text=stage_text, shape=shape)
    rects = {node_id: geo.rect for node_id, geo in fig.nodes.items()}
    fig.parts = figure_parts(doc, theme, rects, spread)
    if spread == 1.0:
        ways = route_all(doc, rects)  # the canvas's router: links go around stages
    else:
        router = LinkRouter()
        for node_id, rect in rects.items():
            router.place(node_id, rect)
        ways = {}
        for edge in doc.edges:
            if edge.route:
                route = [(x * spread, y * spread) for x, y in edge.route]
                edge = replace(edge, route=route)
            ways[edge.id] = router.way(doc, edge)
    for edge in doc.edges:
        source, target = rects[edge.source], rects[edge.target]
        geo = way_geometry(source, target, ways[edge.id], theme.unit)
        shapes = (fig_shape(fig, edge.source), fig_shape(fig, edge.target))
        fig.edges[edge.id] = meet_outlines(geo, shapes, (source, target), theme.unit)
    fig.crowded = place_labels(doc, theme, rects, fig.edges)
    if fig.parts.frames or fig.parts.boxes:
        fig.part_trouble = len(frame_conflicts(doc, fig.parts, rects))
        fig.part_trouble += covered_parts(fig.parts, rects, fig.edges)
    if tags:
        effort = "full" if tags == "spread" else "quick"
        parts = fig.parts
        fig.tags, fig.tag_trouble = place_link_tags(doc, theme, rects, fig.edges, effort, parts)
        fig.crowded += fig.tag_trouble if tags == "spread" else 0
        fig.over_callouts = _links_under_tags(fig)
    return fig


def _links_under_tags(fig: Figure) -> set[LinkId]:
    """The links under a tag of a large, crowded figure: drawn again over it."""
    covering = [rect_of(t.rect) for t in fig.tags.values() if t.covers]
    if not covering:
        return set()
    lines = Index()
    for key, geo in fig.edges.items():
        lines.add_line(polyline(geo.path), key)
    return {key for r in covering for key in lines.lines_entering(r)}  # type: ignore[misc]


def place_legend(
    fig: Figure, content: QRectF, occupied: list[QRectF] | None = None, columns: int = 1
) -> LegendGeometry | None:
    """Where the legend adds the least area: in a free corner of the figure, else beside
    it on its short side (``legend.legend_spot``), never over anything drawn: the
    stages, labels, badges and tags (``occupied``, else taken from ``fig``), callouts
    and links."""
    probe = legend_geometry(fig.doc, fig.theme, QPointF(0, 0), columns=columns)
    if probe is None:
        return None
    if occupied is None:
        occupied = [g.rect for g in fig.nodes.values()] + [t.rect for t in fig.tags.values()]
        for geo in fig.edges.values():
            occupied.append(_badge_room(geo))
            if geo.label is not None:
                occupied.append(geo.label)
    parts = [*fig.parts.frames.values(), *fig.parts.boxes.values()]  # (no legend over frames)
    obstacles = Obstacles([*occupied, *parts, *(c.rect for c in fig.callouts.values())])
    for geo in fig.edges.values():
        obstacles.add_link(geo)
    for tag in fig.tags.values():  # (and the tags' leaders)
        if tag.leader and tag.line is not None:
            obstacles.add_line(*tag.line)
    spot = legend_spot(probe.rect.size(), content, obstacles.free, MARGIN)
    return legend_geometry(fig.doc, fig.theme, spot, columns=columns)


def draw_figure(s: Surface, fig: Figure) -> None:
    """Groups' frames behind everything, links, then stages over them, text boxes,
    then callouts and the legend."""
    doc, theme = fig.doc, fig.theme
    for group in doc.groups:
        rect = fig.parts.frames.get(group.id)
        if rect is not None:
            with s.group(group_id(doc, group.id), "group", group.label or group.id):
                draw_group_frame(s, group, rect, theme)
    for edge in doc.edges:
        with s.group(
            group_id(doc, edge.id),
            "edge",
            f"{doc.node(edge.source).label} → {doc.node(edge.target).label}"
            + (f": {edge.label}" if edge.label else ""),
        ):
            draw_edge(s, doc, edge, fig.edges[edge.id], theme)
            tag = fig.tags.get(edge.id)
            if tag is not None:
                draw_link_tag(s, doc, tag, theme, group_id(doc, edge.id))
    marked = marks_outcomes(doc)  # (once, not once per stage)
    for node in doc.nodes:
        with s.group(group_id(doc, node.id), "node", node.label):
            draw_node(s, doc, node, fig.nodes[node.id], theme, marked=marked)
    for box in doc.boxes:
        rect = fig.parts.boxes.get(box.id)
        if rect is not None:
            with s.group(group_id(doc, box.id), "box", box_title(box)):
                draw_text_box(s, box, rect, theme)
    for owner, geo in fig.callouts.items():
        draw_callout(s, doc, geo, theme, group_id(doc, owner))
    if fig.over_callouts:  # (a crowded figure: links that pass under a callout stay seen)
        with s.group("links-over-callouts", "links-over", None):
            for edge in doc.edges:
                if edge.id in fig.over_callouts:
                    look = link_look(doc, theme, edge.type)
                    draw_link_line(s, fig.edges[edge.id], theme, look)
    if fig.legend is not None:
        draw_legend(s, doc, fig.legend, theme)
