""" "Did you mean ...?": the known name closest to a misspelt one, in bounded time.

``difflib.get_close_matches`` compares the word with every choice; a 10,000-stage model
with a few dozen misspelt link ends took 29 s. A :class:`Suggester` indexes the choices
once, by their single-character deletions (the "deletion neighbourhood": a dropped,
doubled, changed or swapped character leaves the word and the name sharing a key), plus a
sorted list for prefixes and a map of the parts of hyphenated names. A lookup then
scores at most ``MAX_CANDIDATES`` names with difflib, whatever the model's size.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Iterable

_PARTS = re.compile(r"[-_\s]+")
SMALL = 200
"""Up to this many choices difflib simply compares the word with each of them."""
MAX_CANDIDATES = 64
"""A lookup in a large set scores at most this many names."""
_KEY_LENGTH = 32  # typos past the 32nd character still match on the first 32 exactly
_MAX_WORD = 100  # nobody misspells a 100-character name; difflib on long text is slow
_RANKED = 8  # difflib's best few are ranked again by edit distance (ties are common)
_EDIT_LIMIT = 40  # edit distance is quadratic: only for names of usual length
_CUTOFF = 0.6


def _edits(a: str, b: str) -> int:
    """Optimal-string-alignment distance: insertions, deletions, changes and swaps of
    neighbours, each one edit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            row.append(cost)
        previous2, previous = previous, row
    return previous[-1]


def _rank(word: str, name: str) -> tuple[int, int]:
    """Fewer edits first (case aside); then the longer common beginning, as typos are
    rarer at the start of a name."""
    a, b = _fold(word), _fold(name)
    edits = _edits(a, b) if len(a) <= _EDIT_LIMIT and len(b) <= _EDIT_LIMIT else 0
    common = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    return edits, -common


def _fold(name: str) -> str:
    """Case and the choice of separator (``-``, ``_``, space) make no difference."""
    return name.casefold().replace("_", "-").replace(" ", "-")


def _keys(folded: str) -> list[str]:
    """``folded`` (cut to the key length) and each of its single-character deletions."""
    form = folded[:_KEY_LENGTH]
    return [form, *dict.fromkeys(form[:i] + form[i + 1 :] for i in range(len(form)))]


class Suggester:
    """Answers "did you mean" for many words against one set of names."""

    def __init__(self, choices: Iterable[str]) -> None:
        # Sorted, so that the answer never depends on a set's order (hashing varies).
        self.choices = sorted({c for c in choices if len(c) <= _MAX_WORD})
        self._by_key: dict[str, list[str]] | None = None
        self._sorted: list[tuple[str, str]] = []
        self._by_part: dict[str, list[str]] = {}

    def _index(self) -> dict[str, list[str]]:
        if self._by_key is None:  # built on the first lookup: most files have no typo
            by_key: dict[str, list[str]] = {}
            for name in self.choices:
                folded = _fold(name)
                for key in _keys(folded):
                    by_key.setdefault(key, []).append(name)
                for part in _PARTS.split(folded):
                    self._by_part.setdefault(part, []).append(name)
                self._sorted.append((folded, name))
            self._sorted.sort()
            self._by_key = by_key
        return self._by_key

    def candidates(self, word: str) -> list[str]:
        """The names worth scoring against ``word``: all of a small set, else at most
        ``MAX_CANDIDATES`` that share a deletion key with it."""
        if len(self.choices) <= SMALL:
            return self.choices
        by_key = self._index()
        found: dict[str, None] = {}
        for key in _keys(_fold(word)):
            for name in by_key.get(key, ()):
                found[name] = None
                if len(found) >= MAX_CANDIDATES:
                    return list(found)
        return list(found)

    def _starting_or_part(self, folded: str) -> list[str]:
        """Up to two names that ``folded`` begins, or is a whole part of."""
        if len(self.choices) <= SMALL:
            return [
                c
                for c in self.choices
                if _fold(c).startswith(folded) or folded in _PARTS.split(_fold(c))
            ][:2]
        self._index()
        found = dict.fromkeys(self._by_part.get(folded, [])[:2])
        i = bisect.bisect_left(self._sorted, (folded, ""))
        for other, name in self._sorted[i : i + 2]:
            if other.startswith(folded):
                found[name] = None
        return list(found)

    def best(self, word: str) -> str | None:
        """The closest name, or None when none is close enough.

        A close spelling wins; failing that, the one name that ``word`` begins, or is a
        whole part of (``mesa`` for ``mesa-optimizer``).
        """
        if len(word) > _MAX_WORD:
            return None
        close = difflib.get_close_matches(word, self.candidates(word), n=_RANKED, cutoff=_CUTOFF)
        if close:
            return min(close, key=lambda name: _rank(word, name))
        if len(word) >= 3:
            found = self._starting_or_part(_fold(word))
            if len(found) == 1:
                return found[0]
        return None

    def hint(self, word: str) -> str:
        """`` (did you mean 'x'?)`` for the closest name, or nothing."""
        name = self.best(word)
        return f" (did you mean {name!r}?)" if name is not None else ""


def suggest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``choices``, or nothing (one lookup;
    for many, keep a :class:`Suggester`)."""
    return Suggester(choices).hint(word)
