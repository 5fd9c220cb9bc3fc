"""The editor window opens a model and shows it through the shared render code.

Every test runs with its settings isolated (``conftest``'s ``settings_folder``): nothing a
test does reaches the user's configuration, recent files or recovery folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QImage

from mesadiagram.render.theme import available_themes, user_theme_folder
from mesadiagram.ui.main_window import MainWindow
from mesadiagram.ui.theme_menu import apply_theme
from tests.conftest import EXAMPLE
from tests.ui_helpers import record_reports, reported


def _canvas_pixels_unlike_background(window: MainWindow) -> int:
    """How many sampled canvas pixels differ from the theme's background colour."""
    image: QImage = window.view.viewport().grab().toImage()
    background = QColor(window.session.view_state.theme.background)
    drawn = 0
    for x in range(0, image.width(), 3):
        for y in range(0, image.height(), 3):
            pixel = QColor(image.pixel(x, y))
            far = abs(pixel.red() - background.red()) + abs(pixel.green() - background.green())
            if far + abs(pixel.blue() - background.blue()) > 60:
                drawn += 1
    return drawn


def test_window_shows_the_example(qtbot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_path(EXAMPLE)
    window.show()
    qtbot.waitExposed(window)
    assert "mesa_optimization.yaml" in window.windowTitle()
    assert _canvas_pixels_unlike_background(window) > 200  # stages and links were painted


@pytest.mark.parametrize("theme", sorted(available_themes(user_theme_folder())))
def test_canvas_is_not_blank_in_any_theme(qtbot, theme: str) -> None:
    """Each theme draws the seed visibly against its own background, and the whole window
    (not only the canvas) follows a dark theme."""
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_path(EXAMPLE)
    window.show()
    qtbot.waitExposed(window)
    assert apply_theme(window.session.view_state, theme, remember=False)
    qtbot.wait(50)
    assert _canvas_pixels_unlike_background(window) > 200, theme
    background = QColor(window.session.view_state.theme.background)
    window_colour = window.palette().window().color()
    assert (background.lightness() < 128) == (window_colour.lightness() < 128), theme


def test_bad_file_keeps_window_and_reports(qtbot, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("mesadiagram: 3\n", encoding="utf-8")
    window = record_reports(MainWindow())
    qtbot.addWidget(window)
    assert not window.open_path(bad)
    assert "written by format 3; this version reads 2" in reported(window)
    assert f"{bad}:1:14" in reported(window)


def test_window_tests_write_settings_only_to_the_test_folder(qtbot, settings_folder: Path) -> None:
    """A window's settings (geometry, recent files) land in the isolated folder."""
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_path(EXAMPLE)
    window.close()
    settings_file = Path(QSettings().fileName())
    assert settings_folder in settings_file.parents
    assert settings_file.exists()


def test_a_huge_number_is_reported_and_the_window_stays(qtbot, tmp_path: Path) -> None:
    """A 373-byte file with a 310-digit probability used to end the editor with
    "Unexpected error"; now it is one positioned problem and nothing is replaced."""
    bad = tmp_path / "huge.yaml"
    bad.write_text(
        "mesadiagram: 2\nnodes:\n  - id: a\n    label: A\n    probability: 1" + "0" * 309 + "\n",
        encoding="utf-8",
    )
    window = record_reports(MainWindow())
    qtbot.addWidget(window)
    assert window.open_path(EXAMPLE)
    before = window.doc.snapshot()
    assert not window.open_path(bad)
    assert f"{bad}:5:18" in reported(window)
    assert window.doc.snapshot() == before  # the open document is kept
    assert window.session.path == EXAMPLE
