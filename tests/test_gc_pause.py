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


def test_an_edit_a_paint_and_a_running_analysis_hold_a_copy_back(qtbot, monkeypatch):
    gc_pause.worker_started()
    try:
        assert gc_pause.foreground_busy()
    finally:
        gc_pause.worker_ended()
    assert not gc_pause.foreground_busy()
    gc_pause.worker_started(deferring=True)  # an autosave does not hold back another
    try:
        assert not gc_pause.foreground_busy()
    finally:
        gc_pause.worker_ended(deferring=True)

    from mesadiagram.model.commands import SetDocumentFields
    from mesadiagram.ui.session import DocumentSession

    session = DocumentSession(Document())
    monkeypatch.setattr(gc_pause, "_busy_until", 0.0)
    session.run(SetDocumentFields(title="Busy"))
    assert gc_pause.foreground_busy()  # an edit: its repaint is near
    qtbot.waitUntil(lambda: not gc_pause.foreground_busy(), timeout=2000)
