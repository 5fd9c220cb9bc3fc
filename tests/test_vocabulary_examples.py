"""The two examples written for issue 13: a decision-style model (questions, Yes / No /
Defer links with their reasoning, a title and a how-to-read box) and the seed chain
grouped into phases. They load, validate, are canonical, and draw without a problem the
figure checker finds, in every theme."""

from __future__ import annotations

from pathlib import Path

import pytest

from mesadiagram.cli import main
from mesadiagram.formats import dumps
from mesadiagram.formats.reader import load_path
from mesadiagram.render.figure import build_figure
from mesadiagram.render.figure_check import check_figure
from mesadiagram.render.fit import fit_figure
from mesadiagram.render.target_size import parse_size
from mesadiagram.render.theme import available_themes

ROOT = Path(__file__).resolve().parent.parent / "examples"
DECISION = ROOT / "decision_hypotheses.yaml"
PHASES = ROOT / "mesa_optimization_phases.yaml"
SEED = ROOT / "mesa_optimization.yaml"
THEMES = ("default", "print", "colourblind", "dark")
# What the checker reports for a crowded figure that still hides nothing
CROWDED = ("crossed", "leader over link")


@pytest.mark.parametrize("path", [DECISION, PHASES], ids=["decision", "phases"])
def test_validates_and_is_canonical(path: Path, capsys) -> None:
    assert main(["validate", str(path)]) == 0
    assert main(["fmt", "--check", str(path)]) == 0
    doc = load_path(path)
    assert dumps(doc) == path.read_text(encoding="utf-8")  # round trip, byte for byte
    assert doc.copy() == doc  # (figures draw a copy: it keeps groups and boxes)


def test_the_decision_model_is_decision_style() -> None:
    doc = load_path(DECISION)
    assert [t.name for t in doc.link_types.values()] == ["yes", "no", "defer"]
    looks = {(t.line, t.head) for t in doc.link_types.values()}
    assert len(looks) == 3  # each answer its own line and head
    assert not doc.link_type("defer").carries_risk
    assert doc.link_type("yes").carries_risk and doc.link_type("no").carries_risk
    questions = [n for n in doc.nodes if n.stage_class == "question"]
    assert len(questions) >= 3
    for edge in doc.edges:
        if edge.type != "causes":
            assert edge.label and edge.text  # the answer on the arrow, its reasoning
    texts = [box.text for box in doc.boxes]
    assert any(text.startswith("# How to read this diagram") for text in texts)
    assert any("Clarifying some key hypotheses" in text for text in texts)


def test_the_phases_model_is_the_seed_chain_in_frames() -> None:
    seed, doc = load_path(SEED), load_path(PHASES)
    assert [n.label for n in doc.nodes] == [n.label for n in seed.nodes]
    assert [(e.source, e.target) for e in doc.edges] == [(e.source, e.target) for e in seed.edges]
    grouped = [stage for group in doc.groups for stage in group.stages]
    assert sorted(grouped) == sorted(n.id for n in doc.nodes)  # every stage in a phase
    assert [g.label for g in doc.groups] == ["Training", "Deployment", "Outcome"]


@pytest.mark.parametrize("path", [DECISION, PHASES], ids=["decision", "phases"])
@pytest.mark.parametrize("theme", THEMES)
def test_figures_at_natural_size_hide_nothing(path: Path, theme: str) -> None:
    doc = load_path(path)
    for detailed in (False, True):
        fig = build_figure(doc, available_themes()[theme], detailed=detailed)
        assert check_figure(fig) == [], (theme, detailed)
        assert fig.part_trouble == 0
        for rect in [*fig.parts.frames.values(), *fig.parts.boxes.values()]:
            assert fig.bounds.contains(rect)


@pytest.mark.parametrize("size", ["page", "slide"])
@pytest.mark.parametrize("theme", THEMES)
def test_the_decision_model_fits_page_and_slide(size: str, theme: str) -> None:
    doc = load_path(DECISION)
    fitted = fit_figure(doc, available_themes()[theme], parse_size(size), detail_fixed=False)
    assert fitted.fits
    assert check_figure(fitted.fig) == []


@pytest.mark.parametrize("theme", THEMES)
def test_the_phases_model_fits_a_page(theme: str) -> None:
    doc = load_path(PHASES)
    fitted = fit_figure(doc, available_themes()[theme], parse_size("page"), detail_fixed=False)
    assert fitted.fits
    problems = [v for v in check_figure(fitted.fig) if v.rule not in CROWDED]
    assert problems == []


@pytest.mark.xfail(
    reason="frames' padding and label bands take a seventh of a slide's height: the "
    "grouped chain reaches 17.3 pt labels against the slide's 20 pt floor",
    strict=False,
)
def test_the_phases_model_fits_a_slide() -> None:
    doc = load_path(PHASES)
    fitted = fit_figure(doc, available_themes()["default"], parse_size("slide"))
    assert fitted.fits and check_figure(fitted.fig) == []
