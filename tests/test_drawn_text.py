"""Drawn text is the same on every output, and SVG ids are unique (issue 9, item 11).

Before, links ``a -> "b--c"`` and ``"a--b" -> c`` both got the SVG id ``edge-a--b--c``,
and bidi overrides, C1 controls, DEL and U+2028 reached SVG, PDF and PNG as they were.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mesadiagram.model import Annotation, Document, Edge, Node
from mesadiagram.render.draw import label_font
from mesadiagram.render.drawn_text import drawable, svg_id
from mesadiagram.render.export import ExportOptions, export_bytes
from mesadiagram.render.fonts import text_width
from mesadiagram.render.surface import PainterSurface
from mesadiagram.render.theme import DEFAULT_THEME

UNDRAWN = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\x7f\x80\x9b\x1b\x00\ufffe"


@pytest.mark.parametrize("ch", list(UNDRAWN))
def test_bidi_controls_c0_c1_and_del_are_removed(ch: str) -> None:
    assert drawable(f"a{ch}b") == "ab"


@pytest.mark.parametrize("ch", ["\t", "\r", "\x85", "\u2028", "\u2029", "\n"])
def test_line_and_paragraph_separators_become_spaces(ch: str) -> None:
    assert drawable(f"a{ch}b") == "a b"


def test_newlines_stay_for_wrapping_and_surrogates_are_replaced() -> None:
    assert drawable("a\nb\u2028c", keep_newlines=True) == "a\nb c"
    assert drawable("a\ud800") == "a\ufffd"
    text = "Mesa optimizer → מודל 🧪"
    assert drawable(text) is text


def test_two_links_whose_ids_join_alike_get_different_svg_ids() -> None:
    assert svg_id("edge", "a", "b--c") != svg_id("edge", "a--b", "c")
    assert svg_id("edge", "a-", "b") != svg_id("edge", "a", "-b")
    assert svg_id("edge", "a", "b") == "edge-a--b"  # ordinary ids keep their old SVG id
    assert svg_id("node", "mesa-optimizer") == "node-mesa-optimizer"


_PARTS = st.text(alphabet="ab-.%>\u202e\n ", max_size=6)


@given(st.tuples(_PARTS, _PARTS), st.tuples(_PARTS, _PARTS))
def test_svg_id_is_injective(one: tuple[str, str], other: tuple[str, str]) -> None:
    if one != other:
        assert svg_id("edge", *one) != svg_id("edge", *other)
    assert not any(c in svg_id("edge", *one) for c in "\u202e\n%> ")


def _links_that_join_alike() -> Document:
    doc = Document("ids")
    for node_id in ("a", "b--c", "a--b", "c"):
        doc.insert_node(Node(node_id, node_id, position=(len(node_id) * 300.0, 0.0)))
    doc.insert_edge(Edge("a", "b--c", annotations=[Annotation("note", "one")]))
    doc.insert_edge(Edge("a--b", "c", annotations=[Annotation("note", "two")]))
    return doc


def test_every_element_of_an_svg_has_a_unique_id() -> None:
    options = ExportOptions(detailed=True)
    svg = ET.fromstring(export_bytes(_links_that_join_alike(), "svg", options))
    ids = [e.get("id") for e in svg.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    # Two links whose stage ids join alike ("a" -> "b--c", "a--b" -> "c") keep distinct
    # group ids: their link ids are escaped, not joined.
    assert {svg_id("edge", "a", "b--c"), svg_id("edge", "a--b", "c")} <= set(ids)
    assert sum(i.startswith("callout-edge-") for i in ids) == 2  # neither callout is lost


def _labelled(label: str, title: str) -> Document:
    doc = Document(title, description=title)
    doc.insert_node(
        Node(
            "a",
            label,
            label,
            position=(0.0, 0.0),
            annotations=[Annotation("note", label, label, id="note")],  # (ids: not from labels)
        )
    )
    doc.insert_node(Node("b", "B", position=(300.0, 0.0)))
    doc.insert_edge(
        Edge("a", "b", label=label, annotations=[Annotation("intervention", label, id="cut")])
    )
    return doc


HOSTILE = "Mesa\u202e opti\x9bmizer\u2028arising\x7f \u2067twice\u2069"
CLEAN = "Mesa optimizer arising twice"


@pytest.mark.parametrize("fmt", ["svg", "pdf", "png"])
@pytest.mark.parametrize("detailed", [False, True])
def test_hostile_text_draws_exactly_as_its_clean_form(fmt: str, detailed: bool) -> None:
    options = ExportOptions(detailed=detailed, dpi=48)
    hostile = export_bytes(_labelled(HOSTILE, HOSTILE), fmt, options)
    clean = export_bytes(_labelled(CLEAN, CLEAN), fmt, options)
    assert hostile == clean


class _RecordingPainter:
    def __init__(self) -> None:
        self.texts: list[str] = []

    def setFont(self, font) -> None:
        pass

    def setPen(self, pen) -> None:
        pass

    def drawText(self, point, text: str) -> None:
        self.texts.append(text)


def test_the_painter_surface_draws_and_measures_the_drawable_text() -> None:
    from PySide6.QtCore import QPointF

    painter = _RecordingPainter()
    font = label_font(DEFAULT_THEME)
    PainterSurface(painter).text(QPointF(0, 0), HOSTILE, font, "#000000", "middle")
    assert painter.texts == [drawable(HOSTILE)]
    assert text_width(font, HOSTILE) == text_width(font, drawable(HOSTILE))
