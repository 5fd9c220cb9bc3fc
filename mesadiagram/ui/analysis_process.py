"""The analysis in a child process, so that it does not share the GUI thread's GIL.

An analysis thread in the editor's own process makes every call the GUI thread makes into
Qt wait for the GIL in turn (a convoy: painting thousands of items or filling thousands
of rows slowed five to twenty times, docs/performance.md). Here the worker thread only
writes the document as its canonical text (the same as a save; stepped, so it gives way
like an autosave), hands it to one child process shared by every window, and waits
without the GIL; the child reads it back, analyses it and makes the Analysis dock's rows,
and the result comes back pickled. Ids survive the round trip (the canonical text keeps
stage, link and annotation ids), so the result names the live document's elements.

The child is started with ``spawn`` (a fork of a process running Qt threads is unsafe) on
the first analysis, and lives until the application exits; it watches its parent and
ends itself when the parent is gone (a crash, a kill, or an exit that could not wait for
it), so no process is left behind holding memory.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mesadiagram.model import Document

_pool: ProcessPoolExecutor | None = None
_lock = threading.Lock()
PARENT_CHECK_SECONDS = 1.0  # how often the child looks for its parent


def _shared_pool() -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=watch_parent,
                initargs=(os.getpid(),),
            )
            atexit.register(shutdown)
        return _pool


def watch_parent(parent: int) -> None:
    """In the child, at its start: a daemon thread that ends the child once its parent
    is gone. A pool's child otherwise waits for work forever when the parent dies
    without shutting the pool down, one orphan per editor session."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)  # (nothing of the child's is worth keeping: results go to the parent)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def shutdown() -> None:
    """Stop the child (at exit; a later analysis starts a new one)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def analyse_in_child(doc: Document, disabled: frozenset[str]) -> tuple:
    """(result, (summary, rows)) of ``doc``, computed in the child process. Called on a
    worker thread; raises what the analysis raised (or BrokenProcessPool)."""
    from mesadiagram import gc_pause
    from mesadiagram.formats import dumps

    text = dumps(doc, gc_pause.defer_to_foreground)
    return _shared_pool().submit(analyse_text, text, disabled).result()


def analyse_text(text: str, disabled: frozenset[str]) -> tuple:
    """In the child: the document read from its canonical text, analysed, its rows made."""
    from mesadiagram.analysis.report import analyse, lightened
    from mesadiagram.formats import loads
    from mesadiagram.ui import analysis_rows

    doc = loads(text, "<analysis>")
    # (sensitivity too, for the dock's chart: skipped beyond 200 links on paths)
    result = lightened(analyse(doc, disabled, sensitivity=True))
    shown = (analysis_rows.summary_html(doc, result), analysis_rows.groups(doc, result, disabled))
    return result, shown


def run_in_child(function, *args):  # -> concurrent.futures.Future
    """``function(*args)`` in the shared child process (``function`` a module-level one
    that imports no Qt, such as ``analysis.compare.compare_text``), as a Future."""
    return _shared_pool().submit(function, *args)
