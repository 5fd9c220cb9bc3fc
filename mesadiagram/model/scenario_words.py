"""Scenarios and credence ranges in the words of ``mesadiagram diff`` (``diff_words.py``).

A scenario's interventions and probabilities are said one by one: "intervention 'prevent
catastrophe' switched off in scenario 'Pessimistic'", "probability of Mesa optimizer ->
Misalignment in scenario 'Pessimistic' 0.5 -> 0.3", and a range as the file writes it,
``[0.2, 0.4]``.
Stages and links are named as everywhere else (``Names``); an intervention by its label.
Pure Python.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from mesadiagram.model.credence import credence_text

SCENARIO_FIELDS = ("off", "probabilities")
"""A scenario's fields said here, entry by entry (the others are said as any field)."""


def is_range(value: Any) -> bool:
    return isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, float) for v in value)


def probability_text(value: Any) -> str:
    """``0.3``, or a range as ``[0.2, 0.4]``."""
    return f"[{credence_text(value, dash=', ')}]" if is_range(value) else credence_text(value)


def probability_sentence(what: str, before: Any, after: Any) -> str:
    """``probability of X`` set, removed or changed, ranges included."""
    if before is None:
        return f"{what} set to {probability_text(after)}"
    if after is None:
        return f"{what} removed (was {probability_text(before)})"
    return f"{what} {probability_text(before)} -> {probability_text(after)}"


def _intervention(names: Any, ann_id: str) -> str:
    ann = names.annotations.get(ann_id)
    label = ann.label if ann is not None and ann.label else ann_id
    return f"intervention {names.quoted(label)}"


def _element(names: Any, element_id: str) -> str:
    """A link by its stages, a stage's prior by the stage."""
    if element_id in names.links:
        return f"probability of {names.link(names.links[element_id])}"
    return f"prior of {names.stage(element_id)}"


def scenario_sentences(c: Any, names: Any, old_names: Any) -> Iterator[str]:
    """What one change of a scenario's ``off`` or ``probabilities`` did."""
    scenario = f"scenario {names.quoted(c.element.title)}"
    if c.field == "off":
        for ann_id in (a for a in c.after if a not in c.before):
            yield f"{_intervention(names, ann_id)} switched off in {scenario}"
        for ann_id in (a for a in c.before if a not in c.after):
            yield f"{_intervention(old_names, ann_id)} switched back on in {scenario}"
        if set(c.before) == set(c.after):
            yield f"interventions switched off in {scenario} reordered"
        return
    before: Mapping[str, Any] = c.before
    after: Mapping[str, Any] = c.after
    for key in dict.fromkeys([*after, *before]):
        if before.get(key) != after.get(key):
            known = names if key in after else old_names
            yield probability_sentence(
                f"{_element(known, key)} in {scenario}", before.get(key), after.get(key)
            )
    if before == after:
        yield f"probabilities of {scenario} reordered"


def scenario_facts(head: str, scenario: Any, names: Any) -> Iterator[str]:
    """A scenario as one line per fact, for git's textconv."""
    if scenario.label:
        yield f"{head}: name {names.quoted(scenario.name, None)}"
    if scenario.text:
        yield f"{head}: text {names.quoted(scenario.text, None)}"
    for ann_id in scenario.off:
        yield f"{head}: {_intervention(names, ann_id)} off"
    for key, p in scenario.probabilities.items():
        yield f"{head}: {_element(names, key)} {probability_text(p)}"
