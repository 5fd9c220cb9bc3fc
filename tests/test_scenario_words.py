"""`mesadiagram diff` says scenario changes and credence ranges in the model's words."""

from __future__ import annotations

import dataclasses

import pytest

from mesadiagram.cli import main
from mesadiagram.formats import dumps, load
from mesadiagram.model import Document
from mesadiagram.model.diff_words import describe, facts
from mesadiagram.model.scenarios import Scenario
from tests.conftest import EXAMPLE

LINK = "mesa-optimizer->misalignment"
STOP = "prevent-catastrophe"
ALIGN = "prevent-mesa-optimizer-from"


@pytest.fixture(name="base")
def _base() -> Document:
    doc = load(EXAMPLE)
    doc.set_scenarios((Scenario("gloomy", "Gloomy", off=(STOP,), probabilities={LINK: 0.5}),))
    return doc


def _changed(doc: Document, *scenarios: Scenario) -> Document:
    out = doc.copy()
    out.set_scenarios(scenarios)
    return out


def test_scenarios_added_removed_and_relabelled(base: Document) -> None:
    gloomy = base.scenarios[0]
    new = _changed(base, dataclasses.replace(gloomy, label="Grim"), Scenario("calm"))
    assert describe(base, new) == ["scenario 'calm' added", "scenario 'Gloomy' renamed to 'Grim'"]
    assert describe(new, base)[-1] == "scenario 'calm' removed"


def test_interventions_switched_off_and_back_on(base: Document) -> None:
    gloomy = base.scenarios[0]
    new = _changed(base, dataclasses.replace(gloomy, off=(ALIGN,)))
    assert describe(base, new) == [
        "intervention 'prevent mesa-optimizer from being misaligned' switched off in "
        "scenario 'Gloomy'",
        "intervention 'prevent catastrophe' switched back on in scenario 'Gloomy'",
    ]


def test_probabilities_set_changed_and_removed_ranges_as_written(base: Document) -> None:
    gloomy = base.scenarios[0]
    new = _changed(
        base, dataclasses.replace(gloomy, probabilities={LINK: (0.2, 0.4), "base-optimizer": 0.9})
    )
    assert describe(base, new) == [
        "probability of Mesa optimizer -> Misalignment in scenario 'Gloomy' 0.5 -> [0.2, 0.4]",
        "prior of stage 'Base optimizer' in scenario 'Gloomy' set to 0.9",
    ]
    assert describe(new, base)[1] == (
        "prior of stage 'Base optimizer' in scenario 'Gloomy' removed (was 0.9)"
    )


def test_a_link_probability_becoming_a_range(base: Document) -> None:
    base.update_edge(LINK, probability=0.5)
    new = base.copy()
    new.update_edge(LINK, probability=(0.3, 0.6))
    assert describe(base, new) == [
        "probability of Mesa optimizer -> Misalignment 0.5 -> [0.3, 0.6]"
    ]
    new.update_edge(LINK, probability=None)
    assert describe(new, base.copy()) == [
        "probability of Mesa optimizer -> Misalignment set to 0.5"
    ]
    ranged = base.copy()
    ranged.update_edge(LINK, probability=(0.3, 0.6))
    assert describe(ranged, new) == [
        "probability of Mesa optimizer -> Misalignment removed (was [0.3, 0.6])"
    ]


def test_textconv_facts_say_one_thing_a_line(base: Document) -> None:
    base.update_edge(LINK, probability=(0.3, 0.6))
    lines = facts(base)
    assert "link Mesa optimizer -> Misalignment: probability [0.3, 0.6]" in lines
    assert "scenario 'Gloomy': intervention 'prevent catastrophe' off" in lines
    assert "scenario 'Gloomy': probability of Mesa optimizer -> Misalignment 0.5" in lines
    assert "scenario 'Gloomy': name 'gloomy'" in lines


def test_the_diff_command_says_scenario_changes(base: Document, tmp_path, capsys) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(dumps(base), encoding="utf-8")
    gloomy = base.scenarios[0]
    new.write_text(dumps(_changed(base, dataclasses.replace(gloomy, off=()))), encoding="utf-8")
    assert main(["diff", str(old), str(new)]) == 1
    assert capsys.readouterr().out == (
        "intervention 'prevent catastrophe' switched back on in scenario 'Gloomy'\n"
    )
