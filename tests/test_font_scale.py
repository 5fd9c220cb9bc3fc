"""A theme's ``font_size`` scales the figure's text-related geometry (boxes, chips, marks,
tags, the legend) while the layout's gaps stay; and ``--size`` in a fixed frame tries
larger text against the same gaps. Measured from the files written."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mesadiagram.cli import main
from mesadiagram.formats import save
from mesadiagram.model import Document, Edge, Node
from mesadiagram.render.theme import user_theme_folder
from tests.conftest import EXAMPLE
from tests.export_support import svg_groups

SVG = "{http://www.w3.org/2000/svg}"


def large_theme(size: float) -> str:
    """A theme of the user's: the default one with labels of ``size`` px."""
    folder = user_theme_folder()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"large-{size:g}"
    (folder / f"{name}.yaml").write_text(f"name: {name}\nfont_size: {size:g}\n", "utf-8")
    return name


def export_svg(tmp_path: Path, name: str, *args: str, model: Path = EXAMPLE) -> str:
    out = tmp_path / f"{name}.svg"
    assert main(["export", str(model), "-o", str(out), *args]) == 0
    return out.read_text(encoding="utf-8")


def rects(group: ET.Element) -> list[tuple[float, float, float, float]]:
    """The rectangles drawn in a group (its own and its subgroups'), in order."""
    return [
        tuple(float(r.get(k)) for k in ("x", "y", "width", "height"))  # type: ignore[misc]
        for r in group.iter(f"{SVG}rect")
    ]


def by_id(svg: str, css_class: str) -> dict[str, ET.Element]:
    return {g.get("id"): g for g in svg_groups(svg, css_class)}


def test_a_larger_font_grows_boxes_chips_marks_and_the_legend_but_not_the_gaps(
    tmp_path: Path,
) -> None:
    small = export_svg(tmp_path, "natural", "--detail", "compact")
    large = export_svg(tmp_path, "large", "--detail", "compact", "--theme", large_theme(28))
    nodes_14, nodes_28 = by_id(small, "node"), by_id(large, "node")
    assert nodes_14.keys() == nodes_28.keys()
    centres = []
    for node_id, group in nodes_14.items():
        box_14, *parts_14 = rects(group)
        box_28, *parts_28 = rects(nodes_28[node_id])
        # The box twice as large, within what hinting does to text widths...
        assert 1.85 <= box_28[2] / box_14[2] <= 2.15, node_id
        assert 1.85 <= box_28[3] / box_14[3] <= 2.15, node_id
        centres.append([(b[0] + b[2] / 2, b[1] + b[3] / 2) for b in (box_14, box_28)])
        # Chips and count marks: exactly twice as tall.
        assert len(parts_14) == len(parts_28)
        for part_14, part_28 in zip(parts_14, parts_28, strict=True):
            assert part_28[3] == pytest.approx(2 * part_14[3], abs=0.02), node_id
    # ...where the file puts the stages: the author's layout, at most spread apart alike
    # (when the larger link labels and badges need more room between the boxes).
    (x0_14, y0_14), (x0_28, y0_28) = centres[0]
    (x1_14, _), (x1_28, _) = centres[-1]
    spread = (x1_28 - x0_28) / (x1_14 - x0_14)
    assert spread >= 1
    for (x14, y14), (x28, y28) in centres:
        assert x28 - x0_28 == pytest.approx(spread * (x14 - x0_14), abs=0.05)
        assert y28 - y0_28 == pytest.approx(spread * (y14 - y0_14), abs=0.05)
    label_sizes = {
        float(t.get("font-size")) / 14 for t in ET.fromstring(large).iter(f"{SVG}text")
    }
    assert min(label_sizes) >= 1.5  # every text grew (the smallest from 11 to 22)
    legend_14 = rects(svg_groups(small, "legend")[0])[0]
    legend_28 = rects(svg_groups(large, "legend")[0])[0]
    assert 1.85 <= legend_28[2] / legend_14[2] <= 2.15
    assert 1.85 <= legend_28[3] / legend_14[3] <= 2.15
    badges_14 = [rects(g)[0] for g in svg_groups(small, "badge")]
    badges_28 = [rects(g)[0] for g in svg_groups(large, "badge")]
    assert badges_14 and [b[2] for b in badges_28] == pytest.approx(
        [2 * b[2] for b in badges_14[: len(badges_28)]]
    )


def test_laid_out_afresh_the_gaps_between_stages_do_not_grow(seed_doc) -> None:
    """Boxes of a larger font, the same layer gap: a larger font puts more of a figure
    into its text (what ``--size`` relies on)."""
    from mesadiagram.analysis.layout import layered_layout
    from mesadiagram.render.sizes import node_sizes
    from mesadiagram.render.theme import DEFAULT_THEME

    def gaps_and_widths(size: float) -> tuple[list[float], list[float]]:
        sizes = node_sizes(seed_doc, DEFAULT_THEME.with_font_size(size))
        result = layered_layout(seed_doc, "LR", sizes)
        chain = sorted(seed_doc.nodes, key=lambda n: result.positions[n.id][0])
        edges = [
            result.positions[n.id][0] + s * sizes[n.id][0] / 2 for n in chain for s in (-1, 1)
        ]
        gaps = [edges[i + 1] - edges[i] for i in range(1, len(edges) - 1, 2)]
        return gaps, [sizes[n.id][0] for n in chain]

    gaps_14, widths_14 = gaps_and_widths(14)
    gaps_28, widths_28 = gaps_and_widths(28)
    assert min(gaps_14) > 0
    assert min(gaps_28) == pytest.approx(min(gaps_14), abs=0.5)
    assert sum(widths_28) >= 1.85 * sum(widths_14)


def chain(tmp_path: Path, stages: int) -> Path:
    """Stages with one-letter labels in a row: a figure that is mostly gaps."""
    doc = Document("Chain")
    for i in range(stages):
        doc.insert_node(Node(f"s{i}", chr(ord("A") + i), position=(i * 200.0, 0.0)))
        if i:
            doc.insert_edge(Edge(f"s{i - 1}", f"s{i}"))
    path = tmp_path / "chain.yaml"
    save(doc, path)
    return path


def label_pt(svg: str) -> tuple[float, float]:
    """The stage labels' font size in the SVG's own units, and in points on the page."""
    root = ET.fromstring(svg)
    scale = float(root.get("width").removesuffix("pt")) / float(root.get("viewBox").split()[2])
    sizes = [float(g.find(f"{SVG}text").get("font-size")) for g in svg_groups(svg, "node")]
    return min(sizes), min(sizes) * scale


def test_a_slide_tries_larger_text_against_the_same_gaps(tmp_path: Path, capsys) -> None:
    """Ten one-letter stages: with the theme's 14 px labels their gaps make the figure too
    long for 20 pt labels on a slide; with larger labels (and boxes) it fits."""
    model = chain(tmp_path, 10)
    svg = export_svg(tmp_path, "slide", "--size", "slide", model=model)
    units, points = label_pt(svg)
    assert units > 14 and points >= 20 - 0.01
    assert "px labels" in capsys.readouterr().err  # says what it changed


def test_at_a_width_that_fits_the_theme_keeps_its_font(tmp_path: Path) -> None:
    """``page`` fits the seed with the theme's own labels: the font stays as it is."""
    svg = export_svg(tmp_path, "page", "--size", "page")
    units, points = label_pt(svg)
    assert units == 14 and points >= 9 - 0.01
