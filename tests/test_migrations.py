"""Older files are upgraded on plain data, step by step, before validation.

The real step so far is 1 -> 2 (links and annotations gained optional ids: nothing in the
file changes). To test the machinery on a step that does change data, most tests pretend
the current format is 3 and that format 2 called the stages ``stages:`` and kept notes as
plain strings; the real 1 -> 2 step stays in the chain before it.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from mesadiagram.formats import FormatError, dumps, loads, migrations

REAL_STEPS = dict(migrations.MIGRATIONS)


@pytest.fixture
def format_3(monkeypatch) -> list[dict[str, Any]]:
    """Pretend the current format is 3; the step from 2 renames keys and builds plain data."""
    monkeypatch.setattr(migrations, "CURRENT_VERSION", 3)
    monkeypatch.setattr(migrations, "MIGRATIONS", dict(REAL_STEPS))
    seen: list[dict[str, Any]] = []

    @migrations.migration(2)
    def _stages_become_nodes(data: dict[str, Any]) -> dict[str, Any]:
        seen.append(dict(data))
        migrations.rename_key(data, "stages", "nodes")
        for node in data.get("nodes") or []:
            if isinstance(node, dict) and isinstance(node.get("notes"), list):
                notes = node.pop("notes")
                node["annotations"] = [{"type": "note", "text": text} for text in notes]
        return data

    return seen


OLD = """\
mesadiagram: 2
title: An old model
stages:
  - id: a
    label: A
    notes: [first thought, second thought]
  - id: b
    label: B
edges:
  - from: a
    to: b
"""


# -- the real step: 1 -> 2 ----------------------------------------------------------------
V1 = """\
mesadiagram: 1
title: Before ids
nodes:
  - id: a
    label: A
    annotations:
      - type: kind
        label: Proxy
  - id: b
    label: B
edges:
  - from: a
    to: b
    annotations:
      - type: intervention
        label: Cut it
"""


def test_the_current_version_is_2_and_1_upgrades() -> None:
    assert migrations.CURRENT_VERSION == 2
    assert migrations.can_migrate(1)
    assert not migrations.can_migrate(0)


def test_step_1_to_2_changes_nothing_but_the_version() -> None:
    data = {"mesadiagram": 1, "nodes": [{"id": "a", "label": "A"}], "edges": []}
    before = copy.deepcopy(data)
    upgraded = migrations.migrate(data, 1)
    assert upgraded.pop("mesadiagram") == 2
    before.pop("mesadiagram")
    assert upgraded == before


def test_a_version_1_file_reads_and_saves_as_version_2() -> None:
    doc = loads(V1, "old.yaml")
    assert [e.id for e in doc.edges] == ["a->b"]
    assert [a.id for _, a in doc.iter_annotations()] == ["proxy", "cut-it"]
    text = dumps(doc)
    assert text.startswith("mesadiagram: 2\n")
    assert "      - id: proxy\n        type: kind\n" in text
    assert "      - id: cut-it\n        type: intervention\n" in text
    assert loads(text) == doc


def test_a_version_1_file_goes_through_every_step(format_3) -> None:
    doc = loads(OLD.replace("mesadiagram: 2", "mesadiagram: 1"), "old.yaml")
    assert [n.id for n in doc.nodes] == ["a", "b"]
    assert [a.id for a in doc.nodes[0].annotations] == ["note", "note-2"]
    assert format_3[0]["mesadiagram"] == 2  # the 1 -> 2 step ran first


# -- the machinery, on a pretended step 2 -> 3 --------------------------------------------
def test_the_loader_runs_the_migration(format_3) -> None:
    doc = loads(OLD, "old.yaml")
    assert [n.id for n in doc.nodes] == ["a", "b"]
    assert [(a.type, a.text) for a in doc.nodes[0].annotations] == [
        ("note", "first thought"),
        ("note", "second thought"),
    ]
    assert [e.id for e in doc.edges] == ["a->b"]
    # The step saw the file's own data, before validation would refuse `stages`.
    assert list(format_3[0]) == ["mesadiagram", "title", "stages", "edges"]


def test_a_current_file_is_not_migrated(format_3) -> None:
    doc = loads("mesadiagram: 3\nnodes:\n  - id: a\n    label: A\n")
    assert [n.id for n in doc.nodes] == ["a"]
    assert format_3 == []


def test_without_the_migration_the_old_key_is_unknown() -> None:
    with pytest.raises(FormatError) as info:
        loads(OLD, "old.yaml")
    assert str(info.value.problems[0]) == (
        # (the closest top-level key since stage classes came)
        "old.yaml:3:1: stages: unknown key 'stages' (did you mean 'stage_classes'?)"
    )


def test_problems_in_a_migrated_file_keep_their_line_and_column(format_3) -> None:
    old = OLD.replace("    label: B\n", "    lable: B\n")
    with pytest.raises(FormatError) as info:
        loads(old, "old.yaml")
    assert [str(p) for p in info.value.problems] == [
        "old.yaml:7:5: nodes[1]: missing required key 'label'",
        "old.yaml:8:5: nodes[1].lable: unknown key 'lable' (did you mean 'label'?)",
    ]


def test_problems_in_data_a_migration_built_point_at_its_source(format_3) -> None:
    old = OLD.replace("notes: [first thought, second thought]", "notes: [[not, text]]")
    with pytest.raises(FormatError) as info:
        loads(old, "old.yaml")
    (problem,) = info.value.problems
    assert problem.path == "nodes[0].annotations[0].text"
    assert problem.message == "expected text, found a list"
    assert (problem.line, problem.column) == (4, 5)  # the stage the annotation was made for


def test_a_newer_file_still_names_both_versions(format_3) -> None:
    with pytest.raises(FormatError) as info:
        loads("mesadiagram: 4\n", "new.yaml")
    assert str(info.value).startswith(
        "new.yaml:1:14: mesadiagram: written by format 4; this version reads 3"
    )


def test_a_failing_migration_is_a_problem_not_a_traceback(monkeypatch, format_3) -> None:
    def broken(data: dict[str, Any]) -> dict[str, Any]:
        raise KeyError("nodes")

    monkeypatch.setitem(migrations.MIGRATIONS, 2, broken)
    with pytest.raises(FormatError) as info:
        loads(OLD, "old.yaml")
    assert str(info.value) == "old.yaml:1:14: mesadiagram: cannot upgrade from format 2: 'nodes'"


def test_rename_key_keeps_order_and_positions() -> None:
    from mesadiagram.formats.safe_yaml import parse

    data = parse("a: 1\nstages: []\nz: 2\n", "x.yaml")
    migrations.rename_key(data, "stages", "nodes")
    assert list(data) == ["a", "nodes", "z"]
    assert data.key_mark("nodes") == (2, 1)
    assert data.value_mark("nodes") == (2, 9)
    with pytest.raises(ValueError, match="both 'a' and 'z' are present"):
        migrations.rename_key(data, "a", "z")
