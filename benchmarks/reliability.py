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


def suggest_direct() -> None:
    """1,000 misspelt ids against 20,000: the index, and difflib over all as it was."""
    import difflib

    from mesadiagram.formats.suggest import Suggester

    ids = [f"stage-{i:05d}" for i in range(20_000)]
    words = [(w[:7] + w[8:], w + "1", w[:6] + "s" + w[6:])[i % 3] for i, w in enumerate(ids[::20])]
    start = time.perf_counter()
    suggester = Suggester(ids)
    answers = [suggester.best(w) for w in words]
    seconds = time.perf_counter() - start
    hits = sum(a is not None for a in answers)
    print(f"{'Suggester: 20,000 ids, 1,000 lookups':<48} {seconds:7.3f} s  ({hits} answered)")
    start = time.perf_counter()
    for w in words[:20]:
        difflib.get_close_matches(w, ids, n=1, cutoff=0.6)
    per_word = (time.perf_counter() - start) / 20
    print(
        f"{'difflib over all (the old way), 1,000 lookups':<48} {per_word * 1000:7.1f} s  (from 20)"
    )


GROUPS = {"sexagesimal": sexagesimal, "suggest": suggest, "suggest_direct": suggest_direct}

if __name__ == "__main__":
    for group in sys.argv[1:] or list(GROUPS):
        GROUPS[group]()
