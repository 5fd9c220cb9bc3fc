"""Merging three versions of a model: base, ours and theirs, as ``git merge`` needs.

Each version is read and validated, written in canonical form and read back as plain
data, with every link's id spelled out and every item a mapping. ``three_way.py`` merges
that data element by element (matched by id, types and classes by name), so two people
editing different stages, links, annotations or sections never conflict. The merged data
is then read as a model, so the result is validated and written in canonical form.

What cannot be merged is a conflict, said with its path in the model's words
(``stages[mesa-optimizer].label: ours 'X', theirs 'Y'``); the result keeps ours there.
A merge that gives an invalid model (a link to a stage the other side removed) reports
each problem as a conflict too and keeps ours' version of what the problem is about.
New elements that both sides gave the same id (two stages both added as "New stage")
are not a conflict: theirs gets a fresh id, and what refers to it follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from mesadiagram.formats import safe_yaml
from mesadiagram.formats.errors import FormatError, Problem
from mesadiagram.formats.reader import loads
from mesadiagram.formats.three_way import MISSING, Conflict, element_key, insert_after, merge
from mesadiagram.formats.writer import dumps, scalar
from mesadiagram.model import Document, default_link_id
from mesadiagram.model.diff_words import value_text
from mesadiagram.model.ids import numbered

SECTION_WORDS = {"nodes": "stages", "edges": "links"}
"""How a conflict's path names the file's sections (in the model's words)."""


@dataclass
class MergeResult:
    """The merged model's canonical text; ``conflicts`` (one line each, empty when the
    merge is clean); ``notes`` on ids given to theirs' new elements; ``kept``: what the
    text holds where the merged model was invalid (empty when it was valid)."""

    text: str
    conflicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    kept: str = ""

    @property
    def clean(self) -> bool:
        return not self.conflicts


def merge_documents(base: Document, ours: Document, theirs: Document) -> MergeResult:
    """Merge two versions that both come from ``base``."""
    data = [canonical_data(doc) for doc in (base, ours, theirs)]
    notes = separate_new_ids(*data)
    merged, conflicts = merge(*data)
    lines = [conflict_line(c) for c in conflicts]
    doc, problems = _read(merged)
    kept = ""
    if doc is None:
        lines += [f"{readable_path(p.path, merged)}: {p.message} (in the merged model)"
                  for p in problems]  # fmt: skip
        doc, kept = _repaired(merged, data[1], problems, ours)
    return MergeResult(dumps(doc), lines, notes, kept)


# -- the data --------------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def canonical_data(doc: Document) -> dict[str, Any]:
    """The document as the plain data of its canonical file, with each link's id written
    out (the file leaves out ``from->to``) and each item a mapping (``- text`` is
    ``{label: text}``), so that every element has its key."""
    data = _plain(safe_yaml.parse(dumps(doc), "<canonical>"))
    for i, edge in enumerate(data.get("edges", [])):
        if "id" not in edge:
            data["edges"][i] = {"id": default_link_id(edge["from"], edge["to"]), **edge}
    for owner in (*data.get("nodes", []), *data.get("edges", [])):
        for ann in owner.get("annotations", []):
            if "items" in ann:
                ann["items"] = [{"label": i} if isinstance(i, str) else i for i in ann["items"]]
    return data


def _number(value: float) -> str:
    """A float as YAML 1.1 reads it back exactly (``1.0e-05``, not ``1e-05``)."""
    text = repr(float(value))
    if "e" in text and "." not in text.split("e")[0]:
        text = text.replace("e", ".0e")
    return re.sub(r"e(\d)", r"e+\1", text)


def _scalar(value: Any, indent: int) -> str:
    """A value on the line of its key or dash (empty lists and mappings in flow style)."""
    if value == [] or value == {}:
        return "[]" if isinstance(value, list) else "{}"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number(value)
    return scalar(str(value), indent)


def data_text(data: dict[str, Any]) -> str:
    """Plain data as YAML in block style, strings written as the canonical writer
    writes them (so any text survives)."""
    lines: list[str] = []

    def mapping(value: dict, indent: int, first: str | None = None) -> None:
        for i, (key, item) in enumerate(value.items()):
            lead = first if i == 0 and first is not None else " " * indent
            head = f"{lead}{scalar(str(key), indent)}:"
            if isinstance(item, (dict, list)) and item:
                lines.append(head)
                (mapping if isinstance(item, dict) else sequence)(item, indent + 2)
            else:
                lines.append(f"{head} {_scalar(item, indent)}")

    def sequence(value: list, indent: int) -> None:
        for item in value:
            if isinstance(item, dict) and item:
                mapping(item, indent + 2, first=" " * indent + "- ")
            elif isinstance(item, list) and item:
                lines.append(" " * indent + "-")
                sequence(item, indent + 2)
            else:
                lines.append(f"{' ' * indent}- {_scalar(item, indent + 2)}")

    mapping(data, 0)
    return "\n".join(lines) + "\n"


def _read(data: dict[str, Any]) -> tuple[Document | None, list[Problem]]:
    try:
        return loads(data_text(data), "<merged>"), []
    except FormatError as err:
        return None, err.problems


# -- new ids on both sides ---------------------------------------------------------------------
def _with_ids(data: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], dict]]:
    """Every mapping with an ``id``, with the path of the list that holds it."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _with_ids(value, (*path, str(key)))
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                found.append((path, item))
                found += _with_ids(item, (*path, item["id"]))
            else:
                found += _with_ids(item, path)
    return found


def _same_element(a: tuple[tuple[str, ...], dict], b: tuple[tuple[str, ...], dict]) -> bool:
    """Whether two new elements with one id are meant as the same one: in the same list,
    with the same label (or text), ends and type."""
    (path_a, x), (path_b, y) = a, b
    keys = ("from", "to", "type")
    return (
        path_a == path_b
        and (x.get("label") or x.get("text")) == (y.get("label") or y.get("text"))
        and all(x.get(k) == y.get(k) for k in keys)
    )


def _rename_references(data: Any, old: str, new: str) -> None:
    """``old`` -> ``new`` where an id is referred to: ``from``, ``to``, lists of ids and
    the keys of a scenario's ``probabilities``."""
    if isinstance(data, dict):
        probabilities = data.get("probabilities")
        if isinstance(probabilities, dict) and old in probabilities:
            data["probabilities"] = {new if k == old else k: v for k, v in probabilities.items()}
        for key, value in data.items():
            if key in ("from", "to") and value == old:
                data[key] = new
            else:
                _rename_references(value, old, new)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            if value == old:
                data[i] = new
            else:
                _rename_references(value, old, new)


def _rename(data: dict, item: dict, fresh: str, taken: set[str], base_ids: set[str]) -> None:
    """Give ``item`` of ``data`` the id ``fresh``; what refers to it follows, and so do
    the ids of new links named after their stages (``from->to``)."""
    old = item["id"]
    item["id"] = fresh
    _rename_references(data, old, fresh)
    for edge in data.get("edges", []):
        ends = (edge.get("from"), edge.get("to"))
        if fresh not in ends or edge["id"] in base_ids or None in ends:
            continue
        if edge["id"] == default_link_id(*(old if e == fresh else e for e in ends)):
            new = numbered(default_link_id(*ends), taken)
            taken.add(new)
            _rename(data, edge, new, taken, base_ids)


def separate_new_ids(base: dict, ours: dict, theirs: dict) -> list[str]:
    """Give a fresh id to each element theirs added with an id that ours also added to
    a different element, in ``theirs`` (with what refers to it); notes saying so."""
    notes: list[str] = []
    for _ in range(10):  # a renamed stage can reveal its new links' clash: look again
        old_ids = {item["id"] for _, item in _with_ids(base)}
        ours_new: dict[str, list] = {}
        for entry in _with_ids(ours):
            ours_new.setdefault(entry[1]["id"], []).append(entry)
        theirs_all = _with_ids(theirs)
        counts: dict[str, int] = {}
        for _, item in theirs_all:
            counts[item["id"]] = counts.get(item["id"], 0) + 1
        taken = old_ids | set(ours_new) | set(counts)
        renamed = False
        for entry in theirs_all:
            ident = entry[1]["id"]
            mine = ours_new.get(ident, [])
            if ident in old_ids or len(mine) != 1 or counts[ident] != 1:
                continue
            if _same_element(mine[0], entry):
                continue
            item = entry[1]
            start = default_link_id(item["from"], item["to"]) if "from" in item else ident
            fresh = numbered(start, taken)
            taken.add(fresh)
            _rename(theirs, item, fresh, taken, old_ids)
            where = SECTION_WORDS.get(entry[0][-1], entry[0][-1]) if entry[0] else "elements"
            notes.append(f"{where}: theirs' new {ident!r} is now {fresh!r} "
                         "(ours added another with that id)")  # fmt: skip
            renamed = True
        if not renamed:
            break
    return notes


# -- saying conflicts ------------------------------------------------------------------------
def path_text(path: tuple[Any, ...]) -> str:
    out = ""
    for i, step in enumerate(path):
        if isinstance(step, tuple):
            out += f"[{step[0]}]"
        else:
            name = SECTION_WORDS.get(step, step) if i == 0 else step
            out += f".{name}" if out else str(name)
    return out


def _show(value: Any) -> str:
    return value_text(value)


def _changed_keys(base: Any, value: Any) -> str:
    if isinstance(base, dict) and isinstance(value, dict):
        keys = [k for k in dict.fromkeys([*base, *value]) if base.get(k) != value.get(k)]
        if keys:
            return " (" + ", ".join(map(str, keys)) + ")"
    return ""


def conflict_line(c: Conflict) -> str:
    where = path_text(c.path) or "the document"
    if c.ours is MISSING:
        return f"{where}: ours removed it, theirs changed it{_changed_keys(c.base, c.theirs)}"
    if c.theirs is MISSING:
        return f"{where}: ours changed it{_changed_keys(c.base, c.ours)}, theirs removed it"
    return f"{where}: ours {_show(c.ours)}, theirs {_show(c.theirs)}"


_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def readable_path(path: str, data: Any) -> str:
    """A reader's path (``edges[3].to``) with the keys of elements for their indexes
    (``links[a->b].to``)."""
    out, here = "", data
    for name, index in _STEP.findall(path):
        if name:
            word = SECTION_WORDS.get(name, name) if not out else name
            out += f".{word}" if out else word
            here = here.get(name) if isinstance(here, dict) else None
        else:
            item = here[int(index)] if isinstance(here, list) and int(index) < len(here) else None
            key = element_key(item)
            out += f"[{key if key is not None else index}]"
            here = item
    return out or "the document"


# -- an invalid merge ------------------------------------------------------------------------
def _top_element(path: str) -> tuple[str, int | None]:
    steps = _STEP.findall(path)
    if not steps or not steps[0][0]:
        return "", None
    section = steps[0][0]
    index = int(steps[1][1]) if len(steps) > 1 and steps[1][1] else None
    return section, index


def _ours_for(merged: dict, ours: dict, problems: list[Problem]) -> tuple[dict, list[str]]:
    """``merged`` with ours' version of every element or section a problem is in."""
    fixed = dict(merged)
    said = []
    for section, index in {_top_element(p.path) for p in problems}:
        if not section:
            continue
        current = merged.get(section)
        if index is not None and isinstance(current, list) and index < len(current):
            key = element_key(current[index])
            mine = {element_key(v): v for v in ours.get(section, [])}
            rest = [v for v in fixed.get(section, []) if element_key(v) != key]
            if key in mine:
                order = insert_after([element_key(v) for v in rest], list(mine), [key])
                by_key = {element_key(v): v for v in [*rest, mine[key]]}
                rest = [by_key[k] for k in order]
            fixed[section] = rest
            said.append(f"{SECTION_WORDS.get(section, section)}[{key}]")
        else:
            fixed.pop(section, None)
            if section in ours:
                fixed[section] = ours[section]
            said.append(SECTION_WORDS.get(section, section))
    return fixed, said


def _restored(merged: dict, ours: dict) -> dict:
    """``merged`` with every element of ours' lists that the merge dropped put back."""
    fixed = dict(merged)
    for section, mine in ours.items():
        if not isinstance(mine, list) or not all(element_key(v) for v in mine):
            continue
        have = fixed.get(section, [])
        if not isinstance(have, list):
            continue
        keys = [element_key(v) for v in have]
        order = insert_after(list(keys), [element_key(v) for v in mine],
                             [element_key(v) for v in mine])  # fmt: skip
        by_key = {element_key(v): v for v in mine} | {element_key(v): v for v in have}
        fixed[section] = [by_key[k] for k in order]
    return fixed


def _repaired(
    merged: dict, ours: dict, problems: list[Problem], ours_doc: Document
) -> tuple[Document, str]:
    """A valid model near ``merged``, leaning to ours, and what it keeps of ours."""
    fixed, said = _ours_for(merged, ours, problems)
    doc, more = _read(fixed)
    if doc is not None:
        return doc, "ours' version of " + ", ".join(said)
    restored = _restored(fixed, ours)  # (a removal theirs made that ours' edits need)
    doc, more = _read(restored)
    if doc is None:
        doc, _ = _read(_ours_for(restored, ours, more)[0])
    if doc is not None:
        return doc, "ours' version of " + ", ".join(said) + " and what theirs removed"
    return ours_doc, "ours' file as it was"
