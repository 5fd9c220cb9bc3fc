"""Models with credences for the sensitivity chart and risk on outcomes: the seed with
probabilities and intervention effects, and a branching model of more than ten links."""

from __future__ import annotations

from dataclasses import replace

from mesadiagram.formats import load
from mesadiagram.model import Annotation, Document, Edge, Node
from tests.conftest import EXAMPLE

# The seed's chain, each link with a credence and each intervention with an effect
# (plausible numbers for a figure, not anyone's estimate).
SEED_CREDENCES = {
    "base-optimizer->mesa-optimizer": (0.5, 0.3),
    "mesa-optimizer->misalignment": (0.6, 0.4),
    "misalignment->deployment": (0.4, 0.5),
    "deployment->distribution-shift": (0.9, 0.2),
    "distribution-shift->unanticipated-behaviour": (0.5, 0.3),
    "unanticipated-behaviour->catastrophe": (0.3, 0.4),
}


def seed_with_credences() -> Document:
    """The seed example, each link with a probability and its intervention an effect."""
    doc = load(EXAMPLE)
    for key, (p, effect) in SEED_CREDENCES.items():
        annotations = [
            replace(a, effect=effect) if a.type == "intervention" else a
            for a in doc.edge(key).annotations
        ]
        doc.update_edge(key, probability=p)
        doc.set_annotations(key, annotations)
    return doc


def branching_doc(stages: int = 9) -> Document:
    """Stages in a ladder: each linked to the next and the one after (2 x stages - 3
    links), probabilities varying, the last stage the outcome; a root prior of 0.9."""
    doc = Document("Ladder")
    for i in range(stages):
        node = Node(f"s{i}", f"Stage {i}", position=(i * 220.0, (i % 2) * 120.0))
        if i == 0:
            node.probability = 0.9
        node.outcome = i == stages - 1
        doc.insert_node(node)
    for i in range(stages - 1):
        for j in (i + 1, i + 2):
            if j < stages:
                p = round(0.2 + 0.7 * ((i * 7 + j * 3) % 10) / 10, 2)
                doc.insert_edge(Edge(f"s{i}", f"s{j}", probability=p))
    return doc


def complete_doc(stages: int = 8) -> Document:
    """Each stage linked to every later one, every link 0.3, an intervention of effect 0.5
    on the last (docs/analysis.md's ``complete.yaml``): too many uncertain links for the
    exact calculation, so some numbers are estimates and some exact."""
    doc = Document("Each stage linked to every later one")
    for i in range(1, stages + 1):
        doc.insert_node(Node(f"s{i}", f"Stage {i}", outcome=i == stages))
    for i in range(1, stages + 1):
        for j in range(i + 1, stages + 1):
            doc.insert_edge(Edge(f"s{i}", f"s{j}", probability=0.3))
    last = f"s{stages - 1}->s{stages}"
    doc.set_annotations(last, [Annotation("intervention", "audit", effect=0.5)])
    return doc
