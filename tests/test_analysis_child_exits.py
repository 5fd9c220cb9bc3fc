"""The analysis child process ends when the editor's process does, however it ends.

A pool's child waits for work until told to stop; an editor killed or crashed (or one
whose exit could not wait) left it running, one orphan of about 40 MB per session.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from tests.conftest import ROOT

PARENT = """
import os, sys
from mesadiagram.ui import analysis_process
child = analysis_process.run_in_child(os.getpid).result(timeout=60)
print(child, flush=True)
os._exit(0)  # gone at once, as a crash or a kill would be: no shutdown of the pool
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_child_ends_when_its_parent_dies_without_shutting_it_down() -> None:
    # (read one line, not to the end: a child left running would hold the pipe open)
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    child = int(parent.stdout.readline())
    assert parent.wait(timeout=60) == 0
    deadline = time.monotonic() + 15
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = _alive(child)
    if alive:
        os.kill(child, 9)  # (not left behind by the test either)
    parent.stdout.close()
    assert not alive
