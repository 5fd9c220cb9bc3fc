"""What a presentation step costs on a large model (issue 12): within one frame (16 ms)?

Opens a generated model (200 stages by default) in the real main window (offscreen, a
1920 x 1080 screen), presents it, and for every step forward times:

- ``step``: the key's work (the shown copy's annotations, the view state: hidden,
  dimmed, highlighted; the callouts placed; the camera's target chosen), then the
  first frame the room sees: Qt painting what changed, before the camera moves;
- ``step, whole view``: the same, the whole view painted (the upper bound);
- ``glide``: one frame of the camera's glide: the view moved and painted whole.

It also times the deck's pages (``build``: one page's geometry). Prints the median, the
90th percentile and the worst, in milliseconds, as JSON.

    python benchmarks/present.py                  # 200 stages
    python benchmarks/present.py --stages 500 --steps 100
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# A 1920 x 1080 offscreen screen (Qt's own is 800 x 800).
SCREEN = Path(tempfile.gettempdir()) / "mesadiagram-present-screen.json"
SCREEN.write_text(
    json.dumps({"screens": [{"name": "bench", "x": 0, "y": 0, "width": 1920, "height": 1080}]})
)
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={SCREEN}")

from generate import write  # noqa: E402  (after the screen is set up)


def _summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {
        "median": round(statistics.median(ordered), 2),
        "p90": round(ordered[int(0.9 * (len(ordered) - 1))], 2),
        "worst": round(ordered[-1], 2),
    }


def run(stages: int, steps: int) -> dict:
    from PySide6.QtCore import QRectF, QSettings

    from mesadiagram.ui.app import make_app

    app = make_app()  # (as the editor starts: Qt's raster thread pool off)
    app.setOrganizationName("mesadiagram-present-benchmark")  # its own settings, cleared
    QSettings().clear()
    from mesadiagram.presentation.shown import reveal, shown_copy
    from mesadiagram.render.step_figure import build_step
    from mesadiagram.ui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as folder:
        path = write(stages, Path(folder))
        window = MainWindow()
        window.show()
        window.open_path(path)
        for _ in range(20):
            app.processEvents()
        presenting = window.presenting
        started = time.perf_counter()
        presenting.start()
        start_ms = (time.perf_counter() - started) * 1000
        for _ in range(50):  # the canvas's routing slices after the first paint
            app.processEvents()
        audience, camera, stepper = presenting.audience, presenting.camera, presenting.stepper
        viewport = audience.view.viewport()
        step_times, whole_times, glide_times = [], [], []
        for i in range(min(steps, stepper.count - 1)):
            begin = time.perf_counter()
            presenting.command("next")
            if i % 2:
                viewport.repaint()
                whole_times.append((time.perf_counter() - begin) * 1000)
            else:
                app.processEvents()  # (the paint Qt posted for what changed)
                step_times.append((time.perf_counter() - begin) * 1000)
            # One frame of the glide, half way, then the rest at once (no waiting).
            target = QRectF(camera.target)
            begin = time.perf_counter()
            camera._step(0.5)
            viewport.repaint()
            glide_times.append((time.perf_counter() - begin) * 1000)
            camera._animation.stop()
            camera.go(target, smooth=False)
            app.processEvents()
        build_times = []
        copy = shown_copy(stepper.doc)
        for frame in stepper.frames[: min(steps, stepper.count)]:
            begin = time.perf_counter()
            reveal(copy, stepper.doc, frame)
            build_step(copy, stepper.doc, stepper.theme, frame)
            build_times.append((time.perf_counter() - begin) * 1000)
        presenting.stop()
        window.session.stack.setClean()
        window.close()
        return {
            "stages": stages,
            "steps": stepper.count,
            "screen": [viewport.width(), viewport.height()],
            "start": round(start_ms, 1),
            "step": _summary(step_times),
            "step, whole view": _summary(whole_times),
            "glide": _summary(glide_times),
            "deck page build": _summary(build_times),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stages", type=int, default=200)
    parser.add_argument("--steps", type=int, default=400, help="steps timed, from the first")
    args = parser.parse_args()
    print(json.dumps(run(args.stages, args.steps), indent=2))


if __name__ == "__main__":
    main()
