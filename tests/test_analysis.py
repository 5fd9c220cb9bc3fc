"""Threat-model analysis on the seed and on small hand-computed graphs."""

from __future__ import annotations

import itertools
import json

import pytest

from mesadiagram.analysis.report import analyse
from mesadiagram.analysis.risk import Network, reach_probability
from mesadiagram.cli import main
from mesadiagram.model import Annotation, Document, Edge, Node
from tests.conftest import EXAMPLE


def _doc(
    edges: list[tuple[str, str, float | None, float | None]], priors: dict[str, float] | None = None
) -> Document:
    """Links as (from, to, probability, intervention effect or None for no intervention)."""
    doc = Document("t")
    names = list(dict.fromkeys(n for u, v, *_ in edges for n in (u, v)))
    for name in names:
        doc.insert_node(Node(name, name.upper(), probability=(priors or {}).get(name)))
    for u, v, p, effect in edges:
        anns = (
            []
            if effect is None
            else [Annotation("intervention", f"cut {u}{v}", effect=effect if effect >= 0 else None)]
        )
        doc.insert_edge(Edge(u, v, probability=p, annotations=anns))
    return doc


def _brute_force(doc: Document, target: str, interventions: bool) -> float:
    """Sum over every on/off assignment of links (and roots)."""
    edges = doc.edges
    probs = []
    for e in edges:
        p = 1.0 if e.probability is None else e.probability
        if interventions:
            for a in e.annotations:
                if a.type == "intervention" and a.effect is not None:
                    p *= 1 - a.effect
        probs.append(p)
    roots = [n for n in doc.nodes if not doc.incoming(n.id)]
    priors = [1.0 if n.probability is None else n.probability for n in roots]
    total = 0.0
    for root_states in itertools.product([0, 1], repeat=len(roots)):
        for states in itertools.product([0, 1], repeat=len(edges)):
            weight = 1.0
            for on, p in zip(root_states, priors, strict=True):
                weight *= p if on else 1 - p
            for on, p in zip(states, probs, strict=True):
                weight *= p if on else 1 - p
            if weight == 0:
                continue
            reached = {r.id for r, on in zip(roots, root_states, strict=True) if on}
            changed = True
            while changed:
                changed = False
                for e, on in zip(edges, states, strict=True):
                    if on and e.source in reached and e.target not in reached:
                        reached.add(e.target)
                        changed = True
            if target in reached:
                total += weight
    return total


def test_seed_example(seed_doc) -> None:
    a = analyse(seed_doc)
    assert a.coverage.unmitigated == []
    assert len(a.coverage.cut_sets) == 6
    assert all(len(cut) == 1 for cut in a.coverage.cut_sets)
    assert a.coverage.defence_in_depth == 6
    assert a.structure.roots == ["base-optimizer"]
    assert a.structure.outcomes == ["catastrophe"]
    assert a.risk == {}  # the seed gives no credences


def test_chain_with_one_undefended_link() -> None:
    doc = _doc([("a", "b", 0.5, 0.5), ("b", "c", 0.4, None), ("c", "d", 0.9, 0.2)])
    a = analyse(doc)
    assert a.coverage.unmitigated == ["b->c"]
    assert a.coverage.critical == ["a->b", "b->c", "c->d"]
    assert a.coverage.cut_sets == [["a->b"], ["c->d"]]
    assert a.coverage.defence_in_depth == 2
    risk = a.risk["d"]
    assert risk.baseline.value == pytest.approx(0.5 * 0.4 * 0.9)
    assert risk.with_interventions.value == pytest.approx(0.25 * 0.4 * 0.72)
    sens = {(s.link, s.outcome): (s.when_0, s.when_1) for s in a.sensitivity}
    assert sens[("b->c", "d")] == pytest.approx((0.0, 0.5 * 0.9))
    assert sens[("a->b", "d")] == pytest.approx((0.0, 0.4 * 0.9))


def test_diamond() -> None:
    doc = _doc(
        [("s", "a", 0.6, 0.5), ("s", "b", 0.7, None), ("a", "t", 0.8, None), ("b", "t", 0.5, 0.1)]
    )
    a = analyse(doc)
    assert sorted(map(tuple, a.structure.paths)) == [("s", "a", "t"), ("s", "b", "t")]
    assert a.coverage.unmitigated == ["s->b", "a->t"]
    assert a.coverage.critical == []
    assert a.coverage.cut_sets == [["s->a", "b->t"]]
    assert a.coverage.defence_in_depth == 1
    for interventions in (False, True):
        field = "with_interventions" if interventions else "baseline"
        assert getattr(a.risk["t"], field).value == pytest.approx(
            _brute_force(doc, "t", interventions)
        )
    # by hand: 1 - (1 - .6*.8)(1 - .7*.5)
    assert a.risk["t"].baseline.value == pytest.approx(1 - (1 - 0.48) * (1 - 0.35))


def test_two_disjoint_paths_and_priors() -> None:
    doc = _doc(
        [("r1", "x", 0.5, 0.5), ("x", "o", 0.5, None), ("r2", "y", 0.9, 0.9), ("y", "o", 0.3, 0.3)],
        priors={"r1": 0.2, "r2": 0.5},
    )
    a = analyse(doc)
    assert a.structure.roots == ["r1", "r2"]
    assert len(a.coverage.cut_sets) == 2  # one intervention on each path
    assert all(len(cut) == 2 for cut in a.coverage.cut_sets)
    for interventions in (False, True):
        field = "with_interventions" if interventions else "baseline"
        assert getattr(a.risk["o"], field).value == pytest.approx(
            _brute_force(doc, "o", interventions)
        )


def test_random_graphs_match_brute_force() -> None:
    import random

    rng = random.Random(7)
    for _ in range(25):
        n = rng.randint(3, 6)
        pairs = [(i, j) for i in range(n) for j in range(i + 1, n) if rng.random() < 0.5]
        if not pairs:
            continue
        edges = [
            (
                f"n{i}",
                f"n{j}",
                round(rng.random(), 2),
                round(rng.random(), 2) if rng.random() < 0.5 else None,
            )
            for i, j in pairs[:9]
        ]
        doc = _doc(edges)
        a = analyse(doc, sensitivity=False)
        for outcome, r in a.risk.items():
            assert r.baseline.exact
            assert r.baseline.value == pytest.approx(_brute_force(doc, outcome, False))
            assert r.with_interventions.value == pytest.approx(_brute_force(doc, outcome, True))


def test_monte_carlo_within_three_standard_errors() -> None:
    doc = _doc(
        [
            ("s", "a", 0.6, None),
            ("s", "b", 0.7, None),
            ("a", "t", 0.8, None),
            ("b", "t", 0.5, None),
            ("a", "b", 0.4, None),
        ]
    )
    net = Network({(e.source, e.target): e.probability for e in doc.edges}, {"s": 1.0})
    exact = reach_probability(net, "t")
    estimate = reach_probability(net, "t", exact_limit=0, samples=20_000, seed=3)
    assert exact.exact and not estimate.exact
    assert abs(estimate.value - exact.value) <= 3 * estimate.stderr


def test_cycles_and_warnings() -> None:
    doc = _doc(
        [("a", "b", 0.5, 0.5), ("b", "c", 0.5, None), ("c", "b", 0.5, None), ("c", "d", 0.5, None)]
    )
    doc.insert_node(Node("loose", "Loose"))  # no links at all
    doc.insert_node(Node("p", "P"))  # p <-> q: no root leads there, no outcome after
    doc.insert_node(Node("q", "Q"))
    doc.insert_edge(Edge("p", "q", annotations=[Annotation("intervention", "noop")]))
    doc.insert_edge(Edge("q", "p"))
    doc.node("b").outcome = True
    doc.node("d").outcome = True
    a = analyse(doc)
    text = "\n".join(w.text for w in a.warnings)
    assert "cycles" in text
    assert "not connected to any outcome" in text and "loose" in text
    assert "no path to an outcome uses this link" in text
    assert "has no effect given" in text
    assert a.structure.outcomes == ["b", "d"]
    assert a.risk["d"].baseline.value == pytest.approx(_brute_force(doc, "d", False))
    assert a.risk["b"].baseline.value == pytest.approx(0.5)


def test_cli_analyze_json_and_text(capsys) -> None:
    assert main(["analyze", "--json", str(EXAMPLE)]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in (
        "roots",
        "outcomes",
        "paths",
        "unmitigated_links",
        "critical_links",
        "cut_sets",
        "defence_in_depth",
        "sensitivity",
        "warnings",
    ):
        assert key in data
    assert data["risk"] is None  # no credences: risk not computed
    assert data["defence_in_depth"] == 6
    assert len(data["cut_sets"]) == 6
    assert data["cut_sets"][0] == ["base-optimizer->mesa-optimizer"]
    assert main(["analyze", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "Defence in depth: 6" in out and "Unmitigated links: none" in out


def test_json_risk_present_with_probabilities(tmp_path, capsys) -> None:
    from mesadiagram.formats import save

    path = tmp_path / "m.yaml"
    save(_doc([("a", "b", 0.5, 0.5), ("b", "c", 0.4, None)]), path)
    assert main(["analyze", "--json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["risk"]["c"]["baseline"] == pytest.approx(0.2)
    assert data["risk"]["c"]["with_interventions"] == pytest.approx(0.1)
    assert data["unmitigated_links"] == ["b->c"]
