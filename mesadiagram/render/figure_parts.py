"""A figure's groups' frames and text boxes, where they go once the stages are placed.

Frames follow their stages' boxes (``group_frames.py``); text boxes stand where the file
puts them, their positions scaled with the stages' when a figure spreads them apart
(``callout_room.py``). What must stay readable, frames' labels and whole text boxes,
is kept clear by callouts, tags and the legend (``obstacles``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import pairwise

from PySide6.QtCore import QRectF

from mesadiagram.model import Document, LinkId
from mesadiagram.render.geometry import EdgeGeometry
from mesadiagram.render.group_frames import frame_label_rect, group_frame_rect
from mesadiagram.render.obstacles import link_points, segment_meets
from mesadiagram.render.sizes import node_sizes
from mesadiagram.render.text_boxes import text_box_rect
from mesadiagram.render.theme import Theme

TOLERANCE = 0.5  # px: rounding (as ``figure_check``)


@dataclass
class Parts:
    frames: dict[str, QRectF] = field(default_factory=dict)  # by group id
    labels: dict[str, QRectF] = field(default_factory=dict)  # each frame's label, by group id
    boxes: dict[str, QRectF] = field(default_factory=dict)  # by text box id

    def obstacles(self) -> list[QRectF]:
        """What nothing placed later may cover: frames' labels and text boxes."""
        return [*self.labels.values(), *self.boxes.values()]

    def bounds(self) -> QRectF:
        """The union of every frame and box (empty when there is none)."""
        whole = QRectF()
        for rect in (*self.frames.values(), *self.boxes.values()):
            whole = rect if whole.isNull() else whole.united(rect)
        return whole


def figure_parts(
    doc: Document, theme: Theme, node_rects: dict[str, QRectF], spread: float = 1.0
) -> Parts:
    """The frames of ``doc``'s groups around ``node_rects`` and its text boxes, their
    positions following the stages when these are ``spread`` times further apart than in
    the file: a box off the stages stays as far off them, one among them keeps its share
    of the way across."""
    parts = Parts()
    for group in doc.groups:
        rect = group_frame_rect(group, node_rects, theme)
        if not rect.isNull():
            parts.frames[group.id] = rect
            if group.label:
                parts.labels[group.id] = frame_label_rect(group, rect, theme)
    old = new = QRectF()
    if doc.boxes and spread != 1.0:  # (where the stages were before they were spread)
        new = _union(node_rects.values())
        old = _union(_unspread(rect, spread) for rect in node_rects.values())
    for box in doc.boxes:
        rect = text_box_rect(box, theme)
        if spread != 1.0 and not new.isNull():  # as far off the stages, or as far in
            x = _along(rect.left(), rect.width(), old.left(), old.right(), new.left(), new.right())
            y = _along(rect.top(), rect.height(), old.top(), old.bottom(), new.top(), new.bottom())
            rect.moveTo(x, y)
        parts.boxes[box.id] = rect
    return parts


def _unspread(rect: QRectF, spread: float) -> QRectF:
    """A stage's box where it was before its position was scaled by ``spread``."""
    centre = rect.center()
    return rect.translated(centre.x() / spread - centre.x(), centre.y() / spread - centre.y())


def _overlaps(a: QRectF, b: QRectF) -> bool:
    """Whether two boxes share more than ``TOLERANCE`` each way."""
    shared = a.intersected(b)
    return shared.width() > TOLERANCE and shared.height() > TOLERANCE


def frame_conflicts(
    doc: Document, parts: Parts, node_rects: dict[str, QRectF]
) -> list[tuple[str, str]]:
    """What makes frames and text boxes misleading, as (what, other) pairs: a frame
    that leaves out one of its stages or takes in another's (so it seems to hold it),
    two frames that overlap, a text box over a frame."""
    out = []
    for group in doc.groups:
        frame = parts.frames.get(group.id)
        if frame is None:
            continue
        name = f"frame {group.id}"
        members = set(group.stages)
        for stage, rect in node_rects.items():
            if stage in members:
                if not frame.contains(rect):
                    out.append((name, f"leaves out stage {stage}"))
            elif _overlaps(frame, rect):
                out.append((name, f"takes in stage {stage}"))
    frames = list(parts.frames.items())
    for i, (group, frame) in enumerate(frames):
        for other, rect in frames[i + 1 :]:
            if _overlaps(frame, rect):
                out.append((f"frame {group}", f"frame {other}"))
    for box, rect in parts.boxes.items():
        for group, frame in frames:
            if _overlaps(rect, frame):
                out.append((f"box {box}", f"frame {group}"))
    return out


def covered_parts(
    parts: Parts, node_rects: dict[str, QRectF], edges: dict[LinkId, EdgeGeometry]
) -> int:
    """How many times a text box or a frame's label lies over a stage, another box or
    label, or under a link (``figure_check`` names them; a figure at a size prefers the
    ways without any: ``Figure.part_trouble``)."""
    count = 0
    readable = parts.obstacles()
    for i, rect in enumerate(readable):
        count += sum(_overlaps(rect, other) for other in node_rects.values())
        count += sum(_overlaps(rect, other) for other in readable[i + 1 :])
        inner = rect.adjusted(TOLERANCE, TOLERANCE, -TOLERANCE, -TOLERANCE)
        for geo in edges.values():
            points = link_points(geo)
            count += any(segment_meets(a, b, inner) for a, b in pairwise(points))
    return count


def follow_layout(
    before: Document,
    after: Document,
    theme: Theme,
    stage_text: bool = True,
    aspect: float | None = None,
) -> None:
    """Move ``after``'s text boxes (a copy of ``before`` laid out afresh for a figure at
    a size) to where they stood against the stages in ``before``: a box left of, right
    of, above or below the stages stays so, as far off them, and one among them keeps
    its share of the way across; one that lands on a stage or a frame then moves out,
    above the stages if it was in their upper half, else below (after any box already
    there). In a frame of ``aspect`` (width over height: a slide), the boxes may instead
    stand in a column left of the stages, if that lets the whole be drawn larger."""
    if not after.boxes:
        return
    old = _stage_bounds(before, theme, stage_text)
    new_rects = _stage_rects(after, theme, stage_text)
    new = _union(new_rects.values())
    if old.isNull() or new.isNull():
        return
    taken = [*new_rects.values(), *figure_parts(after, theme, new_rects).frames.values()]
    gap = GAP * theme.unit
    rects = [text_box_rect(box, theme) for box in after.boxes]
    places = _kept_sides(rects, old, new, taken, gap)
    if aspect is not None:
        column = _column(rects, new, taken, gap)
        if _fill(column, taken, aspect) > _fill(places, taken, aspect):
            places = column
    for box, place in zip(list(after.boxes), places, strict=True):
        after.update_box(box.id, position=(place.left(), place.top()))


def _kept_sides(
    rects: list[QRectF], old: QRectF, new: QRectF, taken: list[QRectF], gap: float
) -> list[QRectF]:
    """Each box on the side of the stages it stood on (``follow_layout``)."""
    taken = list(taken)
    out = []
    for rect in rects:
        x = _along(rect.left(), rect.width(), old.left(), old.right(), new.left(), new.right(), gap)
        y = _along(rect.top(), rect.height(), old.top(), old.bottom(), new.top(), new.bottom(), gap)
        moved = QRectF(x, y, rect.width(), rect.height())
        if any(_overlaps(moved, other.adjusted(-gap, -gap, gap, gap)) for other in taken):
            upper = rect.center().y() < old.center().y()
            moved.moveTop(new.top() - gap - rect.height() if upper else new.bottom() + gap)
            while any(_overlaps(moved, other) for other in taken):
                moved.translate(0, -rect.height() - gap if upper else rect.height() + gap)
        taken.append(moved)
        out.append(moved)
    return out


def _column(rects: list[QRectF], new: QRectF, taken: list[QRectF], gap: float) -> list[QRectF]:
    """The boxes one under another (in their order from the top), left of everything
    ``taken``, from the stages' top."""
    left = min(r.left() for r in taken) - gap
    order = sorted(range(len(rects)), key=lambda i: (rects[i].top(), rects[i].left()))
    out: list[QRectF] = [QRectF()] * len(rects)
    top = new.top()
    for i in order:
        rect = rects[i]
        out[i] = QRectF(left - rect.width(), top, rect.width(), rect.height())
        top += rect.height() + gap
    return out


def _fill(places: list[QRectF], taken: list[QRectF], aspect: float) -> float:
    """How large the whole can be drawn in a frame of ``aspect``: the inverse of its
    longer side once fitted (larger is better)."""
    whole = _union([*places, *taken])
    return 1.0 / max(whole.width() / aspect, whole.height(), 1e-9)


GAP = 24.0  # between a moved text box and the stages, frames or boxes it keeps off


def _along(
    start: float,
    size: float,
    lo: float,
    hi: float,
    new_lo: float,
    new_hi: float,
    far: float = math.inf,
) -> float:
    """Where a box's side goes on one axis: as far before ``new_lo`` or after ``new_hi``
    as it was before ``lo`` or after ``hi`` (at most ``far``), else at the same share of
    the way."""
    if start + size <= lo:  # (as far off, but no further than ``far``)
        return new_lo - min(lo - start - size, far) - size
    if start >= hi:
        return new_hi + min(start - hi, far)
    share = (start - lo) / (hi - lo) if hi > lo else 0.0
    return min(new_lo + share * (new_hi - new_lo), max(new_lo, new_hi - size))


def _stage_rects(doc: Document, theme: Theme, stage_text: bool = True) -> dict[str, QRectF]:
    rects = {}
    for node_id, (w, h) in node_sizes(doc, theme, stage_text).items():
        position = doc.node(node_id).position
        if position is not None:
            rects[node_id] = QRectF(position[0] - w / 2, position[1] - h / 2, w, h)
    return rects


def _stage_bounds(doc: Document, theme: Theme, stage_text: bool = True) -> QRectF:
    return _union(_stage_rects(doc, theme, stage_text).values())


def _union(rects) -> QRectF:
    whole = QRectF()
    for rect in rects:
        whole = rect if whole.isNull() else whole.united(rect)
    return whole
