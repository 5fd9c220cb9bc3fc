"""The sensitivity chart (a tornado chart): how far each link's credence moves an outcome.

One bar per link on a path, sorted by its swing (largest on top): the outcome's risk with
the link's probability at 0 (the bar's left end) and at 1 (its right end), all else as
given; a vertical line marks the baseline risk. Each end is annotated with its value, and
an end that is a Monte Carlo estimate says so twice: its part of the bar is hatched and
its value carries ``± one standard error``. Drawn through a ``Surface``, so the Analysis
dock (``ui/tornado_view.py``), SVG, PDF and PNG (``render/tornado_export.py``) come from
the same instructions. Lengths are in the units of ``text_size`` (points in files,
pixels in the dock).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont

from mesadiagram.model import LinkId
from mesadiagram.render.contrast import blend, ink_on
from mesadiagram.render.drawn_text import svg_id
from mesadiagram.render.fonts import font_metrics, make_font, text_width
from mesadiagram.render.surface import Fill, Stroke, Surface
from mesadiagram.render.theme import Theme
from mesadiagram.render.tornado_data import (
    Tornado,
    TornadoBar,
    chart_title,
    explanation,
    value_text,
)
from mesadiagram.render.wrapping import wrap

LABEL_SHARE = 0.42  # of the width, at most, for the links' labels
PLOT_SHARE = 0.3  # of the width, at least, for the bars
# Narrower than this many text sizes, each label goes over its bar (the dock, a column).
STACK_BELOW = 34
LABEL_LINES = 3  # a longer label is cut with an ellipsis (its whole name is the bar's title)
LOW_OPACITY, HIGH_OPACITY = 0.35, 0.75  # the two halves of a bar (tell apart in greyscale)
HATCH_GAP = 0.45  # between hatch lines, of the text size


@dataclass
class Text:
    baseline: QPointF
    text: str
    anchor: str = "start"


@dataclass
class BarGeometry:
    bar: TornadoBar
    row: QRectF  # the whole row, label included: what a click on it means
    label: list[Text]
    low: QRectF  # from the risk at 0 to the baseline
    high: QRectF  # from the baseline to the risk at 1
    values: list[Text]


@dataclass
class LegendEntry:
    swatch: QRectF
    fill: str  # "low", "high", "estimate", or "" (a note without a swatch)
    text: Text


@dataclass
class TornadoLayout:
    tornado: Tornado
    bounds: QRectF
    font: QFont
    title_font: QFont
    title: list[Text]
    subtitle: list[Text]
    bars: list[BarGeometry]
    baseline_x: float
    baseline_spans: list[tuple[float, float]]  # the line's pieces (top, bottom): not over labels
    baseline_label: Text
    axis_y: float
    axis_span: tuple[float, float]
    ticks: list[Text]  # at the axis (their baselines' x is the tick's)
    tick_length: float
    axis_label: Text
    more: Text | None = None  # "… and N more links": bars left out for room
    legend: list[LegendEntry] = field(default_factory=list)

    def x_of(self, value: float) -> float:
        (left, right), (low, high) = self.axis_span, self._range
        return left + (value - low) / (high - low) * (right - left)

    _range: tuple[float, float] = (0.0, 1.0)

    def bar_at(self, point: QPointF) -> LinkId | None:
        """The link whose row is at ``point`` (a click in the dock)."""
        for geo in self.bars:
            if geo.row.contains(point):
                return geo.bar.link
        return None


def nice_range(values: list[float], most_ticks: int) -> tuple[float, float, float]:
    """An axis from below the least to above the greatest value, in [0, 1], with a tick
    step of 1, 2, 2.5 or 5 times a power of ten giving at most ``most_ticks`` ticks."""
    low, high = max(0.0, min(values)), min(1.0, max(values))
    span = max(high - low, 1e-9)
    step = 1.0
    for power in range(-6, 1):
        for m in (1, 2, 2.5, 5):
            candidate = m * 10.0**power
            if span / candidate + 1 <= most_ticks:
                step = candidate
                break
        else:
            continue
        break
    start = max(0.0, math.floor(low / step + 1e-9) * step)
    end = min(1.0, math.ceil(high / step - 1e-9) * step)
    if end <= start:
        end = min(1.0, start + step)
        start = max(0.0, end - step)
    return start, end, step


def _tick_text(value: float, step: float) -> str:
    """A tick's value with the decimals its step needs (0.025 needs three, 0.1 one)."""
    decimals = min(7, max(0, -math.floor(math.log10(step) + 1e-9)) + 1)
    return f"{value:.{decimals}f}".rstrip("0").rstrip(".")


def layout_tornado(
    tornado: Tornado,
    theme: Theme,
    width: float,
    text_size: float,
    max_height: float | None = None,
    max_bars: int = 40,
    heading: bool = True,
) -> TornadoLayout:
    """The chart ``width`` wide with text of ``text_size`` (title 1.25 times); as many bars
    as ``max_bars`` and ``max_height`` allow, the rest counted in one line. Without
    ``heading``, no title and no explanation (the dock says them in its own words)."""
    shown = len(tornado.bars)
    while True:
        geo = _layout(tornado, theme, width, text_size, min(shown, max_bars), heading)
        if max_height is None or geo.bounds.height() <= max_height or shown <= 1:
            return geo
        shown = min(shown, max_bars) - 1


def _layout(
    tornado: Tornado, theme: Theme, width: float, size: float, count: int, heading: bool
) -> TornadoLayout:
    font = make_font(theme.font_family, size)
    title_font = make_font(theme.font_family, size * 1.25, bold=True)
    m, tm = font_metrics(font), font_metrics(title_font)
    line = m.height()
    pad, margin = size * 0.5, size * 0.9
    inner = width - 2 * margin
    y = margin
    title: list[Text] = []
    subtitle: list[Text] = []
    if heading:
        for text in wrap(chart_title(tornado), tm, inner, 2):
            title.append(Text(QPointF(margin, y + tm.ascent()), text))
            y += tm.height()
        y += pad * 0.5
        for text in wrap(explanation(tornado), m, inner, 3):
            subtitle.append(Text(QPointF(margin, y + m.ascent()), text))
            y += line
    else:
        y -= margin / 2
    bars = list(tornado.bars[:count])
    # Columns: labels, the at-0 values, the plot, the at-1 values.
    left_w = max((text_width(font, value_text(b.at_0)) for b in bars), default=0.0) + pad
    right_w = max((text_width(font, value_text(b.at_1)) for b in bars), default=0.0) + pad
    # Labels as wide as they need, up to a share of the width, and never so wide that
    # the plot gets less than ``PLOT_SHARE`` (a narrow chart wraps its labels instead).
    widest = max((text_width(font, b.label) for b in bars), default=0.0) + pad
    room = inner - left_w - right_w - inner * PLOT_SHARE
    label_w = max(min(widest, inner * LABEL_SHARE, room), inner * 0.15)
    stacked = inner < size * STACK_BELOW  # narrow: each label over its bar, full width
    if stacked:
        label_w = 0.0
    plot_left = margin + label_w + left_w
    plot_right = max(width - margin - right_w, plot_left + inner * 0.1)
    values = [tornado.baseline.value] + [v.value for b in bars for v in (b.at_0, b.at_1)]
    most_ticks = max(2, int((plot_right - plot_left) / (text_width(font, "0.000") + 2 * pad)))
    low, high, step = nice_range(values, most_ticks)
    chart = TornadoLayout(
        tornado,
        QRectF(),
        font,
        title_font,
        title,
        subtitle,
        [],
        0.0,
        [],
        Text(QPointF(), ""),
        0.0,
        (plot_left, plot_right),
        [],
        size * 0.35,
        Text(QPointF(), ""),
    )
    chart._range = (low, high)
    x = chart.x_of
    base = tornado.baseline
    y += pad
    label_y = y + m.ascent()  # the baseline's label, above the bars
    chart.baseline_x = x(base.value)
    label = f"baseline {value_text(base)}"
    half = text_width(font, label) / 2
    centre = min(max(chart.baseline_x, margin + half), width - margin - half)
    chart.baseline_label = Text(QPointF(centre, label_y), label, "middle")
    y += line + pad * 0.5
    top = y
    for bar in bars:
        if stacked:
            lines = wrap(bar.label, m, inner, 2)
            row_h = (len(lines) + 1.05) * line + pad
            first, mid = y + pad * 0.3 + m.ascent(), y + pad * 0.3 + (len(lines) + 0.55) * line
            bar_h = line * 0.95
            label_texts = [Text(QPointF(margin, first + i * line), t) for i, t in enumerate(lines)]
        else:
            lines = wrap(bar.label, m, label_w - pad, LABEL_LINES)
            row_h = max(len(lines), 1) * line + pad
            first = y + (row_h - len(lines) * line) / 2 + m.ascent()
            label_texts = [
                Text(QPointF(margin + label_w - pad, first + i * line), t, "end")
                for i, t in enumerate(lines)
            ]
            bar_h = min(line * 1.05, row_h - pad * 0.6)
            mid = y + row_h / 2
        row = QRectF(margin, y, inner, row_h)
        x0, xb, x1 = x(bar.at_0.value), chart.baseline_x, x(bar.at_1.value)
        low_rect = QRectF(min(x0, xb), mid - bar_h / 2, abs(xb - x0), bar_h)
        high_rect = QRectF(min(xb, x1), mid - bar_h / 2, abs(x1 - xb), bar_h)
        text_y = mid + (m.ascent() - m.descent()) / 2
        texts = [
            Text(QPointF(min(x0, x1, xb) - pad * 0.6, text_y), value_text(bar.at_0), "end"),
            Text(QPointF(max(x0, x1, xb) + pad * 0.6, text_y), value_text(bar.at_1), "start"),
        ]
        chart.bars.append(BarGeometry(bar, row, label_texts, low_rect, high_rect, texts))
        y += row_h
    if stacked:  # (only across the bars: the labels over them stay clear)
        chart.baseline_spans = [
            (g.low.top() - pad * 0.3, g.low.bottom() + pad * 0.3) for g in chart.bars
        ]
    else:
        chart.baseline_spans = [(top - pad * 0.3, y + pad * 0.3)]
    left_out = len(tornado.bars) - len(bars)
    if left_out:
        more = f"… and {left_out} more link{'s' if left_out != 1 else ''} with smaller swings"
        chart.more = Text(QPointF(margin + label_w - pad, y + m.ascent()), more, "end")
        if stacked or text_width(font, more) > label_w - pad:
            chart.more = Text(QPointF(margin, y + m.ascent()), more, "start")
        y += line
    y += pad * 0.5
    chart.axis_y = y
    for i in range(round((high - low) / step) + 1):
        tick = low + i * step
        where = QPointF(x(tick), y + chart.tick_length + m.ascent())
        chart.ticks.append(Text(where, _tick_text(tick, step), "middle"))
    y += chart.tick_length + line
    axis = f"P({tornado.outcome_label})"
    chart.axis_label = Text(QPointF((plot_left + plot_right) / 2, y + m.ascent()), axis, "middle")
    y += line + pad
    y = _legend(chart, tornado, bars, margin, width - margin, y, size)
    chart.bounds = QRectF(0, 0, width, y + margin * 0.6)
    return chart


def _legend(
    chart: TornadoLayout,
    tornado: Tornado,
    bars: list[TornadoBar],
    left: float,
    right: float,
    y: float,
    size: float,
) -> float:
    """The legend's entries in rows under the axis; returns the y below them."""
    m = font_metrics(chart.font)
    if any(b.ranged for b in bars):  # (credence ranges: held at their ends instead)
        entries = [
            ("low", "risk with the link at 0, or its range's low end"),
            ("high", "risk with the link at 1, or its range's high end"),
        ]
    else:
        entries = [("low", "risk with the link at 0"), ("high", "risk with the link at 1")]
    if any(not e.exact for b in bars for e in (b.at_0, b.at_1)) or not tornado.baseline.exact:
        entries.append(("estimate", "Monte Carlo estimate, ± one standard error"))
    else:  # (every number shown is exact or says it is an estimate)
        entries.append(("", "every value exact"))
    swatch_w, gap = size * 1.6, size * 0.4
    x = left
    for kind, text in entries:
        mark = swatch_w + gap if kind else 0.0
        need = mark + text_width(chart.font, text)
        if x > left and x + need > right:
            x, y = left, y + m.height()
        swatch = QRectF(x, y + (m.height() - size * 0.8) / 2, swatch_w if kind else 0, size * 0.8)
        baseline = QPointF(x + mark, y + m.ascent())
        chart.legend.append(LegendEntry(swatch, kind, Text(baseline, text)))
        x += need + size * 1.2
    return y + m.height()


# -- drawing -------------------------------------------------------------------------------
def bar_colors(theme: Theme) -> tuple[str, str]:
    """The colours of a bar's two parts: toward 0 (lower risk) and toward 1 (higher)."""
    return theme.selection, theme.outcome_border


def draw_tornado(s: Surface, chart: TornadoLayout, theme: Theme) -> None:
    """The chart on ``s``: title, bars with their labels and values, the baseline, the
    axis and the legend; each bar a group titled with its link's whole name."""
    font, ink, quiet = chart.font, theme.node_text, theme.node_subtext
    for t in chart.title:
        s.text(t.baseline, t.text, chart.title_font, ink, t.anchor)
    s.text_lines(
        [t.baseline for t in chart.subtitle], [t.text for t in chart.subtitle], font, quiet, "start"
    )
    low_color, high_color = bar_colors(theme)
    for geo in chart.bars:
        bar = geo.bar
        with s.group(svg_id("sensitivity", bar.link), "bar", bar.label):
            anchor = geo.label[0].anchor if geo.label else "end"
            s.text_lines(
                [t.baseline for t in geo.label], [t.text for t in geo.label], font, ink, anchor
            )
            _part(s, geo.low, low_color, LOW_OPACITY, not bar.at_0.exact, theme)
            _part(s, geo.high, high_color, HIGH_OPACITY, not bar.at_1.exact, theme)
            for t in geo.values:
                s.text(t.baseline, t.text, font, ink, t.anchor)
    if chart.more is not None:
        s.text(chart.more.baseline, chart.more.text, font, quiet, chart.more.anchor)
    with s.group("baseline", "baseline", chart.baseline_label.text):
        stroke = Stroke(ink, max(1.0, chart.font.pixelSize() / 10), "dashed")
        for top, bottom in chart.baseline_spans:
            s.line(QPointF(chart.baseline_x, top), QPointF(chart.baseline_x, bottom), stroke)
        b = chart.baseline_label
        s.text(b.baseline, b.text, font, ink, b.anchor)
    with s.group("axis", "axis", None):
        left, right = chart.axis_span
        axis = Stroke(theme.edge, 1.0)
        s.line(QPointF(left, chart.axis_y), QPointF(right, chart.axis_y), axis)
        for t in chart.ticks:
            x = t.baseline.x()
            s.line(QPointF(x, chart.axis_y), QPointF(x, chart.axis_y + chart.tick_length), axis)
            s.text(t.baseline, t.text, font, quiet, "middle")
        a = chart.axis_label
        s.text(a.baseline, a.text, font, ink, a.anchor)
    with s.group("legend", "legend", None):
        for entry in chart.legend:
            if entry.fill == "estimate":
                s.rect(entry.swatch, 0, None, Stroke(quiet, 0.8))
                _hatch(s, entry.swatch, theme.node_text, chart.font.pixelSize())
            elif entry.fill:
                color = low_color if entry.fill == "low" else high_color
                opacity = LOW_OPACITY if entry.fill == "low" else HIGH_OPACITY
                s.rect(entry.swatch, 0, Fill(color, opacity), Stroke(color, 0.8))
            s.text(entry.text.baseline, entry.text.text, font, ink, "start")


def _part(
    s: Surface, rect: QRectF, color: str, opacity: float, estimate: bool, theme: Theme
) -> None:
    if rect.width() < 0.5:  # (no swing on this side: a tick, so the end still shows)
        s.line(rect.topLeft(), rect.bottomLeft(), Stroke(color, 1.2))
        return
    s.rect(rect, 0, Fill(color, opacity), Stroke(color, 0.8))
    if estimate:  # (black or white lines, whichever shows on the bar)
        _hatch(s, rect, ink_on(blend(color, opacity, theme.background)), rect.height() / 1.05)


def _hatch(s: Surface, rect: QRectF, color: str, size: float) -> None:
    """Diagonal lines across ``rect`` (an estimated value), computed inside it: surfaces
    have no clipping, and SVG gets plain lines."""
    gap = max(2.0, size * HATCH_GAP)
    x, y, w, h = rect.x(), rect.y(), rect.width(), rect.height()
    stroke = Stroke(color, max(0.6, size / 16), opacity=0.8)
    t = -h + gap / 2
    while t < w:
        # the line (x + t + u, y + h - u) for u in [0, h], kept where x <= x + t + u <= x + w
        first, last = max(0.0, -t), min(h, w - t)
        if last > first:
            s.line(
                QPointF(x + t + first, y + h - first), QPointF(x + t + last, y + h - last), stroke
            )
        t += gap
