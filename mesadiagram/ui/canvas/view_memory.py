"""The view of each file remembered: its zoom and centre, restored when it opens again.

Kept in QSettings under ``documentViews``, keyed by the file's resolved path, the
``MAX_REMEMBERED`` most recently left first. A view is remembered when another document
replaces it and when the window closes; a file opened without one opens as the view's
default (``DiagramView.show_readable``).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QSettings

from mesadiagram.model import Document
from mesadiagram.ui.session import DocumentSession

if TYPE_CHECKING:
    from mesadiagram.ui.canvas.view import DiagramView

SETTING = "documentViews"
MAX_REMEMBERED = 50


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except OSError:  # (a path that cannot be resolved is still a key)
        return str(path.absolute())


def _read() -> list[list]:
    """[path, zoom, x, y] entries, most recent first; whatever else is stored is dropped."""
    raw = QSettings().value(SETTING, "")
    try:
        entries = json.loads(raw) if isinstance(raw, str) and raw else []
    except ValueError:
        return []
    if not isinstance(entries, list):
        return []
    return [
        e
        for e in entries
        if isinstance(e, list)
        and len(e) == 4
        and isinstance(e[0], str)
        and all(isinstance(v, int | float) and math.isfinite(v) for v in e[1:])
        and e[1] > 0
    ]


def remembered_view(path: Path) -> tuple[float, QPointF] | None:
    """The zoom and scene centre last left on ``path``, if any."""
    key = _key(path)
    for name, zoom, x, y in _read():
        if name == key:
            return float(zoom), QPointF(float(x), float(y))
    return None


def remember_view(path: Path, zoom: float, centre: QPointF) -> None:
    key = _key(path)
    entries = [[key, zoom, centre.x(), centre.y()]] + [e for e in _read() if e[0] != key]
    QSettings().setValue(SETTING, json.dumps(entries[:MAX_REMEMBERED]))


class ViewMemory:
    """Remembers the view of the session's file and restores it when that file opens."""

    def __init__(self, session: DocumentSession, view: DiagramView) -> None:
        self.session = session
        self.view = view
        session.documentAboutToBeReplaced.connect(self.remember)
        session.documentReplaced.connect(self.show_document)

    def remember(self) -> None:
        """Store the view of the file shown (nothing for an unsaved document, or a view
        not yet shown: its zoom and place are not the user's yet)."""
        path, view = self.session.path, self.view
        if path is None or not view.has_settled_view():
            return
        remember_view(path, view.zoom(), view.centre())

    def show_document(self, _doc: Document | None = None) -> None:
        """The view a document opens with: its file's remembered view, else the default."""
        path = self.session.path
        known = remembered_view(path) if path is not None else None
        if known is None:
            self.view.show_readable()
        else:
            self.view.show_view(*known)
