"""Keeping the GUI thread responsive while big things happen: the garbage collector
paused around bursts of allocation, and the GIL handed over quickly while workers run.

Reading a model, building the canvas items and analysing a large model each make hundreds
of thousands of objects that live on; every collection would walk all of them again (on
a 5,000-stage model a full collection takes 50 to 100 ms, and it runs on whichever
thread allocates, the GUI thread included). ``paused()`` turns the collector off until
the last of the overlapping pauses ends, so a worker thread's pause and the GUI thread's
do not switch it back on under each other. ``settle()`` is for after a document is
opened: collect once, then move everything alive to the permanent generation, so later
collections walk only what was made since.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = True


@contextmanager
def paused() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()


def settle() -> None:
    """Collect what is garbage now, then freeze the survivors (the open documents, the
    widgets): they are not walked again by later collections. Unfrozen first, so a
    document closed since is collected too."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def freeze_survivors() -> None:
    """Move every object alive now to the permanent generation (cheap: no walk). Objects
    without reference cycles are still freed when their last reference goes; what
    ``settle`` does at the next opened document collects any cycles frozen meanwhile."""
    gc.freeze()


# -- the GIL while a worker runs --------------------------------------------------------

WORKER_SWITCH_INTERVAL = 0.001  # seconds: how often the GIL changes hands while one runs
_workers = 0
_saved_interval = 0.005


def worker_started() -> None:
    """A worker thread (an analysis, an autosave) starts: while any runs, the GIL changes
    hands every millisecond instead of every five, so each of the GUI thread's Python
    calls (a slot, an item's paint) waits at most that long for it. Counted, so the
    interval comes back only when the last worker ends."""
    global _workers, _saved_interval
    with _lock:
        if _workers == 0:
            _saved_interval = sys.getswitchinterval()
            sys.setswitchinterval(WORKER_SWITCH_INTERVAL)
        _workers += 1


def worker_ended() -> None:
    global _workers
    with _lock:
        _workers = max(0, _workers - 1)
        if _workers == 0:
            sys.setswitchinterval(_saved_interval)
