"""Presentation steps without Qt: the generated order, options, custom orders kept in step
with the document, what each step shows, the summary card and the camera."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mesadiagram.model import Annotation, Document, Edge, Node
from mesadiagram.model.commands import AddEdge, AddNode, RemoveNode, SetPresentation
from mesadiagram.model.history import History
from mesadiagram.model.presentation import Presentation, StepSpec
from mesadiagram.presentation import camera
from mesadiagram.presentation.frames import frames
from mesadiagram.presentation.order import (
    merged,
    moved,
    normalised,
    parts_of,
    skipped,
    split,
    steps_of,
)
from mesadiagram.presentation.steps import generated_steps, stage_order, step_title
from mesadiagram.presentation.summary import closing_summary, percent

# The seed's steps as the rules make them: each stage with the link into it, then its
# annotations and those of that link, one type at a time in type order (kinds,
# mechanisms, caveats, interventions, notes).
SEED_STEPS = [
    ("Base optimizer", ["base-optimizer"], [], []),
    ("Mesa optimizer", ["mesa-optimizer"], ["base-optimizer->mesa-optimizer"], []),
    ("Mesa optimizer: mechanisms", [], [], ["produced-through-optimization-of"]),
    (
        "Base optimizer → Mesa optimizer: interventions",
        [],
        [],
        ["prevent-mesa-optimizer-arising"],
    ),
    ("Misalignment", ["misalignment"], ["mesa-optimizer->misalignment"], []),
    (
        "Misalignment: kinds",
        [],
        [],
        ["proxy", "side-effect", "instrumental", "approximate", "suboptimal"],
    ),
    ("Mesa optimizer → Misalignment: interventions", [], [], ["prevent-mesa-optimizer-from"]),
    ("Misalignment: notes", [], [], ["note"]),
    ("Deployment", ["deployment"], ["misalignment->deployment"], []),
    (
        "Deployment: mechanisms",
        [],
        [],
        ["not-enough-evidence-of-risk", "mesa-optimizer-is-deceptive-to"],
    ),
    ("Misalignment → Deployment: interventions", [], [], ["don-t-deploy-misaligned-mesa"]),
    ("Distribution shift", ["distribution-shift"], ["deployment->distribution-shift"], []),
    ("Distribution shift: mechanisms", [], [], ["deployment-environment-differs"]),
    (
        "Deployment → Distribution shift: interventions",
        [],
        [],
        ["ensure-deployment-environment"],
    ),
    ("Deployment → Distribution shift: notes", [], [], ["note-3"]),
    (
        "Unanticipated behaviour",
        ["unanticipated-behaviour"],
        ["distribution-shift->unanticipated-behaviour"],
        [],
    ),
    ("Unanticipated behaviour: mechanisms", [], [], ["the-distribution-shift-causes"]),
    (
        "Distribution shift → Unanticipated behaviour: interventions",
        [],
        [],
        ["prevent-unanticipated-behaviour"],
    ),
    ("Unanticipated behaviour: notes", [], [], ["note-2"]),
    ("Catastrophe", ["catastrophe"], ["unanticipated-behaviour->catastrophe"], []),
    (
        "Catastrophe: caveats",
        [],
        [],
        ["the-behaviour-is-counter", "intervention-from-other-actors"],
    ),
    ("Unanticipated behaviour → Catastrophe: interventions", [], [], ["prevent-catastrophe"]),
]


def test_the_seed_steps_reveal_stages_links_and_annotations_in_causal_order(seed_doc) -> None:
    shown = frames(seed_doc)
    got = [
        (f.title, sorted(f.new_stages), sorted(f.new_links), list(f.new_annotations)) for f in shown
    ]
    assert got == SEED_STEPS
    # No credences in the seed: no summary step. Everything is revealed by the end.
    last = shown[-1]
    assert last.stages == seed_doc.node_ids()
    assert last.links == {e.id for e in seed_doc.edges}
    assert last.annotations == seed_doc.annotation_ids()


def test_a_step_dims_what_came_before_and_hides_what_comes_after(seed_doc) -> None:
    misalignment = frames(seed_doc)[4]
    assert misalignment.current == {"misalignment", "mesa-optimizer->misalignment"}
    assert misalignment.dimmed == {
        "base-optimizer",
        "mesa-optimizer",
        "base-optimizer->mesa-optimizer",
    }
    assert "deployment" in misalignment.hidden and "misalignment->deployment" in misalignment.hidden
    assert misalignment.hidden | misalignment.visible == misalignment.elements
    kinds = frames(seed_doc)[5]
    assert kinds.current == {"misalignment"}  # the owner of the kinds
    assert "mesa-optimizer->misalignment" in kinds.dimmed


def _doc(nodes: list[tuple[str, float, float]], links: list[tuple[str, str]]) -> Document:
    doc = Document("t")
    for node_id, x, y in nodes:
        doc.insert_node(Node(node_id, node_id.upper(), position=(x, y)))
    for a, b in links:
        doc.insert_edge(Edge(a, b))
    return doc


def test_branches_and_several_roots_follow_positions_left_to_right() -> None:
    # Two roots; r2 is further left than a's child, so it comes first among free stages.
    doc = _doc(
        [("r1", 0, 0), ("a", 300, -100), ("b", 300, 100), ("r2", 100, 300), ("o", 600, 0)],
        [("r1", "a"), ("r1", "b"), ("r2", "b"), ("a", "o"), ("b", "o")],
    )
    assert stage_order(doc) == ["r1", "r2", "a", "b", "o"]
    fs = frames(doc)
    b_step = next(f for f in fs if f.new_stages == {"b"})
    assert b_step.new_links == {"r1->b", "r2->b"}  # both links into b appear with it


def test_a_diagram_that_reads_downwards_is_ordered_top_to_bottom() -> None:
    doc = _doc(
        [("a", 0, 0), ("c", 100, 150), ("b", -100, 250), ("d", 0, 400)],
        [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")],
    )
    assert stage_order(doc) == ["a", "c", "b", "d"]


def test_cycles_are_broken_as_the_layout_breaks_them() -> None:
    doc = _doc([("a", 0, 0), ("b", 200, 0), ("c", 400, 0)], [("a", "b"), ("b", "c"), ("c", "a")])
    assert stage_order(doc) == ["a", "b", "c"]
    c_step = frames(doc)[2]
    assert c_step.new_links == {"b->c", "c->a"}  # the back link appears with its later end


def test_stages_without_positions_come_last_in_file_order() -> None:
    doc = Document()
    for node in (Node("x", "X"), Node("y", "Y", position=(500, 0)), Node("z", "Z")):
        doc.insert_node(node)
    assert stage_order(doc) == ["y", "x", "z"]


def test_options_together_after_chain_and_summary(seed_doc) -> None:
    seed_doc.presentation = Presentation(annotations="together", interventions="after-chain")
    titles = [step_title(seed_doc, s) for s in generated_steps(seed_doc)]
    assert titles[3:5] == ["Misalignment", "Misalignment: kinds and notes"]
    steps = generated_steps(seed_doc)
    interventions = [s for s in steps if step_title(seed_doc, s) == "Interventions"]
    assert len(interventions) == 1 and len(interventions[0].annotations) == 6
    assert titles[-1] == "Interventions"
    seed_doc.presentation = Presentation(interventions="after-chain")
    steps = generated_steps(seed_doc)
    tail = steps[-6:]
    assert all(len(s.annotations) == 1 for s in tail)  # one step per link, chain order
    firsts = [seed_doc.annotation(s.annotations[0])[0] for s in tail]
    assert firsts == [e.id for e in seed_doc.edges]
    seed_doc.presentation = Presentation(summary="always")
    assert generated_steps(seed_doc)[-1] == StepSpec(summary=True)


def test_credences_bring_the_summary_step() -> None:
    doc = _doc([("a", 0, 0), ("b", 200, 0), ("c", 400, 0)], [("a", "b"), ("b", "c")])
    doc.update_edge("a->b", probability=0.5)
    doc.update_edge("b->c", probability=0.5)
    doc.set_annotations("a->b", [Annotation("intervention", "Stop it", effect=0.5)])
    assert generated_steps(doc)[-1].summary
    last = frames(doc)[-1]
    assert last.summary and not last.dimmed and not last.hidden
    card = closing_summary(doc)
    texts = [line for section in card.sections for line in section.lines]
    assert "C: 25% without interventions, 12% with them (exact)" in texts
    assert card.unmitigated == {"b->c"}
    assert "B → C" in texts
    doc.presentation = Presentation(summary="never")
    assert not generated_steps(doc)[-1].summary


def test_percent_keeps_two_figures_below_ten() -> None:
    assert [percent(v) for v in (0.26, 0.045, 0.0012, 0.0)] == ["26%", "4.5%", "0.12%", "0%"]


def test_a_custom_order_keeps_up_with_the_document(seed_doc) -> None:
    steps = steps_of(seed_doc)
    custom = moved(merged(steps, [0, 1]), 5, 0)
    seed_doc.presentation = Presentation(steps=tuple(custom))
    assert steps_of(seed_doc) == custom
    # A stage added after Deployment shows right after the custom step of Deployment's
    # last part; the links into it come with it.
    history = History(seed_doc)
    history.push(AddNode(Node("audit", "Audit", position=(780, 200))))
    history.push(AddEdge(Edge("deployment", "audit")))
    now = steps_of(seed_doc)
    at = now.index(StepSpec(stages=("audit",)))
    assert now[at - 1] == StepSpec(annotations=("don-t-deploy-misaligned-mesa",))
    assert len(now) == len(custom) + 1
    # A stage removed disappears from the order, and steps left empty go.
    history.push(RemoveNode("base-optimizer"))
    assert all("base-optimizer" not in s.stages for s in steps_of(seed_doc))
    assert StepSpec(stages=("mesa-optimizer",)) in steps_of(seed_doc)


def test_split_merge_skip_and_back_to_the_generated_order(seed_doc) -> None:
    steps = steps_of(seed_doc)
    kinds = next(i for i, s in enumerate(steps) if "proxy" in s.annotations)
    assert len(parts_of(seed_doc, steps[kinds])) == 5  # one type: split by annotation
    two = split(seed_doc, steps, kinds)
    assert two[kinds].annotations == ("proxy",)
    assert len(two[kinds + 1].annotations) == 4
    whole = merged(two, [kinds, kinds + 1])
    assert whole == steps
    assert normalised(seed_doc, Presentation(steps=tuple(whole))) == Presentation()
    both = merged(steps, [1, 2])  # a stage and its mechanisms
    assert split(seed_doc, both, 1) == steps
    left_out = skipped(steps, [kinds], True)
    shown = frames(seed_doc, left_out)
    assert len(shown) == len(steps) - 1
    assert not shown[-1].annotations & {"proxy", "side-effect"}
    assert normalised(seed_doc, Presentation(steps=tuple(left_out))).steps == tuple(left_out)


def test_annotations_revealed_before_their_stage_appear_with_it(seed_doc) -> None:
    steps = steps_of(seed_doc)
    kinds = next(i for i, s in enumerate(steps) if "proxy" in s.annotations)
    early = moved(steps, kinds, 0)
    shown = frames(seed_doc, early)
    assert shown[0].is_empty()
    misalignment = next(f for f in shown if "misalignment" in f.new_stages)
    assert misalignment.new_annotations[:1] == ("proxy",)


def test_setting_the_presentation_is_one_undoable_step(seed_doc) -> None:
    history = History(seed_doc)
    before = seed_doc.presentation
    custom = Presentation(theme="dark", steps=tuple(reversed(steps_of(seed_doc))))
    history.push(SetPresentation(custom))
    assert seed_doc.presentation == custom
    history.undo()
    assert seed_doc.presentation == before
    history.redo()
    assert seed_doc.presentation == custom


LEGIBLE = camera.Legibility(label=14.0, text=14.0 * 0.78)


def test_the_camera_stays_while_what_changed_is_in_view() -> None:
    first = camera.next_view(None, (0, 0, 100, 50), None, 16 / 9, LEGIBLE)
    width = first[2] - first[0]
    assert width == pytest.approx(LEGIBLE.preferred_width())
    # Labels then fill 20/960 of the width: 40 px on a 1920-px screen.
    assert 14.0 / width * 1920 == pytest.approx(40.0)
    assert camera.next_view(first, (150, 0, 250, 50), None, 16 / 9, LEGIBLE) == first
    moved_view = camera.next_view(first, (600, 0, 700, 50), (0, 0, 700, 50), 16 / 9, LEGIBLE)
    assert moved_view[2] >= 700 and moved_view[0] <= 0 + (moved_view[2] - moved_view[0])
    assert moved_view[1] == first[1]  # slid sideways only


def test_the_camera_zooms_out_for_a_tall_callout_but_never_below_the_floor() -> None:
    tall = camera.next_view(None, (0, 0, 300, 500), None, 16 / 9, LEGIBLE)
    width = tall[2] - tall[0]
    assert width > LEGIBLE.preferred_width()
    assert width / (16 / 9) >= 500
    huge = camera.next_view(None, (0, 0, 300, 5000), None, 16 / 9, LEGIBLE)
    width = huge[2] - huge[0]
    assert width == pytest.approx(LEGIBLE.widest())
    assert 14.0 / width * 1920 >= 28 - 1e-9 and 14.0 * 0.78 / width * 1920 >= 20 - 1e-9


def test_stages_without_links_and_an_empty_document() -> None:
    assert generated_steps(Document()) == []
    assert frames(Document()) == []
    doc = _doc([("a", 0, 0)], [])
    assert [step_title(doc, s) for s in generated_steps(doc)] == ["A"]
    doc.presentation = replace(doc.presentation, summary="always")
    assert [f.summary for f in frames(doc)] == [False, True]
