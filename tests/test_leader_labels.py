"""Detailed view: no callout leader crosses or touches a link's label ("p = 0.5"), in
figures and on the canvas (issue #10: a "p = 0.5" label collided with a leader line).

A link's label used to sit right above its middle, where its intervention disc is and
where its callout's leader started going up; it now sits on the link beside the badge.
The geometry is checked: the leader as drawn (a 0.8 px dashed line from the callout's
anchor to the nearest point of its box) against every label's box.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath, QPainterPathStroker

from mesadiagram.model.commands import Macro, SetEdgeFields
from mesadiagram.render.callouts import CalloutGeometry, leader_end
from mesadiagram.render.draw import edge_label_rect
from mesadiagram.render.figure import build_figure
from mesadiagram.render.theme import DEFAULT_THEME
from tests.ui_helpers import make_window


def _leader(anchor: QPointF, box: QRectF) -> QPainterPath:
    line = QPainterPath(anchor)
    line.lineTo(leader_end(box, anchor))
    stroker = QPainterPathStroker()
    stroker.setWidth(0.8)
    return stroker.createStroke(line)


def _crossings(callouts: dict[str, CalloutGeometry], labels: dict[str, QRectF]) -> list[str]:
    found = []
    for owner, callout in callouts.items():
        leader = _leader(callout.anchor, callout.rect)
        for link, label in labels.items():
            if leader.intersects(label):
                found.append(f"the leader of {owner} meets the label of {link}")
    return found


def _with_probabilities(doc) -> None:
    for edge in doc.edges:
        doc.update_edge(edge.id, probability=0.5)


def test_figure_leaders_keep_off_probability_labels(seed_doc) -> None:
    _with_probabilities(seed_doc)
    fig = build_figure(seed_doc, DEFAULT_THEME, detailed=True)
    labels = {k: edge_label_rect(DEFAULT_THEME, seed_doc.edge(k), g) for k, g in fig.edges.items()}
    assert all(label is not None for label in labels.values())
    # Every link has a callout: its leader starts just off the edge of the link's badge
    # (never over its digits), which sits on the link beside the label.
    assert set(labels) <= set(fig.callouts)
    assert _crossings(fig.callouts, labels) == []
    for key, callout in fig.callouts.items():
        if key in fig.edges:
            middle = fig.edges[key].middle
            assert fig.edges[key].path.intersects(QRectF(middle, middle).adjusted(-1, -1, 1, 1))
            off = callout.anchor - middle
            assert max(abs(off.x()), abs(off.y())) == pytest.approx(10.0, abs=0.01)


def test_canvas_leaders_keep_off_probability_labels(qtbot, seed_doc) -> None:
    window = make_window(qtbot, seed_doc)
    # As in the inspector: each link gets a probability, one undo step each.
    window.session.run(
        Macro("Probabilities", [SetEdgeFields(e.id, probability=0.5) for e in window.doc.edges])
    )
    window.actions_by_name["detailed"].trigger()
    scene = window.scene
    qtbot.waitUntil(lambda: all(i.callout is not None for i in scene.edge_items()))
    callouts: dict[str, CalloutGeometry] = {}
    for item in scene.edge_items():
        callouts[item.link_id] = item.callout
    for item in scene.node_items():
        if item.callout is not None:  # in the stage's own coordinates
            shifted = CalloutGeometry(
                item.callout.rect.translated(item.pos()),
                item.callout.lines,
                item.callout.line_height,
                item.callout.anchor + item.pos(),
            )
            callouts[item.node_id] = shifted
    labels = {
        item.link_id: edge_label_rect(scene.theme, window.doc.edge(item.link_id), item.geo)
        for item in scene.edge_items()
    }
    assert all(label is not None for label in labels.values())
    assert _crossings(callouts, labels) == []


def test_the_check_catches_a_leader_through_a_label() -> None:
    """The geometry test itself: a leader going up from a link's middle through its label
    (what the placement did before) is reported."""
    label = QRectF(-24, -28, 48, 15)  # "p = 0.5" above a middle at (0, 0)
    callout = CalloutGeometry(QRectF(-130, -120, 260, 60), [], 14, QPointF(0, 0))
    found = _crossings({"link": callout}, {"link": label})
    assert found == ["the leader of link meets the label of link"]
