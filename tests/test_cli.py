"""The command line, in-process through main(argv), and its start-up cost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mesadiagram import __version__
from mesadiagram.cli import main
from tests.conftest import EXAMPLE


def test_version(capsys) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"mesadiagram {__version__}"


def test_help_lists_commands(capsys) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("validate", "fmt", "open"):
        assert command in out


def test_usage_error_exits_2(capsys) -> None:
    assert main(["validate"]) == 2
    assert "usage:" in capsys.readouterr().err


def test_validate_ok_and_bad(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("mesadiagram: 2\nnodes:\n  - id: a\n    lable: A\n", encoding="utf-8")
    assert main(["validate", str(EXAMPLE)]) == 0
    assert main(["validate", str(EXAMPLE), str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:4:5: nodes[0].lable: unknown key 'lable' (did you mean 'label'?)" in err
    assert f"{bad}:3:5: nodes[0]: missing required key 'label'" in err


def test_validate_missing_file(tmp_path: Path, capsys) -> None:
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_fmt_rewrites_and_check_reports(tmp_path: Path, capsys) -> None:
    messy = tmp_path / "m.yaml"
    messy.write_text(
        "mesadiagram: 1\nedges: []\nnodes: [{label: 'A', id: a, position: [1.4, 2.6]}]\n",
        encoding="utf-8",
    )
    original = messy.read_bytes()
    assert main(["fmt", "--check", str(messy)]) == 1
    assert f"would reformat {messy}" in capsys.readouterr().out
    assert messy.read_bytes() == original
    assert main(["fmt", str(messy)]) == 0
    assert messy.read_text(encoding="utf-8") == (
        "mesadiagram: 2\n\nnodes:\n  - id: a\n    label: A\n    position: [1, 3]\n"
    )
    assert main(["fmt", "--check", str(messy)]) == 0


def test_fmt_upgrades_a_version_1_file(tmp_path: Path, capsys) -> None:
    """A canonical version 1 file is not canonical any more: fmt writes version 2, with the
    ids the reader gave its annotations (and a parallel link's id)."""
    old = tmp_path / "old.yaml"
    old.write_text(
        "mesadiagram: 1\n\nnodes:\n  - id: a\n    label: A\n    annotations:\n"
        "      - type: note\n        label: Check\n  - id: b\n    label: B\n\n"
        "edges:\n  - from: a\n    to: b\n  - from: a\n    to: b\n",
        encoding="utf-8",
    )
    assert main(["fmt", "--check", str(old)]) == 1
    assert f"would reformat {old}" in capsys.readouterr().out
    assert main(["fmt", str(old)]) == 0
    assert old.read_text(encoding="utf-8") == (
        "mesadiagram: 2\n\nnodes:\n  - id: a\n    label: A\n    annotations:\n"
        "      - id: check\n        type: note\n        label: Check\n  - id: b\n    label: B\n\n"
        "edges:\n  - from: a\n    to: b\n  - id: a->b-2\n    from: a\n    to: b\n"
    )
    assert main(["fmt", "--check", str(old)]) == 0
    assert main(["validate", str(old)]) == 0


def test_fmt_never_touches_a_file_that_fails_to_load(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"mesadiagram: 1\nnodes: [\n")
    assert main(["fmt", str(bad)]) == 2
    assert bad.read_bytes() == b"mesadiagram: 1\nnodes: [\n"
    assert "bad.yaml:3:1" in capsys.readouterr().err


@pytest.mark.slow
def test_help_imports_no_qt_and_python_m_works() -> None:
    code = (
        "import sys\nfrom mesadiagram.cli import main\n"
        "main(['--help']); main(['validate', sys.argv[1]])\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'networkx'))]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code, str(EXAMPLE)], check=True, capture_output=True)
    out = subprocess.run(
        [sys.executable, "-m", "mesadiagram", "--version"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert out.strip() == f"mesadiagram {__version__}"


def test_mistyped_command_is_not_opened_as_a_file(capsys) -> None:
    assert main(["fmtt", "x.yaml"]) == 2
    assert "unknown command 'fmtt' (did you mean 'fmt'?)" in capsys.readouterr().err


def test_open_without_a_display_says_so(monkeypatch, capsys) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert main([str(EXAMPLE)]) == 2
    assert "no display" in capsys.readouterr().err
