"""The set-up of docs/git.md in a real git repository: `git merge` with mesadiagram as the
merge driver, `git diff` with it as the external diff and as textconv."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mesadiagram.formats import dumps, load, loads
from mesadiagram.model import Document, Node
from tests.conftest import EXAMPLE, ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

COMMAND = f"{shlex.quote(sys.executable)} -m mesadiagram"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        PYTHONPATH=str(ROOT),
        LC_ALL="C",
    )
    return env


class Repo:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.env = _env(path.parent)

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            ["git", *args], cwd=self.path, env=self.env, capture_output=True, text=True,
            timeout=120,
        )  # fmt: skip
        if check and done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)}: {done.stdout}{done.stderr}")
        return done

    def write(self, doc: Document) -> None:
        (self.path / "model.yaml").write_text(dumps(doc), encoding="utf-8")

    def commit(self, doc: Document, message: str) -> None:
        self.write(doc)
        self.git("commit", "-q", "-am", message)

    def model(self) -> Document:
        return loads((self.path / "model.yaml").read_bytes())


@pytest.fixture(name="repo")
def _repo(tmp_path: Path) -> Repo:
    """A repository set up as docs/git.md says, with the seed committed on main."""
    repo = Repo(tmp_path / "repo")
    repo.path.mkdir()
    repo.git("init", "-q", "-b", "main")
    for key, value in (
        ("user.name", "Test"),
        ("user.email", "test@example.org"),
        ("merge.mesadiagram.name", "mesadiagram model merge"),
        ("merge.mesadiagram.driver", f"{COMMAND} merge %O %A %B --path %P --text-fallback"),
        ("diff.mesadiagram.command", f"{COMMAND} diff"),
    ):
        repo.git("config", key, value)
    (repo.path / ".gitattributes").write_text("*.yaml merge=mesadiagram diff=mesadiagram\n")
    repo.write(load(EXAMPLE))
    repo.git("add", ".")
    repo.git("commit", "-q", "-m", "base")
    return repo


def _branches(repo: Repo, ours: Document, theirs: Document) -> subprocess.CompletedProcess[str]:
    repo.git("checkout", "-q", "-b", "theirs")
    repo.commit(theirs, "theirs")
    repo.git("checkout", "-q", "main")
    repo.commit(ours, "ours")
    return repo.git("merge", "--no-edit", "theirs", check=False)


def _text_merge_conflicts(base: Document, ours: Document, theirs: Document, tmp: Path) -> bool:
    """Whether git's own line merge would have stopped on these versions."""
    names = []
    for name, doc in (("o", ours), ("b", base), ("t", theirs)):
        (tmp / name).write_text(dumps(doc), encoding="utf-8")
        names.append(str(tmp / name))
    done = subprocess.run(["git", "merge-file", "-p", *names], capture_output=True, timeout=60)
    return done.returncode != 0


def test_git_merge_of_edits_to_different_stages_is_clean(repo, tmp_path) -> None:
    base = load(EXAMPLE)
    ours, theirs = base.copy(), base.copy()
    ours.insert_node(Node("gradient-hacking", "Gradient hacking"))
    ours.update_node("mesa-optimizer", probability=0.6)
    theirs.insert_node(Node("deceptive-alignment", "Deceptive alignment"))
    theirs.update_node("misalignment", label="Inner misalignment")
    assert _text_merge_conflicts(base, ours, theirs, tmp_path)  # so the driver did it
    done = _branches(repo, ours, theirs)
    assert done.returncode == 0, done.stdout + done.stderr
    merged = repo.model()
    assert merged.node("mesa-optimizer").probability == 0.6
    assert merged.node("misalignment").label == "Inner misalignment"
    assert [n.id for n in merged.nodes][-2:] == ["gradient-hacking", "deceptive-alignment"]
    assert repo.git("status", "--porcelain").stdout == ""
    assert len(repo.git("log", "--format=%p", "-1").stdout.split()) == 2  # a merge commit


def test_git_merge_of_one_field_changed_twice_conflicts(repo) -> None:
    base = load(EXAMPLE)
    ours, theirs = base.copy(), base.copy()
    ours.update_node("mesa-optimizer", label="X")
    theirs.update_node("mesa-optimizer", label="Y")
    theirs.update_node("catastrophe", text="Doom")
    done = _branches(repo, ours, theirs)
    assert done.returncode != 0
    output = done.stdout + done.stderr
    assert "stages[mesa-optimizer].label: ours 'X', theirs 'Y'" in output
    assert "CONFLICT" in output
    assert repo.git("status", "--porcelain").stdout.startswith("UU model.yaml")
    merged = repo.model()  # a valid model with ours there, theirs elsewhere
    assert merged.node("mesa-optimizer").label == "X"
    assert merged.node("catastrophe").text == "Doom"


def test_both_branches_adding_the_model_merge_from_an_empty_base(repo) -> None:
    one, two = load(EXAMPLE), load(EXAMPLE)
    one.update_node("mesa-optimizer", probability=0.6)
    two.insert_node(Node("gradient-hacking", "Gradient hacking"))
    repo.git("checkout", "-q", "-b", "theirs")
    (repo.path / "new.yaml").write_text(dumps(two), encoding="utf-8")
    repo.git("add", "new.yaml")
    repo.git("commit", "-q", "-m", "theirs")
    repo.git("checkout", "-q", "main")
    (repo.path / "new.yaml").write_text(dumps(one), encoding="utf-8")
    repo.git("add", "new.yaml")
    repo.git("commit", "-q", "-m", "ours")
    done = repo.git("merge", "--no-edit", "theirs", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    merged = loads((repo.path / "new.yaml").read_bytes())
    assert merged.node("mesa-optimizer").probability == 0.6
    assert merged.has_node("gradient-hacking")


def test_other_yaml_files_merge_as_text(repo) -> None:
    config = repo.path / "ci.yaml"
    config.write_text("jobs:\n  a: 1\n  b: 2\n  c: 3\n  d: 4\n", encoding="utf-8")
    repo.git("add", "ci.yaml")
    repo.git("commit", "-q", "-m", "config")
    repo.git("checkout", "-q", "-b", "theirs")
    config.write_text("jobs:\n  a: 1\n  b: 2\n  c: 3\n  d: 40\n", encoding="utf-8")
    repo.git("commit", "-q", "-am", "theirs")
    repo.git("checkout", "-q", "main")
    config.write_text("jobs:\n  a: 10\n  b: 2\n  c: 3\n  d: 4\n", encoding="utf-8")
    repo.git("commit", "-q", "-am", "ours")
    done = repo.git("merge", "--no-edit", "theirs", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ci.yaml: not a valid model; merged as text" in done.stdout + done.stderr
    assert config.read_text(encoding="utf-8") == "jobs:\n  a: 10\n  b: 2\n  c: 3\n  d: 40\n"


def test_git_diff_says_changes_in_the_models_words(repo) -> None:
    doc = load(EXAMPLE)
    doc.update_edge("mesa-optimizer->misalignment", probability=0.3)
    doc.update_node("deployment", position=(780.0, 90.0))
    repo.write(doc)
    out = repo.git("diff").stdout
    assert out == (
        "mesadiagram diff model.yaml\n  probability of Mesa optimizer -> Misalignment set to 0.3\n"
    )
    (repo.path / "other.yaml").write_text(dumps(doc), encoding="utf-8")
    repo.git("add", "other.yaml")
    added = repo.git("diff", "--cached", "--", "other.yaml").stdout
    assert added == "mesadiagram diff other.yaml\n  new model: 7 stages, 6 links, 21 annotations\n"


def test_git_diff_with_textconv(repo) -> None:
    repo.git("config", "--unset", "diff.mesadiagram.command")
    repo.git("config", "diff.mesadiagram.textconv", f"{COMMAND} diff --textconv")
    doc = load(EXAMPLE)
    doc.update_edge("mesa-optimizer->misalignment", probability=0.3)
    repo.commit(doc, "credence")
    shown = repo.git("log", "-p", "-1", "--format=").stdout
    changed = [line for line in shown.splitlines() if line[:1] in "+-" and line[:3] not in "+++---"]
    assert changed == ["+link Mesa optimizer -> Misalignment: probability 0.3"]


def test_text_fallback_keeps_git_conflict_markers(tmp_path, capsys) -> None:
    from mesadiagram.cli import main

    names = []
    for role, value in (("base", "1"), ("ours", "2"), ("theirs", "3")):
        (tmp_path / role).write_text(f"key: {value}\n", encoding="utf-8")
        names.append(str(tmp_path / role))
    assert main(["merge", *names, "--path", "ci.yaml"]) == 2  # not a model
    assert main(["merge", *names, "--path", "ci.yaml", "--text-fallback"]) == 1
    text = Path(names[1]).read_text(encoding="utf-8")
    assert text.startswith("<<<<<<< ci.yaml (ours)\nkey: 2\n=======\nkey: 3\n>>>>>>>")
