"""Messages and reports are one line each and carry no terminal codes (issue 9).

Before, a key ``"x\\nfake.yaml:1:1: injected line"`` printed a second line that looked like
an error, ESC sequences in a key reached the terminal raw, and ``analyze`` printed titles
and labels raw.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mesadiagram.cli import main
from mesadiagram.formats import Problem
from mesadiagram.formats.terminal import UNSAFE, json_safe, one_line, shown

# YAML double-quoted escapes: newline, ESC, CSI (C1), DEL, NEL, LS, PS, RLO, RLI.
HOSTILE_YAML = "\\n\\e[31m\\x9b2J\\x7f\\N\\L\\P\\u202e\\u2067"


def _clean(text: str) -> None:
    """No character a terminal would act on, apart from the line ends."""
    assert not UNSAFE.search(text.replace("\n", "")), repr(text)


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a\nb", "a\\nb"),
        ("\r\t", "\\r\\t"),
        ("\x1b[2J", "\\x1b[2J"),
        ("\x00\x7f\x85\x9b", "\\x00\\x7f\\x85\\x9b"),
        ("\u2028\u2029", "\\u2028\\u2029"),
        ("\u202a\u202b\u202c\u202d\u202e", "\\u202a\\u202b\\u202c\\u202d\\u202e"),
        ("\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069"),
        ("\udcff", "\\udcff"),
        ("café → ok", "café → ok"),
    ],
)
def test_one_line_escapes_what_a_terminal_acts_on(raw: str, escaped: str) -> None:
    assert one_line(raw) == escaped


def test_a_problem_is_always_one_line() -> None:
    p = Problem("a\nb.yaml", 1, 2, "nodes[0].x\nfake.yaml:1:1: injected", "bad \x1b[0m\u202e")
    assert str(p) == ("a\\nb.yaml:1:2: nodes[0].x\\nfake.yaml:1:1: injected: bad \\x1b[0m\\u202e")


def test_shown_never_raises_and_stays_short() -> None:
    assert shown(16**5000).startswith("a number of about 6,02")
    assert shown([16**5000]) == "a list"
    assert len(shown("x" * 10_000)) < 100


def test_a_key_with_a_line_break_cannot_fake_an_error_line(tmp_path: Path, capsys) -> None:
    path = tmp_path / "m.yaml"
    path.write_text('mesadiagram: 1\n"x\\nfake.yaml:1:1: injected line": 1\n')
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "\nfake.yaml" not in err and "x\\nfake.yaml:1:1: injected line" in err


def test_escape_codes_in_keys_and_values_are_escaped(tmp_path: Path, capsys) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        f'mesadiagram: 1\n"k{HOSTILE_YAML}": 1\nnodes:\n  - id: "a{HOSTILE_YAML}"\n'
        f'    label: A\n  - id: "a{HOSTILE_YAML}"\n    label: B\n'
        f'types:\n  - name: t\n    color: "{HOSTILE_YAML}"\n'
    )
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 4  # the key, two ids with control characters, the colour
    _clean(err)


def test_file_names_are_escaped(tmp_path: Path, capsys) -> None:
    name = tmp_path / "m\x1b[2J\u202e.yaml"
    name.write_text("mesadiagram: 1\n")
    missing = tmp_path / "gone\nfake.yaml:1:1: injected"
    assert main(["validate", str(name), str(missing)]) == 2
    out, err = capsys.readouterr()
    assert out.count("\n") == 1 and err.count("\n") == 1
    _clean(out)
    _clean(err)
    assert out.endswith("m\\x1b[2J\\u202e.yaml: ok\n")


def _hostile_model(tmp_path: Path) -> Path:
    """Labels with every kind of hostile character; ids with bidi controls (allowed)."""
    path = tmp_path / "m.yaml"
    path.write_text(
        f'mesadiagram: 1\ntitle: "T{HOSTILE_YAML}"\nnodes:\n'
        f'  - id: "a\\u202e"\n    label: "A{HOSTILE_YAML}"\n    probability: 0.5\n'
        f'  - id: "b\\u2067"\n    label: "B{HOSTILE_YAML}"\n    outcome: true\n'
        f'edges:\n  - from: "a\\u202e"\n    to: "b\\u2067"\n    probability: 0.5\n'
        f"    annotations:\n"
        f'      - type: intervention\n        label: "I{HOSTILE_YAML}"\n'
    )
    return path


def test_analyze_escapes_titles_and_labels(tmp_path: Path, capsys) -> None:
    path = _hostile_model(tmp_path)
    assert main(["analyze", str(path)]) == 0
    out = capsys.readouterr().out
    _clean(out)
    assert out.startswith("T\\n\\x1b[31m\\x9b2J")
    assert "A\\n\\x1b[31m" in out and "B\\n\\x1b[31m" in out and "I\\n\\x1b[31m" in out
    assert "on a\\u202e -> b\\u2067 has no effect" in out  # ids, in a warning


def test_analyze_json_is_the_same_data_without_raw_terminal_codes(tmp_path: Path, capsys) -> None:
    path = _hostile_model(tmp_path)
    assert main(["analyze", "--json", str(path)]) == 0
    out = capsys.readouterr().out
    _clean(out)
    assert json.loads(out)["roots"] == ["a\u202e"]
    assert json_safe('"\u202e\x85"') == '"\\u202e\\u0085"'
