"""A save killed before its rename leaves a temporary file; the next save removes it.

Before, ``.NAME.XXXXXXXX.tmp`` files of killed saves stayed beside the target for ever.
Also checked here: what docs/format.md says about hard links, symbolic links and modes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mesadiagram.formats import atomic, load, save, write_atomic
from mesadiagram.model import Document

posix_only = pytest.mark.skipif(atomic.fcntl is None, reason="needs POSIX advisory locks")

KILLED_SAVE = textwrap.dedent(
    """
    import os, signal, sys
    from mesadiagram.formats import loads, save
    doc = loads("mesadiagram: 1\\ntitle: new\\n")
    os.replace = lambda a, b: os.kill(os.getpid(), signal.SIGKILL)  # killed before rename
    save(doc, sys.argv[1])
    """
)


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@posix_only
def test_the_next_save_removes_what_a_killed_save_left(tmp_path: Path) -> None:
    target = tmp_path / "model.yaml"
    save(Document("old"), target)
    for _ in range(2):
        run = subprocess.run([sys.executable, "-c", KILLED_SAVE, str(target)], check=False)
        assert run.returncode == -9
    left = _temps(tmp_path)  # the second killed save had removed the first's leftover
    assert len(left) == 1 and atomic.is_temp_of(left[0], "model.yaml")
    assert load(target).title == "old"  # the leftovers are never read as the model
    save(Document("newer"), target)
    assert _temps(tmp_path) == []
    assert load(target).title == "newer"


@posix_only
def test_a_save_in_progress_keeps_its_temporary_file(tmp_path: Path) -> None:
    import fcntl

    busy = tmp_path / ".model.yaml.0123abcd.tmp"
    fd = os.open(busy, os.O_WRONLY | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as another process's save holds it
    try:
        write_atomic(tmp_path / "model.yaml", b"x")
        assert busy.exists()
    finally:
        os.close(fd)
    write_atomic(tmp_path / "model.yaml", b"y")
    assert not busy.exists()


@posix_only
def test_only_exact_leftovers_of_this_target_are_removed(tmp_path: Path) -> None:
    keep = [
        ".model.yaml.tmp",
        ".model.yaml.0123ABCD.tmp",
        ".model.yaml.0123abc.tmp",
        ".model.yaml.0123abcde.tmp",
        "model.yaml.0123abcd.tmp",
        ".other.yaml.0123abcd.tmp",
        ".model.yaml.0123abcd.tmpx",
    ]
    for name in keep:
        (tmp_path / name).write_bytes(b"keep")
    (tmp_path / ".model.yaml.aaaaaaaa.tmp").mkdir()
    (tmp_path / ".model.yaml.bbbbbbbb.tmp").symlink_to(tmp_path / keep[0])
    (tmp_path / ".model.yaml.cccccccc.tmp").write_bytes(b"left")
    write_atomic(tmp_path / "model.yaml", b"new")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert ".model.yaml.cccccccc.tmp" not in names
    assert names == sorted(
        [*keep, ".model.yaml.aaaaaaaa.tmp", ".model.yaml.bbbbbbbb.tmp", "model.yaml"]
    )


def test_temporary_names_have_the_documented_form() -> None:
    name = atomic.temp_name("m.yaml")
    assert atomic.is_temp_of(name, "m.yaml") and not atomic.is_temp_of("m.yaml", "m.yaml")
    assert name.startswith(".m.yaml.") and name.endswith(".tmp") and len(name) == 20


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX links")
def test_a_hard_link_keeps_the_old_content(tmp_path: Path) -> None:
    target = tmp_path / "model.yaml"
    write_atomic(target, b"old")
    os.link(target, tmp_path / "other-name.yaml")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert (tmp_path / "other-name.yaml").read_bytes() == b"old"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX links")
def test_a_symbolic_link_target_is_replaced_by_a_regular_file(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    write_atomic(real, b"old")
    os.chmod(real, 0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert not link.is_symlink() and link.read_bytes() == b"new"
    assert real.read_bytes() == b"old"
    assert oct(os.stat(link).st_mode & 0o777) == oct(0o640)  # the mode it pointed at
