"""The rules docs/analysis.md states, one by one: path order and the cap, ``risk`` in
JSON, a root that is an outcome, probabilities on stages that are not roots."""

from __future__ import annotations

import json

import pytest

from mesadiagram.analysis.report import analyse, as_json
from mesadiagram.analysis.structure import MAX_PATHS
from mesadiagram.analysis.text_report import render_text
from mesadiagram.cli import main
from mesadiagram.formats import save
from mesadiagram.model import Annotation, Document, Edge, Node


def test_paths_follow_the_document_order_of_links_not_ids() -> None:
    doc = Document("order")
    for n in ("root", "zeta", "alpha", "mid", "end"):
        doc.insert_node(Node(n, n.title()))
    for u, v in (("root", "zeta"), ("root", "alpha"), ("root", "mid"), ("zeta", "end")):
        doc.insert_edge(Edge(u, v))
    doc.insert_edge(Edge("alpha", "end"))
    doc.insert_edge(Edge("mid", "end"))
    paths = analyse(doc).structure.paths
    assert paths == [["root", "zeta", "end"], ["root", "alpha", "end"], ["root", "mid", "end"]]


def test_a_capped_path_count_is_the_number_listed_and_says_capped() -> None:
    doc = Document("many paths")
    layers = 12  # 2^11 = 2,048 paths through pairs of stages
    doc.insert_node(Node("s", "S"))
    previous = ["s"]
    for i in range(layers - 1):
        pair = [f"a{i}", f"b{i}"]
        for n in pair:
            doc.insert_node(Node(n, n))
            for p in previous:
                doc.insert_edge(Edge(p, n))
        previous = pair
    doc.insert_node(Node("t", "T", outcome=True))
    for p in previous:
        doc.insert_edge(Edge(p, "t"))
    a = analyse(doc, sensitivity=False)
    data = as_json(a)
    assert data["paths_capped"] is True
    assert data["path_count"] == len(data["paths"]) == MAX_PATHS
    assert f"Paths to an outcome: more than {MAX_PATHS} (the first {MAX_PATHS} listed)" in (
        render_text(doc, a)
    )
    assert f"more than {MAX_PATHS} paths; only the first {MAX_PATHS} listed" in [
        w.text for w in a.warnings
    ]
    small = analyse(Document("empty"))
    assert as_json(small)["paths_capped"] is False


def test_risk_is_always_in_the_json(tmp_path, capsys) -> None:
    doc = Document("no outcome")
    for n in ("a", "b"):
        doc.insert_node(Node(n, n.upper()))
    doc.insert_edge(Edge("a", "b", probability=0.5))
    doc.insert_edge(Edge("b", "a", probability=0.5))  # a cycle: no root, no outcome
    path = tmp_path / "cycle.yaml"
    save(doc, path)
    assert main(["analyze", "--json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["outcomes"] == [] and data["risk"] == {}  # computed, nothing to report
    assert list(data)[-1] == "risk"
    assert "Risk (probability the outcome is reached):\n  none: no outcome" in (
        render_text(doc, analyse(doc))
    )
    doc.edges[0].probability = doc.edges[1].probability = None
    assert as_json(analyse(doc))["risk"] is None  # no probability: not computed


def root_outcome() -> Document:
    """``r`` has no incoming link and is marked an outcome; it leads on to ``o``."""
    doc = Document("root outcome")
    doc.insert_node(Node("r", "R", probability=0.3, outcome=True))
    doc.insert_node(Node("a", "A"))
    doc.insert_node(Node("o", "O", outcome=True))
    doc.insert_edge(Edge("r", "a", probability=0.5, annotations=[Annotation("intervention", "x")]))
    doc.insert_edge(Edge("a", "o", probability=0.4, annotations=[Annotation("intervention", "y")]))
    return doc


def test_a_root_that_is_an_outcome_is_a_path_of_one_stage() -> None:
    a = analyse(root_outcome())
    assert a.structure.paths == [["r"], ["r", "a", "o"]]
    assert as_json(a)["path_count"] == 2
    assert a.coverage.defence_in_depth == 0  # reached with no link at all
    assert a.coverage.cut_sets == []  # no intervention can stop it
    assert a.coverage.critical == []
    assert a.risk["r"].baseline.value == pytest.approx(0.3)
    assert a.risk["o"].baseline.value == pytest.approx(0.3 * 0.5 * 0.4)
    text = render_text(root_outcome(), a)
    assert "Paths to an outcome: 2\n  R\n  R → A → O\n" in text


def test_a_probability_on_a_stage_with_incoming_links_is_not_used_and_says_so() -> None:
    doc = Document("priors")
    doc.insert_node(Node("r", "Root", probability=0.5))
    doc.insert_node(Node("m", "Middle", probability=0.2))
    doc.insert_node(Node("o", "End", probability=0.9))
    doc.insert_edge(Edge("r", "m", probability=0.8))
    doc.insert_edge(Edge("m", "o"))
    a = analyse(doc)
    assert a.risk["o"].baseline.value == pytest.approx(0.5 * 0.8)  # 0.2 and 0.9 unused
    (warning,) = [w for w in a.warnings if "not used" in w.text]
    assert warning.text == (
        "probabilities on stages m, o not used: only a root (a stage with no incoming "
        "link) has a prior; give the probability to their incoming links instead"
    )
    assert "Middle, End" in warning.editor and warning.ids == ("m", "o")
    doc.node("o").probability = None
    (one,) = [w for w in analyse(doc).warnings if "not used" in w.text]
    assert one.text.startswith("probability on stage m not used")
