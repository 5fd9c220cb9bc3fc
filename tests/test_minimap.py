"""The minimap: shown when the diagram is larger than the view, a click or drag on it moves
the view there, the wheel zooms, View > Minimap switches it off (remembered), and its
miniature is drawn once, not at every scroll.

A generated layered model (``benchmarks/generate.py``) of 600 stages in a 1400 x 880
window is larger than the view when it opens; the seed example fits once zoomed to fit.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QColor, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from mesadiagram.formats import load
from mesadiagram.model.commands import SetNodeFields
from mesadiagram.ui.canvas.minimap import PAD, SETTING
from mesadiagram.ui.main_window import MainWindow
from mesadiagram.ui.theme_menu import apply_theme
from tests.conftest import EXAMPLE, ROOT
from tests.ui_helpers import isolated_settings, make_window  # noqa: F401

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import layered_document

Left = Qt.MouseButton.LeftButton
NoMod = Qt.KeyboardModifier.NoModifier


def _window(qtbot, doc) -> MainWindow:
    window = make_window(qtbot)
    window.resize(1400, 880)
    window.session.replace_document(doc, None)  # opens as a document opens: readable
    qtbot.waitUntil(lambda: window.view.minimap.isVisible() or window.view.zoom() != 1.0)
    return window


@pytest.fixture
def big(qtbot, isolated_settings) -> MainWindow:  # noqa: F811
    window = _window(qtbot, layered_document(600))
    qtbot.waitUntil(window.view.minimap.isVisible)
    return window


def shown_area(window: MainWindow):
    view = window.view
    return view.mapToScene(view.viewport().rect()).boundingRect()


def test_a_large_model_shows_the_minimap_in_the_views_corner(big: MainWindow) -> None:
    minimap, view = big.view.minimap, big.view
    assert not shown_area(big).contains(big.scene.items_bounds())  # larger than the view
    port = view.viewport().geometry()
    box = minimap.geometry()
    assert port.contains(box)
    # In the bottom-right corner, and small beside the view.
    assert port.right() - box.right() < 20 and port.bottom() - box.bottom() < 20
    assert box.width() <= port.width() / 3 + 2 * PAD and box.height() <= port.height() / 3 + 2 * PAD
    # The visible area is a rectangle on the miniature, at the diagram's start.
    frame = minimap.frame()
    start = big.scene.items_bounds().topLeft() + QPointF(40, 40)
    assert frame.contains(minimap.transform().map(start))
    assert frame.width() < box.width() / 2 and frame.height() < box.height()


def test_a_click_in_its_corner_moves_the_view_there(big: MainWindow) -> None:
    minimap = big.view.minimap
    bounds = big.scene.items_bounds()
    assert not shown_area(big).contains(bounds.bottomRight())
    corner = QPoint(minimap.width() - PAD - 2, minimap.height() - PAD - 2)
    QTest.mouseClick(minimap, Left, NoMod, corner)
    shown = shown_area(big)
    # The view is centred where the click points in the miniature: the diagram's last corner.
    target = minimap.transform().inverted()[0].map(QPointF(corner))
    assert shown.contains(target)
    assert abs(shown.center().x() - target.x()) < 2 / big.view.zoom() + 1
    assert abs(shown.center().y() - target.y()) < 2 / big.view.zoom() + 1
    assert shown.contains(bounds.bottomRight() - QPointF(40, 40))
    assert not shown.contains(bounds.topLeft())
    # And the rectangle follows: it is in the bottom-right corner of the miniature now.
    frame = minimap.frame()
    assert frame.contains(QPointF(corner))


def test_dragging_the_rectangle_pans_the_view(big: MainWindow) -> None:
    minimap = big.view.minimap
    before = shown_area(big)
    frame = minimap.frame()
    grip = frame.center().toPoint()
    QTest.mousePress(minimap, Left, NoMod, grip)
    for step in range(1, 6):
        QTest.mouseMove(minimap, grip + QPoint(8 * step, 4 * step))
    QTest.mouseRelease(minimap, Left, NoMod, grip + QPoint(40, 20))
    after = shown_area(big)
    scale = minimap.transform().m11()
    # Grabbing the rectangle keeps the grip: the view moved by the drag, scaled up, and
    # did not jump to centre on the point first pressed.
    assert after.center().x() - before.center().x() == pytest.approx(40 / scale, abs=4 / scale)
    assert after.center().y() - before.center().y() == pytest.approx(20 / scale, abs=4 / scale)


def test_the_wheel_over_it_zooms_the_view(big: MainWindow) -> None:
    minimap, view = big.view.minimap, big.view
    zoom, centre = view.zoom(), shown_area(big).center()
    point = QPointF(minimap.width() / 2, minimap.height() / 2)
    event = QWheelEvent(
        point,
        minimap.mapToGlobal(point),
        QPoint(),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        NoMod,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(minimap, event)
    assert view.zoom() == pytest.approx(zoom / 1.15, rel=1e-3)
    moved = shown_area(big).center() - centre
    assert abs(moved.x()) < 2 / view.zoom() and abs(moved.y()) < 2 / view.zoom()  # about the centre


def test_a_model_that_fits_shows_no_minimap(qtbot, isolated_settings) -> None:  # noqa: F811
    window = _window(qtbot, load(EXAMPLE))
    window.actions_by_name["zoom_fit"].trigger()
    assert shown_area(window).contains(window.scene.items_bounds())
    assert not window.view.minimap.isVisible()
    # Zoomed in so far that it no longer fits, it shows; fitted again, it goes.
    for _ in range(4):
        window.actions_by_name["zoom_in"].trigger()
    assert window.view.minimap.isVisible()
    window.actions_by_name["zoom_fit"].trigger()
    assert not window.view.minimap.isVisible()


def test_view_minimap_switches_it_off_and_the_choice_is_remembered(qtbot, big: MainWindow) -> None:
    action = big.actions_by_name["minimap"]
    assert action.isChecked()
    action.trigger()
    assert not big.view.minimap.isVisible()
    assert QSettings().value(SETTING) in (False, "false")
    other = _window(qtbot, layered_document(600))
    assert not other.actions_by_name["minimap"].isChecked()
    assert not other.view.minimap.isVisible()
    other.actions_by_name["minimap"].trigger()
    assert other.view.minimap.isVisible()


def test_the_miniature_is_drawn_once_not_at_each_scroll(qtbot, big: MainWindow) -> None:
    minimap, view = big.view.minimap, big.view
    minimap.repaint()
    drawn = minimap._image.cacheKey()
    for _ in range(5):
        view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + 50)
        view.set_zoom(view.zoom() * 1.05)
        minimap.repaint()
    assert minimap._image.cacheKey() == drawn
    # A change to the model draws it again, a moment later.
    big.session.run(SetNodeFields("s0", "Move", position=(-3000.0, -3000.0)))
    qtbot.waitUntil(lambda: minimap._image is None or minimap._image.cacheKey() != drawn)
    assert minimap._image is None or minimap._image.cacheKey() != drawn
    qtbot.waitUntil(lambda: minimap.transform().map(QPointF(-3000, -3000)).x() >= PAD - 1)


def test_it_follows_the_theme(qtbot, big: MainWindow) -> None:
    minimap = big.view.minimap

    def background() -> QColor:
        return minimap.grab().toImage().pixelColor(2, minimap.height() // 2)

    light = background()
    apply_theme(big.session.view_state, "dark", remember=False)
    qtbot.waitUntil(lambda: background() != light)
    dark = QColor(big.session.view_state.theme.background)
    shown = background()
    assert abs(shown.lightness() - dark.lightness()) < 20
    assert light.lightness() > 200 > shown.lightness()
