"""gc_pause: the GUI thread's bursts hold background copies back, and only so long."""

from __future__ import annotations

import threading
import time

from mesadiagram import gc_pause
from mesadiagram.formats import dumps, writer
from mesadiagram.model import Document, Node


def _doc(stages: int) -> Document:
    doc = Document()
    for i in range(stages):
        doc.nodes.append(Node(f"s{i}", f"Stage {i}", position=(i * 10.0, 0.0)))
    return doc


def test_dumps_calls_between_steps_every_step_and_writes_the_same_text():
    doc = _doc(3 * writer.STEP + 5)
    calls = []
    text = dumps(doc, lambda: calls.append(1))
    assert text == dumps(doc)
    assert len(calls) == 3


def test_a_worker_waits_while_the_gui_thread_is_in_a_burst():
    doc = _doc(4 * writer.STEP)
    finished = threading.Event()

    def serialise() -> None:
        dumps(doc, gc_pause.defer_to_foreground)
        finished.set()

    with gc_pause.burst():
        assert gc_pause.foreground_busy()
        worker = threading.Thread(target=serialise)
        worker.start()
        assert not finished.wait(0.2)  # held at its first step
    assert not gc_pause.foreground_busy()
    assert finished.wait(5)
    worker.join()


def test_a_burst_never_ended_delays_a_worker_but_does_not_stop_it(monkeypatch):
    monkeypatch.setattr(gc_pause, "DEFER_AT_MOST", 0.01)
    doc = _doc(2 * writer.STEP)
    gc_pause.burst_started()
    try:
        started = time.monotonic()
        dumps(doc, gc_pause.defer_to_foreground)
        assert time.monotonic() - started >= 0.02
    finally:
        gc_pause.burst_ended()


def test_bursts_are_counted():
    gc_pause.burst_started()
    gc_pause.burst_started()
    gc_pause.burst_ended()
    assert gc_pause.foreground_busy()
    gc_pause.burst_ended()
    assert not gc_pause.foreground_busy()
    gc_pause.burst_ended()  # one too many does not go negative
    gc_pause.burst_started()
    assert gc_pause.foreground_busy()
    gc_pause.burst_ended()


def test_an_awake_event_loop_and_a_running_analysis_hold_a_copy_back():
    for busy, idle in (
        (gc_pause.loop_awake, gc_pause.loop_blocking),
        (gc_pause.worker_started, gc_pause.worker_ended),
    ):
        busy()
        try:
            assert gc_pause.foreground_busy()
        finally:
            idle()
        assert not gc_pause.foreground_busy()
    gc_pause.worker_started(deferring=True)  # an autosave does not hold back another
    try:
        assert not gc_pause.foreground_busy()
    finally:
        gc_pause.worker_ended(deferring=True)


def test_the_window_tells_a_serialising_autosave_when_its_event_loop_is_awake(qtbot):
    """While a copy is serialised, the event dispatcher's awake/aboutToBlock reach
    gc_pause; afterwards nothing is watched and workers are not held back."""
    from PySide6.QtCore import QTimer

    from mesadiagram.ui import autosave

    seen: list[bool] = []
    autosave._watch_loop()
    try:
        QTimer.singleShot(0, lambda: seen.append(gc_pause.foreground_busy()))
        qtbot.waitUntil(lambda: bool(seen))
        assert seen == [True]  # a timer's slot runs while the loop is awake
    finally:
        autosave._unwatch_loop()
    assert not gc_pause.foreground_busy()
