"""The palette's drag chip draws its label as all drawn text is drawn (issue 9).

Its text passes through ``render.drawn_text.drawable``: a label with a bidi override or
control characters gives the same chip as its clean form, as on the canvas and in figures.
"""

from __future__ import annotations

import pytest

from mesadiagram.model.annotation_types import BUILTIN_TYPES
from mesadiagram.render.drawn_text import drawable
from mesadiagram.render.theme import builtin_theme
from mesadiagram.ui.annotation_drag import drag_pixmap

HOSTILE = [
    "\u202eevil.exe\u202c audit",  # right-to-left override: reads "audit exe.live"
    "Red\u0007 team\u0085ing",  # BEL and NEL
    "two\u2028lines\tand a\x7f DEL",
    "\u2066isolated\u2069 and \u061c mark",
]


@pytest.mark.parametrize("label", HOSTILE)
def test_drag_chip_of_a_hostile_label_is_the_chip_of_its_drawable_form(qapp, label) -> None:
    theme = builtin_theme("default")
    atype = BUILTIN_TYPES["intervention"]
    hostile = drag_pixmap(label, atype, theme, 1.0)
    clean = drag_pixmap(drawable(label), atype, theme, 1.0)
    assert drawable(label) != label
    assert hostile.size() == clean.size()
    assert hostile.toImage() == clean.toImage()
