"""The generated steps of a presentation, in the causal order of the model.

Stages come in topological order; stages that are free at the same time come in the
order of their positions along the way the diagram reads (left to right, or top to
bottom when most links go down), stages without a position last, in file order.
Cycles are broken as the layered layout breaks them (``feedback_arcs``: the greedy
Eades-Lin-Smyth set, ties by file order): its back links are left out of the order,
and each appears with the later of its two stages.

Each stage is one step, revealing it and every link to a stage already shown. Then the
annotations of that stage and of those links, one step per type in the document's type
order (kinds, mechanisms, caveats, interventions, notes, declared types), or one step
for all of them (``annotations: together``). With ``interventions: after-chain``, the
interventions wait until every stage has been shown, then come one step per stage or
link (or one for all). A closing summary step follows when the model has credences
(``summary: auto``), or always, or never.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable

from mesadiagram.analysis.counted import counted_links
from mesadiagram.analysis.layout.layering import feedback_arcs
from mesadiagram.model import AnnotationId, Document, ElementId
from mesadiagram.model.presentation import Presentation, StepSpec

INTERVENTION = "intervention"


def reading_is_vertical(doc: Document) -> bool:
    """Whether the diagram reads top to bottom: its links go down more than across."""
    across = down = 0.0
    for edge in doc.edges:
        a, b = doc.node(edge.source).position, doc.node(edge.target).position
        if a is not None and b is not None:
            across += abs(b[0] - a[0])
            down += abs(b[1] - a[1])
    return down > across


def stage_order(doc: Document) -> list[str]:
    """Every stage, in causal order (see the module's text)."""
    ids = [n.id for n in doc.nodes]
    index = {node_id: i for i, node_id in enumerate(ids)}
    arcs = [(index[e.source], index[e.target]) for e in doc.edges]
    back = feedback_arcs(len(ids), arcs)
    vertical = reading_is_vertical(doc)
    far = float("inf")

    def place(i: int) -> tuple[float, float, int]:
        position = doc.nodes[i].position
        if position is None:
            return (far, far, i)
        x, y = position
        return (y, x, i) if vertical else (x, y, i)

    after: list[list[int]] = [[] for _ in ids]
    waiting = [0] * len(ids)
    for j, (u, v) in enumerate(arcs):
        if j not in back:
            after[u].append(v)
            waiting[v] += 1
    free = [place(i) for i in range(len(ids)) if waiting[i] == 0]
    heapq.heapify(free)
    order: list[str] = []
    while free:
        i = heapq.heappop(free)[2]
        order.append(ids[i])
        for v in after[i]:
            waiting[v] -= 1
            if waiting[v] == 0:
                heapq.heappush(free, place(v))
    return order


def _annotation_steps(
    doc: Document, owners: list[ElementId], together: bool, skip_type: str | None
) -> list[StepSpec]:
    """The steps that reveal the annotations of ``owners`` (a stage and the links that
    appear with it), one per type in the document's type order, or one in all."""
    by_type: dict[str, list[AnnotationId]] = {}
    for owner in owners:
        for ann in doc.annotations_of(owner):
            if ann.type != skip_type:
                by_type.setdefault(ann.type, []).append(ann.id)
    if not by_type:
        return []
    order = [t.name for t in doc.all_types()]
    types = sorted(by_type, key=lambda t: order.index(t) if t in order else len(order))
    if together:
        return [StepSpec(annotations=tuple(a for t in types for a in by_type[t]))]
    return [StepSpec(annotations=tuple(by_type[t])) for t in types]


def wants_summary(doc: Document, presentation: Presentation) -> bool:
    """Whether the generated order ends with the analysis summary."""
    if presentation.summary == "always":
        return True
    if presentation.summary == "never" or not doc.nodes:
        return False
    # (as analysis/report.has_credences: evidence links' probabilities are not used)
    return any(e.probability is not None for e in counted_links(doc))


def generated_steps(doc: Document, presentation: Presentation | None = None) -> list[StepSpec]:
    """The steps made from the causal order with the document's options (or those
    given); what the presentation shows unless the file keeps an order of its own."""
    options = presentation or doc.presentation
    together = options.annotations == "together"
    after_chain = options.interventions == "after-chain"
    steps: list[StepSpec] = []
    shown: set[str] = set()
    link_order = {e.id: i for i, e in enumerate(doc.edges)}
    owners_in_order: list[ElementId] = []
    for stage in stage_order(doc):
        shown.add(stage)
        links = [k for k in doc.incident_edges(stage) if _other_end(doc, k, stage) in shown]
        links.sort(key=link_order.__getitem__)
        steps.append(StepSpec(stages=(stage,)))
        owners = [stage, *links]
        owners_in_order += owners
        steps += _annotation_steps(doc, owners, together, INTERVENTION if after_chain else None)
    if after_chain:
        steps += _intervention_steps(doc, owners_in_order, together)
    if wants_summary(doc, options):
        steps.append(StepSpec(summary=True))
    return steps


def _other_end(doc: Document, link_id: str, stage: str) -> str:
    edge = doc.edge(link_id)
    return edge.target if edge.source == stage else edge.source


def _intervention_steps(doc: Document, owners: list[ElementId], together: bool) -> list[StepSpec]:
    per_owner = [
        tuple(a.id for a in doc.annotations_of(owner) if a.type == INTERVENTION) for owner in owners
    ]
    per_owner = [ids for ids in per_owner if ids]
    if together and per_owner:
        return [StepSpec(annotations=tuple(a for ids in per_owner for a in ids))]
    return [StepSpec(annotations=ids) for ids in per_owner]


# -- naming steps ----------------------------------------------------------------------
def element_name(doc: Document, element_id: ElementId) -> str:
    """A stage's label, or a link as ``from → to`` (with its label when it has one)."""
    if doc.has_node(element_id):
        return doc.node(element_id).label
    edge = doc.edge(element_id)
    name = f"{doc.node(edge.source).label} → {doc.node(edge.target).label}"
    return f"{name} ({edge.label})" if edge.label else name


def _joined(words: Iterable[str]) -> str:
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def step_title(doc: Document, step: StepSpec) -> str:
    """What a step shows, for the Steps panel, the presenter view and the deck:
    ``Misalignment``, ``Misalignment: kinds``, ``Base optimizer → Mesa optimizer:
    interventions``, ``Summary``."""
    parts = []
    if step.stages:
        parts.append(_joined(doc.node(s).label for s in step.stages if doc.has_node(s)))
    known = [a for a in step.annotations if doc.has_annotation(a)]
    if known:
        owners = list(dict.fromkeys(doc.annotation(a)[0] for a in known))
        types = list(dict.fromkeys(doc.annotation(a)[1].type for a in known))
        order = [t.name for t in doc.all_types()]
        types.sort(key=lambda t: order.index(t) if t in order else len(order))
        plurals = _joined(doc.annotation_type(t).plural for t in types)
        if step.stages:
            parts[-1] += f", with {plurals}"
        else:
            # Named by its stage (the links that came with it belong to it), by its one
            # link, or, for many links (interventions after the chain), by the types.
            stage = next((o for o in owners if doc.has_node(o)), None)
            if stage is None and len(owners) > 1:
                parts.append(plurals[:1].upper() + plurals[1:])
            else:
                parts.append(f"{element_name(doc, stage or owners[0])}: {plurals}")
    if step.summary:
        parts.append("Summary")
    return "; ".join(parts) or "(nothing)"
