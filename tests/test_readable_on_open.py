"""A document opens readable: stage labels at least 11 px high in the default window.

Computed from the theme's label font and the view's scale (what a user sees), for the
seed example in a 1400 x 880 window; a small model still opens fitted whole, and View >
Zoom to Fit still shows everything.
"""

from __future__ import annotations

from mesadiagram.model import Document, Node
from mesadiagram.ui.canvas.view import READABLE_LABEL_PX
from mesadiagram.ui.main_window import MainWindow
from tests.conftest import EXAMPLE


def _window(qtbot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 880)
    window.show()
    qtbot.waitExposed(window)
    return window


def _label_px(window: MainWindow) -> float:
    return window.session.view_state.theme.font_size * window.view.zoom()


def test_the_example_opens_with_readable_stage_labels(qtbot) -> None:
    window = _window(qtbot)
    assert window.open_path(EXAMPLE)
    qtbot.wait(20)
    assert _label_px(window) >= READABLE_LABEL_PX
    # The start of the chain is in view (a chain is read from its first stage).
    first = window.scene.node_item("base-optimizer").sceneBoundingRect()
    shown = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert shown.contains(first)
    # Zoom to Fit (Ctrl+9) shows the whole diagram, readable or not.
    window.actions_by_name["zoom_fit"].trigger()
    shown = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert shown.contains(window.scene.items_bounds())


def test_a_small_model_opens_fitted_whole(qtbot) -> None:
    window = _window(qtbot)
    doc = Document("small")
    doc.insert_node(Node("a", "A", position=(0.0, 0.0)))
    doc.insert_node(Node("b", "B", position=(300.0, 0.0)))
    window.session.replace_document(doc, None)
    qtbot.wait(20)
    shown = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert shown.contains(window.scene.items_bounds())
    assert _label_px(window) >= READABLE_LABEL_PX
