"""Check a built figure: does anything hide anything? Pure geometry, for tests and tools.

``check_figure(fig)`` lists every break of the placement rules, each as one line:

* **overlap**: two of a link's label, an intervention badge, a callout, a compact tag,
  the legend, or one of them and a stage, share more than ``TOLERANCE`` each way;
* **under**: a link passes under a callout, a tag (its own link included), the legend,
  or another link's label or badge (so it would vanish, or the label would read as that
  link's);
* **crossed**: a link passes under a callout (or a tag) and is drawn again over it (a
  figure too crowded for every callout to keep off the links: ``callout_room.py``, or a
  large crowded compact one: ``tag_placement.py``);
* **off its link**: a label is more than ``LABEL_REACH`` from its own link;
* **leader**: a leader line enters a stage, label, badge, callout, tag or the legend
  (its own included: it may only touch their borders), or crosses another leader; a
  tag's leader crosses a link other than its own;
* **leader over link**: a tag's leader crosses links where its placer found no spot
  within reach with a clear one (``LinkTag.crossing``: a crowded figure, as "crossed");
* **far**: a callout or a tag is further from its target (the stage's box, the link's
  badge or middle) than ``callout_spots.reach`` allows;
* **frame**: a group's frame leaves out one of its stages, takes in (overlaps) a stage
  of no group or of another, or overlaps another frame, or a text box lies over a frame
  (``figure_parts.frame_conflicts``). Text boxes and frames' labels are checked like
  labels: nothing overlaps them, no link passes under them.

Stages overlapping stages, and links under stages, are the layout's and the router's
business (``analysis/layout``) and are not reported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from mesadiagram.analysis.layout.clearance import Point, Rect, enters
from mesadiagram.render.callout_spots import reach
from mesadiagram.render.callouts import leader_end
from mesadiagram.render.figure_parts import frame_conflicts
from mesadiagram.render.link_labels import badge_rect, has_badge
from mesadiagram.render.plane import (
    Index,
    gap,
    grown,
    overlap,
    point_gap,
    polyline,
    rect_of,
)

TOLERANCE = 0.5  # px: rounding, antialiasing
LABEL_REACH = 6.5  # a label's box is at most this far from its own link
LABEL_CLEAR = 1.0  # another link keeps at least this far off a label
ROUNDED = 3.0  # px of a stage's box edge a leader may cut (the corners are rounded)


@dataclass(frozen=True)
class Violation:
    rule: str  # overlap, under, crossed, off its link, leader, leader over link, far, frame
    what: str
    other: str = ""

    def __str__(self) -> str:
        return f"{self.rule}: {self.what}" + (f" / {self.other}" if self.other else "")


def check_figure(fig) -> list[Violation]:
    """Every violation of the placement rules in ``fig`` (a ``figure.Figure``)."""
    doc = fig.doc
    boxes: dict[str, Rect] = {}  # name -> box, for what may overlap nothing
    stages = {f"stage {k}": rect_of(g.rect) for k, g in fig.nodes.items()}
    lines: dict[str, list[Point]] = {}
    leaders: dict[str, tuple[Point, Point, set[str]]] = {}  # name -> ends, names it may touch
    for edge in doc.edges:
        geo = fig.edges[edge.id]
        lines[edge.id] = polyline(geo.path)
        if geo.label is not None:
            boxes[f"label {edge.id}"] = rect_of(geo.label)
        if has_badge(edge):
            boxes[f"badge {edge.id}"] = badge_rect(geo)
    for owner, callout in fig.callouts.items():
        name = f"callout {owner}"
        boxes[name] = rect_of(callout.rect)
        end = leader_end(callout.rect, callout.anchor)
        # (nothing is left out: a leader starts on its stage's border or just off its
        # badge and ends on its callout's, so it enters none of them)
        leaders[name] = ((callout.anchor.x(), callout.anchor.y()), (end.x(), end.y()), set())
    for link, tag in getattr(fig, "tags", {}).items():
        name = f"tag {link}"
        boxes[name] = rect_of(tag.rect)
        if tag.leader:
            end = leader_end(tag.rect, tag.anchor)
            own = {name, f"badge {link}"}  # (its link's label is text: not crossed)
            leaders[name] = ((tag.anchor.x(), tag.anchor.y()), (end.x(), end.y()), own)
    if fig.legend is not None:
        boxes["legend"] = rect_of(fig.legend.rect)
    parts = getattr(fig, "parts", None)
    if parts is not None:
        for box, rect in parts.boxes.items():
            boxes[f"box {box}"] = rect_of(rect)
        for group, rect in parts.labels.items():
            boxes[f"frame label {group}"] = rect_of(rect)
    found: list[Violation] = []
    found += _overlaps(boxes, stages)
    found += _under(boxes, lines, getattr(fig, "over_callouts", set()))
    found += _labels_on_links(fig, lines)
    found += _leaders(leaders, {**boxes, **stages})
    found += _tag_leaders_over_links(fig, leaders, lines)
    found += _far(fig)
    if parts is not None:
        rects = {k: g.rect for k, g in fig.nodes.items()}
        found += [Violation("frame", a, b) for a, b in frame_conflicts(doc, parts, rects)]
    return found


def _overlaps(boxes: dict[str, Rect], stages: dict[str, Rect]) -> list[Violation]:
    everything = {**boxes, **stages}
    index = Index()
    for name, box in everything.items():
        index.add(box, name)
    out = []
    seen: set[tuple[str, str]] = set()
    for name, box in boxes.items():
        for _, other, _ in index.near(box):
            if other == name or (other, name) in seen:
                continue
            seen.add((name, str(other)))
            if overlap(box, everything[str(other)], TOLERANCE):
                out.append(Violation("overlap", name, str(other)))
    return out


def _under(
    boxes: dict[str, Rect], lines: dict[str, list[Point]], drawn_over: set
) -> list[Violation]:
    index = Index()
    for link, points in lines.items():
        index.add_line(points, link)
    out = []
    for name, box in boxes.items():
        kind, _, owner = name.partition(" ")
        inner = grown(box, -TOLERANCE)
        skip = (owner,) if kind in ("label", "badge") else ()  # (a tag: none)
        for link in sorted(set(index.lines_entering(inner, skip)), key=str):
            crossed = kind in ("callout", "tag") and link in drawn_over
            out.append(Violation("crossed" if crossed else "under", f"link {link}", name))
    return out


def _labels_on_links(fig, lines: dict[str, list[Point]]) -> list[Violation]:
    out = []
    index = Index()
    for link, points in lines.items():
        index.add_line(points, link)
    for edge in fig.doc.edges:
        label = fig.edges[edge.id].label
        if label is None:
            continue
        box = rect_of(label)
        points = lines[edge.id]
        if min(_segment_box_gap(p, q, box) for p, q in pairwise(points)) > LABEL_REACH:
            out.append(Violation("off its link", f"label {edge.id}"))
        near = set(index.lines_entering(grown(box, LABEL_CLEAR), (edge.id,)))
        for link in sorted(near, key=str):
            out.append(Violation("under", f"link {link}", f"near label {edge.id}"))
    return out


def _segment_box_gap(p: Point, q: Point, box: Rect) -> float:
    """The distance from the segment p-q to the box (0 when it enters or touches it)."""
    if enters(p, q, grown(box, 1e-6)):
        return 0.0
    best = min(point_gap(p, box), point_gap(q, box))
    # (a segment passing a corner: sample it; labels are small, links short enough)
    for i in range(1, 32):
        t = i / 32
        best = min(best, point_gap((p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t), box))
    return best


def _leaders(
    leaders: dict[str, tuple[Point, Point, set[str]]], boxes: dict[str, Rect]
) -> list[Violation]:
    out = []
    index = Index()
    for name, box in boxes.items():
        index.add(box, name)
    for name, (p, q, own) in leaders.items():
        span = (min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1]))
        for _, other, _ in index.near(span):
            if other in own:
                continue
            # (a stage's corners are rounded: a leader may leave from its rounded corner)
            inset = ROUNDED if str(other).startswith("stage ") else TOLERANCE
            if enters(p, q, grown(boxes[other], -inset)):  # type: ignore[index]
                out.append(Violation("leader", name, str(other)))
    drawn = Index()
    for name, (p, q, _) in leaders.items():
        drawn.add_line([p, q], name)
    for name, (p, q, _) in leaders.items():
        for other in sorted(set(drawn.lines_crossing(p, q, (name,))), key=str):
            if name < str(other):
                out.append(Violation("leader", name, f"crosses the leader of {other}"))
    return out


def _tag_leaders_over_links(
    fig, leaders: dict[str, tuple[Point, Point, set[str]]], lines: dict[str, list[Point]]
) -> list[Violation]:
    """A tag's leader crossing links other than its own: "leader over link" where its
    placer found no spot within reach with a clear leader, else a broken rule."""
    index = Index()
    for link, points in lines.items():
        index.add_line(points, link)
    out = []
    for link, tag in getattr(fig, "tags", {}).items():
        name = f"tag {link}"
        if name not in leaders:
            continue
        p, q, _ = leaders[name]
        rule = "leader over link" if tag.crossing else "leader"
        for other in sorted(set(index.lines_crossing(p, q, (link,))), key=str):
            out.append(Violation(rule, name, f"link {other}"))
    return out


def _far(fig) -> list[Violation]:
    out = []
    placed = [(f"callout {o}", o, c.rect) for o, c in fig.callouts.items()]
    placed += [(f"tag {o}", o, t.rect) for o, t in getattr(fig, "tags", {}).items()]
    for name, owner, rect in placed:
        box = rect_of(rect)
        if owner in fig.nodes:
            target = rect_of(fig.nodes[owner].rect)
        else:
            geo = fig.edges[owner]
            edge = fig.doc.edge(owner)
            m = geo.middle
            target = badge_rect(geo) if has_badge(edge) else (m.x(), m.y(), m.x(), m.y())
        distance = gap(box, target)
        allowed = reach(box[3] - box[1])
        if distance > allowed + TOLERANCE:
            out.append(Violation("far", name, f"{distance:.0f} > {allowed:.0f} px"))
    return out
