"""The palette dock: types and reusable entries, dragged onto stages and links.

Drops are driven with real QDragEnter/QDragMove/QDrop events on the view's viewport, the
mime data coming from the palette's own tree; each drop is checked against the model, then
undone (exact previous document) and redone.
"""

from __future__ import annotations

import copy
import dataclasses

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDockWidget, QMessageBox, QTreeWidgetItem

from mesadiagram.model import Annotation, AnnotationType, Document, Item, Node
from mesadiagram.model.commands import AddNode, SetAnnotations
from mesadiagram.render.contrast import blend
from mesadiagram.render.mark_shapes import CHIP_TINT
from mesadiagram.ui.annotation_drag import MIME, mime_data, payload
from mesadiagram.ui.main_window import MainWindow
from mesadiagram.ui.palette import PaletteDock, collect_entries
from tests.conftest import EXAMPLE
from tests.ui_helpers import isolated_settings  # noqa: F401  (a fixture)

COPY = Qt.DropAction.CopyAction
LEFT = Qt.MouseButton.LeftButton
NO_MODS = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def window(qtbot, monkeypatch, request) -> MainWindow:
    request.getfixturevalue("isolated_settings")  # QSettings under tmp_path, not the user's
    # Closing a modified window at teardown must not open a modal dialog.
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard)
    )
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(EXAMPLE)
    w.show()
    qtbot.waitExposed(w)
    # The palette fills itself just after the first frame.
    qtbot.waitUntil(lambda: not palette_of(w)._refresh_timer.isActive())
    return w


def palette_of(window: MainWindow) -> PaletteDock:
    dock = window.findChild(QDockWidget, "paletteDock")
    assert isinstance(dock, PaletteDock)
    return dock


def type_row(palette: PaletteDock, name: str) -> QTreeWidgetItem:
    for i in range(palette.tree.topLevelItemCount()):
        row = palette.tree.topLevelItem(i)
        if row.data(0, Qt.ItemDataRole.UserRole + 1) == name:
            return row
    raise LookupError(name)


def entry_row(palette: PaletteDock, type_name: str, title: str) -> QTreeWidgetItem:
    row = type_row(palette, type_name)
    for j in range(row.childCount()):
        if row.child(j).text(0) == title:
            return row.child(j)
    raise LookupError(title)


def drag_data(palette: PaletteDock, item: QTreeWidgetItem) -> QMimeData:
    """What a drag of ``item`` out of the palette carries (the tree's own mimeData)."""
    data = palette.tree.mimeData([item])
    assert data.hasFormat(MIME)
    return data


def drag_over_and_drop(view, data: QMimeData, pos: QPoint) -> tuple[bool, QColor | None, bool]:
    """Enter, move and drop at viewport ``pos``; returns (move accepted, highlight, drop
    accepted), the highlight being the one the target showed during the move."""
    viewport = view.viewport()
    QApplication.sendEvent(viewport, QDragEnterEvent(pos, COPY, data, LEFT, NO_MODS))
    move = QDragMoveEvent(pos, COPY, data, LEFT, NO_MODS)
    QApplication.sendEvent(viewport, move)
    target = view.drop_target(pos)
    highlight = QColor(target.highlight) if target and target.highlight else None
    drop = QDropEvent(QPointF(pos), COPY, data, LEFT, NO_MODS)
    QApplication.sendEvent(viewport, drop)
    return move.isAccepted(), highlight, drop.isAccepted()


def node_point(window: MainWindow, node_id: str) -> QPoint:
    return window.view.mapFromScene(window.scene.node_item(node_id).box().center())


def edge_point(window: MainWindow, key: str) -> QPoint:
    return window.view.mapFromScene(window.scene.edge_item(key).geo.middle)


def annotations_of_type(doc: Document, type_name: str) -> list[Annotation]:
    return [a for _owner, a in doc.iter_annotations() if a.type == type_name]


def content(ann: Annotation) -> Annotation:
    """What an annotation says, without its id (a copy says the same under a new id)."""
    return dataclasses.replace(ann, id="")


def assert_ids_unique(doc: Document) -> None:
    ids = [a.id for _owner, a in doc.iter_annotations()]
    assert all(ids) and len(set(ids)) == len(ids)


# -- what the palette lists --------------------------------------------------------------
def test_palette_lists_types_kinds_and_interventions(window) -> None:
    palette = palette_of(window)
    assert palette.isVisible()
    assert window.dockWidgetArea(palette) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert palette.toggleViewAction() in window.menus.docks.actions()
    rows = dict(palette.visible_rows())
    assert list(rows) == [t.name for t in window.doc.all_types()]
    assert list(rows)[:5] == ["kind", "mechanism", "caveat", "intervention", "note"]

    kinds = [a.label for a in annotations_of_type(window.doc, "kind")]
    assert len(kinds) == 5 and rows["kind"] == kinds  # the five kinds of misalignment
    interventions = annotations_of_type(window.doc, "intervention")
    assert len(interventions) == 6 and rows["intervention"] == [a.label for a in interventions]
    # Each intervention lists its methods under it.
    for ann in interventions:
        row = entry_row(palette, "intervention", ann.label)
        assert [row.child(k).text(0) for k in range(row.childCount())] == [
            i.label for i in ann.items
        ]
    # Notes have no label: they show the start of their text.
    notes = annotations_of_type(window.doc, "note")
    assert rows["note"] == [n.text.splitlines()[0] for n in notes]


def test_type_icons_draw_the_canvas_mark_in_the_type_colour(window) -> None:
    palette = palette_of(window)
    for atype in window.doc.all_types():
        image = type_row(palette, atype.name).icon(0).pixmap(14, 14).toImage()
        centre = QColor(image.pixel(image.width() // 2, image.height() // 2))
        if atype.icon == "chip":  # a kind: a chip as on a stage, lightly filled
            inside = blend(atype.color, CHIP_TINT, "#FFFFFF")
            assert centre.name() == QColor(inside).name(), atype.name
            continue
        assert centre.name() == QColor(atype.color).name(), atype.name
        corner = QColor.fromRgba(image.pixel(0, 0))
        assert corner.alpha() == 0  # a mark, not a filled square


def test_entries_are_distinct_and_follow_the_document(window, qtbot) -> None:
    palette = palette_of(window)
    doc = window.doc
    proxy = next(a for a in doc.node("misalignment").annotations if a.label == "Proxy")
    fresh = Annotation("caveat", "Gradient hacking is hard", "needs a stable mesa-objective")
    window.session.stack.run(
        SetAnnotations(
            "deployment",
            [*doc.node("deployment").annotations, proxy.clone(), fresh],
            "test",
        )
    )
    qtbot.waitUntil(lambda: fresh.label in dict(palette.visible_rows())["caveat"])
    assert dict(palette.visible_rows())["kind"].count("Proxy") == 1  # distinct entries
    window.session.stack.undo()
    qtbot.waitUntil(lambda: fresh.label not in dict(palette.visible_rows())["caveat"])


def test_declared_types_are_listed(window, qtbot) -> None:
    palette = palette_of(window)
    evidence = AnnotationType("evidence", "evidence", "#CC79A7", "star")
    doc = Document("t")
    doc.types = {"evidence": evidence}
    doc.insert_node(Node("a", "A", position=(0.0, 0.0), annotations=[Annotation("evidence", "E")]))
    window.session.replace_document(doc, None)
    rows = dict(palette.visible_rows())
    assert list(rows)[-1] == "evidence" and rows["evidence"] == ["E"]
    assert [t.name for t, _ in collect_entries(doc)][-1] == "evidence"


# -- dropping on the canvas --------------------------------------------------------------
def test_drop_entry_on_stage_attaches_a_copy_in_one_undo_step(window) -> None:
    palette, doc, view = palette_of(window), window.doc, window.view
    before = copy.deepcopy(doc.snapshot())
    steps = window.session.stack.count()
    source = next(a for a in doc.node("misalignment").annotations if a.label == "Instrumental")

    accepted, highlight, dropped = drag_over_and_drop(
        view,
        drag_data(palette, entry_row(palette, "kind", "Instrumental")),
        node_point(window, "deployment"),
    )
    assert accepted and dropped
    assert highlight == QColor(window.scene.theme.highlight)
    assert window.scene.node_item("deployment").highlight is None  # cleared on drop
    attached = doc.node("deployment").annotations[-1]
    assert content(attached) == content(source) and attached.id != source.id
    assert_ids_unique(doc)
    assert window.session.stack.count() == steps + 1
    assert window.scene.selected_node_ids() == ["deployment"]
    after = copy.deepcopy(doc.snapshot())

    window.session.stack.undo()
    assert doc.snapshot() == before
    window.session.stack.redo()
    assert doc.snapshot() == after


def test_drop_intervention_on_link_copies_its_methods(window) -> None:
    palette, doc = palette_of(window), window.doc
    source = next(a for a in annotations_of_type(doc, "intervention") if len(a.items) == 3)
    key = "misalignment->deployment"
    before = copy.deepcopy(doc.snapshot())
    accepted, highlight, dropped = drag_over_and_drop(
        window.view,
        drag_data(palette, entry_row(palette, "intervention", source.label)),
        edge_point(window, key),
    )
    assert accepted and dropped and highlight is not None
    attached = doc.edge(key).annotations[-1]
    assert content(attached) == content(source) and attached.id != source.id
    assert_ids_unique(doc)
    assert attached.items is not source.items and attached.items[0] is not source.items[0]
    assert window.scene.selected_link_ids() == [key]
    window.session.stack.undo()
    assert doc.snapshot() == before


def test_a_drop_does_not_reshuffle_the_palette(window, qtbot) -> None:
    palette, doc = palette_of(window), window.doc
    shown = dict(palette.visible_rows())["intervention"]
    last = shown[-1]
    # A copy of the last intervention lands on the first link, earlier in the document.
    drag_over_and_drop(
        window.view,
        drag_data(palette, entry_row(palette, "intervention", last)),
        edge_point(window, doc.edges[0].id),
    )
    found = {t.name: entries for t, entries in collect_entries(doc)}["intervention"]
    assert found[1].label == last  # the document order changed
    palette.refresh()
    assert dict(palette.visible_rows())["intervention"] == shown


def test_drop_type_attaches_an_empty_annotation(window) -> None:
    palette, doc = palette_of(window), window.doc
    before = copy.deepcopy(doc.snapshot())
    drag_over_and_drop(
        window.view,
        drag_data(palette, type_row(palette, "caveat")),
        node_point(window, "misalignment"),
    )
    attached = doc.node("misalignment").annotations[-1]
    assert content(attached) == Annotation("caveat")
    assert_ids_unique(doc)
    assert window.session.stack.undoText() == "Attach caveat"
    window.session.stack.undo()
    assert doc.snapshot() == before
    window.session.stack.redo()
    assert doc.node("misalignment").annotations[-1] == attached  # the same id again


def test_drop_on_empty_canvas_is_refused(window) -> None:
    palette, doc, view = palette_of(window), window.doc, window.view
    empty = QPoint(3, 3)
    assert view.drop_target(empty) is None and not view.items(empty)
    before = copy.deepcopy(doc.snapshot())
    steps = window.session.stack.count()
    accepted, highlight, dropped = drag_over_and_drop(
        view, drag_data(palette, entry_row(palette, "kind", "Proxy")), empty
    )
    assert not accepted and not dropped and highlight is None
    assert doc.snapshot() == before and window.session.stack.count() == steps


def test_highlight_follows_the_cursor_and_clears_on_leave(window) -> None:
    from PySide6.QtGui import QDragLeaveEvent

    palette, view = palette_of(window), window.view
    data = drag_data(palette, entry_row(palette, "kind", "Proxy"))
    viewport = view.viewport()
    first, second = window.scene.node_item("deployment"), window.scene.node_item("catastrophe")
    QApplication.sendEvent(
        viewport, QDragEnterEvent(node_point(window, "deployment"), COPY, data, LEFT, NO_MODS)
    )
    assert first.highlight is not None
    QApplication.sendEvent(
        viewport, QDragMoveEvent(node_point(window, "catastrophe"), COPY, data, LEFT, NO_MODS)
    )
    assert first.highlight is None and second.highlight is not None
    QApplication.sendEvent(viewport, QDragLeaveEvent())
    assert second.highlight is None


@pytest.mark.usefixtures("isolated_settings")
def test_dropped_yaml_file_still_opens_the_file(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard)
    )
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(EXAMPLE))])
    centre = window.view.viewport().rect().center()
    viewport = window.view.viewport()
    enter = QDragEnterEvent(centre, COPY, data, LEFT, NO_MODS)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()  # by the window: the view let it through
    QApplication.sendEvent(viewport, QDropEvent(QPointF(centre), COPY, data, LEFT, NO_MODS))
    assert window.session.path == EXAMPLE and len(window.doc.nodes) == 7


def test_drop_declares_a_type_from_another_document(window) -> None:
    doc = window.doc
    evidence = AnnotationType("evidence", "evidence", "#CC79A7", "star")
    ann = Annotation("evidence", "Hubinger et al. 2019", items=[Item("section 4")])
    before = copy.deepcopy(doc.snapshot())
    drag_over_and_drop(
        window.view, mime_data(payload(ann, evidence)), node_point(window, "mesa-optimizer")
    )
    assert doc.types["evidence"] == evidence
    attached = doc.node("mesa-optimizer").annotations[-1]
    assert content(attached) == ann and attached.id == "hubinger-et-al-2019"
    window.session.stack.undo()  # one step: the declaration and the annotation
    assert doc.snapshot() == before


# -- attaching to the selection ----------------------------------------------------------
def test_double_click_attaches_to_every_selected_element(window, qtbot) -> None:
    palette, doc = palette_of(window), window.doc
    key = "deployment->distribution-shift"
    window.scene.select(["base-optimizer", "catastrophe"], [key])
    before = copy.deepcopy(doc.snapshot())
    steps = window.session.stack.count()
    source = annotations_of_type(doc, "caveat")[1].clone()
    item = entry_row(palette, "caveat", source.label)
    palette.tree.scrollToItem(item)
    rect = palette.tree.visualItemRect(item)
    # A real double-click: a click, then the second press that Qt reports as a double-click.
    qtbot.mouseClick(palette.tree.viewport(), LEFT, pos=rect.center())
    qtbot.mouseDClick(palette.tree.viewport(), LEFT, pos=rect.center())

    owners = (doc.node("base-optimizer"), doc.node("catastrophe"), doc.edge(key))
    for owner in owners:
        assert content(owner.annotations[-1]) == content(source)
    assert source.id not in {owner.annotations[-1].id for owner in owners}
    assert_ids_unique(doc)  # three copies, three new ids
    assert window.session.stack.count() == steps + 1
    after = copy.deepcopy(doc.snapshot())
    window.session.stack.undo()
    assert doc.snapshot() == before
    window.session.stack.redo()
    assert doc.snapshot() == after


def test_enter_on_an_entry_attaches_and_nothing_selected_does_nothing(window, qtbot) -> None:
    palette, doc = palette_of(window), window.doc
    item = entry_row(palette, "kind", "Approximate")
    palette.tree.setCurrentItem(item)
    window.scene.clearSelection()
    before = copy.deepcopy(doc.snapshot())
    qtbot.keyClick(palette.tree, Qt.Key.Key_Return)
    assert doc.snapshot() == before
    assert "Select" in window.statusBar().currentMessage()
    window.scene.select(["deployment"])
    qtbot.keyClick(palette.tree, Qt.Key.Key_Return)
    assert doc.node("deployment").annotations[-1].label == "Approximate"


# -- filter and documents ----------------------------------------------------------------
def test_filter_shows_matching_entries_and_types(window, qtbot) -> None:
    palette, doc = palette_of(window), window.doc
    qtbot.keyClicks(palette.filter_edit, "deploy")

    def matches(a: Annotation) -> bool:
        texts = [a.label, a.text, *(i.label for i in a.items), *(i.text for i in a.items)]
        return any("deploy" in t.casefold() for t in texts)

    expected = [
        (t.name, [e.label or e.text.splitlines()[0] for e in entries if matches(e)])
        for t, entries in collect_entries(doc)
    ]
    expected = [(name, shown) for name, shown in expected if shown]
    assert palette.visible_rows() == expected
    assert 0 < sum(len(s) for _, s in expected) < sum(1 for _ in doc.iter_annotations())

    palette.filter_edit.clear()
    qtbot.keyClicks(palette.filter_edit, "CAVEAT")  # a type name shows the type and its entries
    assert palette.visible_rows() == [
        ("caveat", [a.label for a in annotations_of_type(doc, "caveat")])
    ]
    palette.filter_edit.clear()
    assert len(palette.visible_rows()) == len(doc.all_types())


def test_palette_follows_a_new_document_and_leaves_the_old(window, qtbot) -> None:
    palette = palette_of(window)
    old = window.doc
    window.files.new()
    assert window.doc is not old
    assert all(entries == [] for _name, entries in palette.visible_rows())
    old.insert_node(Node("x", "X", annotations=[Annotation("note", "", "orphan")]))
    assert not palette._refresh_timer.isActive()  # no longer following the old document
    window.session.stack.run(AddNode(Node("y", "Y", position=(0.0, 0.0))))
    assert palette._refresh_timer.isActive()


# -- after an attach: the new annotation in the inspector, its label in edit --------------
def assert_in_edit(window: MainWindow, owner: str, label: str) -> None:
    """The inspector shows ``owner`` with its last annotation selected and the cursor in
    that annotation's Label field, which reads ``label``."""
    section = window.inspector.annotations
    assert window.inspector.target == owner
    assert section.current() == len(window.doc.annotations_of(owner)) - 1
    assert section.tree.currentItem().isSelected()
    assert QApplication.focusWidget() is section.editor.label
    assert section.editor.label.text() == label


def test_drop_of_a_type_puts_the_new_annotation_in_edit(window, qtbot) -> None:
    from tests.ui_helpers import activate

    activate(qtbot, window)
    palette = palette_of(window)
    data = drag_data(palette, type_row(palette, "caveat"))
    drag_over_and_drop(window.view, data, node_point(window, "deployment"))
    assert window.scene.selected_node_ids() == ["deployment"]
    assert_in_edit(window, "deployment", "")
    qtbot.keyClicks(QApplication.focusWidget(), "Only if deployed widely")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert window.doc.node("deployment").annotations[-1].label == "Only if deployed widely"


def test_drop_of_an_entry_on_a_link_puts_it_in_edit(window, qtbot) -> None:
    from tests.ui_helpers import activate

    activate(qtbot, window)
    palette, key = palette_of(window), "misalignment->deployment"
    data = drag_data(palette, entry_row(palette, "kind", "Proxy"))
    drag_over_and_drop(window.view, data, edge_point(window, key))
    assert window.scene.selected_link_ids() == [key]
    assert_in_edit(window, key, "Proxy")


def test_double_click_with_one_selected_puts_it_in_edit(window, qtbot) -> None:
    from tests.ui_helpers import activate

    activate(qtbot, window)
    palette = palette_of(window)
    window.scene.select(["catastrophe"])
    rect = palette.tree.visualItemRect(type_row(palette, "note"))
    qtbot.mouseClick(palette.tree.viewport(), LEFT, pos=rect.center())
    qtbot.mouseDClick(palette.tree.viewport(), LEFT, pos=rect.center())
    assert content(window.doc.node("catastrophe").annotations[-1]) == Annotation("note")
    assert_in_edit(window, "catastrophe", "")


def test_long_entries_use_the_whole_row_and_show_in_full_in_their_tooltip(window, qtbot) -> None:
    window.resize(1400, 880)
    palette = palette_of(window)
    tree = palette.tree
    right = tree.viewport().width()
    rows = [type_row(palette, name) for name in ("kind", "mechanism", "caveat", "intervention")]
    entries = [row.child(j) for row in rows for j in range(row.childCount())]
    assert len(entries) > 10
    cut = 0
    for entry in entries:
        rect = tree.visualRect(tree.indexFromItem(entry, 0))  # the text column
        assert rect.right() >= right - 2  # over the count column too: the count is the types'
        full = tree.fontMetrics().horizontalAdvance(entry.text(0))
        if full > rect.width() - tree.iconSize().width():
            cut += 1
            assert entry.text(0) in entry.toolTip(0).replace("\n", " ")
    assert cut  # the seed has mechanisms longer than the palette is wide
