"""Each file opens where it was left: the zoom and centre of its view are remembered when
the window closes or another document replaces it, and restored when it opens again.
A file without a remembered view opens readable (``tests/test_readable_on_open.py``).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QPointF, QSettings

from mesadiagram.ui.canvas.view import READABLE_LABEL_PX
from mesadiagram.ui.canvas.view_memory import (
    MAX_REMEMBERED,
    SETTING,
    remember_view,
    remembered_view,
)
from mesadiagram.ui.main_window import MainWindow
from tests.conftest import EXAMPLE
from tests.ui_helpers import isolated_settings  # noqa: F401

OPEN: list[MainWindow] = []


@pytest.fixture(autouse=True)
def _close_windows() -> Iterator[None]:
    """Windows close themselves (and are deleted) in these tests; the rest close at the end."""
    yield
    while OPEN:
        window = OPEN.pop()
        if shiboken6.isValid(window) and window.isVisible():
            window.close()


def _window(qtbot, shown: bool = True) -> MainWindow:
    window = MainWindow()
    OPEN.append(window)
    window.resize(1400, 880)
    if shown:
        window.show()
        qtbot.waitExposed(window)
    return window


def _centre(window: MainWindow) -> QPointF:
    view = window.view
    return view.mapToScene(view.viewport().rect()).boundingRect().center()


@pytest.fixture
def model(tmp_path: Path, isolated_settings) -> Path:  # noqa: F811
    path = tmp_path / "model.yaml"
    shutil.copy(EXAMPLE, path)
    return path


def _leave_at(window: MainWindow, zoom: float, stage: str) -> QPointF:
    """Zoom and scroll as a user would (View > Zoom In, then a scroll to a stage)."""
    while window.view.zoom() < zoom:
        window.actions_by_name["zoom_in"].trigger()
    window.view.centerOn(window.scene.node_item(stage))
    return _centre(window)


def test_closing_and_reopening_a_file_restores_zoom_and_centre(qtbot, model: Path) -> None:
    first = _window(qtbot)
    assert first.open_path(model)
    readable = first.view.zoom()
    centre = _leave_at(first, 2.5, "deployment")
    zoom = first.view.zoom()
    assert zoom != pytest.approx(readable)
    assert first.close()

    again = _window(qtbot)
    assert again.open_path(model)
    qtbot.wait(10)
    assert again.view.zoom() == pytest.approx(zoom)
    shown = _centre(again)
    assert abs(shown.x() - centre.x()) <= 2 / zoom and abs(shown.y() - centre.y()) <= 2 / zoom
    assert again.close()
    # Under the same path however it is named.
    third = _window(qtbot)
    assert third.open_path(model.parent / "." / model.name)
    assert third.view.zoom() == pytest.approx(zoom)


def test_a_document_replaced_in_the_window_keeps_its_view(qtbot, model: Path, tmp_path) -> None:
    other = tmp_path / "other.yaml"
    shutil.copy(EXAMPLE, other)
    window = _window(qtbot)
    assert window.open_path(model)
    centre = _leave_at(window, 3.0, "catastrophe")
    zoom = window.view.zoom()
    # Another file replaces it: that one has no remembered view, so it opens readable.
    assert window.open_path(other)
    assert window.view.zoom() != pytest.approx(zoom)
    label_px = window.session.view_state.theme.font_size * window.view.zoom()
    assert label_px >= READABLE_LABEL_PX
    # The first again: where it was left.
    assert window.open_path(model)
    assert window.view.zoom() == pytest.approx(zoom)
    shown = _centre(window)
    assert abs(shown.x() - centre.x()) <= 2 / zoom and abs(shown.y() - centre.y()) <= 2 / zoom


def test_new_and_untitled_documents_are_not_remembered(qtbot, model: Path) -> None:
    window = _window(qtbot)
    window.actions_by_name["new"].trigger()
    window.view.set_zoom(4.0)
    window.actions_by_name["new_template"].trigger()
    assert QSettings().value(SETTING, "") in ("", None)


def test_a_file_opened_before_the_window_shows_is_restored_once_shown(qtbot, model) -> None:
    first = _window(qtbot)
    first.open_path(model)
    centre = _leave_at(first, 2.0, "misalignment")
    zoom = first.view.zoom()
    first.close()
    hidden = _window(qtbot, shown=False)
    assert hidden.open_path(model)  # (as a recovered window or a script might)
    hidden.show()
    qtbot.waitExposed(hidden)
    assert hidden.view.zoom() == pytest.approx(zoom)
    shown = _centre(hidden)
    assert abs(shown.x() - centre.x()) <= 2 / zoom and abs(shown.y() - centre.y()) <= 2 / zoom


def test_at_most_the_most_recent_views_are_kept(isolated_settings, tmp_path) -> None:  # noqa: F811
    paths = [tmp_path / f"m{i}.yaml" for i in range(MAX_REMEMBERED + 5)]
    for i, path in enumerate(paths):
        remember_view(path, 1.0 + i / 100, QPointF(i, -i))
    assert remembered_view(paths[-1]) == (pytest.approx(1.0 + 54 / 100), QPointF(54, -54))
    kept = [p for p in paths if remembered_view(p) is not None]
    assert kept == paths[-MAX_REMEMBERED:]
    # Leaving an old one again brings it to the front.
    remember_view(paths[5], 2.0, QPointF(0, 0))
    remember_view(paths[-1], 2.0, QPointF(0, 0))
    assert remembered_view(paths[5]) is not None


def test_a_damaged_setting_is_ignored(qtbot, model: Path) -> None:
    QSettings().setValue(SETTING, "{not json")
    window = _window(qtbot)
    assert window.open_path(model)
    label_px = window.session.view_state.theme.font_size * window.view.zoom()
    assert label_px >= READABLE_LABEL_PX  # the default
    QSettings().setValue(SETTING, '[["x", "big", 1, 2], ["y", -1, 0, 0], 7]')
    assert remembered_view(Path("x")) is None and remembered_view(Path("y")) is None
    window.close()  # remembers this one over what was there
    assert remembered_view(model) is not None
