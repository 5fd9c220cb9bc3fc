"""`mesadiagram import`: an outline to a laid-out model file; exit codes, nothing written
on error, an existing file kept unless --force, what was skipped in one warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from mesadiagram.cli import main
from mesadiagram.formats import dumps, load, loads
from mesadiagram.formats.exchange.outline_reader import read_outline
from mesadiagram.render.headless import place_unplaced
from tests.conftest import EXAMPLE, ROOT

OUTLINE = ROOT / "examples" / "mesa_optimization.md"
AMBIGUOUS = (
    "- Base optimizer\n- Mesa optimizer\n- Mesa objective\n## Interventions\n- Base -> Mesa: x\n"
)


def test_the_seed_outline_becomes_the_example_laid_out(tmp_path: Path, capsys) -> None:
    out = tmp_path / "seed.yaml"
    assert main(["import", str(OUTLINE), "-o", str(out)]) == 0
    assert capsys.readouterr() == ("", "")  # quiet on success
    text = out.read_text(encoding="utf-8")
    assert dumps(loads(text)) == text  # canonical
    doc = load(out)
    assert all(node.position is not None for node in doc.nodes)
    # Laid out by the function exports use for stages without a position, nothing else.
    expected = read_outline(OUTLINE.read_text(encoding="utf-8")).document
    place_unplaced(expected)
    assert doc == expected
    example = load(EXAMPLE)
    for node in (*doc.nodes, *example.nodes):
        node.position = None
    assert doc == example


def test_an_existing_file_is_kept_unless_forced(tmp_path: Path, capsys) -> None:
    out = tmp_path / "model.yaml"
    out.write_text("mine\n", encoding="utf-8")
    assert main(["import", str(OUTLINE), "-o", str(out)]) == 2
    assert "model.yaml exists; --force replaces it" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "mine\n"
    assert main(["import", str(OUTLINE), "-o", str(out), "--force"]) == 0
    assert len(load(out).nodes) == 7


def test_an_outline_with_a_bad_name_writes_nothing_and_names_the_place(
    tmp_path: Path, capsys
) -> None:
    source, out = tmp_path / "bad.md", tmp_path / "bad.yaml"
    source.write_text(AMBIGUOUS, encoding="utf-8")
    assert main(["import", str(source), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{source}:5:11: “Mesa” could be any of “Mesa optimizer” (line 2)" in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [source]  # no temporary file left either


def test_what_was_skipped_is_one_warning_and_the_rest_is_written(tmp_path: Path, capsys) -> None:
    source, out = tmp_path / "notes.md", tmp_path / "notes.yaml"
    source.write_text("- A\n- B\n\nstray\n\n## Aside\n", encoding="utf-8")
    assert main(["import", str(source), "-o", str(out)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"mesadiagram import: {source}: skipped 2: line 4: text outside the list “stray”; "
        "line 6: heading “Aside” (not a section)"
    ]
    assert [n.label for n in load(out).nodes] == ["A", "B"]


@pytest.mark.parametrize(
    ("name", "text", "output", "message"),
    [
        ("model.yaml", "- A\n", "out.yaml", "the file must end in .md"),
        ("outline.md", "- A\n", "out.svg", "the output must end in .yaml or .yml"),
        ("prose.md", "Just prose.\n", "out.yaml", "no stages found"),
        ("binary.md", "- A\0\n", "out.yaml", "NUL byte"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(
    tmp_path: Path, capsys, name: str, text: str, output: str, message: str
) -> None:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    assert main(["import", str(source), "-o", str(tmp_path / output)]) == 2
    assert message in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_a_missing_file_or_folder_cannot_be_read(tmp_path: Path, capsys) -> None:
    assert main(["import", str(tmp_path / "none.md"), "-o", str(tmp_path / "o.yaml")]) == 2
    folder = tmp_path / "dir.md"
    folder.mkdir()
    assert main(["import", str(folder), "-o", str(tmp_path / "o.yaml")]) == 2
    err = capsys.readouterr().err
    assert "none.md: cannot read" in err and "dir.md: cannot read: a directory" in err


def test_help_names_the_command(capsys) -> None:
    assert main(["--help"]) == 0
    assert "import" in capsys.readouterr().out
    assert main(["import", "--help"]) == 0
    assert "--force" in capsys.readouterr().out
    assert main(["import", str(OUTLINE)]) == 2  # -o is required
