"""Watching the open file for changes made by other programs.

``FileWatch`` follows the session's path with a QFileSystemWatcher on the file and on its
folder. The folder is needed because programs (this one included) save by writing a
temporary file and renaming it over the old one: the file's inode is replaced and the
watcher silently drops it, so every check re-arms the watch when the file is back. The
folder also reports a file deleted, moved away or created again.

Whether a change is "outside" is decided by content, not by time stamps: the SHA-256 of
the bytes this window last read or wrote (``remember``) is the baseline, so its own saves
never count, and a file touched without a change does not either. What the user chose to
ignore (Keep mine) is remembered by its hash too; ``may_overwrite`` then lets Save replace
exactly that version without asking, and asks for any other.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from mesadiagram.formats import FormatError, loads, read_model_bytes
from mesadiagram.model import Document
from mesadiagram.ui.session import DocumentSession

log = logging.getLogger("mesadiagram.files")

SAME, CHANGED, DELETED = "same", "changed", "deleted"
CHECK_DELAY_MS = 100  # a burst of events (temp file, rename, folder) is one check
UNREADABLE = "unreadable"  # the fingerprint of a path that exists but cannot be read
MISSING = "missing"  # what Keep Mine remembers when the file was gone


def content_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def fingerprint(path: Path) -> str | None:
    """The hash of the file's bytes; None when there is no file; UNREADABLE otherwise."""
    try:
        return content_hash(read_model_bytes(path))
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, FormatError):  # a folder, FIFO or device now, unreadable, too large
        return UNREADABLE


def _stat_key(path: Path) -> tuple[int, ...] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_dev, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


class FileWatch(QObject):
    """Tells when the session's file changes on disk other than by this window.

    ``stateChanged(state)``: SAME (nothing to tell, or told and resolved), CHANGED (the
    content differs from what this window read or wrote) or DELETED (no file any more).
    """

    stateChanged = Signal(str)

    def __init__(self, session: DocumentSession, parent: QObject | None = None) -> None:
        super().__init__(parent or session)
        self.session = session
        self.path: Path | None = None
        self.known: str | None = None  # hash of what this window read or wrote last
        self.accepted: str | None = None  # hash of an outside version the user kept over
        self.state = SAME
        self._disk: str | None = None  # fingerprint at the last check
        self._stat: tuple[int, ...] | None = None  # stat at the last check: skip rehashing
        self._remembered: tuple[Path, str] | None = None
        self.watcher = QFileSystemWatcher(self)
        self._force = False  # the file itself was reported: hash it even if stat agrees
        self.watcher.fileChanged.connect(self._file_changed)
        self.watcher.directoryChanged.connect(self._schedule)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(CHECK_DELAY_MS)
        self.timer.timeout.connect(self.check)
        session.pathChanged.connect(self.follow)
        self.follow(session.path)

    # -- what this window read or wrote -----------------------------------------------
    def remember(self, path: Path, raw: bytes) -> None:
        """This window read or wrote ``raw`` at ``path``: that is the baseline now."""
        digest = content_hash(raw)
        if self.path is not None and _same(self.path, path):
            self.known, self.accepted, self._disk = digest, None, digest
            self._stat = _stat_key(path)
            self._arm()
            self._set_state(SAME)
        self._remembered = (Path(path), digest)  # for follow(), when the path changes next

    def follow(self, path: Path | None) -> None:
        """Watch ``path`` (the session's path now; None: nothing)."""
        remembered, self._remembered = self._remembered, None
        previous = self.path
        self._unwatch()
        self.path = Path(os.path.abspath(path)) if path is not None else None
        self.accepted = None
        self._set_state(SAME)
        if self.path is None:
            self.known = self._disk = self._stat = None
            return
        if remembered is not None and _same(remembered[0], self.path):
            self.known = remembered[1]
        elif previous is None or not _same(previous, self.path):
            # Not read by this window (a recovered copy): what is on disk now is the baseline.
            self.known = fingerprint(self.path)
        self._disk, self._stat = self.known, _stat_key(self.path)
        self._arm()

    def stop(self) -> None:
        """The window closes: watch nothing."""
        self._unwatch()
        self.timer.stop()
        self.path = None

    # -- deciding ----------------------------------------------------------------------
    def may_overwrite(self, path: Path) -> bool:
        """Whether saving to ``path`` replaces only what this window knows of.

        True for another file than the one watched (Save As asked already), for a file
        that is gone, and for the version read, written or kept over; False when someone
        else changed the file since.
        """
        if self.path is None or not _same(self.path, path):
            return True
        disk = fingerprint(path)
        return disk is None or disk in (self.known, self.accepted)

    def keep_mine(self) -> None:
        """Dismiss the outside change; a later Save overwrites this version without asking."""
        self.accepted = self._disk if self._disk is not None else MISSING
        self._set_state(SAME)

    def disk_document(self) -> Document:
        """The file as it is on disk now (for Compare); raises FormatError or OSError."""
        if self.path is None:
            raise FileNotFoundError("no file")
        return loads(read_model_bytes(self.path), str(self.path))

    def check(self) -> None:
        """Look at the file now and announce the state (called shortly after each event)."""
        self.timer.stop()
        if self.path is None:
            return
        self._arm()
        stat, force, self._force = _stat_key(self.path), self._force, False
        if not force and stat is not None and stat == self._stat and self._disk is not None:
            return  # the folder changed, not this file
        self._stat = stat
        self._disk = fingerprint(self.path) if stat is not None else None
        seen = self._disk if self._disk is not None else MISSING
        if seen == self.accepted or seen == self.known:
            self._set_state(SAME)
        elif self._disk is None:
            self._set_state(DELETED)
        else:
            self._set_state(CHANGED, force=self.state == CHANGED)

    # -- the watcher -------------------------------------------------------------------
    def _file_changed(self, _path: str) -> None:
        self._force = True
        self._schedule()

    def _schedule(self, _path: str = "") -> None:
        if not self.timer.isActive():
            self.timer.start()

    def _arm(self) -> None:
        """Watch the file and its folder, again if a rename or deletion dropped them."""
        if self.path is None:
            return
        watched = set(self.watcher.files()) | set(self.watcher.directories())
        for target in (self.path, self.path.parent):
            if (
                str(target) not in watched
                and target.exists()
                and not self.watcher.addPath(str(target))
            ):
                log.debug("cannot watch %s", target)

    def _unwatch(self) -> None:
        paths = self.watcher.files() + self.watcher.directories()
        if paths:
            self.watcher.removePaths(paths)

    def _set_state(self, state: str, force: bool = False) -> None:
        if state != self.state or force:
            self.state = state
            self.stateChanged.emit(state)


def _same(a: Path, b: Path) -> bool:
    return a == b or Path(a).resolve() == Path(b).resolve()
