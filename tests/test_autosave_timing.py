"""When the autosaver writes, on which thread, and what a kill leaves (issue 9).

The first change of a clean document is in the recovery folder within 5 s (one write for a
burst of edits), later ones at most once per interval; the document is serialised and
written off the GUI thread, a copy made while an edit came in is dropped and made again,
and the crash handler's ``save_all_now`` still writes at once. Timings here are generous
bounds on behaviour; speed is measured in ``benchmarks/autosave.py``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QElapsedTimer, QTimer

from mesadiagram.formats import load
from mesadiagram.model import Document, Node
from mesadiagram.model.commands import AddNode, SetDocumentFields
from mesadiagram.ui import autosave
from mesadiagram.ui.autosave import Autosaver
from mesadiagram.ui.session import DocumentSession
from tests.conftest import ROOT


@pytest.fixture
def session(qtbot) -> DocumentSession:
    doc = Document("Clean")
    doc.insert_node(Node("a", "A", position=(0.0, 0.0)))
    return DocumentSession(doc)


@pytest.fixture
def make_saver() -> Iterator[Callable[..., tuple[Autosaver, list[float]]]]:
    """Makes autosavers that record when their background writes end; closes them after."""
    made: list[Autosaver] = []

    def make(session: DocumentSession, folder: Path, debounce: float, interval: float):
        saver = Autosaver(session, folder=folder, interval=interval, debounce=debounce)
        made.append(saver)
        times: list[float] = []
        saver.written.connect(lambda: times.append(time.monotonic()))
        return saver, times

    yield make
    for saver in made:
        saver.close()


def title_on_disk(saver: Autosaver) -> str | None:
    files = saver.files()
    return load(files[0]).title if files and files[0].exists() else None


def test_default_timing_writes_every_edit_within_five_seconds(monkeypatch) -> None:
    monkeypatch.delenv("MESADIAGRAM_AUTOSAVE_SECONDS", raising=False)
    debounce, interval = autosave.default_timing()
    assert debounce < 5.0 <= debounce + 1.0  # written within 5 s, with time to spare
    # Later edits too: a write can start again as soon (no edit waits longer than 5 s).
    assert interval <= debounce
    monkeypatch.setenv("MESADIAGRAM_AUTOSAVE_SECONDS", "0.3")
    assert autosave.default_timing() == (0.3, 0.3)  # tests: everything short
    monkeypatch.setenv("MESADIAGRAM_AUTOSAVE_SECONDS", "120")
    assert autosave.default_timing() == (debounce, 120.0)
    for junk in ("soon", "nan", "inf", "-5"):
        monkeypatch.setenv("MESADIAGRAM_AUTOSAVE_SECONDS", junk)
        assert autosave.default_timing()[1] in (autosave.INTERVAL, 0.05)


def test_a_burst_of_edits_is_one_write_a_debounce_after_the_first(
    qtbot, session, tmp_path: Path, make_saver
) -> None:
    saver, times = make_saver(session, tmp_path, debounce=0.6, interval=5.0)
    first = time.monotonic()
    for i in range(8):  # edits over about 0.4 s: the write is not pushed back by them
        session.run(SetDocumentFields(title=f"Edit {i}"))
        qtbot.wait(50)
    assert saver.files() == [] and times == []
    qtbot.waitUntil(lambda: bool(times), timeout=5000)
    assert times[0] - first >= 0.6
    assert times[0] - first < 0.6 + 2.0  # not a debounce after the last edit, nor later
    assert title_on_disk(saver) == "Edit 7"
    qtbot.wait(800)
    assert len(times) == 1  # one write for the burst


def test_later_edits_are_written_at_most_once_per_interval(
    qtbot, session, tmp_path: Path, make_saver
) -> None:
    saver, times = make_saver(session, tmp_path, debounce=0.2, interval=1.5)
    session.run(SetDocumentFields(title="First"))
    qtbot.waitUntil(lambda: bool(times), timeout=5000)
    session.run(SetDocumentFields(title="Second"))
    qtbot.wait(700)  # far beyond the debounce, within the interval
    assert title_on_disk(saver) == "First" and len(times) == 1
    qtbot.waitUntil(lambda: len(times) == 2, timeout=5000)
    assert times[1] - times[0] >= 1.5 - 0.3  # (the interval runs from the start of a write)
    assert title_on_disk(saver) == "Second"
    qtbot.wait(300)
    assert len(times) == 2  # nothing changed since: no rewrite


def test_serialising_and_writing_happen_off_the_gui_thread(
    qtbot, session, tmp_path: Path, make_saver, monkeypatch
) -> None:
    """A slow serialisation (think of a 5,000-stage model) leaves the event loop running."""
    threads: list[str] = []
    real_dumps, real_write = autosave.dumps, autosave.write_atomic

    def slow_dumps(doc, *steps):
        threads.append(threading.current_thread().name)
        time.sleep(0.6)
        return real_dumps(doc, *steps)

    def write(path, data):
        threads.append(threading.current_thread().name)
        real_write(path, data)

    monkeypatch.setattr(autosave, "dumps", slow_dumps)
    monkeypatch.setattr(autosave, "write_atomic", write)
    saver, times = make_saver(session, tmp_path, debounce=0.1, interval=5.0)
    gaps: list[int] = []
    clock = QElapsedTimer()
    clock.start()
    heartbeat = QTimer()
    heartbeat.setInterval(5)

    def beat() -> None:
        gaps.append(clock.restart())

    heartbeat.timeout.connect(beat)
    heartbeat.start()
    session.run(SetDocumentFields(title="Slow to write"))
    qtbot.waitUntil(lambda: bool(times), timeout=5000)
    heartbeat.stop()
    assert title_on_disk(saver) == "Slow to write"
    assert threads and threading.main_thread().name not in threads
    assert max(gaps) < 300  # the GUI thread never waited for the 600 ms serialisation


def test_an_edit_during_serialising_drops_that_copy_and_writes_again(
    qtbot, session, tmp_path: Path, make_saver, monkeypatch
) -> None:
    real_dumps, real_write = autosave.dumps, autosave.write_atomic
    started, release = threading.Event(), threading.Event()
    written: list[str] = []

    def paused_dumps(doc, *steps):
        text = real_dumps(doc)  # the document before the edit below...
        if not release.is_set():
            started.set()
            release.wait(10)  # ...handed in after it: as torn as it gets
        return text

    def write(path, data):
        if str(path).endswith(".yaml"):
            written.append(data.decode())
        real_write(path, data)

    monkeypatch.setattr(autosave, "dumps", paused_dumps)
    monkeypatch.setattr(autosave, "write_atomic", write)
    saver, times = make_saver(session, tmp_path, debounce=0.1, interval=0.2)
    session.run(SetDocumentFields(title="Before"))
    qtbot.waitUntil(started.is_set, timeout=5000)
    session.run(AddNode(Node("b", "B", position=(200.0, 0.0))))
    session.run(SetDocumentFields(title="After"))
    release.set()
    qtbot.waitUntil(lambda: bool(times), timeout=5000)
    assert all("Before" not in text for text in written)  # the stale copy never hit the disk
    on_disk = load(saver.files()[0])
    assert on_disk == session.doc and on_disk.title == "After"


def test_save_all_now_writes_at_once_and_no_older_copy_overwrites_it(
    qtbot, session, tmp_path: Path, make_saver, monkeypatch
) -> None:
    real_dumps = autosave.dumps
    started, release = threading.Event(), threading.Event()

    def paused_dumps(doc, *steps):
        if threading.current_thread() is threading.main_thread():
            return real_dumps(doc, *steps)
        text = real_dumps(doc)
        started.set()
        release.wait(10)
        return text

    monkeypatch.setattr(autosave, "dumps", paused_dumps)
    saver, _times = make_saver(session, tmp_path, debounce=0.1, interval=0.2)
    session.run(SetDocumentFields(title="Old"))
    qtbot.waitUntil(started.is_set, timeout=5000)  # a background copy of "Old" under way
    session.run(SetDocumentFields(title="Crashing"))
    assert autosave.save_all_now() == 1  # the crash handler: synchronous and complete
    assert title_on_disk(saver) == "Crashing"
    release.set()
    qtbot.waitUntil(lambda: saver._job is None, timeout=5000)
    qtbot.wait(400)
    assert title_on_disk(saver) == "Crashing"
    # The lock's rule on its own: a copy of an older change count is never written.
    assert not saver._write_files(tmp_path, b"older", {}, 1, saver._generation)
    assert title_on_disk(saver) == "Crashing"
    saver.close()


def test_undo_to_clean_during_a_write_leaves_no_copy(
    qtbot, session, tmp_path: Path, make_saver, monkeypatch
) -> None:
    real_dumps = autosave.dumps
    started, release = threading.Event(), threading.Event()

    def paused_dumps(doc, *steps):
        text = real_dumps(doc)
        started.set()
        release.wait(10)
        return text

    monkeypatch.setattr(autosave, "dumps", paused_dumps)
    saver, times = make_saver(session, tmp_path, debounce=0.1, interval=0.2)
    session.run(SetDocumentFields(title="Soon undone"))
    qtbot.waitUntil(started.is_set, timeout=5000)
    session.stack.undo()
    assert not session.is_modified()
    release.set()
    qtbot.waitUntil(lambda: saver._job is None, timeout=5000)
    qtbot.wait(300)
    assert saver.files() == [] and list(tmp_path.iterdir()) == [] and times == []


CHILD = textwrap.dedent(
    """
    import sys, time
    from PySide6.QtCore import QTimer
    from mesadiagram.model.commands import SetDocumentFields
    from mesadiagram.ui import app
    from mesadiagram.ui.main_window import WINDOWS
    from mesadiagram.ui.recovery import recovery_dir

    app.make_app()
    def edit():
        WINDOWS[0].session.stack.run(SetDocumentFields(title="Edited before the kill"))
        print(recovery_dir(), time.monotonic(), flush=True)
    QTimer.singleShot(300, edit)
    sys.exit(app.run_editor(sys.argv[1]))
    """
)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_kill_five_seconds_after_an_edit_loses_nothing(tmp_path: Path) -> None:
    """The real editor with its default timing: edit, wait 5 s, SIGKILL, look."""
    model = tmp_path / "model.yaml"
    model.write_text("mesadiagram: 2\ntitle: Before\nnodes:\n  - id: a\n    label: A\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("MESADIAGRAM_AUTOSAVE_SECONDS", None)
    env.update(XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(model)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        folder_text, edited = child.stdout.readline().rsplit(" ", 1)
        folder = Path(folder_text)
        assert str(folder).startswith(str(tmp_path / "data"))
        time.sleep(max(0.0, float(edited) + 5.05 - time.monotonic()))
        child.send_signal(signal.SIGKILL)  # the crash: no close, no cleanup, no handler
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
    [copy] = [p for p in folder.glob("*.yaml") if not p.name.startswith(".")]
    assert load(copy).title == "Edited before the kill"
    assert copy.with_suffix(".json").exists()
