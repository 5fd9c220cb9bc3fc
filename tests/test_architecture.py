"""Import rules (docs/architecture.md): the layers, and who may import whom inside ``ui``.

Layers: model < formats < analysis < presentation < render < ui < cli; each imports only
from itself and the layers before it. model, formats, analysis and presentation never
import Qt; model imports neither yaml nor networkx.

Inside ``ui`` (the session design of DESIGN.md): only ``ui/app.py`` imports the main
window; the canvas imports no dock, no actions and no main window; a dock imports no
other dock; the session and the view state import no widget module of ours. And
``render/formats.py`` loads no Qt when imported (the CLI reads it for ``--help``).

Checked on the source: every import statement, also inside functions and under
``if TYPE_CHECKING:``, relative imports resolved, ``importlib.import_module("...")`` with
a literal name included, so a lazy or indirect import cannot slip through.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mesadiagram"
ORDER = ["model", "formats", "analysis", "presentation", "render", "ui", "cli"]
NO_QT = {"model", "formats", "analysis", "presentation"}
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


# -- reading the imports ---------------------------------------------------------------
@dataclass(frozen=True)
class Imported:
    """One module an import statement loads."""

    module: str  # absolute dotted name
    line: int
    lazy: bool  # inside a function: runs when it is called, not when the module loads
    type_checking: bool  # under ``if TYPE_CHECKING:``: never runs


def module_name(module_file: Path) -> str:
    """``mesadiagram/ui/canvas/scene.py`` -> ``mesadiagram.ui.canvas.scene``."""
    parts = list(module_file.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_our_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class _Collector(ast.NodeVisitor):
    def __init__(self, module: str, is_package: bool) -> None:
        parts = module.split(".")
        self.package = parts if is_package else parts[:-1]
        self.found: list[Imported] = []
        self._functions = 0
        self._type_checking = 0

    def _add(self, name: str, node: ast.AST) -> None:
        self.found.append(Imported(name, node.lineno, self._functions > 0, self._type_checking > 0))

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        self._functions += 1
        self.generic_visit(node)
        self._functions -= 1

    visit_AsyncFunctionDef = visit_FunctionDef
    visit_Lambda = visit_FunctionDef

    def visit_If(self, node: ast.If) -> None:
        if not _is_type_checking(node.test):
            self.generic_visit(node)
            return
        self._type_checking += 1
        for statement in node.body:
            self.visit(statement)
        self._type_checking -= 1
        for statement in node.orelse:
            self.visit(statement)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name, node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:  # relative: from the module's package, one level up per extra dot
            base_parts = self.package[: len(self.package) - (node.level - 1)]
            base = ".".join([*base_parts, *([node.module] if node.module else [])])
        else:
            base = node.module or ""
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            # ``from mesadiagram.ui import main_window`` loads the module main_window.
            self._add(submodule if _is_our_module(submodule) else base, node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if (
            name in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            self._add(node.args[0].value, node)
        self.generic_visit(node)


def imports_of(source: str, module: str, is_package: bool = False) -> list[Imported]:
    """Every module that the source of ``module`` imports."""
    collector = _Collector(module, is_package)
    collector.visit(ast.parse(source))
    return collector.found


def _file_imports(module_file: Path) -> list[Imported]:
    return imports_of(
        module_file.read_text(encoding="utf-8"),
        module_name(module_file),
        module_file.name == "__init__.py",
    )


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


# -- the layers ------------------------------------------------------------------------
def _layer(module_file: Path) -> str | None:
    rel = module_file.relative_to(PACKAGE)
    if rel.parts[0] in ORDER:
        return rel.parts[0]
    return None


def layer_violations(layer: str, imports: list[Imported]) -> list[str]:
    rank = ORDER.index(layer)
    found = []
    for imp in imports:
        name, top = imp.module, imp.module.split(".")[0]
        if layer in NO_QT and top in QT:
            found.append(f"line {imp.line}: {layer} imports Qt ({name})")
        if layer == "model" and top in ("yaml", "networkx"):
            found.append(f"line {imp.line}: model imports {name}")
        if top == "mesadiagram" and len(name.split(".")) > 1:
            target = name.split(".")[1]
            if target in ORDER and ORDER.index(target) > rank:
                found.append(f"line {imp.line}: {layer} imports {name}")
    return found


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if _layer(p))


@pytest.mark.parametrize("source", _sources(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_layer_rules(source: Path) -> None:
    assert layer_violations(_layer(source), _file_imports(source)) == [], source


def test_rules_catch_a_violation() -> None:
    """The layer checker fails on a lazy Qt import in the model (so it is not vacuous)."""
    source = "def f():\n    from PySide6.QtCore import QObject\n"
    imports = imports_of(source, "mesadiagram.model.fake")
    assert [i.module for i in imports] == ["PySide6.QtCore"]
    assert layer_violations("model", imports)
    relative = imports_of("from ..ui import session\n", "mesadiagram.render.fake")
    assert layer_violations("render", relative) == ["line 1: render imports mesadiagram.ui.session"]


def test_every_layer_exists() -> None:
    for layer in ORDER[:-1]:
        assert (PACKAGE / layer / "__init__.py").exists()
    assert (PACKAGE / "cli" / "__init__.py").exists()


# -- inside ui -------------------------------------------------------------------------
APP = "mesadiagram.ui.app"
MAIN_WINDOW = "mesadiagram.ui.main_window"
ACTIONS = "mesadiagram.ui.actions"
CANVAS = "mesadiagram.ui.canvas"
DOCKS = (
    "mesadiagram.ui.inspector",
    "mesadiagram.ui.palette",
    "mesadiagram.ui.analysis_dock",
    "mesadiagram.ui.steps_dock",
)
STATE_MODULES = ("mesadiagram.ui.session", "mesadiagram.ui.view_state")
STATE_MAY_IMPORT = (
    "mesadiagram.gc_pause",  # (the session settles the collector after opening)
    "mesadiagram.model",
    "mesadiagram.render",
    "mesadiagram.ui.undo",
    "mesadiagram.ui.view_state",
)
FIGURE_FORMATS = "mesadiagram.render.formats"


def ui_violations(module: str, imports: list[Imported]) -> list[str]:
    """What ``module`` imports against the rules inside ui (and of render/formats.py)."""
    found = []
    for imp in imports:
        name, where = imp.module, f"{module} line {imp.line}"
        # (a) Only the start-up code makes main windows; everyone else gets the session.
        if _within(module, "mesadiagram.ui") and module != APP and _within(name, MAIN_WINDOW):
            found.append(f"{where}: imports {name} (only ui/app.py may)")
        # (b) The canvas knows the session and the view state, not who else shows them.
        if _within(module, CANVAS):
            for banned in (*DOCKS, ACTIONS, MAIN_WINDOW):
                if _within(name, banned):
                    found.append(f"{where}: the canvas imports {name}")
        # (c) A dock talks to the others only through the session and the view state.
        own = next((d for d in DOCKS if _within(module, d)), None)
        if own is not None:
            for other in DOCKS:
                if other != own and _within(name, other):
                    found.append(f"{where}: a dock imports another dock, {name}")
        # (d) The session and the view state are state, not widgets.
        if (
            module in STATE_MODULES
            and _within(name, "mesadiagram")
            and not any(_within(name, allowed) for allowed in STATE_MAY_IMPORT)
        ):
            allowed = "only model, render, gc_pause, undo, view_state"
            found.append(f"{where}: imports {name} ({allowed})")
        # (e) The CLI imports the figure-format registry for --help: no Qt on import.
        loaded = not (imp.lazy or imp.type_checking)
        if module == FIGURE_FORMATS and loaded and name.split(".")[0] in QT:
            found.append(f"{where}: imports Qt ({name}) when loaded")
    return found


def _ui_rule_sources() -> list[Path]:
    return [*sorted((PACKAGE / "ui").rglob("*.py")), PACKAGE / "render" / "formats.py"]


@pytest.mark.parametrize("source", _ui_rule_sources(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_ui_rules(source: Path) -> None:
    assert ui_violations(module_name(source), _file_imports(source)) == []


TYPE_CHECKING_BLOCK = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
# (module, source, what the message names); each of these must be caught.
BROKEN = [
    (
        "mesadiagram.ui.palette",
        "def f():\n    from mesadiagram.ui.main_window import X\n",
        "main_window",
    ),
    (
        "mesadiagram.ui.files",
        TYPE_CHECKING_BLOCK + "    from mesadiagram.ui import main_window\n",
        "main_window",
    ),
    (
        "mesadiagram.ui.editor",
        "import importlib\nimportlib.import_module('mesadiagram.ui.main_window')\n",
        "main_window",
    ),
    ("mesadiagram.ui.canvas.scene", "from ..inspector import InspectorDock\n", "ui.inspector"),
    ("mesadiagram.ui.canvas.view", "import mesadiagram.ui.actions as actions\n", "ui.actions"),
    ("mesadiagram.ui.canvas", "from ..analysis_dock import AnalysisDock\n", "analysis_dock"),
    (
        "mesadiagram.ui.palette",
        "from mesadiagram.ui.inspector.annotation_ops import summary\n",
        "inspector",
    ),
    (
        "mesadiagram.ui.inspector.dock",
        "from mesadiagram.ui import analysis_dock\n",
        "analysis_dock",
    ),
    ("mesadiagram.ui.analysis_dock", "def f():\n    from .palette import PaletteDock\n", "palette"),
    ("mesadiagram.ui.session", "from mesadiagram.ui.editor import Editor\n", "ui.editor"),
    ("mesadiagram.ui.view_state", "from .session import DocumentSession\n", "ui.session"),
    ("mesadiagram.ui.session", "from mesadiagram.formats import load\n", "formats"),
    ("mesadiagram.render.formats", "from PySide6.QtGui import QImage\n", "PySide6.QtGui"),
]
ALLOWED = [
    ("mesadiagram.ui.app", "def f():\n    from mesadiagram.ui.main_window import MainWindow\n"),
    ("mesadiagram.ui.canvas.scene", "from mesadiagram.ui.session import DocumentSession\n"),
    ("mesadiagram.ui.inspector.dock", "from mesadiagram.ui.inspector import annotation_ops\n"),
    (
        "mesadiagram.ui.session",
        "from mesadiagram.model import Document\nfrom mesadiagram.render.theme import Theme\n"
        "from mesadiagram.ui.undo import UndoStack\nfrom .view_state import ViewState\n"
        "from PySide6.QtCore import QObject\n",
    ),
    ("mesadiagram.render.formats", "def f():\n    from PySide6.QtGui import QImage\n"),
    (
        "mesadiagram.render.formats",
        TYPE_CHECKING_BLOCK + "    from PySide6.QtGui import QImage\n",
    ),
]


@pytest.mark.parametrize(("module", "source", "named"), BROKEN)
def test_ui_rules_catch_violations(module: str, source: str, named: str) -> None:
    """The checker fails on each kind of violation, written in the ways imports hide."""
    messages = ui_violations(module, imports_of(source, module, is_package=module == CANVAS))
    assert messages, source
    assert all(named in message for message in messages), messages


@pytest.mark.parametrize(("module", "source"), ALLOWED)
def test_ui_rules_allow_what_they_should(module: str, source: str) -> None:
    assert ui_violations(module, imports_of(source, module)) == []


def test_ui_rules_name_real_modules() -> None:
    """Every module a rule names exists, so a rename cannot make a rule vacuous."""
    for name in (APP, MAIN_WINDOW, ACTIONS, CANVAS, *DOCKS, *STATE_MODULES, FIGURE_FORMATS):
        assert _is_our_module(name), name
    scene = _file_imports(PACKAGE / "ui" / "canvas" / "scene.py")
    assert "mesadiagram.ui.session" in {i.module for i in scene}  # the collector reads files


def test_figure_formats_load_no_qt() -> None:
    """Importing the registry loads no Qt, also through what it imports (a fresh process)."""
    code = (
        "import sys, mesadiagram.render.formats as f\n"
        "assert f.FIGURE_FORMATS\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {QT!r}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PACKAGE.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "[]"
