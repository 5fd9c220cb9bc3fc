"""Saving is atomic: a kill at any moment leaves the old or the new file, never a torn one."""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from mesadiagram.formats import dumps, load, save
from mesadiagram.model import Annotation, Document, Node

SAVER = textwrap.dedent(
    """
    import sys
    from mesadiagram.formats import loads, save
    target, a, b = sys.argv[1], open(sys.argv[2]).read(), open(sys.argv[3]).read()
    docs = [loads(a), loads(b)]
    print("ready", flush=True)
    i = 0
    while True:
        save(docs[i % 2], target)
        i += 1
    """
)


def _big_document(label: str, n: int) -> Document:
    doc = Document(label)
    for i in range(n):
        doc.insert_node(
            Node(
                f"s{i}",
                f"{label} stage {i}",
                position=(i * 10.0, 0.0),
                annotations=[Annotation("note", text="x" * 200)],
            )
        )
    return doc


@pytest.mark.slow
def test_kill_during_save_never_tears_the_file(tmp_path: Path) -> None:
    doc_a, doc_b = _big_document("A", 400), _big_document("B", 420)
    text_a, text_b = dumps(doc_a), dumps(doc_b)
    (tmp_path / "a.yaml").write_text(text_a, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(text_b, encoding="utf-8")
    target = tmp_path / "model.yaml"
    save(doc_a, target)
    rng = random.Random(1234)
    for _ in range(50):
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                SAVER,
                str(target),
                str(tmp_path / "a.yaml"),
                str(tmp_path / "b.yaml"),
            ],
            stdout=subprocess.PIPE,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.0, 0.05))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        text = target.read_text(encoding="utf-8")
        assert text in (text_a, text_b)
        assert load(target) in (doc_a, doc_b)


def test_save_keeps_permissions_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "model.yaml"
    target.write_text("old")
    os.chmod(target, 0o640)
    save(_big_document("A", 2), target)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["model.yaml"]


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "model.yaml"
    save(_big_document("A", 2), target)
    before = target.read_bytes()

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        save(_big_document("B", 3), target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["model.yaml"]
