"""Edit commands for scenarios, and dropping what scenarios say about deleted elements.

Every command replaces the document's tuple of scenarios and keeps the old one to undo.
Deleting a link, a stage or an intervention that a scenario names does not refuse: the
scenario forgets it in the same undo step (``scenarios.forget``, called by ``RemoveEdge``,
``RemoveNode`` and ``SetAnnotations``), and undo gives it back. A scenario is a side
note on the model; refusing a deletion because of one would put it in charge.
"""

from __future__ import annotations

from mesadiagram.model.commands import Command
from mesadiagram.model.document import Document
from mesadiagram.model.scenarios import Scenario, scenario_problem


class AddScenario(Command):
    def __init__(self, scenario: Scenario, index: int | None = None) -> None:
        self.scenario = scenario
        self.index = index
        self.old: tuple[Scenario, ...] = ()
        self.text = f"Add scenario “{scenario.title}”"

    def apply(self, doc: Document) -> None:
        problem = scenario_problem(doc, self.scenario)
        if problem:
            raise ValueError(problem)
        items = list(doc.scenarios)
        items.insert(len(items) if self.index is None else self.index, self.scenario)
        self.old = doc.set_scenarios(tuple(items))

    def revert(self, doc: Document) -> None:
        doc.set_scenarios(self.old)


class RemoveScenario(Command):
    def __init__(self, name: str) -> None:
        self.name = name
        self.old: tuple[Scenario, ...] = ()
        self.text = "Delete scenario"

    def apply(self, doc: Document) -> None:
        doc.scenario(self.name)  # (KeyError when there is none)
        self.old = doc.set_scenarios(tuple(s for s in doc.scenarios if s.name != self.name))

    def revert(self, doc: Document) -> None:
        doc.set_scenarios(self.old)


class SetScenario(Command):
    """Replace the scenario named ``name`` by ``scenario`` (which may rename it)."""

    def __init__(self, name: str, scenario: Scenario, text: str = "Edit scenario") -> None:
        self.name = name
        self.scenario = scenario
        self.old: tuple[Scenario, ...] = ()
        self.text = text

    def apply(self, doc: Document) -> None:
        doc.scenario(self.name)
        problem = scenario_problem(doc, self.scenario, replacing=self.name)
        if problem:
            raise ValueError(problem)
        items = tuple(self.scenario if s.name == self.name else s for s in doc.scenarios)
        self.old = doc.set_scenarios(items)

    def revert(self, doc: Document) -> None:
        doc.set_scenarios(self.old)
