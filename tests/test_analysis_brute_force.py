"""An independent check of the risk numbers: every on/off state of every link and root.

Small random models (cycles, parallel links, priors, interventions, marked outcomes) are
drawn by Hypothesis. For each, this file enumerates all 2^n states of the uncertain links
and roots, finds what each state reaches with its own search, and sums the weights. The
analysis must agree: exact numbers to 1e-12, Monte Carlo estimates (forced with
``exact=False``) within 4 standard errors, sensitivity values both ways. Nothing here
uses the analysis's own graph code; derandomized, so a run is the same every time.
"""

from __future__ import annotations

import itertools
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesadiagram.analysis.report import analyse
from mesadiagram.analysis.risk import Network, link_probabilities, risk_estimates, root_priors
from mesadiagram.analysis.sensitivity import sensitivities
from mesadiagram.analysis.structure import analyse_structure
from mesadiagram.model import Annotation, Document, Edge, Node

SETTINGS = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,  # (a statistical check: the same examples every run)
    suppress_health_check=[HealthCheck.too_slow],
)
PROBS = st.sampled_from([0.5, None, 0.0, 1.0, 0.3, 0.9, 0.123456789, 0.07, 0.6, 0.2])


@st.composite
def models(draw) -> Document:
    n = draw(st.integers(2, 6))
    doc = Document("random")
    for i in range(n):
        prior = draw(st.sampled_from([None, None, 0.6, 0.25]))
        doc.insert_node(Node(f"s{i}", f"S{i}", probability=prior))
    links = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=9))
    for u, v in links:
        if u == v:
            continue
        effect = draw(st.sampled_from([None, None, 0.5, 0.2, 1.0]))
        anns = [] if effect is None else [Annotation("intervention", "cut", effect=effect)]
        doc.insert_edge(Edge(f"s{u}", f"s{v}", probability=draw(PROBS), annotations=anns))
    if not any(e.probability is not None for e in doc.edges) and doc.edges:
        doc.edges[0].probability = 0.5
    for i in draw(st.lists(st.integers(0, n - 1), max_size=2)):
        doc.node(f"s{i}").outcome = True
    return doc


def brute_force(doc: Document, interventions: bool, held: tuple[str, float] | None = None):
    """P(each stage is reached) by enumerating every state of every uncertain link and
    root; ``held`` fixes one link's probability (sensitivity)."""
    links = []
    for edge in doc.edges:
        p = 1.0 if edge.probability is None else edge.probability
        if interventions:
            for a in edge.annotations:
                if a.type == "intervention" and a.effect is not None:
                    p *= 1.0 - a.effect
        if held and edge.id == held[0]:
            p = held[1]
        links.append((edge.source, edge.target, p))
    roots = [n for n in doc.nodes if not doc.incoming(n.id)]
    priors = [(n.id, 1.0 if n.probability is None else n.probability) for n in roots]
    unsure = [("root", k) for k, (_, p) in enumerate(priors) if 0 < p < 1]
    unsure += [("link", k) for k, (*_, p) in enumerate(links) if 0 < p < 1]
    totals = {n.id: 0.0 for n in doc.nodes}
    for states in itertools.product((False, True), repeat=len(unsure)):
        chosen = dict(zip(unsure, states, strict=True))
        weight = 1.0
        for (kind, k), on in chosen.items():
            p = priors[k][1] if kind == "root" else links[k][2]
            weight *= p if on else 1.0 - p
        active = [
            r for k, (r, p) in enumerate(priors) if chosen.get(("root", k), p >= 1.0) and p > 0
        ]
        open_links = [
            (u, v) for k, (u, v, p) in enumerate(links) if chosen.get(("link", k), p >= 1.0)
        ]
        reached = set(active)
        grew = True
        while grew:  # plain fixed point: no graph library, no ordering
            grew = False
            for u, v in open_links:
                if u in reached and v not in reached:
                    reached.add(v)
                    grew = True
        for stage in reached:
            totals[stage] += weight
    return totals


def _networks(doc: Document):
    s = analyse_structure(doc)
    priors = root_priors(doc, s.roots)
    base = Network.of_links(s.links, link_probabilities(doc, False), priors)
    cut = Network.of_links(s.links, link_probabilities(doc, True), priors)
    return s, base, cut


@given(models())
@SETTINGS
def test_exact_risk_matches_every_state_enumerated(doc: Document) -> None:
    a = analyse(doc)
    if not doc.edges:  # no link, so no probability: risk is not computed
        assert not a.risk_computed and a.risk == {}
        return
    base, cut = brute_force(doc, False), brute_force(doc, True)
    assert set(a.risk) == set(a.structure.outcomes)
    for outcome, r in a.risk.items():
        assert r.baseline.exact and r.with_interventions.exact  # small: always exact
        assert abs(r.baseline.value - base[outcome]) <= 1e-12
        assert abs(r.with_interventions.value - cut[outcome]) <= 1e-12
    for x in a.sensitivity:
        assert x.exact
        assert abs(x.when_0 - brute_force(doc, False, (x.link, 0.0))[x.outcome]) <= 1e-12
        assert abs(x.when_1 - brute_force(doc, False, (x.link, 1.0))[x.outcome]) <= 1e-12


def _within(estimate, truth: float, samples: int) -> bool:
    """Within 4 standard errors (the larger of the reported one and the true one)."""
    true_error = math.sqrt(truth * (1 - truth) / samples)
    return abs(estimate.value - truth) <= 4 * max(estimate.stderr, true_error) + 1e-12


@given(models(), st.integers(0, 3))
@SETTINGS
def test_monte_carlo_is_within_four_standard_errors(doc: Document, seed: int) -> None:
    s, base, cut = _networks(doc)
    found = risk_estimates(base, cut, s.outcomes, seed=seed, exact=False)
    truth = (brute_force(doc, False), brute_force(doc, True))
    for outcome, pair in found.items():
        for which, estimate in enumerate(pair):
            expected = truth[which][outcome]
            if estimate.exact:  # decided without sampling (certain, or cut off)
                assert abs(estimate.value - expected) <= 1e-12
            else:
                assert estimate.samples == 20_000 and estimate.stderr > 0
                assert _within(estimate, expected, estimate.samples), (outcome, which)


@given(models())
@SETTINGS
def test_sampled_sensitivity_is_within_four_standard_errors(doc: Document) -> None:
    s, base, _ = _networks(doc)
    links = [(e.id, s.links.arc[e.id]) for e in doc.edges if e.id in s.relevant_links]
    for x in sensitivities(base, links, s.outcomes, exact=False):
        for end, estimate in ((0.0, x.at_0), (1.0, x.at_1)):
            expected = brute_force(doc, False, (x.link, end))[x.outcome]
            if estimate.exact:
                assert abs(estimate.value - expected) <= 1e-12
            else:
                assert _within(estimate, expected, estimate.samples), (x.link, end)


def test_the_checker_itself_on_a_hand_computed_model() -> None:
    """The brute force agrees with arithmetic: two routes, one with a cycle on it."""
    doc = Document("hand")
    for name in ("r", "a", "b", "o"):
        doc.insert_node(Node(name, name.upper(), probability=0.9 if name == "r" else None))
    doc.insert_edge(Edge("r", "a", probability=0.5))
    doc.insert_edge(Edge("a", "b", probability=0.4))
    doc.insert_edge(Edge("b", "a", probability=0.7))  # a cycle: adds no way in
    doc.insert_edge(Edge("b", "o", probability=0.3))
    doc.insert_edge(Edge("r", "o", probability=0.2))
    expected = 0.9 * (1 - (1 - 0.5 * 0.4 * 0.3) * (1 - 0.2))
    assert abs(brute_force(doc, False)["o"] - expected) <= 1e-12
