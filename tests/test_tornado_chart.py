"""The sensitivity chart (render/tornado*.py): bars sorted by swing, their ends at the
risk values the analysis gives, labels as real text (labels, never ids), estimates
marked, every text readable in every theme and above the size's floor."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from contextlib import contextmanager

import pytest
from PySide6.QtCore import QPointF

from mesadiagram.analysis.report import analyse
from mesadiagram.formats import load, loads
from mesadiagram.render.contrast import MIN_CONTRAST
from mesadiagram.render.target_size import PRESETS
from mesadiagram.render.theme import available_themes
from mesadiagram.render.tornado import draw_tornado, layout_tornado, nice_range
from mesadiagram.render.tornado_data import NoChartError, tornado_of
from mesadiagram.render.tornado_export import plot_layout, plot_pdf, plot_svg
from tests.conftest import EXAMPLE
from tests.export_support import have
from tests.sensitivity_support import branching_doc, complete_doc, seed_with_credences
from tests.test_theme_contrast import THEME_FILES, ContrastRecorder

SVG = "{http://www.w3.org/2000/svg}"
DEFAULT = available_themes()["default"]


def _chart(doc, theme=DEFAULT, width=504.0, size=9.0, **kw):
    return layout_tornado(tornado_of(doc, analyse(doc)), theme, width, size, **kw)


def test_bars_are_sorted_by_swing_ties_in_document_order() -> None:
    doc = branching_doc()
    result = analyse(doc)
    chart = _chart(doc)
    swings = [round(g.bar.swing, 12) for g in chart.bars]
    assert len(chart.bars) == len(doc.edges) == 15
    assert swings == sorted(swings, reverse=True)
    assert swings[0] > swings[-1] + 0.1  # (the ladder's swings do differ)
    order = [e.id for e in doc.edges]
    for a, b in zip(chart.bars, chart.bars[1:], strict=False):
        if round(a.bar.swing, 12) == round(b.bar.swing, 12):
            assert order.index(a.bar.link) < order.index(b.bar.link)
    # Each bar carries the analysis' own numbers for its link.
    by_link = {x.link: x for x in result.sensitivity}
    for g in chart.bars:
        assert g.bar.at_0 == by_link[g.bar.link].at_0
        assert g.bar.at_1 == by_link[g.bar.link].at_1


def test_bar_ends_sit_at_their_risk_values_on_the_axis() -> None:
    doc = branching_doc()
    chart = _chart(doc)
    # The axis as drawn: two ticks and their labels give the scale.
    (a, b) = chart.ticks[0], chart.ticks[-1]
    va, vb = float(a.text), float(b.text)

    def x(value: float) -> float:
        xa, xb = a.baseline.x(), b.baseline.x()
        return xa + (value - va) / (vb - va) * (xb - xa)

    base = chart.tornado.baseline.value
    assert chart.baseline_x == pytest.approx(x(base))
    for g in chart.bars:
        at_0, at_1 = g.bar.at_0.value, g.bar.at_1.value
        assert at_0 <= base <= at_1  # (risk grows with a link's probability)
        assert g.low.left() == pytest.approx(x(at_0), abs=0.01)
        assert g.low.right() == pytest.approx(x(base), abs=0.01)
        assert g.high.left() == pytest.approx(x(base), abs=0.01)
        assert g.high.right() == pytest.approx(x(at_1), abs=0.01)
        # the values written at the ends, outside the bar
        left, right = g.values
        assert left.text == f"{at_0:.3g}" and right.text == f"{at_1:.3g}"
        assert left.baseline.x() < g.low.left() and right.baseline.x() > g.high.right()
        assert g.row.contains(g.low.center()) and g.row.contains(g.high.center())
    # rows one under another, in order
    tops = [g.row.top() for g in chart.bars]
    assert tops == sorted(tops)


def test_the_svg_has_every_label_as_text_and_no_ids() -> None:
    doc = seed_with_credences()
    chart = _chart(doc)
    svg = plot_svg(chart, DEFAULT)
    root = ET.fromstring(svg)
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    bars = [g for g in root.iter(f"{SVG}g") if g.get("class") == "bar"]
    assert len(bars) == 6
    for g, geo in zip(bars, chart.bars, strict=True):
        title = g.find(f"{SVG}title").text
        edge = doc.edge(geo.bar.link)
        assert title == f"{doc.node(edge.source).label} → {doc.node(edge.target).label}"
        first = g.find(f"{SVG}text")  # the label: a line, or a <tspan> per wrapped line
        lines = [span.text for span in first] if len(first) else [first.text]
        assert " ".join(lines) == title
    joined = " ".join(texts)
    assert "Sensitivity of P(Catastrophe)" in joined
    assert "baseline 0.0162" in joined and "every value exact" in joined
    for e in doc.edges:
        assert e.id not in joined and e.source not in joined.replace("Mesa optimizer", "")


def test_estimates_are_hatched_and_carry_their_error() -> None:
    doc = complete_doc()
    chart = _chart(doc)
    svg = plot_svg(chart, DEFAULT)
    root = ET.fromstring(svg)
    estimated = exact = 0
    for g, geo in zip(
        [g for g in root.iter(f"{SVG}g") if g.get("class") == "bar"], chart.bars, strict=True
    ):
        values = [
            "".join(t.itertext())
            for t in g.iter(f"{SVG}text")
            if re.fullmatch(r"[\d.]+( ± [\d.e-]+)?", "".join(t.itertext()))
        ]
        hatches = len(list(g.iter(f"{SVG}line")))
        for end, value in zip((geo.bar.at_0, geo.bar.at_1), values, strict=True):
            assert ("±" in value) == (not end.exact)
        if geo.bar.at_0.exact and geo.bar.at_1.exact:
            exact += 1
            assert hatches == 0
        else:
            estimated += 1
            assert hatches >= 2
    assert estimated and exact  # (the model has both kinds)
    assert "Monte Carlo estimate, ± one standard error" in svg


@pytest.mark.parametrize("name", THEME_FILES)
def test_every_text_reads_in_every_theme(name: str) -> None:
    theme = available_themes()[name]
    for doc in (complete_doc(), seed_with_credences()):
        chart = _chart(doc, theme)
        recorder = ContrastRecorder(theme.background)
        draw_tornado(recorder, chart, theme)  # type: ignore[arg-type]
        poor = [t for t in recorder.texts if t.ratio < MIN_CONTRAST]
        assert not poor, [(t.text, t.color, t.background, round(t.ratio, 2)) for t in poor]
        assert len(recorder.texts) > 20


class _Sizes:
    """A Surface that keeps the font size of every text."""

    def __init__(self) -> None:
        self.sizes: list[float] = []

    @contextmanager
    def group(self, *_args):
        yield

    def rect(self, *_args) -> None: ...
    def ellipse(self, *_args) -> None: ...
    def polygon(self, *_args) -> None: ...
    def path(self, *_args) -> None: ...
    def line(self, *_args) -> None: ...
    def polyline(self, *_args) -> None: ...

    def text(self, _baseline, _text, font, _color, _anchor) -> None:
        self.sizes.append(font.pixelSize())

    def text_lines(self, baselines, lines, font, color, anchor) -> None:
        self.sizes += [font.pixelSize()] * len(lines)


@pytest.mark.parametrize("size", ["column", "page", "slide"])
def test_text_at_a_size_is_above_its_floor(size: str) -> None:
    target = PRESETS[size]
    doc = complete_doc()
    chart = plot_layout(doc, analyse(doc), DEFAULT, size=target)
    assert chart.bounds.width() == target.width_pt  # (one unit a point)
    most = target.height_pt or target.max_height_pt
    assert chart.bounds.height() <= most + 0.01
    if target.height_pt:
        assert chart.bounds.height() == target.height_pt
    sizes = _Sizes()
    draw_tornado(sizes, chart, DEFAULT)  # type: ignore[arg-type]
    assert min(sizes.sizes) >= target.floors.text_pt
    if len(chart.bars) < len(chart.tornado.bars):  # (the rest counted, never dropped silently)
        assert chart.more is not None and str(len(chart.tornado.bars) - len(chart.bars)) in (
            chart.more.text
        )


@pytest.mark.skipif(not have("pdftotext"), reason="needs pdftotext")
def test_the_page_pdf_has_real_text_of_at_least_8_pt(tmp_path) -> None:
    doc = seed_with_credences()
    path = tmp_path / "chart.pdf"
    path.write_bytes(plot_pdf(plot_layout(doc, analyse(doc), DEFAULT), DEFAULT))
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', bbox)
    assert "Catastrophe" in {w for *_, w in words}
    smallest = min(float(b) - float(a) for a, b, _ in words)
    assert smallest / 1.15 >= 8.0  # (a word's box is about 1.15 times its font size)
    assert re.search(r'<page width="504\.0+"', bbox)


def test_no_chart_without_credences_or_outcome() -> None:
    plain = load(EXAMPLE)
    with pytest.raises(NoChartError, match="no credences"):
        tornado_of(plain, analyse(plain))
    doc = seed_with_credences()
    with pytest.raises(NoChartError, match="not an outcome"):
        tornado_of(doc, analyse(doc), "deployment")
    cycle = loads(
        "mesadiagram: 2\nnodes:\n  - {id: a, label: A}\n  - {id: b, label: B}\n"
        "edges:\n  - {from: a, to: b, probability: 0.5}\n  - {from: b, to: a, probability: 0.5}\n"
    )
    with pytest.raises(NoChartError, match="no outcome"):
        tornado_of(cycle, analyse(cycle))


def test_several_outcomes_chart_the_first_unless_told() -> None:
    doc = branching_doc()
    doc.update_node("s6", outcome=True)  # (before s8 in the file)
    result = analyse(doc)
    assert tornado_of(doc, result).outcome == "s6"
    chart = tornado_of(doc, result, "s8")
    assert chart.outcome == "s8" and chart.outcome_label == "Stage 8"
    assert len(chart.bars) == 15


def test_a_narrow_chart_puts_each_label_over_its_bar() -> None:
    chart = _chart(seed_with_credences(), width=300.0, size=12.0)
    for g in chart.bars:
        first = g.label[0]
        assert first.anchor == "start"
        assert first.baseline.y() < g.low.top()  # above its bar
    assert chart.bounds.width() == 300.0
    assert all(g.low.left() >= 0 and g.high.right() <= 300 for g in chart.bars)


def test_nice_range_covers_the_values_with_round_ticks() -> None:
    assert nice_range([0.0162, 0.054, 0.0], 8) == pytest.approx((0.0, 0.06, 0.01))
    low, high, step = nice_range([0.555, 1.0, 0.687], 6)
    assert low <= 0.555 and high == 1.0 and step == pytest.approx(0.1)
    assert (high - low) / step + 1 <= 6
    assert nice_range([0.3, 0.3], 5)[1] > nice_range([0.3, 0.3], 5)[0]


def test_bar_at_finds_the_row_under_a_point() -> None:
    chart = _chart(branching_doc())
    for g in chart.bars:
        assert chart.bar_at(g.low.center()) == g.bar.link
        assert chart.bar_at(QPointF(g.row.left() + 2, g.row.center().y())) == g.bar.link
    assert chart.bar_at(QPointF(-5, -5)) is None
