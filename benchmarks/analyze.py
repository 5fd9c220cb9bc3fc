"""`mesadiagram analyze` of the 2,000-stage generated model, from process start (issue 15).

    python benchmarks/analyze.py                    # 5 runs of each case, medians
    python benchmarks/analyze.py --runs 9 --markdown
    python benchmarks/analyze.py --source /tmp/old  # a checkout's ``mesadiagram`` (the ratio)

Each run is a fresh ``python -m mesadiagram analyze --json FILE``, timed from launching the
process to its exit, so interpreter start, imports and reading the file count. Cases: the
layered models of ``benchmarks/generate.py`` (2,000 stages as the target, 5,000 for the
trend). A last child times the steps in process (load, structure, coverage, risk) and the
JSON gives what the numbers are: how many outcomes are exact, how many estimated, the
samples and the largest standard error. Target: 2,000 stages <= 1.5 s with 20,000
samples. ``--source`` puts another tree first on ``PYTHONPATH`` (before: ``git archive``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generate import layered_document, write

ROOT = Path(__file__).resolve().parent.parent

TARGET_S = 1.5  # 2,000 stages, process start to exit

STEPS = """
import json, sys, time
t0 = time.perf_counter()
from mesadiagram.formats import load
from mesadiagram.analysis.report import analyse
from mesadiagram.analysis.structure import analyse_structure
from mesadiagram.analysis.coverage import analyse_coverage
t1 = time.perf_counter()
doc = load(sys.argv[1])
t2 = time.perf_counter()
s = analyse_structure(doc)
t3 = time.perf_counter()
analyse_coverage(doc, s)
t4 = time.perf_counter()
analyse(doc)
t5 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "structure": t3 - t2,
                  "coverage": t4 - t3, "analyse": t5 - t4}))
"""


def _env(source: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    first = str(source) if source else str(ROOT)
    env["PYTHONPATH"] = os.pathsep.join([first, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def run_once(path: Path, env: dict[str, str]) -> tuple[float, dict]:
    """Seconds from launching ``analyze --json`` to its exit, and its JSON (with the
    number of samples of an estimate; before issue 15 the JSON did not give it)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mesadiagram", "analyze", "--json", str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=path.parent,  # (``-m`` puts the working folder first: not the checkout's)
    )
    return time.perf_counter() - start, json.loads(done.stdout)


def describe(data: dict) -> dict:
    """What the risk numbers are: exact or estimated, samples, the largest error."""
    risk = data.get("risk") or {}
    exact = sum(1 for r in risk.values() if r.get("exact"))
    errors = [e for r in risk.values() for e in (r.get("stderr") or {}).values()]
    samples = {r.get("samples") for r in risk.values() if not r.get("exact")}
    samples.discard(None)
    return {
        "outcomes": len(risk),
        "exact": exact,
        "estimated": len(risk) - exact,
        "samples": ", ".join(str(s) for s in sorted(samples)) or "n/a",
        "max_stderr": max(errors) if errors else 0.0,
    }


def write_with_credences(stages: int, folder: Path) -> Path:
    """The generated model with a probability on every link (seeded): no certain route, so
    most outcomes need sampling."""
    from mesadiagram.formats import save

    doc = layered_document(stages)
    rng = random.Random(f"credences:{stages}")
    for edge in doc.edges:
        edge.probability = round(rng.uniform(0.05, 0.95), 2)
    path = folder / f"layered-{stages}-credences.yaml"
    save(doc, path)
    return path


def measure(
    stages: int, folder: Path, runs: int, env: dict[str, str], credences: bool = False
) -> dict:
    path = write_with_credences(stages, folder) if credences else write(stages, folder)
    run_once(path, env)  # warm the file cache and the bytecode
    times, data = [], {}
    for _ in range(runs):
        seconds, data = run_once(path, env)
        times.append(seconds)
    steps = subprocess.run(
        [sys.executable, "-c", STEPS, str(path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=path.parent,
    )
    return {
        "model": f"{stages:,}{', every link a probability' if credences else ''}",
        "stages": stages,
        "links": sum(1 for _ in path.read_text().split("\n  - from: ")) - 1,
        "median": statistics.median(times),
        "runs": times,
        "steps": json.loads(steps.stdout) if steps.returncode == 0 else {},
        **describe(data),
    }


def table(rows: list[dict], markdown: bool) -> str:
    head = [
        "model",
        "links",
        "median s",
        "runs s",
        "in process: import / load / structure / coverage / analyse s",
        "outcomes exact / estimated",
        "samples",
        "largest stderr",
    ]
    lines = []
    for r in rows:
        st = r["steps"]
        inside = " / ".join(
            f"{st[k]:.2f}"
            for k in ("import", "load", "structure", "coverage", "analyse")
            if k in st
        )
        lines.append(
            [
                r["model"],
                f"{r['links']:,}",
                f"{r['median']:.2f}",
                " ".join(f"{t:.2f}" for t in r["runs"]),
                inside,
                f"{r['exact']} / {r['estimated']}",
                r["samples"],
                f"{r['max_stderr']:.4f}",
            ]
        )
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(cells) + " |" for cells in lines]
        return "\n".join(out)
    return "\n".join("  ".join(cells) for cells in [head, *lines])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[2000, 5000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--source", type=Path, help="a tree whose mesadiagram is measured")
    args = parser.parse_args(argv)
    env = _env(args.source)
    with tempfile.TemporaryDirectory(prefix="mesadiagram-analyze-") as tmp:
        rows = [
            measure(n, Path(tmp), args.runs, env, credences)
            for n in args.sizes
            for credences in (False, True)
        ]
    print(table(rows, args.markdown))
    for r in rows:
        if r["stages"] == 2000:
            verdict = "meets" if r["median"] <= TARGET_S else "MISSES"
            print(f"{r['model']}: median {r['median']:.2f} s, {verdict} the {TARGET_S} s target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
