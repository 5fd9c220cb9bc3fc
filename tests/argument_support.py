"""A model that exercises every mark and text role a figure draws, for the compact-mode,
legend and contrast tests: the seed example plus a declared type, caveats, notes and a
declared-type annotation on a stage and on a link, a link label with a probability, and
a kind and an intervention where they are rare (a link, a stage)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from mesadiagram.formats import load
from mesadiagram.model import Annotation, AnnotationType, Document
from tests.conftest import EXAMPLE
from tests.export_support import SVG_NS

# Pale on purpose: its colour does not read as text on white, so its callout heading
# must be darkened to read.
EVIDENCE = AnnotationType("evidence", "evidence", "#F0E442", "star")
MARKS = ("rect", "ellipse", "polygon", "path", "line")


def rich_doc() -> Document:
    doc = load(EXAMPLE)
    doc.types["evidence"] = EVIDENCE
    stage = "deployment"
    doc.set_annotations(
        stage,
        [
            *doc.node(stage).annotations,
            Annotation("caveat", "Unless the lab waits"),
            Annotation("note", "", "Seen in practice"),
            Annotation("evidence", "Reported twice"),
            Annotation("intervention", "Staged release"),
        ],
    )
    link = "misalignment->deployment"
    doc.update_edge(link, label="leads to", probability=0.8)
    doc.set_annotations(
        link,
        [
            *doc.edge(link).annotations,
            Annotation("caveat", "Only if undetected"),
            Annotation("note", "", "Contested"),
            Annotation("evidence", "One case study"),
            Annotation("kind", "Gradual"),
        ],
    )
    return doc


def group(svg: str, group_id: str) -> ET.Element:
    found = [g for g in ET.fromstring(svg).iter(f"{SVG_NS}g") if g.get("id") == group_id]
    assert len(found) == 1, group_id
    return found[0]


def groups_of_class(root: ET.Element, css_class: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG_NS}g") if css_class in g.get("class", "").split()]


def text_of(root: ET.Element) -> str:
    """Every text drawn inside ``root``, lines joined by spaces."""
    parts = [" ".join(t.itertext()) for t in root.iter(f"{SVG_NS}text")]
    return " ".join(" ".join(parts).split())


def shapes(root: ET.Element) -> list[ET.Element]:
    return [e for e in root.iter() if e.tag.removeprefix(SVG_NS) in MARKS]


def shape_signature(element: ET.Element, styles: dict[str, str]) -> tuple:
    """What a mark looks like, position and size aside: its element, the corners of a
    polygon relative to its box (so a diamond differs from a triangle and a star), a
    rectangle's proportions and corner radius, and its paint (fill, dashes)."""
    tag = element.tag.removeprefix(SVG_NS)
    css = styles.get(element.get("class", ""), "")
    paint = tuple(sorted(_paint(p) for p in css.split(";") if not p.startswith("stroke-width")))
    if tag == "polygon":
        points = [tuple(map(float, p.split(","))) for p in element.get("points", "").split()]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        w, h = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1
        form = tuple((round((x - min(xs)) / w, 1), round((y - min(ys)) / h, 1)) for x, y in points)
        return tag, form, paint
    if tag == "rect":
        w, h = float(element.get("width", 0)), float(element.get("height", 0))
        radius = float(element.get("rx", 0))
        return tag, round(w / h, 1), round(radius / min(w, h), 1), paint
    return tag, paint


def _paint(declaration: str) -> str:
    """A declaration, with a dash pattern as its proportions (marks size theirs)."""
    name, _, value = declaration.partition(":")
    if name != "stroke-dasharray":
        return declaration
    lengths = [float(v) for v in value.split()]
    return f"{name}:" + " ".join(f"{v / lengths[0]:.1f}" for v in lengths)


def svg_styles(svg: str) -> dict[str, str]:
    """The CSS classes of an SVG written by ``SvgSurface``: name -> declarations."""
    styles = {}
    for line in svg.splitlines():
        line = line.strip()
        if line.startswith(".s") and "{" in line:
            name, css = line[1:].split("{", 1)
            styles[name.strip()] = ";".join(p.strip() for p in css.strip(" }").split(";"))
    return styles
