"""GUI-thread cost of an autosave of a large model (issue 9: autosave off the GUI thread).

Opens a generated model in the real main window (offscreen), waits for the first
analysis, makes an edit, and then writes the recovery copy ``--rounds`` times in each of
two ways, measuring the GUI thread with a 1 ms heartbeat timer (a stall is the longest gap
between two heartbeats, less the 1 ms interval):

- ``sync``: ``Autosaver.write_now()`` on the GUI thread, which is what every autosave did
  before (the crash handler's ``save_all_now`` still does it, on purpose);
- ``background``: the timer-driven autosave, serialised and written by worker threads.

    python benchmarks/autosave.py                 # 5,000 stages, 5 rounds
    python benchmarks/autosave.py --stages 1000 --rounds 3
    python benchmarks/autosave.py --no-fast-switching   # GIL handed over every 5 ms

The edits change a stage's text, which starts no analysis, so the autosave is the only
work besides the GUI thread's own.
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


def run(stages: int, rounds: int, fast_switching: bool = True) -> dict:
    from PySide6.QtCore import QElapsedTimer, Qt, QTimer

    from mesadiagram.model.commands import SetNodeFields
    from mesadiagram.ui import autosave, recovery
    from mesadiagram.ui.app import make_app

    app = make_app()
    app.setOrganizationName("mesadiagram-benchmark")  # never the user's settings
    from mesadiagram.ui.main_window import MainWindow

    folder = Path(tempfile.mkdtemp(prefix="mesadiagram-autosave-"))
    copies = folder / "recovery"
    autosave.recovery_dir = recovery.recovery_dir = lambda: copies  # never the user's folder
    path = write(stages, folder)
    window = MainWindow()
    window.resize(1400, 880)
    window.show()
    assert window.open_path(path), path
    session, runner, saver = window.session, window.analysis, window.autosaver
    saver.debounce = saver.interval = 3600.0  # only this benchmark starts writes
    if not fast_switching:  # the GIL changes hands every 5 ms (Python's default)
        autosave._fast_switching = lambda on: None
    stage = session.doc.nodes[0].id

    def edit(text: str) -> None:
        """An edit that starts no analysis (a stage's text), so only the autosave runs."""
        session.run(SetNodeFields(stage, "Edit text", text=text))
        pump_until(lambda: False, 0.2)
        pump_until(lambda: not runner.is_busy())

    def pump_until(done, limit: float = 120.0) -> None:
        end = time.perf_counter() + limit
        while not done() and time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.0005)

    pump_until(lambda: runner.result is not None)

    beats: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    heart = QTimer()
    heart.setTimerType(Qt.TimerType.PreciseTimer)
    heart.setInterval(1)
    heart.timeout.connect(lambda: beats.append(clock.nsecsElapsed() / 1e6))
    heart.start()

    def longest_gap(began: float) -> float:
        ended = clock.nsecsElapsed() / 1e6
        marks = [began] + [b for b in beats if began <= b <= ended] + [ended]
        return max(0.0, max(b - a for a, b in itertools.pairwise(marks)) - 1.0)

    results: dict[str, list[float]] = {"sync": [], "background": []}
    busy_ms: list[float] = []
    for i in range(rounds):
        edit(f"Edited {i}")  # something new to write
        began = clock.nsecsElapsed() / 1e6
        t0 = time.perf_counter()
        assert saver.write_now()
        busy_ms.append(1000 * (time.perf_counter() - t0))
        pump_until(lambda: False, 0.05)
        results["sync"].append(longest_gap(began))

        edit(f"Edited again {i}")
        writes = saver.writes
        began = clock.nsecsElapsed() / 1e6
        saver.timer.start(0)  # due now
        pump_until(lambda w=writes: saver.writes > w)
        pump_until(lambda: False, 0.05)
        results["background"].append(longest_gap(began))
    heart.stop()
    session.stack.setClean()
    window.close()
    return {
        "stages": stages,
        "rounds": rounds,
        "fast_switching": fast_switching,
        "write_now_ms_median": round(percentile(busy_ms, 50), 1),
        **{
            f"{kind}_stall_ms_{name}": round(percentile(values, q), 1)
            for kind, values in results.items()
            for name, q in (("median", 50), ("max", 100))
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stages", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--no-fast-switching",
        action="store_true",
        help="leave the GIL switch interval at 5 ms while the worker serialises",
    )
    args = parser.parse_args(argv)
    print(json.dumps(run(args.stages, args.rounds, not args.no_fast_switching), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
