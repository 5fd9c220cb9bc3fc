"""Which stages are outcomes: marked ones when the document marks any, else its dead ends;
and how the analysis and ``mesadiagram analyze`` say which rule applies."""

from __future__ import annotations

import itertools
import json
import re

from mesadiagram.analysis.outcomes import dead_ends, is_outcome, marks_outcomes, outcomes_of
from mesadiagram.analysis.report import analyse, as_json
from mesadiagram.analysis.text_report import render_text
from mesadiagram.cli import main
from mesadiagram.formats import load, save
from mesadiagram.model import Annotation, Document, Edge, Node
from tests.conftest import EXAMPLE


def _chain(*ids: str, marked: tuple[str, ...] = ()) -> Document:
    doc = Document("t")
    for n in ids:
        doc.insert_node(Node(n, n.upper(), outcome=n in marked))
    for u, v in itertools.pairwise(ids):
        doc.insert_edge(Edge(u, v, annotations=[Annotation("intervention", f"cut {u}{v}")]))
    return doc


def _after(doc: Document, anchor: str, new: str) -> None:
    """What Tab on ``anchor`` does: a stage after it, linked from it."""
    doc.insert_node(Node(new, new.upper()))
    doc.insert_edge(Edge(anchor, new))


# -- the rule ------------------------------------------------------------------------------
def test_without_marks_dead_ends_are_the_outcomes() -> None:
    doc = _chain("a", "b", "c")
    doc.insert_node(Node("alone", "Alone"))  # no link at all: not a dead end
    assert not marks_outcomes(doc)
    assert outcomes_of(doc) == ["c"] == dead_ends(doc)
    _after(doc, "b", "d")  # a second dead end: an outcome too
    assert outcomes_of(doc) == ["c", "d"]
    s = analyse(doc).structure
    assert (s.outcomes, s.outcomes_marked, s.dead_ends) == (["c", "d"], False, ["c", "d"])


def test_with_a_mark_only_marked_stages_are_outcomes() -> None:
    doc = _chain("a", "b", "c", marked=("c",))
    _after(doc, "b", "d")
    assert marks_outcomes(doc)
    assert outcomes_of(doc) == ["c"]
    assert dead_ends(doc) == ["d"]  # a dead end, not an outcome
    assert not is_outcome(doc, doc.node("d"))
    assert is_outcome(doc, doc.node("d"), marked=False)  # (what the old rule said)
    doc.update_node("d", outcome=True)
    assert outcomes_of(doc) == ["c", "d"] and dead_ends(doc) == []


def test_a_marked_stage_that_leads_on_stays_an_outcome() -> None:
    doc = _chain("a", "b", "c", marked=("b",))
    assert outcomes_of(doc) == ["b"]
    assert analyse(doc).structure.paths == [["a", "b"]]


def test_adding_a_stage_after_one_leaves_the_example_analysis_unchanged() -> None:
    doc = load(EXAMPLE)
    before = analyse(doc)
    assert before.structure.outcomes == ["catastrophe"] and before.structure.outcomes_marked
    assert (len(before.coverage.cut_sets), len(before.coverage.unmitigated)) == (6, 0)
    assert all(len(cut) == 1 for cut in before.coverage.cut_sets)
    _after(doc, "deployment", "copied")
    after = analyse(doc)
    assert after.coverage.cut_sets == before.coverage.cut_sets
    assert after.coverage.unmitigated == [] and after.structure.paths == before.structure.paths
    assert after.structure.dead_ends == ["copied"]
    # reported apart from the stages no outcome can be reached from
    assert not any("copied" in w.text for w in after.warnings)
    doc.update_node("copied", outcome=True)  # marked: now the analysis is about it too
    marked = analyse(doc)
    assert marked.structure.outcomes == ["catastrophe", "copied"]
    assert len(marked.coverage.cut_sets) == 3
    assert marked.coverage.unmitigated == ["deployment->copied"]


def test_without_marks_a_new_dead_end_changes_the_outcomes() -> None:
    doc = load(EXAMPLE)
    doc.update_node("catastrophe", outcome=False)
    assert analyse(doc).structure.outcomes == ["catastrophe"]
    _after(doc, "catastrophe", "aftermath")
    a = analyse(doc)
    assert a.structure.outcomes == ["aftermath"] and not a.structure.outcomes_marked
    assert a.coverage.unmitigated == ["catastrophe->aftermath"]


# -- how it is reported --------------------------------------------------------------------
def test_cli_says_which_rule_applies(tmp_path, capsys) -> None:
    doc = _chain("a", "b", "c")
    path = tmp_path / "m.yaml"
    save(doc, path)
    assert main(["analyze", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Outcomes: C\n" in out
    assert "no stage is marked 'outcome: true', so stages with no outgoing link count" in out
    assert main(["analyze", "--json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["outcomes"] == ["c"] and data["outcomes_marked"] is False
    assert data["dead_ends"] == ["c"]

    doc.update_node("c", outcome=True)
    _after(doc, "b", "d")
    save(doc, path)
    assert main(["analyze", "--json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["outcomes"], data["outcomes_marked"], data["dead_ends"]) == (["c"], True, ["d"])
    keys = list(data)
    assert keys[:5] == ["roots", "outcomes", "outcomes_marked", "dead_ends", "paths"]
    assert "Not outcomes: D (no outgoing link, not marked 'outcome: true')" in render_text(
        doc, analyse(doc)
    )


def test_warnings_in_the_editor_speak_of_the_editor_not_the_file() -> None:
    """Each warning has the CLI's wording (ids, file words) and the panel's (labels, the
    menus and fields to use); the panel's never shows file syntax."""
    empty = analyse(Document("empty"))
    assert [w.text for w in empty.warnings] == [
        "no outcome: mark a stage 'outcome: true' or end a chain"
    ]
    editor = empty.warnings[0].editor
    assert "outcome: true" not in editor
    assert "right-click it > Outcome" in editor and "Outcome in the Inspector" in editor

    doc = _chain("a", "b", "c", marked=("c",))
    doc.insert_edge(Edge("c", "b"))  # a cycle
    doc.insert_node(Node("x", "Loose stage"))
    doc.insert_node(Node("p", "P"))
    doc.insert_node(Node("q", "Q"))
    doc.insert_edge(Edge("p", "q", probability=0.5, annotations=[Annotation("intervention")]))
    a = analyse(doc)
    texts = [w.text for w in a.warnings]
    assert any(t.startswith("the model has cycles (") and "b -> c" in t for t in texts)
    # q is a dead end: listed apart (with how to mark it), not here
    assert "not connected to any outcome: x, p" in texts and a.structure.dead_ends == ["q"]
    assert "intervention on p -> q: no path to an outcome uses this link" in texts
    shown = [w.editor for w in a.warnings]
    assert any(t.startswith("The model has cycles (") and "B → C" in t for t in shown)
    assert "Not connected to any outcome: Loose stage, P" in shown
    assert "The intervention on P → Q is on no path to an outcome." in shown
    assert any("has no effect given (its Effect in the Inspector)" in t for t in shown)
    for w in a.warnings:
        assert not w.editor[0].islower() and "->" not in w.editor and "'" not in w.editor
    not_connected = next(w for w in a.warnings if w.text.startswith("not connected"))
    assert not_connected.ids == ("x", "p")  # the panel highlights them on a click
    assert as_json(a)["warnings"] == texts


def test_exports_draw_an_unmarked_dead_end_neutral() -> None:
    """Exports share the canvas's rule: the stage added after Deployment is drawn like any
    other stage, Catastrophe (marked) as an outcome; without the mark, the reverse."""
    from mesadiagram.render.export import ExportOptions, svg_text

    def box_style(svg: str, node_id: str) -> str:
        found = re.search(
            rf'id="node-{node_id}" class="node">\s*<title>[^<]*</title>\s*'
            r'<rect [^>]*class="(\w+)"',
            svg,
        )
        assert found, node_id
        return found.group(1)

    doc = load(EXAMPLE)
    doc.insert_node(Node("copied", "Copies spread", position=(1040.0, 160.0)))
    doc.insert_edge(Edge("deployment", "copied"))
    svg = svg_text(doc, ExportOptions())
    neutral, outcome = box_style(svg, "deployment"), box_style(svg, "catastrophe")
    assert neutral != outcome
    assert box_style(svg, "copied") == neutral
    doc.update_node("catastrophe", outcome=False)  # no mark: every dead end is an outcome
    svg = svg_text(doc, ExportOptions())
    assert box_style(svg, "copied") == box_style(svg, "catastrophe") != box_style(svg, "deployment")
