"""Analysis with several links between the same two stages, and what-if switches by id."""

from __future__ import annotations

import itertools
import random

import pytest

from mesadiagram.analysis.graph import is_virtual, link_graph
from mesadiagram.analysis.layout import count_crossings
from mesadiagram.analysis.placement import layout_command
from mesadiagram.analysis.report import analyse, as_json
from mesadiagram.analysis.structure import reaches
from mesadiagram.analysis.text_report import render_text
from mesadiagram.model import Annotation, Document, Edge, Node
from tests.test_analysis import _brute_force


def _chain_with_parallel(
    p1: float | None = None,
    p2: float | None = None,
    effects: tuple[float | None, float | None] = (None, None),
) -> Document:
    """r -> a, two links a -> b ("direct" and "feeds back"), b -> o."""
    doc = Document("parallel")
    for name in ("r", "a", "b", "o"):
        doc.insert_node(Node(name, name.upper()))
    doc.insert_edge(Edge("r", "a", probability=0.5 if p1 is not None else None))
    for label, p, effect in (("direct", p1, effects[0]), ("feeds back", p2, effects[1])):
        anns = (
            [] if effect is None else [Annotation("intervention", f"stop {label}", effect=effect)]
        )
        doc.insert_edge(Edge("a", "b", label=label, probability=p, annotations=anns))
    doc.insert_edge(Edge("b", "o", probability=0.8 if p1 is not None else None))
    return doc


def test_link_graph_subdivides_the_second_parallel_link() -> None:
    doc = _chain_with_parallel()
    assert doc.links_between("a", "b") == ["a->b", "a->b-2"]
    lg = link_graph(doc)
    assert lg.arc["a->b"] == ("a", "b")
    middle = lg.arc["a->b-2"][1]
    assert lg.arc["a->b-2"][0] == "a" and is_virtual(middle)
    assert list(lg.graph.successors(middle)) == ["b"]
    assert (middle, "b") not in lg.link  # the certain arc carries no link
    assert lg.links(lg.graph.edges) == {e.id for e in doc.edges}


def test_cutting_one_parallel_link_leaves_the_connection() -> None:
    doc = _chain_with_parallel(effects=(0.5, None))
    a = analyse(doc)
    s = a.structure
    assert s.roots == ["r"] and s.outcomes == ["o"]
    assert s.paths == [["r", "a", "b", "o"]]  # the same stages once, no virtual stage
    assert s.relevant_links == {"r->a", "a->b", "a->b-2", "b->o"}
    assert reaches(s.graph, s.roots, {"o"}, {s.links.arc["a->b"]})
    c = a.coverage
    assert c.intervened == ["a->b"]
    assert c.unmitigated == ["r->a", "a->b-2", "b->o"]
    assert c.critical == ["r->a", "b->o"]  # neither parallel link alone
    assert c.cut_sets == []  # the "feeds back" link still leads on
    assert c.defence_in_depth == 0


def test_both_parallel_links_intervened_make_a_cut_set_of_two() -> None:
    doc = _chain_with_parallel(effects=(0.5, 0.5))
    c = analyse(doc).coverage
    assert c.cut_sets == [["a->b", "a->b-2"]]
    assert not {"a->b", "a->b-2"} & set(c.critical)
    assert c.defence_in_depth == 1


def test_risk_through_two_parallel_links() -> None:
    doc = _chain_with_parallel(0.3, 0.6, effects=(0.5, 0.25))
    a = analyse(doc)
    risk = a.risk["o"]
    assert risk.baseline.exact
    assert risk.baseline.value == pytest.approx(0.5 * (1 - 0.7 * 0.4) * 0.8)
    assert risk.with_interventions.value == pytest.approx(0.5 * (1 - 0.85 * 0.55) * 0.8)
    sens = {(s.link, s.outcome): (s.when_0, s.when_1) for s in a.sensitivity}
    assert sens[("a->b-2", "o")] == pytest.approx((0.5 * 0.3 * 0.8, 0.5 * 0.8))


def test_names_tell_parallel_links_apart() -> None:
    doc = _chain_with_parallel(0.3, 0.6)
    doc.set_annotations("a->b-2", [Annotation("intervention", "no effect")])
    a = analyse(doc)
    assert any("on a -> b [feeds back] has no effect" in w.text for w in a.warnings)
    assert any("on A → B [feeds back] has no effect" in w.editor for w in a.warnings)
    text = render_text(doc, a)
    assert "A → B [feeds back]" in text and "A → B [direct]" in text
    data = as_json(a)
    assert data["unmitigated_links"] == ["r->a", "a->b", "b->o"]
    assert {s["link"] for s in data["sensitivity"]} == {"r->a", "a->b", "a->b-2", "b->o"}


def test_disabled_switch_follows_the_intervention_not_its_position() -> None:
    doc = Document("switches")
    for name in ("r", "a", "o"):
        doc.insert_node(Node(name, name.upper()))
    doc.insert_edge(
        Edge(
            "r", "a", probability=0.5, annotations=[Annotation("intervention", "First", effect=0.5)]
        )
    )
    doc.insert_edge(
        Edge(
            "a",
            "o",
            probability=0.8,
            annotations=[Annotation("intervention", "Second", effect=0.75)],
        )
    )
    second = doc.annotations_of("a->o")[0].id
    off = {second}  # untick "Second"
    assert analyse(doc, disabled_interventions=off).risk["o"].with_interventions.value == (
        pytest.approx(0.25 * 0.8)
    )
    # a new intervention before "First": positions shift, ids do not
    doc.set_annotations(
        "r->a", [Annotation("intervention", "New", effect=0.5), *doc.annotations_of("r->a")]
    )
    a = analyse(doc, disabled_interventions=off, sensitivity=False)
    assert a.risk["o"].with_interventions.value == pytest.approx(0.125 * 0.8)
    assert a.sensitivity == []
    everything = analyse(doc, sensitivity=False).risk["o"].with_interventions.value
    assert everything == pytest.approx(0.125 * 0.2)


# -- brute force on small random multigraphs ----------------------------------------------
def _reach(doc: Document, cut: set[str]) -> bool:
    roots = {n.id for n in doc.nodes if not doc.incoming(n.id)}
    outcomes = {
        n.id for n in doc.nodes if n.outcome or (doc.incoming(n.id) and not doc.outgoing(n.id))
    }
    seen, stack = set(roots), list(roots)
    while stack:
        u = stack.pop()
        for k in doc.outgoing(u):
            v = doc.edge(k).target
            if k not in cut and v not in seen:
                seen.add(v)
                stack.append(v)
    return bool(seen & outcomes)


def _brute_cut_sets(doc: Document) -> set[frozenset[str]]:
    if not _reach(doc, set()):
        return set()
    intervened = [e.id for e in doc.edges if any(a.type == "intervention" for a in e.annotations)]
    cuts: set[frozenset[str]] = set()
    for size in (1, 2, 3):
        for combo in itertools.combinations(intervened, size):
            chosen = frozenset(combo)
            if not any(c <= chosen for c in cuts) and not _reach(doc, set(chosen)):
                cuts.add(chosen)
    return cuts


def _random_multigraph(rng: random.Random, cycles: bool) -> Document:
    n = rng.randint(3, 5)
    doc = Document("random")
    for i in range(n):
        doc.insert_node(Node(f"n{i}", f"N{i}", probability=0.7 if i == 0 else None))
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n) if rng.random() < 0.5]
    if cycles and n > 3:
        pairs.append((n - 2, 1))
    links = [(i, j) for i, j in pairs for _ in range(rng.choice((1, 1, 2, 3)))]
    rng.shuffle(links)
    for i, j in links[:9]:
        effect = round(rng.random(), 2) if rng.random() < 0.6 else None
        anns = [] if effect is None else [Annotation("intervention", "cut", effect=effect)]
        doc.insert_edge(
            Edge(f"n{i}", f"n{j}", probability=round(rng.random(), 2), annotations=anns)
        )
    return doc


@pytest.mark.parametrize("cycles", [False, True])
def test_random_multigraphs_match_brute_force(cycles: bool) -> None:
    rng = random.Random(11 if cycles else 5)
    parallel_seen = 0
    for _ in range(40):
        doc = _random_multigraph(rng, cycles)
        if not doc.edges:
            continue
        parallel_seen += any(len(doc.links_between(e.source, e.target)) > 1 for e in doc.edges)
        a = analyse(doc, sensitivity=False)
        assert {frozenset(c) for c in a.coverage.cut_sets} == _brute_cut_sets(doc)
        assert a.coverage.cut_sets_complete
        critical = [k for k in a.structure.relevant_links if not _reach(doc, {k})]
        if _reach(doc, set()):
            assert set(a.coverage.critical) == set(critical)
        for path in a.structure.paths:
            assert not any(is_virtual(n) for n in path)
        for outcome, r in a.risk.items():
            assert r.baseline.exact
            assert r.baseline.value == pytest.approx(_brute_force(doc, outcome, False))
            assert r.with_interventions.value == pytest.approx(_brute_force(doc, outcome, True))
    assert parallel_seen >= 10


# -- layout -----------------------------------------------------------------------------------
def test_layout_routes_go_to_the_first_of_parallel_links() -> None:
    doc = Document("layout")
    for name in "abcd":
        doc.insert_node(Node(name, name.upper()))
    for u, v in [("a", "b"), ("b", "c"), ("c", "d"), ("a", "d"), ("a", "d")]:
        doc.insert_edge(Edge(u, v))
    command = layout_command(doc, "TB")
    assert set(command.routes) == {"a->d"}  # the long link goes round; its twin gets none
    command.apply(doc)
    assert doc.edge("a->d").route and not doc.edge("a->d-2").route
    single = Document("one")
    for name in "abcd":
        single.insert_node(Node(name, name.upper()))
    for e in doc.edges[:4]:
        single.insert_edge(Edge(e.source, e.target))
    positions = {n.id: n.position for n in doc.nodes}
    assert count_crossings(doc, positions) == count_crossings(single, positions)
