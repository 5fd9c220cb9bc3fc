"""A non-editable install, used from another folder, finds its resources."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def test_every_subpackage_is_listed_for_installation() -> None:
    """A package missing from pyproject's list would be missing from a wheel install."""
    import tomllib

    setup = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(setup["packages"])
    elsewhere = set(setup["package-dir"])  # resources/ and docs/, installed under mesadiagram
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "mesadiagram").rglob("__init__.py")
    }
    assert found <= listed, f"add to pyproject.toml packages: {sorted(found - listed)}"
    missing = {p for p in listed - found if p not in elsewhere}
    assert not missing, f"listed in pyproject.toml but not in the tree: {sorted(missing)}"


@pytest.mark.slow
def test_wheel_install_finds_templates(tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import mesadiagram, mesadiagram.resource_files as r\n"
        "assert 'site' in mesadiagram.__file__, mesadiagram.__file__\n"
        "assert 'mesa_optimization' in r.template_names()\n"
        "assert 'Catastrophe' in r.template_text('mesa_optimization')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    subprocess.run([sys.executable, "-c", code], check=True, cwd=elsewhere, env=env)
    assert (target / "mesadiagram" / "resources" / "templates" / "mesa_optimization.yaml").exists()
