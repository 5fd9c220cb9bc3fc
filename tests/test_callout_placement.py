"""Detailed view: no callout overlaps a stage, a link label or another callout, in figures
and on the canvas (which use the same placement)."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QRectF

from mesadiagram.render.draw import edge_label_rect
from mesadiagram.render.figure import build_figure
from mesadiagram.render.theme import DEFAULT_THEME
from tests.conftest import EXAMPLE


def _assert_apart(callouts: list[QRectF], obstacles: list[QRectF]) -> None:
    for a, b in itertools.combinations(callouts, 2):
        assert not a.intersects(b), (a, b)
    for c in callouts:
        for o in obstacles:
            assert not c.intersects(o), (c, o)


def test_figure_callouts_overlap_nothing(seed_doc) -> None:
    fig = build_figure(seed_doc, DEFAULT_THEME, detailed=True)
    assert len(fig.callouts) == 12  # 6 annotated stages (not Base optimizer) and 6 links
    # Keyed by the owner's id: a stage id or a link id (one namespace).
    assert set(fig.callouts) == {n.id for n in seed_doc.nodes[1:]} | {e.id for e in seed_doc.edges}
    labels = [edge_label_rect(DEFAULT_THEME, seed_doc.edge(k), g) for k, g in fig.edges.items()]
    obstacles = [g.rect for g in fig.nodes.values()] + [r for r in labels if r is not None]
    _assert_apart([c.rect for c in fig.callouts.values()], obstacles)
    assert not fig.legend.rect.intersects(fig.nodes["misalignment"].rect)


def test_canvas_callouts_overlap_nothing(qtbot) -> None:
    from mesadiagram.ui.main_window import MainWindow  # here: the figure test needs no widgets

    window = MainWindow()  # (dialogs are answered by the no_modal_dialogs fixture)
    qtbot.addWidget(window)
    assert window.open_path(EXAMPLE)
    detailed = window.actions_by_name["detailed"]  # View > Detailed Annotations (all)
    detailed.trigger()
    assert detailed.isChecked() and window.session.view_state.all_detailed
    scene = window.scene
    rects = []
    for item in scene.node_items():
        annotated = bool(window.doc.node(item.node_id).annotations)
        assert (item.callout is not None) == annotated
        if annotated:
            rects.append(item.callout.rect.translated(item.pos()))
    for edge_item in scene.edge_items():
        assert edge_item.callout is not None
        rects.append(edge_item.callout.rect)
    _assert_apart(rects, [item.box() for item in scene.node_items()])
    detailed.trigger()
    assert all(item.callout is None for item in scene.node_items())


def test_callouts_of_parallel_links_overlap_nothing() -> None:
    from mesadiagram.model import Annotation, Document, Edge, Node

    doc = Document()
    doc.insert_node(Node("a", "A", position=(0.0, 0.0), annotations=[Annotation("kind", "K")]))
    doc.insert_node(Node("b", "B", position=(500.0, 0.0)))
    for i in range(3):
        doc.insert_edge(Edge("a", "b", label=f"way {i}", annotations=[Annotation("note", f"n{i}")]))
    fig = build_figure(doc, DEFAULT_THEME, detailed=True)
    assert set(fig.callouts) == {"a", "a->b", "a->b-2", "a->b-3"}
    labels = [edge_label_rect(DEFAULT_THEME, doc.edge(k), g) for k, g in fig.edges.items()]
    obstacles = [g.rect for g in fig.nodes.values()] + [r for r in labels if r is not None]
    _assert_apart([c.rect for c in fig.callouts.values()], obstacles)
