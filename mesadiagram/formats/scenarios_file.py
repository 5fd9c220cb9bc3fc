"""The ``scenarios:`` section of a model file, and probabilities given as ranges.

A probability (a link's, a stage's prior, or one a scenario sets) is a number from 0 to 1
or a range ``[low, high]`` with 0 <= low <= high <= 1. A scenario names interventions by
annotation id (``off``) and probabilities by link or stage id; every id is checked
against the document being built, with the closest one suggested. Read after the
stages, links and presentation; written last, one line per change (an intervention
switched off, a probability set), so that a scenario's edit is a one-line diff.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mesadiagram.formats.safe_yaml import MarkedList, MarkedMap
from mesadiagram.formats.schema import Checker
from mesadiagram.formats.terminal import shorten, shown
from mesadiagram.model import Document
from mesadiagram.model.credence import Probability
from mesadiagram.model.scenarios import Scenario, pruned

if TYPE_CHECKING:
    from mesadiagram.formats.writer import _Lines

SCENARIO_KEYS = ("name", "label", "text", "off", "probabilities")
LONG_KEY = 1000  # YAML's implicit keys end at 1024 characters: longer ids use ``? key``


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def read_probability(c: Checker, data: MarkedMap, key: str, path: str) -> Probability | None:
    """A number from 0 to 1, or a range ``[low, high]`` (None when absent or wrong)."""
    value = data.get(key)
    if not isinstance(value, MarkedList):
        return c.fraction(data, key, path)
    where = f"{path}.{key}"
    if len(value) != 2:
        n = len(value)
        message = f"must be a number from 0 to 1, not a list of {n} value{'s' * (n != 1)}"
        c.report(data.value_mark(key), where, f"{message} (a range is [low, high])")
        return None
    ends = []
    for i, end in enumerate(value):
        # Compared as they are: float() of a huge integer raises; NaN fails both tests.
        if _number(end) and 0 <= end <= 1:
            ends.append(float(end) + 0.0)
            continue
        what = shorten(value.source_text(i) or shown(end)) if _number(end) else shown(end)
        if end is None or isinstance(end, (list, dict)):
            what = "nothing" if end is None else "a list or mapping"
        c.report(value.item_mark(i), f"{where}[{i}]", f"must be a number from 0 to 1, not {what}")
    if len(ends) != 2:
        return None
    low, high = ends
    if low > high:
        c.report(
            data.value_mark(key),
            where,
            f"a range's low end comes first: [{_text(high)}, {_text(low)}], not "
            f"[{_text(low)}, {_text(high)}]",
        )
        return None
    return (low, high)


def _text(value: float) -> str:
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text


def read_scenarios(top: MarkedMap, c: Checker, doc: Document) -> tuple[Scenario, ...]:
    """The scenarios (none when the file has no section); ids checked against ``doc``."""
    if top.get("scenarios") is None:
        return ()
    out = []
    first: dict[str, int] = {}  # scenario name -> its line
    kinds = {a.id: a.type for _, a in doc.iter_annotations()}
    interventions = [k for k, t in kinds.items() if t == "intervention"]
    elements = [*(n.id for n in doc.nodes), *(e.id for e in doc.edges)]
    entries = c.items(top, "scenarios", "")
    for i, raw in enumerate(entries):
        path = f"scenarios[{i}]"
        data = c.mapping(raw, entries.item_mark(i), path)
        if data is None:
            continue
        c.keys(data, path, SCENARIO_KEYS, required=("name",))
        name = c.text(data, "name", path, required=True, single_line=True)
        if name is not None and name in first:
            message = f"duplicate scenario name {name!r} (first at line {first[name]})"
            c.report(data.value_mark("name"), f"{path}.name", message)
            name = None
        elif name is not None:
            first[name] = data.value_mark("name")[0]
        off = _read_off(data, path, c, kinds, interventions)
        probabilities = _read_probabilities(data, path, c, doc, elements)
        if name is not None:
            label = c.text(data, "label", path) or ""
            text = c.text(data, "text", path) or ""
            out.append(Scenario(name, label, text, tuple(off), probabilities))
    return tuple(out)


def _read_off(
    data: MarkedMap, path: str, c: Checker, kinds: dict[str, str], interventions: list[str]
) -> list[str]:
    kept: list[str] = []
    for j, ident in enumerate(c.text_list(data, "off", path)):
        mark, where = data["off"].item_mark(j), f"{path}.off[{j}]"
        if ident not in kinds:
            hint = c.suggest(ident, interventions)
            c.report(mark, where, f"no intervention with id {ident!r}{hint}")
        elif kinds[ident] != "intervention":
            c.report(mark, where, f"annotation {ident!r} is a {kinds[ident]}, not an intervention")
        elif ident in kept:
            c.report(mark, where, f"intervention {ident!r} is listed twice in this scenario")
        else:
            kept.append(ident)
    return kept


def _read_probabilities(
    data: MarkedMap, path: str, c: Checker, doc: Document, elements: list[str]
) -> dict[str, Probability]:
    if data.get("probabilities") is None:  # (absent, or nothing after the key)
        return {}
    where = f"{path}.probabilities"
    found = c.mapping(data["probabilities"], data.value_mark("probabilities"), where)
    out: dict[str, Probability] = {}
    for key in found or ():
        ident = str(key)
        kind = doc.kind_of(ident)
        if kind in ("group", "box"):
            what = "group" if kind == "group" else "text box"
            message = f"{ident!r} is a {what}: only links and stages have probabilities"
            c.report(found.key_mark(key), f"{where}.{ident}", message)
            continue
        if kind is None:
            hint = c.suggest(ident, elements)
            c.report(
                found.key_mark(key), f"{where}.{ident}", f"no link or stage with id {ident!r}{hint}"
            )
            continue
        value = read_probability(c, found, key, where)
        if value is not None:
            out[ident] = value
    return out


# -- writing ---------------------------------------------------------------------------------
def probability_text(p: Probability, number) -> str:
    """A probability as the writer writes it: ``0.3``, or a range ``[0.2, 0.4]``."""
    if isinstance(p, tuple):
        return f"[{number(p[0])}, {number(p[1])}]"
    return number(p)


def write_scenarios(out: _Lines, doc: Document) -> None:
    """The section, after everything else; what a scenario says about an element the
    document no longer has is left out (``pruned``)."""
    if not doc.scenarios:
        return
    from mesadiagram.formats.writer import _number, scalar  # (the writer imports this module)

    out.lines.append("")
    out.raw(0, "scenarios", "")
    for s in pruned(doc.scenarios, doc):
        out.field(4, "name", s.name, first_in_item=True)
        if s.label:
            out.field(4, "label", s.label)
        if s.text:
            out.field(4, "text", s.text)
        out.text_list(4, "off", list(s.off))  # one intervention a line
        if s.probabilities:
            out.raw(4, "probabilities", "")
            for key, p in s.probabilities.items():
                value = probability_text(p, _number)
                if len(key) > LONG_KEY:
                    out.lines += [f"      ? {scalar(key, 8)}", f"      : {value}"]
                else:
                    out.lines.append(f"      {scalar(key, 8)}: {value}")
