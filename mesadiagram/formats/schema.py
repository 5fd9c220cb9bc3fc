"""Validation of plain file data, collecting every problem with its exact place.

The checks are written as small functions per element (document, stage, link, annotation)
on top of :class:`Checker`, which knows how to report a problem at a key or a value.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from mesadiagram.formats.errors import MAX_PROBLEMS, FormatError, Problem
from mesadiagram.formats.safe_yaml import Mark, MarkedList, MarkedMap
from mesadiagram.formats.suggest import Suggester, suggest
from mesadiagram.formats.terminal import shorten, shown

_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_TYPE_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "nothing"
    return {
        str: "text",
        int: "a number",
        float: "a number",
        MarkedMap: "a mapping",
        MarkedList: "a list",
        dict: "a mapping",
        list: "a list",
    }.get(type(value), type(value).__name__)


class Checker:
    """Collects problems; helpers read a field, check it, and report at the right place."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[Problem] = []
        self._suggesters: dict[int, tuple[Collection[str], int, Suggester]] = {}

    def suggest(self, word: str, choices: Collection[str]) -> str:
        """``suggest(word, choices)``, with the index of ``choices`` built once per read.

        ``choices`` (the same object each time, e.g. the ids read so far) may grow between
        calls; any other change needs a new object.
        """
        cached = self._suggesters.get(id(choices))
        if cached is None or cached[0] is not choices or cached[1] != len(choices):
            cached = (choices, len(choices), Suggester(choices))
            self._suggesters[id(choices)] = cached
        return cached[2].hint(word)

    def report(self, mark: Mark, path: str, message: str) -> None:
        self.problems.append(Problem(self.filename, mark[0], mark[1], path, message))
        if len(self.problems) >= MAX_PROBLEMS:
            raise FormatError(self.problems)

    def mapping(self, value: Any, mark: Mark, path: str) -> MarkedMap | None:
        if isinstance(value, MarkedMap):
            return value
        self.report(mark, path, f"expected a mapping (key: value lines), found {_type_name(value)}")
        return None

    def keys(
        self, data: MarkedMap, path: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()
    ) -> None:
        for key in data:
            if key not in allowed:
                where = f"{path}.{key}" if path else str(key)
                hint = suggest(str(key), list(allowed)) or f"; allowed: {', '.join(allowed)}"
                self.report(data.key_mark(key), where, f"unknown key {shown(key)}{hint}")
        for key in required:
            if key not in data:
                self.report(data.mark, path or "(top)", f"missing required key {key!r}")

    def text(
        self,
        data: MarkedMap,
        key: str,
        path: str,
        required: bool = False,
        single_line: bool = False,
    ) -> str | None:
        if key not in data:
            return None
        value = data[key]
        where = f"{path}.{key}" if path else key
        if not isinstance(value, str):
            # `label: 2030` or `label: 0.10` mean the text as written.
            value = data.source_text(key)
            if value is None:
                found = _type_name(data[key])
                self.report(data.value_mark(key), where, f"expected text, found {found}")
                return None
        if required and not value.strip():
            self.report(data.value_mark(key), where, "must not be empty")
            return None
        if single_line and ("\n" in value or _CONTROL.search(value)):
            self.report(data.value_mark(key), where, "must be one line without control characters")
            return None
        return value

    def fraction(self, data: MarkedMap, key: str, path: str) -> float | None:
        """A probability-like number in [0, 1]; NaN and infinities are refused."""
        if key not in data:
            return None
        value = data[key]
        where = f"{path}.{key}"
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        # Compared as they are: float() of a huge integer raises; NaN fails both tests.
        if ok and 0 <= value <= 1:
            return float(value) + 0.0  # -0.0 is 0
        what = shown(value) if isinstance(value, str) else _type_name(value)
        if ok:
            what = shorten(data.source_text(key) or shown(value))
        self.report(data.value_mark(key), where, f"must be a number from 0 to 1, not {what}")
        return None

    def number(self, data: MarkedMap, key: str, path: str, low: float, high: float) -> float | None:
        """A number from ``low`` to ``high`` (a width, a size); NaN and infinities are
        refused."""
        if key not in data:
            return None
        value = data[key]
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if ok and low <= value <= high:  # (compared as they are: see fraction)
            return float(value) + 0.0
        what = shown(value) if isinstance(value, str) else _type_name(value)
        if ok:
            what = shorten(data.source_text(key) or shown(value))
        message = f"must be a number from {_short(low)} to {_short(high)}, not {what}"
        self.report(data.value_mark(key), f"{path}.{key}", message)
        return None

    def flag(self, data: MarkedMap, key: str, path: str) -> bool:
        value = data.get(key, False)
        if isinstance(value, bool):
            return value
        self.report(
            data.value_mark(key),
            f"{path}.{key}",
            f"expected true or false, found {_type_name(value)}",
        )
        return False

    def text_list(self, data: MarkedMap, key: str, path: str) -> list[str]:
        value = data.get(key)
        if value is None:
            return []
        where = f"{path}.{key}" if path else key
        if not isinstance(value, MarkedList):
            self.report(data.value_mark(key), where, f"expected a list, found {_type_name(value)}")
            return []
        out = []
        for i, entry in enumerate(value):
            text = entry if isinstance(entry, str) else value.source_text(i)  # `- 2019`
            if text is not None:
                out.append(text)
            else:
                self.report(
                    value.item_mark(i), f"{where}[{i}]", f"expected text, found {_type_name(entry)}"
                )
        return out

    def items(self, data: MarkedMap, key: str, path: str) -> MarkedList:
        """The list under ``key`` (empty when missing), reporting a non-list."""
        value = data.get(key)
        if value is None:
            return MarkedList()
        if isinstance(value, MarkedList):
            return value
        self.report(
            data.value_mark(key),
            f"{path}.{key}" if path else key,
            f"expected a list, found {_type_name(value)}",
        )
        return MarkedList()


def _short(value: float) -> str:
    """``1`` for 1.0 and ``1e9`` for 1e+09, as the messages write their limits."""
    return f"{value:g}".replace("e+0", "e").replace("e+", "e")


def check_color(checker: Checker, data: MarkedMap, key: str, path: str) -> str | None:
    value = checker.text(data, key, path)
    if value is not None and not _COLOR.match(value):
        checker.report(
            data.value_mark(key),
            (f"{path}.{key}" if path else key),
            f"expected a colour like '#D55E00', found {shown(value)}",
        )
        return None
    return value


def check_type_name(checker: Checker, data: MarkedMap, path: str) -> str | None:
    name = checker.text(data, "name", path, required=True)
    if name is not None and not _TYPE_NAME.match(name):
        checker.report(
            data.value_mark("name"),
            f"{path}.name",
            "must be lower-case letters, digits, '-' or '_', starting with a letter",
        )
        return None
    return name


MAX_COORDINATE = 1e9
"""Positions and route points lie within ±1e9 pixels, far beyond any drawing: past it,
a figure's size overflows Qt's integer image and page sizes, and an integer past 1e308
would not even convert to float."""


def _coordinate_ok(v: object) -> bool:
    # Compared before float(): float() of an integer past 1e308 raises; NaN fails.
    return (
        isinstance(v, (int, float))
        and not isinstance(v, bool)
        and -MAX_COORDINATE <= v <= MAX_COORDINATE
    )


def point(value: object) -> tuple[float, float] | None:
    """``[x, y]`` as two floats, or None when it is not two numbers within the limits."""
    ok = isinstance(value, list) and len(value) == 2 and all(_coordinate_ok(v) for v in value)
    return (float(value[0]) + 0.0, float(value[1]) + 0.0) if ok else None  # type: ignore[index]


def check_position(checker: Checker, data: MarkedMap, path: str) -> tuple[float, float] | None:
    """The ``position:`` of an element (None when absent or wrong, reported)."""
    if "position" not in data:
        return None
    found = point(data["position"])
    if found is None:
        checker.report(
            data.value_mark("position"),
            f"{path}.position",
            "expected [x, y], two numbers from -1e9 to 1e9",
        )
    return found


def raise_if_any(checker: Checker) -> None:
    if checker.problems:
        raise FormatError(checker.problems)
