"""Which window has a model file open: a QLockFile per open file, in the app's data folder.

Each window holds the lock of the file it shows, named ``open-<hash>.lock`` after a hash
of the file's resolved path, in ``locks`` beside the recovery folder
(``AppDataLocation/locks``), not beside the file: its folder may be read-only, shared,
synced or under version control, and a lock there would show up in it. Opening a file
whose lock another window or process holds asks first (``Files.open``). Qt writes the
owner's pid, host and program into the lock file; with a stale-lock time of 0 a lock is
stale only when its process has gone (killed, crashed) on this host, never because of
its age, so a crash does not keep a file "open" for ever and a long session never loses
its lock.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject

from mesadiagram.ui import recovery
from mesadiagram.ui.session import DocumentSession

log = logging.getLogger("mesadiagram.files")


def lock_dir() -> Path:
    """Where the locks of open files are kept (beside the recovery folder)."""
    return recovery.recovery_dir().parent / "locks"


def lock_name(path: Path) -> str:
    """The lock file's name for the model file ``path`` (a hash of its resolved path)."""
    digest = hashlib.sha256(str(Path(path).resolve()).encode("utf-8", "surrogatepass"))
    return f"open-{digest.hexdigest()[:32]}.lock"


def new_lock(lock_path: Path) -> QLockFile:
    """A QLockFile that is stale only when its owner process has gone (see the module)."""
    lock = QLockFile(str(lock_path))
    lock.setStaleLockTime(0)
    return lock


@dataclass(frozen=True)
class LockHolder:
    """Who holds a lock: a process, on a host."""

    pid: int
    host: str
    program: str

    def is_this_process(self) -> bool:
        return self.pid == os.getpid() and self.host in ("", socket.gethostname())

    def describe(self) -> str:
        if self.pid <= 0:
            return "in another window or process"
        if self.is_this_process():
            return "in another window"
        where = "" if self.host in ("", socket.gethostname()) else f" on {self.host}"
        return f"in another mesadiagram process (pid {self.pid}{where})"


def holder_of(lock: QLockFile) -> LockHolder:
    """Who holds ``lock`` (after a failed ``tryLock``)."""
    info = lock.getLockInfo()  # PySide6: (pid, host, program); C++ returns a bool too
    if isinstance(info, tuple) and len(info) == 4:
        info = info[1:] if info[0] else ()
    if not isinstance(info, tuple) or len(info) != 3:
        return LockHolder(0, "", "")
    pid, host, program = info
    return LockHolder(int(pid), str(host), str(program))


class OpenFileLock(QObject):
    """The lock of the file one session shows; it follows the session's path.

    When the path changes (open, save as, new, recovery) the old lock is released and the
    new one taken if nobody else holds it. ``holder(path)`` tells who else has ``path``
    open, before opening it.
    """

    def __init__(self, session: DocumentSession, folder: Path | None = None) -> None:
        super().__init__(session)
        self.folder = folder  # None: lock_dir(), looked up each time
        self._lock: QLockFile | None = None
        self._locked_path: Path | None = None
        session.pathChanged.connect(self.follow)
        self.follow(session.path)

    def _folder(self) -> Path:
        return self.folder or lock_dir()

    def lock_path(self, path: Path) -> Path:
        return self._folder() / lock_name(path)

    @property
    def locked_path(self) -> Path | None:
        """The file this session holds the lock of (None: none)."""
        return self._locked_path

    def holds(self, path: Path) -> bool:
        return self._locked_path is not None and _same_file(self._locked_path, path)

    def holder(self, path: Path) -> LockHolder | None:
        """Who else has ``path`` open; None when nobody (or this session) does."""
        if self.holds(path):
            return None
        probe = new_lock(self.lock_path(path))
        if not probe.tryLock(0):
            if probe.error() == QLockFile.LockError.LockFailedError:
                return holder_of(probe)
            return None  # the folder cannot be written: nobody can lock, nobody is told
        probe.unlock()
        return None

    def follow(self, path: Path | None) -> None:
        """Hold the lock of ``path`` (and no other); silently none if another holds it."""
        if path is not None and self.holds(path):
            return
        self.release()
        if path is None:
            return
        lock_path = self.lock_path(path)
        try:
            lock_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            log.warning("cannot lock %s: %s", path, err)
            return
        lock = new_lock(lock_path)
        if lock.tryLock(0):
            self._lock, self._locked_path = lock, Path(path)
        else:
            log.info("%s is open elsewhere (%s)", path, lock.error())

    def release(self) -> None:
        """Let go of the lock (the window closes, or shows another file)."""
        if self._lock is not None:
            self._lock.unlock()
        self._lock = self._locked_path = None


def _same_file(a: Path, b: Path) -> bool:
    return a == b or Path(a).resolve() == Path(b).resolve()
