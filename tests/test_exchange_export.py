"""The exchange exports open in their tools: Graphviz draws the DOT, networkx reads the
GraphML, draw.io's XML is well formed with the boxes where the layout put them, Mermaid
labels are escaped, pdflatex compiles the TikZ and the Beamer overlays; hostile text
too."""

from __future__ import annotations

import html
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from mesadiagram.cli import main
from mesadiagram.formats import load
from mesadiagram.formats.exchange.common import carried, kind_labels
from mesadiagram.formats.exchange.mermaid_writer import label_text, mermaid_ids, to_mermaid
from mesadiagram.formats.exchange.tikz_writer import tex_line, tex_text, to_tikz
from mesadiagram.model import Document, Edge, Node
from mesadiagram.presentation.frames import frames
from mesadiagram.render.exchange_export import laid_out, palette_of
from mesadiagram.render.export import ExportOptions, export_bytes
from mesadiagram.render.theme import get_theme
from tests.conftest import EXAMPLE
from tests.exchange_support import (
    DOT,
    HOSTILE,
    hostile_document,
    needs_dot,
    needs_latex,
    pdflatex,
)

SVG = "{http://www.w3.org/2000/svg}"


def _graphviz_svg(dot: bytes) -> ET.Element:
    done = subprocess.run([DOT, "-Tsvg"], input=dot, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert b"Error" not in done.stderr and b"syntax" not in done.stderr, done.stderr
    return ET.fromstring(done.stdout)  # Graphviz's SVG is well-formed XML too


def _svg_text(svg: ET.Element) -> str:
    return "\n".join("".join(t.itertext()) for t in svg.iter(f"{SVG}text"))


@needs_dot
def test_graphviz_draws_the_seed_with_its_labels_kinds_and_interventions(seed_doc) -> None:
    shown = _svg_text(_graphviz_svg(export_bytes(seed_doc, "dot", ExportOptions())))
    for node in seed_doc.nodes:
        assert node.label in shown
        for kind in kind_labels(node):
            assert kind in shown  # a record field each
    assert "✂ prevent mesa-optimizer arising" in shown
    assert "prevent catastrophe" in shown


@needs_dot
def test_graphviz_draws_hostile_text_as_written() -> None:
    doc = hostile_document()
    svg = _graphviz_svg(export_bytes(doc, "dot", ExportOptions()))
    shown = _svg_text(svg)
    for text in HOSTILE[:-1]:  # (the last is 5,000 W: Graphviz draws it, in pieces)
        for line in carried(text).splitlines():
            assert line.strip() in shown, line
    assert not svg.findall(f".//{SVG}script")


def test_graphml_is_read_by_networkx_with_labels_and_annotations(tmp_path: Path, seed_doc) -> None:
    path = tmp_path / "seed.graphml"
    path.write_bytes(export_bytes(seed_doc, "graphml", ExportOptions()))
    graph = nx.read_graphml(path, force_multigraph=True)
    assert list(graph.nodes) == [n.id for n in seed_doc.nodes]
    assert graph.graph["title"] == seed_doc.title
    for node in seed_doc.nodes:
        data = graph.nodes[node.id]
        assert data["label"] == node.label
        assert data["text"] == node.text
        annotations = json.loads(data.get("annotations", "[]"))
        assert [(a["type"], a.get("label", ""), a.get("text", "")) for a in annotations] == [
            (a.type, a.label, a.text) for a in node.annotations
        ]
    for edge in seed_doc.edges:
        data = graph.edges[edge.source, edge.target, edge.id]
        assert data["label"] == edge.label
        cuts = json.loads(data["annotations"])
        assert [a.get("label", "") for a in cuts] == [a.label for a in edge.annotations]
        assert [i["label"] for a in cuts for i in a.get("items", [])] == [
            i.label for a in edge.annotations for i in a.items
        ]


def test_graphml_is_yed_flavoured_with_the_boxes_and_colours(seed_doc) -> None:
    theme = get_theme("print")
    root = ET.fromstring(export_bytes(seed_doc, "graphml", ExportOptions(theme)))
    y = "{http://www.yworks.com/xml/graphml}"
    _, boxes = laid_out(seed_doc, theme)
    shapes = root.findall(f".//{y}ShapeNode")
    assert len(shapes) == len(seed_doc.nodes)
    for node, shape in zip(seed_doc.nodes, shapes, strict=True):
        geometry, box = shape.find(f"{y}Geometry"), boxes[node.id]
        assert float(geometry.get("x")) == pytest.approx(box.left, abs=0.01)
        assert float(geometry.get("width")) == pytest.approx(box.width, abs=0.01)
        assert shape.find(f"{y}NodeLabel").text == node.label
        fill = theme.outcome_fill if node.outcome else theme.node_fill
        assert shape.find(f"{y}Fill").get("color").upper() == fill.upper()
    assert len(root.findall(f".//{y}PolyLineEdge")) == len(seed_doc.edges)


def _drawio_cells(data: bytes) -> tuple[list[ET.Element], list[ET.Element]]:
    root = ET.fromstring(data)
    assert root.tag == "mxfile"
    model = root.find("diagram/mxGraphModel")
    assert model is not None  # uncompressed: the model is XML, not base64
    cells = model.findall("root/mxCell")
    return [c for c in cells if c.get("vertex")], [c for c in cells if c.get("edge")]


def _html_text(value: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "\n", value.replace("<br>", "\n")))


def test_drawio_keeps_positions_sizes_and_the_theme(seed_doc) -> None:
    theme = get_theme("colourblind")
    vertices, edges = _drawio_cells(export_bytes(seed_doc, "drawio", ExportOptions(theme)))
    _, boxes = laid_out(seed_doc, theme)
    stages = [v for v in vertices if v.get("id").startswith("stage-")]
    assert len(stages) == len(seed_doc.nodes) and len(edges) == len(seed_doc.edges)
    first = boxes[seed_doc.nodes[0].id]
    origin = float(stages[0].find("mxGeometry").get("x")) - first.left
    palette = palette_of(theme)
    for node, cell in zip(seed_doc.nodes, stages, strict=True):
        geometry, box = cell.find("mxGeometry"), boxes[node.id]
        assert float(geometry.get("x")) - origin == pytest.approx(box.left, abs=0.1)
        assert float(geometry.get("height")) == pytest.approx(box.height, abs=0.01)
        assert _html_text(cell.get("value")).startswith(node.label)
        fill = palette.outcome_fill if node.outcome else palette.node_fill
        assert f"fillColor={fill}" in cell.get("style")
    ends = {(e.get("source"), e.get("target")) for e in edges}
    ids = {v.get("id") for v in stages}
    assert all(a in ids and b in ids for a, b in ends)
    notes = "\n".join(_html_text(v.get("value")) for v in vertices if "note" in v.get("id"))
    for _, ann in seed_doc.iter_annotations():  # every annotation readable somewhere
        if ann.type not in ("kind", "intervention"):
            assert ann.label in notes or ann.text in notes


def test_drawio_and_graphml_stay_well_formed_with_hostile_text() -> None:
    doc = hostile_document()
    vertices, _ = _drawio_cells(export_bytes(doc, "drawio", ExportOptions()))
    stages = [v for v in vertices if v.get("id").startswith("stage-")]
    for node, cell in zip(doc.nodes, stages, strict=True):
        assert _html_text(cell.get("value")).startswith(carried(node.label).split("\n")[0])
    root = ET.fromstring(export_bytes(doc, "graphml", ExportOptions()))
    assert len(root.findall(".//{http://graphml.graphdrawing.org/xmlns}node")) == len(doc.nodes)


@pytest.mark.parametrize(
    ("label", "written"),
    [
        ("end", '("end")'),
        ('say "yes"', '("say #quot;yes#quot;")'),
        ("[brackets] (round) {curly}", '("[brackets] (round) {curly}")'),
        ("#35; and # alone", '("#35;35; and #35; alone")'),
        ("<b>not bold</b> & co", '("#lt;b#gt;not bold#lt;/b#gt; #amp; co")'),
        ("`not markdown`", '("#96;not markdown#96;")'),
        ("two\nlines", '("two<br>lines")'),
        ("a|b", '("a#124;b")'),
        ("ctrl\x07 gone", '("ctrl gone")'),
    ],
)
def test_mermaid_labels_are_quoted_and_escaped(label: str, written: str) -> None:
    doc = Document()
    doc.insert_node(Node("s", label))
    assert f"    s{written}" in to_mermaid(doc).splitlines()
    assert label_text(label) == written[2:-2]


def test_mermaid_ids_avoid_keywords_and_link_syntax() -> None:
    doc = Document()
    for stage_id in ("end", "End-game", "graph", "a b", "x->y", "9lives", "ok-id", "end_2"):
        doc.insert_node(Node(stage_id, stage_id))
    ids = mermaid_ids(doc)
    assert ids["ok-id"] == "ok-id"
    renamed = [ids[s] for s in ("end", "End-game", "graph", "a b", "x->y", "9lives", "end_2")]
    assert all(i.startswith("s_") for i in renamed)
    assert len(set(ids.values())) == len(ids)
    doc.insert_edge(Edge("end", "graph", label="end"))
    text = to_mermaid(doc)
    assert '    s_end -->|"end"| s_graph' in text


@pytest.mark.parametrize(
    ("text", "tex"),
    [
        (
            "# $ % & _ { } ~ ^ \\",
            r"\# \$ \% \& \_ \{ \} \textasciitilde{} \textasciicircum{} \textbackslash{}",
        ),
        ("a--b --- c", "a-{}-b -{}-{}- c"),
        ("``q'' <<x>> ,,", "`{}`q'{}' <{}<x>{}> ,{},"),
        ("é ß → ≤ α", r"é ß \ensuremath{\rightarrow} \ensuremath{\leq} \ensuremath{\alpha}"),
        ("emoji 🧪 מ", "emoji ? ?"),
    ],
)
def test_tex_text_escapes_latex(text: str, tex: str) -> None:
    assert tex_line(text) == tex


def test_tex_text_breaks_lines_without_empty_lines() -> None:
    assert tex_text("a\nb") == r"a\\{}b"
    assert tex_text("\n[x]") == r"\mbox{}\\{}[x]"  # ``\\[x]`` would be a spacing


def test_tikz_coordinates_stay_within_what_tex_reads() -> None:
    doc = Document()
    for i, (x, y) in enumerate([(-1e9, 0.0), (1e9, 1e9), (0.0, 5.0)]):
        doc.insert_node(Node(f"s{i}", f"Stage {i}", position=(x, y)))
    doc.insert_edge(Edge("s0", "s1", route=[(5e8, -1e9)]))
    numbers = re.findall(r"\((-?[\d.]+),(-?[\d.]+)\)", to_tikz(doc))
    assert len(numbers) == 4  # three stages and a bend
    assert all(0 <= float(v) <= 14_000 for pair in numbers for v in pair)


@needs_latex
@pytest.mark.parametrize("which", ["seed", "hostile"])
def test_pdflatex_compiles_the_tikz_figure(which: str, tmp_path: Path, seed_doc) -> None:
    doc = seed_doc if which == "seed" else hostile_document()
    tex = export_bytes(doc, "tex", ExportOptions(get_theme("default"))).decode("utf-8")
    assert tex.splitlines()[1].startswith(r"\documentclass[tikz")
    pdf = pdflatex(tex, tmp_path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    words = " ".join(text.split())
    if which == "seed":
        for node in doc.nodes:
            assert node.label in words
    else:
        assert "<script>alert(1)</script>" in words  # set by LaTeX, as written


@needs_latex
def test_export_steps_to_tex_is_a_beamer_frame_with_overlays(tmp_path: Path) -> None:
    out = tmp_path / "deck.tex"
    assert main(["export", str(EXAMPLE), "-o", str(out), "--steps"]) == 0
    tex = out.read_text(encoding="utf-8")
    assert r"\documentclass[aspectratio=169]{beamer}" in tex
    count = len(frames(load(EXAMPLE)))
    assert rf"\uncover<{count}->" in tex and r"\uncover<1->" in tex
    pdf = pdflatex(tex, tmp_path, "deck")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+(\d+)", info).group(1) == str(count)  # a slide per step


def test_the_cli_writes_each_exchange_format_and_refuses_a_size(tmp_path: Path, capsys) -> None:
    for suffix in ("dot", "mmd", "graphml", "drawio", "tex"):
        out = tmp_path / f"seed.{suffix}"
        assert main(["export", str(EXAMPLE), "-o", str(out)]) == 0
        assert out.stat().st_size > 500
    assert main(["export", str(EXAMPLE), "-o", str(tmp_path / "x.dot"), "--size", "column"]) == 2
    assert "--size applies to figures" in capsys.readouterr().err
    assert main(["export", str(EXAMPLE), "-o", str(tmp_path / "x.dot"), "--steps"]) == 2
    assert ".tex (a Beamer deck)" in capsys.readouterr().err


def test_stages_without_positions_are_placed_on_a_copy(seed_doc) -> None:
    for node in seed_doc.nodes:
        node.position = None
    placed, boxes = laid_out(seed_doc, get_theme("default"))
    assert all(n.position is None for n in seed_doc.nodes)  # the document is untouched
    xs = [boxes[n.id].x for n in placed.nodes]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)  # a chain, left to right


def test_a_model_without_positions_is_laid_out_with_its_groups() -> None:
    """The copy laid out for an exchange format keeps the groups (the layout keeps a
    group's stages together), as the editor lays the model out on open."""
    from mesadiagram.formats import load as load_model
    from mesadiagram.render import exchange_export
    from mesadiagram.render.theme import DEFAULT_THEME
    from tests.conftest import ROOT

    doc = load_model(ROOT / "examples" / "mesa_optimization_phases.yaml")
    for node in doc.nodes:
        node.position = None
    placed, _boxes = exchange_export.laid_out(doc, DEFAULT_THEME)
    assert placed is not doc and placed.groups == doc.groups
    assert all(node.position is not None for node in placed.nodes)
