"""The measuring half of ``editor.py``: runs in a child process, one model per process.

``measure`` opens a model in a real main window (offscreen), times repaints and a drag,
and prints one JSON line. ``first_frame`` starts the editor through the command-line entry
point, as ``python -m mesadiagram FILE`` does. With ``canvas_only`` the docks (palette,
inspector, analysis...) do not follow the opened document, to show what the canvas itself
costs; the plain runs measure the whole application.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import time
from collections.abc import Callable
from typing import Any

DRAG_FRAMES = 60


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _canvas_only() -> None:
    """The docks and the analysis do not follow a replaced document (the canvas does)."""
    from mesadiagram.ui.analysis_runner import AnalysisRunner
    from mesadiagram.ui.inspector.dock import InspectorDock
    from mesadiagram.ui.palette import PaletteDock

    PaletteDock._document_replaced = lambda self, doc: None  # type: ignore[method-assign]
    InspectorDock.refresh = lambda self, *args: None  # type: ignore[method-assign]
    AnalysisRunner._document_replaced = lambda self, doc: None  # type: ignore[method-assign]


def first_frame(path: str, canvas_only: bool) -> None:
    """Start the editor on ``path`` through the CLI entry point (prints ``first-frame T``)."""
    os.environ["MESADIAGRAM_BENCH_FIRST_FRAME"] = "1"
    if canvas_only:
        _canvas_only()
    from mesadiagram.cli import main

    raise SystemExit(main([path]))


def _timed(owner: Any, name: str, phases: dict[str, float], label: str) -> None:
    """Wrap ``owner.name`` so that the time spent in it adds to ``phases[label]``."""
    original: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            phases[label] = phases.get(label, 0.0) + time.perf_counter() - start

    setattr(owner, name, wrapper)


def measure(path: str, stage: str, repeats: int, canvas_only: bool, window: tuple[int, int]):
    from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtTest import QTest

    from mesadiagram.ui import files
    from mesadiagram.ui.app import make_app

    app = make_app()
    from mesadiagram.ui.canvas.scene import DiagramScene
    from mesadiagram.ui.main_window import MainWindow

    if canvas_only:
        _canvas_only()
    phases: dict[str, float] = {}
    _timed(files, "read_document", phases, "load")
    _timed(DiagramScene, "rebuild", phases, "scene")
    from mesadiagram.ui.inspector.dock import InspectorDock
    from mesadiagram.ui.palette import PaletteDock

    _timed(PaletteDock, "refresh", phases, "docks")
    _timed(InspectorDock, "refresh", phases, "docks")

    class PaintCounter(QObject):
        count = 0

        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    win = MainWindow()
    problems: list[str] = []
    win.session.problem.connect(lambda title, text: problems.append(text))
    win.resize(*window)
    win.show()
    view, viewport = win.view, win.view.viewport()
    counter = PaintCounter()
    viewport.installEventFilter(counter)
    for _ in range(3):
        app.processEvents()
    phases.clear()
    start = time.perf_counter()
    if not win.open_path(path):
        raise SystemExit(f"{path}: {' '.join(problems)}")
    phases["open"] = time.perf_counter() - start
    start = time.perf_counter()
    viewport.repaint()
    phases["first paint"] = time.perf_counter() - start

    def settle() -> None:
        for _ in range(3):
            app.processEvents()

    def repaint_ms(before_each: Callable[[int], None] | None = None) -> float:
        settle()
        times = []
        for i in range(repeats):
            if before_each is not None:
                before_each(i)
            painted = counter.count
            start = time.perf_counter()
            viewport.repaint()
            times.append(time.perf_counter() - start)
            assert counter.count == painted + 1, "repaint() did not paint"
        return 1000 * statistics.median(times)

    doc, scene = win.doc, win.scene
    if not stage:
        stage = max(doc.nodes, key=lambda n: len(doc.incident_edges(n.id))).id
    others = [n.id for n in doc.nodes[:2]]
    view.zoom_to_fit()
    result: dict[str, Any] = {"fit_zoom": view.zoom(), "fit": repaint_ms()}
    # After a change (here: another stage selected) the canvas is drawn afresh.
    result["fit_changed"] = repaint_ms(lambda i: scene.select([others[i % 2]]))
    scene.select([])
    view.zoom_reset()
    item = scene.node_item(stage)
    view.centerOn(item)
    result["one"] = repaint_ms()

    # Drag the stage by its label (not its link handle): one timed frame per mouse move,
    # from the move event to the end of the repaint it causes.
    settle()
    press = view.mapFromScene(item.pos())
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, press)
    settle()
    frames = []
    for i in range(1, DRAG_FRAMES + 1):
        half = DRAG_FRAMES // 2
        pos = press + QPoint(3 * i, 2 * i if i < half else 4 * half - 2 * i)
        move = QMouseEvent(
            QEvent.Type.MouseMove,
            QPointF(pos),
            QPointF(viewport.mapToGlobal(pos)),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        painted = counter.count
        start = time.perf_counter()
        app.sendEvent(viewport, move)
        for _ in range(10):  # the scene posts its update; the view posts a paint request
            app.processEvents()
            if counter.count > painted:
                break
        frames.append(1000 * (time.perf_counter() - start))
        assert counter.count > painted, "a drag step did not repaint"
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    assert win.session.stack.count() == 1, "the drag did not end in one undo step"
    result.update(
        stages=len(doc.nodes),
        links=len(doc.edges),
        drag_links=len(doc.incident_edges(stage)),
        drag_p50=percentile(frames, 50),
        drag_p95=percentile(frames, 95),
        phases=phases,
        maxrss_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    )
    print(json.dumps(result))
