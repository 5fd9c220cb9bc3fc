"""Detailed figures of large models: time, memory and page size (docs/performance.md).

Writes the generated model (``generate.py``), exports it as a detailed PDF with the
command line, from process start, ``--runs`` times, and reports the median time, the
peak memory of the export, the page size, and what the figure checker finds::

    python benchmarks/detailed_figure.py               # 1,000 stages, 5 runs
    python benchmarks/detailed_figure.py 300 --runs 3

Target (issue 11): the 1,000-stage model to a detailed PDF in at most 2 s, on a page
about the shape of its compact figure, every callout near its target.
"""

from __future__ import annotations

import argparse
import collections
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _export(model: Path, out: Path) -> tuple[float, float]:
    """Seconds and peak MB of one ``mesadiagram export`` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    command = ["export", str(model), "-o", str(out), "--detail", "detailed"]
    subprocess.run(
        [sys.executable, "-m", "mesadiagram", *command],
        check=True,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def _figure_report(model: Path) -> str:
    from mesadiagram.formats import load
    from mesadiagram.render.figure import build_figure
    from mesadiagram.render.figure_check import check_figure
    from mesadiagram.render.qt_app import ensure_gui_application
    from mesadiagram.render.theme import DEFAULT_THEME

    ensure_gui_application()
    doc = load(model)
    compact = build_figure(doc, DEFAULT_THEME)
    start = time.perf_counter()
    fig = build_figure(doc, DEFAULT_THEME, detailed=True)
    built = time.perf_counter() - start
    found = collections.Counter(v.rule for v in check_figure(fig))
    inch = 96.0
    return (
        f"build_figure (in-process, warm): {built:.2f} s; {len(fig.callouts)} callouts; "
        f"stages spread x{fig.spread:.2f}\n"
        f"page {fig.bounds.width() / inch:.1f} x {fig.bounds.height() / inch:.1f} in "
        f"(compact {compact.bounds.width() / inch:.1f} x {compact.bounds.height() / inch:.1f})\n"
        f"checker: {dict(found) or 'nothing'} "
        f"({len(fig.over_callouts)} links drawn over callouts)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stages", nargs="?", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    from generate import write

    with tempfile.TemporaryDirectory() as folder:
        model = write(args.stages, Path(folder))
        out = Path(folder) / "detailed.pdf"
        times, peaks = [], []
        for _ in range(args.runs):
            seconds, peak = _export(model, out)
            times.append(seconds)
            peaks.append(peak)
        print(
            f"{args.stages} stages, detailed PDF from process start: median "
            f"{statistics.median(times):.2f} s (runs: {', '.join(f'{t:.2f}' for t in times)}), "
            f"peak {max(peaks):.0f} MB"
        )
        print(_figure_report(model))
    return 0


if __name__ == "__main__":
    sys.exit(main())
