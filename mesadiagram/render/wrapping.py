"""Line breaking for stage labels and callouts: as few lines as greedy wrapping gives,
then balanced, and never a line that starts with a dash.

Balanced: among the breaks that keep the same number of lines, the one with the least
raggedness (the sum of the squared room left on each line, the last included), so a word
is not left alone on a last line when a better break exists. Long paragraphs rebalance
only their last ``BALANCED_TAIL`` lines (the rest stays greedy), which is where a lone
word would end up, and keeps the work small for a page-long note.

A dash written as a word of its own (em, en, hyphen-minus: "a — b") stays with the word
before it, so it ends a line rather than starting the next one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QFontMetricsF

from mesadiagram.render.drawn_text import drawable

Measure = Callable[[str], float]
DASHES = frozenset("-‐‑‒–—―−")  # hyphen-minus, hyphens, figure/en/em dashes, bar, minus
BALANCED_TAIL = 4  # lines of a paragraph rebalanced at its end
ELLIPSIS = "…"


def is_dash(word: str) -> bool:
    """A word made only of dashes ("—", "–", "-", "--")."""
    return bool(word) and all(ch in DASHES for ch in word)


def words_of(paragraph: str) -> list[str]:
    """The paragraph's words, each dash that stands alone joined to the word before it
    (with its space), so that no break can come before it."""
    out: list[str] = []
    for word in paragraph.split():
        if out and is_dash(word):
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
    return out


def wrap(
    text: str, metrics: QFontMetricsF | Measure, width: float, max_lines: int = 4
) -> list[str]:
    """``text`` in lines at most ``width`` wide (``metrics``: font metrics or a function
    giving a text's width). Words longer than a line are cut; a text longer than
    ``max_lines`` is cut there and its last line ends with an ellipsis."""
    measure = metrics.horizontalAdvance if isinstance(metrics, QFontMetricsF) else metrics
    # Nothing past what fits in max_lines is ever shown: don't measure a megabyte of it.
    limit = max_lines * max(40, int(width))
    if len(text) > limit:
        text = text[:limit]
    text = drawable(text, keep_newlines=True)  # lines as they will be drawn
    if "\n" not in text and text == " ".join(text.split()) and measure(text) <= width:
        return [text]  # the common case, measured once: a short label on one line
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += paragraph_lines(words_of(paragraph), measure, width)
        if len(lines) > max_lines:
            break
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _elided(lines[-1], measure, width)
    return lines or [""]


def paragraph_lines(words: list[str], measure: Measure, width: float) -> list[str]:
    """One paragraph's words in lines: greedy for the count, then the tail balanced."""
    if not words:
        return [""]
    widths = {w: measure(w) for w in words}  # (words repeat: measured once each)
    lines = _greedy(words, measure, width)
    if len(lines) < 2 or any(widths[w] > width for w in words):
        return [" ".join(line) for line in lines]  # (cut words: nothing to balance)
    keep = max(0, len(lines) - BALANCED_TAIL)
    tail = [w for line in lines[keep:] for w in line]
    balanced = _balanced(tail, [widths[w] for w in tail], measure(" "), width, len(lines) - keep)
    texts = [" ".join(line) for line in lines[:keep]]
    if balanced is not None:
        candidate = [" ".join(line) for line in balanced]
        if all(measure(line) <= width for line in candidate):  # exact, kerning included
            return texts + candidate
    return texts + [" ".join(line) for line in lines[keep:]]


def _greedy(words: list[str], measure: Measure, width: float) -> list[list[str]]:
    """Each line as full as it goes (measured exactly); an over-long word is cut."""
    lines: list[list[str]] = []
    current: list[str] = []
    current_text = ""
    for word in words:
        trial = f"{current_text} {word}" if current else word
        if measure(trial) <= width:
            current.append(word)
            current_text = trial
            continue
        if current:
            lines.append(current)
        current, current_text = [word], word
        while measure(current_text) > width and len(current_text) > 1:
            cut = max(1, int(len(current_text) * width / measure(current_text)))
            while cut > 1 and measure(current_text[:cut]) > width:
                cut -= 1
            # a word glued to its dash ("word —") may be cut before the dash: move a few
            # letters on with it, so the next line does not start with the dash
            while cut > 1 and (current_text[cut] == " " or current_text[cut] in DASHES):
                cut -= 1
            lines.append([current_text[:cut]])
            current_text = current_text[cut:]
            current = [current_text]
    lines.append(current)
    return lines


def _balanced(
    words: list[str], widths: list[float], space: float, width: float, count: int
) -> list[list[str]] | None:
    """``words`` in exactly ``count`` lines with the least sum of squared room left
    (line widths from the words' widths; the caller checks the result exactly)."""
    n = len(words)
    inf = float("inf")
    # best[k][j]: cost of the first j words in k lines; back[k][j]: where line k starts
    best = [[inf] * (n + 1) for _ in range(count + 1)]
    back = [[0] * (n + 1) for _ in range(count + 1)]
    best[0][0] = 0.0
    for k in range(1, count + 1):
        for j in range(k, n + 1):
            used = -space
            for i in range(j - 1, k - 2, -1):  # the line holds words i .. j-1
                used += widths[i] + space
                if used > width:
                    break
                if best[k - 1][i] == inf:
                    continue
                cost = best[k - 1][i] + (width - used) ** 2
                if cost < best[k][j]:
                    best[k][j], back[k][j] = cost, i
    if best[count][n] == inf:
        return None
    lines: list[list[str]] = []
    j = n
    for k in range(count, 0, -1):
        i = back[k][j]
        lines.append(words[i:j])
        j = i
    return lines[::-1]


def _elided(line: str, measure: Measure, width: float) -> str:
    """The last line shown of a text cut short: ``line …``, shortened to fit."""
    if measure(f"{line} {ELLIPSIS}") <= width:
        return f"{line} {ELLIPSIS}"
    while line and measure(line.rstrip() + ELLIPSIS) > width:
        line = line[:-1]
    return line.rstrip() + ELLIPSIS
