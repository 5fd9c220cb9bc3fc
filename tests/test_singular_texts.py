"""Counts read as English: "1 stage", "1 link", "2 stages", in the status bar, the
Analysis panel, the analysis warnings and the undo steps."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mesadiagram.analysis.report import analyse
from mesadiagram.model import Document, Edge, Node
from mesadiagram.ui.analysis_rows import summary_html
from tests.ui_helpers import (  # noqa: F401  (*_fixture: pytest fixtures)
    add_links,
    add_stages,
    click,
    isolated_settings_fixture,
    key,
    make_window,
    node_point,
    window_fixture,
)

Shift = Qt.KeyboardModifier.ShiftModifier


def test_status_bar_counts_one_and_many(window) -> None:
    add_stages(window, ("a", 0, 0))
    assert window.counts_label.text() == "1 stage · 0 links · 0 annotations"
    click(window, node_point(window, "a"))
    assert window.selection_label.text() == "Selected: 1 stage"
    add_stages(window, ("b", 300, 0))
    add_links(window, ("a", "b"))
    assert window.counts_label.text() == "2 stages · 1 link · 0 annotations"


def test_undo_names_a_delete_of_one_or_more(window) -> None:
    add_stages(window, ("a", 0, 0), ("b", 300, 0), ("c", 600, 0))
    click(window, node_point(window, "a"))
    click(window, node_point(window, "b"), Shift)
    key(Qt.Key.Key_Delete)
    assert window.session.stack.undoText() == "Delete 2 stages"


def chain(probabilities: dict[str, float]) -> Document:
    doc = Document("t")
    for node_id in "abc":
        doc.insert_node(Node(node_id, node_id.upper()))
    for source, target in ("ab", "bc"):
        doc.insert_edge(Edge(source, target, probability=probabilities.get(source + target)))
    return doc


def test_analysis_summary_and_warning_for_one_link() -> None:
    result = analyse(chain({"ab": 0.5}))
    assert "<b>2</b> unmitigated links · <b>0</b> cut sets" in summary_html(chain({}), result)
    warning = next(w for w in result.warnings if "probability" in w.text)
    assert warning.text == (
        "1 link on paths to an outcome has no probability; it is taken as certain (1.0)"
    )
    assert warning.editor == (
        "1 link on paths to an outcome has no probability; it counts as certain (1.0)."
    )
    doc = Document("t")
    doc.insert_node(Node("a", "A"))
    doc.insert_node(Node("b", "B"))
    doc.insert_edge(Edge("a", "b"))
    assert "<b>1</b> unmitigated link · " in summary_html(doc, analyse(doc))
