"""A benchmark hook: report when the canvas first paints, then quit.

``benchmarks/editor.py`` starts the real command (``python -m mesadiagram FILE``) with
``MESADIAGRAM_BENCH_FIRST_FRAME=1`` and reads the printed wall-clock time, so the figure
counts everything a user waits for: interpreter, imports, loading, building, painting.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

ENV_VAR = "MESADIAGRAM_BENCH_FIRST_FRAME"


class FirstFrameProbe(QObject):
    """Watches a widget; after its first paint, prints ``first-frame <time>`` and exits."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self._seen = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._seen:
            self._seen = True
            QTimer.singleShot(0, self._report)  # runs once this paint has finished
        return False

    def _report(self) -> None:
        print(f"first-frame {time.time():.6f}", flush=True)
        QApplication.exit(0)
