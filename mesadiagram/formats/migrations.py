"""Upgrades of older file versions, one small tagged function per step.

A file of version ``n`` is upgraded by ``MIGRATIONS[n]`` to ``n + 1`` and so on until it is
current, all on plain data before validation, so that a problem in an old file is still
reported at its line and column. A step looks like this::

    @migration(2)
    def _rename_notes(data):
        for node in data.get("nodes") or []:
            if isinstance(node, dict):
                rename_key(node, "notes", "annotations")
        return data

A step gets data that has not been validated yet: it must leave alone what it does not
recognise (validation reports it afterwards). New plain dicts and lists are allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

CURRENT_VERSION = 2

Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}


def migration(from_version: int) -> Callable[[Migration], Migration]:
    """Register ``func`` as the upgrade from ``from_version`` to ``from_version + 1``."""

    def register(func: Migration) -> Migration:
        MIGRATIONS[from_version] = func
        return func

    return register


def migrate(data: dict[str, Any], version: int) -> dict[str, Any]:
    """Upgrade ``data`` written by ``version`` to the current version (stamped in it)."""
    while version < CURRENT_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data["mesadiagram"] = version
    return data


def can_migrate(version: int) -> bool:
    return all(v in MIGRATIONS for v in range(version, CURRENT_VERSION))


def rename_key(mapping: dict[Any, Any], old: str, new: str) -> None:
    """Rename ``old`` to ``new`` in place, keeping the key's order and its place in the file."""
    if old not in mapping:
        return
    if new in mapping:
        raise ValueError(f"both {old!r} and {new!r} are present")
    entries = list(mapping.items())
    mapping.clear()
    for key, value in entries:
        mapping[new if key == old else key] = value
    for attr in ("key_marks", "value_marks", "source_texts"):
        marks = getattr(mapping, attr, None)
        if isinstance(marks, dict) and old in marks:
            marks[new] = marks.pop(old)


@migration(1)
def _links_and_annotations_get_ids(data: dict[str, Any]) -> dict[str, Any]:
    """1 -> 2: links and annotations gained ids (``id:``, optional when reading).

    Nothing in a version 1 file changes: the reader gives every link and annotation
    without an id one of its own, and the next save writes the annotations' ids. The
    version moves so that an older mesadiagram refuses a version 2 file by its version
    instead of by its unknown ``id:`` keys.
    """
    return data
