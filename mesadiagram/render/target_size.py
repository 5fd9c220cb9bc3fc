"""The size a figure is asked for, and the smallest text it may have there.

``column`` (3.3 in wide), ``page`` (7 in wide), ``slide`` (13.33 x 7.5 in), or a width and
height with units (``7inx4in``, ``180mmx120mm``, ``7x4in``), or a width alone (``7in``: the
height follows the figure). Font sizes are in points at that final size; each size has
two floors, one for stage labels and one for all other text (``Floors``). A size of
your own takes the floors of the preset of its width: narrower than 5 in those of
``column``, narrower than 10 in those of ``page``, else those of ``slide``.

No Qt here: the command line checks ``--size`` before it loads Qt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

POINTS = {"in": 72.0, "cm": 72.0 / 2.54, "mm": 72.0 / 25.4, "pt": 1.0}
MIN_SIDE_PT, MAX_SIDE_PT = 72.0, 7200.0  # from 1 in to 100 in
PAPER_HEIGHT_PT = 9 * 72.0  # a page's text block: a paper figure is at most this tall
PRESET_NAMES = ("column", "page", "slide")
SIZE_HELP = "column, page, slide, or WxH with units in, cm, mm or pt (7inx4in, 180mmx120mm)"


@dataclass(frozen=True)
class Floors:
    """The smallest text allowed, in points: stage labels, and everything else."""

    label_pt: float
    text_pt: float
    largest_label_pt: float  # a small figure is not blown up beyond this


FLOORS = {
    "column": Floors(7.0, 6.0, 9.0),
    "page": Floors(9.0, 8.0, 11.0),
    "slide": Floors(20.0, 14.0, 32.0),
}


@dataclass(frozen=True)
class TargetSize:
    """A size to draw a figure at, in points."""

    name: str  # "column", "page", "slide", or the text the user gave ("7inx4in")
    width_pt: float
    height_pt: float | None  # None: as tall as the figure needs, up to max_height_pt
    max_height_pt: float | None
    floors: Floors

    @property
    def preset(self) -> bool:
        return self.name in PRESET_NAMES

    def at(self) -> str:
        """``at page size`` or ``at 7inx4in``: for messages."""
        return f"at {self.name} size" if self.preset else f"at {self.name}"

    def describe(self) -> str:
        """``7.0 in wide`` or ``13.33 x 7.5 in``: for messages."""
        w = _inches(self.width_pt)
        if self.height_pt is None:
            return f"{w} in wide"
        return f"{w} x {_inches(self.height_pt)} in"


PRESETS = {
    "column": TargetSize("column", 3.3 * 72, None, PAPER_HEIGHT_PT, FLOORS["column"]),
    "page": TargetSize("page", 7.0 * 72, None, PAPER_HEIGHT_PT, FLOORS["page"]),
    # 16:9 at 960 x 540 pt (13 1/3 x 7.5 in, PowerPoint's widescreen): exactly 1920 x 1080
    # pixels at 144 dpi. (13.33 in made a 959.76-pt page and a 1919.52-pixel image.)
    "slide": TargetSize("slide", 960.0, 540.0, None, FLOORS["slide"]),
}

_NUMBER = r"(\d+(?:\.\d*)?|\.\d+)"
_UNIT = r"(in|cm|mm|pt)?"
_SIZE = re.compile(rf"{_NUMBER}\s*{_UNIT}(?:\s*[x×]\s*{_NUMBER}\s*{_UNIT})?")


def _inches(points: float) -> str:
    return f"{points / 72:.2f}".rstrip("0").rstrip(".")


def floors_for_width(width_pt: float) -> Floors:
    """The floors of the preset a width belongs with (see the module's text)."""
    if width_pt < 5 * 72:
        return FLOORS["column"]
    if width_pt < 10 * 72:
        return FLOORS["page"]
    return FLOORS["slide"]


def parse_size(text: str) -> TargetSize:
    """The size ``text`` names; ValueError with a one-line reason when it names none."""
    given = text.strip().lower()
    if given in PRESETS:
        return PRESETS[given]
    m = _SIZE.fullmatch(given)
    if m is None:
        raise ValueError(f"{text!r} is not a size: expected {SIZE_HELP}")
    width, width_unit, height, height_unit = m.groups()
    unit = width_unit or height_unit
    if unit is None:
        raise ValueError(f"{text!r}: give a unit: in, cm, mm or pt (as in 7in or 7x4in)")
    width_pt = float(width) * POINTS[unit]
    height_pt = None if height is None else float(height) * POINTS[height_unit or unit]
    for side in (width_pt, height_pt):
        if side is not None and not MIN_SIDE_PT <= side <= MAX_SIDE_PT:
            raise ValueError(f"{text!r}: each side must be from 1 in to 100 in")
    paper = width_pt < 10 * 72 and height_pt is None
    return TargetSize(
        text.strip(),
        width_pt,
        height_pt,
        PAPER_HEIGHT_PT if paper else None,
        floors_for_width(width_pt),
    )
