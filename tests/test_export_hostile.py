"""Hostile text in every field: SVG stays well-formed and inert; PNG and PDF still render."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QImage

from mesadiagram.model import Annotation, Document, Edge, Item, Node
from mesadiagram.render.drawn_text import svg_id
from mesadiagram.render.export import ExportOptions, export_bytes
from mesadiagram.render.theme import get_theme
from tests.export_support import active_content

HOSTILE = [
    "<script>alert(1)</script>",
    "]]> <![CDATA[ x ]]>",
    "--> <!-- x",
    "\"double\" and 'single' quotes",
    "&amp; literally, & alone, &#x3c;",
    "".join(chr(c) for c in range(32)) + "controls",
    "emoji 🧪🤖💥 and ZWJ 👩‍🔬",
    "right-to-left: מודל איום עם התערבויות",
    "<svg onload=alert(1)> <a href='javascript:x'>",
    "W" * 5000,
]


def _hostile_document(big: bool) -> Document:
    doc = Document(title='<title>& "hostile" ]]>', description="<desc onload='x'>")
    for i, text in enumerate(HOSTILE):
        doc.insert_node(
            Node(
                f"n{i}",
                text,
                text,
                position=(i * 220.0, (i % 3) * 150.0),
                # Hostile ids too: they name the SVG groups (``annotation-<id>``).
                annotations=[
                    Annotation("kind", text, id=f"{text}-kind"),
                    Annotation("note", text, text, id=f"{text}-note"),
                ],
            )
        )
    for i in range(len(HOSTILE) - 1):
        doc.insert_edge(
            Edge(
                f"n{i}",
                f"n{i + 1}",
                id=f"{HOSTILE[i]}->{i}",  # an ``edge-<id>`` group
                label=HOSTILE[i],
                annotations=[
                    Annotation("intervention", HOSTILE[i + 1], items=[Item(HOSTILE[i])], effect=0.5)
                ],
            )
        )
    if big:
        doc.insert_node(Node("huge", "M" * 1_000_000, position=(0.0, 600.0)))
    return doc


@pytest.mark.parametrize("detailed", [False, True])
def test_svg_is_well_formed_and_inert(detailed: bool) -> None:
    doc = _hostile_document(big=True)
    svg = export_bytes(doc, "svg", ExportOptions(get_theme("default"), detailed)).decode("utf-8")
    ET.fromstring(svg)  # raises on malformed XML
    assert not active_content(svg)
    for ch in range(32):
        if chr(ch) not in "\t\n\r":
            assert chr(ch) not in svg
    assert "&lt;script&gt;" in svg
    ids = [g.get("id") for g in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}g")]
    named = [i for i in ids if i]
    assert len(named) == len(set(named))  # every group id once
    assert svg_id("edge", HOSTILE[0], "0") in named
    if detailed:
        assert svg_id("annotation", f"{HOSTILE[0]}-kind") in named
    # Every id is a valid XML name, so CSS selectors and Inkscape take it as written.
    assert not [i for i in named if re.search(r"[\s<>&\"'%/\\#:;,()\[\]{}!?*+=@$^`|~]", i)]


@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_png_and_pdf_still_render(fmt: str, tmp_path) -> None:
    doc = _hostile_document(big=True)
    data = export_bytes(doc, fmt, ExportOptions(get_theme("print"), True, dpi=30))
    if fmt == "png":
        image = QImage()
        assert image.loadFromData(data, "PNG") and image.width() > 100
    else:
        assert data.startswith(b"%PDF") and b"%%EOF" in data[-64:]
