"""What each step shows: the visible, current, dimmed and hidden elements.

A step's frame holds everything revealed by the steps shown up to it (skipped steps
reveal nothing). A link is visible once both its stages are; an annotation once it was
revealed and its stage or link is visible. What became visible at this step is current
(highlighted, its annotations in a callout); the rest that is visible is dimmed; what is
not visible is hidden. The closing summary step shows all that was revealed, nothing
dimmed, and marks the links without an intervention.

The frames of a presentation share one table of when each element appears, so a model
of thousands of stages and steps costs memory for its elements once, not once per step;
a frame's sets are made when asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

from mesadiagram.model import AnnotationId, Document, ElementId, LinkId
from mesadiagram.model.presentation import StepSpec
from mesadiagram.presentation.order import steps_of
from mesadiagram.presentation.steps import step_title


@dataclass(frozen=True)
class Appearances:
    """When each stage, link and annotation appears: the number of the frame (1-based),
    for those that appear at all."""

    stages: dict[str, int]
    links: dict[LinkId, int]
    annotations: dict[AnnotationId, int]
    elements: frozenset[ElementId]  # every stage and link of the document


@dataclass(frozen=True, eq=False)
class Frame:
    """One shown step: what it reveals, and (through the shared table) what it shows."""

    number: int  # 1-based, among the shown steps
    index: int  # in the full list of steps, skipped ones included
    title: str
    table: Appearances
    new_stages: frozenset[str]
    new_links: frozenset[LinkId]
    new_annotations: tuple[AnnotationId, ...]  # in the order the step reveals them
    owners: tuple[ElementId, ...]  # of the new annotations, in that order
    summary: bool = False

    @property
    def elements(self) -> frozenset[ElementId]:
        return self.table.elements

    @property
    def stages(self) -> frozenset[str]:
        return frozenset(k for k, n in self.table.stages.items() if n <= self.number)

    @property
    def links(self) -> frozenset[LinkId]:
        return frozenset(k for k, n in self.table.links.items() if n <= self.number)

    @property
    def annotations(self) -> frozenset[AnnotationId]:
        return frozenset(k for k, n in self.table.annotations.items() if n <= self.number)

    @property
    def visible(self) -> frozenset[ElementId]:
        return self.stages | self.links

    @property
    def hidden(self) -> frozenset[ElementId]:
        return self.elements - self.visible

    @property
    def current(self) -> frozenset[ElementId]:
        """Shown as new: the stages and links that appear, and the owners of the
        annotations that appear."""
        return self.new_stages | self.new_links | frozenset(self.owners)

    @property
    def dimmed(self) -> frozenset[ElementId]:
        return frozenset() if self.summary else self.visible - self.current

    def is_empty(self) -> bool:
        """Nothing new to see (a step whose annotations belong to hidden stages)."""
        return not (self.new_stages or self.new_links or self.new_annotations or self.summary)


def frames(doc: Document, steps: list[StepSpec] | None = None) -> list[Frame]:
    """The frame of every shown step of ``steps`` (default: the document's own)."""
    steps = steps_of(doc) if steps is None else steps
    elements = frozenset(n.id for n in doc.nodes) | frozenset(e.id for e in doc.edges)
    table = Appearances({}, {}, {}, elements)
    stages, links, annotations = table.stages, table.links, table.annotations
    revealed: set[AnnotationId] = set()  # revealed, visible or not (yet)
    out: list[Frame] = []
    for index, step in enumerate(steps):
        if step.skip:
            continue
        number = len(out) + 1
        new_stages = [s for s in step.stages if doc.has_node(s) and s not in stages]
        for stage in new_stages:
            stages[stage] = number
        new_links = []
        for stage in new_stages:
            for key in doc.incident_edges(stage):
                edge = doc.edge(key)
                if key not in links and edge.source in stages and edge.target in stages:
                    links[key] = number
                    new_links.append(key)
        revealed.update(a for a in step.annotations if doc.has_annotation(a))
        # New: those of this step, then earlier ones whose stage or link appears now.
        waiting = [a for a in step.annotations if a in revealed and a not in annotations]
        for owner in (*new_stages, *new_links):
            waiting += [a.id for a in doc.annotations_of(owner) if a.id in revealed]
        new_annotations = []
        for ann_id in dict.fromkeys(waiting):
            owner = doc.annotation(ann_id)[0]
            if ann_id not in annotations and (owner in stages or owner in links):
                annotations[ann_id] = number
                new_annotations.append(ann_id)
        owners = tuple(dict.fromkeys(doc.annotation(a)[0] for a in new_annotations))
        out.append(
            Frame(
                number=number,
                index=index,
                title=step_title(doc, step),
                table=table,
                new_stages=frozenset(new_stages),
                new_links=frozenset(new_links),
                new_annotations=tuple(new_annotations),
                owners=owners,
                summary=step.summary,
            )
        )
    return out
