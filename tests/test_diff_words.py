"""`mesadiagram diff`'s words: each kind of change said as the model says it, moves only
with --positions, exit codes, git's external-diff and textconv modes."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from mesadiagram.cli import main
from mesadiagram.formats import dumps, load
from mesadiagram.model import Annotation, Document, Edge, Item, Node
from mesadiagram.model.diff import changes
from mesadiagram.model.diff_words import describe, facts, only_moves
from tests.conftest import EXAMPLE

LINK = "mesa-optimizer->misalignment"
LAST = "unanticipated-behaviour->catastrophe"


@pytest.fixture(name="seed")
def _seed() -> Document:
    return load(EXAMPLE)


def _edited(doc: Document) -> Document:
    return doc.copy()


def test_nothing_changed_says_nothing(seed) -> None:
    assert describe(seed, _edited(seed)) == []
    assert changes(seed, seed.copy()) == []


def test_stage_added_removed_renamed(seed) -> None:
    new = _edited(seed)
    new.insert_node(Node("gradient-hacking", "Gradient hacking"))
    new.update_node("mesa-optimizer", label="Mesa-optimiser")
    assert describe(seed, new) == [
        "stage 'Gradient hacking' added",
        "stage 'Mesa optimizer' renamed to 'Mesa-optimiser'",
    ]
    assert describe(new, seed) == [
        "stage 'Mesa-optimiser' renamed to 'Mesa optimizer'",
        "stage 'Gradient hacking' removed",
    ]


def test_removed_stage_counts_its_annotations_and_lists_its_links(seed) -> None:
    new = _edited(seed)
    for link in new.incident_edges("deployment"):
        new.remove_edge(link)
    new.remove_node("deployment")
    assert describe(seed, new) == [
        "stage 'Deployment' removed with its 2 annotations",
        "link Misalignment -> Deployment removed with its 1 annotation",
        "link Deployment -> Distribution shift removed with its 2 annotations",
    ]


def test_probabilities_of_links_and_stages(seed) -> None:
    base = _edited(seed)
    base.update_edge(LINK, probability=0.5)
    new = _edited(base)
    new.update_edge(LINK, probability=0.3)
    new.update_node("base-optimizer", probability=0.9)
    assert describe(base, new) == [
        "probability of stage 'Base optimizer' set to 0.9",
        "probability of Mesa optimizer -> Misalignment 0.5 -> 0.3",
    ]
    assert describe(new, base)[0] == "probability of stage 'Base optimizer' removed (was 0.9)"


def test_other_stage_fields(seed) -> None:
    new = _edited(seed)
    new.update_node("misalignment", text="objectives differ", pinned=True, refs=["Hubinger 2019"])
    new.update_node("catastrophe", outcome=False)
    assert describe(seed, new) == [
        "text of stage 'Misalignment' changed from 'base objective != mesa objective' "
        "to 'objectives differ'",
        "stage 'Misalignment' pinned",
        "reference 'Hubinger 2019' added to stage 'Misalignment'",
        "stage 'Catastrophe' no longer marked as an outcome",
    ]


def test_links_added_removed_labelled_reconnected(seed) -> None:
    new = _edited(seed)
    new.insert_edge(Edge("misalignment", "catastrophe", label="directly"))
    new.update_edge(LINK, label="becomes")
    new.remove_edge("base-optimizer->mesa-optimizer")
    assert describe(seed, new) == [
        "link Misalignment -> Catastrophe added",
        "link Base optimizer -> Mesa optimizer removed with its 1 annotation",
        "label of Mesa optimizer -> Misalignment set to 'becomes'",
    ]
    moved = _edited(seed)
    edge = moved.remove_edge(LINK)[0]
    moved.insert_edge(dataclasses.replace(edge, target="deployment"), index=1)
    assert describe(seed, moved) == [
        "link Mesa optimizer -> Misalignment now leads to stage 'Deployment'"
    ]


def test_parallel_links_are_told_apart_by_label(seed) -> None:
    new = _edited(seed)
    new.insert_edge(Edge("mesa-optimizer", "misalignment", label="by accident"))
    assert describe(seed, new) == ["link Mesa optimizer -> Misalignment ('by accident') added"]


def test_annotations(seed) -> None:
    new = _edited(seed)
    added = Annotation("intervention", "prevent catastrophe", items=[Item("red teaming")])
    new.set_annotations(LAST, [*new.annotations_of(LAST), added])
    kinds = [a.clone() for a in new.annotations_of("misalignment")]
    kinds[0].label = "Proxy objective"
    kinds[1].type = "caveat"
    kinds[2].text = "short"
    note = kinds.pop()  # the note goes to Deployment
    new.set_annotations("misalignment", kinds)
    new.set_annotations("deployment", [*new.annotations_of("deployment"), note])
    assert describe(seed, new) == [
        "intervention 'prevent catastrophe' added to Unanticipated behaviour -> Catastrophe",
        "kind 'Proxy' on stage 'Misalignment' renamed to 'Proxy objective'",
        "kind 'Side-effect' on stage 'Misalignment' is now a caveat",
        "text of kind 'Instrumental' on stage 'Misalignment' changed from 'optimizing base "
        "objective happens to optimize mesa objective' to 'short'",
        f"note {_cut(note.text)} moved from stage 'Misalignment' to stage 'Deployment'",
    ]


def _cut(text: str) -> str:
    return "'" + text[:59] + "…'"  # long texts are cut at 60 characters


def test_intervention_effect_and_methods(seed) -> None:
    base = _edited(seed)
    cut = Annotation("intervention", "audit", items=[Item("red teaming"), Item("evals")])
    base.set_annotations(LAST, [cut])
    new = _edited(base)
    changed = new.annotations_of(LAST)[0].clone()
    changed.effect = 0.7
    changed.items = [Item("red teaming", "adversarial"), Item("interpretability")]
    new.set_annotations(LAST, [changed])
    owner = "Unanticipated behaviour -> Catastrophe"
    assert describe(base, new) == [
        f"method 'interpretability' added to intervention 'audit' on {owner}",
        f"method 'evals' removed from intervention 'audit' on {owner}",
        f"text of method 'red teaming' of intervention 'audit' on {owner} set to 'adversarial'",
        f"effect of intervention 'audit' on {owner} set to 0.7",
    ]


def test_document_fields_and_types(seed) -> None:
    from mesadiagram.model import AnnotationType

    new = _edited(seed)
    new.title = "Mesa-optimisation"
    new.types = {"evidence": AnnotationType("evidence", "evidence", "#123456", "dot")}
    said = describe(seed, new)
    assert said[0].startswith("title changed from 'Model of the threat")
    assert said[0].endswith("to 'Mesa-optimisation'")
    assert said[1] == "annotation type 'evidence' declared"


def test_moves_only_with_positions(seed) -> None:
    new = _edited(seed)
    new.update_node("deployment", position=(780.0, 120.0))
    new.update_edge(LINK, route=[(400.0, 50.0)])
    assert describe(seed, new) == []
    assert only_moves(seed, new)
    assert describe(seed, new, positions=True) == [
        "stage 'Deployment' moved from (780, 0) to (780, 120)",
        "route of Mesa optimizer -> Misalignment changed",
    ]
    new.update_node("deployment", label="Release")
    assert not only_moves(seed, new)
    assert describe(seed, new) == ["stage 'Deployment' renamed to 'Release'"]


def test_order_alone_is_a_change(seed) -> None:
    seed.insert_node(Node("gradient-hacking", "Gradient hacking"))
    new = _edited(seed)
    node, _ = new.remove_node("gradient-hacking")
    new.insert_node(node, index=0)  # now first
    assert describe(seed, new) == ["order of stages changed"]


@pytest.mark.skipif(not hasattr(Edge, "type"), reason="no link types in this model yet")
def test_link_type_and_stage_class(seed) -> None:
    new = _edited(seed)
    new.update_edge(LINK, type="supports")
    new.update_node("misalignment", stage_class="question")
    assert describe(seed, new) == [
        "class of stage 'Misalignment' changed from 'event' to 'question'",
        "type of Mesa optimizer -> Misalignment changed from 'causes' to 'supports'",
    ]


@pytest.mark.skipif(not hasattr(Document, "groups"), reason="no groups in this model yet")
def test_groups(seed) -> None:
    from mesadiagram.model.elements import Group

    base = _edited(seed)
    base.insert_group(Group("training", "Training", ["base-optimizer", "mesa-optimizer"]))
    new = _edited(base)
    new.update_group("training", stages=["base-optimizer", "mesa-optimizer", "misalignment"])
    new.insert_group(Group("release", "Release", ["deployment"]))
    assert describe(base, new) == [
        "group 'Release' added",
        "stage 'Misalignment' added to group 'Training'",
    ]


def test_the_editor_compare_lines_still_group_by_element(seed) -> None:
    from mesadiagram.model.diff import differences

    new = _edited(seed)
    new.update_node("misalignment", label="Misaligned", probability=0.2)
    assert differences(seed, new) == [
        "Stage “Misalignment” (misalignment): label, probability differ"
    ]


def test_facts_say_each_element_once_per_line(seed) -> None:
    lines = facts(seed)
    assert "stage 'Base optimizer' [base-optimizer]" in lines
    assert "link Mesa optimizer -> Misalignment [mesa-optimizer->misalignment]" in lines
    assert not any("position" in line for line in lines)
    assert any("position (0, 0)" in line for line in facts(seed, positions=True))
    new = _edited(seed)
    new.update_edge(LINK, probability=0.3)
    added = set(facts(new)) - set(lines)
    assert added == {"link Mesa optimizer -> Misalignment: probability 0.3"}


# -- the command -----------------------------------------------------------------------------
def _write(path: Path, doc: Document) -> str:
    path.write_text(dumps(doc), encoding="utf-8")
    return str(path)


def test_exit_codes_and_output(seed, tmp_path, capsys) -> None:
    old = _write(tmp_path / "old.yaml", seed)
    new_doc = _edited(seed)
    new_doc.insert_node(Node("gradient-hacking", "Gradient hacking"))
    new = _write(tmp_path / "new.yaml", new_doc)
    assert main(["diff", old, old]) == 0
    assert capsys.readouterr().out == ""
    assert main(["diff", old, new]) == 1
    assert capsys.readouterr().out == "stage 'Gradient hacking' added\n"
    bad = tmp_path / "bad.yaml"
    bad.write_text("mesadiagram: 2\nnodes:\n  - id: a\n    lable: A\n", encoding="utf-8")
    assert main(["diff", old, str(bad)]) == 2
    assert f"{bad}:4:5: nodes[0].lable: unknown key 'lable'" in capsys.readouterr().err
    assert main(["diff", old]) == 2
    assert main(["diff", old, str(tmp_path / "missing.yaml")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_moves_exit_0_unless_positions(seed, tmp_path, capsys) -> None:
    old = _write(tmp_path / "old.yaml", seed)
    moved = _edited(seed)
    moved.update_node("catastrophe", position=(1560.0, 200.0))
    new = _write(tmp_path / "new.yaml", moved)
    assert main(["diff", old, new]) == 0
    assert "only positions changed" in capsys.readouterr().out
    assert main(["diff", "--positions", old, new]) == 1
    assert capsys.readouterr().out == "stage 'Catastrophe' moved from (1560, 0) to (1560, 200)\n"


def test_dev_null_is_no_file(seed, tmp_path, capsys) -> None:
    path = _write(tmp_path / "m.yaml", seed)
    assert main(["diff", "/dev/null", path]) == 1
    assert capsys.readouterr().out == "new model: 7 stages, 6 links, 21 annotations\n"
    assert main(["diff", path, "/dev/null"]) == 1
    assert capsys.readouterr().out.startswith("model removed: 7 stages")


def test_git_external_diff_arguments(seed, tmp_path, capsys) -> None:
    old = _write(tmp_path / "old.yaml", seed)
    changed = _edited(seed)
    changed.update_edge(LINK, probability=0.3)
    new = _write(tmp_path / "new.yaml", changed)
    hexes = ("1" * 40, "100644")
    assert main(["diff", "model.yaml", old, *hexes, new, *hexes]) == 0
    assert capsys.readouterr().out == (
        "mesadiagram diff model.yaml\n  probability of Mesa optimizer -> Misalignment set to 0.3\n"
    )
    renamed = ["old.yaml", old, *hexes, new, *hexes, "new.yaml", "similarity index 90%"]
    assert main(["diff", *renamed]) == 0
    assert capsys.readouterr().out.startswith("mesadiagram diff old.yaml -> new.yaml\n  prob")
    bad = tmp_path / "bad.yaml"
    bad.write_text("mesadiagram: 2\ntitle: [\n", encoding="utf-8")
    # git stops at a non-zero exit: the problem is said and the text diff shown instead
    assert main(["diff", "model.yaml", old, *hexes, str(bad), *hexes]) == 0
    captured = capsys.readouterr()
    assert "model.yaml (new):" in captured.err
    assert "+title: [" in captured.out and captured.out.startswith("--- a/model.yaml")


def test_textconv(seed, tmp_path, capsys) -> None:
    path = _write(tmp_path / "m.yaml", seed)
    assert main(["diff", "--textconv", path]) == 0
    assert capsys.readouterr().out.splitlines() == facts(seed)
    assert main(["diff", "--textconv", path, path]) == 2


def test_change_records_carry_values(seed) -> None:
    new = _edited(seed)
    new.update_edge(LINK, probability=0.25)
    (change,) = changes(seed, new)
    assert dataclasses.asdict(change) | {"element": None, "old_element": None} == {
        "kind": "link",
        "id": LINK,
        "status": "changed",
        "element": None,
        "field": "probability",
        "before": None,
        "after": 0.25,
        "owner": "",
        "old_element": None,
    }
