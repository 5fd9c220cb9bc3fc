"""What the minimap costs on a large model (issue 10): its drawing and its part of a scroll.

Opens a generated model in the real main window (offscreen, 1400 x 880) at its readable
zoom, where the minimap shows, and times:

- ``bounds``: reading the diagram's bounds (after each edit, 250 ms after a burst);
- ``miniature``: drawing the miniature image (after an edit, a selection or a theme change);
- ``paint``: a repaint of the minimap from its cached image (at every scroll and zoom);
- ``scroll``: a scroll of the view with the minimap shown, and with it switched off.

    python benchmarks/minimap.py                  # 5,000 stages, 20 rounds
    python benchmarks/minimap.py --stages 1000 --rounds 5

Medians in milliseconds, as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from generate import write


def _median_ms(work: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def run(stages: int, rounds: int) -> dict:
    from PySide6.QtCore import QSettings

    from mesadiagram.ui.app import make_app

    app = make_app()  # (as the editor starts: Qt's raster thread pool off)
    app.setOrganizationName("mesadiagram-minimap-benchmark")  # its own settings, cleared
    QSettings().clear()
    from mesadiagram.ui.canvas.minimap import diagram_bounds
    from mesadiagram.ui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as folder:
        path = write(stages, Path(folder))
        window = MainWindow()
        window.resize(1400, 880)
        window.show()
        window.open_path(path)
        for _ in range(20):
            app.processEvents()
        view, minimap = window.view, window.view.minimap
        assert minimap.isVisible(), "the model fits the view: no minimap to measure"
        bar = view.horizontalScrollBar()

        def scroll() -> None:
            bar.setValue(bar.value() + (40 if bar.value() < bar.maximum() // 2 else -40))
            view.viewport().repaint()
            minimap.repaint()

        result = {
            "stages": stages,
            "bounds": _median_ms(lambda: diagram_bounds(window.scene), rounds),
            "miniature": _median_ms(minimap._miniature, rounds),
            "paint": _median_ms(minimap.repaint, rounds),
            "scroll with minimap": _median_ms(scroll, rounds),
        }
        minimap.set_enabled(False)
        result["scroll without"] = _median_ms(scroll, rounds)
        window.session.stack.setClean()
        window.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stages", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.stages, args.rounds), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
