"""Importing DOT, Mermaid and GraphML written by other tools: stages, links and labels
come in, everything else is listed as skipped, and errors name the line and column."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from mesadiagram.cli import main
from mesadiagram.formats import FormatError, load
from mesadiagram.formats.exchange.dot_reader import read_dot, record_fields
from mesadiagram.formats.exchange.graphml_reader import read_graphml
from mesadiagram.formats.exchange.mermaid_reader import read_mermaid
from mesadiagram.formats.imports import IMPORT_FORMATS, ImportResult


def _links(result: ImportResult) -> list[tuple[str, str, str]]:
    return [(e.source, e.target, e.label) for e in result.document.edges]


def _labels(result: ImportResult) -> dict[str, str]:
    return {n.id: n.label for n in result.document.nodes}


def _error(read, text: str) -> tuple[int, int, str]:
    with pytest.raises(FormatError) as caught:
        read(text, "in.txt")
    problem = caught.value.problems[0]
    assert str(problem).startswith(f"in.txt:{problem.line}:{problem.column}: ")
    return problem.line, problem.column, problem.message


DOT_TEXT = r"""/* a threat model */
strict digraph "G" {
  graph [label="Threats", rankdir=LR]
  # a preprocessor line
  node [shape=box, color=grey];   // defaults
  a [label="Base\noptimizer", tooltip="the one we train"];
  "b c" [label="Mesa " + "optimizer"];
  a -> "b c" -> d [label="leads to"];
  subgraph cluster_deploy { label="Deployment"; d; e [label=<<B>Shift</B><BR/>&amp; more>] }
  {d e} -> f:port:n;
  rec [shape=Mrecord, label="{Misalignment|<p> Proxy|Side\ effect\}}"];
  f -> rec [label="x&amp;y \\ z"];
  rankdir = TB
}
"""


def test_dot_reads_stages_links_labels_and_reports_the_rest() -> None:
    result = read_dot(DOT_TEXT, "in.dot")
    doc = result.document
    assert doc.title == "Threats"
    assert _labels(result) == {
        "a": "Base\noptimizer",
        "b c": "Mesa optimizer",
        "d": "d",
        "e": "Shift\n& more",
        "f": "f",
        "rec": "Misalignment",
    }
    assert doc.node("a").text == "the one we train"
    assert [a.label for a in doc.node("rec").annotations] == ["Proxy", "Side effect}"]
    assert _links(result) == [
        ("a", "b c", "leads to"),
        ("b c", "d", "leads to"),
        ("d", "f", ""),
        ("e", "f", ""),
        ("f", "rec", "x&y \\ z"),
    ]
    skipped = "; ".join(result.skipped)
    assert "subgraphs flattened (cluster_deploy" in skipped
    assert "ports on edge ends (1)" in skipped
    assert "node attributes (color, shape" not in skipped  # shape: read for records
    assert "node attributes (color)" in skipped
    assert "graph attributes (rankdir)" in skipped


def test_dot_undirected_graphs_and_interventions() -> None:
    result = read_dot('graph { a -- b [label="x\\n✂ cut it\\n✂ and\\nthis"] }', "u.dot")
    edge = result.document.edges[0]
    assert (edge.source, edge.target, edge.label) == ("a", "b", "x")
    assert [a.label for a in edge.annotations] == ["cut it", "and this"]
    assert any("undirected" in s for s in result.skipped)


def test_record_fields_follow_graphviz() -> None:
    assert record_fields(r"{a|{b|c}}|d") == ["a", "b", "c", "d"]
    assert record_fields(r"  two   spaces  |\ kept\ \ two\ ") == ["two spaces", " kept  two "]
    assert record_fields(r"<p1> port|\<not a port\>") == ["port", "<not a port>"]


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("digraph {\n  a -> b\n", 3, 1, "expected '}'"),
        ('digraph {\n  a [label="open\n]\n}', 2, 12, "never closed"),
        ("graph {\n  a -> b\n}", 2, 5, "'->' in an undirected graph"),
        ("digraph {\n  a -> ;\n}", 2, 8, "expected a node"),
        ("flowchart LR\n  a --> b", 1, 1, "starts with 'graph' or 'digraph'"),
        ("digraph { a [label=] }", 1, 20, "attribute's value"),
        ("digraph {\n /* never closed", 2, 2, "never closed"),
    ],
)
def test_dot_errors_name_the_line_and_column(text: str, line: int, column: int, words: str) -> None:
    found = _error(read_dot, text)
    assert found[:2] == (line, column), found
    assert words in found[2]


MERMAID_TEXT = """---
title: "Threat: mesa"
config:
  theme: dark
---
%% a comment
%%{init: {"flowchart": {"curve": "basis"}}}%%
graph TD;
    A[Base optimizer] --> B(Mesa optimizer) & C{Misaligned?}
    B -->|"trains #quot;it#quot;<br>again"| D((Circle)) --> E>Flag]
    C -. maybe .-> F([Outcome]) == surely ==> G[["Sub"]]
    G --- H[(Db)] --o I{{Hex}} --x J[/Para/]
    J <--> K[\\Alt\\]
    K -- "quoted text" --> L
    L ~~~ A
    subgraph one [The first]
      direction LR
      M:::hot --> N
    end
    classDef hot fill:#f96
    style M fill:#f00
    click M "https://example.com"
"""


def test_mermaid_reads_shapes_links_labels_and_reports_the_rest() -> None:
    result = read_mermaid(MERMAID_TEXT, "in.mmd")
    doc = result.document
    assert doc.title == "Threat: mesa"
    labels = _labels(result)
    assert labels["A"] == "Base optimizer" and labels["C"] == "Misaligned?"
    assert [labels[k] for k in "DEFGHIJK"] == [
        "Circle", "Flag", "Outcome", "Sub", "Db", "Hex", "Para", "Alt"
    ]  # fmt: skip
    assert doc.node("F").outcome and not doc.node("A").outcome  # a stadium: an outcome
    assert _links(result) == [
        ("A", "B", ""),
        ("A", "C", ""),
        ("B", "D", 'trains "it"\nagain'),
        ("D", "E", ""),
        ("C", "F", "maybe"),
        ("F", "G", "surely"),
        ("G", "H", ""),
        ("H", "I", ""),
        ("I", "J", ""),
        ("J", "K", ""),
        ("K", "L", "quoted text"),
        ("M", "N", ""),
    ]
    skipped = "; ".join(result.skipped)
    for words in ("front matter (config)", "directives", "invisible links", "subgraphs"):
        assert words in skipped
    assert "styles and clicks (classDef, click, style)" in skipped
    assert "classes (hot)" in skipped


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("sequenceDiagram\n  A->>B: hi", 1, 1, "not a Mermaid flowchart"),
        ("flowchart LR\n  A[open --> B", 2, 4, "to close this"),
        ("flowchart LR\n  A --> B\n  end", 3, 3, "'end' without a subgraph"),
        ("flowchart LR\n  A --> B --> ", 2, 15, "expected a node's id"),
        ("flowchart LR\n  A B", 2, 5, "expected a link"),
        ('flowchart LR\n  A["never closed]', 2, 5, "never closed"),
        ("flowchart LR\n  subgraph x\n  A --> B", 3, 10, "never closed with 'end'"),
    ],
)
def test_mermaid_errors_name_the_line_and_column(
    text: str, line: int, column: int, words: str
) -> None:
    found = _error(read_mermaid, text)
    assert found[:2] == (line, column), found
    assert words in found[2]


def test_graphml_from_networkx_gives_stages_links_and_labels(tmp_path: Path) -> None:
    graph = nx.MultiDiGraph(title="From networkx")
    graph.add_node("x", label="Start", weight=3)
    graph.add_node("y")  # no label: its name
    graph.add_edge("x", "y", label="goes", colour="red")
    graph.add_edge("x", "y", label="again")
    path = tmp_path / "g.graphml"
    nx.write_graphml(graph, path)
    result = read_graphml(path.read_text(encoding="utf-8"), "g.graphml")
    assert result.document.title == "From networkx"
    assert _labels(result) == {"x": "Start", "y": "y"}
    assert _links(result) == [("x", "y", "goes"), ("x", "y", "again")]
    assert result.skipped == ["node data (weight)", "edge data (colour)"]


YED = """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key id="d6" for="node" yfiles.type="nodegraphics"/>
  <key id="d10" for="edge" yfiles.type="edgegraphics"/>
  <graph id="G" edgedefault="directed">
    <node id="n0"><data key="d6"><y:ShapeNode><y:Geometry x="10" y="20" width="90" height="30"/>
      <y:NodeLabel>Drawn in yEd</y:NodeLabel></y:ShapeNode></data></node>
    <node id="n1"><data key="d6"><y:ShapeNode><y:NodeLabel>Second</y:NodeLabel>
      </y:ShapeNode></data></node>
    <edge id="e0" source="n0" target="n1"><data key="d10"><y:PolyLineEdge>
      <y:EdgeLabel>yEd's label</y:EdgeLabel></y:PolyLineEdge></data></edge>
  </graph>
</graphml>
"""


def test_graphml_from_yed_reads_its_labels() -> None:
    result = read_graphml(YED, "y.graphml")
    assert _labels(result) == {"n0": "Drawn in yEd", "n1": "Second"}
    assert _links(result) == [("n0", "n1", "yEd's label")]
    assert result.document.edges[0].id == "e0"
    assert "positions and shapes (the model is laid out afresh)" in result.skipped


def test_graphml_errors_name_the_line_and_column() -> None:
    line, column, message = _error(read_graphml, "<graphml>\n  <graph>\n  </grph>\n</graphml>")
    assert (line, column) == (3, 5) and "not well-formed XML" in message
    _, _, message = _error(read_graphml, "<notgraphml/>")
    assert "GraphML" in message


@pytest.mark.parametrize("suffix", ["dot", "gv", "mmd", "graphml"])
def test_the_cli_imports_each_format_to_a_valid_laid_out_model(
    suffix: str, tmp_path: Path, capsys
) -> None:
    assert suffix in IMPORT_FORMATS
    source = tmp_path / f"in.{suffix}"
    source.write_text(
        {"dot": DOT_TEXT, "gv": DOT_TEXT, "mmd": MERMAID_TEXT, "graphml": YED}[suffix],
        encoding="utf-8",
    )
    out = tmp_path / "out.yaml"
    assert main(["import", str(source), "-o", str(out)]) == 0
    doc = load(out)  # a valid model file
    assert doc.nodes and all(n.position is not None for n in doc.nodes)
    assert "skipped" in capsys.readouterr().err  # one warning for what was left out


def test_the_cli_reports_an_import_error_with_its_place(tmp_path: Path, capsys) -> None:
    source = tmp_path / "bad.dot"
    source.write_text("digraph {\n  a -> \n}\n", encoding="utf-8")
    assert main(["import", str(source), "-o", str(tmp_path / "out.yaml")]) == 2
    assert f"{source}:3:1:" in capsys.readouterr().err
    assert not (tmp_path / "out.yaml").exists()
