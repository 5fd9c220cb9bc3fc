"""Figures: headless CLI export of the seed to SVG, PDF and PNG, checked by parsing them."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from mesadiagram.cli import main
from mesadiagram.render.export import ExportOptions, export_bytes, png_image
from mesadiagram.render.theme import available_themes, get_theme
from tests.conftest import EXAMPLE
from tests.export_support import (
    active_content,
    differing_share,
    have,
    normalise,
    pdf_text,
    rsvg_render,
    svg_groups,
    svg_text,
)

THEMES = ["default", "print", "colourblind", "dark"]
FIDELITY_LIMIT = 0.03  # share of pixels allowed to differ (antialiased glyph edges)


def _labels(doc) -> list[str]:
    labels = [n.label for n in doc.nodes]
    labels += [a.label for _, a in doc.iter_annotations() if a.type in ("kind", "intervention")]
    return labels


def test_cli_export_svg_has_every_label_and_group(tmp_path: Path, seed_doc) -> None:
    out = tmp_path / "seed.svg"
    assert main(["export", str(EXAMPLE), "-o", str(out), "--detail", "detailed"]) == 0
    svg = out.read_text(encoding="utf-8")
    assert len(svg_groups(svg, "node")) == 7
    assert len(svg_groups(svg, "edge")) == 6
    ids = {g.get("id") for g in svg_groups(svg, "node")}
    assert ids == {f"node-{n.id}" for n in seed_doc.nodes}
    ids = [g.get("id") for g in svg_groups(svg, "edge")]
    assert ids == [f"edge-{e.source}--{e.target}" for e in seed_doc.edges]
    ids = [g.get("id") for g in svg_groups(svg, "annotation")]
    assert ids == [f"annotation-{a.id}" for _, a in seed_doc.iter_annotations()]
    drawn = svg_text(svg)
    for label in _labels(seed_doc):
        assert normalise(label) in drawn, label
    def annotations_of(kind: str) -> list:  # (the legend's rows carry the type's class too)
        return [g for g in svg_groups(svg, kind) if g.get("id", "").startswith("annotation-")]

    assert len(annotations_of("intervention")) == 6
    assert len(annotations_of("kind")) == 5
    for group in svg_groups(svg, "node") + svg_groups(svg, "edge"):
        assert group.find("{http://www.w3.org/2000/svg}title") is not None
    assert 'font-family="&quot;DejaVu Sans&quot;, Helvetica, Arial, sans-serif"' in svg
    assert "<g>" not in svg and not active_content(svg)
    head = svg.split("\n", 2)[1]
    assert 'width="' in head and 'pt"' in head and "viewBox=" in head


@pytest.mark.skipif(not have("pdftotext"), reason="pdftotext (poppler-utils) not installed")
def test_cli_export_pdf_has_selectable_text(tmp_path: Path, seed_doc) -> None:
    out = tmp_path / "seed.pdf"
    assert main(["export", str(EXAMPLE), "-o", str(out), "--detail", "detailed"]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    text = pdf_text(out)
    for label in _labels(seed_doc):
        assert normalise(label) in text, label
    a4 = tmp_path / "a4.pdf"
    assert main(["export", str(EXAMPLE), "-o", str(a4), "--page", "a4"]) == 0
    info = subprocess.run(["pdfinfo", str(a4)], capture_output=True, text=True).stdout
    assert "842 x 595" in info or "595 x 842" in info  # A4 in points, landscape or portrait


def test_cli_export_png_dpi_and_transparency(tmp_path: Path, seed_doc) -> None:
    out = tmp_path / "seed.png"
    assert main(["export", str(EXAMPLE), "-o", str(out), "--dpi", "150", "--transparent"]) == 0
    image = QImage(str(out))
    low = tmp_path / "low.png"
    assert main(["export", str(EXAMPLE), "-o", str(low), "--dpi", "75"]) == 0
    assert abs(image.width() / QImage(str(low)).width() - 2.0) < 0.01
    assert image.hasAlphaChannel() and image.pixelColor(0, 0).alpha() == 0
    assert round(image.dotsPerMeterX() * 0.0254) == 150


def test_cli_export_errors(tmp_path: Path, capsys) -> None:
    assert main(["export", str(EXAMPLE), "-o", str(tmp_path / "x.gif")]) == 2
    assert main(["export", str(EXAMPLE), "-o", str(tmp_path / "x.svg"), "--theme", "nope"]) == 2
    assert "unknown theme 'nope'" in capsys.readouterr().err
    assert not (tmp_path / "x.svg").exists()


@pytest.mark.slow
def test_export_works_with_no_display_and_no_environment(tmp_path: Path) -> None:
    """A machine with no display and no QT_QPA_PLATFORM: the CLI picks offscreen itself."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "QT_QPA_PLATFORM", "WAYLAND_DISPLAY")
    }
    out = tmp_path / "seed.png"
    subprocess.run(
        [sys.executable, "-m", "mesadiagram", "export", str(EXAMPLE), "-o", str(out)],
        check=True,
        env=env,
        capture_output=True,
    )
    assert QImage(str(out)).width() > 1000


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("fmt", ["svg", "pdf", "png"])
def test_same_input_same_bytes(seed_doc, theme: str, fmt: str) -> None:
    options = ExportOptions(theme=get_theme(theme), detailed=True, dpi=72)
    first = export_bytes(seed_doc, fmt, options)
    if fmt == "pdf" and theme == "default":
        time.sleep(1.1)  # PDF writers stamp the time to the second: it must not show
    assert export_bytes(seed_doc, fmt, options) == first


@pytest.mark.skipif(not have("rsvg-convert"), reason="rsvg-convert (librsvg2-bin) not installed")
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("detailed", [False, True])
def test_svg_matches_png_in_an_independent_renderer(
    tmp_path: Path, seed_doc, theme: str, detailed: bool
) -> None:
    options = ExportOptions(theme=get_theme(theme), detailed=detailed, dpi=96)
    ours = png_image(seed_doc, options)
    svg_path = tmp_path / "f.svg"
    svg_path.write_bytes(export_bytes(seed_doc, "svg", options))
    theirs = rsvg_render(svg_path, ours.width(), ours.height(), tmp_path / "rsvg.png")
    share = differing_share(ours, theirs)
    assert share < FIDELITY_LIMIT, f"{share:.2%} of pixels differ"


def test_every_theme_is_listed() -> None:
    assert set(THEMES) <= set(available_themes())


@pytest.mark.slow
def test_svg_stays_small_on_a_large_document() -> None:
    """At most 1.5 KB per stage on 5,000 stages (two links each, a third annotated)."""
    from mesadiagram.model import Annotation, Document, Edge, Node

    doc = Document("large")
    width = 50
    for i in range(5000):
        anns = [Annotation("kind", "Proxy"), Annotation("mechanism", "how")] if i % 3 == 0 else []
        doc.insert_node(
            Node(
                f"s{i}",
                f"Stage {i}",
                position=(i // width * 260.0, i % width * 120.0),
                annotations=anns,
            )
        )
    for i in range(width, 5000):
        doc.insert_edge(Edge(f"s{i - width}", f"s{i}"))
        partner = i - width + 1 if (i + 1) % width else i - width - 1
        doc.insert_edge(
            Edge(
                f"s{partner}",
                f"s{i}",
                annotations=[Annotation("intervention", "cut")] if i % 3 == 0 else [],
            )
        )
    svg = export_bytes(doc, "svg", ExportOptions())
    assert len(svg) / 5000 <= 1536, f"{len(svg) / 5000:.0f} bytes per stage"


def test_parallel_links_fan_out_and_each_has_its_group() -> None:
    """Three links from a to b and one back: four curves, apart, each named by its id."""
    from mesadiagram.model import Annotation, Document, Edge, Node
    from mesadiagram.render.figure import build_figure
    from mesadiagram.render.geometry import BEND_SPACING, edge_bend
    from mesadiagram.render.theme import DEFAULT_THEME

    doc = Document("parallel")
    doc.insert_node(Node("a", "A", position=(0.0, 0.0)))
    doc.insert_node(Node("b", "B", position=(400.0, 0.0)))
    doc.insert_node(Node("c", "C", position=(400.0, 300.0)))
    for label in ("one", "two", "three"):
        doc.insert_edge(Edge("a", "b", label=label))
    doc.insert_edge(Edge("b", "a", label="back", annotations=[Annotation("caveat", "Or not")]))
    doc.insert_edge(Edge("a", "c", id="a-to-c"))
    bends = [edge_bend(doc, e) for e in doc.edges]
    assert bends[-1] == 0.0  # a single link stays straight
    # Measured in one direction (a to b), the four fan out BEND_SPACING apart.
    pairs = zip(doc.edges[:4], bends[:4], strict=True)
    across = sorted(b if e.source == "a" else -b for e, b in pairs)
    assert [round(y - x, 6) for x, y in itertools.pairwise(across)] == [BEND_SPACING] * 3
    assert sum(across) == 0.0  # centred on the straight line
    middles = [build_figure(doc, DEFAULT_THEME).edges[e.id].middle for e in doc.edges[:4]]
    assert len({(round(m.x()), round(m.y())) for m in middles}) == 4

    svg = export_bytes(doc, "svg", ExportOptions(detailed=True)).decode("utf-8")
    assert [g.get("id") for g in svg_groups(svg, "edge")] == [
        "edge-a--b",  # (link "a->b": ">" may not be in an XML id)
        "edge-a--b-2",
        "edge-a--b-3",
        "edge-b--a",
        "edge-a-to-c",
    ]
    assert [g.get("id") for g in svg_groups(svg, "annotation")] == ["annotation-or-not"]
