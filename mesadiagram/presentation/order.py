"""The steps a document is presented in, and the edits of the Steps panel.

Without an order of its own the document is shown in the generated order
(``steps.generated_steps``). With one, that order is followed, kept in step with the
document: ids it names that are gone are dropped, steps left revealing nothing go, and
whatever the generated order reveals that the custom one does not name (a stage added
since) is shown where the generated order puts it: after the custom step that reveals
what comes just before it in the generated order.

Editing returns a new list; ``normalised`` turns a list equal to the generated order
back into "no order of its own", so the file lists steps only when they were changed.
"""

from __future__ import annotations

from dataclasses import replace

from mesadiagram.model import Document
from mesadiagram.model.presentation import Presentation, StepSpec, pruned
from mesadiagram.presentation.steps import generated_steps

Unit = tuple[str, str]  # ("stage", id), ("annotation", id) or ("summary", "")


def units(step: StepSpec) -> list[Unit]:
    """What a step reveals, one unit at a time."""
    found: list[Unit] = [("stage", s) for s in step.stages]
    found += [("annotation", a) for a in step.annotations]
    if step.summary:
        found.append(("summary", ""))
    return found


def from_units(parts: list[Unit], skip: bool = False) -> StepSpec:
    return StepSpec(
        stages=tuple(i for kind, i in parts if kind == "stage"),
        annotations=tuple(i for kind, i in parts if kind == "annotation"),
        summary=any(kind == "summary" for kind, _ in parts),
        skip=skip,
    )


def steps_of(doc: Document) -> list[StepSpec]:
    """The steps the document is presented in, skipped ones included."""
    generated = generated_steps(doc)
    custom = doc.presentation.steps
    if custom is None:
        return generated
    return reconciled(list(pruned(doc.presentation, doc).steps or ()), generated)


def reconciled(custom: list[StepSpec], generated: list[StepSpec]) -> list[StepSpec]:
    """``custom`` with every unit of ``generated`` it lacks put in (see the module's
    text), and each unit revealed once (by its first step)."""
    seen: set[Unit] = set()
    home: dict[Unit, int] = {}  # unit -> index of the custom step revealing it
    kept: list[StepSpec] = []
    for step in custom:
        fresh = [u for u in units(step) if u not in seen]
        if not fresh:
            continue
        seen.update(fresh)
        for unit in fresh:
            home[unit] = len(kept)
        kept.append(from_units(fresh, step.skip))
    inserts: dict[int, list[StepSpec]] = {}
    anchor = -1  # the custom step of the last unit seen, in generated order
    for step in generated:
        missing: list[Unit] = []
        at = anchor
        for unit in units(step):
            if unit in home:
                anchor = home[unit]
            else:
                if not missing:
                    at = anchor
                missing.append(unit)
        if missing:
            inserts.setdefault(at, []).append(from_units(missing))
    out = list(inserts.get(-1, []))
    for i, step in enumerate(kept):
        out.append(step)
        out += inserts.get(i, [])
    return out


def normalised(doc: Document, presentation: Presentation) -> Presentation:
    """``presentation`` with no order of its own when its steps are the generated ones."""
    if presentation.steps is None:
        return presentation
    generated = generated_steps(doc, presentation)
    if list(presentation.steps) == generated:
        return presentation.options_only()
    return presentation


# -- the Steps panel's edits -------------------------------------------------------------
def moved(steps: list[StepSpec], index: int, to: int) -> list[StepSpec]:
    """The step at ``index`` moved to position ``to``."""
    out = list(steps)
    step = out.pop(index)
    out.insert(max(0, min(to, len(out))), step)
    return out


def merged(steps: list[StepSpec], indices: list[int]) -> list[StepSpec]:
    """The steps at ``indices`` made one, where the first of them was. It is skipped
    only when all of them were."""
    chosen = sorted(set(indices))
    if len(chosen) < 2:
        return list(steps)
    parts = [u for i in chosen for u in units(steps[i])]
    one = from_units(parts, all(steps[i].skip for i in chosen))
    out = [s for i, s in enumerate(steps) if i not in chosen[1:]]
    out[chosen[0]] = one
    return out


def parts_of(doc: Document, step: StepSpec) -> list[list[Unit]]:
    """The natural parts of a step: each stage, the annotations of one owner and one
    type, the summary; a step that is one such part splits into its annotations."""
    groups: dict[tuple[str, str], list[Unit]] = {}
    for unit in units(step):
        kind, ident = unit
        if kind == "annotation" and doc.has_annotation(ident):
            owner, ann = doc.annotation(ident)
            key = (owner, ann.type)
        else:
            key = (kind, ident)
        groups.setdefault(key, []).append(unit)
    found = list(groups.values())
    if len(found) == 1:
        found = [[u] for u in found[0]]
    return found


def can_split(doc: Document, step: StepSpec) -> bool:
    return len(parts_of(doc, step)) > 1


def split(doc: Document, steps: list[StepSpec], index: int) -> list[StepSpec]:
    """The step at ``index`` as two: its first part, then the rest (``parts_of``)."""
    parts = parts_of(doc, steps[index])
    if len(parts) < 2:
        return list(steps)
    skip = steps[index].skip
    first = from_units(parts[0], skip)
    rest = from_units([u for part in parts[1:] for u in part], skip)
    return [*steps[:index], first, rest, *steps[index + 1 :]]


def skipped(steps: list[StepSpec], indices: list[int], skip: bool) -> list[StepSpec]:
    """The steps at ``indices`` left out of the presentation (or put back)."""
    chosen = set(indices)
    return [replace(s, skip=skip) if i in chosen else s for i, s in enumerate(steps)]
