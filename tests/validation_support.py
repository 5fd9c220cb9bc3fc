"""Helpers shared by the validation tests: load, expect problems, run with both parsers."""

from __future__ import annotations

import pytest
import yaml

from mesadiagram.formats import FormatError, Problem, loads, safe_yaml

LOADERS = ["libyaml", "pure"] if hasattr(yaml, "CSafeLoader") else ["pure"]


def use_loader(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parse with libyaml (the default when present) or PyYAML's pure-Python parser."""
    if name == "pure":
        monkeypatch.setattr(safe_yaml, "_Loader", yaml.SafeLoader)


def problems(source: str | bytes) -> list[Problem]:
    with pytest.raises(FormatError) as info:
        loads(source, "model.yaml")
    return info.value.problems


def only(source: str | bytes) -> Problem:
    found = problems(source)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def where(problem: Problem) -> tuple[int, int, str]:
    return problem.line, problem.column, problem.path


V = "mesadiagram: 2\n"
V1 = "mesadiagram: 1\n"  # an older file: read, upgraded, checked alike
NODE_A = "  - id: a\n    label: A\n"
NODE_B = "  - id: b\n    label: B\n"
