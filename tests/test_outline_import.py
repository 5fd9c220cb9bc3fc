"""The outline grammar (docs/outline.md), rule by rule; its errors with line, column and
candidates; the seed's outline, which imports to the example model."""

from __future__ import annotations

import re

import pytest

from mesadiagram.formats import FormatError, dumps, load
from mesadiagram.formats.exchange.outline_reader import read_outline
from mesadiagram.formats.imports import (
    IMPORT_FORMATS,
    ImportResult,
    import_format_for_path,
    skipped_text,
)
from mesadiagram.model import Document
from tests.conftest import EXAMPLE, ROOT

OUTLINE = ROOT / "examples" / "mesa_optimization.md"


def read(text: str) -> Document:
    result = read_outline(text, "m.md")
    assert result.skipped == []
    return result.document


def chain(doc: Document) -> list[tuple[str, str]]:
    return [(e.source, e.target) for e in doc.edges]


def annotations(doc: Document, owner: str) -> list[tuple[str, str, str]]:
    return [(a.type, a.label, a.text) for a in doc.annotations_of(owner)]


def problems(text: str) -> list[str]:
    with pytest.raises(FormatError) as caught:
        read_outline(text, "m.md")
    return [str(p) for p in caught.value.problems]


# -- the seed ------------------------------------------------------------------------------
def without_positions(doc: Document) -> Document:
    for node in doc.nodes:
        node.position = None
    return doc


def test_the_seed_outline_imports_to_the_example_except_positions() -> None:
    result = IMPORT_FORMATS["md"].read(OUTLINE.read_text(encoding="utf-8"), str(OUTLINE))
    assert result.skipped == []
    example = without_positions(load(EXAMPLE))
    assert result.document == example
    assert dumps(result.document) == dumps(example)  # ids, order and outcome included


def test_the_outline_page_shows_the_seed_outline_as_it_is() -> None:
    page = (ROOT / "docs" / "outline.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```markdown\n(.*?)```", page, re.S)
    assert blocks[0] == OUTLINE.read_text(encoding="utf-8")
    branching = read(blocks[1])
    assert chain(branching) == [
        ("base-optimizer", "mesa-optimizer"),
        ("mesa-optimizer", "learned-deception"),
        ("mesa-optimizer", "catastrophe"),
        ("learned-deception", "catastrophe"),
    ]
    assert branching.edge("mesa-optimizer->catastrophe").text == "rare"


def test_the_registry_reads_outlines_by_suffix() -> None:
    for name in ("m.md", "m.MARKDOWN", "notes.txt"):
        found = import_format_for_path(name)
        assert found is not None and "outline_reader" in found.reader
    assert import_format_for_path("m.yaml") is None
    assert isinstance(IMPORT_FORMATS["txt"].read("- A\n", "a.txt"), ImportResult)


# -- title, description, stages and the chain -------------------------------------------
def test_title_and_the_paragraphs_before_the_list_are_the_description() -> None:
    doc = read("# My model\n\nFirst line\nwrapped.\n\nSecond paragraph.\n\n- A\n")
    assert doc.title == "My model"
    assert doc.description == "First line wrapped.\n\nSecond paragraph."


def test_top_level_items_are_stages_linked_in_order_whatever_the_bullet() -> None:
    doc = read("- Base optimizer\n* Mesa optimizer\n+ Misalignment\n1. Deployment\n2) Shift\n")
    assert [n.label for n in doc.nodes] == [
        "Base optimizer",
        "Mesa optimizer",
        "Misalignment",
        "Deployment",
        "Shift",
    ]
    assert [n.id for n in doc.nodes][:2] == ["base-optimizer", "mesa-optimizer"]
    assert chain(doc) == [(a.id, b.id) for a, b in zip(doc.nodes, doc.nodes[1:], strict=False)]


@pytest.mark.parametrize("arrow", ["-> ", "→ ", "- -> ", "* → "])
def test_an_arrow_item_continues_the_chain(arrow: str) -> None:
    doc = read(f"- Base optimizer\n{arrow}Mesa optimizer\n  - Produced by search\n")
    assert [n.label for n in doc.nodes] == ["Base optimizer", "Mesa optimizer"]
    assert chain(doc) == [("base-optimizer", "mesa-optimizer")]
    assert annotations(doc, "mesa-optimizer") == [("mechanism", "Produced by search", "")]


def test_text_in_parentheses_after_a_stage_is_its_text_and_bold_is_an_outcome() -> None:
    doc = read("- Misalignment (base != mesa (often))\n- **Catastrophe**\n- Plain (not text\n")
    misalignment, catastrophe, plain = doc.nodes
    assert (misalignment.label, misalignment.text) == ("Misalignment", "base != mesa (often)")
    assert (catastrophe.label, catastrophe.outcome) == ("Catastrophe", True)
    assert not misalignment.outcome and not plain.outcome
    assert plain.label == "Plain (not text"
    assert read("- __Doom__ (the end)\n").nodes[0].outcome


def test_stages_with_one_label_get_numbered_ids() -> None:
    doc = read("- A\n- B\n- A\n")
    assert [n.id for n in doc.nodes] == ["a", "b", "a-2"]


# -- annotations ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("heading", "type_name"),
    [
        ("Kinds:", "kind"),
        ("kind:", "kind"),
        ("MECHANISMS:", "mechanism"),
        ("Caveat:", "caveat"),
        ("Notes:", "note"),
        ("interventions:", "intervention"),
        ("Different kinds of misalignment:", "kind"),
        ("Kinds of failure:", "kind"),
        ("Ways this doesn't happen:", "caveat"),
        ("Ways this doesn’t happen:", "caveat"),
        ("ways this does not happen:", "caveat"),
    ],
)
def test_a_type_heading_makes_its_items_annotations_of_that_type(
    heading: str, type_name: str
) -> None:
    doc = read(f"- Stage\n  - {heading}\n    - Proxy: a proxy\n    - Alone\n")
    label_only = ("", "Alone") if type_name == "note" else ("Alone", "")
    assert annotations(doc, "stage") == [
        (type_name, "Proxy", "a proxy"),
        (type_name, *label_only),
    ]


def test_other_nested_items_are_mechanisms_split_at_the_first_colon() -> None:
    doc = read(
        "- Stage\n"
        "  - Searches: finds a plan: fast\n"
        "  - Kinds\n"  # no colon: a mechanism named Kinds
        "  - Unknown heading:\n"  # names no type: a mechanism with an empty text
        "  - Escaped\\: colon\n"
    )
    assert annotations(doc, "stage") == [
        ("mechanism", "Searches", "finds a plan: fast"),
        ("mechanism", "Kinds", ""),
        ("mechanism", "Unknown heading", ""),
        ("mechanism", "Escaped: colon", ""),
    ]


def test_items_under_an_annotation_are_its_sub_items() -> None:
    doc = read("- S\n  - Interventions:\n    - Audit: look\n      - Red team: hard\n      - Fuzz\n")
    (audit,) = doc.annotations_of("s")
    assert (audit.type, audit.label, audit.text) == ("intervention", "Audit", "look")
    assert [(i.label, i.text) for i in audit.items] == [("Red team", "hard"), ("Fuzz", "")]


def test_a_heading_keeps_the_order_of_annotations() -> None:
    doc = read("- S\n  - First\n  - Kinds:\n    - K\n  - Second\n  - Caveats:\n    - C\n")
    assert [a.type for a in doc.annotations_of("s")] == [
        "mechanism",
        "kind",
        "mechanism",
        "caveat",
    ]


# -- links and interventions ---------------------------------------------------------------
def test_a_links_section_declares_the_links_instead_of_the_order() -> None:
    doc = read(
        "- Base optimizer\n- Mesa optimizer\n- Catastrophe\n\n## Links\n\n"
        "- Base -> Mesa: searches (inner search)\n"
        "Mesa → catastrophe\n"  # a bare line, any case
        "- base optimizer -> Catastrophe: directly\n"
        "  - Notes:\n    - rare\n"
    )
    assert chain(doc) == [
        ("base-optimizer", "mesa-optimizer"),
        ("mesa-optimizer", "catastrophe"),
        ("base-optimizer", "catastrophe"),
    ]
    first = doc.edge("base-optimizer->mesa-optimizer")
    assert (first.label, first.text) == ("searches", "inner search")
    assert annotations(doc, "base-optimizer->catastrophe") == [("note", "", "rare")]


def test_a_links_section_with_parallel_links_numbers_them() -> None:
    doc = read("- A\n- B\n## Links\n- A -> B\n- A -> B: again\n")
    assert [e.id for e in doc.edges] == ["a->b", "a->b-2"]


def test_interventions_attach_to_links_with_methods_and_notes() -> None:
    doc = read(
        "- Base optimizer\n- Mesa optimizer\n- Misalignment\n\n## Interventions\n\n"
        "- Base → Mesa: prevent it\n  - Other methods\n  - Note: probably hard\n"
        "- Mesa -> Misalignment: align it: with care\n  - Standard: methods\n"
        "- Mesa -> Misalignment\n"
    )
    assert annotations(doc, "base-optimizer->mesa-optimizer") == [
        ("intervention", "prevent it", ""),
        ("note", "", "probably hard"),
    ]
    first = doc.edge("base-optimizer->mesa-optimizer").annotations[0]
    assert [i.label for i in first.items] == ["Other methods"]
    align, bare = doc.edge("mesa-optimizer->misalignment").annotations
    assert (align.label, align.text) == ("align it", "with care")
    assert [(i.label, i.text) for i in align.items] == [("Standard", "methods")]
    assert (bare.type, bare.label) == ("intervention", "")


def test_an_exact_label_wins_over_a_longer_one_it_begins() -> None:
    doc = read("- Mesa\n- Mesa optimizer\n## Interventions\n- Mesa -> Mesa optimizer: x\n")
    assert doc.edge("mesa->mesa-optimizer").annotations[0].label == "x"


# -- errors --------------------------------------------------------------------------------
AMBIGUOUS = "- Base optimizer\n- Mesa optimizer\n- Mesa objective\n\n## Interventions\n\n"


def test_an_ambiguous_name_names_line_column_and_candidates() -> None:
    (problem,) = problems(AMBIGUOUS + "- Base -> Mesa: x\n")
    assert problem.startswith("m.md:7:11: ")
    assert "“Mesa optimizer” (line 2)" in problem and "“Mesa objective” (line 3)" in problem


def test_an_unknown_name_suggests_the_closest_and_lists_the_stages() -> None:
    (problem,) = problems(AMBIGUOUS + "- Bsae optimizer -> Mesa optimizer: x\n")
    assert problem.startswith("m.md:7:3: no stage named “Bsae optimizer”")
    assert "did you mean “Base optimizer”?" in problem
    assert "“Mesa objective” (line 3)" in problem


def test_every_problem_is_reported_and_nothing_is_returned() -> None:
    found = problems(
        AMBIGUOUS
        + "- Base -> Nowhere: x\n"  # 7: unknown B
        + "  - a method\n"
        + "- Mesa optimizer -> Base optimizer\n"  # 9: no such link
        + "- just words\n"  # 10: no arrow
        + "-> Mesa objective\n"  # 11: no stage on the left
    )
    assert [p.split(": ", 1)[0] for p in found] == [
        "m.md:7:11",
        "m.md:9:3",
        "m.md:10:3",
        "m.md:11:1",
    ]
    assert "its links go to “Mesa objective”" in found[1]
    assert "expected “A -> B”" in found[2]


def test_a_links_section_names_stages_the_same_way() -> None:
    (problem,) = problems("- A\n- B\n## Links\n  - A -> C\n")
    assert problem.startswith("m.md:4:10: no stage named “C”")


def test_a_stage_needs_a_label() -> None:
    found = problems("- A\n- **  **\n-\n- B\n")
    assert [p.split(": ", 1)[0] for p in found] == ["m.md:2:3", "m.md:3:1"]
    assert all("a stage needs a label" in p for p in found)


def test_the_column_counts_characters_as_written() -> None:
    (problem,) = problems("- A: b\n## Links\n\t- A\\: b -> Z\n")
    # A tab, `- `, `A\: b -> `: Z is the 13th character of the line.
    assert problem.startswith("m.md:3:13: no stage named “Z”")


# -- what is left out ----------------------------------------------------------------------
def test_what_is_left_out_is_listed_by_line() -> None:
    result = read_outline(
        "Intro\n\n# Title\n\n## Background\n- A\n  - Kinds:\n    - K\n      - method\n"
        "        - too deep\nstray text\n---\n",
        "m.md",
    )
    doc = result.document
    assert (doc.title, doc.description, [n.label for n in doc.nodes]) == ("Title", "Intro", ["A"])
    assert result.skipped == [
        "line 5: heading “Background” (not a section)",
        "line 10: “too deep” (nested too deep)",
        "line 11: text outside the list “stray text”",
    ]
    assert skipped_text(result.skipped).startswith("skipped 3: line 5: heading")


def test_an_indented_line_continues_its_item() -> None:
    doc = read("- A long stage\n  label (with\n  its text)\n  - a mechanism\n    wrapped\n")
    (stage,) = doc.nodes
    assert (stage.label, stage.text) == ("A long stage label", "with its text")
    assert annotations(doc, stage.id) == [("mechanism", "a mechanism wrapped", "")]


def test_text_without_a_list_has_no_stages() -> None:
    doc = read("just a shopping list\n")
    assert (doc.nodes, doc.description) == ([], "just a shopping list")
