"""`mesadiagram compare` and `analyze --scenario`: each outcome's risk as drawn and under
every scenario, the same numbers as the analysis of each scenario, every number exact or
an estimate with its error; exit codes 0 and 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mesadiagram.analysis.compare import compare, compare_text
from mesadiagram.analysis.report import analyse
from mesadiagram.cli import main
from mesadiagram.formats import dumps, load
from mesadiagram.model import Document, Edge, Node
from mesadiagram.model.scenarios import Scenario

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "mesa_optimization_scenarios.yaml"


@pytest.fixture(name="doc")
def _doc() -> Document:
    return load(EXAMPLE)


def test_each_row_is_the_analysis_under_its_scenario(doc: Document) -> None:
    c = compare(doc)
    assert [row.name for row in c.rows] == [None, *(s.name for s in doc.scenarios)]
    assert len(doc.scenarios) == 5
    for row in c.rows:
        a = analyse(doc, sensitivity=False, scenario=row.scenario)
        for outcome, r in row.risk.items():
            expected = a.risk[outcome]
            assert r.baseline.value == pytest.approx(expected.baseline.value, abs=1e-15)
            assert r.with_interventions.value == pytest.approx(
                expected.with_interventions.value, abs=1e-15
            )
            assert r.with_interventions_range.low.value == pytest.approx(
                expected.with_interventions_range.low.value, abs=1e-15
            )
            assert r.with_interventions_range.median is None  # (bounds only: fast)


def test_a_scenario_is_the_model_with_its_changes_made(doc: Document) -> None:
    """``analyse(doc, scenario=s)`` equals the analysis of a copy edited by hand."""
    s = doc.scenario("deceptive-mesa")
    edited = doc.copy()
    edited.update_edge("misalignment->deployment", probability=0.9)
    a = analyse(doc, scenario=s)
    b = analyse(edited, disabled_interventions=s.off)
    assert a.risk["catastrophe"] == b.risk["catastrophe"]
    assert [x.when_1 for x in a.sensitivity] == [x.when_1 for x in b.sensitivity]


def test_the_text_table(doc: Document, capsys) -> None:
    assert main(["compare", str(EXAMPLE)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == doc.title
    rows = {line.split("  ")[0]: line for line in lines if "(exact)" in line}
    assert list(rows) == [
        "No interventions",
        "As drawn",
        "Deployment checks fail (deployment-checks-fail)",
        "Only robustness work succeeds (robustness-only)",
        "Pessimistic credences (pessimistic)",
        "Optimistic credences (optimistic)",
        "Deceptive mesa-optimizer (deceptive-mesa)",
    ]
    c = compare(doc)
    shown = f"{c.rows[3].risk['catastrophe'].with_interventions.value:.4g} (exact)"
    assert shown in rows["Pessimistic credences (pessimistic)"]
    header = next(line for line in lines if "Catastrophe" in line and "bounds" in line)
    assert header.index("Catastrophe") == rows["As drawn"].index("0.001 (exact)")


def test_the_json_object(doc: Document, capsys) -> None:
    assert main(["compare", "--json", str(EXAMPLE)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["outcomes"] == ["catastrophe"]
    assert [s["name"] for s in data["scenarios"]] == [None, *(s.name for s in doc.scenarios)]
    first = data["scenarios"][0]
    assert first["title"] == "As drawn"
    risk = first["risk"]["catastrophe"]
    assert risk["exact"] is True and set(risk["ranges"]) == {"baseline", "with_interventions"}
    assert set(risk["ranges"]["baseline"]) == {"low", "high", "exact"}


def test_estimates_are_labelled_with_their_errors(capsys, tmp_path) -> None:
    doc = Document("complete")
    for i in range(8):
        doc.insert_node(Node(f"s{i}", f"S{i}", outcome=i == 7))
    for i in range(8):
        for j in range(i + 1, 8):
            doc.insert_edge(Edge(f"s{i}", f"s{j}", probability=0.3))
    doc.set_scenarios((Scenario("low", probabilities={"s0->s1": 0.1}),))
    path = tmp_path / "complete.yaml"
    path.write_text(dumps(doc), encoding="utf-8")
    assert main(["compare", str(path)]) == 0
    out = capsys.readouterr().out
    assert "an estimate is from 20,000 Monte Carlo samples, ± one standard error" in out
    low = next(line for line in out.splitlines() if line.startswith("low "))
    assert " ± " in low and "(estimate)" in low
    assert "some numbers are Monte Carlo estimates" in out
    assert main(["compare", "--json", str(path)]) == 0
    risk = json.loads(capsys.readouterr().out)["scenarios"][1]["risk"]["s7"]
    assert risk["exact"] is False and risk["stderr"]["with_interventions"] > 0


def test_a_model_without_scenarios_or_credences(capsys) -> None:
    seed = ROOT / "examples" / "mesa_optimization.yaml"
    assert main(["compare", str(seed)]) == 0
    assert "No link has a probability: risk is not computed." in capsys.readouterr().out
    assert main(["compare", "--json", str(seed)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scenarios"] == [{"name": None, "title": "As drawn", "risk": None}]


def test_bad_input_exits_2(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("mesadiagram: 2\nscenarios:\n  - name: s\n    off: [nope]\n", "utf-8")
    assert main(["compare", str(bad)]) == 2
    assert "no intervention with id 'nope'" in capsys.readouterr().err
    assert main(["compare", str(tmp_path / "missing.yaml")]) == 2


def test_analyze_with_a_scenario(capsys) -> None:
    assert main(["analyze", str(EXAMPLE), "--scenario", "deceptive-mesa"]) == 0
    out = capsys.readouterr().out
    assert "Scenario: Deceptive mesa-optimizer (deceptive-mesa)\n" in out
    assert "  off: don’t deploy misaligned mesa-optimizer (Misalignment → Deployment)\n" in out
    assert "  probability of link Misalignment → Deployment: 0.9\n" in out
    assert main(["analyze", "--json", str(EXAMPLE), "--scenario", "optimistic"]) == 0
    risk = json.loads(capsys.readouterr().out)["risk"]["catastrophe"]
    doc = load(EXAMPLE)
    expected = analyse(doc, scenario=doc.scenario("optimistic")).risk["catastrophe"]
    assert risk["with_interventions"] == pytest.approx(expected.with_interventions.value)
    assert main(["analyze", str(EXAMPLE), "--scenario", "optimist"]) == 2
    assert "no scenario 'optimist' (did you mean 'optimistic'?)" in capsys.readouterr().err
    seed = ROOT / "examples" / "mesa_optimization.yaml"
    assert main(["analyze", str(seed), "--scenario", "x"]) == 2
    assert "the file has no scenarios" in capsys.readouterr().err


def test_the_editor_table_in_the_analysis_process(doc: Document) -> None:
    labels, rows = compare_text(dumps(doc))
    assert labels == ["Catastrophe"]
    assert [(key, title) for key, title, _ in rows][:3] == [
        (None, "No interventions"),
        ("", "As drawn"),
        ("deployment-checks-fail", "Deployment checks fail"),
    ]
    risk, spread = rows[1][2][0]
    assert risk.exact and spread is not None and spread.low.value < risk.value
    assert compare_text(dumps(load(ROOT / "examples" / "mesa_optimization.yaml"))) == ([], [])
