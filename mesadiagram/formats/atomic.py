"""Atomic file replacement: a crash or kill leaves the old file or the new one, never half.

The new content goes to a temporary file ``.NAME.XXXXXXXX.tmp`` (eight hex digits) beside
the target, which is renamed over it. A save killed before the rename (SIGKILL, a power
cut) leaves that temporary file behind; the next save of the same target removes such
leftovers. A save in progress holds an advisory lock on its temporary file, so that a
concurrent save never removes another's work, and a killed process's lock is gone.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, no leftover cleaning
    fcntl = None  # type: ignore[assignment]

_HEX8 = re.compile(r"[0-9a-f]{8}")


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def temp_name(target: str) -> str:
    """A fresh temporary name for saving ``target`` (a file name, no folder)."""
    return f".{target}.{secrets.token_hex(4)}.tmp"


def is_temp_of(name: str, target: str) -> bool:
    """Whether ``name`` is the form of a temporary file of a save of ``target``."""
    prefix = f".{target}."
    return (
        name.startswith(prefix)
        and name.endswith(".tmp")
        and len(name) == len(prefix) + 12
        and bool(_HEX8.fullmatch(name, len(prefix), len(prefix) + 8))
    )


def remove_leftovers(folder: Path, target: str) -> list[str]:
    """Remove the temporary files that killed saves of ``target`` left in ``folder``.

    Only regular files of the exact form ``.TARGET.XXXXXXXX.tmp`` that no living save
    holds locked; the target itself never has that form. Returns the names removed.
    """
    if fcntl is None:
        return []
    removed = []
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not is_temp_of(entry.name, target) or not entry.is_file(follow_symlinks=False):
                continue
            try:
                fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            except OSError:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # fails if a save holds it
                os.unlink(entry.path)
                removed.append(entry.name)
            except OSError:
                pass
            finally:
                os.close(fd)
    return removed


def _create_temp(folder: Path, target: str, mode: int) -> tuple[int, str]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0)
    while True:
        name = str(folder / temp_name(target))
        try:
            fd = os.open(name, flags, 0o600)
        except FileExistsError:  # pragma: no cover - 1 in 4 billion
            continue
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)  # ours until closed, or until we are killed
        os.chmod(name, mode)
        return fd, name


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    Leftovers of killed saves of ``path`` are removed first. The temporary file is
    written, flushed and fsynced, given the permissions of the file it replaces (or the
    default ones for a new file), then renamed over it with ``os.replace``; the folder is
    fsynced so that the rename itself survives a power cut.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = _default_mode()
    remove_leftovers(folder, path.name)
    fd, tmp_name = _create_temp(folder, path.name, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            if fcntl is not None:
                os.replace(tmp_name, path)  # still locked: no cleaner takes it mid-save
        if fcntl is None:  # Windows cannot rename a file that is open
            os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    with contextlib.suppress(OSError):  # not every platform can open a folder
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
