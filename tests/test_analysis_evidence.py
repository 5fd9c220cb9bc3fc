"""The analysis counts only links whose type carries risk: evidence (``supports``,
``undermines``, declared types with ``carries_risk: false``) is drawn and presented but
changes no path, cut set, risk or outcome."""

from __future__ import annotations

import json

import pytest

from mesadiagram.analysis.graph import link_graph
from mesadiagram.analysis.outcomes import dead_ends, is_outcome, outcomes_of
from mesadiagram.analysis.report import analyse, as_json
from mesadiagram.analysis.structure import roots_of
from mesadiagram.cli import main
from mesadiagram.formats import dumps
from mesadiagram.model import Annotation, Document, Edge, LinkType, Node
from mesadiagram.presentation.frames import frames
from mesadiagram.presentation.shown import shown_copy
from mesadiagram.presentation.steps import generated_steps


def cut(effect: float) -> list[Annotation]:
    return [Annotation("intervention", "cut", effect=effect)]


def defended_chain() -> Document:
    """r -> a -> b -> o, every link uncertain and defended, o the marked outcome."""
    doc = Document("chain")
    doc.set_link_types(
        {
            "no": LinkType("no", "No", carries_risk=False),
            "yes": LinkType("yes", "Yes", line="dashed"),  # carries risk, by default
        }
    )
    for name in ("r", "a", "b", "o"):
        doc.insert_node(Node(name, name.upper(), outcome=name == "o"))
    doc.insert_edge(Edge("r", "a", probability=0.5, annotations=cut(0.5)))
    doc.insert_edge(Edge("a", "b", probability=0.8, annotations=cut(0.5)))
    doc.insert_edge(Edge("b", "o", probability=0.9, annotations=cut(0.5)))
    return doc


def shortcut(doc: Document, kind: str) -> Document:
    """The chain with a certain link from the root straight to the outcome."""
    doc.insert_edge(Edge("r", "o", probability=1.0, type=kind, id="shortcut"))
    return doc


@pytest.mark.parametrize("kind", ["supports", "undermines", "no"])
def test_an_evidence_link_that_would_open_a_path_changes_nothing(kind: str) -> None:
    plain = as_json(analyse(defended_chain()))
    with_evidence = analyse(shortcut(defended_chain(), kind))
    assert as_json(with_evidence) == plain
    assert plain["cut_sets"] == [["r->a"], ["a->b"], ["b->o"]]
    assert plain["risk"]["o"]["baseline"] == pytest.approx(0.5 * 0.8 * 0.9)
    assert plain["defence_in_depth"] == 3 and plain["paths"] == [["r", "a", "b", "o"]]


@pytest.mark.parametrize("kind", ["causes", "enables", "yes"])
def test_a_link_that_carries_risk_opens_the_path(kind: str) -> None:
    result = as_json(analyse(shortcut(defended_chain(), kind)))
    assert result["paths"] == [["r", "a", "b", "o"], ["r", "o"]]
    assert result["cut_sets"] == []  # the shortcut has no intervention
    assert result["unmitigated_links"] == ["shortcut"]
    assert result["defence_in_depth"] == 0
    assert result["risk"]["o"]["baseline"] == pytest.approx(1.0)


def test_evidence_is_not_in_the_link_graph() -> None:
    doc = shortcut(defended_chain(), "supports")
    doc.insert_edge(Edge("a", "b", type="undermines"))  # parallel to a counted link
    lg = link_graph(doc)
    assert set(lg.arc) == {"r->a", "a->b", "b->o"}
    assert lg.graph.number_of_nodes() == len(doc.nodes)  # no virtual stage for a->b-2


def test_changing_a_links_type_changes_the_analysis() -> None:
    doc = shortcut(defended_chain(), "supports")
    assert analyse(doc).coverage.cut_sets == [["r->a"], ["a->b"], ["b->o"]]
    doc.update_edge("shortcut", type="enables")
    assert analyse(doc).coverage.cut_sets == []
    doc.set_link_types({**doc.link_types, "no": LinkType("no", "No")})  # now carries risk
    doc.update_edge("shortcut", type="no")
    assert analyse(doc).coverage.cut_sets == []


def test_evidence_neither_ends_a_chain_nor_makes_an_outcome() -> None:
    """No stage marked: dead ends are the outcomes, found over counted links only."""
    doc = Document()
    for name in ("r", "a", "claim", "study"):
        doc.insert_node(Node(name, name.title()))
    doc.insert_edge(Edge("r", "a"))
    doc.insert_edge(Edge("a", "claim", type="supports"))  # a still ends the chain
    doc.insert_edge(Edge("study", "r", type="undermines"))  # a study is no root
    assert outcomes_of(doc) == ["a"] and dead_ends(doc) == ["a"]
    assert not is_outcome(doc, doc.node("claim"))
    assert roots_of(doc) == ["r"]
    result = analyse(doc)
    assert result.structure.roots == ["r"] and result.structure.paths == [["r", "a"]]
    assert not any("not connected" in w.text for w in result.warnings)
    doc.update_edge("a->claim", type="causes")  # now the claim is where the chain ends
    assert outcomes_of(doc) == ["claim"]


def test_an_isolated_stage_is_still_reported() -> None:
    doc = defended_chain()
    doc.insert_node(Node("loose", "Loose"))
    assert any(w.ids == ("loose",) for w in analyse(doc).warnings)


def test_probabilities_on_evidence_do_not_make_a_risk() -> None:
    doc = Document()
    for name in ("r", "o", "s"):
        doc.insert_node(Node(name, name.upper(), outcome=name == "o"))
    doc.insert_edge(Edge("r", "o"))
    doc.insert_edge(Edge("s", "o", probability=0.3, type="supports"))
    assert analyse(doc).risk == {}
    assert generated_steps(doc)[-1].summary is False  # no closing risk summary either
    doc.update_edge("r->o", probability=0.4)
    assert analyse(doc).risk["o"].baseline.value == pytest.approx(0.4)


def test_an_intervention_on_evidence_cuts_nothing() -> None:
    doc = shortcut(defended_chain(), "supports")
    doc.update_edge("b->o", probability=0.9)
    doc.set_annotations("shortcut", cut(1.0))
    result = analyse(doc)
    assert result.coverage.cut_sets == [["r->a"], ["a->b"], ["b->o"]]
    assert "shortcut" in result.coverage.intervened
    assert any(w.ids == ("shortcut",) for w in result.warnings)  # on no path


def test_evidence_links_are_presented_with_their_stages() -> None:
    doc = shortcut(defended_chain(), "supports")
    shown = frames(doc)
    assert "shortcut" in shown[-1].links
    first = next(f for f in shown if "shortcut" in f.new_links)
    assert {"r", "o"} <= first.stages
    copy = shown_copy(doc)
    assert copy.edge("shortcut").type == "supports" and copy.link_types == doc.link_types


def test_analyze_reads_typed_links_from_a_file(tmp_path, capsys) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(dumps(shortcut(defended_chain(), "no")), encoding="utf-8")
    assert main(["analyze", "--json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["cut_sets"] == [["r->a"], ["a->b"], ["b->o"]]
