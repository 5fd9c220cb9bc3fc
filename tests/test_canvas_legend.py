"""View > Legend: the exports' legend over a corner of the canvas, following the document,
the theme and the view state; the choice is remembered."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu

from mesadiagram.model import Annotation, AnnotationType
from mesadiagram.model.commands import Macro, SetAnnotations, SetTypes
from mesadiagram.render.legend import legend_entries
from mesadiagram.render.theme import DARK_THEME, DEFAULT_THEME
from mesadiagram.ui.theme_menu import apply_theme
from tests.ui_helpers import make_window


def _view_menu_action(window, text: str):
    """The View menu's entry as a user finds it."""
    for top in window.menuBar().actions():
        if top.text().replace("&", "") == "View":
            menu: QMenu = top.menu()
            for action in menu.actions():
                if action.text().replace("&", "") == text:
                    return action
    raise AssertionError(f"no View > {text}")


def _rows(window) -> list[str]:
    legend = window.legend
    assert legend.shown
    return [entry.text for entry in legend.geo.entries]


def _expected(doc) -> list[str]:
    """The types in use by their plural (kinds once: each chip carries its name), then
    the badge (if a link has interventions)."""
    used = {ann.type for _, ann in doc.iter_annotations()}
    rows = [t.plural.capitalize() for t in doc.all_types() if t.name in used]
    badge = any(a.type == "intervention" for e in doc.edges for a in e.annotations)
    return rows + (["Interventions on a link (count)"] if badge else [])


def _pixel(window, point: QPoint) -> QColor:
    image: QImage = window.legend.grab().toImage()
    return image.pixelColor(point)


def test_view_legend_shows_the_types_present(qtbot, seed_doc) -> None:
    window = make_window(qtbot, seed_doc)
    action = _view_menu_action(window, "Legend")
    assert action.isCheckable() and action.isChecked()  # shown unless turned off
    assert _rows(window) == _expected(window.doc)
    assert "Caveats" in _rows(window) and "Kinds" in _rows(window)
    assert "Proxy" not in _rows(window)  # (a kind's name is on its chip, not in the legend)
    # In the viewport's bottom left corner, inside it, over the canvas.
    viewport = window.view.viewport().geometry()
    assert viewport.contains(window.legend.geometry())
    assert window.legend.geometry().left() - viewport.left() < 20
    assert viewport.bottom() - window.legend.geometry().bottom() < 20
    action.trigger()
    assert not action.isChecked() and not window.session.view_state.show_legend
    assert not window.legend.isVisible()
    action.trigger()
    assert window.legend.shown and _rows(window) == _expected(window.doc)


def test_the_legend_follows_the_document(qtbot, seed_doc) -> None:
    window = make_window(qtbot, seed_doc)
    assert "Risks" not in _rows(window)
    risk = AnnotationType("risk", "risks", "#AA00FF", "star")
    types = {**window.doc.types, "risk": risk}
    owner = "deployment"
    annotations = [*window.doc.node(owner).annotations, Annotation("risk", "Leak")]
    window.session.run(
        Macro("Attach risk", [SetTypes(types), SetAnnotations(owner, annotations, "Attach")])
    )
    qtbot.waitUntil(lambda: "Risks" in _rows(window))
    assert _rows(window) == _expected(window.doc)
    window.session.stack.undo()
    qtbot.waitUntil(lambda: "Risks" not in _rows(window))
    # A document without annotations has nothing to explain: no legend.
    for owner, _ann in list(window.doc.iter_annotations()):
        window.session.run(SetAnnotations(owner, [], "Detach"))
    qtbot.waitUntil(lambda: not window.legend.isVisible())
    assert legend_entries(window.doc) == []


def test_the_legend_takes_the_canvas_theme(qtbot, seed_doc) -> None:
    window = make_window(qtbot, seed_doc)
    inside = QPoint(window.legend.width() - 6, 6)  # the box's background, clear of text
    assert _pixel(window, inside) == QColor(DEFAULT_THEME.background)
    apply_theme(window.session.view_state, "dark")
    assert _pixel(window, inside) == QColor(DARK_THEME.background)
    # The type marks too: the caveat's diamond in each theme's colour for caveats.
    row = _rows(window).index("Caveats") + 1  # (after the title row)
    geo = window.legend.geo
    x = geo.rect.left() + 10 + 5  # padding, then the middle of the 10 px mark
    y = geo.rect.top() + 10 + geo.row_height * (row + 0.5)
    mark = QPoint(int(x), int(y))
    dark = DARK_THEME.type_color("caveat", window.doc.annotation_type("caveat").color)
    assert _pixel(window, mark) == QColor(dark)
    apply_theme(window.session.view_state, "default")
    light = DEFAULT_THEME.type_color("caveat", window.doc.annotation_type("caveat").color)
    assert _pixel(window, mark) == QColor(light)


def test_the_choice_is_remembered(qtbot, seed_doc) -> None:
    window = make_window(qtbot, seed_doc)
    _view_menu_action(window, "Legend").trigger()
    assert not window.legend.isVisible()
    again = make_window(qtbot, seed_doc)
    assert not again.session.view_state.show_legend
    assert not _view_menu_action(again, "Legend").isChecked()
    assert not again.legend.isVisible()
    # Another view of the same view state (or a script) sets it: the menu follows.
    again.session.view_state.update(show_legend=True)
    assert _view_menu_action(again, "Legend").isChecked() and again.legend.shown


def test_a_long_legend_is_capped_to_the_view(qtbot, seed_doc) -> None:
    doc = seed_doc
    # Eighty declared types, with long plurals: a row each (kinds would be one row).
    names = [f"type{i}" for i in range(80)]
    for i, name in enumerate(names):
        plural = f"type number {i} " + "wide " * 30
        doc.types[name] = AnnotationType(name, plural, "#AA00FF", "star")
    doc.set_annotations("base-optimizer", [Annotation(name, "x") for name in names])
    window = make_window(qtbot, doc)
    legend, viewport = window.legend, window.view.viewport().geometry()
    assert viewport.contains(legend.geometry())
    rows = _rows(window)
    assert rows[-1].startswith("… and ") and rows[-1].endswith(" more")
    shown = len(rows) - 1
    assert int(rows[-1].split()[2]) == len(_expected(window.doc)) - shown
    assert legend.width() < 400  # long plurals are cut


def test_the_legend_lets_the_mouse_through_and_fades_under_it(qtbot, seed_doc) -> None:
    window = make_window(qtbot, seed_doc)
    legend = window.legend
    inside = legend.geometry().center()  # in the view's coordinates
    at = window.view.mapTo(window, inside)
    border = QPoint(0, legend.height() // 2)  # the legend's frame, drawn in node_border
    drawn = _pixel(window, border)
    QTest.mouseMove(window.windowHandle(), at)
    qtbot.waitUntil(lambda: _pixel(window, border) != drawn)  # faded: the canvas shows
    # A double-click there reaches the canvas, as on empty canvas: a new stage.
    count = len(window.doc.nodes)
    QTest.mouseDClick(window.windowHandle(), Qt.MouseButton.LeftButton, pos=at)
    qtbot.waitUntil(lambda: len(window.doc.nodes) == count + 1)
    QTest.mouseMove(window.windowHandle(), window.view.mapTo(window, QPoint(5, 5)))
    qtbot.waitUntil(lambda: _pixel(window, border) == drawn)
