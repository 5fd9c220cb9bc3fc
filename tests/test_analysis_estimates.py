"""Every risk and sensitivity number is exact or a labelled estimate with its error; Monte
Carlo takes 20,000 samples for any model; series and parallel links keep large chains
exact."""

from __future__ import annotations

import json
import math
import random

import pytest

from mesadiagram.analysis.reliability import exact_reach
from mesadiagram.analysis.report import analyse, as_json
from mesadiagram.analysis.risk import SOURCE, Network, reach_probability, risk_estimates
from mesadiagram.analysis.sampling import Sampler, bernoulli_masks
from mesadiagram.analysis.text_report import render_text
from mesadiagram.cli import main
from mesadiagram.formats import save
from mesadiagram.model import Annotation, Document, Edge, Node
from mesadiagram.ui.analysis_rows import summary_html


def closed_block() -> Document:
    """r -> o (0.5), and r -> g0 at probability 0 into eight stages each linked to every
    later one (28 links of 0.5, which no reduction simplifies), g7 -> o (0.9)."""
    doc = Document("closed block")
    for n in ["r", *(f"g{i}" for i in range(8)), "o"]:
        doc.insert_node(Node(n, n.upper(), outcome=n == "o"))
    doc.insert_edge(Edge("r", "o", probability=0.5))
    doc.insert_edge(Edge("r", "g0", probability=0.0))
    for i in range(8):
        for j in range(i + 1, 8):
            doc.insert_edge(Edge(f"g{i}", f"g{j}", probability=0.5))
    doc.insert_edge(Edge("g7", "o", probability=0.9))
    return doc


def test_a_sensitivity_value_from_sampling_says_so(tmp_path, capsys) -> None:
    doc = closed_block()
    a = analyse(doc)
    assert a.risk["o"].baseline.exact and a.risk["o"].baseline.value == 0.5
    (opened,) = [x for x in a.sensitivity if x.link == "r->g0"]
    assert opened.at_0.exact and opened.at_0.value == pytest.approx(0.5)
    assert not opened.exact and not opened.at_1.exact
    assert opened.at_1.samples == 20_000 and opened.at_1.stderr > 0
    # the true value, by a factoring with no limit, within 4 standard errors
    arcs = [(e.source, e.target, e.probability) for e in doc.edges if e.id != "r->g0"]
    truth = exact_reach([*arcs, ("r", "g0", 1.0)], "r", "o", limit=100, pool=None)
    assert abs(opened.when_1 - truth) <= 4 * opened.at_1.stderr
    entry = next(x for x in as_json(a)["sensitivity"] if x["link"] == "r->g0")
    assert entry["exact"] is False and entry["samples"] == 20_000
    assert entry["stderr"] == {"when_0": None, "when_1": opened.at_1.stderr}
    plain_entry = next(x for x in as_json(a)["sensitivity"] if x["link"] == "r->o")
    assert plain_entry["exact"] is True and "stderr" not in plain_entry
    line = next(x for x in render_text(doc, a).splitlines() if "link R → G0:" in x)
    assert "0.5 (exact) / " in line and " ± " in line and line.endswith("(estimate)")
    assert any("Monte Carlo estimates (20,000 samples" in w.text for w in a.warnings)
    path = tmp_path / "block.yaml"
    save(doc, path)
    assert main(["analyze", "--json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert next(x for x in data["sensitivity"] if x["link"] == "r->g0")["exact"] is False


def layered(links_per_stage: int = 2, stages: int = 300, seed: int = 4) -> Document:
    """A layered model with a probability on every link: far too big to be exact."""
    rng = random.Random(seed)
    doc = Document("layered")
    width = 10
    for i in range(stages):
        doc.insert_node(Node(f"s{i}", f"S{i}", outcome=i >= stages - width))
    for i in range(stages - width):
        layer = i // width
        for t in rng.sample(range(width), links_per_stage):
            doc.insert_edge(Edge(f"s{i}", f"s{(layer + 1) * width + t}", probability=0.6))
    return doc


def test_monte_carlo_takes_20000_samples_whatever_the_size() -> None:
    doc = layered()
    assert len(doc.edges) >= 580
    a = analyse(doc, sensitivity=False)
    estimates = [e for r in a.risk.values() for e in (r.baseline, r.with_interventions)]
    assert estimates and all(not e.exact for e in estimates)
    assert {e.samples for e in estimates} == {20_000}
    for e in estimates:  # the reported error is the binomial one for 20,000 samples
        assert e.stderr == pytest.approx(math.sqrt(e.value * (1 - e.value) / 20_000))
    data = as_json(a)["risk"]
    assert all(r["samples"] == 20_000 and r["exact"] is False for r in data.values())


def test_estimates_repeat_exactly_and_depend_on_the_seed() -> None:
    doc = layered(stages=120)
    first = analyse(doc, sensitivity=False).risk
    again = analyse(doc, sensitivity=False).risk
    assert {k: r.baseline.value for k, r in first.items()} == {
        k: r.baseline.value for k, r in again.items()
    }
    net = Network({(e.source, e.target): e.probability for e in doc.edges}, {"s0": 1.0})
    target = doc.nodes[-1].id
    values = {reach_probability(net, target, exact_limit=0, seed=s).value for s in range(4)}
    assert len(values) > 1  # different seeds, different draws


def test_a_chain_with_side_branches_stays_exact_far_past_25_uncertain_links() -> None:
    doc = Document("long chain")
    length = 120
    for i in range(length + 1):
        doc.insert_node(Node(f"c{i}", f"C{i}", outcome=i == length))
    for i in range(length):
        doc.insert_edge(Edge(f"c{i}", f"c{i + 1}", probability=0.99))
        if i % 3 == 0:  # a detour around the next stage
            doc.insert_node(Node(f"d{i}", f"D{i}"))
            doc.insert_edge(Edge(f"c{i}", f"d{i}", probability=0.5))
            doc.insert_edge(Edge(f"d{i}", f"c{i + 2}", probability=0.5))
        if i % 4 == 1:  # a branch that leads nowhere
            doc.insert_node(Node(f"x{i}", f"X{i}"))
            doc.insert_edge(Edge(f"c{i}", f"x{i}", probability=0.5))
    # from c_i to c_i+3: c_i -> c_i+2 directly (0.99^2) or by the detour (0.25), then 0.99
    expected = ((1 - (1 - 0.99 * 0.99) * (1 - 0.25)) * 0.99) ** (length // 3)
    uncertain = sum(1 for e in doc.edges if 0 < e.probability < 1)
    assert uncertain > 200
    r = analyse(doc, sensitivity=False).risk[f"c{length}"]
    assert r.baseline.exact
    assert r.baseline.value == pytest.approx(expected, rel=1e-12)


def test_cycles_are_relaxed_until_every_sample_settles() -> None:
    """s -> c2 (0.5), a cycle c0 -> c1 -> c2 -> c0, c1 -> o: reaching o goes round the
    cycle against the order its links are listed in; one pass would never get there."""
    arcs = [("c0", "c1"), ("c1", "c2"), ("c2", "c0"), ("s", "c2"), ("c1", "o")]
    probs = dict.fromkeys(arcs, 1.0) | {("s", "c2"): 0.5}
    sampler = Sampler(arcs, "s", {"p": probs}, samples=20_000, seed=1)
    value, error = sampler.estimate(sampler.reached("p")["o"])
    assert abs(value - 0.5) <= 4 * error


@pytest.mark.parametrize("p", [0.0, 1.0, 0.5, 0.3, 0.9, 1e-3, 0.123456789])
def test_masks_transmit_with_exactly_their_probability(p: float) -> None:
    rng = random.Random(5)
    n = 20_000
    low, same, high = bernoulli_masks(rng, [p / 2, p, min(1.0, p * 1.5)], n)
    hits = same.bit_count()
    assert abs(hits / n - p) <= 4 * math.sqrt(p * (1 - p) / n) + 1e-12
    assert low & ~same == 0 and same & ~high == 0  # one uniform per sample: nested masks
    if p in (0.0, 1.0):
        assert hits == n * p


def test_every_number_is_labelled_in_text_json_and_the_panel() -> None:
    exact_doc = Document("exact")
    for n in ("a", "b"):
        exact_doc.insert_node(Node(n, n.upper()))
    exact_doc.insert_edge(
        Edge("a", "b", probability=0.4, annotations=[Annotation("intervention", "x", effect=0.5)])
    )
    a = analyse(exact_doc)
    assert "B: baseline 0.4 (exact), with interventions 0.2 (exact)" in render_text(exact_doc, a)
    assert as_json(a)["risk"] == {"b": {"baseline": 0.4, "with_interventions": 0.2, "exact": True}}
    assert "with interventions (exact)" in summary_html(exact_doc, a)
    doc = layered(stages=120)
    a = analyse(doc, sensitivity=False)
    outcome = doc.nodes[-1].id
    r = a.risk[outcome]
    text = render_text(doc, a)
    assert f"baseline {r.baseline.value:.4g} ± {r.baseline.stderr:.4g} (estimate)" in text
    assert "20,000 Monte Carlo samples, ± one standard error" in text
    entry = as_json(a)["risk"][outcome]
    assert entry["stderr"] == {
        "baseline": r.baseline.stderr,
        "with_interventions": r.with_interventions.stderr,
    }
    html = summary_html(doc, a)
    shown = f"<b>{r.baseline.value:.3g}</b> ± {r.baseline.stderr:.2g} → "
    line = next(x for x in html.split("<br>") if shown in x)
    assert line.endswith("with interventions (estimates)")
    assert "Monte Carlo (20,000 samples), ± one standard error" in html


def test_an_exact_baseline_next_to_an_estimate_keeps_its_label() -> None:
    """Interventions make the network uncertain where the baseline is certain: baseline
    exact (1), with interventions estimated; each labelled on its own."""
    doc = layered(stages=120)
    for e in doc.edges:
        e.probability = 1.0  # certain: the baseline is exactly 1
        e.annotations = [Annotation("intervention", "cut", effect=0.4)]
    a = analyse(doc, sensitivity=False)
    outcome = doc.nodes[-1].id
    r = a.risk[outcome]
    assert r.baseline.exact and r.baseline.value == 1.0 and not r.with_interventions.exact
    entry = as_json(a)["risk"][outcome]
    assert entry["exact"] is False and entry["stderr"]["baseline"] is None
    line = next(
        x for x in render_text(doc, a).splitlines() if x.startswith(f"  {outcome.upper()}:")
    )
    assert "baseline 1 (exact), with interventions" in line and line.endswith("(estimate)")
    html = next(
        x for x in summary_html(doc, a).split("<br>") if x.startswith(f"P({outcome.upper()})")
    )
    assert html.startswith(f"P({outcome.upper()}) = <b>1</b> (exact) → <b>")
    assert html.endswith("(estimate) with interventions")


def test_risk_estimates_share_the_draws_between_baseline_and_interventions() -> None:
    doc = layered(stages=120)
    net = Network({(e.source, e.target): e.probability for e in doc.edges}, {"s0": 1.0})
    lower = Network({(e.source, e.target): e.probability * 0.9 for e in doc.edges}, {"s0": 1.0})
    found = risk_estimates(net, lower, [n.id for n in doc.nodes[-10:]])
    # common random numbers: a lower probability never reaches more samples
    assert all(cut.value <= base.value for base, cut in found.values())
    assert SOURCE not in found
