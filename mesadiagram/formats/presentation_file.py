"""Reading the ``presentation:`` section of a model file (the writer is in ``writer.py``).

Options take one of their words; ``steps``, when present, is the author's own order:
each step names the stages and annotations it reveals by id (every id known and named
once), or is the summary, and may be skipped. Read after the stages and links, so the
ids are checked against the document being built.
"""

from __future__ import annotations

from dataclasses import replace

from mesadiagram.formats.safe_yaml import MarkedMap
from mesadiagram.formats.schema import Checker
from mesadiagram.formats.terminal import shown
from mesadiagram.model import Document
from mesadiagram.model.presentation import (
    ANNOTATION_CHOICES,
    INTERVENTION_CHOICES,
    SUMMARY_CHOICES,
    THEME_CHOICES,
    Presentation,
    StepSpec,
)

PRESENTATION_KEYS = ("annotations", "interventions", "summary", "theme", "steps")
STEP_KEYS = ("stages", "annotations", "summary", "skip")
OPTIONS = {
    "annotations": ANNOTATION_CHOICES,
    "interventions": INTERVENTION_CHOICES,
    "summary": SUMMARY_CHOICES,
    "theme": THEME_CHOICES,
}


def read_presentation(top: MarkedMap, c: Checker, doc: Document) -> Presentation:
    """The document's presentation (the default one when the file has no section)."""
    if "presentation" not in top:
        return Presentation()
    data = c.mapping(top["presentation"], top.value_mark("presentation"), "presentation")
    if data is None:
        return Presentation()
    c.keys(data, "presentation", PRESENTATION_KEYS)
    chosen = {}
    for key, choices in OPTIONS.items():
        value = c.text(data, key, "presentation")
        if value is None:
            continue
        if value not in choices:
            c.report(
                data.value_mark(key),
                f"presentation.{key}",
                f"expected {' or '.join(choices)}, found {shown(value)}{c.suggest(value, choices)}",
            )
            continue
        chosen[key] = value
    presentation = replace(Presentation(), **chosen)
    if "steps" not in data:
        return presentation
    steps = _read_steps(data, c, doc)
    return replace(presentation, steps=tuple(steps) if steps else None)


def _read_steps(data: MarkedMap, c: Checker, doc: Document) -> list[StepSpec]:
    out = []
    first: dict[tuple[str, str], int] = {}  # what a step reveals -> the step's index
    entries = c.items(data, "steps", "presentation")
    stage_ids = doc.node_ids()
    annotation_ids = doc.annotation_ids()
    for i, raw in enumerate(entries):
        path = f"presentation.steps[{i}]"
        step = c.mapping(raw, entries.item_mark(i), path)
        if step is None:
            continue
        c.keys(step, path, STEP_KEYS)
        found: dict[str, list[str]] = {}
        for key, known, what in (
            ("stages", stage_ids, "stage"),
            ("annotations", annotation_ids, "annotation"),
        ):
            ids = c.text_list(step, key, path)
            found[key] = []
            for j, ident in enumerate(ids):
                mark = step[key].item_mark(j)
                if ident not in known:
                    hint = c.suggest(ident, known)
                    c.report(mark, f"{path}.{key}[{j}]", f"no {what} with id {ident!r}{hint}")
                elif (key, ident) in first:
                    earlier = first[(key, ident)]
                    message = f"{what} {ident!r} is already revealed by steps[{earlier}]"
                    c.report(mark, f"{path}.{key}[{j}]", message)
                else:
                    first[(key, ident)] = i
                    found[key].append(ident)
        summary = c.flag(step, "summary", path)
        spec = StepSpec(
            tuple(found["stages"]),
            tuple(found["annotations"]),
            summary,
            c.flag(step, "skip", path),
        )
        if not any(k in step for k in ("stages", "annotations")) and not summary:
            c.report(step.mark, path, "a step reveals stages, annotations or the summary")
        if not spec.is_empty():
            out.append(spec)
    return out
