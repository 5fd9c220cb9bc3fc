"""Models for the placement tests: the seed laid out both ways, a branching model with a
loop and labelled links both ways, and random layered models laid out as the editor
lays them out."""

from __future__ import annotations

import sys
from pathlib import Path

from mesadiagram.analysis.placement import layout_command
from mesadiagram.formats import load
from mesadiagram.model import Annotation, Document, Edge, Item, Node
from mesadiagram.render.callout_spots import reach
from mesadiagram.render.callouts import leader_end
from mesadiagram.render.link_labels import badge_rect, has_badge
from mesadiagram.render.plane import Index, gap, grown, polyline, rect_of
from mesadiagram.render.sizes import node_sizes
from tests.conftest import EXAMPLE

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import layered_document


def laid_out(doc: Document, direction: str) -> Document:
    """``doc`` laid out by auto-layout (Arrange > Layout), ``LR`` or ``TB``."""
    layout_command(doc, direction, node_sizes(doc)).apply(doc)
    return doc


def seed(direction: str = "LR") -> Document:
    """The seed example as it is (left to right), or laid out top to bottom."""
    doc = load(EXAMPLE)
    return doc if direction == "LR" else laid_out(doc, "TB")


def _iv(label: str, *methods: str) -> Annotation:
    return Annotation("intervention", label, items=[Item(m) for m in methods])


def branching() -> Document:
    """Branches, a loop of two links between the same stages each way (one of them
    "feeds back  p = 0.8"), labels with probabilities, and annotations on most elements."""
    doc = Document("Branching", "placement test")
    kinds = [Annotation("kind", k, f"{k}: as described") for k in ("Proxy", "Side-effect")]
    stages = [
        Node("base", "Base optimizer"),
        Node("mesa", "Mesa optimizer", annotations=[Annotation("mechanism", "Search over models")]),
        Node("mis", "Misalignment", annotations=[*kinds, Annotation("note", "Hard to detect")]),
        Node("watch", "Oversight", annotations=[Annotation("caveat", "Only as good as its tools")]),
        Node("deploy", "Deployment"),
        Node("shift", "Distribution shift", annotations=[Annotation("mechanism", "New inputs")]),
        Node("harm", "Catastrophe", annotations=[Annotation("caveat", "Counter-productive")]),
        Node("audit", "Audit"),
    ]
    for node in stages:
        doc.insert_node(node)
    links = [
        Edge("base", "mesa", annotations=[_iv("Prevent mesa-optimizers", "Subsystem search")]),
        Edge("mesa", "mis", label="enables", probability=0.6),
        Edge("mis", "deploy", annotations=[_iv("Don't deploy")]),
        Edge("mis", "watch", label="evades", annotations=[Annotation("note", "Both ways")]),
        Edge("watch", "mis", label="feeds back", probability=0.8, annotations=[_iv("Red team")]),
        Edge("deploy", "shift"),
        Edge("shift", "harm", probability=0.3, annotations=[_iv("Shut down", "Tripwires")]),
        Edge("watch", "harm", label="triggers", probability=0.1),
        Edge("audit", "watch", annotations=[Annotation("note", "Yearly")]),
        Edge("audit", "deploy", label="gates"),
    ]
    for edge in links:
        doc.insert_edge(edge)
    return doc


def random_model(stages: int, seed_: int, direction: str) -> Document:
    """A generated layered model (``benchmarks/generate.py``) laid out by auto-layout."""
    return laid_out(layered_document(stages, seed_, positions=False), direction)


MARGIN = 12.0  # what a tag keeps off everything in ``clear_spot`` (more than the placer)
GRID = 4.0  # px between the spots ``clear_spot`` tries


def clear_spot(fig, link: str):
    """A spot for ``link``'s tag, as large as it is, within reach of its badge (of its
    link's middle) where it would overlap nothing and no link, and a straight leader from
    the badge to it would enter no box and cross no leader and no other link: every spot
    on a ``GRID`` tried, independently of the placer (``render/tag_placement.py``),
    keeping a ``MARGIN`` wider than it does. None when there is none."""
    tag = fig.tags[link]
    edge, geo = fig.doc.edge(link), fig.edges[link]
    w, h = tag.rect.width(), tag.rect.height()
    m = (geo.middle.x(), geo.middle.y())
    target = badge_rect(geo) if has_badge(edge) else (*m, *m)
    boxes, lines, leaders = Index(), Index(), Index()
    for key, g in fig.nodes.items():
        boxes.add(grown(rect_of(g.rect), MARGIN), ("stage", key))
    for e in fig.doc.edges:
        g = fig.edges[e.id]
        lines.add_line(polyline(g.path), e.id)
        if g.label is not None:
            boxes.add(grown(rect_of(g.label), MARGIN), ("label", e.id))
        if has_badge(e):
            boxes.add(grown(badge_rect(g), MARGIN), ("badge", e.id))
    for key, other in fig.tags.items():
        if key != link:
            boxes.add(grown(rect_of(other.rect), MARGIN), ("tag", key))
            if other.leader:
                end = leader_end(other.rect, other.anchor)
                leaders.add_line([(other.anchor.x(), other.anchor.y()), (end.x(), end.y())], key)
    if fig.legend is not None:
        boxes.add(grown(rect_of(fig.legend.rect), MARGIN), ("legend", ""))
    limit = reach(h)
    own = (("badge", link),)
    x = target[0] - limit - w
    while x <= target[2] + limit:
        y = target[1] - limit - h
        while y <= target[3] + limit:
            r = (x, y, x + w, y + h)
            y += GRID
            if gap(r, target) > limit or boxes.any_box(r) is not None:
                continue
            wide = grown(r, MARGIN)
            if lines.any_line_entering(wide) is not None:
                continue
            if leaders.any_line_entering(wide) is not None:
                continue
            q = (min(max(m[0], r[0]), r[2]), min(max(m[1], r[1]), r[3]))
            if boxes.any_box_entered(m, q, own) is not None:
                continue
            crossing = lines.any_line_crossing(m, q, (link,)) or leaders.any_line_crossing(m, q)
            if crossing is None:
                return r
        x += GRID
    return None
