"""Cut sets on models with cycles and unrelated blocks: the search costs only the links on
paths, finds every minimal set, and when its budget stops it, says so truthfully."""

from __future__ import annotations

import itertools

import pytest

from mesadiagram.analysis import cut_sets
from mesadiagram.analysis.report import analyse
from mesadiagram.analysis.structure import reaches
from mesadiagram.model import Annotation, Document, Edge, Node

ROUTE = 24  # intervened links on each of the two routes: 48 in all, 24 x 24 pair cut sets


def two_routes_and_a_block(cycle: bool = True, block: int = 60) -> Document:
    """The issue's case: two routes of 24 intervened links each from a root to the outcome,
    a link back on the first route (a cycle on a path), and an unrelated block of
    ``block`` stages, each linked to every other (no root leads there, no outcome after)."""
    doc = Document("cyclic cut sets")
    doc.insert_node(Node("r", "Root"))
    for route in "ab":
        for i in range(1, ROUTE):
            doc.insert_node(Node(f"{route}{i}", f"{route.upper()} {i}"))
    doc.insert_node(Node("o", "Outcome", outcome=True))
    for k in range(block):
        doc.insert_node(Node(f"u{k}", f"Unrelated {k}"))
    for route in "ab":
        chain = ["r", *(f"{route}{i}" for i in range(1, ROUTE)), "o"]
        for u, v in itertools.pairwise(chain):
            doc.insert_edge(Edge(u, v, annotations=[Annotation("intervention", f"stop {u}-{v}")]))
    if cycle:
        doc.insert_edge(Edge("a12", "a11"))  # back on route a: a cycle on a path
    for i, j in itertools.permutations(range(block), 2):
        doc.insert_edge(Edge(f"u{i}", f"u{j}"))
    return doc


def test_cyclic_model_lists_all_576_minimal_pair_cut_sets() -> None:
    doc = two_routes_and_a_block()
    assert len(doc.edges) > 3500  # (the block: 3,540 links no path uses)
    a = analyse(doc, sensitivity=False)
    assert a.coverage.intervened and len(a.coverage.intervened) == 2 * ROUTE
    cuts = a.coverage.cut_sets
    assert len(cuts) == ROUTE * ROUTE == 576
    assert all(len(c) == 2 for c in cuts)
    # each pair: one link of each route (the back link carries no intervention)
    assert {tuple(k.split("->")[0][0] for k in c) for c in cuts} == {("r", "r"), ("r", "b")} | {
        ("a", "r"),
        ("a", "b"),
    }
    assert a.coverage.cut_sets_complete
    assert not any("cut sets" in w.text for w in a.warnings)


def test_links_no_path_uses_cost_the_search_nothing() -> None:
    with_block = analyse(two_routes_and_a_block(block=60), sensitivity=False).coverage
    without = analyse(two_routes_and_a_block(block=0), sensitivity=False).coverage
    assert with_block.cut_sets == without.cut_sets
    assert with_block.cut_search.work == without.cut_search.work  # not a link more visited
    assert with_block.cut_search.links == 2 * ROUTE + 1  # the links on paths only


def test_the_warning_says_the_budget_stopped_it_and_at_which_size(monkeypatch) -> None:
    doc = two_routes_and_a_block()
    flow_links = 2 * ROUTE + 1 + 2  # links on paths, the source's and the sink's arcs
    # each check visits them all: enough for the single links and 19 of the 48 pair bases
    monkeypatch.setattr(cut_sets, "WORK_BUDGET", 20 * flow_links)
    a = analyse(doc, sensitivity=False)
    search = a.coverage.cut_search
    assert not search.complete and search.stopped_at == 2
    assert len(a.coverage.cut_sets) == 19 * ROUTE  # each base on route a: its 24 partners
    (warning,) = [w for w in a.warnings if "cut sets" in w.text]
    assert "cut sets of size 2 not all searched" in warning.text
    assert "work budget" in warning.text and f"{search.budget:,} link visits" in warning.text
    assert "49 links on paths" in warning.text and "48 with an intervention" in warning.text
    assert "none larger searched" in warning.text
    assert "cut sets of 2 interventions may be missing" in warning.editor
    assert "too many intervened links" not in warning.text  # (the old, untrue reason)


def test_a_budget_stopping_only_size_three_names_size_three(monkeypatch) -> None:
    doc = two_routes_and_a_block(block=0)
    flow_links = 2 * ROUTE + 1 + 2  # links on paths, source and sink arcs
    # the singles (1 + 48 checks) and all pair bases, then a few of the triples' bases
    monkeypatch.setattr(cut_sets, "WORK_BUDGET", (1 + 48 + 10) * flow_links)
    a = analyse(doc, sensitivity=False)
    assert a.coverage.cut_search.stopped_at == 3
    (warning,) = [w for w in a.warnings if "cut sets" in w.text]
    assert warning.text.startswith("cut sets of size 3 not all searched")
    assert "none larger" not in warning.text
    assert len(a.coverage.cut_sets) == 576  # every pair was found before it stopped


@pytest.mark.parametrize("seed", range(6))
def test_random_cyclic_models_match_brute_force_cut_sets(seed: int) -> None:
    import random

    rng = random.Random(seed)
    for _ in range(40):
        n = rng.randint(3, 8)
        doc = Document("t")
        for i in range(n):
            doc.insert_node(Node(f"n{i}", f"N{i}"))
        for _ in range(rng.randint(2, 14)):
            u, v = rng.sample(range(n), 2)
            anns = [Annotation("intervention", "x")] if rng.random() < 0.6 else []
            doc.insert_edge(Edge(f"n{u}", f"n{v}", annotations=anns))
        for i in rng.sample(range(n), rng.randint(1, 2)):
            doc.node(f"n{i}").outcome = True
        a = analyse(doc, sensitivity=False)
        s = a.structure
        outcomes = set(s.outcomes)

        def cuts(links, s=s, outcomes=outcomes) -> bool:
            return not reaches(s.graph, s.roots, outcomes, {s.links.arc[k] for k in links})

        if cuts([]):
            assert a.coverage.cut_sets == [] and a.coverage.critical == []
            continue
        cand = [e.id for e in doc.edges if e.id in s.relevant_links and e.annotations]
        expected: list[list[str]] = []
        for size in (1, 2, 3):
            for combo in itertools.combinations(cand, size):
                if not any(set(c) <= set(combo) for c in expected) and cuts(combo):
                    expected.append(list(combo))
        assert sorted(map(sorted, a.coverage.cut_sets)) == sorted(map(sorted, expected))
        relevant = [e.id for e in doc.edges if e.id in s.relevant_links]
        assert a.coverage.critical == [k for k in relevant if cuts([k])]
