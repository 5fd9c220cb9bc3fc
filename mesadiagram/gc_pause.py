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
import time
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


_urgent_workers = 0  # workers the user waits for (an analysis): deferring ones wait too


def worker_started(deferring: bool = False) -> None:
    """A worker thread (an analysis, an autosave) starts: while any runs, the GIL changes
    hands every millisecond instead of every five, so each of the GUI thread's Python
    calls (a slot, an item's paint) waits at most that long for it. Counted, so the
    interval comes back only when the last worker ends. A worker that is not
    ``deferring`` (one whose result the user waits for) also holds back those that are
    (see ``defer_to_foreground``): with three threads wanting the GIL, the GUI thread can
    lose it to the other worker at each handover and wait many milliseconds."""
    global _workers, _saved_interval, _urgent_workers
    with _lock:
        if _workers == 0:
            _saved_interval = sys.getswitchinterval()
            sys.setswitchinterval(WORKER_SWITCH_INTERVAL)
        _workers += 1
        if not deferring:
            _urgent_workers += 1
            _update_idle()


def urgent_worker_running() -> bool:
    """Whether a worker the user waits for (an analysis) runs now: the GUI thread then
    does well to put off work of many small Qt calls, each of which waits for the GIL."""
    return _urgent_workers > 0


def worker_ended(deferring: bool = False) -> None:
    global _workers, _urgent_workers
    with _lock:
        _workers = max(0, _workers - 1)
        if _workers == 0:
            sys.setswitchinterval(_saved_interval)
        if not deferring:
            _urgent_workers = max(0, _urgent_workers - 1)
            _update_idle()


# -- the GUI thread's bursts of work ----------------------------------------------------

# With the GIL changing hands every millisecond, a worker still takes half of the CPU
# time the GUI thread wants: 10 ms of GUI work (an edit, a result reaching the canvas and
# the Analysis dock) becomes a 20 ms stall. Workers whose work can wait (an autosave copy)
# therefore stop between small steps while the GUI thread is busy: shortly after an edit
# or a paint (``busy_for``), during a burst it announces across several turns of the
# event loop (``burst``), and while a worker the user waits for runs (``worker_started``).
# (Qt's event dispatcher signals awake/aboutToBlock do not tell: with glib, timers fire
# between aboutToBlock and awake.)
_bursts = 0
_busy_until = 0.0  # time.monotonic() until which the GUI thread counts as busy
BUSY_SPAN = 0.05  # seconds: after an edit or a paint, the next paint is likely this near
_foreground_idle = threading.Event()
_foreground_idle.set()
DEFER_AT_MOST = 0.5  # seconds a worker waits per step: a busy GUI cannot stall it for good


def _update_idle() -> None:
    if _bursts == 0 and _urgent_workers == 0:
        _foreground_idle.set()
    else:
        _foreground_idle.clear()


def burst_started() -> None:
    """The GUI thread begins a burst of work (until ``burst_ended``; counted)."""
    global _bursts
    with _lock:
        _bursts += 1
        _update_idle()


def burst_ended() -> None:
    global _bursts
    with _lock:
        _bursts = max(0, _bursts - 1)
        _update_idle()


@contextmanager
def burst() -> Iterator[None]:
    """A burst of GUI-thread work as a block."""
    burst_started()
    try:
        yield
    finally:
        burst_ended()


def busy_for(seconds: float = BUSY_SPAN) -> None:
    """The GUI thread has just done something whose follow-up work is near (an edit
    repaints, a paint is followed by more while the user drags): workers that can wait do
    so for ``seconds`` more."""
    global _busy_until
    _busy_until = max(_busy_until, time.monotonic() + seconds)


def defer_to_foreground() -> None:
    """Called by a worker between small steps: wait (without the GIL) while the GUI thread
    is busy, at most ``DEFER_AT_MOST`` seconds."""
    deadline = time.monotonic() + DEFER_AT_MOST
    _foreground_idle.wait(DEFER_AT_MOST)
    while (now := time.monotonic()) < min(_busy_until, deadline):
        time.sleep(min(_busy_until, deadline) - now)


def foreground_busy() -> bool:
    """Whether the GUI thread is busy now, as far as workers are told (for tests)."""
    return not _foreground_idle.is_set() or time.monotonic() < _busy_until
