"""The editor window opens a model and shows it through the shared render code."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor

from mesadiagram.ui.main_window import MainWindow
from tests.conftest import EXAMPLE


def test_window_shows_the_example(qtbot) -> None:
    window = MainWindow(quiet=True)
    qtbot.addWidget(window)
    assert window.open_path(EXAMPLE)
    window.show()
    qtbot.waitExposed(window)
    assert "mesa_optimization.yaml" in window.windowTitle()
    image = window.grab().toImage()
    background = QColor("#FFFFFF").rgb()
    drawn = sum(
        1
        for x in range(0, image.width(), 4)
        for y in range(0, image.height(), 4)
        if image.pixel(x, y) != background
    )
    assert drawn > 200  # stages and links were painted


def test_bad_file_keeps_window_and_reports(qtbot, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("mesadiagram: 2\n", encoding="utf-8")
    window = MainWindow(quiet=True)
    qtbot.addWidget(window)
    assert not window.open_path(bad)
    assert "written by format 2; this version reads 1" in window.last_error
    assert f"{bad}:1:14" in window.last_error
