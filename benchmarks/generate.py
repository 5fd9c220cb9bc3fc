"""Layered threat models of any size, for benchmarks (editor now, layout later).

Deterministic in its inputs: the same ``(stages, seed)`` gives the same document and the
same file bytes. Stages sit in layers (columns); each stage links to about two stages of
the next layers, so there are about two links per stage; a third of the stages and a third
of the links carry annotations. One stage in the middle, the *hub*, has exactly
``HUB_LINKS`` links, for the drag benchmark.

Run as a script to write files::

    python benchmarks/generate.py 100 1000 5000 --out /tmp/bench
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from pathlib import Path

from mesadiagram.model import Annotation, Document, Edge, Item, Node

HUB_LINKS = 20
LAYER_GAP_X, ROW_GAP_Y = 260.0, 120.0
WORDS = (  # noqa: SIM905 (one readable string)
    "base mesa optimizer objective proxy deceptive deployment distribution shift training "
    "reward model oversight capability gain goal misgeneralization interpretability audit "
    "red team evaluation situational awareness power seeking influence gradient hacking "
    "inner outer alignment specification gaming corrigibility takeover catastrophe"
).split()
KINDS = ("Proxy", "Side-effect", "Instrumental", "Approximate", "Suboptimal")
STAGE_TYPES = ("kind", "mechanism", "caveat", "note")


def hub_id(stages: int) -> str:
    """The id of the stage with ``HUB_LINKS`` links (the middle stage of the middle layer)."""
    layers = _layer_sizes(stages)
    middle = len(layers) // 2
    return f"s{sum(layers[:middle]) + layers[middle] // 2}"


def _layer_sizes(stages: int) -> list[int]:
    """About sqrt(stages) layers, so the drawing is roughly as wide as it is tall."""
    count = max(3, round(math.sqrt(stages)))
    base, extra = divmod(stages, count)
    return [base + (1 if i < extra else 0) for i in range(count)]


def _phrase(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize()


def _stage_annotations(rng: random.Random) -> list[Annotation]:
    out = []
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(STAGE_TYPES)
        if kind == "kind":
            out.append(Annotation("kind", rng.choice(KINDS), _phrase(rng, 4, 10)))
        else:
            out.append(Annotation(kind, _phrase(rng, 3, 8), _phrase(rng, 0, 12)))
    return out


def _link_annotations(rng: random.Random) -> list[Annotation]:
    out = []
    for _ in range(rng.randint(1, 2)):
        if rng.random() < 0.6:
            methods = [Item(_phrase(rng, 2, 5)) for _ in range(rng.randint(0, 3))]
            out.append(Annotation("intervention", _phrase(rng, 3, 7), items=methods, effect=0.5))
        else:
            out.append(Annotation(rng.choice(("mechanism", "caveat")), _phrase(rng, 3, 8)))
    return out


def layered_document(stages: int, seed: int = 1, positions: bool = True) -> Document:
    """A layered model of ``stages`` stages; without ``positions`` it is left for a layout."""
    rng = random.Random(f"{seed}:{stages}")
    doc = Document(f"Generated layered model, {stages} stages", f"seed {seed}")
    sizes = _layer_sizes(stages)
    layers: list[list[str]] = []
    index = 0
    for column, size in enumerate(sizes):
        ids = []
        for row in range(size):
            node_id = f"s{index}"
            index += 1
            node = Node(node_id, _phrase(rng, 1, 5))
            if positions:
                top = -(size - 1) * ROW_GAP_Y / 2
                node.position = (column * LAYER_GAP_X, top + row * ROW_GAP_Y)
            if rng.random() < 1 / 3:
                node.annotations = _stage_annotations(rng)
            doc.insert_node(node)
            ids.append(node_id)
        layers.append(ids)
    hub = hub_id(stages)
    hub_layer = next(i for i, ids in enumerate(layers) if hub in ids)
    keys: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()

    def link(source: str, target: str) -> None:
        if source != target and (source, target) not in seen:
            seen.add((source, target))
            keys.append((source, target))

    for column, ids in enumerate(layers[:-1]):
        for row, source in enumerate(ids):
            if source == hub:
                continue
            chosen: set[str] = set()
            while len(chosen) < 2:
                skip = 2 if rng.random() < 0.15 and column + 2 < len(layers) else 1
                targets = layers[column + skip]
                near = round(row * len(targets) / len(ids)) + rng.randint(-2, 2)
                chosen.add(targets[min(len(targets) - 1, max(0, near))])
            for target in sorted(chosen, key=lambda t: int(t[1:])):
                link(source, target)
    # The hub: half its links come in from the previous layer, half go to the next one.
    incident = [k for k in keys if hub in k]
    for key in incident:
        seen.discard(key)
        keys.remove(key)
    before, after = layers[hub_layer - 1], layers[hub_layer + 1]
    for i in range(HUB_LINKS // 2):
        link(before[(len(before) // 2 + i) % len(before)], hub)
        link(hub, after[(len(after) // 2 + i) % len(after)])
    for source, target in keys:
        edge = Edge(source, target)
        if rng.random() < 1 / 3:
            edge.annotations = _link_annotations(rng)
        if rng.random() < 0.1:
            edge.probability = round(rng.uniform(0.05, 0.95), 2)
        doc.insert_edge(edge)
    return doc


def write(stages: int, directory: Path, seed: int = 1) -> Path:
    """Write the model of ``stages`` stages as ``layered-<stages>.yaml`` in ``directory``."""
    from mesadiagram.formats import save

    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"layered-{stages}.yaml"
    save(layered_document(stages, seed), path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="+", type=int, metavar="STAGES")
    parser.add_argument("--out", type=Path, default=Path("."), help="folder for the files")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    for stages in args.sizes:
        print(write(stages, args.out, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
