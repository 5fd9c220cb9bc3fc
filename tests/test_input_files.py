"""Only regular files are read, never more than the limit, never blocking (issue 9).

Before, ``mesadiagram validate FIFO`` (and fmt, analyze, layout, export) waited forever
for a writer, and ``fmt /dev/zero`` read until memory ran out. Each test here runs the
command in a thread with a timeout, so that a regression fails instead of hanging.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
from pathlib import Path

import pytest

from mesadiagram.cli import main
from mesadiagram.formats import FormatError, NotRegularFileError, load, read_model_bytes, safe_yaml
from mesadiagram.formats.theme_file import read_theme_file

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def _main_within(argv: list[str], seconds: float = 10.0) -> int:
    """``main(argv)``, failing the test if it has not returned after ``seconds``."""
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(main(argv)), daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():  # unblock the reader so the thread ends, then fail
        for arg in argv:
            if os.path.exists(arg) and Path(arg).is_fifo():
                fd = os.open(arg, os.O_WRONLY | os.O_NONBLOCK)
                os.close(fd)
        pytest.fail(f"{argv} still running after {seconds} s")
    return result[0]


COMMANDS = {
    "validate": ["validate", "{}"],
    "fmt": ["fmt", "{}"],
    "fmt --check": ["fmt", "--check", "{}"],
    "analyze": ["analyze", "{}"],
    "layout": ["layout", "{}"],
    "export": ["export", "{}", "-o", "{out}"],
}


@posix_only
@pytest.mark.parametrize("command", COMMANDS.keys())
def test_a_fifo_is_refused_at_once(tmp_path: Path, capsys, command: str) -> None:
    fifo = tmp_path / "model.yaml"
    os.mkfifo(fifo)
    argv = [a.format(fifo, out=tmp_path / "out.svg") for a in COMMANDS[command]]
    assert _main_within(argv) == 2
    err = capsys.readouterr().err
    assert err == f"{fifo}: cannot read: a named pipe (FIFO); only regular files are read\n"
    assert fifo.is_fifo()  # fmt and layout did not replace it


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize("command", ["validate", "fmt"])
def test_a_device_is_refused_without_reading(capsys, command: str) -> None:
    assert _main_within([command, "/dev/zero"]) == 2
    assert capsys.readouterr().err == (
        "/dev/zero: cannot read: a device; only regular files are read\n"
    )


@pytest.mark.parametrize("command", ["validate", "fmt", "analyze"])
def test_a_directory_is_refused(tmp_path: Path, capsys, command: str) -> None:
    assert _main_within([command, str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{tmp_path}: cannot read: ") and err.count("\n") == 1


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs Unix sockets")
def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s"
    if len(str(path)) > 100:
        pytest.skip("socket path too long")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        with pytest.raises(NotRegularFileError, match="a socket; only regular files are read"):
            read_model_bytes(path)


@posix_only
def test_the_reader_api_and_themes_refuse_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    for read in (read_model_bytes, load, read_theme_file):
        with pytest.raises(NotRegularFileError) as info:
            read(fifo)
        assert isinstance(info.value, OSError) and info.value.filename == str(fifo)


def test_a_large_regular_file_is_refused_before_reading(tmp_path: Path, monkeypatch) -> None:
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:  # sparse: 60 MB of holes
        handle.truncate(safe_yaml.MAX_BYTES * 3)
    reads: list[int] = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    with pytest.raises(FormatError, match="larger than 20 MB"):
        read_model_bytes(big)
    assert reads == []


@pytest.mark.skipif(not os.path.exists("/proc/self/maps"), reason="needs Linux /proc")
def test_a_read_never_takes_more_than_the_limit_plus_one() -> None:
    # /proc files say they are empty (st_size 0) and are longer: only the read's cap holds.
    assert len(read_model_bytes("/proc/self/maps", limit=100)) == 101


def test_fmt_reads_through_the_capped_reader(tmp_path: Path, monkeypatch, capsys) -> None:
    """fmt used a plain ``open().read()`` with no limit before."""
    path = tmp_path / "m.yaml"
    path.write_text("mesadiagram: 2\ntitle: t\n")
    seen: list[str] = []
    import mesadiagram.formats as formats

    real = formats.read_model_bytes
    monkeypatch.setattr(formats, "read_model_bytes", lambda p, *a: seen.append(p) or real(p, *a))
    assert main(["fmt", "--check", str(path)]) == 0
    assert seen == [str(path)]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX symlinks")
def test_a_symlink_to_a_regular_file_is_read(tmp_path: Path) -> None:
    target = tmp_path / "m.yaml"
    target.write_text("mesadiagram: 2\ntitle: t\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    assert load(link).title == "t"
