"""The seed example carries the whole seed model (../shared/seed/README.md)."""

from __future__ import annotations

from collections import Counter

from mesadiagram.formats import dumps
from mesadiagram.resource_files import template_names, template_text
from tests.conftest import EXAMPLE

CHAIN = [
    "Base optimizer",
    "Mesa optimizer",
    "Misalignment",
    "Deployment",
    "Distribution shift",
    "Unanticipated behaviour",
    "Catastrophe",
]


def test_counts_match_the_seed(seed_doc) -> None:
    kinds = Counter(ann.type for _, ann in seed_doc.iter_annotations())
    assert [n.label for n in seed_doc.nodes] == CHAIN
    assert len(seed_doc.edges) == 6
    assert [(e.source, e.target) for e in seed_doc.edges] == [
        (a.id, b.id) for a, b in zip(seed_doc.nodes, seed_doc.nodes[1:], strict=False)
    ]
    assert kinds["kind"] == 5
    assert kinds["caveat"] == 2
    assert kinds["intervention"] == 6
    assert kinds["note"] == 3
    assert kinds["mechanism"] == 5
    # The seed's list names 8 methods (1 + 2 + 0 + 0 + 2 + 3); its summary line says 9.
    methods = [
        i.label for _, a in seed_doc.iter_annotations() if a.type == "intervention" for i in a.items
    ]
    assert len(methods) == 8
    assert all(e.annotations[0].type == "intervention" for e in seed_doc.edges)


def test_seed_wording_is_kept(seed_doc) -> None:
    misalignment = seed_doc.node("misalignment")
    assert misalignment.text == "base objective != mesa objective"
    assert [a.label for a in misalignment.annotations if a.type == "kind"] == [
        "Proxy",
        "Side-effect",
        "Instrumental",
        "Approximate",
        "Suboptimal",
    ]
    assert "limits of representation in mesa-optimizer’s model" in misalignment.annotations[3].text
    text = EXAMPLE.read_text(encoding="utf-8")
    for phrase in [
        "prevent mesa-optimizer arising",
        "Shut down",
        "Out-of-distribution detection",
        "Intervention from other actors (depends on decisive strategic advantage)",
        "it could carry greater risk.",
        "rather than merely perform a specified task.",
        "intervention comes before Base → Mesa",
        "don’t deploy misaligned mesa-optimizer",
    ]:
        assert phrase in text


def test_laid_out_left_to_right(seed_doc) -> None:
    xs = [n.position[0] for n in seed_doc.nodes]
    assert xs == sorted(xs) and len(set(xs)) == 7
    assert {n.position[1] for n in seed_doc.nodes} == {0}


def test_example_is_canonical_and_offered_as_template(seed_doc) -> None:
    assert dumps(seed_doc) == EXAMPLE.read_text(encoding="utf-8")
    assert "mesa_optimization" in template_names()
    assert template_text("mesa_optimization") == EXAMPLE.read_text(encoding="utf-8")


def test_example_is_version_2_and_names_every_annotation(seed_doc) -> None:
    """The example is a current file: it says its version and writes each annotation's id,
    so a figure, a scenario or a presentation step can refer to it."""
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.startswith("mesadiagram: 2\n")
    annotations = list(seed_doc.iter_annotations())
    ids = [a.id for _, a in annotations]
    assert len(set(ids)) == len(ids) == 21
    assert text.count("\n      - id: ") == len(ids)  # each annotation begins with its id
    assert "proxy" in ids and seed_doc.annotation("proxy")[0] == "misalignment"
    # One link between each pair: every link has its default id, so none is written.
    assert [e.id for e in seed_doc.edges] == [f"{e.source}->{e.target}" for e in seed_doc.edges]
    assert "\n  - id: " not in text.split("\nedges:\n", 1)[1]
