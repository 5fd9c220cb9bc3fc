"""`mesadiagram merge`: independent edits merge element by element, true conflicts are
listed with their paths (ours kept), the result is a valid model in canonical form."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mesadiagram.cli import main
from mesadiagram.formats import dumps, load, loads
from mesadiagram.formats.model_merge import canonical_data, data_text, merge_documents
from mesadiagram.formats.three_way import MISSING, merge
from mesadiagram.model import Annotation, AnnotationType, Document, Edge, Item, Node
from mesadiagram.model.ids import numbered
from tests.conftest import EXAMPLE
from tests.test_roundtrip import LABEL, SETTINGS, documents

PROPERTY = settings(SETTINGS, max_examples=60)  # three merges of generated documents each

LINK = "mesa-optimizer->misalignment"
LAST = "unanticipated-behaviour->catastrophe"


@pytest.fixture(name="base")
def _base() -> Document:
    return load(EXAMPLE)


def _merged(base: Document, ours: Document, theirs: Document) -> tuple[Document, list[str]]:
    result = merge_documents(base, ours, theirs)
    assert dumps(loads(result.text)) == result.text  # canonical, and it loads
    return loads(result.text), result.conflicts


# -- plain data ------------------------------------------------------------------------------
def test_mappings_merge_key_by_key() -> None:
    merged, conflicts = merge({"a": 1, "b": 2}, {"a": 5, "b": 2}, {"a": 1, "b": 7, "c": 3})
    assert merged == {"a": 5, "b": 7, "c": 3} and conflicts == []
    merged, conflicts = merge({"a": 1}, {"a": 2}, {"a": 3})
    assert merged == {"a": 2} and [(c.path, c.ours, c.theirs) for c in conflicts] == [
        (("a",), 2, 3)
    ]


def test_lists_of_elements_merge_by_id_in_order() -> None:
    base = [{"id": "a", "x": 1}, {"id": "b", "x": 1}, {"id": "c", "x": 1}]
    ours = [{"id": "a", "x": 2}, {"id": "b", "x": 1}, {"id": "n", "x": 0}, {"id": "c", "x": 1}]
    theirs = [{"id": "a", "x": 1}, {"id": "c", "x": 3}, {"id": "m", "x": 0}]
    merged, conflicts = merge(base, ours, theirs)
    assert conflicts == []
    assert merged == [{"id": "a", "x": 2}, {"id": "n", "x": 0}, {"id": "c", "x": 3},
                      {"id": "m", "x": 0}]  # fmt: skip


def test_removed_on_one_side_and_changed_on_the_other_conflicts() -> None:
    base = [{"id": "a", "x": 1}, {"id": "b", "x": 1}]
    merged, conflicts = merge(base, [{"id": "b", "x": 1}], [{"id": "a", "x": 2}, base[1]])
    assert merged == [{"id": "b", "x": 1}]  # ours: removed
    assert [(c.path, c.ours) for c in conflicts] == [((("a",),), MISSING)]
    merged, conflicts = merge(base, [{"id": "a", "x": 2}, base[1]], [{"id": "b", "x": 1}])
    assert merged == [{"id": "a", "x": 2}, {"id": "b", "x": 1}] and len(conflicts) == 1


def test_strings_merge_as_sets_numbers_as_one_value_other_lists_by_runs() -> None:
    assert merge(["x"], ["x", "y"], ["z"]) == (["y", "z"], [])
    assert merge([1, 2], [3, 2], [1, 4])[0] == [3, 2]  # a position: not [3, 4]
    assert len(merge([1, 2], [3, 2], [1, 4])[1]) == 1
    steps = [{"s": 1}, {"s": 2}, {"s": 3}]
    assert merge(steps, [{"s": 0}, *steps], [*steps, {"s": 4}]) == (
        [{"s": 0}, *steps, {"s": 4}],
        [],
    )
    assert len(merge(steps, [{"s": 9}], [{"s": 8}])[1]) == 1


def test_an_absent_list_is_an_empty_one() -> None:
    # A file leaves out empty lists: theirs removing the last ref is not "removed the key".
    assert merge({"refs": ["x"]}, {"refs": ["x", "y"]}, {}) == ({"refs": ["y"]}, [])


def test_data_text_round_trips_the_canonical_data(base) -> None:
    assert dumps(loads(data_text(canonical_data(base)))) == dumps(base)


# -- models ----------------------------------------------------------------------------------
def test_edits_of_different_stages_and_links_merge_clean(base) -> None:
    ours, theirs = base.copy(), base.copy()
    ours.update_node("mesa-optimizer", label="Mesa-optimiser")
    ours.update_edge(LINK, probability=0.5)
    theirs.update_node("misalignment", probability=0.4)
    intervention = Annotation("intervention", "prevent catastrophe", items=[Item("audits")])
    theirs.set_annotations(LAST, [*theirs.annotations_of(LAST), intervention])
    merged, conflicts = _merged(base, ours, theirs)
    assert conflicts == []
    expected = ours.copy()
    expected.update_node("misalignment", probability=0.4)
    expected.set_annotations(LAST, [a.clone() for a in theirs.annotations_of(LAST)])
    assert merged == expected


def test_different_fields_of_one_stage_merge_clean(base) -> None:
    ours, theirs = base.copy(), base.copy()
    ours.update_node("mesa-optimizer", label="Mesa-optimiser")
    theirs.update_node("mesa-optimizer", text="learned optimizer", position=(260.0, 80.0))
    merged, conflicts = _merged(base, ours, theirs)
    assert conflicts == []
    node = merged.node("mesa-optimizer")
    assert (node.label, node.text, node.position) == ("Mesa-optimiser", "learned optimizer",
                                                      (260.0, 80.0))  # fmt: skip


def test_both_adding_stages_and_methods_merge_clean(base) -> None:
    ours, theirs = base.copy(), base.copy()
    ours.insert_node(Node("gradient-hacking", "Gradient hacking"))
    theirs.insert_node(Node("deceptive-alignment", "Deceptive alignment"))
    theirs.insert_edge(Edge("deceptive-alignment", "deployment"))
    cut = [a.clone() for a in base.annotations_of(LINK)]
    ours_cut, theirs_cut = [a.clone() for a in cut], [a.clone() for a in cut]
    ours_cut[0].items = [*cut[0].items, Item("adversarial training")]
    theirs_cut[0].items = [Item("interpretability"), *cut[0].items]
    ours.set_annotations(LINK, ours_cut)
    theirs.set_annotations(LINK, theirs_cut)
    merged, conflicts = _merged(base, ours, theirs)
    assert conflicts == []
    assert [n.id for n in merged.nodes][-2:] == ["gradient-hacking", "deceptive-alignment"]
    assert merged.has_edge("deceptive-alignment->deployment")
    labels = [i.label for i in merged.annotations_of(LINK)[0].items]
    assert labels == ["interpretability", *[i.label for i in cut[0].items], "adversarial training"]


def test_same_new_id_on_both_sides_gets_theirs_a_fresh_one(base) -> None:
    ours, theirs = base.copy(), base.copy()
    ours.insert_node(Node("new-stage", "Gradient hacking"))
    theirs.insert_node(Node("new-stage", "Deceptive alignment"))
    theirs.insert_edge(Edge("new-stage", "catastrophe"))
    result = merge_documents(base, ours, theirs)
    assert result.clean and len(result.notes) == 1 and "'new-stage-2'" in result.notes[0]
    merged = loads(result.text)
    assert merged.node("new-stage").label == "Gradient hacking"
    assert merged.node("new-stage-2").label == "Deceptive alignment"
    assert merged.edge("new-stage-2->catastrophe").source == "new-stage-2"


def test_declarations_merge_by_name(base) -> None:
    ours, theirs = base.copy(), base.copy()
    ours.types = {"risk": AnnotationType("risk", "risks", "#aa0000", "dot")}
    theirs.types = {"evidence": AnnotationType("evidence", "evidence", "#00aa00", "star")}
    merged, conflicts = _merged(base, ours, theirs)
    assert conflicts == [] and list(merged.types) == ["risk", "evidence"]
    theirs.types = {"risk": AnnotationType("risk", "risks", "#0000aa", "dot")}
    merged, conflicts = _merged(base, ours, theirs)
    assert conflicts == ["types[risk].color: ours '#aa0000', theirs '#0000aa'"]
    assert merged.types["risk"].color == "#aa0000"


def test_same_field_changed_differently_is_a_conflict_with_its_path(base) -> None:
    ours, theirs = base.copy(), base.copy()
    ours.update_node("mesa-optimizer", label="X")
    theirs.update_node("mesa-optimizer", label="Y")
    ours.update_edge(LINK, probability=0.5)
    theirs.update_edge(LINK, probability=0.3)
    theirs.update_node("catastrophe", text="Doom")  # independent: still merged
    merged, conflicts = _merged(base, ours, theirs)
    assert conflicts == [
        "stages[mesa-optimizer].label: ours 'X', theirs 'Y'",
        "links[mesa-optimizer->misalignment].probability: ours 0.5, theirs 0.3",
    ]
    assert merged.node("mesa-optimizer").label == "X" and merged.edge(LINK).probability == 0.5
    assert merged.node("catastrophe").text == "Doom"


def test_removed_and_edited_is_a_conflict(base) -> None:
    ours, theirs = base.copy(), base.copy()
    for link in ours.incident_edges("catastrophe"):
        ours.remove_edge(link)
    ours.remove_node("catastrophe")
    theirs.update_node("catastrophe", label="Doom")
    merged, conflicts = _merged(base, ours, theirs)
    assert conflicts == ["stages[catastrophe]: ours removed it, theirs changed it (label)"]
    assert not merged.has_node("catastrophe")


@pytest.mark.parametrize("ours_removes", [True, False])
def test_a_link_to_a_stage_the_other_side_removed_is_a_conflict(base, ours_removes) -> None:
    remover, linker = base.copy(), base.copy()
    for link in remover.incident_edges("deployment"):
        remover.remove_edge(link)
    remover.remove_node("deployment")
    linker.insert_edge(Edge("deployment", "catastrophe"))
    ours, theirs = (remover, linker) if ours_removes else (linker, remover)
    result = merge_documents(base, ours, theirs)
    assert result.conflicts == [
        "links[deployment->catastrophe].from: no node with id 'deployment' (in the merged model)"
    ]
    merged = loads(result.text)  # valid, leaning to ours
    assert merged.has_node("deployment") is not ours_removes
    assert merged.has_edge("deployment->catastrophe") is not ours_removes


@pytest.mark.skipif(not hasattr(Document, "groups"), reason="no groups in this model yet")
def test_groups_merge_by_id_and_their_stages_as_sets(base) -> None:
    from mesadiagram.model.elements import Group

    base = base.copy()
    base.insert_group(Group("training", "Training", ["base-optimizer", "mesa-optimizer"]))
    ours, theirs = base.copy(), base.copy()
    ours.update_group("training", label="Training phase")
    ours.update_group("training", stages=["base-optimizer", "mesa-optimizer", "misalignment"])
    theirs.update_group("training", stages=["mesa-optimizer"])
    theirs.insert_group(Group("release", "Release", ["deployment"]))
    merged, conflicts = _merged(base, ours, theirs)
    assert conflicts == []
    assert merged.group("training").stages == ["mesa-optimizer", "misalignment"]
    assert merged.group("training").label == "Training phase" and merged.has_group("release")


# -- properties --------------------------------------------------------------------------------
def _text(base: Document, ours: Document, theirs: Document) -> str:
    result = merge_documents(base, ours, theirs)
    assert result.clean
    return result.text


@PROPERTY
@given(documents(), documents())
def test_a_side_that_changed_nothing_gives_the_other(base: Document, x: Document) -> None:
    assert _text(base, x, base) == dumps(x)
    assert _text(base, base, x) == dumps(x)


@PROPERTY
@given(documents(), documents())
def test_the_same_change_on_both_sides_gives_it(base: Document, x: Document) -> None:
    assert _text(base, x, x) == dumps(x)


@PROPERTY
@given(documents(), LABEL, st.floats(0.0, 1.0), LABEL)
def test_edits_of_different_elements_both_apply(
    base: Document, label: str, probability: float, note: str
) -> None:
    while len(base.nodes) < 2:
        taken = {n.id for n in base.nodes} | {e.id for e in base.edges}
        base.insert_node(Node(numbered("stage", taken), "Stage"))
    first, last = base.nodes[0].id, base.nodes[-1].id
    ours, theirs, expected = base.copy(), base.copy(), base.copy()
    for doc in (ours, expected):
        doc.update_node(first, label=label)
    added = Annotation("note", note, id=numbered("merge-test-note", base.annotation_ids()))
    for doc in (theirs, expected):
        doc.update_node(last, probability=probability)
        doc.set_annotations(last, [*doc.annotations_of(last), dataclasses.replace(added)])
    assert _text(base, ours, theirs) == dumps(expected)


# -- the command -----------------------------------------------------------------------------
def _files(tmp_path: Path, *docs: Document) -> list[str]:
    names = []
    for name, doc in zip(("base", "ours", "theirs"), docs, strict=True):
        path = tmp_path / f"{name}.yaml"
        path.write_text(dumps(doc), encoding="utf-8")
        names.append(str(path))
    return names


def test_command_writes_over_ours_or_to_out_or_stdout(base, tmp_path, capsys) -> None:
    ours, theirs = base.copy(), base.copy()
    ours.update_node("mesa-optimizer", label="Mesa-optimiser")
    theirs.update_edge(LINK, probability=0.3)
    files = _files(tmp_path, base, ours, theirs)
    out = tmp_path / "out.yaml"
    assert main(["merge", *files, "-o", str(out)]) == 0
    expected = merge_documents(base, ours, theirs).text
    assert out.read_text(encoding="utf-8") == expected
    assert Path(files[1]).read_text(encoding="utf-8") == dumps(ours)  # untouched
    assert main(["merge", *files, "-p"]) == 0
    assert capsys.readouterr().out == expected
    assert main(["merge", *files]) == 0  # git's driver: the result over OURS
    assert Path(files[1]).read_text(encoding="utf-8") == expected


def test_command_lists_conflicts_and_exits_1(base, tmp_path, capsys) -> None:
    ours, theirs = base.copy(), base.copy()
    ours.update_node("mesa-optimizer", label="X")
    theirs.update_node("mesa-optimizer", label="Y")
    files = _files(tmp_path, base, ours, theirs)
    assert main(["merge", *files, "--path", "model.yaml"]) == 1
    err = capsys.readouterr().err
    assert "model.yaml: 1 conflict (ours kept):" in err
    assert "  stages[mesa-optimizer].label: ours 'X', theirs 'Y'" in err
    assert loads(Path(files[1]).read_bytes()).node("mesa-optimizer").label == "X"


def test_command_refuses_bad_input_with_its_place(base, tmp_path, capsys) -> None:
    files = _files(tmp_path, base, base, base)
    Path(files[2]).write_text("mesadiagram: 2\nnodes:\n  - id: a\n    lable: A\n", "utf-8")
    before = Path(files[1]).read_bytes()
    assert main(["merge", *files, "--path", "model.yaml"]) == 2
    err = capsys.readouterr().err
    assert "model.yaml (theirs):4:5: nodes[0].lable: unknown key 'lable'" in err
    assert Path(files[1]).read_bytes() == before  # nothing written
    assert main(["merge", files[0], files[1], str(tmp_path / "none.yaml")]) == 2
