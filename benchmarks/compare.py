"""`mesadiagram compare` of the seed with credences and five scenarios, from process start
(issue 15), and what credence ranges cost `analyze`.

    python benchmarks/compare.py                 # 7 runs of each case, medians
    python benchmarks/compare.py --runs 11 --markdown

Each run is a fresh ``python -m mesadiagram CMD FILE``, timed from launching the process
to its exit, so interpreter start, imports and reading the file count. Cases:

- ``compare`` of ``examples/mesa_optimization_scenarios.yaml`` (the seed's 7 stages, 4
  credence ranges, 5 scenarios): the target, <= 0.5 s;
- ``compare --json`` of the same;
- ``analyze`` of the same (bounds, and the median and interval from 1,000 exact draws);
- ``analyze`` of the seed without ranges (the same model, each range at its middle), for
  what the ranges add;
- ``compare`` of the 2,000-stage generated model (``generate.py``) with five scenarios,
  for the trend.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generate import layered_document

from mesadiagram.formats import dumps, load
from mesadiagram.model.credence import middle
from mesadiagram.model.scenarios import Scenario

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "mesa_optimization_scenarios.yaml"
TARGET_S = 0.5  # compare of the seed's five scenarios, process start to exit


def run_once(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mesadiagram", *args],
        capture_output=True,
        check=True,
        cwd=ROOT,
    )
    return time.perf_counter() - start


def cases(folder: Path) -> list[tuple[str, list[str]]]:
    points = load(EXAMPLE)
    for element in [*points.nodes, *points.edges]:
        if element.probability is not None:
            element.probability = middle(element.probability)
    points.set_scenarios(())
    flat = folder / "seed_points.yaml"
    flat.write_text(dumps(points), encoding="utf-8")
    large = layered_document(2000, 15)
    interventions = [a.id for _, a in large.iter_annotations() if a.type == "intervention"]
    rng = random.Random(15)
    large.set_scenarios(
        tuple(
            Scenario(
                f"s{i}",
                off=tuple(rng.sample(interventions, 10)),
                probabilities={e.id: (0.2, 0.6) for e in rng.sample(large.edges, 5)},
            )
            for i in range(5)
        )
    )
    big = folder / "layered_2000_scenarios.yaml"
    big.write_text(dumps(large), encoding="utf-8")
    return [
        ("compare, seed, 5 scenarios (target)", ["compare", str(EXAMPLE)]),
        ("compare --json, seed, 5 scenarios", ["compare", "--json", str(EXAMPLE)]),
        ("analyze, seed with 4 ranges", ["analyze", str(EXAMPLE)]),
        ("analyze, seed, ranges at their middles", ["analyze", str(flat)]),
        ("compare, 2,000 stages, 5 scenarios", ["compare", str(big)]),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for name, argv in cases(Path(tmp)):
            run_once(argv)  # (warm the file cache)
            times = [run_once(argv) for _ in range(args.runs)]
            rows.append((name, statistics.median(times), min(times), max(times)))
    if args.markdown:
        print("| case | median s | min s | max s |")
        print("|---|---|---|---|")
        for name, med, low, high in rows:
            print(f"| {name} | {med:.3f} | {low:.3f} | {high:.3f} |")
    else:
        for name, med, low, high in rows:
            print(f"{name:45} median {med:.3f} s (min {low:.3f}, max {high:.3f})")
    target = rows[0][1]
    print(f"target: compare of the seed's 5 scenarios <= {TARGET_S} s: {target:.3f} s")
    return 0 if target <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
