"""The ``presentation:`` section: written only when it differs from the default, read back
equal (Hypothesis, over custom orders made by the Steps panel's edits and over any
document), ids the document lost left out, mistakes reported at their line."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mesadiagram.formats import FormatError, dumps, loads
from mesadiagram.model import Document
from mesadiagram.model.presentation import (
    ANNOTATION_CHOICES,
    INTERVENTION_CHOICES,
    SUMMARY_CHOICES,
    THEME_CHOICES,
    Presentation,
    StepSpec,
)
from mesadiagram.presentation.order import (
    merged,
    moved,
    normalised,
    skipped,
    split,
    steps_of,
)
from tests.conftest import EXAMPLE
from tests.test_roundtrip import SETTINGS, documents

SEED_TEXT = EXAMPLE.read_text(encoding="utf-8")

OPTIONS = st.builds(
    Presentation,
    annotations=st.sampled_from(ANNOTATION_CHOICES),
    interventions=st.sampled_from(INTERVENTION_CHOICES),
    summary=st.sampled_from(SUMMARY_CHOICES),
    theme=st.sampled_from(THEME_CHOICES),
)
EDITS = st.lists(
    st.tuples(
        st.sampled_from(["move", "merge", "split", "skip"]), st.integers(0, 40), st.integers(0, 40)
    ),
    max_size=12,
)


def _edited(doc: Document, edits) -> list[StepSpec]:
    steps = steps_of(doc)
    for what, a, b in edits:
        if not steps:
            break
        i, j = a % len(steps), b % len(steps)
        if what == "move":
            steps = moved(steps, i, j)
        elif what == "merge":
            steps = merged(steps, [i, j])
        elif what == "split":
            steps = split(doc, steps, i)
        else:
            steps = skipped(steps, [i], not steps[i].skip)
    return steps


def test_the_seed_has_no_section_and_the_generated_order_is_not_written() -> None:
    doc = loads(SEED_TEXT)
    assert doc.presentation == Presentation()
    assert "\npresentation:" not in dumps(doc)
    generated = Presentation(steps=tuple(steps_of(doc)))
    assert normalised(doc, generated) == Presentation()


@SETTINGS
@given(options=OPTIONS, edits=EDITS)
def test_custom_orders_of_the_seed_read_back_equal(options: Presentation, edits) -> None:
    doc = loads(SEED_TEXT)
    doc.presentation = options
    custom = normalised(doc, replace(options, steps=tuple(_edited(doc, edits))))
    doc.presentation = custom
    text = dumps(doc)
    again = loads(text)
    assert again.presentation == custom
    assert again == doc
    assert dumps(again) == text
    assert ("steps:" in text) == (custom.steps is not None)
    assert steps_of(again) == steps_of(doc)


@SETTINGS
@given(doc=documents(), options=OPTIONS, data=st.data())
def test_any_document_with_any_order_reads_back_equal(doc: Document, options, data) -> None:
    doc.presentation = options
    steps = steps_of(doc)
    if steps:
        steps = data.draw(st.permutations(steps))
    doc.presentation = replace(options, steps=tuple(steps) or None)
    again = loads(dumps(doc))
    assert again.presentation == doc.presentation
    assert again == doc


def test_ids_the_document_lost_are_not_written(seed_doc) -> None:
    seed_doc.presentation = Presentation(steps=tuple(reversed(steps_of(seed_doc))))
    seed_doc.set_annotations("misalignment", [])
    text = dumps(seed_doc)
    assert "- proxy" not in text
    again = loads(text)
    assert all("proxy" not in s.annotations for s in again.presentation.steps)


@pytest.mark.parametrize(
    ("section", "where", "message"),
    [
        ("  theme: drak\n", "4:10: presentation.theme", "expected light or dark"),
        ("  annotation: together\n", "4:3: presentation.annotation", "did you mean 'annotations'"),
        ("  steps:\n    - stages: [a, c]\n", "5:19: presentation.steps[0].stages[1]", "no stage"),
        (
            "  steps:\n    - stages: [a]\n    - stages: [a]\n",
            "6:16: presentation.steps[1].stages[0]",
            "already revealed by steps[0]",
        ),
        ("  steps:\n    - skip: true\n", "5:7: presentation.steps[0]", "reveals stages"),
        (
            "  steps:\n    - annotations: [nope]\n",
            "5:21: presentation.steps[0].annotations[0]",
            "no annotation",
        ),
    ],
)
def test_mistakes_are_reported_at_their_place(section: str, where: str, message: str) -> None:
    text = "mesadiagram: 2\nnodes: [{id: a, label: A}]\npresentation:\n" + section
    with pytest.raises(FormatError) as caught:
        loads(text, "m.yaml")
    problems = [str(p) for p in caught.value.problems]
    assert any(where in p and message in p for p in problems), problems
