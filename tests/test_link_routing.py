"""Links never pass under a stage that is not one of their ends (issue 10, "No hidden
link"): on the canvas, after edits, during and after a drag, and in exported figures.

What a link covers is read from what is drawn (the link item's path in scene
coordinates, the SVG's path data), sampled every pixel along its length, and compared
with the boxes of the stages as drawn; nothing here asks the router whether it is clear.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import QPainterPath
from PySide6.QtTest import QTest

from mesadiagram.cli import main
from mesadiagram.formats import save
from mesadiagram.model import Edge
from mesadiagram.model.commands import AddEdge
from tests.ui_helpers import (  # noqa: F401  (*_fixture: pytest fixtures)
    Left,
    NoMod,
    add_links,
    add_stages,
    chain_doc,
    drag,
    handle_point,
    isolated_settings_fixture,
    make_window,
    node_point,
    view_point,
    window_fixture,
)

SVG = "{http://www.w3.org/2000/svg}"


def points_along(path: QPainterPath) -> list[QPointF]:
    """A point every pixel (or closer) along ``path``."""
    count = max(2, int(path.length()) + 2)
    return [path.pointAtPercent(i / (count - 1)) for i in range(count)]


def hidden_under(points: list[QPointF], boxes: dict[str, QRectF], ends: tuple[str, str]):
    """The stages (not ends) with a point of the link inside their box."""
    inside = set()
    for node_id, box in boxes.items():
        if node_id in ends:
            continue
        inner = box.adjusted(1, 1, -1, -1)  # (touching the outline is not passing under)
        if any(inner.contains(p) for p in points):
            inside.add(node_id)
    return sorted(inside)


def canvas_boxes(window) -> dict[str, QRectF]:
    return {item.node_id: item.box() for item in window.scene.node_items()}


def drawn_path(window, key: str) -> QPainterPath:
    item = window.scene.edge_item(key)
    return item.mapToScene(item.geo.path)


def hidden_links(window) -> dict[str, list[str]]:
    """Every link that passes under a stage, with those stages."""
    boxes = canvas_boxes(window)
    found = {}
    for edge in window.doc.edges:
        under = hidden_under(
            points_along(drawn_path(window, edge.id)), boxes, (edge.source, edge.target)
        )
        if under:
            found[edge.id] = under
    return found


def straight_hits(window, source: str, target: str, stage: str) -> bool:
    """Whether the straight line between two stages' centres crosses ``stage``'s box."""
    path = QPainterPath(window.scene.node_item(source).pos())
    path.lineTo(window.scene.node_item(target).pos())
    return bool(hidden_under(points_along(path), {stage: canvas_boxes(window)[stage]}, ("", "")))


def on_border(point: QPointF, box: QRectF) -> bool:
    inside = box.adjusted(-0.5, -0.5, 0.5, 0.5).contains(point)
    return inside and not box.adjusted(0.5, 0.5, -0.5, -0.5).contains(point)


def settled(window, qtbot) -> None:
    """Wait until the links left for later (a large change) are routed."""
    qtbot.waitUntil(lambda: not window.scene.routes.pending, timeout=5000)


# -- the canvas ---------------------------------------------------------------------------
def test_a_link_drawn_past_a_stage_goes_around_it(qtbot, isolated_settings, seed_doc) -> None:
    window = make_window(qtbot, seed_doc)
    window.resize(1400, 880)
    window.view.centerOn(window.scene.node_item("misalignment"))
    assert straight_hits(window, "mesa-optimizer", "deployment", "misalignment")

    drag(window, handle_point(window, "mesa-optimizer"), node_point(window, "deployment"))

    [key] = window.doc.links_between("mesa-optimizer", "deployment")
    assert hidden_links(window) == {}
    item = window.scene.edge_item(key)
    path = drawn_path(window, key)
    boxes = canvas_boxes(window)
    # it leaves and meets the boxes at their borders, with its arrow at the target
    assert on_border(path.pointAtPercent(0), boxes["mesa-optimizer"])
    assert on_border(path.pointAtPercent(1), boxes["deployment"])
    assert item.geo.arrow[0] == path.pointAtPercent(1)
    # over or under the stage in the way, with few bends and no long way round
    assert 1 <= path.elementCount() - 2 <= 2
    centres = QLineF(boxes["mesa-optimizer"].center(), boxes["deployment"].center())
    assert path.length() < 1.4 * centres.length()
    # the links that had a clear line keep it
    others = [window.scene.edge_item(e.id) for e in window.doc.edges if e.id != key]
    assert all(other.geo.straight for other in others)


def test_align_top_after_auto_layout_keeps_every_link_clear(qtbot, isolated_settings, seed_doc):
    window = make_window(qtbot, seed_doc)
    window.session.run(AddEdge(Edge("mesa-optimizer", "deployment")))
    window.actions_by_name["layout_lr"].trigger()
    assert hidden_links(window) == {}
    window.actions_by_name["select_all"].trigger()
    window.actions_by_name["align_top"].trigger()
    settled(window, qtbot)

    # every top in one row: the long link can no longer pass beside the stage between
    tops = [item.box().top() for item in window.scene.node_items()]
    assert max(tops) - min(tops) <= 1  # (positions are whole units)
    assert not any(e.route for e in window.doc.edges)  # (moving cleared the stored routes)
    assert straight_hits(window, "mesa-optimizer", "deployment", "misalignment")
    assert hidden_links(window) == {}
    assert not window.scene.edge_item("mesa-optimizer->deployment").geo.straight
    window.session.stack.undo()  # back to the laid-out routes, still clear
    assert hidden_links(window) == {}


def test_dragging_a_stage_onto_a_link_reroutes_it_during_and_after(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 520, 0), ("c", 260, 200))
    add_links(window, ("a", "b"))
    viewport = window.view.viewport()
    assert window.scene.edge_item("a->b").geo.straight

    start, end = node_point(window, "c"), view_point(window, QPointF(260, 0))
    QTest.mousePress(viewport, Left, NoMod, start)
    steps = 8
    seen_detour = False
    for n in range(1, steps + 1):
        QTest.mouseMove(viewport, start + (end - start) * n / steps)
        assert hidden_links(window) == {}, f"step {n}"
        seen_detour |= not window.scene.edge_item("a->b").geo.straight
    assert window.scene.node_item("c").box().contains(QPointF(260, 0))  # c is on the line now
    assert seen_detour  # while the mouse is still down
    QTest.mouseRelease(viewport, Left, NoMod, end)

    assert window.doc.node("c").position == (260, 0)
    assert hidden_links(window) == {}
    assert not window.scene.edge_item("a->b").geo.straight
    # moved away again, the link takes its straight line back
    drag(window, node_point(window, "c"), view_point(window, QPointF(260, -200)))
    assert window.scene.edge_item("a->b").geo.straight
    window.session.stack.undo()
    assert hidden_links(window) == {}
    assert not window.scene.edge_item("a->b").geo.straight


def test_a_stage_added_on_a_link_and_removed_again(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 520, 0))
    add_links(window, ("a", "b"))
    add_stages(window, ("c", 260, 10))
    assert hidden_links(window) == {}
    assert not window.scene.edge_item("a->b").geo.straight
    window.scene.select(["c"])
    window.actions_by_name["delete"].trigger()
    assert window.scene.edge_item("a->b").geo.straight


def test_a_pair_linked_both_ways_curves_apart_or_goes_round_on_both_sides(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 520, 0))
    add_links(window, ("a", "b"), ("b", "a"))
    there, back = (window.scene.edge_item(k).geo for k in ("a->b", "b->a"))
    assert not there.straight and not there.corners  # two curves, one on each side
    assert there.middle.y() * back.middle.y() < 0
    add_stages(window, ("c", 260, 0))  # now a stage stands between them
    assert hidden_links(window) == {}
    there, back = (window.scene.edge_item(k).geo for k in ("a->b", "b->a"))
    assert there.corners and back.corners
    assert there.middle.y() * back.middle.y() < 0  # one above it, one below


# -- figures ------------------------------------------------------------------------------
def svg_shapes(svg: Path) -> tuple[dict[str, QRectF], dict[str, list[QPointF]]]:
    """Stage boxes (their rect) and link lines (their path data or line) by group id."""
    root = ET.parse(svg).getroot()
    boxes, links = {}, {}
    for group in root.iter(f"{SVG}g"):
        kind, name = group.get("class"), group.get("id")
        if kind == "node":
            rect = group.find(f"{SVG}rect")
            boxes[name] = QRectF(*(float(rect.get(k)) for k in ("x", "y", "width", "height")))
        elif kind == "edge":
            path, line = group.find(f"{SVG}path"), group.find(f"{SVG}line")
            if path is not None:
                data = path.get("d").replace("M", " ").replace("L", " ")
                numbers = [float(v) for v in data.split()]
            else:
                numbers = [float(line.get(k)) for k in ("x1", "y1", "x2", "y2")]
            links[name] = [QPointF(x, y) for x, y in zip(numbers[::2], numbers[1::2], strict=True)]
    return boxes, links


def test_exported_figures_take_the_canvas_routes(qtbot, isolated_settings, seed_doc, tmp_path):
    window = make_window(qtbot, seed_doc)
    window.session.run(AddEdge(Edge("mesa-optimizer", "deployment")))
    window.actions_by_name["layout_lr"].trigger()
    window.actions_by_name["select_all"].trigger()
    window.actions_by_name["align_top"].trigger()
    settled(window, qtbot)
    model, figure = tmp_path / "aligned.yaml", tmp_path / "aligned.svg"
    save(window.doc, model)

    assert main(["export", str(model), "-o", str(figure)]) == 0

    boxes, links = svg_shapes(figure)
    assert len(links) == len(window.doc.edges) == 7
    for edge in window.doc.edges:
        corners = links[f"edge-{edge.source}--{edge.target}"]
        path = QPainterPath(corners[0])
        for point in corners[1:]:
            path.lineTo(point)
        ends = (f"node-{edge.source}", f"node-{edge.target}")
        assert hidden_under(points_along(path), boxes, ends) == [], edge.id
        # the same way as on the canvas
        drawn = window.scene.edge_item(edge.id).geo
        canvas = drawn.corners or [drawn.start, drawn.arrow[0]]
        assert [(round(p.x()), round(p.y())) for p in corners] == [
            (round(p.x()), round(p.y())) for p in canvas
        ]
    assert len(links["edge-mesa-optimizer--deployment"]) > 2  # (it does go round)


def test_a_chain_keeps_its_straight_links(window) -> None:
    window.session.replace_document(chain_doc("A", "B", "C", "D"), None)
    add_links(window, ("s0", "s1"), ("s1", "s2"), ("s2", "s3"))
    assert all(item.geo.straight for item in window.scene.edge_items())
    assert hidden_links(window) == {}
