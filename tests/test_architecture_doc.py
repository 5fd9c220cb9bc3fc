"""docs/architecture.md lists every module of the package, and only modules that exist.

The module tables name each file by its path relative to ``mesadiagram/`` in backticks, in
the first cell of a row (``| `ui/session.py` | ... |``). Every ``.py`` file of the package
is listed, ``__init__.py`` files included (several of them carry a package's public API).
Anywhere else in the page, a backticked ``something.py`` must name a file that exists, so
a deleted module cannot linger in the prose either.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "mesadiagram"
DOC = ROOT / "docs" / "architecture.md"
_PY_NAME = re.compile(r"`([^`\s]+\.py)`")


def table_rows(markdown: str) -> list[list[str]]:
    """The cells of every table row (header and separator rows included)."""
    rows = []
    for line in markdown.splitlines():
        text = line.strip()
        if text.startswith("|"):
            rows.append([cell.strip() for cell in text.strip("|").split("|")])
    return rows


def listed_modules(markdown: str) -> list[str]:
    """The backticked ``.py`` paths in the first cell of table rows, in order."""
    return [name for row in table_rows(markdown) for name in _PY_NAME.findall(row[0])]


def table_py_names(markdown: str) -> list[str]:
    """Every backticked ``.py`` path in any cell of any table."""
    return [name for row in table_rows(markdown) for cell in row for name in _PY_NAME.findall(cell)]


def package_modules() -> list[str]:
    """Every module file of the package, relative to ``mesadiagram/``."""
    return sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py"))


def _exists_somewhere(name: str) -> bool:
    """A path relative to ``mesadiagram/`` or to the checkout, or a module's bare file name."""
    if (PACKAGE / name).is_file() or (ROOT / name).is_file():
        return True
    return "/" not in name and any(PACKAGE.rglob(name))


def _doc() -> str:
    return DOC.read_text(encoding="utf-8")


def test_every_module_is_listed() -> None:
    missing = sorted(set(package_modules()) - set(listed_modules(_doc())))
    assert not missing, f"not in docs/architecture.md's tables: {missing}"


def test_every_listed_module_exists() -> None:
    stale = sorted({n for n in table_py_names(_doc()) if not (PACKAGE / n).is_file()})
    assert not stale, f"docs/architecture.md names modules that do not exist: {stale}"


def test_no_module_is_listed_twice() -> None:
    listed = listed_modules(_doc())
    assert len(listed) == len(set(listed)), sorted({n for n in listed if listed.count(n) > 1})


def test_every_python_file_the_prose_names_exists() -> None:
    named = set(_PY_NAME.findall(_doc()))
    stale = sorted(n for n in named if not _exists_somewhere(n))
    assert not stale, f"docs/architecture.md names files that do not exist: {stale}"


def test_the_parser_finds_modules() -> None:
    """Self-check, so that the tests above cannot pass on an empty parse."""
    modules = package_modules()
    assert len(modules) > 50
    assert {"ui/session.py", "model/document.py", "analysis/layout/engine.py"} <= set(modules)
    listed = listed_modules(_doc())
    assert len(listed) >= len(modules)
    assert "ui/session.py" in listed

    sample = (
        "Prose naming `ui/prose_only.py` is no table row.\n\n"
        "| Module | What it does |\n|---|---|\n"
        "| `ui/session.py` | The session; see `ui/view_state.py`. |\n"
        "| `ui/gone.py` | Deleted long ago. |\n"
    )
    assert listed_modules(sample) == ["ui/session.py", "ui/gone.py"]
    assert table_py_names(sample) == ["ui/session.py", "ui/view_state.py", "ui/gone.py"]
    assert [n for n in table_py_names(sample) if not (PACKAGE / n).is_file()] == ["ui/gone.py"]
    assert not _exists_somewhere("painting.py")
    assert _exists_somewhere("scene.py") and _exists_somewhere("tests/conftest.py")
