"""Validation of format v1, the input: YAML syntax, encodings, limits, hostile files.

Every problem is checked with its exact message, line and column; every hostile input must
fail in under 2 s; the command line never writes a file it could not read. The module runs
twice, with libyaml's parser and with PyYAML's pure-Python one, which agree on everything
but the wording of YAML syntax errors.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from mesadiagram.cli import main
from mesadiagram.formats import FormatError, load, loads, safe_yaml
from tests.validation_support import LOADERS, NODE_A, V, only, use_loader, where


@pytest.fixture(autouse=True, params=LOADERS)
def loader(request, monkeypatch) -> str:
    use_loader(request.param, monkeypatch)
    return request.param


# -- YAML itself --------------------------------------------------------------------------
def test_yaml_syntax_error_in_a_plain_value() -> None:
    p = only(V + "title: a: b\n")
    assert where(p) == (2, 9, "")
    assert p.message.startswith("YAML syntax: mapping values are not allowed")


def test_yaml_syntax_error_unclosed_flow_list() -> None:
    p = only(V + "nodes: [\n")
    assert where(p) == (3, 1, "")
    assert p.message.startswith("YAML syntax: ")


def test_yaml_syntax_error_bad_indentation() -> None:
    p = only(V + "nodes:\n  - id: a\n   label: b\n")
    assert where(p) == (4, 4, "")
    assert p.message.startswith("YAML syntax: ")


def test_tab_indentation_is_a_syntax_error() -> None:
    p = only(V + "nodes:\n\t- id: a\n")
    assert where(p) == (3, 1, "")
    assert "cannot start any token" in p.message


@pytest.mark.parametrize("source", ["", b"", "\n\n", "# only a comment\n", "---\n", "~\n"])
def test_empty_file(source: str | bytes) -> None:
    p = only(source)
    assert where(p) == (1, 1, "")
    assert p.message == "empty file: expected a mapping starting with 'mesadiagram: 2'"


def test_top_level_list_is_not_a_model() -> None:
    p = only("- mesadiagram: 1\n- title: x\n")
    assert where(p) == (1, 1, "")
    assert p.message == "expected a mapping (key: value lines), found a list"
    assert str(p) == "model.yaml:1:1: expected a mapping (key: value lines), found a list"


def test_top_level_text_is_not_a_model() -> None:
    assert only("just some words\n").message == "expected a mapping (key: value lines), found text"


def test_duplicate_mapping_key_at_top() -> None:
    p = only(V + "title: a\ntitle: b\n")
    assert where(p) == (3, 1, "")
    assert p.message == "duplicate key 'title' (first at line 2)"


def test_duplicate_mapping_key_in_a_stage() -> None:
    p = only(V + "nodes:\n  - id: a\n    label: A\n    label: B\n")
    assert where(p) == (5, 5, "")
    assert p.message == "duplicate key 'label' (first at line 4)"


def test_a_list_as_key_is_refused() -> None:
    p = only(V + "? [a, b]\n: c\n")
    assert where(p) == (2, 3, "")
    assert p.message == "a key must be plain text, not a list or mapping"


def test_more_than_one_document() -> None:
    p = only(V + "---\n" + V)
    assert where(p) == (2, 1, "")
    assert p.message == "more than one YAML document; a file holds one model"


def test_control_character_is_refused() -> None:
    p = only(V + 'title: "a\x07"\n')
    assert where(p) == (2, 10, "")
    assert p.message == "character U+0007 is not allowed in YAML"


# -- hostile input ------------------------------------------------------------------------
def test_anchor_is_refused() -> None:
    p = only(V + "title: &t Mesa\ndescription: *t\n")
    assert where(p) == (2, 8, "")
    assert p.message == "anchors (&t) are not allowed; write the value out"


def test_alias_is_refused() -> None:
    p = only(V + "title: Mesa\ndescription: *t\n")
    assert where(p) == (3, 14, "")
    assert p.message == "aliases (*name) are not allowed; write the value out"


def test_anchor_on_a_mapping_is_refused() -> None:
    p = only(V + "nodes:\n  - &n {id: a, label: A}\n")
    assert where(p) == (3, 5, "")
    assert p.message == "anchors (&n) are not allowed; write the value out"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("!!python/object:os.system x", "!!python/object:os.system"),
        ("!!python/object/apply:os.system ['ls']", "!!python/object/apply:os.system"),
        ("!!python/name:os.system ''", "!!python/name:os.system"),
        ("!!python/tuple [1, 2]", "!!python/tuple"),
        ("!custom x", "!custom"),
        ("!custom {a: 1}", "!custom"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!!set {a}", "!!set"),
        ("!!timestamp 2020-01-01", "!!timestamp"),
        ("!<tag:example.com,2000:x> y", "tag:example.com,2000:x"),
    ],
)
def test_non_standard_tags_are_refused(value: str, shown: str) -> None:
    p = only(V + f"title: {value}\n")
    assert where(p) == (2, 8, "")
    assert p.message == f"tag {shown} is not allowed in a mesadiagram file"


def test_standard_tags_are_fine() -> None:
    assert loads(V + "title: !!str 2030\n").title == "2030"


def test_file_over_20_mb() -> None:
    p = only(b"mesadiagram: 1\n" + b"#" * (safe_yaml.MAX_BYTES - 14))
    assert where(p) == (1, 1, "")
    assert p.message == "file is larger than 20 MB, the limit for a model"


def test_text_over_20_mb_in_utf8() -> None:
    # Fewer than 20 M characters, but more than 20 MB once written as UTF-8.
    p = only("mesadiagram: 1\n#" + "é" * (safe_yaml.MAX_BYTES // 2))
    assert p.message == "file is larger than 20 MB, the limit for a model"


def test_non_utf8_bytes() -> None:
    p = only((V + "title: café\n").encode("latin-1"))
    assert where(p) == (2, 11, "")
    assert p.message == "not UTF-8 (byte 0xe9); save the file as UTF-8"


def test_utf16_file_is_refused() -> None:
    p = only((V + "title: x\n").encode("utf-16"))
    assert p.message == "NUL byte: this is not a text file"


def test_nul_byte() -> None:
    p = only(b"mesadiagram: 1\ntitle: a\0b\n")
    assert where(p) == (2, 9, "")
    assert p.message == "NUL byte: this is not a text file"


def test_nul_character_in_text() -> None:
    assert where(only("mesadiagram: 1\ntitle: a\0b\n")) == (2, 9, "")


def test_lone_surrogate_in_text() -> None:
    p = only("mesadiagram: 1\ntitle: a\ud800b\n")
    assert where(p) == (2, 9, "")
    assert p.message == "lone surrogate U+D800 is not text"


def test_utf8_bom_is_accepted() -> None:
    assert loads(b"\xef\xbb\xbfmesadiagram: 1\ntitle: x\n").title == "x"


def test_nesting_deeper_than_100_levels_in_flow_style() -> None:
    # The top mapping is level 1; the 100th bracket opens level 101.
    p = only(V + "title: " + "[" * 100 + "]" * 100 + "\n")
    assert where(p) == (2, 8 + 99, "")
    assert p.message == "nested deeper than 100 levels"


def test_nesting_of_100_levels_is_only_a_type_problem() -> None:
    p = only(V + "title: " + "[" * 99 + "]" * 99 + "\n")
    assert where(p) == (2, 8, "title")
    assert p.message == "expected text, found a list"


def test_nesting_deeper_than_100_levels_in_block_style() -> None:
    lines = "".join(" " * i + "-\n" for i in range(150))
    p = only(V + "title:\n" + lines)
    assert where(p) == (3 + 99, 100, "")
    assert p.message == "nested deeper than 100 levels"


BILLION_LAUGHS = (
    "mesadiagram: 1\na: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n"
    + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
)

HOSTILE = {
    "20 MB + 1": b"mesadiagram: 1\n" + b"x" * (safe_yaml.MAX_BYTES - 14),
    "1,000,000 x [": "mesadiagram: 1\ntitle: " + "[" * 1_000_000,
    "1,000,000 x {a: ": "{a: " * 1_000_000,
    "2,000 block levels": "".join(" " * i + "-\n" for i in range(2000)),
    "billion laughs": BILLION_LAUGHS,
    "5,000 unknown keys": V + "".join(f"k{i}: 1\n" for i in range(5_000)),
    "python object": V + "title: !!python/object/apply:os.system ['echo pwned']\n",
    "latin-1 everywhere": ("é" * 1_000_000).encode("latin-1"),
    "NUL at the end": b"mesadiagram: 1\n" + b"a" * 10_000_000 + b"\0",
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_fails_fast_without_traceback(name: str) -> None:
    start = time.perf_counter()
    with pytest.raises(FormatError) as info:
        loads(HOSTILE[name], "model.yaml")
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0, f"{name}: {elapsed:.2f} s"
    assert info.value.problems
    assert all(str(p).startswith("model.yaml:") for p in info.value.problems)


def test_billion_laughs_is_stopped_at_its_first_anchor() -> None:
    p = only(BILLION_LAUGHS)
    assert where(p) == (2, 4, "")
    assert p.message == "anchors (&a) are not allowed; write the value out"


def test_load_path_reads_no_more_than_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:
        handle.write(b"mesadiagram: 1\n")
        handle.seek(safe_yaml.MAX_BYTES * 3)
        handle.write(b"\n")
    with pytest.raises(FormatError) as info:
        load(big)
    assert str(info.value) == f"{big}:1:1: file is larger than 20 MB, the limit for a model"


# -- the command line never writes a file it could not read ------------------------------
BAD = V + "nodes:\n  - id: a\n    label: A\nedges:\n  - from: a\n    to: a\n"


def test_validate_reports_on_stderr_and_leaves_the_file_alone(tmp_path: Path, capsys) -> None:
    path = tmp_path / "model.yaml"
    path.write_bytes(BAD.encode())
    mtime = path.stat().st_mtime_ns
    assert main(["validate", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"{path}:7:9: edges[0].to: a link cannot lead from a stage to itself\n"
    assert captured.out == ""
    assert path.read_bytes() == BAD.encode()
    assert path.stat().st_mtime_ns == mtime


@pytest.mark.parametrize("check", [False, True])
def test_fmt_does_not_touch_a_file_that_failed_to_load(tmp_path: Path, capsys, check: bool) -> None:
    path = tmp_path / "model.yaml"
    raw = (V + "title: caf\xe9\nnodes: [ {id: a,   label: A} ]\n").encode("latin-1")
    path.write_bytes(raw)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["fmt", *(["--check"] if check else []), str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"{path}:2:11: not UTF-8 (byte 0xe9); save the file as UTF-8\n"
    assert path.read_bytes() == raw
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no temporary file left


def test_validate_several_files_reports_each(tmp_path: Path, capsys) -> None:
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(V + "nodes:\n" + NODE_A, encoding="utf-8")
    bad.write_text("mesadiagram: 3\n", encoding="utf-8")
    assert main(["validate", str(good), str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out == f"{good}: ok\n"
    assert captured.err.startswith(
        f"{bad}:1:14: mesadiagram: written by format 3; this version reads 2"
    )
