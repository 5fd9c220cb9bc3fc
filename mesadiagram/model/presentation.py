"""How a document is presented: the options of its generated steps and, when the author
changed it, its own order of steps.

Steps themselves are made from the causal order by ``mesadiagram.presentation``; the
model only keeps what the file keeps. A step of a custom order names what it reveals by
id: stages (a link appears with the later of its two stages) and annotations, or the
closing summary. Pure data, compared by value.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from mesadiagram.model.elements import AnnotationId

if TYPE_CHECKING:
    from mesadiagram.model.document import Document

# The choices of each option; the first is the default (not written to the file).
ANNOTATION_CHOICES = ("each-type", "together")
"""A stage's annotations are revealed one type at a time, or all in one step."""
INTERVENTION_CHOICES = ("with-link", "after-chain")
"""Interventions appear with the link they cut, or all after the chain."""
SUMMARY_CHOICES = ("auto", "always", "never")
"""The closing analysis step: when the model has credences, always, or never."""
THEME_CHOICES = ("light", "dark")
"""The presentation's look (also that of the deck)."""


@dataclass(frozen=True)
class StepSpec:
    """One step of a custom order: what it reveals, and whether it is left out."""

    stages: tuple[str, ...] = ()
    annotations: tuple[AnnotationId, ...] = ()
    summary: bool = False
    skip: bool = False  # left out of the presentation and the deck, kept in the list

    def is_empty(self) -> bool:
        return not (self.stages or self.annotations or self.summary)


@dataclass(frozen=True)
class Presentation:
    """The ``presentation:`` section of a file. ``steps`` is None while the generated
    order is used (and then the file does not list the steps)."""

    annotations: str = ANNOTATION_CHOICES[0]
    interventions: str = INTERVENTION_CHOICES[0]
    summary: str = SUMMARY_CHOICES[0]
    theme: str = THEME_CHOICES[0]
    steps: tuple[StepSpec, ...] | None = None

    def is_default(self) -> bool:
        return self == Presentation()

    def options_only(self) -> Presentation:
        """The same options with the generated order."""
        return replace(self, steps=None)


def pruned(presentation: Presentation, doc: Document) -> Presentation:
    """``presentation`` without ids the document no longer has, and without the steps
    that then reveal nothing (a stage deleted after the order was made)."""
    if presentation.steps is None:
        return presentation
    kept = []
    for step in presentation.steps:
        stages = tuple(s for s in step.stages if doc.has_node(s))
        notes = tuple(a for a in step.annotations if doc.has_annotation(a))
        trimmed = replace(step, stages=stages, annotations=notes)
        if not trimmed.is_empty():
            kept.append(trimmed)
    return replace(presentation, steps=tuple(kept))
