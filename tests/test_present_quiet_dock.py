"""While the editor presents, the Analysis panel's rows wait: a result that arrives then
(the model was opened and presented at once) is shown when the presentation ends, so the
room's steps are not slowed by rows being made in a window nobody looks at."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui_helpers import make_window


def test_rows_wait_while_presenting_and_come_after(qtbot, seed_doc) -> None:
    window = make_window(qtbot)
    dock, runner = window.analysis_dock, window.analysis
    window.session.replace_document(seed_doc, None)  # its analysis starts now
    QTest.keyClick(window.view, Qt.Key.Key_F5)
    presenting = window.presenting
    assert presenting.active
    qtbot.waitUntil(lambda: runner.result is not None, timeout=20000)
    rows_before = dock.tree.topLevelItemCount()
    for _ in range(20):  # many turns of the event loop: the sync timer's chances
        QTest.qWait(10)
    assert not dock.is_current()
    assert dock.tree.topLevelItemCount() == rows_before
    QTest.keyClick(presenting.audience, Qt.Key.Key_Escape)
    assert not presenting.active
    qtbot.waitUntil(dock.is_current, timeout=5000)
    assert dock.tree.topLevelItemCount() > 0
