"""Typography of wrapped text (``render/wrapping.py``), measured with the real fonts the
figures use: no line starts with a dash, a last line of one word is avoided where a
better break exists, and balancing never costs a line or overflows one."""

from __future__ import annotations

import random

import pytest

from mesadiagram.render import geometry
from mesadiagram.render.geometry import MAX_LABEL_WIDTH, metrics
from mesadiagram.render.theme import DEFAULT_THEME
from mesadiagram.render.wrapping import DASHES, is_dash, paragraph_lines, words_of, wrap

DASH_WORDS = ("—", "–", "-", "--")
WORDS = (  # noqa: SIM905 (one readable string)
    "mesa optimizer objective proxy deceptive deployment distribution shift training "
    "reward model oversight capability gain misgeneralization interpretability a an of "
    "to is in counter-productive self-destructive well-calibrated situational awareness"
).split()


@pytest.fixture(name="small")
def _small():
    """The callout font (the label font's 0.78), as figures and the canvas draw it."""
    return metrics(DEFAULT_THEME.font_family, DEFAULT_THEME.font_size)[1]


def _greedy_count(text: str, fm, width: float) -> int:
    """How many lines plain greedy wrapping (as full as each line goes) needs."""
    lines, current = 0, ""
    for word in words_of(text):
        trial = f"{current} {word}" if current else word
        if current and fm.horizontalAdvance(trial) > width:
            lines, current = lines + 1, word
        else:
            current = trial
    return lines + 1


def _random_text(rng: random.Random) -> str:
    words = []
    for _ in range(rng.randint(3, 40)):
        words.append(rng.choice(DASH_WORDS) if rng.random() < 0.12 else rng.choice(WORDS))
    return " ".join(words)


def test_no_line_starts_with_a_dash(small) -> None:
    rng = random.Random(11)
    for _ in range(400):
        text = rng.choice(WORDS) + " " + _random_text(rng)  # (a text may not start with one)
        width = rng.choice((90.0, 140.0, 224.0))
        for line in wrap(text, small, width, 40):
            first = line.split()[0]
            assert not is_dash(first), (text, line)
            assert line[0] not in DASHES, (text, line)


def test_a_dash_stays_with_the_word_before_it(small) -> None:
    text = "The behaviour is counter-productive — perhaps self-destructive"
    for width in range(90, 260, 6):
        lines = wrap(text, small, float(width), 10)
        assert "—" in " ".join(lines)
        for line in lines:
            assert not line.startswith("—"), (width, lines)
        joined = [line for line in lines if "—" in line]
        assert joined[0].split()[-1] == "—" or "— " in joined[0], (width, lines)


def test_a_lone_last_word_is_avoided_where_a_better_break_exists(small) -> None:
    """The greedy breaks of this item leave "environment" alone on a second line; the
    balanced ones split the text into two lines of about equal length."""
    text = "Produced through optimization of base objective in training environment"
    width = small.horizontalAdvance(text) - small.horizontalAdvance(" environment") + 2
    greedy_last = text.rsplit(" ", 1)[1]
    lines = wrap(text, small, width, 10)
    assert len(lines) == 2
    assert lines[-1] != greedy_last
    assert len(lines[-1].split()) >= 3
    widths = [small.horizontalAdvance(line) for line in lines]
    assert max(widths) - min(widths) < width / 3


def _fits(text: str, fm, width: float) -> bool:
    """Whether every word (with its dash) fits a line: no word is cut."""
    return all(fm.horizontalAdvance(word) <= width for word in words_of(text))


def test_balancing_keeps_the_line_count_and_the_width(small) -> None:
    rng = random.Random(5)
    for _ in range(300):
        text = _random_text(rng)
        width = rng.choice((150.0, 224.0, 300.0))
        if not _fits(text, small, width):
            continue
        lines = wrap(text, small, width, 100)
        assert len(lines) == _greedy_count(text, small, width), text
        assert all(small.horizontalAdvance(line) <= width for line in lines), (text, lines)
        assert " ".join(lines).split() == " ".join(words_of(text)).split()


def _ragged(lines: list[str], fm, width: float) -> float:
    return sum((width - fm.horizontalAdvance(line)) ** 2 for line in lines)


def test_balanced_lines_are_less_ragged_than_greedy_ones(small) -> None:
    """Raggedness (the sum of the squared room left on each line) of a short paragraph
    is never more than that of the greedy breaks, and often less."""
    rng = random.Random(3)
    better = 0
    for _ in range(200):
        words = words_of(_random_text(rng))
        width = 160.0
        if not _fits(" ".join(words), small, width):
            continue
        lines = paragraph_lines(words, small.horizontalAdvance, width)
        greedy, current = [], ""
        for word in words:
            trial = f"{current} {word}" if current else word
            if current and small.horizontalAdvance(trial) > width:
                greedy.append(current)
                current = word
            else:
                current = trial
        greedy.append(current)
        if not 2 <= len(greedy) <= 4:
            continue
        assert len(lines) == len(greedy)

        balanced_cost = _ragged(lines, small, width)
        greedy_cost = _ragged(greedy, small, width)
        assert balanced_cost <= greedy_cost + 0.01, (lines, greedy)
        better += balanced_cost < greedy_cost - 1
    assert better >= 20


def test_stage_labels_are_balanced_and_fit() -> None:
    family, size = DEFAULT_THEME.font_family, DEFAULT_THEME.font_size
    label_font = metrics(family, size)[0]
    label = "The distribution shift causes the misalignment to manifest"
    lines, widest = geometry._label_lines(family, size, label)
    assert len(lines) == _greedy_count(label, label_font, MAX_LABEL_WIDTH)
    assert all(label_font.horizontalAdvance(line) <= MAX_LABEL_WIDTH for line in lines)
    assert len(lines[-1].split()) > 1
    assert widest == max(label_font.horizontalAdvance(line) for line in lines)


def test_long_words_are_cut_and_long_texts_elided(small) -> None:
    lines = wrap("Supercalifragilisticexpialidociousandmore short", small, 90.0, 4)
    assert all(small.horizontalAdvance(line) <= 90.0 for line in lines)
    assert "".join(lines).replace(" ", "").startswith("Supercalifragilistic")
    many = wrap(" ".join(["word"] * 200), small, 90.0, 3)
    assert len(many) == 3 and many[-1].endswith("…")
    assert small.horizontalAdvance(many[-1]) <= 90.0
