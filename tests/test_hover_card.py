"""Compact mode says what its counts stand for: hovering a stage, a link or any of their
marks shows a card with the element's annotations (issue #10, point 3).

The pointer is moved over the view's viewport and the view is sent the tooltip event it
gets from Qt when the pointer rests there; the card is read back from ``QToolTip``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip

from mesadiagram.model import Annotation, Document, Edge, Item, Node
from mesadiagram.model.commands import SetAnnotations, SetEdgeFields
from mesadiagram.ui.canvas.hover_card import LONG_WORD, MAX_TEXT
from tests.ui_helpers import make_window, view_point


def _doc() -> Document:
    """Ids that differ from every label, so a card showing an id is caught."""
    doc = Document("Hover")
    doc.insert_node(
        Node(
            "s0",
            "Mesa optimizer",
            text="Learned by the base optimizer",
            position=(0.0, 0.0),
            probability=0.3,
            annotations=[
                Annotation("mechanism", "Produced by search", "selection pressure"),
                Annotation("caveat", "Maybe never arises"),
                Annotation("caveat", "Too weak to matter"),
            ],
        )
    )
    doc.insert_node(Node("s1", "Misalignment", position=(300.0, 0.0)))
    doc.insert_edge(
        Edge(
            "s0",
            "s1",
            probability=0.5,
            annotations=[
                Annotation(
                    "intervention",
                    "Prevent mesa optimizers",
                    items=[Item("Other ways of building subsystems", "than search")],
                    effect=0.5,
                ),
                Annotation("note", "Tractable?"),
            ],
        )
    )
    return doc


def _hover(window, scene_point: QPointF) -> str:
    """Rest the pointer on ``scene_point``: the card's text as plain text ("" for none)."""
    _no_tooltip()
    viewport = window.view.viewport()
    point: QPoint = view_point(window, scene_point)
    QTest.mouseMove(viewport, point)
    event = QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)
    html = QToolTip.text() if QToolTip.isVisible() else ""
    QToolTip.hideText()
    return plain(html) if html else ""


def _no_tooltip() -> None:
    """Wait for the last card to be gone (Qt hides a tooltip after a short delay)."""
    QToolTip.hideText()
    for _ in range(100):
        if not QToolTip.isVisible():
            return
        QTest.qWait(20)
    raise AssertionError("the tooltip stays")


def plain(html: str) -> str:
    """What the card reads: its images (the type marks) left out, lines stripped."""
    document = QTextDocument()
    document.setHtml(html)
    text = document.toPlainText().replace("\ufffc", "").replace("\xa0", " ")
    return "\n".join(line.strip() for line in text.splitlines())


def _tip_html(window, scene_point: QPointF) -> str:
    _no_tooltip()
    viewport = window.view.viewport()
    point = view_point(window, scene_point)
    QApplication.sendEvent(
        viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    )
    html = QToolTip.text()
    QToolTip.hideText()
    return html


def test_hovering_a_stage_lists_its_annotations(qtbot) -> None:
    window = make_window(qtbot, _doc())
    assert not window.session.view_state.all_detailed  # compact: counts, not content
    card = _hover(window, window.scene.node_item("s0").box().center())
    assert card.startswith("Mesa optimizer\nStage · prior p = 0.3\nLearned by the base optimizer")
    for shown in ("Mechanism (1)", "Produced by search: selection pressure"):
        assert shown in card
    for shown in ("Caveats (2)", "Maybe never arises", "Too weak to matter"):
        assert shown in card
    assert "s0" not in card and "s1" not in card
    # Each type with its mark (an image drawn as the canvas draws it) and its colour.
    html = _tip_html(window, window.scene.node_item("s0").box().center())
    assert html.count('src="data:image/png;base64,') == 2
    assert "color:#" in html


def test_hovering_a_links_disc_lists_its_interventions(qtbot) -> None:
    window = make_window(qtbot, _doc())
    item = window.scene.edge_item("s0->s1")
    card = _hover(window, item.geo.middle)  # the orange disc with its "1"
    lines = card.splitlines()
    assert lines[0] == "Mesa optimizer → Misalignment"  # labels, never "s0 → s1"
    assert lines[1] == "Link · p = 0.5 that it transmits"
    assert lines[2] == "Intervention (1)"  # the disc's type first
    assert "Prevent mesa optimizers" in card
    assert "Effect 0.5: cuts the link's probability by 50%" in card
    assert "Methods:" in card and "– Other ways of building subsystems: than search" in card
    assert "Note (1)" in card and "Tractable?" in card
    assert card.index("Intervention (1)") < card.index("Note (1)")
    assert "s0" not in card and "->" not in card
    # A label of the link shows on its card too, and the label box is part of the link.
    window.session.run(SetEdgeFields("s0->s1", label="enables"))
    label = item.geo.label  # (on the link, beside its badge)
    assert item.boundingRect().contains(label)
    on_label = label.center()
    assert _hover(window, on_label).splitlines()[1] == "Link “enables” · p = 0.5 that it transmits"


def test_the_mark_pointed_at_comes_first(qtbot) -> None:
    window = make_window(qtbot, _doc())
    node = window.scene.node_item("s0")
    counts = {type_name: rect for type_name, _n, rect in node.geo.counts}
    assert set(counts) == {"mechanism", "caveat"}  # "▲ 1" and "◆ 2" under the label
    on_caveats = _hover(window, node.mapToScene(counts["caveat"].center()))
    assert on_caveats.index("Caveats (2)") < on_caveats.index("Mechanism (1)")
    on_mechanisms = _hover(window, node.mapToScene(counts["mechanism"].center()))
    assert on_mechanisms.index("Mechanism (1)") < on_mechanisms.index("Caveats (2)")
    assert _hover(window, QPointF(150, 200)) == ""  # empty canvas: no card


def test_callouts_of_the_detailed_view_show_the_card(qtbot) -> None:
    window = make_window(qtbot, _doc())
    window.actions_by_name["detailed"].trigger()
    qtbot.waitUntil(lambda: window.scene.edge_item("s0->s1").callout is not None)
    callout = window.scene.edge_item("s0->s1").callout
    last_line = QPointF(callout.rect.center().x(), callout.rect.bottom() - callout.pad - 2)
    card = _hover(window, last_line)  # the note at the end of the link's callout
    assert card.startswith("Mesa optimizer → Misalignment")
    assert card.splitlines()[2] == "Note (1)"
    node = window.scene.node_item("s0")
    assert node.callout is not None
    card = _hover(window, node.mapToScene(node.callout.rect.center()))
    assert card.startswith("Mesa optimizer\n")


def test_hostile_text_is_shown_as_written_and_kept_short(qtbot) -> None:
    doc = _doc()
    word = "x" * 500
    hostile = Annotation("note", "<b>Bold?</b> & 🙂", text=f"{word} " + "long " * 4000)
    doc.set_annotations("s1", [hostile])
    window = make_window(qtbot, doc)
    html = _tip_html(window, window.scene.node_item("s1").box().center())
    card = plain(html)
    assert "<b>Bold?</b> & 🙂" in card  # the label's characters, not markup
    assert "<b>Bold?</b>" not in html.replace("&lt;b&gt;Bold?&lt;/b&gt;", "")
    # The long word can break (zero-width spaces), the text is cut with an ellipsis.
    assert "x" * (LONG_WORD + 1) not in card and "\u200b" in card
    assert "…" in card and len(card) < MAX_TEXT + 400
    window.session.run(SetAnnotations("s1", [], "Detach"))
    assert "No annotations" in _hover(window, window.scene.node_item("s1").box().center())
