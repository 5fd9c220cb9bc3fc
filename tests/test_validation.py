"""Validation of the model format (version 2; version 1 upgraded): every problem with its
message, line and column.

Each case loads a small document with ``loads(text, "model.yaml")`` and checks the
``FormatError.problems`` it raises. The module runs twice, with libyaml's parser and with
PyYAML's pure-Python one. Problems in the YAML itself and hostile input are in
``test_validation_input.py``.
"""

from __future__ import annotations

import pytest

from mesadiagram.formats import FormatError, loads
from tests.validation_support import (
    LOADERS,
    NODE_A,
    NODE_B,
    V1,
    V,
    only,
    problems,
    use_loader,
    where,
)


@pytest.fixture(autouse=True, params=LOADERS)
def loader(request, monkeypatch) -> str:
    use_loader(request.param, monkeypatch)
    return request.param


# -- the form of a problem ----------------------------------------------------------------
def test_problem_is_written_file_line_col_path_message() -> None:
    p = only(V + "nodes:\n  - id: a\n    lable: A\n    label: A\n")
    assert str(p) == "model.yaml:4:5: nodes[0].lable: unknown key 'lable' (did you mean 'label'?)"
    assert str(FormatError([p])) == str(p)


def test_problem_without_a_path_is_file_line_col_message() -> None:
    p = only(V + "title: a\ntitle: b\n")
    assert str(p) == "model.yaml:3:1: duplicate key 'title' (first at line 2)"


def test_problems_are_all_reported_in_file_order() -> None:
    found = problems(V + "nodes:\n  - id: a\n    label: [A]\n    probability: 2\n  - lable: x\n")
    assert [(p.line, p.column) for p in found] == sorted((p.line, p.column) for p in found)
    assert [p.path for p in found] == [
        "nodes[0].label",
        "nodes[0].probability",
        "nodes[1].lable",
        "nodes[1]",
        "nodes[1]",
    ]


# -- the format version -------------------------------------------------------------------
def test_newer_format_version() -> None:
    p = only("mesadiagram: 3\ntitle: From the future\n")
    assert where(p) == (1, 14, "mesadiagram")
    assert "written by format 3; this version reads 2" in p.message
    assert str(p).startswith(
        "model.yaml:1:14: mesadiagram: written by format 3; this version reads 2"
    )


def test_missing_format_version() -> None:
    p = only("title: x\n")
    assert where(p) == (1, 1, "mesadiagram")
    assert p.message == "missing 'mesadiagram: 2' (the format version) at the top of the file"


@pytest.mark.parametrize("version", [V, V1])
def test_both_versions_are_read(version: str) -> None:
    doc = loads(version + "nodes:\n" + NODE_A + NODE_B + "edges:\n  - from: a\n    to: b\n")
    assert [e.id for e in doc.edges] == ["a->b"]


def test_problems_in_a_version_1_file_keep_their_places() -> None:
    p = only(V1 + "nodes:\n  - id: a\n    lable: A\n    label: A\n")
    assert str(p) == "model.yaml:4:5: nodes[0].lable: unknown key 'lable' (did you mean 'label'?)"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("'1'", "the format version must be a whole number, found '1'"),
        ("1.0", "the format version must be a whole number, found 1.0"),
        ("true", "the format version must be a whole number, found True"),
        ("0", "unknown format version 0"),
        ("-3", "unknown format version -3"),
    ],
)
def test_bad_format_version(value: str, message: str) -> None:
    p = only(f"mesadiagram: {value}\n")
    assert (p.line, p.column, p.path, p.message) == (1, 14, "mesadiagram", message)


# -- wrong types --------------------------------------------------------------------------
def test_label_is_a_list() -> None:
    p = only(V + "nodes:\n  - id: a\n    label: [x, y]\n")
    assert where(p) == (4, 12, "nodes[0].label")
    assert p.message == "expected text, found a list"


def test_label_is_nothing() -> None:
    p = only(V + "nodes:\n  - id: a\n    label:\n")
    assert where(p) == (4, 11, "nodes[0].label")
    assert p.message == "expected text, found nothing"


def test_label_is_blank() -> None:
    p = only(V + "nodes:\n  - id: a\n    label: '  '\n")
    assert where(p) == (4, 12, "nodes[0].label")
    assert p.message == "must not be empty"


@pytest.mark.parametrize("value", ["[1]", "[1, 2, 3]", "[1, x]", "[.nan, 0]", "[true, 1]", "12"])
def test_position_is_not_two_numbers(value: str) -> None:
    p = only(V + f"nodes:\n  - id: a\n    label: A\n    position: {value}\n")
    assert where(p) == (5, 15, "nodes[0].position")
    assert p.message == "expected [x, y], two numbers from -1e9 to 1e9"


def test_nodes_is_not_a_list() -> None:
    p = only(V + "nodes: base-optimizer\n")
    assert where(p) == (2, 8, "nodes")
    assert p.message == "expected a list, found text"


def test_nodes_is_a_mapping() -> None:
    p = only(V + "nodes:\n  a: b\n")
    assert where(p) == (3, 3, "nodes")
    assert p.message == "expected a list, found a mapping"


def test_a_stage_is_not_a_mapping() -> None:
    p = only(V + "nodes:\n  - base-optimizer\n")
    assert where(p) == (3, 5, "nodes[0]")
    assert p.message == "expected a mapping (key: value lines), found text"


def test_an_annotation_is_not_a_mapping() -> None:
    p = only(V + "nodes:\n" + NODE_A + "    annotations:\n      - 42\n")
    assert where(p) == (6, 9, "nodes[0].annotations[0]")
    assert p.message == "expected a mapping (key: value lines), found a number"


def test_refs_is_not_a_list() -> None:
    p = only(V + "refs: Hubinger 2019\n")
    assert where(p) == (2, 7, "refs")
    assert p.message == "expected a list, found text"


def test_a_ref_is_a_mapping() -> None:
    p = only(V + "refs:\n  - {a: b}\n")
    assert where(p) == (3, 5, "refs[0]")
    assert p.message == "expected text, found a mapping"


def test_outcome_is_not_true_or_false() -> None:
    p = only(V + "nodes:\n  - id: a\n    label: A\n    outcome: maybe\n")
    assert where(p) == (5, 14, "nodes[0].outcome")
    assert p.message == "expected true or false, found text"


def test_id_on_two_lines() -> None:
    p = only(V + 'nodes:\n  - id: "a\\nb"\n    label: A\n')
    assert where(p) == (3, 9, "nodes[0].id")
    assert p.message == "must be one line without control characters"


def test_numbers_and_booleans_in_text_fields_keep_their_text() -> None:
    doc = loads(
        V + "title: 0.10\nrefs: [2019, 1:30]\nnodes:\n  - id: 007\n    label: no\n"
        "    annotations:\n      - {type: intervention, label: 1_000, items: [0x1F, .inf]}\n"
    )
    assert doc.title == "0.10"
    assert doc.refs == ["2019", "1:30"]
    assert [(n.id, n.label) for n in doc.nodes] == [("007", "no")]
    (ann,) = doc.nodes[0].annotations
    assert (ann.label, [i.label for i in ann.items]) == ("1_000", ["0x1F", ".inf"])


# -- missing and unknown keys -------------------------------------------------------------
def test_stage_without_id() -> None:
    p = only(V + "nodes:\n  - label: A\n")
    assert where(p) == (3, 5, "nodes[0]")
    assert p.message == "missing required key 'id'"


def test_link_without_to() -> None:
    p = only(V + "nodes:\n" + NODE_A + "edges:\n  - from: a\n")
    assert where(p) == (6, 5, "edges[0]")
    assert p.message == "missing required key 'to'"


def test_annotation_without_type() -> None:
    p = only(V + "nodes:\n" + NODE_A + "    annotations:\n      - label: x\n")
    assert where(p) == (6, 9, "nodes[0].annotations[0]")
    assert p.message == "missing required key 'type'"


def test_unknown_key_with_suggestion() -> None:
    found = problems(V + "nodes:\n  - id: a\n    lable: A\n")
    assert [(where(p), p.message) for p in found] == [
        ((3, 5, "nodes[0]"), "missing required key 'label'"),
        ((4, 5, "nodes[0].lable"), "unknown key 'lable' (did you mean 'label'?)"),
    ]


def test_unknown_top_level_key_with_suggestion() -> None:
    p = only(V + "titel: A model\n")
    assert where(p) == (2, 1, "titel")
    assert p.message == "unknown key 'titel' (did you mean 'title'?)"


def test_unknown_key_without_suggestion_lists_the_allowed_ones() -> None:
    p = only(V + "nodes:\n" + NODE_A + "    colour: red\n")
    assert where(p) == (5, 5, "nodes[0].colour")
    assert p.message == (
        "unknown key 'colour'; allowed: id, label, class, text, position, probability, "
        "outcome, pinned, refs, annotations"
    )


# -- stages and links ---------------------------------------------------------------------
def test_duplicate_ids() -> None:
    p = only(V + "nodes:\n" + NODE_A + "  - id: a\n    label: Again\n")
    assert where(p) == (5, 9, "nodes[1].id")
    assert p.message == "duplicate id 'a' (first at line 3)"


LINK_TO_MESA = """\
mesadiagram: 1
nodes:
  - {id: base-optimizer, label: Base optimizer}
  - {id: mesa-optimizer, label: Mesa optimizer}
  - {id: misalignment, label: Misalignment}
edges:
  - from: base-optimizer
    to: mesa-optimizer
  - from: mesa-optimizer
    to: misalignment
  - from: base-optimizer
    to: misalignment
  - from: misalignment
    to: mesa
"""


def test_link_to_an_unknown_stage_as_in_the_issue() -> None:
    p = only(LINK_TO_MESA)
    assert str(p) == (
        "model.yaml:14:9: edges[3].to: no node with id 'mesa' (did you mean 'mesa-optimizer'?)"
    )


def test_link_from_an_unknown_stage_with_a_misspelling() -> None:
    p = only(
        V + "nodes:\n  - {id: deployment, label: D}\n  - {id: b, label: B}\n"
        "edges:\n  - from: deploymnet\n    to: b\n"
    )
    assert where(p) == (6, 11, "edges[0].from")
    assert p.message == "no node with id 'deploymnet' (did you mean 'deployment'?)"


def test_link_to_an_unknown_stage_without_suggestion() -> None:
    p = only(V + "nodes:\n" + NODE_A + "edges:\n  - from: a\n    to: zzz\n")
    assert where(p) == (7, 9, "edges[0].to")
    assert p.message == "no node with id 'zzz'"


@pytest.mark.parametrize("version", [V, V1])
def test_parallel_links_are_allowed(version: str) -> None:
    """Two links between the same stages are no longer an error: each has its own id."""
    edge = "  - from: a\n    to: b\n"
    doc = loads(version + "nodes:\n" + NODE_A + NODE_B + "edges:\n" + edge + edge + edge)
    assert [e.id for e in doc.edges] == ["a->b", "a->b-2", "a->b-3"]
    assert doc.links_between("a", "b") == ["a->b", "a->b-2", "a->b-3"]


def test_link_id_equal_to_a_stage_id() -> None:
    p = only(V + "nodes:\n" + NODE_A + NODE_B + "edges:\n  - id: b\n    from: a\n    to: b\n")
    assert where(p) == (8, 9, "edges[0].id")
    assert p.message == "duplicate id 'b' (first at line 5)"


def test_duplicate_link_ids() -> None:
    edges = "edges:\n  - id: cause\n    from: a\n    to: b\n  - id: cause\n    from: b\n    to: a\n"
    p = only(V + "nodes:\n" + NODE_A + NODE_B + edges)
    assert where(p) == (11, 9, "edges[1].id")
    assert p.message == "duplicate id 'cause' (first at line 8)"


def test_a_stage_id_equal_to_a_later_link_default_moves_the_link() -> None:
    """A stage may be called ``a->b``; the link from a to b then gets the next free id."""
    nodes = "nodes:\n" + NODE_A + NODE_B + "  - id: a->b\n    label: Odd\n"
    doc = loads(V + nodes + "edges:\n  - from: a\n    to: b\n")
    assert [e.id for e in doc.edges] == ["a->b-2"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("''", "must not be empty"),
        ('"a\\nb"', "must be one line without control characters"),
        ("[x]", "expected text, found a list"),
    ],
)
def test_bad_link_id(value: str, message: str) -> None:
    edges = f"edges:\n  - id: {value}\n    from: a\n    to: b\n"
    p = only(V + "nodes:\n" + NODE_A + NODE_B + edges)
    assert where(p) == (8, 9, "edges[0].id")
    assert p.message == message


def test_self_loop() -> None:
    p = only(V + "nodes:\n" + NODE_A + "edges:\n  - from: a\n    to: a\n")
    assert where(p) == (7, 9, "edges[0].to")
    assert p.message == "a link cannot lead from a stage to itself"


# -- annotations --------------------------------------------------------------------------
def test_duplicate_annotation_ids_across_the_document() -> None:
    ann = "    annotations:\n      - id: proxy\n        type: kind\n"
    source = V + "nodes:\n" + NODE_A + ann + NODE_B + "edges:\n  - from: a\n    to: b\n" + ann
    p = only(source)
    assert where(p) == (14, 13, "edges[0].annotations[0].id")
    assert p.message == "duplicate annotation id 'proxy' (first at line 6)"


def test_annotation_ids_may_equal_stage_or_link_ids() -> None:
    """Annotations have a namespace of their own."""
    ann = "    annotations:\n      - {id: a, type: note}\n      - {id: a->b, type: note}\n"
    doc = loads(V + "nodes:\n" + NODE_A + ann + NODE_B + "edges:\n  - from: a\n    to: b\n")
    assert [x.id for x in doc.annotations_of("a")] == ["a", "a->b"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("''", "must not be empty"),
        ('"x\\ty"', "must be one line without control characters"),
        ("{a: 1}", "expected text, found a mapping"),
    ],
)
def test_bad_annotation_id(value: str, message: str) -> None:
    ann = f"    annotations:\n      - id: {value}\n        type: note\n"
    p = only(V + "nodes:\n" + NODE_A + ann)
    assert where(p) == (6, 13, "nodes[0].annotations[0].id")
    assert p.message == message


def test_unknown_annotation_type_with_suggestion() -> None:
    p = only(V + "nodes:\n" + NODE_A + "    annotations:\n      - type: mechanizm\n")
    assert where(p) == (6, 15, "nodes[0].annotations[0].type")
    assert p.message == (
        "unknown annotation type 'mechanizm' (did you mean 'mechanism'?)"
        " (declare it under 'types:')"
    )


def test_declared_annotation_type_is_known() -> None:
    doc = loads(
        V
        + "types:\n  - name: risk\n    icon: star\nnodes:\n"
        + NODE_A
        + "    annotations:\n      - type: risk\n"
    )
    assert doc.nodes[0].annotations[0].type == "risk"
    assert doc.types["risk"].plural == "risks"


def test_bad_declared_type() -> None:
    found = problems(V + "types:\n  - name: Risk\n    icon: stra\n    color: red\n")
    assert [(where(p), p.message) for p in found] == [
        (
            (3, 11, "types[0].name"),
            "must be lower-case letters, digits, '-' or '_', starting with a letter",
        ),
        (
            (4, 11, "types[0].icon"),
            "unknown icon 'stra' (did you mean 'star'?); known: chip, "
            "gear, caveat, shield, note, dot, square, diamond, star",
        ),
        ((5, 12, "types[0].color"), "expected a colour like '#D55E00', found 'red'"),
    ]


def test_redeclared_builtin_type() -> None:
    p = only(V + "types:\n  - name: note\n")
    assert where(p) == (3, 11, "types[0].name")
    assert p.message == "type 'note' is already defined"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("1.5", "1.5"),
        ("-0.1", "-0.1"),
        ("2", "2"),
        (".nan", ".nan"),
        (".NaN", ".NaN"),
        (".inf", ".inf"),
        ("-.inf", "-.inf"),
        ("1e400", "1e400"),
        ("high", "'high'"),
        ("'0.5'", "'0.5'"),
        ("50%", "'50%'"),
        ("true", "true/false"),
        ("[0.5]", "a list of 1 value (a range is [low, high])"),
        ("~", "nothing"),
    ],
)
def test_probability_outside_0_1_or_not_a_number(value: str, shown: str) -> None:
    p = only(V + f"nodes:\n  - id: a\n    label: A\n    probability: {value}\n")
    assert where(p) == (5, 18, "nodes[0].probability")
    assert p.message == f"must be a number from 0 to 1, not {shown}"


def test_link_probability_outside_0_1() -> None:
    p = only(
        V + "nodes:\n" + NODE_A + NODE_B + "edges:\n  - from: a\n    to: b\n    probability: 1.01\n"
    )
    assert where(p) == (10, 18, "edges[0].probability")
    assert p.message == "must be a number from 0 to 1, not 1.01"


@pytest.mark.parametrize("value", ["0", "1", "0.65", "1e-3", "1.0e-05", "0.5e+0"])
def test_probability_in_range_is_accepted(value: str) -> None:
    doc = loads(V + f"nodes:\n  - id: a\n    label: A\n    probability: {value}\n")
    assert doc.nodes[0].probability == float(value)


@pytest.mark.parametrize(("value", "shown"), [("1.5", "1.5"), (".nan", ".nan"), ("half", "'half'")])
def test_effect_outside_0_1_or_not_a_number(value: str, shown: str) -> None:
    p = only(
        V + "nodes:\n" + NODE_A + "    annotations:\n      - type: intervention\n"
        f"        effect: {value}\n"
    )
    assert where(p) == (7, 17, "nodes[0].annotations[0].effect")
    assert p.message == f"must be a number from 0 to 1, not {shown}"


def test_effect_on_a_non_intervention() -> None:
    p = only(
        V + "nodes:\n" + NODE_A + "    annotations:\n      - type: note\n        effect: 0.5\n"
    )
    assert where(p) == (7, 9, "nodes[0].annotations[0].effect")
    assert p.message == "only interventions have an effect"


def test_an_item_that_is_neither_text_nor_mapping() -> None:
    p = only(
        V + "nodes:\n" + NODE_A + "    annotations:\n      - type: intervention\n"
        "        items:\n          - [a]\n"
    )
    assert where(p) == (8, 13, "nodes[0].annotations[0].items[0]")
    assert p.message == "expected a mapping (key: value lines), found a list"


def test_links_to_a_broken_stage_report_only_the_stage() -> None:
    source = V + "nodes:\n" + NODE_A + "  - id: b\n    label: [B]\nedges:\n  - from: a\n    to: b\n"
    p = only(source)
    assert where(p) == (6, 12, "nodes[1].label")
    assert p.message == "expected text, found a list"
