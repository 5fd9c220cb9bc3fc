"""Compact figures carry the argument: every intervention's label beside its link, a
distinct mark for every type present (caveats, notes and declared types included, on
stages and on links), a legend of exactly the marks drawn, and the stages' texts."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF

from mesadiagram.analysis.placement import layout_command
from mesadiagram.cli import main
from mesadiagram.formats import load
from mesadiagram.render.export import ExportOptions, figure_for, svg_text
from mesadiagram.render.figure import group_id
from mesadiagram.render.sizes import node_sizes
from mesadiagram.render.theme import builtin_theme
from tests.argument_support import (
    group,
    groups_of_class,
    rich_doc,
    shape_signature,
    shapes,
    svg_styles,
    text_of,
)
from tests.conftest import EXAMPLE

THEMES = ("default", "print", "colourblind", "dark")


def _svg(tmp_path: Path, *args: str) -> str:
    out = tmp_path / "fig.svg"
    assert main(["export", str(EXAMPLE), "-o", str(out), *args]) == 0
    return out.read_text(encoding="utf-8")


def test_every_intervention_label_is_text_in_its_links_group(tmp_path) -> None:
    doc = load(EXAMPLE)
    svg = _svg(tmp_path)  # compact is the default
    for edge in doc.edges:
        labels = [a.label for a in edge.annotations if a.type == "intervention"]
        assert labels, edge.id  # (every link of the seed has one)
        drawn = text_of(group(svg, group_id(doc, edge.id)))
        for label in labels:
            assert " ".join(label.split()) in drawn, (edge.id, label, drawn)
    # Methods stay for the detailed view.
    shift = group(svg, group_id(doc, "distribution-shift->unanticipated-behaviour"))
    assert "Out-of-distribution detection" not in text_of(shift)


def seed_in(direction: str):
    """The seed as drawn (left to right), or laid out afresh top to bottom."""
    doc = load(EXAMPLE)
    if direction == "TB":
        layout_command(doc, "TB", node_sizes(doc)).apply(doc)
    return doc


@pytest.mark.parametrize("direction", ["LR", "TB"])
def test_a_tag_hides_nothing_and_sits_by_its_badge(direction: str) -> None:
    for doc in (seed_in(direction), rich_doc()):
        fig = figure_for(doc, ExportOptions())
        boxes = [g.rect for g in fig.nodes.values()]
        labels = [g.label for g in fig.edges.values() if g.label is not None]
        tags = list(fig.tags.values())
        assert len(tags) == sum(1 for e in doc.edges if e.annotations)
        for i, tag in enumerate(tags):
            assert not any(tag.rect.intersects(b) for b in boxes)
            assert not any(tag.rect.intersects(lab) for lab in labels)
            assert not any(tag.rect.intersects(o.rect) for o in tags[i + 1 :])
            for geo in fig.edges.values():  # no link runs under a tag
                along = (geo.path.pointAtPercent(t / 400) for t in range(401))
                assert not any(tag.rect.contains(p) for p in along)
            near = tag.rect.adjusted(-20, -20, 20, 20)
            assert near.contains(tag.anchor) or tag.leader  # by its badge, or joined to it


def test_compact_marks_caveats_notes_and_declared_types_distinctly() -> None:
    doc = rich_doc()
    svg = svg_text(doc, ExportOptions())
    styles = svg_styles(svg)
    for owner in ("deployment", "misalignment->deployment"):
        root = group(svg, group_id(doc, owner))
        marks = {}
        for type_name in ("caveat", "note", "evidence"):
            found = groups_of_class(root, type_name)
            counts = [g for g in found if "count" in g.get("class", "").split()]
            assert len(counts) == 1, (owner, type_name)
            assert text_of(counts[0]) == "1"
            marks[type_name] = shape_signature(shapes(counts[0])[0], styles)
        assert len(set(marks.values())) == 3, (owner, marks)  # three different shapes


@pytest.mark.parametrize("detailed", [False, True])
@pytest.mark.parametrize("theme", THEMES)
def test_the_legend_lists_exactly_the_marks_drawn(detailed: bool, theme: str) -> None:
    doc = rich_doc()
    svg = svg_text(doc, ExportOptions(theme=builtin_theme(theme), detailed=detailed))
    styles = svg_styles(svg)
    root = ET.fromstring(svg)
    legend = group(svg, "legend")
    # The marks the figure draws, by type: counts on stages and in tags, entries of
    # callouts and tags; and the badges.
    drawn: dict[str, set] = {}
    for css in ("count", "annotation", "entry"):
        for g in groups_of_class(root, css):
            if g in groups_of_class(legend, css) or not shapes(g):
                continue
            type_name = g.get("class").split()[1]
            drawn.setdefault(type_name, set()).add(shape_signature(shapes(g)[0], styles))
    badges = {shape_signature(shapes(g)[0], styles) for g in groups_of_class(root, "badge")}
    rows = groups_of_class(legend, "legend-row")
    listed = {}
    for row in rows:
        kind, *name = row.get("class").split()[1:]
        signature = shape_signature(shapes(row)[0], styles)
        if kind == "marker":
            assert signature in badges  # the badge as links show it
            assert text_of(row) == "n Interventions on a link (count)"
        else:
            listed[name[0]] = signature
    assert set(listed) == set(drawn)  # a row for every type marked, and no other
    for type_name, signature in listed.items():
        assert signature in drawn[type_name], (type_name, signature, drawn[type_name])
    assert len(set(listed.values())) == len(listed)  # no two rows alike
    assert "Proxy" not in text_of(legend)  # kinds: one row, each chip carries its name


def test_stage_text_is_drawn_under_the_label_unless_left_out(tmp_path) -> None:
    doc = load(EXAMPLE)
    text = "base objective != mesa objective"
    svg = _svg(tmp_path)
    assert text in text_of(group(svg, group_id(doc, "misalignment")))
    catastrophe = text_of(group(svg, group_id(doc, "catastrophe")))
    assert "permanent, huge loss of value." in catastrophe
    detailed = _svg(tmp_path, "--detail", "detailed")
    assert text in text_of(group(detailed, group_id(doc, "misalignment")))
    without = _svg(tmp_path, "--no-stage-text")
    assert text not in text_of(group(without, group_id(doc, "misalignment")))
    assert "loss of value" not in without


def test_the_layout_leaves_room_for_stage_text() -> None:
    doc = load(EXAMPLE)
    with_text = node_sizes(doc)
    without = node_sizes(doc, stage_text=False)
    assert with_text["catastrophe"][1] > without["catastrophe"][1] + 40  # four lines
    assert with_text["base-optimizer"] == without["base-optimizer"]  # (no text)
    fig = figure_for(doc, ExportOptions())
    rect = fig.nodes["catastrophe"].rect
    assert (rect.width(), rect.height()) == with_text["catastrophe"]
    geo = fig.nodes["catastrophe"]
    below_label = geo.label_top + geo.line_height * len(geo.label_lines)
    assert geo.text_top >= below_label
    last = geo.text_top + geo.text_line_height * len(geo.text_lines)
    assert last <= rect.bottom() and QRectF(rect).contains(rect.center())
