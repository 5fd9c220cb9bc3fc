"""The analysis runs in a child process (no GIL shared with the GUI thread), and on a
worker thread when no child can run it."""

from __future__ import annotations

import os
from concurrent.futures.process import BrokenProcessPool

from mesadiagram.ui import analysis_process
from tests.ui_helpers import make_window


def test_the_analysis_is_made_in_a_child_process(qtbot, seed_doc) -> None:
    window = make_window(qtbot, seed_doc)
    window.analysis.wait()
    qtbot.waitUntil(lambda: window.analysis.result is not None, timeout=30000)
    pool = analysis_process._shared_pool()
    child = pool.submit(os.getpid).result(timeout=30)
    assert child != os.getpid()
    result = window.analysis.result
    assert len(result.coverage.cut_sets) == 6 and not result.coverage.unmitigated  # the seed
    assert window.analysis.summary  # the dock's rows were made there too


def test_without_a_child_process_the_analysis_runs_on_a_thread(
    qtbot, seed_doc, monkeypatch
) -> None:
    def broken(_doc, _disabled):
        raise BrokenProcessPool("no child in this test")

    monkeypatch.setattr(analysis_process, "analyse_in_child", broken)
    window = make_window(qtbot, seed_doc)
    qtbot.waitUntil(lambda: window.analysis.result is not None, timeout=30000)
    assert len(window.analysis.result.coverage.cut_sets) == 6
