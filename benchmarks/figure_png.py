"""A poster-sized PNG: the generated 1,000-stage model at 300 dpi (docs/performance.md).

Exports the model (``generate.py``) with the command line, from process start, ``--runs``
times, and reports the median time, the peak memory of the export and the image's size::

    python benchmarks/figure_png.py                  # 1,000 stages, 5 runs
    python benchmarks/figure_png.py 300 --runs 3 --detail detailed

Target (issue 11): at most 5 s and 500 MB for 1,000 stages at 300 dpi.
"""

from __future__ import annotations

import argparse
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _export(model: Path, out: Path, dpi: int, detail: str) -> tuple[float, float]:
    """Seconds and peak MB of one ``mesadiagram export`` process."""
    command = ["export", str(model), "-o", str(out), "--dpi", str(dpi), "--detail", detail]
    start = time.perf_counter()
    # Each run in its own process, measured by its own rusage: ``RUSAGE_CHILDREN`` keeps
    # the largest child ever, so a second run could not show less memory than the first.
    code = (
        "import resource, runpy, sys; sys.argv = ['mesadiagram', *sys.argv[1:]]\n"
        "try:\n    runpy.run_module('mesadiagram', run_name='__main__')\n"
        "finally:\n"
        "    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *command],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"export failed ({done.returncode}): {done.stderr}")
    return seconds, int(done.stderr.strip().splitlines()[-1]) / 1024


def _pixels(png: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", png.read_bytes()[16:24])
    return width, height


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stages", nargs="?", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--detail", choices=("compact", "detailed"), default="compact")
    args = parser.parse_args(argv)
    from generate import write

    with tempfile.TemporaryDirectory() as folder:
        model = write(args.stages, Path(folder))
        out = Path(folder) / "figure.png"
        times, peaks = [], []
        for _ in range(args.runs):
            seconds, peak = _export(model, out, args.dpi, args.detail)
            times.append(seconds)
            peaks.append(peak)
        width, height = _pixels(out)
        print(
            f"{args.stages} stages, {args.detail} PNG at {args.dpi} dpi ({width} x {height} "
            f"px, {out.stat().st_size / 1e6:.1f} MB) from process start: median "
            f"{statistics.median(times):.2f} s (runs: {', '.join(f'{t:.2f}' for t in times)}), "
            f"peak {max(peaks):.0f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
