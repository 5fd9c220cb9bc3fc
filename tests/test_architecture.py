"""Layer rules (docs/architecture in DESIGN.md): each layer imports only from those below it.

model < formats < analysis < render < ui < cli. model, formats and analysis never import Qt;
model imports no yaml either. Checked on the source (every import statement, also inside
functions), so a lazy import cannot slip through.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mesadiagram"
ORDER = ["model", "formats", "analysis", "render", "ui", "cli"]
NO_QT = {"model", "formats", "analysis"}


def _layer(module_file: Path) -> str | None:
    rel = module_file.relative_to(PACKAGE)
    if rel.parts[0] in ORDER:
        return rel.parts[0]
    if rel.name == "cli.py":
        return "cli"
    return None


def _imports(module_file: Path) -> list[str]:
    tree = ast.parse(module_file.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if _layer(p))


@pytest.mark.parametrize("source", _sources(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_layer_rules(source: Path) -> None:
    layer = _layer(source)
    rank = ORDER.index(layer)
    for name in _imports(source):
        top = name.split(".")[0]
        if layer in NO_QT:
            assert top not in ("PySide6", "shiboken6", "PyQt5", "PyQt6"), (
                f"{source}: imports {name}"
            )
        if layer == "model":
            assert top != "yaml", f"{source}: model imports yaml"
            assert top != "networkx", f"{source}: model imports networkx"
        if top == "mesadiagram" and len(name.split(".")) > 1:
            target = name.split(".")[1]
            if target in ORDER:
                assert ORDER.index(target) <= rank, f"{source}: {layer} imports {name}"


def test_rules_catch_a_violation(tmp_path: Path) -> None:
    """The checker itself must fail on a Qt import in the model (guards against a vacuous test)."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from PySide6.QtCore import QObject\n")
    assert "PySide6.QtCore" in _imports(bad)


def test_every_layer_exists() -> None:
    for layer in ORDER[:-1]:
        assert (PACKAGE / layer / "__init__.py").exists()
    assert (PACKAGE / "cli.py").exists()
