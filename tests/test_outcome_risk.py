"""Risk written on outcome stages: View > Risk on Outcomes on the canvas, `export --risk`
in figures (the box grows to hold it), and the closing card's numbers labelled exact or
estimate."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QSettings

from mesadiagram.analysis.report import OutcomeRisk, analyse
from mesadiagram.analysis.risk import Estimate
from mesadiagram.cli import main
from mesadiagram.formats import save
from mesadiagram.model.commands import SetEdgeFields
from mesadiagram.presentation.summary import closing_summary, risk_line
from mesadiagram.render.outcome_risk import document_with_risk, risk_text, risk_texts
from mesadiagram.ui.main_window import MainWindow
from mesadiagram.ui.outcome_risk import SETTING
from tests.conftest import EXAMPLE
from tests.sensitivity_support import complete_doc, seed_with_credences

SVG = "{http://www.w3.org/2000/svg}"
SEED_LINE = "risk 0.0162 → 0.00114 with interventions"


def test_risk_text_labels_estimates_and_the_interventions() -> None:
    exact = Estimate(0.42, True)
    assert risk_text(OutcomeRisk(exact, exact)) == "risk 0.42"
    assert (
        risk_text(OutcomeRisk(exact, Estimate(0.1, True))) == "risk 0.42 → 0.1 with interventions"
    )
    guess = Estimate(0.3123, False, 0.0041, 20000)
    assert risk_text(OutcomeRisk(guess, guess)) == "risk 0.312 ± 0.0041"
    doc = seed_with_credences()
    assert risk_texts(analyse(doc, sensitivity=False)) == {"catastrophe": SEED_LINE}
    assert risk_texts(analyse(complete_doc(), sensitivity=False))["s8"].count("±") == 2


def test_the_drawn_copy_carries_the_line_the_model_does_not() -> None:
    doc = seed_with_credences()
    texts = {"catastrophe": SEED_LINE}
    copy, stage_text = document_with_risk(doc, texts, True)
    assert stage_text and copy.node("catastrophe").text.startswith(SEED_LINE + "\n")
    assert copy.node("misalignment").text == doc.node("misalignment").text
    assert not doc.node("catastrophe").text.startswith("risk")  # (the model is untouched)
    bare, stage_text = document_with_risk(doc, texts, False)
    assert stage_text  # (the risk line is drawn as the stage's text: the others go)
    assert bare.node("catastrophe").text == SEED_LINE and bare.node("misalignment").text == ""


def _window(qtbot, path: Path) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_path(path)
    runner = window.analysis
    qtbot.waitUntil(lambda: not runner.is_busy() and runner.result is not None, timeout=20000)
    return window


def test_view_risk_on_outcomes_grows_the_outcome_and_follows_edits(qtbot, tmp_path) -> None:
    path = tmp_path / "seed.yaml"
    save(seed_with_credences(), path)
    window = _window(qtbot, path)
    action = window.actions_by_name["outcome_risk"]
    assert not action.isChecked()  # (off at first)
    item = window.scene.node_item("catastrophe")
    other = window.scene.node_item("deployment")
    plain, other_box = item.geo.rect, other.geo.rect
    assert not item.geo.text_lines[0].startswith("risk")
    action.trigger()
    assert window.session.view_state.show_outcome_risk
    assert QSettings().value(SETTING) in (True, "true")  # remembered for the next windows
    assert " ".join(item.geo.text_lines).startswith(SEED_LINE)
    assert item.geo.rect.height() > plain.height()  # the box grows to hold it
    assert other.geo.rect == other_box  # (only outcomes)
    # An edit: the new number, once the analysis has run again.
    window.session.run(SetEdgeFields("unanticipated-behaviour->catastrophe", probability=0.6))
    qtbot.waitUntil(lambda: item.geo.text_lines[0].startswith("risk 0.0324"), timeout=20000)
    action.trigger()
    assert not item.geo.text_lines[0].startswith("risk")
    assert item.geo.rect == plain
    # A new window starts as the last one was left.
    action.trigger()
    other_file = tmp_path / "other.yaml"  # (the first window holds the first file)
    save(seed_with_credences(), other_file)
    second = _window(qtbot, other_file)
    assert second.actions_by_name["outcome_risk"].isChecked()
    assert second.scene.node_item("catastrophe").geo.text_lines[0].startswith("risk")


def test_without_credences_nothing_is_written(qtbot) -> None:
    window = _window(qtbot, EXAMPLE)
    window.actions_by_name["outcome_risk"].trigger()
    item = window.scene.node_item("catastrophe")
    assert not any(line.startswith("risk") for line in item.geo.text_lines)


def _node_group(svg: Path, node_id: str) -> ET.Element:
    root = ET.parse(svg).getroot()
    return next(g for g in root.iter(f"{SVG}g") if g.get("id") == f"node-{node_id}")


def _texts(group: ET.Element) -> str:
    return " ".join(" ".join(t.itertext()) for t in group.iter(f"{SVG}text"))


def _box_height(group: ET.Element) -> float:
    shape = next(e for e in group if e.tag in (f"{SVG}rect", f"{SVG}path"))
    return float(shape.get("height", 0))


def test_export_risk_writes_it_in_the_figure(tmp_path: Path, capsys) -> None:
    path = tmp_path / "seed.yaml"
    save(seed_with_credences(), path)
    plain, risky = tmp_path / "plain.svg", tmp_path / "risk.svg"
    assert main(["export", str(path), "-o", str(plain)]) == 0
    assert main(["export", str(path), "-o", str(risky), "--risk"]) == 0
    group = _node_group(risky, "catastrophe")
    words = _texts(group)
    assert "risk 0.0162 → 0.00114 with interventions" in " ".join(words.split())
    assert "loss of value" in words  # (its own text still under it)
    assert _box_height(group) > _box_height(_node_group(plain, "catastrophe"))
    assert "risk" not in _texts(_node_group(risky, "deployment"))
    # Without stage texts, the risk line alone.
    bare = tmp_path / "bare.svg"
    assert main(["export", str(path), "-o", str(bare), "--risk", "--no-stage-text"]) == 0
    assert "risk 0.0162" in _texts(_node_group(bare, "catastrophe"))
    assert "loss of value" not in _texts(_node_group(bare, "catastrophe"))
    assert "mesa objective" not in _texts(_node_group(bare, "misalignment"))
    # The model file is untouched.
    assert "risk 0.0162" not in path.read_text(encoding="utf-8")


def test_export_risk_needs_credences_and_a_figure(tmp_path: Path, capsys) -> None:
    out = tmp_path / "x.svg"
    assert main(["export", str(EXAMPLE), "-o", str(out), "--risk"]) == 2
    assert "--risk needs credences" in capsys.readouterr().err and not out.exists()
    path = tmp_path / "seed.yaml"
    save(seed_with_credences(), path)
    assert main(["export", str(path), "-o", str(tmp_path / "x.dot"), "--risk"]) == 2
    assert "--risk applies to one figure" in capsys.readouterr().err


def test_the_closing_card_labels_its_numbers() -> None:
    card = closing_summary(seed_with_credences())
    risk = next(s for s in card.sections if s.heading == "Risk")
    assert risk.lines == ("Catastrophe: 1.6% without interventions, 0.11% with them (exact)",)
    guess = Estimate(0.6874, False, 0.0033, 20000)
    line = risk_line("Stage 8", OutcomeRisk(guess, Estimate(0.6594, False, 0.0034, 20000)))
    assert line == "Stage 8: 69% ± 0.33% without interventions, 66% ± 0.34% with them (estimates)"
    mixed = risk_line("C", OutcomeRisk(Estimate(1.0, True), guess))
    assert mixed == "C: 100% (exact) without interventions, 69% ± 0.33% (estimate) with them"
    estimated = closing_summary(complete_doc())
    assert (
        next(s for s in estimated.sections if s.heading == "Risk").lines[0].endswith("(estimates)")
    )
