"""A three-way merge of plain data (what YAML reads: dicts, lists, strings, numbers).

``merge(base, ours, theirs)`` keeps every change either side made to ``base`` and
reports a :class:`Conflict` where both changed the same thing differently, taking ours
there. It knows nothing of the model format, only these rules:

- mappings merge key by key;
- a list of mappings that each have an ``id`` (else a ``name``, else a ``label``),
  unique in the list, merges element by element, matched by that key, so edits of
  different elements never conflict; the order is one side's, with the other side's new
  elements put after the element they follow there;
- a list of distinct strings (references, the stages of a group) merges the same way,
  an entry being its own key;
- a list holding numbers (a position, a route) is one value;
- any other list merges by runs of entries, as ``diff3`` merges lines: changes to
  different runs both apply, changes that touch the same run conflict.

An element removed on one side and changed on the other is a conflict (ours kept).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

KEYS = ("id", "name", "label")
"""What identifies an element of a list of mappings, in order of preference."""


class _Missing:
    """Absent: a key not in a mapping, an element not in a list."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Conflict:
    """Both sides changed ``path`` differently; ``ours`` was kept. A path is a tuple of
    mapping keys (str) and element keys (a 1-tuple holding the element's key)."""

    path: tuple[Any, ...]
    base: Any
    ours: Any
    theirs: Any


@dataclass
class Merger:
    """One merge: the conflicts it met."""

    conflicts: list[Conflict] = field(default_factory=list)

    def merge(self, base: Any, ours: Any, theirs: Any, path: tuple[Any, ...] = ()) -> Any:
        if ours == theirs:
            return ours
        if base == ours:
            return theirs
        if base == theirs:
            return ours
        if (
            isinstance(ours, dict)
            and isinstance(theirs, dict)
            and isinstance(base, (dict, _Missing))
        ):
            return self._mapping({} if base is MISSING else base, ours, theirs, path)
        if (
            isinstance(ours, list)
            and isinstance(theirs, list)
            and isinstance(base, (list, _Missing))
        ):
            merged = self._list([] if base is MISSING else base, ours, theirs, path)
            if merged is not MISSING:
                return merged
        self.conflicts.append(Conflict(path, base, ours, theirs))
        return ours

    def _mapping(self, base: dict, ours: dict, theirs: dict, path: tuple[Any, ...]) -> dict:
        out = {}
        for key in _union(list(base), list(ours), list(theirs)):
            got = base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING)
            kinds = {type(v) for v in got if v is not MISSING}
            if MISSING in got and kinds in ({list}, {dict}):
                # A file leaves out an empty list or section: absent is empty there.
                empty = kinds.pop()
                value = self.merge(*(empty() if v is MISSING else v for v in got), (*path, key))
                if value:
                    out[key] = value
                continue
            value = self.merge(*got, (*path, key))
            if value is not MISSING:
                out[key] = value
        return out

    def _list(self, base: list, ours: list, theirs: list, path: tuple[Any, ...]) -> Any:
        """The merged list, or MISSING when it conflicts as a whole."""
        lists = (base, ours, theirs)
        if any(_is_number(v) or isinstance(v, list) for seq in lists for v in seq):
            return MISSING  # coordinates: one value
        key = _key_function(lists)
        if key is None:
            return _runs(base, ours, theirs)
        by_key = [{key(v): v for v in seq} for seq in lists]
        keys = [[key(v) for v in seq] for seq in lists]
        merged = {}
        for k in _union(*keys):
            value = self.merge(*(d.get(k, MISSING) for d in by_key), (*path, (k,)))
            if value is not MISSING:
                merged[k] = value
        order = [k for k in _order(*keys) if k in merged]
        # An element ours changed and theirs removed is kept (a conflict): in ours' place.
        order = insert_after(order, keys[1], [k for k in keys[1] if k in merged])
        return [merged[k] for k in order]


def merge(base: Any, ours: Any, theirs: Any) -> tuple[Any, list[Conflict]]:
    """The merged data and its conflicts (where ours was kept)."""
    merger = Merger()
    return merger.merge(base, ours, theirs), merger.conflicts


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _union(*sequences: list[Any]) -> list[Any]:
    return list(dict.fromkeys(k for seq in sequences for k in seq))


def element_key(value: Any) -> str | None:
    """What identifies a list element: a string itself, a mapping its id, name or label."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for name in KEYS:
            if isinstance(value.get(name), str):
                return value[name]
    return None


def _key_function(lists: tuple[list, ...]) -> Callable[[Any], str] | None:
    """How to match the elements of these lists, or None when they cannot be matched:
    all strings or all mappings with the same kind of key, unique in each list."""
    values = [v for seq in lists for v in seq]
    if all(isinstance(v, str) for v in values):
        kinds = {"str"}
    elif all(isinstance(v, dict) for v in values):
        kinds = {next((n for n in KEYS if isinstance(v.get(n), str)), None) for v in values}
    else:
        return None
    if None in kinds or len(kinds) > 1:
        return None
    for seq in lists:
        keys = [element_key(v) for v in seq]
        if len(set(keys)) != len(keys):
            return None
    return element_key  # type: ignore[return-value]


def _order(base: list[str], ours: list[str], theirs: list[str]) -> list[str]:
    """The keys of the merged list in order: the order of the side that reordered what
    both kept (ours if both did), without what the other side removed, with the other
    side's new keys after the key they follow there."""
    kept = set(ours) & set(theirs) & set(base)
    base_kept = [k for k in base if k in kept]
    ours_moved = [k for k in ours if k in kept] != base_kept
    main, other = (theirs, ours) if not ours_moved else (ours, theirs)
    removed_by_other = set(base) - set(other)
    out = [k for k in main if k not in removed_by_other]
    return insert_after(out, other, [k for k in other if k not in base])


def insert_after(out: list[str], seq: list[str], keys: list[str]) -> list[str]:
    """``out`` with each of ``keys`` not in it yet put after the nearest key before it
    in ``seq`` that ``out`` has (first if none)."""
    placed = set(out)
    position = {k: i for i, k in enumerate(seq)}
    for k in keys:
        if k in placed:
            continue
        j = position[k] - 1
        while j >= 0 and seq[j] not in placed:
            j -= 1
        out.insert(out.index(seq[j]) + 1 if j >= 0 else 0, k)
        placed.add(k)
    return out


def _text(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _hunks(base: list[str], side: list[str]) -> list[tuple[int, int, int, int]]:
    matcher = difflib.SequenceMatcher(None, base, side, autojunk=False)
    return [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def _clash(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two changed runs of the base touch the same place."""
    (s1, e1), (s2, e2) = a, b
    if s1 == s2 or max(s1, s2) < min(e1, e2):
        return True
    return (s1 == e1 and s2 < s1 < e2) or (s2 == e2 and s1 < s2 < e1)


def _runs(base: list, ours: list, theirs: list) -> Any:
    """diff3 on whole entries: the merged list, or MISSING if changes clash."""
    b, o, t = ([_text(v) for v in seq] for seq in (base, ours, theirs))
    changes = [(i1, i2, ours[j1:j2], o[j1:j2]) for i1, i2, j1, j2 in _hunks(b, o)]
    theirs_changes = [(i1, i2, theirs[j1:j2], t[j1:j2]) for i1, i2, j1, j2 in _hunks(b, t)]
    for mine in changes:
        for other in theirs_changes:
            same = mine[:2] == other[:2] and mine[3] == other[3]
            if not same and _clash(mine[:2], other[:2]):
                return MISSING
    unique = {(c[0], c[1], tuple(c[3])): c for c in [*changes, *theirs_changes]}
    out: list = []
    at = 0
    for start, end, entries, _ in sorted(unique.values(), key=lambda c: (c[0], c[1])):
        out += base[at:start] + entries
        at = end
    return out + base[at:]
