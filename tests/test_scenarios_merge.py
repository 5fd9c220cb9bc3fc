"""Scenarios in a three-way merge: matched by name, their switched-off interventions
merged as a set and their probabilities key by key, so independent edits of scenarios
never conflict; the same probability changed two ways, or a scenario naming a link the
other side deleted, is a conflict said with its path."""

from __future__ import annotations

import dataclasses

import pytest

from mesadiagram.formats import dumps, load, loads
from mesadiagram.formats.model_merge import merge_documents
from mesadiagram.model import Document
from mesadiagram.model.scenarios import Scenario
from tests.conftest import EXAMPLE

LINK = "mesa-optimizer->misalignment"
LAST = "unanticipated-behaviour->catastrophe"
STOP = "prevent-catastrophe"
ALIGN = "prevent-mesa-optimizer-from"


@pytest.fixture(name="base")
def _base() -> Document:
    doc = load(EXAMPLE)
    doc.update_edge(LINK, probability=(0.2, 0.6))
    doc.set_scenarios((Scenario("shared", "Shared", off=(STOP,), probabilities={LINK: 0.5}),))
    return doc


def _with(doc: Document, *scenarios: Scenario) -> Document:
    out = doc.copy()
    out.set_scenarios(scenarios)
    return out


def _merged(base: Document, ours: Document, theirs: Document) -> tuple[Document, list[str]]:
    result = merge_documents(base, ours, theirs)
    assert dumps(loads(result.text)) == result.text
    return loads(result.text), result.conflicts


def test_scenarios_added_on_both_sides_are_both_kept(base: Document) -> None:
    shared = base.scenarios[0]
    ours = _with(base, shared, Scenario("ours", off=(ALIGN,)))
    theirs = _with(base, shared, Scenario("theirs", probabilities={LAST: (0.1, 0.3)}))
    merged, conflicts = _merged(base, ours, theirs)
    assert conflicts == []
    assert [s.name for s in merged.scenarios] == ["shared", "ours", "theirs"]
    assert merged.scenario("theirs").probabilities == {LAST: (0.1, 0.3)}


def test_independent_edits_of_one_scenario_merge(base: Document) -> None:
    shared = base.scenarios[0]
    ours = _with(base, dataclasses.replace(shared, off=(STOP, ALIGN), label="Renamed"))
    theirs = _with(base, dataclasses.replace(shared, probabilities={LINK: 0.5, LAST: 0.2}))
    merged, conflicts = _merged(base, ours, theirs)
    assert conflicts == []
    assert merged.scenario("shared") == Scenario(
        "shared", "Renamed", off=(STOP, ALIGN), probabilities={LINK: 0.5, LAST: 0.2}
    )


def test_a_range_is_one_value(base: Document) -> None:
    ours, theirs = base.copy(), base.copy()
    ours.update_edge(LINK, probability=(0.3, 0.6))
    theirs.update_edge(LINK, probability=(0.2, 0.5))
    merged, conflicts = _merged(base, ours, theirs)
    assert merged.edge(LINK).probability == (0.3, 0.6)  # ours, not [0.3, 0.5]
    assert conflicts == ["links[mesa-optimizer->misalignment].probability: ours [0.3, 0.6], "
                         "theirs [0.2, 0.5]"]  # fmt: skip


def test_the_same_probability_set_two_ways_conflicts_with_its_path(base: Document) -> None:
    shared = base.scenarios[0]
    ours = _with(base, dataclasses.replace(shared, probabilities={LINK: 0.7}))
    theirs = _with(base, dataclasses.replace(shared, probabilities={LINK: (0.1, 0.2)}))
    merged, conflicts = _merged(base, ours, theirs)
    assert conflicts == [f"scenarios[shared].probabilities.{LINK}: ours 0.7, theirs [0.1, 0.2]"]
    assert merged.scenario("shared").probabilities == {LINK: 0.7}


def test_a_scenario_naming_a_link_the_other_side_deleted(base: Document) -> None:
    ours = base.copy()
    for key in ours.incident_edges("deployment"):
        ours.remove_edge(key)
    ours.remove_node("deployment")
    theirs = _with(base, base.scenarios[0], Scenario("new", probabilities={"deployment": 0.4}))
    result = merge_documents(base, ours, theirs)
    assert any(line.startswith("scenarios[new]") for line in result.conflicts)
    merged = loads(result.text)  # valid: ours' version of what the problem is about
    assert not merged.has_node("deployment")
    assert "new" not in [s.name for s in merged.scenarios]


def test_a_renamed_new_stage_is_followed_by_the_scenarios_naming_it(base: Document) -> None:
    from mesadiagram.model import Node

    ours, theirs = base.copy(), base.copy()
    ours.insert_node(Node("extra", "Ours' extra"))
    theirs.insert_node(Node("extra", "Theirs' extra", probability=0.5))
    theirs.set_scenarios((*base.scenarios, Scenario("t", probabilities={"extra": 0.9})))
    result = merge_documents(base, ours, theirs)
    merged = loads(result.text)
    assert result.notes and merged.has_node("extra-2")
    assert merged.scenario("t").probabilities == {"extra-2": 0.9}
