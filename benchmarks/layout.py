"""Layout speed and quality against Graphviz, side by side in one run (issue 5).

    QT_QPA_PLATFORM=offscreen python benchmarks/layout.py [--sizes 500 1000 2000] [--repeat 3]

For random layered DAGs with about two links per stage (links to any later layer, the
family on which ``dot -Tsvg`` takes about 10 s at 2,000 stages on this machine), it times

* ours: box sizes from the renderer, the layered layout, and the SVG export of the laid-out
  document (what ``mesadiagram layout`` + ``mesadiagram export -o x.svg`` do, in process);
* dot: ``dot -Tsvg`` on the same graph with the same box size and gaps;

and counts straight-line link crossings of both layouts the same way (segments between box
centres, ``count_crossings``). Medians of ``--repeat`` runs; ratios dot/ours for time and
ours/dot for crossings. Targets: at 2,000 stages at least 5x faster, at most 1.2x crossings.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from layout_engine_probe import dot_positions, random_layered_dag, to_dot

from mesadiagram.analysis.layout import count_crossings
from mesadiagram.analysis.placement import layout_command
from mesadiagram.model import Document, Edge, Node
from mesadiagram.render.export import ExportOptions, svg_text
from mesadiagram.render.qt_app import ensure_gui_application
from mesadiagram.render.sizes import node_sizes


def build(ids: list[str], edges: list[tuple[str, str]]) -> Document:
    doc = Document("benchmark")
    for node_id in ids:
        doc.insert_node(Node(node_id, f"Stage {node_id[1:]}"))
    for a, b in edges:
        doc.insert_edge(Edge(a, b))
    return doc


def ours(ids: list[str], edges: list[tuple[str, str]]) -> tuple[float, float, int, int]:
    """Seconds for layout, seconds for SVG export, crossings, SVG bytes."""
    doc = build(ids, edges)
    start = time.perf_counter()
    command = layout_command(doc, "LR", node_sizes(doc))
    command.apply(doc)
    laid = time.perf_counter()
    svg = svg_text(doc, ExportOptions(legend=False))
    done = time.perf_counter()
    crossings = count_crossings(edges, {n.id: n.position for n in doc.nodes})
    return laid - start, done - laid, crossings, len(svg)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    ensure_gui_application()
    have_dot = shutil.which("dot") is not None
    if not have_dot:
        print("dot not found (apt-get install graphviz): ours only")
    print(
        "| stages | links | ours: layout + SVG (s) | dot -Tsvg (s) | speed-up | "
        "crossings ours / dot | ratio |"
    )
    print("|---|---|---|---|---|---|---|")
    for n in args.sizes:
        ids, edges = random_layered_dag(n, span=0, seed=args.seed)
        runs = [ours(ids, edges) for _ in range(args.repeat)]
        total = statistics.median(r[0] + r[1] for r in runs)
        layout_s = statistics.median(r[0] for r in runs)
        crossings = runs[0][2]
        row = f"| {n} | {len(edges)} | {total:.2f} ({layout_s:.2f} + {total - layout_s:.2f}) |"
        if have_dot:
            text = to_dot(ids, edges)
            dot_times = [dot_positions(text, "svg")[1] for _ in range(max(1, args.repeat - 1))]
            dot_s = statistics.median(dot_times)
            positions, _, _ = dot_positions(text, "plain")
            dot_c = count_crossings(edges, positions)
            row += (
                f" {dot_s:.2f} | {dot_s / total:.1f}x | {crossings} / {dot_c} |"
                f" {crossings / dot_c:.2f} |"
            )
        else:
            row += f" - | - | {crossings} / - | - |"
        print(row, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
