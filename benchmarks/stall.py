"""The longest GUI-thread stall while editing a large model (issue: analysis off the GUI thread).

Opens a generated 5,000-stage model in the real main window (offscreen), lets the first
analysis finish, then makes the three everyday edits again and again, each through the
session as the inspector or a gesture does: rename a stage, add a stage, attach an
intervention to a link. After each edit the event loop runs on for ``--settle`` seconds,
long enough for the background analysis of the edit to finish and its result to reach
the Analysis dock and the canvas.

A 1 ms heartbeat timer on the GUI thread records when the event loop gets to run. A stall
is the gap between two heartbeats (less the 1 ms interval): while the GUI thread is busy
(the edit itself, a repaint, taking a result in) or waits (for the GIL the analysis
thread holds), no heartbeat comes. For each edit the longest gap from the edit until the
next edit is that edit's stall; the table gives their p95 and maximum per kind of edit
and over all. ``--sync`` runs the analysis on the GUI thread after each edit, as the
editor did before, for the comparison.

    python benchmarks/stall.py                 # 5,000 stages, 10 rounds of the 3 edits
    python benchmarks/stall.py --sync          # the old way, for the ratio
    python benchmarks/stall.py --stages 1000 --rounds 3
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from editor_child import percentile
from generate import write


def run(
    stages: int, rounds: int, settle: float, sync: bool, fit: bool = False, verbose: bool = False
) -> dict:
    from PySide6.QtCore import QElapsedTimer, Qt, QTimer

    from mesadiagram.model import Annotation, Node
    from mesadiagram.model.commands import AddNode, SetNodeFields, add_annotation
    from mesadiagram.ui.app import make_app

    app = make_app()
    app.setOrganizationName("mesadiagram-benchmark")  # never the user's settings
    from mesadiagram.ui.main_window import MainWindow

    folder = Path(tempfile.mkdtemp(prefix="mesadiagram-stall-"))
    path = write(stages, folder)
    window = MainWindow()
    window.resize(1400, 880)
    window.show()
    assert window.open_path(path), path
    session, runner = window.session, window.analysis
    # As a user editing does: at 100 % zoom (labels readable) on the part being edited.
    # ``--fit`` measures at fit-to-window instead, where every edit repaints the overview.
    if not fit:
        window.view.zoom_reset()
        window.view.centerOn(window.scene.node_item(session.doc.nodes[0].id))

    def pump(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.0005)

    start = time.perf_counter()
    while runner.result is None and time.perf_counter() - start < 120:
        pump(0.05)
    first_analysis = time.perf_counter() - start

    beats: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    heart = QTimer()
    heart.setTimerType(Qt.TimerType.PreciseTimer)  # (a coarse 1 ms timer may wait longer)
    heart.setInterval(1)
    heart.timeout.connect(lambda: beats.append(clock.nsecsElapsed() / 1e6))
    heart.start()

    doc = session.doc
    links = [e.id for e in doc.edges]
    stages_count, links_count = len(doc.nodes), len(doc.edges)
    edits = []
    for i in range(rounds):
        node = doc.nodes[i % 20]  # stages in view
        edits.append(("rename", SetNodeFields(node.id, "Rename stage", label=f"{node.label} {i}")))
        new = Node(f"bench-stage-{i}", f"Bench stage {i}", position=(50.0 * i, -400.0))
        edits.append(("add stage", AddNode(new)))
        owner = links[i % 20]
        edits.append(("intervention", (owner, Annotation("intervention", f"Bench {i}"))))

    stalls: dict[str, list[float]] = {"rename": [], "add stage": [], "intervention": []}
    edit_ms: dict[str, list[float]] = {k: [] for k in stalls}
    pending = list(edits)

    def make_edit() -> None:
        """One edit, then the event loop runs on (``app.exec``, as in the editor) for
        ``settle`` seconds before the gaps are read and the next edit made."""
        kind, edit = pending.pop(0)
        began = clock.nsecsElapsed() / 1e6
        t0 = time.perf_counter()
        if kind == "intervention":
            owner, annotation = edit
            session.run(add_annotation(session.doc, owner, annotation))
        else:
            session.run(edit)
        if sync:  # the old way: the analysis on the GUI thread after each edit
            from mesadiagram.analysis.report import analyse

            window.analysis_dock.show_result(analyse(session.doc, sensitivity=False))
        edit_ms[kind].append(1000 * (time.perf_counter() - t0))
        QTimer.singleShot(round(settle * 1000), lambda: measure(kind, began))

    def measure(kind: str, began: float) -> None:
        ended = clock.nsecsElapsed() / 1e6
        window_beats = [began] + [b for b in beats if began <= b <= ended] + [ended]
        gaps = [(b - a, a - began) for a, b in itertools.pairwise(window_beats)]
        stalls[kind].append(max(0.0, max(gaps)[0] - 1.0))
        if verbose:
            top = sorted(gaps, reverse=True)[:4]
            print(kind, [(round(g, 1), round(at)) for g, at in top], file=sys.stderr)
        if pending:
            QTimer.singleShot(50, make_edit)
        else:
            session.stack.setClean()  # (quit closes the window: no "save changes?")
            app.quit()

    QTimer.singleShot(50, make_edit)
    app.exec()
    heart.stop()
    everything = [s for values in stalls.values() for s in values]  # (quit closed the window)
    return {
        "stages": stages_count,
        "links": links_count,
        "mode": "analysis on the GUI thread (before)" if sync else "analysis in a worker thread",
        "zoom": "fit" if fit else "100 %",
        "first_analysis_s": round(first_analysis, 2),
        "per_edit": {
            kind: {
                "stall_p95_ms": round(percentile(values, 95), 1),
                "stall_max_ms": round(max(values), 1),
                "edit_median_ms": round(sorted(edit_ms[kind])[len(edit_ms[kind]) // 2], 1),
            }
            for kind, values in stalls.items()
        },
        "stall_p95_ms": round(percentile(everything, 95), 1),
        "stall_max_ms": round(max(everything), 1),
        "edits": len(everything),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stages", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=10, help="rounds of the three edits")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds after each edit")
    parser.add_argument("--sync", action="store_true", help="analysis on the GUI thread")
    parser.add_argument("--fit", action="store_true", help="zoomed to fit the whole model")
    parser.add_argument("--verbose", action="store_true", help="the longest gaps of each edit")
    args = parser.parse_args(argv)
    result = run(args.stages, args.rounds, args.settle, args.sync, args.fit, args.verbose)
    print(json.dumps(result, indent=1))
    ok = result["stall_p95_ms"] <= 16 and result["stall_max_ms"] <= 50
    print(f"targets (p95 <= 16 ms, max <= 50 ms): {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
