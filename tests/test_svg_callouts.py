"""The text of callouts in SVG: one ``<text>`` per item (an annotation's text, each
method) with a ``<tspan>`` per line, hanging indents made by each line's x (SVG renderers
such as rsvg-convert and Inkscape drop leading spaces), and the same padding on both
sides of every line."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from itertools import groupby

import pytest

from mesadiagram.render.callouts import BULLET, PAD, callout_lines
from mesadiagram.render.draw import small_font
from mesadiagram.render.export import ExportOptions, svg_text
from mesadiagram.render.figure import build_figure
from mesadiagram.render.fonts import text_width
from mesadiagram.render.theme import DEFAULT_THEME
from tests.export_support import SVG_NS
from tests.placement_support import seed

TEXT, TSPAN, G, RECT = f"{SVG_NS}text", f"{SVG_NS}tspan", f"{SVG_NS}g", f"{SVG_NS}rect"


def _lines(text: ET.Element) -> list[tuple[float, str]]:
    """(x, text) of each line of a ``<text>``: its tspans, or the text itself."""
    spans = text.findall(TSPAN)
    if not spans:
        return [(float(text.get("x")), text.text or "")]
    return [(float(s.get("x")), s.text or "") for s in spans]


def _callouts(direction: str):
    doc = seed(direction)
    svg = svg_text(doc, ExportOptions(detailed=True))
    root = ET.fromstring(svg)
    groups = [g for g in root.iter(G) if g.get("class") == "callout"]
    return doc, groups


@pytest.mark.parametrize("direction", ["LR", "TB"])
def test_one_text_per_item_with_a_tspan_per_line(direction: str) -> None:
    """Each annotation's group holds one text for its own lines and one per method,
    each the lines the callout lays out for that item, in order."""
    doc, callouts = _callouts(direction)
    items: dict[str, list[list[str]]] = {}  # annotation id -> its items' lines
    for owner in [n.id for n in doc.nodes] + [e.id for e in doc.edges]:
        lines = callout_lines(doc, doc.element(owner).annotations, DEFAULT_THEME)
        for _, group in groupby((line for line in lines if not line.heading), lambda x: x.item):
            group = list(group)
            ann_id = group[0].annotation.id if group[0].annotation else ""
            if group[0].first:
                items[ann_id] = []
                current = ann_id
            items[current].append([line.text for line in group])
    seen = 0
    for callout in callouts:
        for group in callout.iter(G):
            if not group.get("class", "").startswith("annotation"):
                continue
            ann_id = group.get("id").removeprefix("annotation-")
            texts = [[t for _, t in _lines(text)] for text in group.findall(TEXT)]
            assert texts == items[ann_id]
            ann = next(a for _, a in doc.iter_annotations() if a.id == ann_id)
            assert len(texts) == 1 + len(ann.items)  # its text, then each method
            for text, lines in zip(group.findall(TEXT), texts, strict=True):
                assert len(text.findall(TSPAN)) == (len(lines) if len(lines) > 1 else 0)
            seen += 1
    assert seen == sum(1 for _ in doc.iter_annotations())


@pytest.mark.parametrize("direction", ["LR", "TB"])
def test_hanging_indents_are_made_by_x_not_spaces(direction: str) -> None:
    _, callouts = _callouts(direction)
    small = small_font(DEFAULT_THEME)
    bullet = text_width(small, BULLET)
    continued = methods = 0
    for callout in callouts:
        for text in callout.iter(TEXT):
            lines = _lines(text)
            for _, line in lines:
                assert line == line.strip(), repr(line)  # no leading or trailing spaces
            first_x, first = lines[0]
            for x, _ in lines[1:]:
                continued += 1
                if first.startswith(BULLET):  # a method hangs under the text after its bullet
                    assert x == pytest.approx(first_x + bullet, abs=0.01)
                else:  # an annotation's lines all start where its first does
                    assert x == pytest.approx(first_x, abs=0.01)
            methods += first.startswith(BULLET)
    assert continued > 10 and methods >= 6


@pytest.mark.parametrize("direction", ["LR", "TB"])
def test_even_padding_on_both_sides(direction: str) -> None:
    """Every line of every callout, methods included, keeps ``PAD`` from both sides of
    its box (methods had about 1 px on the right)."""
    fig = build_figure(seed(direction), DEFAULT_THEME, detailed=True)
    small = small_font(DEFAULT_THEME)
    for callout in fig.callouts.values():
        inner_left = callout.rect.left() + callout.pad
        inner_right = callout.rect.right() - callout.pad
        for line in callout.lines:
            left = inner_left + line.indent
            width = text_width(small, line.text)
            if line.heading:
                continue
            assert left >= inner_left
            assert left + width <= inner_right + 0.01, line.text
    assert callout.pad == PAD


def test_rsvg_keeps_the_hanging_indents(tmp_path) -> None:
    """rsvg-convert reads the file (the indents are in the x of each line)."""
    if shutil.which("rsvg-convert") is None:
        pytest.skip("rsvg-convert is not installed")
    out = tmp_path / "seed.svg"
    out.write_text(svg_text(seed("LR"), ExportOptions(detailed=True)), encoding="utf-8")
    png = tmp_path / "seed.png"
    subprocess.run(["rsvg-convert", str(out), "-o", str(png)], check=True)
    assert png.stat().st_size > 10_000
