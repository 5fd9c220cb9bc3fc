"""Upgrades of older file versions, one small tagged function per step.

A file of version ``n`` is upgraded by ``MIGRATIONS[n]`` to ``n + 1`` and so on until it is
current, all on plain data before validation. Version 1 is the first format, so the table
is empty; the next format change adds ``@migration(1)`` here and bumps ``CURRENT_VERSION``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

CURRENT_VERSION = 1

Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}


def migration(from_version: int) -> Callable[[Migration], Migration]:
    """Register ``func`` as the upgrade from ``from_version`` to ``from_version + 1``."""

    def register(func: Migration) -> Migration:
        MIGRATIONS[from_version] = func
        return func

    return register


def migrate(data: dict[str, Any], version: int) -> dict[str, Any]:
    """Upgrade ``data`` written by ``version`` to the current version."""
    while version < CURRENT_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    return data


def can_migrate(version: int) -> bool:
    return all(v in MIGRATIONS for v in range(version, CURRENT_VERSION))
