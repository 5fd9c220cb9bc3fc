"""Probe the layered layout engine against Graphviz ``dot`` on random layered DAGs.

    python benchmarks/layout_engine_probe.py [--sizes 500 1000 2000] [--span 0] [--svg]

For each size: the time of our layout, its straight-line crossing count, and (when ``dot``
is on PATH) the time of ``dot -Tplain`` on the same graph and the crossings of dot's
positions, counted the same way (:func:`count_crossings`). ``--span 0`` (links to any later
layer) is the family on which ``dot -Tsvg`` takes about 10 s at 2,000 stages. Reusable pieces:
:func:`random_layered_dag`, :func:`to_dot`, :func:`dot_positions`.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import time

from mesadiagram.analysis.layout import count_crossings, layout_graph

POINTS_PER_INCH = 72.0


def random_layered_dag(
    n: int, links_per_stage: float = 2.0, span: int = 1, seed: int = 1
) -> tuple[list[str], list[tuple[str, str]]]:
    """``n`` stages in about sqrt(n/2) layers; each link joins a stage to one 1..``span``
    layers further on (any later layer when ``span`` is 0); about ``links_per_stage`` links
    per stage, no duplicates."""
    rng = random.Random(seed)
    n_layers = max(2, round((n / 2) ** 0.5))
    layer_of = sorted(rng.randrange(n_layers) for _ in range(n))
    ids = [f"s{i}" for i in range(n)]
    by_layer: list[list[int]] = [[] for _ in range(n_layers)]
    for i, r in enumerate(layer_of):
        by_layer[r].append(i)
    edges: set[tuple[int, int]] = set()
    target = int(links_per_stage * n)
    tries = 0
    while len(edges) < target and tries < 20 * target:
        tries += 1
        a = rng.randrange(n)
        r = layer_of[a] + rng.randint(1, span or n_layers)
        if r >= n_layers or not by_layer[r]:
            continue
        edges.add((a, rng.choice(by_layer[r])))
    return ids, [(ids[a], ids[b]) for a, b in sorted(edges)]


def to_dot(ids: list[str], edges: list[tuple[str, str]], direction: str = "LR") -> str:
    """The graph as DOT with our box size and gaps (150 x 50 boxes, gaps 100 and 40)."""
    lines = [
        "digraph G {",
        f"  rankdir={direction}; ranksep={100 / POINTS_PER_INCH:.4f};"
        f" nodesep={40 / POINTS_PER_INCH:.4f};",
        f"  node [shape=box, fixedsize=true, width={150 / POINTS_PER_INCH:.4f},"
        f" height={50 / POINTS_PER_INCH:.4f}];",
    ]
    lines += [f'  "{i}";' for i in ids]
    lines += [f'  "{a}" -> "{b}";' for a, b in edges]
    lines.append("}")
    return "\n".join(lines) + "\n"


def dot_positions(
    dot_text: str, fmt: str = "plain"
) -> tuple[dict[str, tuple[float, float]], float, float]:
    """Run ``dot -T<fmt>``; returns the node centres in points (read from -Tplain output,
    empty for other formats), the wall seconds and dot's CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(
        ["dot", f"-T{fmt}"], input=dot_text, capture_output=True, text=True, check=True
    ).stdout
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    positions: dict[str, tuple[float, float]] = {}
    for line in out.splitlines() if fmt == "plain" else ():
        parts = line.split()
        if parts and parts[0] == "node":
            name = parts[1].strip('"')
            positions[name] = (float(parts[2]) * POINTS_PER_INCH, float(parts[3]) * POINTS_PER_INCH)
    return positions, wall, cpu


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000])
    parser.add_argument("--span", type=int, default=0, help="longest link in layers; 0: any")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-dot", action="store_true")
    parser.add_argument("--svg", action="store_true", help="also time dot -Tsvg")
    args = parser.parse_args(argv)
    use_dot = shutil.which("dot") is not None and not args.no_dot
    print("seconds as wall/CPU (the machine may be shared: CPU is the steadier figure)")
    print("stages links | ours: seconds crossings | dot -Tplain: seconds crossings | ratio")
    for n in args.sizes:
        ids, edges = random_layered_dag(n, span=args.span, seed=args.seed)
        wall, cpu = time.perf_counter(), time.process_time()
        result = layout_graph(ids, edges)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        line = f"{n:6d} {len(edges):5d} | {wall:5.2f}/{cpu:5.2f} s {result.crossings:7d}"
        if use_dot:
            text = to_dot(ids, edges)
            positions, dot_wall, dot_cpu = dot_positions(text)
            dot_c = count_crossings(edges, positions)
            ratio = result.crossings / dot_c if dot_c else float("nan")
            line += f" | {dot_wall:5.2f}/{dot_cpu:5.2f} s {dot_c:7d} | {ratio:.3f}"
            if args.svg:
                _, svg_wall, svg_cpu = dot_positions(text, "svg")
                line += f" | dot -Tsvg {svg_wall:5.2f}/{svg_cpu:5.2f} s"
        print(line, flush=True)


if __name__ == "__main__":
    main()
