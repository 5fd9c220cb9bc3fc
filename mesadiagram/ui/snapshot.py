"""Save a picture of the window once it has painted, then quit (docs and real-display tests).

``MESADIAGRAM_SNAPSHOT=out.png mesadiagram FILE`` opens FILE as usual, waits until the
canvas has painted and the docks have filled, saves the window to ``out.png`` and exits.
``MESADIAGRAM_SNAPSHOT_SELECT=stage-id`` selects a stage first, so the inspector shows it.
``scripts/editor_png.py`` uses it to make ``docs/images/editor.png``.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

ENV_VAR = "MESADIAGRAM_SNAPSHOT"
SETTLE_MS = 600  # the analysis dock and the palette fill just after the first frame


class SnapshotProbe(QObject):
    def __init__(self, window: QMainWindow, path: str) -> None:
        super().__init__(window)
        self.window = window
        self.path = path
        self._seen = False
        window.view.viewport().installEventFilter(self)  # type: ignore[attr-defined]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._seen:
            self._seen = True
            QTimer.singleShot(0, self._select)
            QTimer.singleShot(SETTLE_MS, self._save)
        return False

    def _select(self) -> None:
        stage = os.environ.get("MESADIAGRAM_SNAPSHOT_SELECT")
        scene = getattr(self.window, "scene", None)
        if stage and scene is not None:
            scene.select([stage])

    def _save(self) -> None:
        ok = self.window.grab().save(self.path)
        print(f"snapshot {self.path} {'saved' if ok else 'FAILED'}", flush=True)
        QApplication.exit(0 if ok else 1)
