"""Autosave: a modified document's copy in the recovery folder, kept up to date.

While a session's document is modified, its :class:`Autosaver` writes it to the recovery
folder (see ``recovery``): the first change of a clean document ``DEBOUNCE`` seconds after
it (a burst of edits gives one write, not one per edit), and later changes as soon again,
so that a crash or a kill loses no edit older than 5 seconds.
``MESADIAGRAM_AUTOSAVE_SECONDS`` sets the interval (and caps the debounce) for tests and
slow disks. The files go when the document is saved or otherwise clean again, replaced,
or closed.

Serialising a 5,000-stage model takes a tenth of a second or more, and writing it an
fsync, so neither happens on the GUI thread: a worker thread serialises the live
document, the GUI thread then checks that no edit came in meanwhile (every edit bumps a
counter, as in ``analysis_runner``) and a second worker writes the files. A copy
serialised while an edit was made may be torn: it is dropped and the document serialised
again. ``save_all_now`` (the crash handler's) and ``write_now`` write synchronously.
The serialiser gives way: between steps of 64 stages or links it waits while the GUI
thread is busy or an analysis runs (``gc_pause.defer_to_foreground``), since a third
thread wanting the GIL stretches the GUI thread's work (docs/performance.md).
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import socket
import threading
import time
import uuid
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Qt, QTimer, Signal

from mesadiagram import gc_pause
from mesadiagram.formats import dumps, write_atomic
from mesadiagram.model import Document
from mesadiagram.ui.recovery import claim_entry, process_start, recovery_dir
from mesadiagram.ui.session import DocumentSession

log = logging.getLogger("mesadiagram.recovery")

DEBOUNCE = 4.0  # s from the first unsaved change to the write: on disk within 5 s
# s between the starts of two writes, at least: as short as the debounce, so that every
# edit, not only the first, is on disk within 5 s (writes cost the GUI thread ~2 ms now).
INTERVAL = DEBOUNCE
RETRY = 0.5  # s: a copy made stale by an edit during serialising is made again after this

_AUTOSAVERS: weakref.WeakSet[Autosaver] = weakref.WeakSet()


def default_timing() -> tuple[float, float]:
    """(debounce, interval) in seconds: ``MESADIAGRAM_AUTOSAVE_SECONDS`` sets the interval
    (at least 0.05 s) and caps the debounce; otherwise ``DEBOUNCE`` and ``INTERVAL``."""
    value = os.environ.get("MESADIAGRAM_AUTOSAVE_SECONDS", "")
    try:
        interval = max(0.05, float(value)) if value else INTERVAL
    except ValueError:
        interval = INTERVAL
    if interval != interval or interval == float("inf"):  # nan, inf
        interval = INTERVAL
    return min(DEBOUNCE, interval), interval


@dataclass
class _Job:
    """One background write: the change count and document it was started for."""

    count: int
    generation: int
    doc: Document
    folder: Path
    meta: dict
    pending_since: float  # when the oldest change it covers was made
    previous_start: float | None  # when the write before it began
    started: float = field(default_factory=time.monotonic)
    switching: bool = True  # the GIL changes hands every ms until it is serialised
    data: bytes | None = None
    error: BaseException | None = None
    stored: bool = False  # the files were written (not skipped as superseded)


class Autosaver(QObject):
    """Writes one session's modified document to its own recovery files."""

    written = Signal()  # a background write reached the disk (for tests and benchmarks)
    _serialised = Signal(object)  # from the serialising worker: the _Job
    _stored = Signal(object)  # from the writing worker: the _Job

    def __init__(
        self,
        session: DocumentSession,
        folder: Path | None = None,
        interval: float | None = None,
        debounce: float | None = None,
    ) -> None:
        super().__init__(session)
        self.session = session
        self.folder = folder  # None: recovery_dir(), looked up at each write
        default_debounce, default_interval = default_timing()
        self.interval = interval if interval is not None else default_interval
        self.debounce = min(debounce if debounce is not None else default_debounce, self.interval)
        self.key = uuid.uuid4().hex
        self._closed = False
        self._changes = 0  # model changes seen (GUI thread only)
        self._pending_since: float | None = None  # the oldest change no write covers yet
        self._last_start: float | None = None  # when the last write's serialising began
        self._job: _Job | None = None  # the background write under way
        self._written_changes = -1  # the change count the files on disk hold
        self._generation = 0  # bumped when the files are discarded: older jobs write nothing
        self._lock = threading.Lock()  # one writer of the files at a time
        self._entry_lock: QLockFile | None = None  # owns this entry in the recovery folder
        self._written_to: Path | None = None  # folder holding our files, if any
        self.writes = 0  # background writes done (for tests and benchmarks)
        self.timer = QTimer(self)  # fires when the next write is due
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse one may fire early
        self.timer.timeout.connect(self._due)
        self._serialised.connect(self._on_serialised)  # queued: emitted from workers
        self._stored.connect(self._on_stored)
        _AUTOSAVERS.add(self)

        session.changed.connect(self._on_change)
        session.modificationChanged.connect(self._on_modified)
        session.documentReplaced.connect(self._document_replaced)
        self._on_modified(session.is_modified())

    @property
    def doc(self) -> Document:
        return self.session.doc

    def _document_replaced(self, _doc: Document) -> None:
        self.timer.stop()
        self.discard()  # the replaced document's copy goes
        self._on_modified(self.session.is_modified())

    def close(self) -> None:
        """The window closes (after the user's Save / Discard): nothing is left behind."""
        self._closed = True
        self.timer.stop()
        if self._job is not None and self._job.switching:  # its report may never come
            self._job.switching = False
            gc_pause.worker_ended(deferring=True)
        self.discard()
        _AUTOSAVERS.discard(self)

    # -- when to write -------------------------------------------------------------------
    def _on_change(self, _event: object) -> None:
        # (The first edit's event comes before the undo stack says "modified".)
        self._changes += 1
        self._note_pending()

    def _on_modified(self, modified: bool) -> None:
        if self._closed:
            return
        if not modified:
            self.timer.stop()
            self.discard()  # saved, or undone back to what is on disk
        else:
            self._changes += 1  # e.g. a recovered document: dirty without a model change
            self._note_pending()

    def _note_pending(self) -> None:
        if self._pending_since is None:
            self._pending_since = time.monotonic()
        self._schedule()

    def _schedule(self, at_least: float = 0.0) -> None:
        """Start the timer for the next write, unless one runs (its end schedules)."""
        if self._job is not None or not self.dirty() or self._pending_since is None:
            return
        due = self._pending_since + self.debounce
        if self._last_start is not None:
            due = max(due, self._last_start + self.interval)
        wait = max(due - time.monotonic(), at_least, 0.0)
        if not self.timer.isActive() or self.timer.remainingTime() > wait * 1000:
            self.timer.start(math.ceil(wait * 1000))

    def dirty(self) -> bool:
        return not self._closed and self.session.is_modified()

    def is_busy(self) -> bool:
        """A write is due or under way (for tests and benchmarks)."""
        return self._job is not None or self.timer.isActive()

    # -- writing in the background -------------------------------------------------------
    def _due(self) -> None:
        if self._job is not None or not self.dirty() or self._pending_since is None:
            return
        if self._changes == self._written_changes:
            self._pending_since = None
            return
        job = _Job(
            self._changes,
            self._generation,
            self.doc,
            self.folder or recovery_dir(),
            self._meta(),
            self._pending_since,
            self._last_start,
        )
        self._job = job
        self._pending_since = None
        self._last_start = job.started
        gc_pause.worker_started(deferring=True)
        threading.Thread(target=self._serialise, args=(job,), name="autosave", daemon=True).start()

    def _serialise(self, job: _Job) -> None:
        """Worker thread: the live document as bytes (torn if edited meanwhile)."""
        try:
            with gc_pause.paused():
                # Step by step, waiting while the GUI thread is in a burst of work (a
                # result reaching the dock): the copy can wait, the user cannot.
                job.data = dumps(job.doc, gc_pause.defer_to_foreground).encode("utf-8")
        except Exception as err:  # an edit meanwhile, most likely: judged on the GUI thread
            job.error = err
        with contextlib.suppress(RuntimeError):  # the window is gone: nobody to tell
            self._serialised.emit(job)

    def _on_serialised(self, job: _Job) -> None:
        """GUI thread, between edits: write the bytes if no edit came in meanwhile."""
        if job.switching:
            job.switching = False
            gc_pause.worker_ended(deferring=True)
        if job.generation != self._generation or not self.dirty():
            self._job = None  # discarded meanwhile: nothing to write
            self._schedule()
            return
        if job.count != self._changes:  # edited while serialising: it may be torn
            self._job = None
            self._pending_since = min(job.pending_since, self._pending_since or job.pending_since)
            self._last_start = job.previous_start  # no write happened
            self._schedule(at_least=RETRY)
            return
        if job.error is not None:  # not an edit: a bug in the writer; say so, retry later
            self._job = None
            self._failed(job, job.error)
            return
        threading.Thread(target=self._store, args=(job,), name="autosave", daemon=True).start()

    def _store(self, job: _Job) -> None:
        """Worker thread: the files, unless discarded or written newer meanwhile."""
        try:
            assert job.data is not None
            job.stored = self._write_files(
                job.folder, job.data, job.meta, job.count, job.generation
            )
        except OSError as err:
            job.error = err
        with contextlib.suppress(RuntimeError):
            self._stored.emit(job)

    def _on_stored(self, job: _Job) -> None:
        self._job = None
        if job.error is not None and job.generation == self._generation:
            self._failed(job, job.error)
            return
        if job.stored:
            self.writes += 1
            self.written.emit()
        self._schedule()  # edits made meanwhile are due in their turn

    def _failed(self, job: _Job, err: BaseException) -> None:
        log.warning("autosave to %s failed: %s", job.folder, err)
        self.session.tell(f"Autosave failed: {err}", 10000)
        # Retry after another interval, not at once.
        self._pending_since = min(job.pending_since, self._pending_since or job.pending_since)
        self._last_start = time.monotonic()
        self._schedule()

    # -- writing now ---------------------------------------------------------------------
    def _meta(self) -> dict:
        path = self.session.path
        return {
            "pid": os.getpid(),
            "start": process_start(os.getpid()),
            "host": socket.gethostname(),
            "original": str(path.resolve()) if path else None,
            "title": self.doc.title,
            "saved_at": time.time(),
        }

    def _write_files(
        self, folder: Path, data: bytes, meta: dict, count: int, generation: int
    ) -> bool:
        """Write the pair under the lock; False (nothing written) when the files were
        discarded since ``generation`` or already hold a newer count."""
        with self._lock:
            if generation != self._generation or count <= self._written_changes:
                return False
            folder.mkdir(parents=True, exist_ok=True)
            if self._entry_lock is None:
                # Owning the entry by a lock file tells a later start whether this process
                # still runs (Qt checks the pid, host and program); a crash leaves it stale.
                self._entry_lock = claim_entry(folder, self.key)
            write_atomic(folder / f"{self.key}.yaml", data)
            write_atomic(folder / f"{self.key}.json", json.dumps(meta, indent=1).encode())
            self._written_to = folder
            self._written_changes = count
            return True

    def write_now(self) -> bool:
        """Write the recovery files now, on this thread, if the document is modified;
        False if not written."""
        if not self.dirty():
            return False
        folder = self.folder or recovery_dir()
        count = self._changes
        try:
            data = dumps(self.doc).encode("utf-8")
            self._write_files(folder, data, self._meta(), count, self._generation)
        except OSError as err:
            log.warning("autosave to %s failed: %s", folder, err)
            self.session.tell(f"Autosave failed: {err}", 10000)
            return False
        if self._written_changes == count:
            self._pending_since = None
            self._last_start = time.monotonic()
            self.timer.stop()
        return self._written_changes == count

    def flush(self) -> bool:
        """Make sure the recovery files hold the modified document; True when they do."""
        if not self.dirty():
            return False
        return self._changes == self._written_changes or self.write_now()

    def discard(self) -> None:
        """Remove this window's recovery files; a write under way writes nothing."""
        with self._lock:
            self._generation += 1
            if self._written_to is not None:
                for suffix in (".yaml", ".json"):
                    (self._written_to / f"{self.key}{suffix}").unlink(missing_ok=True)
                self._written_to = None
            if self._entry_lock is not None:
                self._entry_lock.unlock()  # (removes the lock file too)
                self._entry_lock = None
            self._written_changes = -1
        self._pending_since = None
        self._last_start = None

    def files(self) -> list[Path]:
        """The recovery files written now (for tests and diagnostics)."""
        if self._written_to is None:
            return []
        return [self._written_to / f"{self.key}{s}" for s in (".yaml", ".json")]


def save_all_now() -> int:
    """Bring every modified window's recovery copy up to date now; how many there are."""
    written = 0
    for saver in list(_AUTOSAVERS):
        try:
            written += saver.flush()
        except Exception:  # a broken document must not stop the others
            log.exception("emergency autosave failed")
    return written
