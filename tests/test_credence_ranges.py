"""Credence ranges in the analysis: exact bounds from the ends (checked against every state
enumerated, and the monotonicity they rest on checked at points inside the ranges), the
middle as the mean risk, the median and 90 % interval with their errors, both ways of
drawing, sensitivity at a range's ends, and the reports."""

from __future__ import annotations

import json
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mesadiagram.analysis import credence_ranges
from mesadiagram.analysis.credences import credences
from mesadiagram.analysis.report import analyse, as_json
from mesadiagram.analysis.sensitivity import sensitivities
from mesadiagram.analysis.structure import analyse_structure
from mesadiagram.analysis.text_report import render_text
from mesadiagram.cli import main
from mesadiagram.model import Document, Edge, Node
from mesadiagram.model.credence import ends, middle
from tests.test_analysis_brute_force import SETTINGS, brute_force, models

RANGES = settings(SETTINGS, max_examples=50)  # (each example enumerates several models)

EXAMPLE = "examples/mesa_optimization_scenarios.yaml"


def _ranged(doc: Document, draw) -> Document:
    """``doc`` with some of its probabilities (and priors) widened into ranges."""
    for element in [*doc.nodes, *doc.edges]:
        p = element.probability
        if p is not None and draw(st.booleans()):
            width = draw(st.sampled_from([0.0, 0.1, 0.3, 1.0]))
            element.probability = (max(0.0, p - width), min(1.0, p + width / 2))
    return doc


def _at(doc: Document, pick) -> Document:
    """A copy with every range replaced by ``pick(low, high)``."""
    out = doc.copy()
    for element in [*out.nodes, *out.edges]:
        if isinstance(element.probability, tuple):
            element.probability = pick(*element.probability)
    return out


@given(st.data())
@RANGES
def test_bounds_are_the_risk_at_the_ends_and_hold_everywhere_inside(data) -> None:
    doc = _ranged(data.draw(models()), data.draw)
    a = analyse(doc, sensitivity=False)
    if not credences(doc, a.structure.roots).ranges():  # (none, or only unused priors)
        assert all(r.baseline_range is None for r in a.risk.values())
        return
    low, high = _at(doc, lambda lo, hi: lo), _at(doc, lambda lo, hi: hi)
    mid = _at(doc, lambda lo, hi: (lo + hi) / 2)
    rng = random.Random(data.draw(st.integers(0, 1000)))
    inside = [_at(doc, lambda lo, hi: lo + (hi - lo) * rng.random()) for _ in range(3)]
    for which, interventions in enumerate((False, True)):
        at_low, at_high = brute_force(low, interventions), brute_force(high, interventions)
        at_mid = brute_force(mid, interventions)
        for outcome, r in a.risk.items():
            spread = (r.baseline_range, r.with_interventions_range)[which]
            point = (r.baseline, r.with_interventions)[which]
            assert spread.low.exact and spread.high.exact
            assert abs(spread.low.value - at_low[outcome]) <= 1e-12
            assert abs(spread.high.value - at_high[outcome]) <= 1e-12
            assert abs(point.value - at_mid[outcome]) <= 1e-12  # a range counts as its middle
            for other in inside:  # monotone: nothing inside the ranges leaves the bounds
                value = brute_force(other, interventions)[outcome]
                assert spread.low.value - 1e-12 <= value <= spread.high.value + 1e-12
            assert spread.low.value - 1e-12 <= spread.median.value <= spread.high.value + 1e-12
            assert spread.q05.value <= spread.median.value <= spread.q95.value


def _chain(*probabilities) -> Document:
    doc = Document("chain")
    for i in range(len(probabilities) + 1):
        doc.insert_node(Node(f"c{i}", f"C{i}"))
    for i, p in enumerate(probabilities):
        doc.insert_edge(Edge(f"c{i}", f"c{i + 1}", probability=p))
    return doc


def test_one_range_gives_the_percentiles_of_a_uniform() -> None:
    doc = _chain(0.5, (0.2, 0.6))
    spread = analyse(doc).risk["c2"].baseline_range
    assert (spread.low.value, spread.high.value) == pytest.approx((0.1, 0.3))
    for estimate, q in ((spread.median, 0.5), (spread.q05, 0.05), (spread.q95, 0.95)):
        truth = 0.5 * (0.2 + 0.4 * q)
        assert not estimate.exact and estimate.stderr > 0
        assert abs(estimate.value - truth) <= 4 * estimate.stderr, (q, estimate)
    assert spread.draws == credence_ranges.DRAWS and spread.samples == 0


def test_the_middle_is_the_mean_over_the_draws() -> None:
    """Risk is linear in each link's probability and the draws are independent, so the
    mean over the draws of the ranges is the risk at their middles."""
    doc = _chain((0.1, 0.9), (0.3, 0.5))
    doc.insert_edge(Edge("c0", "c2", probability=(0.0, 0.4)))  # a second route
    s = analyse_structure(doc)
    cred = credences(doc, s.roots)
    arcs = cred.range_arcs(s.links)
    values = credence_ranges._exact_draws(cred, s.links, ["c2"], arcs, None, seed=3)
    draws = values[("c2", 0)]
    mean = sum(draws) / len(draws)
    sd = math.sqrt(sum((v - mean) ** 2 for v in draws) / (len(draws) - 1))
    point = analyse(doc).risk["c2"].baseline.value
    assert abs(mean - point) <= 4 * sd / math.sqrt(len(draws))
    assert abs(point - brute_force(_at(doc, lambda lo, hi: (lo + hi) / 2), False)["c2"]) < 1e-12


def test_sampled_draws_agree_with_exact_ones_within_their_errors(monkeypatch) -> None:
    doc = _chain((0.2, 0.8), 0.7, (0.4, 0.9))
    exact = analyse(doc, sensitivity=False).risk["c3"].baseline_range
    monkeypatch.setattr(credence_ranges, "EXACT_WORK", 0)  # every draw sampled
    sampled = analyse(doc, sensitivity=False).risk["c3"].baseline_range
    assert sampled.samples == credence_ranges.DRAW_SAMPLES
    assert sampled.draws == credence_ranges.sampled_draws(4) == credence_ranges.SAMPLED_DRAWS
    assert sampled.low == exact.low and sampled.high == exact.high  # (bounds: exact still)
    for a, b in (
        (exact.median, sampled.median),
        (exact.q05, sampled.q05),
        (exact.q95, sampled.q95),
    ):
        assert b.samples == credence_ranges.DRAW_SAMPLES
        assert abs(a.value - b.value) <= 4 * math.hypot(a.stderr, b.stderr), (a, b)


def _complete(n: int = 8) -> Document:
    """Every stage linked to every later one (no series or parallel link to reduce): more
    uncertain links than the exact calculation takes, as in docs/analysis.md."""
    doc = Document("complete")
    for i in range(n):
        doc.insert_node(Node(f"s{i}", f"S{i}"))
    for i in range(n):
        for j in range(i + 1, n):
            doc.insert_edge(Edge(f"s{i}", f"s{j}", probability=0.3))
    doc.edges[-1].probability = (0.1, 0.5)
    return doc


def test_a_model_too_large_for_exact_numbers_labels_them_as_estimates() -> None:
    doc = _complete()
    a = analyse(doc, sensitivity=False)
    spread = a.risk["s7"].baseline_range
    assert not spread.low.exact and spread.low.samples == 20_000 and spread.low.stderr > 0
    assert spread.samples == credence_ranges.DRAW_SAMPLES  # the draws fell back to sampling
    assert spread.low.value < spread.median.value < spread.high.value
    line = next(x for x in render_text(doc, a).splitlines() if "baseline over the" in x)
    assert " ± " in line and "(bounds)" in line and "of 4,000 samples each" in line
    entry = as_json(a)["risk"]["s7"]["ranges"]["baseline"]
    assert entry["stderr"]["low"] > 0 and entry["samples"] == 20_000
    assert entry["draw_samples"] == credence_ranges.DRAW_SAMPLES


def test_sensitivity_holds_a_range_at_its_ends() -> None:
    doc = _chain((0.2, 0.6), 0.5)
    a = analyse(doc)
    first, second = a.sensitivity
    assert (first.low, first.high) == (0.2, 0.6) and (second.low, second.high) == (0.0, 1.0)
    assert first.when_0 == pytest.approx(0.2 * 0.5) and first.when_1 == pytest.approx(0.6 * 0.5)
    assert second.when_1 == pytest.approx(0.4)  # the range at its middle
    entries = as_json(a)["sensitivity"]
    assert entries[0]["held_at"] == [0.2, 0.6] and "held_at" not in entries[1]


@given(st.data())
@RANGES
def test_sampled_sensitivity_at_a_range_end_is_within_four_errors(data) -> None:
    doc = _ranged(data.draw(models()), data.draw)
    s = analyse_structure(doc)
    cred = credences(doc, s.roots)
    base = cred.network(s.links, False)
    links = [(e.id, s.links.arc[e.id]) for e in doc.edges if e.id in s.relevant_links]
    held = {k: ends(p) for k, p in cred.links.items() if isinstance(p, tuple)}
    mid = _at(doc, lambda lo, hi: (lo + hi) / 2)
    for x in sensitivities(base, links, s.outcomes, exact=False, ends=held):
        for end, estimate in ((x.low, x.at_0), (x.high, x.at_1)):
            truth = brute_force(mid, False, (x.link, end))[x.outcome]
            error = max(estimate.stderr, math.sqrt(max(0.0, truth * (1 - truth)) / 20_000))
            assert abs(estimate.value - truth) <= 4 * error + 1e-12


def test_the_reports_label_every_number(capsys) -> None:
    assert main(["analyze", EXAMPLE]) == 0
    text = capsys.readouterr().out
    assert "a credence range counts as its middle, which gives the mean risk" in text
    line = next(x for x in text.splitlines() if x.startswith("    baseline over the credence"))
    assert "(exact bounds); median " in line and "(estimates from 1,000 draws)" in line
    assert "link Base optimizer → Mesa optimizer (at 0.3 / 0.7): P(Catastrophe)" in text
    assert main(["analyze", "--json", EXAMPLE]) == 0
    risk = json.loads(capsys.readouterr().out)["risk"]["catastrophe"]
    ranges = risk["ranges"]["with_interventions"]
    assert set(ranges) == {"low", "high", "median", "interval", "draws", "exact", "stderr"}
    assert ranges["exact"] is False and ranges["stderr"]["low"] is None
    assert ranges["stderr"]["median"] > 0 and len(ranges["stderr"]["interval"]) == 2
    assert ranges["low"] <= ranges["interval"][0] <= ranges["median"] <= ranges["interval"][1]
    assert middle((0.3, 0.7)) == 0.5
