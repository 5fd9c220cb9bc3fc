"""Models for the placement tests: the seed laid out both ways, a branching model with a
loop and labelled links both ways, and random layered models laid out as the editor
lays them out."""

from __future__ import annotations

import sys
from pathlib import Path

from mesadiagram.analysis.placement import layout_command
from mesadiagram.formats import load
from mesadiagram.model import Annotation, Document, Edge, Item, Node
from mesadiagram.render.sizes import node_sizes
from tests.conftest import EXAMPLE

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import layered_document


def laid_out(doc: Document, direction: str) -> Document:
    """``doc`` laid out by auto-layout (Arrange > Layout), ``LR`` or ``TB``."""
    layout_command(doc, direction, node_sizes(doc)).apply(doc)
    return doc


def seed(direction: str = "LR") -> Document:
    """The seed example as it is (left to right), or laid out top to bottom."""
    doc = load(EXAMPLE)
    return doc if direction == "LR" else laid_out(doc, "TB")


def _iv(label: str, *methods: str) -> Annotation:
    return Annotation("intervention", label, items=[Item(m) for m in methods])


def branching() -> Document:
    """Branches, a loop of two links between the same stages each way (one of them
    "feeds back  p = 0.8"), labels with probabilities, and annotations on most elements."""
    doc = Document("Branching", "placement test")
    kinds = [Annotation("kind", k, f"{k}: as described") for k in ("Proxy", "Side-effect")]
    stages = [
        Node("base", "Base optimizer"),
        Node("mesa", "Mesa optimizer", annotations=[Annotation("mechanism", "Search over models")]),
        Node("mis", "Misalignment", annotations=[*kinds, Annotation("note", "Hard to detect")]),
        Node("watch", "Oversight", annotations=[Annotation("caveat", "Only as good as its tools")]),
        Node("deploy", "Deployment"),
        Node("shift", "Distribution shift", annotations=[Annotation("mechanism", "New inputs")]),
        Node("harm", "Catastrophe", annotations=[Annotation("caveat", "Counter-productive")]),
        Node("audit", "Audit"),
    ]
    for node in stages:
        doc.insert_node(node)
    links = [
        Edge("base", "mesa", annotations=[_iv("Prevent mesa-optimizers", "Subsystem search")]),
        Edge("mesa", "mis", label="enables", probability=0.6),
        Edge("mis", "deploy", annotations=[_iv("Don't deploy")]),
        Edge("mis", "watch", label="evades", annotations=[Annotation("note", "Both ways")]),
        Edge("watch", "mis", label="feeds back", probability=0.8, annotations=[_iv("Red team")]),
        Edge("deploy", "shift"),
        Edge("shift", "harm", probability=0.3, annotations=[_iv("Shut down", "Tripwires")]),
        Edge("watch", "harm", label="triggers", probability=0.1),
        Edge("audit", "watch", annotations=[Annotation("note", "Yearly")]),
        Edge("audit", "deploy", label="gates"),
    ]
    for edge in links:
        doc.insert_edge(edge)
    return doc


def random_model(stages: int, seed_: int, direction: str) -> Document:
    """A generated layered model (``benchmarks/generate.py``) laid out by auto-layout."""
    return laid_out(layered_document(stages, seed_, positions=False), direction)
