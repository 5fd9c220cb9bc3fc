"""Contrast of text on its background (WCAG 2), for theme colours and the marks' digits.

Every text a figure draws must read at least ``MIN_CONTRAST`` to one on what lies under
it (``docs/themes.md``); these functions compute it from ``#RRGGBB`` colours and find a
readable colour close to a wanted one. No Qt: plain arithmetic on hex strings.
"""

from __future__ import annotations

import functools

MIN_CONTRAST = 4.5  # WCAG AA for normal text: figure text is small
# WCAG 1.4.11 for graphics: a mark's outline against every fill it sits on (a stage's,
# an outcome's, the background under callouts, tags and the legend).
GRAPHIC_CONTRAST = 3.0


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(v))):02X}" for v in rgb)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


@functools.lru_cache(maxsize=1024)
def luminance(color: str) -> float:
    """The relative luminance of ``#RRGGBB`` (0 black, 1 white)."""
    r, g, b = (_linear(v) for v in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def blend(color: str, opacity: float, under: str) -> str:
    """``color`` painted at ``opacity`` over ``under``: the colour that results."""
    top, bottom = _rgb(color), _rgb(under)
    return _hex(tuple(t * opacity + u * (1 - opacity) for t, u in zip(top, bottom, strict=True)))


def ink_on(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (digits in a badge)."""
    return "#000000" if contrast("#000000", fill) >= contrast("#FFFFFF", fill) else "#FFFFFF"


@functools.lru_cache(maxsize=256)
def readable(color: str, background: str, minimum: float = MIN_CONTRAST) -> str:
    """``color`` itself when it reads on ``background``, else the same hue moved toward
    black (on a light background) or white (on a dark one), just far enough: a heading
    keeps its type's colour as nearly as legibility allows."""
    if contrast(color, background) >= minimum:
        return color
    target = (0, 0, 0) if luminance(background) > 0.18 else (255, 255, 255)
    rgb = _rgb(color)
    low, high = 0.0, 1.0  # share of the way to the target: find the least that reads
    for _ in range(20):
        mid = (low + high) / 2
        trial = _hex(tuple(c + (t - c) * mid for c, t in zip(rgb, target, strict=True)))
        if contrast(trial, background) >= minimum:
            high = mid
        else:
            low = mid
    while True:  # (rounding to whole channel values may lose a little: step on)
        found = _hex(tuple(c + (t - c) * high for c, t in zip(rgb, target, strict=True)))
        if contrast(found, background) >= minimum or high >= 1:
            return found
        high = min(1.0, high + 0.01)
