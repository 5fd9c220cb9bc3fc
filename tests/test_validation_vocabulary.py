"""Validation of link types, stage classes, groups and text boxes: every problem with
its message, line and column (run with libyaml's parser and PyYAML's pure one)."""

from __future__ import annotations

import pytest

from mesadiagram.formats import loads
from tests.validation_support import LOADERS, NODE_A, NODE_B, V, only, problems, use_loader, where


@pytest.fixture(autouse=True, params=LOADERS)
def loader(request, monkeypatch) -> str:
    use_loader(request.param, monkeypatch)
    return request.param


STAGES = "nodes:\n" + NODE_A + NODE_B  # lines 2-6 after V: a at 3, b at 5
LINK = "edges:\n  - from: a\n    to: b\n"  # after STAGES: lines 7-9


# -- a link's type and a stage's class ------------------------------------------------------
def test_unknown_link_type_names_its_line_and_the_closest() -> None:
    p = only(V + STAGES + LINK + "    type: enabls\n")
    assert where(p) == (10, 11, "edges[0].type")
    assert p.message == (
        "unknown link type 'enabls' (did you mean 'enables'?) (declare it under 'link_types:')"
    )


def test_unknown_link_type_suggests_a_declared_one() -> None:
    declared = "link_types:\n  - name: defer\n"
    p = only(V + declared + STAGES + LINK + "    type: defr\n")
    assert where(p) == (12, 11, "edges[0].type")
    assert "(did you mean 'defer'?)" in p.message


def test_unknown_stage_class_names_its_line_and_the_closest() -> None:
    p = only(V + "nodes:\n  - id: a\n    label: A\n    class: questoin\n")
    assert where(p) == (5, 12, "nodes[0].class")
    assert p.message == (
        "unknown stage class 'questoin' (did you mean 'question'?) "
        "(declare it under 'stage_classes:')"
    )


def test_empty_type_is_refused() -> None:
    p = only(V + STAGES + LINK + "    type: ''\n")
    assert (where(p), p.message) == ((10, 11, "edges[0].type"), "must not be empty")


def test_known_types_and_classes_are_read() -> None:
    doc = loads(
        V + "link_types:\n  - name: 'yes'\n    label: 'Yes'\n"
        "stage_classes:\n  - name: claim\n    shape: note\n"
        "nodes:\n  - id: a\n    label: A\n    class: claim\n"
        "  - id: b\n    label: B\n    class: question\n"
        "edges:\n  - from: a\n    to: b\n    type: yes\n  - from: b\n    to: a\n"
        "    type: undermines\n"
    )
    assert [n.stage_class for n in doc.nodes] == ["claim", "question"]
    assert [e.type for e in doc.edges] == ["yes", "undermines"]  # `yes` as written
    assert doc.link_type("yes").label == "Yes" and doc.stage_class("claim").label == "claim"
    assert doc.carries_risk("a->b") and not doc.carries_risk("b->a")


# -- declarations -------------------------------------------------------------------------
def test_link_type_declared_twice() -> None:
    p = only(V + "link_types:\n  - name: defer\n  - name: defer\n")
    assert where(p) == (4, 11, "link_types[1].name")
    assert p.message == "link type 'defer' is declared twice (first at line 3)"


def test_stage_class_declared_twice() -> None:
    p = only(V + "stage_classes:\n  - name: claim\n    shape: note\n  - name: claim\n")
    assert where(p) == (5, 11, "stage_classes[1].name")
    assert p.message == "stage class 'claim' is declared twice (first at line 3)"


@pytest.mark.parametrize(
    ("section", "name", "what"),
    [("link_types", "supports", "link type"), ("stage_classes", "actor", "stage class")],
)
def test_declaring_a_built_in_name(section: str, name: str, what: str) -> None:
    p = only(V + f"{section}:\n  - name: {name}\n")
    assert where(p) == (3, 11, f"{section}[0].name")
    assert p.message == f"{name!r} is a built-in {what}; a declared one needs another name"


@pytest.mark.parametrize(
    ("entry", "column", "path", "message"),
    [
        (
            "line: dashd",
            11,
            "line",
            "unknown line style 'dashd' (did you mean 'dashed'?); known: solid, dashed, dotted",
        ),
        (
            "head: arow",
            11,
            "head",
            "unknown head 'arow' (did you mean 'arrow'?); known: arrow, open, bar, diamond, "
            "circle, none",
        ),
        ("color: red", 12, "color", "expected a colour like '#D55E00', found 'red'"),
        ("carries_risk: maybe", 19, "carries_risk", "expected true or false, found text"),
        ("colour: '#123456'", 5, "colour", "unknown key 'colour' (did you mean 'color'?)"),
    ],
)
def test_bad_link_type_fields(entry: str, column: int, path: str, message: str) -> None:
    p = only(V + f"link_types:\n  - name: defer\n    {entry}\n")
    assert where(p) == (4, column, f"link_types[0].{path}")
    assert p.message == message


def test_a_link_type_with_a_bad_word_is_still_declared() -> None:
    """Its links are not reported as well: one mistake, one message."""
    found = problems(V + "link_types:\n  - name: defer\n    line: wavy\n" + STAGES + LINK[:-1]
                     + "\n    type: defer\n")  # fmt: skip
    assert [p.path for p in found] == ["link_types[0].line"]


def test_bad_shape_suggests_the_closest() -> None:
    p = only(V + "stage_classes:\n  - name: claim\n    shape: hexagn\n")
    assert where(p) == (4, 12, "stage_classes[0].shape")
    assert p.message.startswith("unknown shape 'hexagn' (did you mean 'hexagon'?); known: ")


def test_bad_stage_class_colour() -> None:
    p = only(V + "stage_classes:\n  - name: claim\n    color: '#12345'\n")
    assert where(p) == (4, 12, "stage_classes[0].color")
    assert p.message == "expected a colour like '#D55E00', found '#12345'"


def test_a_declared_name_must_be_lower_case() -> None:
    p = only(V + "link_types:\n  - name: Yes please\n")
    assert where(p) == (3, 11, "link_types[0].name")
    assert p.message == "must be lower-case letters, digits, '-' or '_', starting with a letter"


def test_a_declaration_needs_a_name() -> None:
    p = only(V + "stage_classes:\n  - shape: note\n")
    assert (where(p), p.message) == ((3, 5, "stage_classes[0]"), "missing required key 'name'")


# -- groups ---------------------------------------------------------------------------------
GROUP = "groups:\n  - id: phase\n    label: Phase\n    stages:\n"  # after STAGES: 7-10


def test_a_group_is_read() -> None:
    doc = loads(V + STAGES + GROUP + "      - b\n      - a\n    color: '#E69F00'\n")
    [group] = doc.groups
    assert (group.id, group.label, group.stages, group.color) == (
        "phase",
        "Phase",
        ["b", "a"],
        "#E69F00",
    )
    assert doc.group_of("a") == "phase" and doc.kind_of("phase") == "group"


def test_a_group_naming_a_missing_stage() -> None:
    p = only(V + STAGES + GROUP + "      - a\n      - bb\n")
    assert where(p) == (12, 9, "groups[0].stages[1]")
    assert p.message == "no stage with id 'bb' (did you mean 'b'?)"


def test_a_stage_in_two_groups() -> None:
    second = "  - id: other\n    stages: [b, a]\n"
    p = only(V + STAGES + GROUP + "      - a\n" + second)
    assert where(p) == (13, 17, "groups[1].stages[1]")
    assert p.message == (
        "stage 'a' is already in group 'phase' (line 11): a stage belongs to at most one group"
    )


def test_a_stage_listed_twice_in_one_group() -> None:
    p = only(V + STAGES + GROUP + "      - a\n      - a\n")
    assert where(p) == (12, 9, "groups[0].stages[1]")
    assert p.message == "stage 'a' is listed twice in this group"


@pytest.mark.parametrize("value", [" []", ""])
def test_a_group_without_stages(value: str) -> None:
    p = only(V + STAGES + "groups:\n  - id: phase\n    stages:" + value + "\n")
    assert where(p)[::2] == (9, "groups[0].stages")
    assert p.message == "a group needs at least one stage"


def test_a_group_needs_an_id_and_stages() -> None:
    found = problems(V + STAGES + "groups:\n  - label: Phase\n")
    assert [(p.line, p.column, p.message) for p in found] == [
        (8, 5, "missing required key 'id'"),
        (8, 5, "missing required key 'stages'"),
    ]


def test_a_group_id_shares_the_namespace_of_stages_and_links() -> None:
    p = only(V + STAGES + LINK + "groups:\n  - id: b\n    stages: [a]\n")
    assert where(p) == (11, 9, "groups[0].id")
    assert p.message == "duplicate id 'b' (first at line 5)"


def test_a_group_taking_a_links_default_id_numbers_the_link() -> None:
    """As a stage so named does: the file's ids are reserved before links get theirs."""
    doc = loads(V + STAGES + LINK + "groups:\n  - id: a->b\n    stages: [a]\n")
    assert [e.id for e in doc.edges] == ["a->b-2"] and doc.groups[0].id == "a->b"


def test_a_group_of_a_broken_stage_is_not_reported_again() -> None:
    found = problems(V + "nodes:\n  - id: a\n" + GROUP + "      - a\n")
    assert [p.path for p in found] == ["nodes[0]"]


def test_stages_of_a_group_must_be_text() -> None:
    p = only(V + STAGES + GROUP + "      - a\n      - {x: 1}\n")
    assert where(p) == (12, 9, "groups[0].stages[1]")
    assert p.message == "expected text, found a mapping"


# -- text boxes -----------------------------------------------------------------------------
def test_a_text_box_is_read() -> None:
    doc = loads(V + "boxes:\n  - id: key\n    text: Read me\n    position: [10, -20.5]\n"
                "    width: 300\n")  # fmt: skip
    [box] = doc.boxes
    assert (box.id, box.text, box.position, box.width) == ("key", "Read me", (10.0, -20.5), 300.0)


@pytest.mark.parametrize(
    ("value", "shown"), [("0.5", "0.5"), ("-3", "-3"), ("wide", "'wide'"), ("[1]", "a list")]
)
def test_bad_text_box_width(value: str, shown: str) -> None:
    p = only(V + "boxes:\n  - id: key\n    text: T\n    position: [0, 0]\n    width: " + value
             + "\n")  # fmt: skip
    assert where(p) == (6, 12, "boxes[0].width")
    assert p.message == f"must be a number from 1 to 1e9, not {shown}"


def test_a_text_box_needs_an_id_text_and_position() -> None:
    found = problems(V + "boxes:\n  - width: 10\n")
    assert [(p.line, p.column, p.message) for p in found] == [
        (3, 5, "missing required key 'id'"),
        (3, 5, "missing required key 'text'"),
        (3, 5, "missing required key 'position'"),
    ]


def test_blank_text_and_bad_position() -> None:
    found = problems(V + "boxes:\n  - id: key\n    text: ' '\n    position: [0]\n")
    assert [(p.line, p.column, p.path, p.message) for p in found] == [
        (4, 11, "boxes[0].text", "must not be empty"),
        (5, 15, "boxes[0].position", "expected [x, y], two numbers from -1e9 to 1e9"),
    ]


def test_a_text_box_id_shares_the_namespace() -> None:
    p = only(V + STAGES + GROUP + "      - a\nboxes:\n  - id: phase\n    text: T\n"
             "    position: [0, 0]\n")  # fmt: skip
    assert where(p) == (13, 9, "boxes[0].id")
    assert p.message == "duplicate id 'phase' (first at line 8)"
