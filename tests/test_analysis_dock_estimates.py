"""The Analysis panel labels every risk it shows: exact, or an estimate with its error."""

from __future__ import annotations

from mesadiagram.formats import save
from mesadiagram.model import Annotation, Document, Edge, Node
from mesadiagram.ui.main_window import MainWindow
from tests.test_analysis_estimates import layered


def _shown(qtbot, path) -> str:
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_path(path)
    dock = window.analysis_dock
    qtbot.waitUntil(lambda: dock.result is not None and "P(" in dock.summary.text(), timeout=20_000)
    return dock.summary.text()


def test_the_panel_labels_exact_risk(qtbot, tmp_path) -> None:
    doc = Document("exact")
    for n in ("a", "b"):
        doc.insert_node(Node(n, n.upper(), position=(0.0, 0.0) if n == "a" else (260.0, 0.0)))
    doc.insert_edge(
        Edge("a", "b", probability=0.4, annotations=[Annotation("intervention", "x", effect=0.5)])
    )
    save(doc, tmp_path / "exact.yaml")
    text = _shown(qtbot, tmp_path / "exact.yaml")
    assert "P(B) = <b>0.4</b> → <b>0.2</b> with interventions (exact)" in text
    assert "±" not in text


def test_the_panel_gives_an_estimate_with_its_error(qtbot, tmp_path) -> None:
    doc = layered(stages=120)
    for i, node in enumerate(doc.nodes):
        node.position = (260.0 * (i // 10), 120.0 * (i % 10))
    save(doc, tmp_path / "estimated.yaml")
    text = _shown(qtbot, tmp_path / "estimated.yaml")
    line = next(x for x in text.split("<br>") if x.startswith("P(S119)"))
    assert line.count(" ± ") == 2 and line.endswith("with interventions (estimates)")
    assert "Estimates are Monte Carlo (20,000 samples), ± one standard error" in text
