"""Scenarios in the model: the dataclass, the document's list, the commands with undo, and
what happens to a scenario when an element it names is deleted (it forgets the element in
the same undo step; undo gives it back)."""

from __future__ import annotations

import dataclasses

import pytest

from mesadiagram.formats import dumps, load, loads
from mesadiagram.model import Annotation, Document
from mesadiagram.model.commands import (
    Macro,
    RemoveEdge,
    RemoveNode,
    SetAnnotations,
    remove_annotation,
)
from mesadiagram.model.credence import credence_text, ends, is_range, middle, problem
from mesadiagram.model.events import ScenariosChanged
from mesadiagram.model.history import History
from mesadiagram.model.scenario_commands import AddScenario, RemoveScenario, SetScenario
from mesadiagram.model.scenarios import Scenario, pruned, scenario_problem
from tests.conftest import EXAMPLE

LINK = "mesa-optimizer->misalignment"
LAST = "unanticipated-behaviour->catastrophe"
STOP = "prevent-catastrophe"  # the intervention on LAST
ALIGN = "prevent-mesa-optimizer-from"  # the intervention on LINK


@pytest.fixture(name="doc")
def _doc() -> Document:
    doc = load(EXAMPLE)
    doc.set_scenarios(
        (
            Scenario("a", "Alpha", off=(STOP, ALIGN), probabilities={LINK: 0.3, LAST: (0.1, 0.2)}),
            Scenario("b", off=(ALIGN,), probabilities={"base-optimizer": 0.9}),
        )
    )
    return doc


def test_credences_are_numbers_or_ranges() -> None:
    assert (is_range((0.2, 0.4)), is_range(0.3), is_range(None)) == (True, False, False)
    assert ends(0.3) == (0.3, 0.3) and ends((0.2, 0.4)) == (0.2, 0.4)
    assert middle((0.2, 0.4)) == pytest.approx(0.3) and middle(0.7) == 0.7
    assert credence_text((0.2, 0.4)) == "0.2–0.4" and credence_text(1.0) == "1"
    assert problem((0.2, 0.4)) is None and problem(0.0) is None
    assert "low end" in problem((0.4, 0.2))
    assert problem((0.2, 1.5)) and problem(float("nan")) and problem(True) and problem((0.1,))


def test_a_scenario_is_a_value_with_its_own_mapping() -> None:
    given = {LINK: 0.3}
    s = Scenario("x", probabilities=given)
    given[LINK] = 0.9
    assert s.probabilities == {LINK: 0.3}  # (a copy: the frozen value cannot change)
    assert s == Scenario("x", probabilities={LINK: 0.3}) and s.title == "x"
    assert Scenario("x", "Ex").title == "Ex"
    assert s.without([LINK]) == Scenario("x")


def test_the_document_keeps_scenarios_by_value(doc: Document) -> None:
    events = []
    doc.subscribe(events.append)
    assert [s.name for s in doc.scenarios] == ["a", "b"]
    assert doc.scenario("b").probabilities == {"base-optimizer": 0.9}
    copy = doc.copy()
    assert copy == doc and copy.scenarios == doc.scenarios
    doc.set_scenarios(doc.scenarios[:1])
    assert copy != doc  # (scenarios count in equality)
    assert events == [ScenariosChanged()]
    with pytest.raises(ValueError, match="already a scenario"):
        doc.set_scenarios((Scenario("a"), Scenario("a")))
    with pytest.raises(ValueError, match="needs a name"):
        doc.set_scenarios((Scenario(" "),))
    with pytest.raises(KeyError):
        doc.scenario("zzz")


def test_add_set_and_remove_are_undoable_steps(doc: Document) -> None:
    before = doc.copy()
    history = History(doc)
    history.push(AddScenario(Scenario("c", off=(STOP,)), index=0))
    assert [s.name for s in doc.scenarios] == ["c", "a", "b"]
    history.push(SetScenario("a", dataclasses.replace(doc.scenario("a"), name="a2", label="")))
    assert [s.name for s in doc.scenarios] == ["c", "a2", "b"]
    history.push(RemoveScenario("b"))
    assert [s.name for s in doc.scenarios] == ["c", "a2"]
    for _ in range(3):
        history.undo()
    assert doc == before
    for _ in range(3):
        history.redo()
    assert [s.name for s in doc.scenarios] == ["c", "a2"]


def test_commands_refuse_what_the_model_cannot_hold(doc: Document) -> None:
    with pytest.raises(ValueError, match="already a scenario named “a”"):
        AddScenario(Scenario("a")).apply(doc)
    with pytest.raises(ValueError, match="already a scenario named “b”"):
        SetScenario("a", Scenario("b")).apply(doc)
    with pytest.raises(ValueError, match="range's low end"):
        AddScenario(Scenario("z", probabilities={LINK: (0.5, 0.1)})).apply(doc)
    with pytest.raises(KeyError):
        RemoveScenario("nope").apply(doc)
    assert scenario_problem(doc, Scenario("z", off=(STOP, STOP))) == (
        "An intervention is switched off twice."
    )
    assert [s.name for s in doc.scenarios] == ["a", "b"]


def test_deleting_a_link_drops_its_probability_and_interventions_in_the_same_step(
    doc: Document,
) -> None:
    before = doc.copy()
    history = History(doc)
    history.push(RemoveEdge(LAST))
    assert doc.scenario("a") == Scenario("a", "Alpha", off=(ALIGN,), probabilities={LINK: 0.3})
    assert doc.scenario("b") == before.scenario("b")  # (it named nothing of the link)
    assert len(history) == 1
    history.undo()
    assert doc == before
    history.redo()
    assert doc.scenario("a").off == (ALIGN,)
    assert loads(dumps(doc)) == doc  # and the file stays valid


def test_deleting_a_stage_drops_its_links_its_prior_and_their_interventions(
    doc: Document,
) -> None:
    before = doc.copy()
    history = History(doc)
    history.push(Macro("Delete", [RemoveNode("base-optimizer"), RemoveNode("misalignment")]))
    assert doc.scenario("a").probabilities == {LAST: (0.1, 0.2)}
    assert doc.scenario("a").off == (STOP,)
    assert doc.scenario("b") == Scenario("b")  # its intervention and prior went with them
    history.undo()
    assert doc == before


def test_removing_or_retyping_an_intervention_drops_it_from_scenarios(doc: Document) -> None:
    before = doc.copy()
    history = History(doc)
    history.push(remove_annotation(doc, LAST, 0))
    assert doc.scenario("a").off == (ALIGN,)
    history.undo()
    assert doc == before
    retyped = [a.clone() for a in doc.edge(LINK).annotations]
    retyped[0].type = "note"
    history.push(SetAnnotations(LINK, retyped, "Retype"))
    assert doc.scenario("a").off == (STOP,) and doc.scenario("b").off == ()
    history.undo()
    assert doc == before
    # An edit that keeps the intervention (its label) leaves the scenarios alone.
    relabelled = [a.clone() for a in doc.edge(LINK).annotations]
    relabelled[0].label = "renamed"
    command = SetAnnotations(LINK, relabelled, "Rename")
    history.push(command)
    assert command.scenarios is None and doc.scenarios == before.scenarios
    assert any(a.id == ALIGN for a in doc.edge(LINK).annotations)


def test_adding_an_annotation_does_not_touch_scenarios(doc: Document) -> None:
    history = History(doc)
    anns = [*(a.clone() for a in doc.edge(LINK).annotations), Annotation("note", "n")]
    history.push(SetAnnotations(LINK, anns, "Attach"))
    assert doc.scenario("a").off == (STOP, ALIGN)


def test_pruned_leaves_out_what_the_document_lacks(doc: Document) -> None:
    doc.remove_edge(LAST)  # (below the commands: as a merge or a script could)
    kept = pruned(doc.scenarios, doc)
    assert kept[0].off == (ALIGN,) and LAST not in kept[0].probabilities
    assert "prevent-catastrophe" not in dumps(doc).split("scenarios:")[1]
