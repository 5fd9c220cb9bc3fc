"""Where the camera looks at each step: legible from the back of a room, moving little.

Sizes are fractions of the width shown, so a screen and a slide agree. The camera
prefers the slide preset's floors for figures (stage labels 20 pt and other text 14 pt
on a 13.33-inch page, 960 pt wide); when what changed does not fit at that zoom it
zooms out, but never below the least a room can read: stage labels 28 px and
annotations 20 px on a 1920-px-wide screen. It never zooms in beyond labels of 32 pt.

A step keeps the previous view when what changed is already inside it (nothing moves);
otherwise the view slides just enough to hold it with its context (the stages its new
links come from), or, when that cannot be, is centred on what changed. The closing
summary shows everything revealed, whatever the zoom. Pure geometry, no Qt: rectangles
are ``(left, top, right, bottom)`` in scene units.
"""

from __future__ import annotations

from dataclasses import dataclass

Rect = tuple[float, float, float, float]

PAGE_PT = 960.0  # the slide's width (13.33 in): its floors are in points on it
PREFERRED_LABEL = 20.0 / PAGE_PT
PREFERRED_TEXT = 14.0 / PAGE_PT
LEAST_LABEL = 28.0 / 1920.0
LEAST_TEXT = 20.0 / 1920.0
LARGEST_LABEL = 32.0 / PAGE_PT
MARGIN = 0.05  # of the width, kept between what changed and the edge
STAY_MARGIN = 0.015  # what changed this near the edge, or nearer, moves the camera


@dataclass(frozen=True)
class Legibility:
    """Text sizes in scene units: stage labels, and annotations (callout text)."""

    label: float
    text: float

    def preferred_width(self) -> float:
        return min(self.label / PREFERRED_LABEL, self.text / PREFERRED_TEXT)

    def widest(self) -> float:
        return min(self.label / LEAST_LABEL, self.text / LEAST_TEXT)

    def narrowest(self) -> float:
        return self.label / LARGEST_LABEL


def union(rects: list[Rect]) -> Rect | None:
    if not rects:
        return None
    return (
        min(r[0] for r in rects),
        min(r[1] for r in rects),
        max(r[2] for r in rects),
        max(r[3] for r in rects),
    )


def _size(r: Rect) -> tuple[float, float]:
    return r[2] - r[0], r[3] - r[1]


def _fits(r: Rect, width: float, height: float, margin: float) -> bool:
    w, h = _size(r)
    return w + 2 * margin <= width and h + 2 * margin <= height


def _contains(view: Rect, r: Rect, margin: float) -> bool:
    return (
        view[0] + margin <= r[0]
        and view[1] + margin <= r[1]
        and r[2] <= view[2] - margin
        and r[3] <= view[3] - margin
    )


def _centred(r: Rect, width: float, height: float) -> Rect:
    cx, cy = (r[0] + r[2]) / 2, (r[1] + r[3]) / 2
    return (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


def _slid(view: Rect, r: Rect, margin: float) -> Rect:
    """``view`` moved the least that brings ``r`` (which fits) inside it."""
    dx = dy = 0.0
    if r[0] - margin < view[0]:
        dx = r[0] - margin - view[0]
    elif r[2] + margin > view[2]:
        dx = r[2] + margin - view[2]
    if r[1] - margin < view[1]:
        dy = r[1] - margin - view[1]
    elif r[3] + margin > view[3]:
        dy = r[3] + margin - view[3]
    return (view[0] + dx, view[1] + dy, view[2] + dx, view[3] + dy)


def overview(everything: Rect, aspect: float) -> Rect:
    """All of ``everything`` with a margin, at whatever zoom that takes."""
    w, h = _size(everything)
    width = max(w * (1 + 2 * MARGIN), h * (1 + 2 * MARGIN) * aspect, 1.0)
    return _centred(everything, width, width / aspect)


def next_view(
    previous: Rect | None,
    changed: Rect,
    context: Rect | None,
    aspect: float,
    text: Legibility,
) -> Rect:
    """The view for a step: ``changed`` is what appeared (stages, links near them,
    the callout), ``context`` that plus where its new links come from; ``aspect`` is
    width / height of the screen or page."""
    preferred, widest = text.preferred_width(), text.widest()
    if previous is not None:
        width = previous[2] - previous[0]
        legible = text.narrowest() * 0.999 <= width <= widest * 1.001
        if legible and _contains(previous, changed, STAY_MARGIN * width):
            return previous
    width = preferred
    margin = MARGIN * width
    if not _fits(changed, width, width / aspect, margin):
        w, h = _size(changed)
        width = min(widest, max(w, h * aspect) / (1 - 2 * MARGIN))
        margin = MARGIN * width
    height = width / aspect
    target = context if context is not None and _fits(context, width, height, margin) else changed
    if not _fits(target, width, height, margin):
        return _centred(changed, width, height)
    if previous is not None and abs((previous[2] - previous[0]) - width) < 1e-6 * width:
        return _slid(previous, target, margin)
    return _centred(target, width, height)
