"""Auto-layout as commands: on open when positions are missing, from the CLI, undoable."""

from __future__ import annotations

import copy
import itertools
from pathlib import Path

from mesadiagram.analysis.placement import layout_command, place_missing
from mesadiagram.cli import main
from mesadiagram.formats import load, loads
from mesadiagram.model.history import History
from tests.conftest import EXAMPLE

UNPLACED = """\
mesadiagram: 1
nodes:
  - {id: a, label: Base optimizer}
  - {id: b, label: Mesa optimizer}
  - {id: c, label: Misalignment}
  - {id: d, label: Deployment}
edges:
  - {from: a, to: b}
  - {from: b, to: c}
  - {from: c, to: d}
  - {from: a, to: d}
"""


def test_missing_positions_are_laid_out_left_to_right() -> None:
    doc = loads(UNPLACED)
    place_missing(doc).apply(doc)
    xs = [doc.node(n).position[0] for n in "abcd"]
    assert xs == sorted(xs) and len(set(xs)) == 4


def test_placed_stages_stay_when_others_are_placed() -> None:
    doc = loads(
        UNPLACED.replace(
            "{id: b, label: Mesa optimizer}", "{id: b, label: Mesa optimizer, position: [900, 400]}"
        )
    )
    place_missing(doc).apply(doc)
    assert doc.node("b").position == (900.0, 400.0)
    assert all(doc.node(n).position is not None for n in "acd")


def test_layout_is_one_undo_step_and_keeps_pinned_stages(seed_doc) -> None:
    seed_doc.update_node("misalignment", pinned=True, position=(520.0, 300.0))
    before = copy.deepcopy(seed_doc.snapshot())
    history = History(seed_doc)
    history.push(layout_command(seed_doc, "TB"))
    assert seed_doc.node("misalignment").position == (520.0, 300.0)
    ys = [n.position[1] for n in seed_doc.nodes]
    assert ys[0] < ys[1] < ys[-1]  # top to bottom
    history.undo()
    assert seed_doc.snapshot() == before


def test_cli_layout_rewrites_positions(tmp_path: Path, capsys) -> None:
    source = tmp_path / "m.yaml"
    source.write_text(UNPLACED, encoding="utf-8")
    out = tmp_path / "laid.yaml"
    assert main(["layout", str(source), "-o", str(out), "--direction", "TB"]) == 0
    doc = load(out)
    ys = [doc.node(n).position[1] for n in "abcd"]
    assert ys == sorted(ys)
    assert source.read_text(encoding="utf-8") == UNPLACED  # -o leaves the input alone
    routed = doc.edge("a->d").route
    assert routed, "the long link goes around the boxes between"
    assert main(["validate", str(out)]) == 0


def test_seed_reads_cleanly_after_layout(tmp_path: Path) -> None:
    out = tmp_path / "seed.yaml"
    assert main(["layout", str(EXAMPLE), "-o", str(out)]) == 0
    doc = load(out)
    ys = {n.position[1] for n in doc.nodes}
    assert len(ys) == 1  # the chain stays one straight line
    xs = [n.position[0] for n in doc.nodes]
    gaps = {round(b - a) for a, b in itertools.pairwise(xs)}
    assert xs == sorted(xs) and max(gaps) - min(gaps) <= 40


def test_layout_menu_is_one_undo_step_and_update_moves_others_little(qtbot) -> None:
    from mesadiagram.model import Edge, Node
    from mesadiagram.model.commands import AddEdge, AddNode, Macro
    from mesadiagram.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_path(EXAMPLE)
    before = copy.deepcopy(window.doc.snapshot())
    steps = window.session.stack.count()
    window.actions_by_name["layout_tb"].trigger()
    assert window.session.stack.count() == steps + 1
    ys = [n.position[1] for n in window.doc.nodes]
    assert ys == sorted(ys) and len(set(ys)) == 7
    window.session.stack.undo()
    assert window.doc.snapshot() == before
    old = {n.id: n.position for n in window.doc.nodes}
    window.session.stack.run(
        Macro(
            "grow",
            [
                AddNode(Node("x", "Side effect", position=(500.0, 400.0))),
                AddEdge(Edge("misalignment", "x")),
            ],
        )
    )
    window.actions_by_name["layout_update"].trigger()
    moved = [
        abs(window.doc.node(n).position[0] - p[0]) + abs(window.doc.node(n).position[1] - p[1])
        for n, p in old.items()
    ]
    assert sum(moved) / len(moved) < 80  # the chain stays where it was, give or take


def _share_in_view(window) -> float:
    """The share of the stages whose box centre the view shows."""
    view = window.view
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    boxes = [item.box() for item in window.scene.node_items()]
    return sum(shown.contains(box.center()) for box in boxes) / len(boxes)


def test_undo_and_redo_of_a_layout_keep_the_diagram_in_view(qtbot) -> None:
    from tests.ui_helpers import keys, make_window

    window = make_window(qtbot)
    assert window.open_path(EXAMPLE)
    window.view.setFocus()
    window.view.zoom_to_fit()
    assert _share_in_view(window) == 1
    for layout, undo in (("Ctrl+Shift+L", "Ctrl+Z"), ("Ctrl+L", "Ctrl+Z")):
        keys(layout)  # lays out and fits the new places
        assert _share_in_view(window) == 1
        keys(undo)  # the stages go back to places the fitted view may not show
        assert _share_in_view(window) > 0.5
        keys("Ctrl+Shift+Z")  # redo
        assert _share_in_view(window) > 0.5
        keys(undo)


def test_undo_of_a_layout_leaves_a_view_that_shows_the_diagram_alone(qtbot) -> None:
    from tests.ui_helpers import keys, make_window

    window = make_window(qtbot)
    assert window.open_path(EXAMPLE)
    window.view.setFocus()
    keys("Ctrl+L")
    window.view.set_zoom(0.3)  # everything in view, before and after
    window.view.centerOn(window.scene.items_bounds().center())
    before = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert _share_in_view(window) == 1
    keys("Ctrl+Z")
    assert _share_in_view(window) == 1
    assert window.view.mapToScene(window.view.viewport().rect()).boundingRect() == before
