"""Timings for issue 9 ("never hang on input"): sexagesimal values and "did you mean".

Each case is a file that once took seconds or minutes; the numbers before and after the
fixes are in docs/performance.md. Run::

    python benchmarks/reliability.py            # all cases
    python benchmarks/reliability.py suggest    # one group: sexagesimal, suggest
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from mesadiagram.formats import FormatError, loads


def _timed(name: str, func: Callable[[], object]) -> float:
    start = time.perf_counter()
    try:
        func()
    except FormatError as err:
        outcome = f"{len(err.problems)} problem(s)"
    else:
        outcome = "ok"
    seconds = time.perf_counter() - start
    print(f"{name:<48} {seconds:7.3f} s  ({outcome})", flush=True)
    return seconds


def sexagesimal() -> None:
    """``title: 1:00:00:...``, a valid file whose title YAML 1.1 reads as an integer."""
    for size_kb in (450, 900, 3000):
        n = size_kb * 1000 // 3
        text = "mesadiagram: 1\ntitle: 1" + ":00" * n + "\n"
        _timed(f"sexagesimal title, {len(text) // 1000} KB", lambda t=text: loads(t, "s.yaml"))


def misspelled_links(stages: int, wrong: int) -> str:
    """``stages`` stages and a chain of links through them, ``wrong`` of them misspelled."""
    lines = ["mesadiagram: 1", "nodes:"]
    for i in range(stages):
        lines += [f"  - id: stage-{i:05d}", f"    label: Stage {i}"]
    lines.append("edges:")
    step = max(1, (stages - 1) // max(1, wrong))
    bad = set(range(0, step * wrong, step))
    for i in range(stages - 1):
        target = f"stage-{i + 1:05d}"
        if i in bad:  # a dropped, doubled or swapped character, as typed by hand
            target = (target[:7] + target[8:], target + "1", target[:6] + "s" + target[6:])[i % 3]
        lines += [f"  - from: stage-{i:05d}", f"    to: {target}"]
    return "\n".join(lines) + "\n"


def suggest() -> None:
    for stages, wrong in ((2_000, 60), (10_000, 60), (20_000, 0), (20_000, 1_000)):
        text = misspelled_links(stages, wrong)
        _timed(f"{stages:,} stages, {wrong:,} misspelled link ends", lambda t=text: loads(t, "m"))


GROUPS = {"sexagesimal": sexagesimal, "suggest": suggest}

if __name__ == "__main__":
    for group in sys.argv[1:] or list(GROUPS):
        GROUPS[group]()
