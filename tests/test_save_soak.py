"""Soak: 200 SIGKILLs in the middle of saving a 5,000-stage model (issue 9).

A helper process builds the model (``benchmarks/generate.py``) once and forks a saver for
every kill, so no kill pays for starting Python and building 5,000 stages again. Each
saver saves the model over and over with ``formats.save`` (what File > Save writes:
``dumps`` then ``write_atomic``), alternating between two versions; the test kills it
with SIGKILL after a random delay, half of them aimed at the write itself (after the
serialising, around the temporary file and the rename). After every kill the file holds,
byte for byte, the version saved before or the one being saved, never a torn or empty
file; what a killed save leaves is only its hidden ``.model.yaml.XXXXXXXX.tmp``, never
more than one (the next save removes it), and nothing that reads ``*.yaml`` sees it.

200 kills take about 30 s here (a save of 2.4 MB takes about 0.1 s), within the suite's
budget, so the full run is the test; ``MESADIAGRAM_SOAK_KILLS`` changes the count.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from mesadiagram.formats import atomic, load, save
from tests.conftest import ROOT

STAGES = 5000
KILLS = int(os.environ.get("MESADIAGRAM_SOAK_KILLS", "200"))

HELPER = textwrap.dedent(
    """
    import os, sys, time
    sys.path.insert(0, sys.argv[1])
    from generate import layered_document
    from mesadiagram.formats import dumps, save

    stages, target, versions_out = int(sys.argv[2]), sys.argv[3], sys.argv[4]
    old = layered_document(stages)
    new = layered_document(stages)
    new.update_document(title=new.title + " (new)")  # a change at the start of the file...
    last = new.nodes[-1]
    new.update_node(last.id, label=last.label + " (new)")  # ...and one near its end
    versions = [old, new]
    for i, doc in enumerate(versions):
        save(doc, f"{versions_out}.{i}")  # the reference bytes of each version
    save(old, target)
    started = time.perf_counter()
    dumps(old)
    serialising = time.perf_counter() - started
    started = time.perf_counter()
    for doc in versions:
        save(doc, target)
    saving = (time.perf_counter() - started) / 2
    print(serialising, saving, flush=True)

    for line in sys.stdin:  # one line per kill: the version the file holds now
        first = 1 - int(line)
        done_r, done_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the saver: save the other version, then alternate, until killed
            os.close(done_r)
            i = first
            while True:
                save(versions[i], target)
                os.write(done_w, bytes([i]))
                i = 1 - i
        os.close(done_w)
        print(pid, flush=True)
        os.waitpid(pid, 0)
        with os.fdopen(done_r, "rb") as done:
            completed = done.read()
        print(len(completed), flush=True)
    """
)


def _others(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "model.yaml")


@pytest.mark.slow
@pytest.mark.skipif(atomic.fcntl is None or not hasattr(os, "fork"), reason="POSIX only")
def test_kills_in_the_middle_of_saving_leave_the_old_or_the_new_file(tmp_path: Path) -> None:
    folder = tmp_path / "models"
    folder.mkdir()
    target = folder / "model.yaml"
    reference = tmp_path / "version"
    helper = subprocess.Popen(
        [
            sys.executable,
            "-c",
            HELPER,
            str(ROOT / "benchmarks"),
            str(STAGES),
            str(target),
            str(reference),
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    rng = random.Random(9)
    mid_write = 0  # kills that left a temporary file: between its creation and the rename
    try:
        serialising, saving = map(float, helper.stdout.readline().split())
        versions = [reference.with_name(f"version.{i}").read_bytes() for i in (0, 1)]
        assert versions[0] != versions[1] and len(versions[0]) > 2_000_000
        assert [load(reference.with_name(f"version.{i}")).title for i in (0, 1)] == [
            f"Generated layered model, {STAGES} stages",
            f"Generated layered model, {STAGES} stages (new)",
        ]
        on_disk = 1  # the helper's last save
        assert target.read_bytes() == versions[on_disk]
        for kill in range(KILLS):
            if kill % 2:  # aimed at the write: the temporary file, its fsync, the rename
                delay = rng.uniform(serialising * 0.9, saving * 1.1)
            else:
                delay = rng.uniform(0, saving * 2)
            helper.stdin.write(f"{on_disk}\n")
            helper.stdin.flush()
            pid = int(helper.stdout.readline())
            time.sleep(delay)
            os.kill(pid, signal.SIGKILL)
            completed = int(helper.stdout.readline())

            raw = target.read_bytes()  # present, and one of the two versions exactly
            old = on_disk if completed == 0 else (1 - on_disk + completed - 1) % 2
            new = (1 - on_disk + completed) % 2
            assert raw in (versions[old], versions[new]), (
                f"kill {kill} after {delay:.3f} s, {completed} saves done: "
                f"{len(raw)} bytes, neither version"
            )
            on_disk = versions.index(raw)
            left = _others(folder)
            assert len(left) <= 1 and all(atomic.is_temp_of(n, "model.yaml") for n in left), left
            assert [p.name for p in folder.glob("*.yaml")] == ["model.yaml"]
            mid_write += bool(left)
            if kill % 50 == 0:
                assert load(target).title == load(reference.with_name(f"version.{on_disk}")).title
    finally:
        helper.stdin.close()
        helper.wait(30)
        helper.stdout.close()
    print(f"{KILLS} kills, {mid_write} between the temporary file's creation and the rename")
    assert mid_write >= 1, "no kill landed in the write itself: aim the delays better"
    # The next save removes what the killed ones left, and reads back as saved.
    doc = load(target)
    doc.update_document(title="After the soak")
    save(doc, target)
    assert _others(folder) == []
    assert load(target).title == "After the soak"
