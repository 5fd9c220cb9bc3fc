"""A credence: a probability given as one number, or as a range ``(low, high)``.

A stage's prior and a link's probability may be either. A range says "somewhere between
these", with every value between equally credible (uniform); its *middle* stands in for it
wherever one number is needed (a label, an exchange format, the risk the analysis gives
first, which is then exactly the mean risk over the ranges: see docs/analysis.md).
Pure Python.
"""

from __future__ import annotations

import math

Probability = float | tuple[float, float]
"""One number in [0, 1], or a range ``(low, high)`` with 0 <= low <= high <= 1."""


def is_range(p: Probability | None) -> bool:
    return isinstance(p, tuple)


def ends(p: Probability) -> tuple[float, float]:
    """The lowest and the highest value ``p`` allows (a number is both)."""
    if isinstance(p, tuple):
        return p
    return (p, p)


def middle(p: Probability) -> float:
    """The value that stands in for ``p`` where one number is needed (a range's mean)."""
    if isinstance(p, tuple):
        return (p[0] + p[1]) / 2
    return p


def problem(p: object) -> str | None:
    """Why ``p`` is not a credence, in words, or None when it is one."""

    def number_ok(v: object) -> bool:
        return (
            isinstance(v, (int, float))
            and not isinstance(v, bool)
            and math.isfinite(v)
            and 0 <= v <= 1
        )

    if isinstance(p, tuple):
        if len(p) != 2 or not all(number_ok(v) for v in p):
            return "a range is two numbers from 0 to 1"
        if p[0] > p[1]:
            return f"a range's low end comes first: {p[1]:g} is below {p[0]:g}"
        return None
    return None if number_ok(p) else "a probability is a number from 0 to 1"


def number_text(value: float) -> str:
    """The shortest text that reads back as ``value`` (``0.5``, ``1``)."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def credence_text(p: Probability, dash: str = "–") -> str:
    """``0.3``, or a range as ``0.2–0.4`` (``dash`` between its ends)."""
    if isinstance(p, tuple):
        return f"{number_text(p[0])}{dash}{number_text(p[1])}"
    return number_text(p)


def short_text(p: Probability) -> str:
    """For labels: ``0.65`` (6 significant digits), a range as ``0.2–0.4``."""
    if isinstance(p, tuple):
        return f"{p[0]:g}–{p[1]:g}"
    return f"{p:g}"
