"""Scenarios: named what-if choices saved with the model.

A scenario says which interventions do not work (``off``: annotation ids) and which
probabilities it sets otherwise (``probabilities``: a link's, or a stage's prior, by the
element's id; a number or a range). Everything it does not name stays as the model has
it, so an intervention added later works in every scenario until one switches it off.
Scenarios are told apart by ``name``; ``label`` is what lists show (the name when empty).

They refer to elements by id, so they survive renames and moves; deleting an element
drops what scenarios say about it within the same undo step (``model/scenario_commands``).
Pure data, compared by value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from mesadiagram.model.credence import Probability, problem
from mesadiagram.model.elements import AnnotationId, ElementId

if TYPE_CHECKING:
    from mesadiagram.model.document import Document


@dataclass(frozen=True)
class Scenario:
    """One scenario of the ``scenarios:`` section."""

    name: str
    label: str = ""
    text: str = ""
    off: tuple[AnnotationId, ...] = ()  # interventions taken as not working
    # Probabilities it sets, by link or stage id, in the order given.
    probabilities: Mapping[ElementId, Probability] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A copy of its own (the dataclass is frozen; its mapping must not change either).
        object.__setattr__(self, "off", tuple(self.off))
        object.__setattr__(self, "probabilities", dict(self.probabilities))

    @property
    def title(self) -> str:
        """What lists and tables show: its label, else its name."""
        return self.label or self.name

    def refers_to(self, ids: Iterable[str]) -> bool:
        wanted = set(ids)
        return bool(wanted & set(self.off)) or bool(wanted & set(self.probabilities))

    def without(self, ids: Iterable[str]) -> Scenario:
        """The same scenario saying nothing about ``ids`` (deleted elements)."""
        gone = set(ids)
        return replace(
            self,
            off=tuple(a for a in self.off if a not in gone),
            probabilities={k: p for k, p in self.probabilities.items() if k not in gone},
        )


def interventions(doc: Document) -> set[AnnotationId]:
    """The ids of the document's interventions (what ``off`` may name)."""
    return {a.id for _, a in doc.iter_annotations() if a.type == "intervention"}


def dangling(scenario: Scenario, doc: Document, known: set[str] | None = None) -> set[str]:
    """The ids ``scenario`` names that ``doc`` no longer has as what they were: an
    intervention gone (or retyped), a link or stage gone. ``known``: ``interventions(doc)``
    when the caller has it."""
    known = interventions(doc) if known is None else known
    out = {a for a in scenario.off if a not in known}
    out |= {k for k in scenario.probabilities if not (doc.has_node(k) or doc.has_edge(k))}
    return out


def pruned(scenarios: tuple[Scenario, ...], doc: Document) -> tuple[Scenario, ...]:
    """``scenarios`` without what they say about elements ``doc`` does not have."""
    known = interventions(doc)
    out = []
    for s in scenarios:
        gone = dangling(s, doc, known)
        out.append(s.without(gone) if gone else s)
    return tuple(out)


def scenario_problem(doc: Document, scenario: Scenario, replacing: str | None = None) -> str | None:
    """Why ``scenario`` cannot join ``doc`` (in place of the one named ``replacing``), in
    words the editor can show; None when it can."""
    name = scenario.name
    if not name.strip() or "\n" in name:
        return "A scenario needs a name on one line."
    if name != replacing and any(s.name == name for s in doc.scenarios):
        return f"There is already a scenario named “{name}”."
    if len(set(scenario.off)) != len(scenario.off):
        return "An intervention is switched off twice."
    for key, p in scenario.probabilities.items():
        why = problem(p)
        if why:
            return f"The probability for “{key}”: {why}."
    return None


def check_names(scenarios: tuple[Scenario, ...]) -> None:
    """Refuse (ValueError) scenarios without a name or sharing one."""
    seen: set[str] = set()
    for s in scenarios:
        if not s.name.strip():
            raise ValueError("A scenario needs a name.")
        if s.name in seen:
            raise ValueError(f"There is already a scenario named “{s.name}”.")
        seen.add(s.name)


def by_name(scenarios: Iterable[Scenario]) -> dict[str, Scenario]:
    return {s.name: s for s in scenarios}


def overrides(scenario: Scenario | None) -> Mapping[ElementId, Probability]:
    return {} if scenario is None else scenario.probabilities


def forget(doc: Document, ids: Iterable[str]) -> tuple[Scenario, ...] | None:
    """Make the scenarios say nothing about ``ids`` (elements and annotations about to be
    deleted); the scenarios before, to give back on undo, or None when none named them."""
    ids = set(ids)
    if not ids or not any(s.refers_to(ids) for s in doc.scenarios):
        return None
    return doc.set_scenarios(tuple(s.without(ids) for s in doc.scenarios))


def forget_dangling(doc: Document) -> tuple[Scenario, ...] | None:
    """Make the scenarios say nothing about what ``doc`` no longer has (an intervention
    removed or retyped); the scenarios before, or None when nothing changed."""
    if not doc.scenarios:
        return None
    known = interventions(doc)
    gone = set().union(*(dangling(s, doc, known) for s in doc.scenarios))
    return forget(doc, gone)
