"""Older files are upgraded on plain data, step by step, before validation.

Version 1 is the only format so far, so these tests pretend the current format is 2 and
that format 1 called the stages ``stages:`` and kept notes as plain strings.
"""

from __future__ import annotations

from typing import Any

import pytest

from mesadiagram.formats import FormatError, loads, migrations


@pytest.fixture
def format_2(monkeypatch) -> list[dict[str, Any]]:
    """Pretend the current format is 2; the step from 1 renames keys and builds plain data."""
    monkeypatch.setattr(migrations, "CURRENT_VERSION", 2)
    monkeypatch.setattr(migrations, "MIGRATIONS", {})
    seen: list[dict[str, Any]] = []

    @migrations.migration(1)
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
mesadiagram: 1
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


def test_the_loader_runs_the_migration(format_2) -> None:
    doc = loads(OLD, "old.yaml")
    assert [n.id for n in doc.nodes] == ["a", "b"]
    assert [(a.type, a.text) for a in doc.nodes[0].annotations] == [
        ("note", "first thought"),
        ("note", "second thought"),
    ]
    assert [e.key for e in doc.edges] == [("a", "b")]
    # The step saw the file's own data, before validation would refuse `stages`.
    assert list(format_2[0]) == ["mesadiagram", "title", "stages", "edges"]


def test_a_current_file_is_not_migrated(format_2) -> None:
    doc = loads("mesadiagram: 2\nnodes:\n  - id: a\n    label: A\n")
    assert [n.id for n in doc.nodes] == ["a"]
    assert format_2 == []


def test_without_the_migration_the_old_key_is_unknown() -> None:
    with pytest.raises(FormatError) as info:
        loads(OLD, "old.yaml")
    assert str(info.value.problems[0]) == (
        "old.yaml:3:1: stages: unknown key 'stages'; allowed: mesadiagram, title, description, "
        "refs, types, nodes, edges"
    )


def test_problems_in_a_migrated_file_keep_their_line_and_column(format_2) -> None:
    old = OLD.replace("    label: B\n", "    lable: B\n")
    with pytest.raises(FormatError) as info:
        loads(old, "old.yaml")
    assert [str(p) for p in info.value.problems] == [
        "old.yaml:7:5: nodes[1]: missing required key 'label'",
        "old.yaml:8:5: nodes[1].lable: unknown key 'lable' (did you mean 'label'?)",
    ]


def test_problems_in_data_a_migration_built_point_at_its_source(format_2) -> None:
    old = OLD.replace("notes: [first thought, second thought]", "notes: [[not, text]]")
    with pytest.raises(FormatError) as info:
        loads(old, "old.yaml")
    (problem,) = info.value.problems
    assert problem.path == "nodes[0].annotations[0].text"
    assert problem.message == "expected text, found a list"
    assert (problem.line, problem.column) == (4, 5)  # the stage the annotation was made for


def test_a_newer_file_still_names_both_versions(format_2) -> None:
    with pytest.raises(FormatError) as info:
        loads("mesadiagram: 3\n", "new.yaml")
    assert str(info.value).startswith(
        "new.yaml:1:14: mesadiagram: written by format 3; this version reads 2"
    )


def test_a_failing_migration_is_a_problem_not_a_traceback(monkeypatch, format_2) -> None:
    def broken(data: dict[str, Any]) -> dict[str, Any]:
        raise KeyError("nodes")

    monkeypatch.setitem(migrations.MIGRATIONS, 1, broken)
    with pytest.raises(FormatError) as info:
        loads(OLD, "old.yaml")
    assert str(info.value) == "old.yaml:1:14: mesadiagram: cannot upgrade from format 1: 'nodes'"


def test_rename_key_keeps_order_and_positions() -> None:
    from mesadiagram.formats.safe_yaml import parse

    data = parse("a: 1\nstages: []\nz: 2\n", "x.yaml")
    migrations.rename_key(data, "stages", "nodes")
    assert list(data) == ["a", "nodes", "z"]
    assert data.key_mark("nodes") == (2, 1)
    assert data.value_mark("nodes") == (2, 9)
    with pytest.raises(ValueError, match="both 'a' and 'z' are present"):
        migrations.rename_key(data, "a", "z")
