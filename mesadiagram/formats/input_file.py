"""Opening a file to read a model from it: regular files only, never more than the limit.

``open(path).read()`` on a FIFO waits for a writer forever, on ``/dev/zero`` it reads
until memory runs out, and on a terminal device it may wait for a keyboard. Every read
of a model or theme (the CLI, ``formats.load``, the editor) goes through
:func:`read_model_bytes`, which refuses anything but a regular file before reading and
reads at most the size limit plus one byte.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from mesadiagram.formats import safe_yaml

# O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer.
# O_NOCTTY: opening a terminal never makes it this process's controlling terminal.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_CHUNK = 1024 * 1024


class NotRegularFileError(OSError):
    """The path names a directory, FIFO, device or socket, which are never read."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_regular(path: str | Path, mode: int) -> None:
    """Raise NotRegularFileError unless ``mode`` (from a stat) is a regular file's."""
    if not stat.S_ISREG(mode):
        kind = _kind(mode)
        code = errno.EISDIR if stat.S_ISDIR(mode) else errno.EINVAL
        raise NotRegularFileError(code, f"{kind}; only regular files are read", str(path))


def read_model_bytes(path: str | Path, limit: int = safe_yaml.MAX_BYTES) -> bytes:
    """The bytes of the regular file ``path``: at most ``limit`` + 1 of them.

    Raises NotRegularFileError (an OSError) for a directory, FIFO, device or socket, at
    once and without blocking; FormatError when the file is larger than ``limit``; other
    OSErrors as ``open`` does. A file that grows while being read is cut at ``limit`` + 1
    bytes, which ``safe_yaml.decode`` then refuses as too large.
    """
    # stat first: opening some devices has effects (a tape rewinds, a modem hangs up).
    check_regular(path, os.stat(path).st_mode)
    fd = os.open(path, _OPEN_FLAGS)
    try:
        # ...and fstat what was opened: the path may have been swapped in between.
        info = os.fstat(fd)
        check_regular(path, info.st_mode)
        if info.st_size > limit:
            raise safe_yaml.too_big(str(path))
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, _CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
