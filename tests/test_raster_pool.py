"""The editor starts with Qt's raster thread pool off, unless the user chose otherwise
(docs/performance.md, Presenting: it doubled a step's painting on a 2-core machine)."""

from __future__ import annotations

import os

from mesadiagram.ui import app


def test_make_app_turns_the_raster_pool_off(monkeypatch, qapp) -> None:
    monkeypatch.delenv(app.RASTER_POOL_SWITCH, raising=False)
    app.make_app()
    assert os.environ[app.RASTER_POOL_SWITCH] == "1"


def test_a_users_own_setting_wins(monkeypatch, qapp) -> None:
    monkeypatch.setenv(app.RASTER_POOL_SWITCH, "")
    app.make_app()
    assert os.environ[app.RASTER_POOL_SWITCH] == ""
