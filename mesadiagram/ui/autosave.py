"""Autosave: a modified document's copy in the recovery folder, kept up to date.

While a session's document is modified, its :class:`Autosaver` writes it, at most once per
interval (60 s unless ``MESADIAGRAM_AUTOSAVE_SECONDS`` says otherwise), to the recovery
folder (see ``recovery``). The files go when the document is saved or otherwise clean
again, replaced, or closed.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
import uuid
import weakref
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from mesadiagram.formats import dumps, write_atomic
from mesadiagram.model import Document
from mesadiagram.ui.recovery import default_interval, process_start, recovery_dir
from mesadiagram.ui.session import DocumentSession

log = logging.getLogger("mesadiagram.recovery")

MAX_CHECK_MS = 2000  # how often a modified session looks whether an autosave is due

_AUTOSAVERS: weakref.WeakSet[Autosaver] = weakref.WeakSet()


class Autosaver(QObject):
    """Writes one session's modified document to its own recovery files."""

    def __init__(
        self,
        session: DocumentSession,
        folder: Path | None = None,
        interval: float | None = None,
    ) -> None:
        super().__init__(session)
        self.session = session
        self.folder = folder  # None: recovery_dir(), looked up at each write
        self.interval = interval if interval is not None else default_interval()
        self.key = uuid.uuid4().hex
        self._closed = False
        self._changes = 0  # model changes seen; compared with the count at the last write
        self._written_changes = -1
        self._anchor = time.monotonic()  # when the last write happened or dirt began
        self._written_to: Path | None = None  # folder holding our files, if any
        self.timer = QTimer(self)
        self.timer.setInterval(max(20, min(MAX_CHECK_MS, int(self.interval * 500))))
        self.timer.timeout.connect(self.check)
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
        self.discard()
        _AUTOSAVERS.discard(self)

    def _on_change(self, _event: object) -> None:
        self._changes += 1

    def _on_modified(self, modified: bool) -> None:
        if self._closed:
            return
        if not modified:
            self.timer.stop()
            self.discard()  # saved, or undone back to what is on disk
        else:
            self._anchor = time.monotonic()
            self._changes += 1  # e.g. a recovered document: dirty without a model change
            self.timer.start()

    def dirty(self) -> bool:
        return not self._closed and self.session.is_modified()

    def check(self) -> bool:
        """Autosave when modified, changed since the last write and the interval has passed."""
        if not self.dirty() or self._changes == self._written_changes:
            return False
        if time.monotonic() - self._anchor < self.interval:
            return False
        return self.write_now()

    def write_now(self) -> bool:
        """Write the recovery files now if the document is modified; False if not written."""
        if not self.dirty():
            return False
        folder = self.folder or recovery_dir()
        path = self.session.path
        meta = {
            "pid": os.getpid(),
            "start": process_start(os.getpid()),
            "host": socket.gethostname(),
            "original": str(path.resolve()) if path else None,
            "title": self.doc.title,
            "saved_at": time.time(),
        }
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_atomic(folder / f"{self.key}.yaml", dumps(self.doc).encode("utf-8"))
            write_atomic(folder / f"{self.key}.json", json.dumps(meta, indent=1).encode())
        except OSError as err:
            log.warning("autosave to %s failed: %s", folder, err)
            self.session.tell(f"Autosave failed: {err}", 10000)
            self._anchor = time.monotonic()  # retry after another interval, not at once
            return False
        self._written_to = folder
        self._written_changes = self._changes
        self._anchor = time.monotonic()
        return True

    def flush(self) -> bool:
        """Make sure the recovery files hold the modified document; True when they do."""
        if not self.dirty():
            return False
        return self._changes == self._written_changes or self.write_now()

    def discard(self) -> None:
        """Remove this window's recovery files."""
        if self._written_to is not None:
            for suffix in (".yaml", ".json"):
                (self._written_to / f"{self.key}{suffix}").unlink(missing_ok=True)
            self._written_to = None
        self._written_changes = -1

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
