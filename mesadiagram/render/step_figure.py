"""One presentation step as a picture: the shared pieces of present mode and the deck.

Both draw the shown copy of the document (``presentation/shown.py``) as the canvas does
in compact detail, with what the step made new highlighted, what came before dimmed and
what comes after hidden; the annotations that appear are listed in a callout beside
their stage or link (placed among the visible elements only, by the figures' own
placement), and the camera (``presentation/camera.py``) frames what changed.

``place_captions`` and ``camera_view`` serve the canvas too; ``build_step`` and
``draw_step`` make and draw a whole page of the deck.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtCore import QPointF, QRectF

from mesadiagram.analysis.outcomes import marks_outcomes
from mesadiagram.model import Document, ElementId, LinkId
from mesadiagram.presentation import camera
from mesadiagram.presentation.frames import Frame
from mesadiagram.presentation.shown import current_annotations
from mesadiagram.presentation.summary import SummaryCard
from mesadiagram.render.callout_placement import Placement
from mesadiagram.render.callouts import CalloutGeometry, callout_lines
from mesadiagram.render.contrast import blend
from mesadiagram.render.draw import draw_callout, draw_edge, draw_node, edge_label_rect
from mesadiagram.render.figure import group_id
from mesadiagram.render.figure_parts import Parts, figure_parts
from mesadiagram.render.geometry import EdgeGeometry, NodeGeometry, node_geometry
from mesadiagram.render.group_frames import draw_group_frame
from mesadiagram.render.link_ends import meet_outlines
from mesadiagram.render.link_labels import (
    fit_badge,
    has_badge,
    label_size,
    off_stages,
    place_label,
)
from mesadiagram.render.link_routes import LinkRouter, way_geometry
from mesadiagram.render.link_tags import LinkTag, draw_link_tag, local_tag, tag_reach
from mesadiagram.render.stage_shapes import stage_shape
from mesadiagram.render.summary_card import draw_summary_card
from mesadiagram.render.surface import Fill, Stroke, Surface
from mesadiagram.render.text_boxes import box_title, draw_text_box
from mesadiagram.render.theme import DARK_THEME, DEFAULT_THEME, Theme

DIM_OPACITY = 0.25  # what came before: drawn at this opacity (the canvas sets the same)
HIGHLIGHT_OPACITY = 0.7


def presentation_theme(name: str) -> Theme:
    """The look of the presentation and the deck: ``light`` or ``dark``."""
    return DARK_THEME if name == "dark" else DEFAULT_THEME


def legibility(theme: Theme) -> camera.Legibility:
    """The text sizes the camera keeps legible: stage labels and callout text."""
    return camera.Legibility(theme.font_size, theme.font_size * 0.78)


def faded(theme: Theme, doc: Document, opacity: float = DIM_OPACITY) -> Theme:
    """``theme`` with every colour as it looks at ``opacity`` over the background, so a
    dimmed element in SVG, PDF or PNG looks as the canvas draws it faint."""

    def fade(color: str) -> str:
        return blend(color, opacity, theme.background)

    colours = {
        name: fade(getattr(theme, name))
        for name in (
            "node_fill",
            "node_border",
            "node_text",
            "node_subtext",
            "outcome_fill",
            "outcome_border",
            "edge",
            "edge_text",
            "warning",
        )
    }
    types = {}
    for ann_type in doc.all_types():
        style = theme.type_style(ann_type.name)
        colour = fade(theme.type_color(ann_type.name, ann_type.color))
        text = fade(theme.type_text(ann_type.name, ann_type.color))
        types[ann_type.name] = replace(style, color=colour, text=text)
    return replace(theme, **colours, types={**theme.types, **types})


def _rect(r: QRectF) -> camera.Rect:
    return (r.left(), r.top(), r.right(), r.bottom())


def place_captions(
    shown: Document,
    doc: Document,
    theme: Theme,
    frame: Frame,
    node_rects: dict[str, QRectF],
    edges: dict[LinkId, EdgeGeometry],
) -> dict[ElementId, CalloutGeometry]:
    """A callout for each owner of the annotations ``frame`` reveals, listing those
    annotations only, placed clear of the visible stages, links, labels and badges
    (``node_rects`` and ``edges`` may hold hidden ones: they are left out)."""
    if not frame.owners:
        return {}
    # Only what lies near the owners can be in a callout's way: placing among them
    # costs the same in a model of ten stages or of a thousand.
    near = _near(frame, node_rects, edges)
    stages, links = frame.stages, frame.links
    rects = {k: r for k, r in node_rects.items() if k in stages and near.intersects(r)}
    geos = {k: g for k, g in edges.items() if k in links and near.intersects(_outline(g))}
    placement = Placement(shown, theme, rects, geos)
    placed = {}
    for owner in frame.owners:
        if owner not in rects and owner not in geos:
            continue
        placement.texts[owner] = callout_lines(shown, current_annotations(doc, frame, owner), theme)
        geo = placement.place(owner) or placement.place(
            owner, cross_links=True, far=True, thorough=True
        )
        if geo is not None:
            placed[owner] = geo
    return placed


NEAR = 1500.0  # scene units around the owners of callouts that placement looks at
RING = 8.0  # the highlight around a new stage, beyond its box (3 px out, 6 px wide)


def _near(frame: Frame, node_rects: dict[str, QRectF], edges: dict[LinkId, EdgeGeometry]) -> QRectF:
    around = QRectF()
    for owner in frame.owners:
        if owner in node_rects:
            around = around.united(node_rects[owner])
        elif owner in edges:
            around = around.united(_outline(edges[owner]))
    return around.adjusted(-NEAR, -NEAR, NEAR, NEAR)


def _outline(geo: EdgeGeometry) -> QRectF:
    """A link's bounds, never empty (a level link's box has no height)."""
    return geo.path.controlPointRect().adjusted(-1, -1, 1, 1)


def changed_rects(
    doc: Document,
    frame: Frame,
    node_rects: dict[str, QRectF],
    edges: dict[LinkId, EdgeGeometry],
    callouts: dict[ElementId, CalloutGeometry],
) -> tuple[camera.Rect | None, camera.Rect | None]:
    """What the camera must show at ``frame`` (its new stages, the new links' middles,
    the callouts and their owners) and that with its context (the stages the new
    links come from); None when nothing changed."""
    ring = RING  # (a new stage's highlight reaches beyond its box)
    must: list[camera.Rect] = [
        _rect(node_rects[s].adjusted(-ring, -ring, ring, ring))
        for s in frame.new_stages
        if s in node_rects
    ]
    context: list[camera.Rect] = []
    for key in frame.new_links:
        geo = edges.get(key)
        if geo is not None:
            m = geo.middle
            must.append((m.x() - 12, m.y() - 12, m.x() + 12, m.y() + 12))
        edge = doc.edge(key)
        for end in (edge.source, edge.target):
            if end in node_rects and end not in frame.new_stages:
                context.append(_rect(node_rects[end]))
    for owner, geo in callouts.items():
        must.append(_rect(geo.rect))
        if owner in node_rects:
            must.append(_rect(node_rects[owner].adjusted(-ring, -ring, ring, ring)))
        elif owner in edges:
            m = edges[owner].middle
            must.append((m.x() - 12, m.y() - 12, m.x() + 12, m.y() + 12))
    changed = camera.union(must)
    if changed is None:
        return None, None
    return changed, camera.union([changed, *context])


# -- a page of the deck ----------------------------------------------------------------
@dataclass
class StepPicture:
    """Everything one page draws, in scene units; ``view`` is what the page shows."""

    shown: Document
    theme: Theme
    frame: Frame
    nodes: dict[str, NodeGeometry] = field(default_factory=dict)
    edges: dict[LinkId, EdgeGeometry] = field(default_factory=dict)
    tags: dict[LinkId, LinkTag] = field(default_factory=dict)
    callouts: dict[ElementId, CalloutGeometry] = field(default_factory=dict)
    summary: SummaryCard | None = None
    view: QRectF = field(default_factory=QRectF)
    # Frames around the visible stages of each group, and the text boxes (always shown)
    parts: Parts = field(default_factory=Parts)


def build_step(
    shown: Document,
    doc: Document,
    theme: Theme,
    frame: Frame,
    stage_text: bool = True,
) -> StepPicture:
    """The geometry of ``frame`` as the canvas makes it: every stage's box and every
    link's way around all of them (so nothing moves between pages), labels and compact
    tags of the visible links, callouts of what appears. ``view`` is left for the
    camera (``frame_view``)."""
    picture = StepPicture(shown, theme, frame)
    links = frame.links  # (made once: a frame's sets are made when asked for)
    router = LinkRouter()
    for node in shown.nodes:
        shape = stage_shape(shown, node)
        geo = node_geometry(node, theme, stage_text=stage_text, shape=shape)
        picture.nodes[node.id] = geo
        router.place(node.id, geo.rect)
    rects = {k: g.rect for k, g in picture.nodes.items()}
    visible = {k: r for k, r in rects.items() if k in frame.stages}
    picture.parts = figure_parts(shown, theme, visible)
    for edge in shown.edges:
        source, target = rects[edge.source], rects[edge.target]
        geo = way_geometry(source, target, router.way(shown, edge), theme.unit)
        ends = (
            stage_shape(shown, shown.node(edge.source)),
            stage_shape(shown, shown.node(edge.target)),
        )
        geo = fit_badge(meet_outlines(geo, ends, (source, target), theme.unit), theme)
        picture.edges[edge.id] = geo
        if edge.id not in links:
            continue
        size = label_size(theme, edge)
        if size is not None:
            reject = off_stages([source, target], router.grid)
            geo.label = place_label(geo, size, has_badge(edge), reject)
    picture.callouts = place_captions(shown, doc, theme, frame, rects, picture.edges)
    for edge in shown.edges:
        # (a link whose annotations are in a callout shows no tag, as on the canvas)
        if edge.id not in links or edge.id in picture.callouts:
            continue
        if tag_reach(edge, theme) is not None:
            geo = picture.edges[edge.id]
            label = edge_label_rect(theme, edge, geo)
            tag = local_tag(edge, geo, theme, [rects[edge.source], rects[edge.target]], label)
            if tag is not None:
                picture.tags[edge.id] = tag
    return picture


def frame_view(picture: StepPicture, previous: camera.Rect | None, aspect: float) -> camera.Rect:
    """Where the camera looks on this page, after ``previous`` (the page before)."""
    rects = {k: g.rect for k, g in picture.nodes.items()}
    return camera_view(
        picture.shown,
        picture.theme,
        picture.frame,
        (rects, picture.edges, picture.callouts),
        previous,
        aspect,
    )


def camera_view(
    shown: Document,
    theme: Theme,
    frame: Frame,
    geometry: tuple[
        dict[str, QRectF], dict[LinkId, EdgeGeometry], dict[ElementId, CalloutGeometry]
    ],
    previous: camera.Rect | None,
    aspect: float,
) -> camera.Rect:
    """The camera's view of ``frame`` after ``previous``, from the stages' boxes, the
    links' geometry and the callouts placed (in scene units): the canvas and the deck
    both ask here."""
    rects, edges, callouts = geometry
    if frame.summary or (previous is None and not frame.new_stages and not frame.owners):
        visible = [_rect(rects[s]) for s in frame.stages if s in rects]
        everything = camera.union(visible) or (0.0, 0.0, 100.0, 100.0)
        if frame.summary:
            everything = _with_card(everything, aspect)
        return camera.overview(everything, aspect)
    changed, context = changed_rects(shown, frame, rects, edges, callouts)
    if changed is None:
        return previous if previous is not None else (0.0, 0.0, 100.0, 100.0)
    return camera.next_view(previous, changed, context, aspect, legibility(theme))


def _with_card(everything: camera.Rect, aspect: float) -> camera.Rect:
    """The diagram's box widened on the right for the summary card, so that the
    diagram, with its margins, keeps to the left 60% of the view and the card (from
    64%) covers none of it."""
    left, top, right, bottom = everything
    width = max(right - left, (bottom - top) * aspect * 0.6)
    return (left, top, left + width / 0.56, bottom)


def draw_step(s: Surface, picture: StepPicture) -> None:
    """Links, then stages over them, then the callouts and the summary card; hidden
    elements are left out, dimmed ones drawn faint, new ones highlighted."""
    shown, theme, frame = picture.shown, picture.theme, picture.frame
    stages, links = frame.stages, frame.links  # (each made once)
    dimmed, current = frame.dimmed, frame.current
    faint = faded(theme, shown)
    warnings = picture.summary.unmitigated if picture.summary else frozenset()
    s.rect(picture.view, 0, Fill(theme.background), None)
    for group in shown.groups:
        rect = picture.parts.frames.get(group.id)
        if rect is not None:
            with s.group(group_id(shown, group.id), "group", group.label or group.id):
                draw_group_frame(s, group, rect, theme)
    for edge in shown.edges:
        if edge.id not in links:
            continue
        geo = picture.edges[edge.id]
        look = faint if edge.id in dimmed else theme
        with s.group(group_id(shown, edge.id), "edge", None):
            if edge.id in current:
                s.path(geo.path, Stroke(theme.highlight, 7.0, opacity=HIGHLIGHT_OPACITY))
            draw_edge(s, shown, edge, geo, look, warning=edge.id in warnings)
            tag = picture.tags.get(edge.id)
            if tag is not None:
                draw_link_tag(s, shown, tag, look, group_id(shown, edge.id))
    marked = marks_outcomes(shown)
    for node in shown.nodes:
        if node.id not in stages:
            continue
        geo = picture.nodes[node.id]
        look = faint if node.id in dimmed else theme
        with s.group(group_id(shown, node.id), "node", node.label):
            if node.id in current:
                ring = geo.rect.adjusted(-3, -3, 3, 3)
                s.rect(ring, 10, None, Stroke(theme.highlight, 6.0, opacity=HIGHLIGHT_OPACITY))
            draw_node(s, shown, node, geo, look, marked=marked)
    for box in shown.boxes:
        rect = picture.parts.boxes.get(box.id)
        if rect is not None:
            with s.group(group_id(shown, box.id), "box", box_title(box)):
                draw_text_box(s, box, rect, theme)
    for owner, geo in picture.callouts.items():
        draw_callout(s, shown, geo, theme, group_id(shown, owner))
    if picture.summary is not None:
        view = picture.view
        card = QRectF(
            QPointF(view.left() + view.width() * 0.64, view.top() + view.height() * 0.06),
            QPointF(view.right() - view.width() * 0.03, view.bottom() - view.height() * 0.06),
        )
        draw_summary_card(s, card, picture.summary, theme, view.width())
