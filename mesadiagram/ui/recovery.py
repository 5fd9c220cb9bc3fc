"""Crash recovery: finding the copies a crashed process autosaved, offering them at start.

``autosave.Autosaver`` writes a modified document to the recovery folder as
``<key>.yaml`` (the canonical format) plus ``<key>.json`` (the owner's pid, the original
path, the title and the time). A file whose owning process is gone was left by a crash:
the next start lists those with their times and offers to recover them.

Ownership: an autosaver that holds ``claim_entry(folder, key)`` (a QLockFile,
``<key>.lock``) owns its entry for as long as it runs; Qt's lock is stale once its
process has gone, so a crashed process's entry is found by the lock alone. Entries
without a lock file fall back to the pid (and Linux start time) in the sidecar.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QLockFile, QStandardPaths
from PySide6.QtWidgets import QMessageBox, QWidget

from mesadiagram.formats import FormatError, loads, read_model_bytes
from mesadiagram.model import Document

if TYPE_CHECKING:
    from mesadiagram.ui.autosave import Autosaver
    from mesadiagram.ui.session import DocumentSession


class RecoveryWindow(Protocol):
    """What recovering into a window needs of it: its session and autosaver, and show."""

    session: DocumentSession
    autosaver: Autosaver

    def show(self) -> None: ...


log = logging.getLogger("mesadiagram.recovery")

ORPHAN_AGE = 24 * 3600  # a .yaml without its .json (crash mid-write) is dropped after this


def recovery_dir() -> Path:
    """The folder for recovery files (``AppDataLocation/recovery``)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".mesadiagram") / "recovery"


# -- processes -------------------------------------------------------------------------
def _linux_stat(pid: int) -> list[str] | None:
    """Fields of /proc/PID/stat after the command name, or None where there is no /proc."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()


def process_start(pid: int) -> str | None:
    """A token that differs when ``pid`` is reused by a later process (Linux start time)."""
    fields = _linux_stat(pid)
    return fields[19] if fields and len(fields) > 19 else None


def process_alive(pid: int, start: str | None = None) -> bool:
    """True while process ``pid`` runs and, when ``start`` is known, is the same process."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists but belongs to someone else
    fields = _linux_stat(pid)
    if fields is not None:
        if fields[0] in ("Z", "X"):  # a zombie has crashed already, only not reaped
            return False
        if start is not None and len(fields) > 19 and fields[19] != start:
            return False  # the pid was reused by another process
    return True


def _windows_alive(pid: int) -> bool:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return kernel32.GetLastError() == 5  # access denied: it exists
    code = ctypes.c_ulong()
    try:
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
    finally:
        kernel32.CloseHandle(handle)
    return code.value == 259  # STILL_ACTIVE


# -- ownership by lock file ------------------------------------------------------------
def entry_lock(folder: Path, key: str) -> QLockFile:
    """The lock of recovery entry ``key``: stale only when its process has gone (Qt checks
    the pid, host and program it wrote; age never makes it stale)."""
    lock = QLockFile(str(folder / f"{key}.lock"))
    lock.setStaleLockTime(0)
    return lock


def claim_entry(folder: Path, key: str) -> QLockFile | None:
    """Own recovery entry ``key`` in ``folder`` while the returned lock lives.

    An autosaver calls this once, before its first write (the folder is made), keeps the
    lock, and calls ``unlock()`` after removing its files. None when the folder cannot be
    written or the key is owned by a running process (pick another key).
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        log.warning("cannot claim recovery entry in %s: %s", folder, err)
        return None
    lock = entry_lock(folder, key)
    return lock if lock.tryLock(0) else None


def lock_owner_alive(folder: Path, key: str) -> bool | None:
    """Whether a running process holds entry ``key``'s lock; None when there is no lock
    file (an entry written before autosavers claimed their entries)."""
    if not (folder / f"{key}.lock").exists():
        return None
    probe = entry_lock(folder, key)
    if probe.tryLock(0):  # stale (its process died) or released: Qt took it over
        probe.unlock()  # (and removed the file)
        return False
    return probe.error() == QLockFile.LockError.LockFailedError or None


# -- recovery files --------------------------------------------------------------------
@dataclass
class RecoveryEntry:
    """One recovery file pair and what its sidecar says."""

    folder: Path
    key: str
    original: Path | None
    title: str
    saved_at: float
    pid: int
    start: str | None
    host: str

    @property
    def yaml_path(self) -> Path:
        return self.folder / f"{self.key}.yaml"

    @property
    def meta_path(self) -> Path:
        return self.folder / f"{self.key}.json"

    def name(self) -> str:
        return self.original.name if self.original else "Untitled"

    def when(self) -> str:
        return datetime.fromtimestamp(self.saved_at).strftime("%Y-%m-%d %H:%M:%S")

    def owner_alive(self) -> bool:
        by_lock = lock_owner_alive(self.folder, self.key)
        if by_lock is not None:
            return by_lock
        if self.host and self.host != socket.gethostname():
            return True  # another machine's process cannot be checked from here: leave it
        return self.pid == os.getpid() or process_alive(self.pid, self.start)

    def load(self) -> Document:
        return loads(read_model_bytes(self.yaml_path), str(self.yaml_path))

    def remove(self) -> None:
        for path in (self.yaml_path, self.meta_path):
            path.unlink(missing_ok=True)
        lock_owner_alive(self.folder, self.key)  # a stale lock file goes with them


def _read_entry(meta_path: Path) -> RecoveryEntry | None:
    try:
        data: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8"))
        original = data.get("original")
        return RecoveryEntry(
            folder=meta_path.parent,
            key=meta_path.stem,
            original=Path(original) if original else None,
            title=str(data.get("title", "")),
            saved_at=float(data["saved_at"]),
            pid=int(data["pid"]),
            start=data.get("start"),
            host=str(data.get("host", "")),
        )
    except (OSError, ValueError, KeyError, TypeError) as err:
        log.warning("ignoring unreadable recovery file %s: %s", meta_path, err)
        return None


def find_crashed(folder: Path | None = None) -> list[RecoveryEntry]:
    """Recovery files whose owning process is gone, oldest first."""
    folder = folder or recovery_dir()
    if not folder.is_dir():
        return []
    entries = []
    for meta in sorted(folder.glob("*.json")):
        entry = _read_entry(meta)
        if entry is None or entry.owner_alive():
            continue
        if not entry.yaml_path.exists():
            entry.remove()  # nothing to recover
            continue
        entries.append(entry)
    for lock_file in folder.glob("*.lock"):  # left by a process that crashed early
        if not lock_file.with_suffix(".json").exists():
            lock_owner_alive(folder, lock_file.stem)  # removes it when stale
    now = time.time()
    for orphan in folder.glob("*.yaml"):
        if not orphan.with_suffix(".json").exists():
            with contextlib.suppress(OSError):
                if now - orphan.stat().st_mtime > ORPHAN_AGE:
                    orphan.unlink()
    return sorted(entries, key=lambda e: e.saved_at)


# -- autosaving ------------------------------------------------------------------------
# -- offering recovery at start --------------------------------------------------------
RECOVER, DISCARD, LATER = "recover", "discard", "later"


def recovery_box(entries: list[RecoveryEntry], parent: QWidget | None = None) -> QMessageBox:
    """The question listing the documents left by a crash, with their autosave times."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Recover unsaved changes")
    count = f"{len(entries)} model{'s' if len(entries) != 1 else ''}"
    box.setText(
        f"mesadiagram did not close properly last time. Unsaved changes to {count} were autosaved:"
    )
    lines = [f"• {e.name()} — “{e.title or 'untitled'}”, autosaved {e.when()}" for e in entries]
    box.setInformativeText(
        "\n".join(lines) + "\n\nRecover opens each with its changes unsaved; Save writes it to its "
        "original file. Later asks again at the next start."
    )
    box.setDetailedText(
        "\n".join(f"{e.original or 'Untitled'}\n  autosaved as {e.yaml_path}" for e in entries)
    )
    box.addButton("Recover", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    box.setEscapeButton(box.addButton("Later", QMessageBox.ButtonRole.RejectRole))
    box.setDefaultButton(box.buttons()[0])
    return box


def chosen(box: QMessageBox) -> str:
    """RECOVER, DISCARD or LATER, from the button that closed ``box`` (none: LATER)."""
    clicked = box.clickedButton()
    role = box.buttonRole(clicked) if clicked is not None else None
    if role == QMessageBox.ButtonRole.AcceptRole:
        return RECOVER
    return DISCARD if role == QMessageBox.ButtonRole.DestructiveRole else LATER


def ask_recovery(entries: list[RecoveryEntry], parent: QWidget | None = None) -> str:
    """Ask what to do with documents left by a crash: RECOVER, DISCARD or LATER."""
    box = recovery_box(entries, parent)
    box.exec()
    return chosen(box)


def recover(
    entries: Iterable[RecoveryEntry], make_window: Callable[[], RecoveryWindow]
) -> list[RecoveryWindow]:
    """Open each entry in a new window as a modified document bound to its original path."""
    windows = []
    for entry in entries:
        try:
            doc = entry.load()
        except (FormatError, OSError) as err:
            log.error("cannot recover %s: %s", entry.yaml_path, err)
            QMessageBox.critical(
                None,
                "Cannot recover",
                f"The autosaved copy of “{entry.name()}” could not be read; it stays in "
                f"{entry.folder}.\n\n{err}",
            )
            continue
        window = make_window()
        session = window.session
        session.replace_document(doc, entry.original)
        session.stack.resetClean()  # unsaved: the modified marker shows, closing asks
        window.autosaver.write_now()  # our own copy first, so a second crash loses nothing
        entry.remove()
        session.tell(f"Recovered changes autosaved {entry.when()}", 15000)
        window.show()
        windows.append(window)
    return windows


def offer_recovery(
    make_window: Callable[[], RecoveryWindow],
    folder: Path | None = None,
    ask: Callable[[list[RecoveryEntry], QWidget | None], str] | None = None,
) -> list[RecoveryWindow]:
    """At start: offer documents left by a crash; returns the windows recovered into."""
    entries = find_crashed(folder)
    if not entries:
        return []
    choice = (ask or ask_recovery)(entries, None)
    if choice == RECOVER:
        return recover(entries, make_window)
    if choice == DISCARD:
        for entry in entries:
            entry.remove()
    return []
