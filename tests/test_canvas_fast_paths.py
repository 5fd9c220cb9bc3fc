"""The canvas's fast paths draw and behave as the plain ones do.

Far out the scene draws an overview (items without contents, boxes and lines in batches);
links make their geometry lazily and bound it without it; stages cache their drawing;
tooltips and label wrapping are computed on demand. None of this may change what a user
sees or can do. (Speed itself is measured by benchmarks/editor.py, not here.)
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QHelpEvent, QPainterPathStroker
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QGraphicsItem, QToolTip

from mesadiagram.model import Document, Edge, Node
from mesadiagram.model.commands import AddEdge, AddNode, Macro, MoveNodes, SetEdgeFields
from mesadiagram.render import geometry
from mesadiagram.render.theme import Theme
from mesadiagram.ui.canvas.items import LOD_TEXT
from tests.test_hover_card import plain
from tests.ui_helpers import (
    Left,
    NoMod,
    assert_undo_redo,
    click,
    drag,
    isolated_settings,  # noqa: F401 (a fixture)
    make_window,
    node_point,
    snap,
)

pytestmark = pytest.mark.usefixtures("isolated_settings")

NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents


def grid_doc(columns: int = 8, rows: int = 6) -> Document:
    """Stages in columns, each linked to its right neighbour and the one below that."""
    doc = Document("Grid")
    for c in range(columns):
        for r in range(rows):
            doc.insert_node(Node(f"n{c}_{r}", f"Stage {c} {r}", position=(c * 260.0, r * 120.0)))
    for c in range(columns - 1):
        for r in range(rows):
            doc.insert_edge(Edge(f"n{c}_{r}", f"n{c + 1}_{r}"))
            if r + 1 < rows:
                doc.insert_edge(Edge(f"n{c}_{r}", f"n{c + 1}_{r + 1}"))
    return doc


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def far_out(qtbot, doc: Document):
    window = make_window(qtbot, doc)
    window.view.set_zoom(0.2)
    window.view.centerOn(window.scene.items_bounds().center())
    window.view.viewport().repaint()
    settle()
    assert window.view.zoom() < LOD_TEXT
    return window


def pixel(window, scene_point: QPointF) -> int:
    image = window.view.viewport().grab().toImage()
    point = window.view.mapFromScene(scene_point)
    return image.pixelColor(point).rgb()


def test_far_out_items_have_no_contents_and_still_select_and_drag(qtbot):
    window = far_out(qtbot, grid_doc())
    scene = window.scene
    assert scene.overview.active
    assert all(item.flags() & NO_CONTENTS for item in scene.node_items() + scene.edge_items())
    click(window, node_point(window, "n3_2"))
    assert scene.selected_node_ids() == ["n3_2"]
    before = snap(window.doc)
    drag(window, node_point(window, "n3_2"), node_point(window, "n3_2") + QPoint(40, 0))
    x, y = window.doc.node("n3_2").position
    assert x > 3 * 260 + 100 and y == 240
    assert_undo_redo(window, before)


def test_the_overview_is_redrawn_when_the_model_changes(qtbot):
    window = far_out(qtbot, grid_doc())
    theme = window.scene.theme
    old, new = QPointF(3 * 260, 240), QPointF(3 * 260, 900)  # (below the grid)
    assert pixel(window, old) == QColor(theme.node_fill).rgb()
    assert pixel(window, new) == QColor(theme.background).rgb()
    window.session.stack.run(MoveNodes({"n3_2": (new.x(), new.y())}, "Move"))
    settle()
    assert pixel(window, old) == QColor(theme.background).rgb()
    assert pixel(window, new) == QColor(theme.node_fill).rgb()
    # The selected stage's outline is in the selection colour (blue), in the overview too.
    box = window.scene.node_item("n3_2").scene_box
    border = window.view.mapFromScene(QPointF(box.left(), box.center().y()))

    def blue_at_border() -> bool:
        image = window.view.viewport().grab().toImage()
        colors = [image.pixelColor(border.x() + dx, border.y()) for dx in (-1, 0, 1)]
        return any(c.blue() - c.red() > 60 for c in colors)

    assert not blue_at_border()
    window.scene.select(["n3_2"])
    settle()
    assert blue_at_border()


def test_zooming_in_gives_the_items_their_contents_back(qtbot):
    window = far_out(qtbot, grid_doc())
    window.view.zoom_reset()
    window.view.viewport().repaint()
    assert not window.scene.overview.active
    assert not any(item.flags() & NO_CONTENTS for item in window.scene.node_items())


def test_links_follow_a_dragged_stage_before_release(qtbot):
    window = make_window(qtbot, grid_doc(3, 2))
    viewport, item = window.view.viewport(), window.scene.edge_item("n0_0->n1_0")
    start = node_point(window, "n1_0")
    before = item.geo.arrow[0]
    QTest.mousePress(viewport, Left, NoMod, start)
    QTest.mouseMove(viewport, start + QPoint(0, 60))
    assert item.geo.arrow[0].y() > before.y() + 40
    QTest.mouseRelease(viewport, Left, NoMod, start + QPoint(0, 60))
    assert window.session.stack.count() == 1


def test_link_bounds_hold_everything_the_link_draws(qtbot):
    doc = grid_doc(3, 3)
    doc.insert_edge(Edge("n1_1", "n0_0", label="a long label above the middle", probability=0.5))
    doc.insert_edge(Edge("n2_2", "n1_0", probability=0.25))  # steep, with a label
    window = make_window(qtbot, doc)
    _, small = geometry.fonts(window.scene.theme)
    metrics = QFontMetricsF(small)
    for item in window.scene.edge_items():
        geo, edge = item.geo, doc.edge(item.link_id)
        stroker = QPainterPathStroker()
        stroker.setWidth(12)
        drawn = stroker.createStroke(geo.path).boundingRect()
        drawn = drawn.united(QRectF(geo.middle.x() - 11, geo.middle.y() - 11, 22, 22))
        if edge.label or edge.probability is not None:
            text = f"{edge.label}  p={edge.probability:g}".strip()
            width = metrics.horizontalAdvance(text) + 8
            box = QRectF(geo.middle.x() - width / 2, geo.middle.y() - 26, width, 16)
            drawn = drawn.united(box)
        assert item.boundingRect().contains(drawn), item.link_id


def test_adding_a_link_repaints_the_whole_stage_it_leaves(qtbot):
    """An outcome (no way out) is drawn in red; the cached drawing must not outlive that."""
    doc = grid_doc(2, 1)
    window = make_window(qtbot, doc)
    window.view.centerOn(QPointF(260, 0))
    settle()
    theme = window.scene.theme
    box = window.scene.node_item("n1_0").box()
    centre = QPointF(box.left() + 5, box.top() + 5)  # inside the box, clear of the label
    assert pixel(window, centre) == QColor(theme.outcome_fill).rgb()
    window.session.stack.run(
        Macro("Add", [AddNode(Node("x", "X", position=(520.0, 0.0))), AddEdge(Edge("n1_0", "x"))])
    )
    settle()
    assert pixel(window, centre) == QColor(theme.node_fill).rgb()


def test_tooltips_are_made_when_asked(qtbot):
    doc = grid_doc(2, 1)
    doc.update_node("n0_0", text="Why it happens")
    window = make_window(qtbot, doc)
    scene, viewport = window.scene, window.view.viewport()
    point = node_point(window, "n0_0")
    event = QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)  # the view hands it to the scene's helpEvent
    assert plain(QToolTip.text()) == "Stage 0 0\nStage\nWhy it happens\nNo annotations"
    # A link is named by the labels of its stages (what the user reads), then its own label.
    link = scene.edge_item("n0_0->n1_0")
    assert plain(link.tooltip()).startswith("Stage 0 0 → Stage 1 0\nLink\n")
    window.session.stack.run(SetEdgeFields("n0_0->n1_0", label="enables", text="Only if"))
    assert plain(link.tooltip()).startswith("Stage 0 0 → Stage 1 0\nLink “enables”\nOnly if")
    QToolTip.hideText()


def test_label_wrapping_by_words_equals_the_exact_wrap() -> None:
    theme = Theme()
    family, size = theme.font_family, theme.font_size
    exact = geometry.metrics(family, size)[0]
    labels = [
        "Base optimizer",
        "Mesa optimizer is deceptive to increase its chance of deployment",
        "Unanticipated behaviour",
        "a b c d e f g h i j k l m n o p q r s t u v w x y z " * 3,
        "Supercalifragilisticexpialidociousandthensomemoreletters short",
        "double  spaced  words",
        "two\nparagraphs here",
        "",
        "x",
    ]
    for label in labels:
        lines, width = geometry._label_lines(family, size, label)
        reference = geometry.wrap(label, exact, geometry.MAX_LABEL_WIDTH)
        assert list(lines) == reference, label
        assert width == max(exact.horizontalAdvance(line) for line in reference)
