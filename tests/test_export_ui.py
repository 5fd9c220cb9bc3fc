"""The editor's side of figures: File > Export…, Export Again, Copy as SVG / PNG, and the
View > Theme menu. Widgets are driven with real key and mouse events; files written are
parsed back; the document is never changed by exporting.
"""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QMenu

from mesadiagram.model import Annotation, Document, Item
from mesadiagram.model.commands import SetAnnotations
from mesadiagram.render.export import figure_for
from mesadiagram.render.theme import available_themes
from mesadiagram.ui import export_dialog, export_settings, figure_clipboard, main_window, theme_menu
from mesadiagram.ui.export_dialog import ExportDialog
from mesadiagram.ui.export_settings import ExportChoices
from tests.export_support import svg_groups
from tests.ui_helpers import (  # noqa: F401  (*_fixture: pytest fixtures)
    add_links,
    add_stages,
    click,
    isolated_settings_fixture,
    keys,
    make_window,
    node_point,
    reported,
    snap,
    window_fixture,
)

Left = Qt.MouseButton.LeftButton
Shift = Qt.KeyboardModifier.ShiftModifier


# -- helpers ------------------------------------------------------------------------------
def open_dialog(qtbot, doc, path: Path, choices: ExportChoices | None = None) -> ExportDialog:
    dialog = ExportDialog(doc, path, choices or ExportChoices.load())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def choose(combo: QComboBox, value: object) -> None:
    """Pick the entry holding ``value`` with the keyboard, as a user would."""
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == value:
            return
        QTest.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == value, f"{value!r} is not in the list"


def type_into(widget, text: str) -> None:
    """Replace what a line edit (or a spin box's) holds by typing."""
    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(widget, text)


def toggle(check) -> None:
    """Click the box itself (a form stretches the widget beyond its box and text)."""
    was = check.isChecked()
    QTest.mouseClick(check, Left, pos=QPoint(8, check.height() // 2))
    assert check.isChecked() != was


def node_groups(svg: str) -> set[str]:
    return {g.get("id") for g in svg_groups(svg, "node")}


def build(window) -> None:
    """a -> b -> c -> d with a kind on a and an intervention on a -> b."""
    add_stages(window, ("a", 0, 0), ("b", 300, 0), ("c", 600, 0), ("d", 900, 0))
    add_links(window, ("a", "b"), ("b", "c"), ("c", "d"))
    window.session.stack.run(SetAnnotations("a", [Annotation("kind", "Proxy")], "Attach"))
    audit = Annotation("intervention", "Audit", items=[Item("Red teaming")])
    window.session.stack.run(SetAnnotations("a->b", [audit], "Attach"))
    window.session.stack.clear()


def select(window, *node_ids: str) -> None:
    click(window, node_point(window, node_ids[0]))
    for node_id in node_ids[1:]:
        click(window, node_point(window, node_id), Shift)
    assert window.scene.selected_node_ids() == list(node_ids)


# -- the dialog ---------------------------------------------------------------------------
def test_dialog_widgets_give_the_export_options(qtbot, isolated_settings, seed_doc, tmp_path):
    dialog = open_dialog(qtbot, seed_doc, tmp_path / "seed.svg")
    assert dialog.format_combo.currentData() == "svg"
    assert not dialog.dpi_spin.isEnabled() and not dialog.page_combo.isEnabled()
    type_into(dialog.path_edit, str(tmp_path / "figure.png"))  # the suffix picks PNG
    assert dialog.format_combo.currentData() == "png"
    assert dialog.dpi_spin.isEnabled() and dialog.transparent_check.isEnabled()
    choose(dialog.theme_combo, "print")
    choose(dialog.detail_combo, True)
    toggle(dialog.legend_check)
    toggle(dialog.transparent_check)
    type_into(dialog.dpi_spin, "150")
    toggle(dialog.theme_font_check)  # off: the font box picks the family
    assert dialog.font_combo.isEnabled()
    type_into(dialog.font_combo.lineEdit(), "DejaVu Serif")
    QTest.keyClick(dialog.font_combo.lineEdit(), Qt.Key.Key_Return)

    options = dialog.options()
    assert options.theme.name == "print" and options.theme.font_family == "DejaVu Serif"
    assert options.theme.background == available_themes()["print"].background
    assert (options.detailed, options.legend, options.transparent) == (True, False, True)
    assert options.dpi == 150
    assert dialog.output_path() == tmp_path / "figure.png"

    choose(dialog.format_combo, "pdf")  # the format sets the suffix back
    assert dialog.path_edit.text() == str(tmp_path / "figure.pdf")
    assert dialog.page_combo.isEnabled() and not dialog.transparent_check.isEnabled()
    choose(dialog.page_combo, "a4")
    assert dialog.options().page == "a4"
    qtbot.waitUntil(lambda: "A4" in dialog.size_label.text())  # after the preview


def test_theme_font_is_shown_and_followed(qtbot, isolated_settings, seed_doc, tmp_path):
    dialog = open_dialog(qtbot, seed_doc, tmp_path / "seed.svg")
    assert dialog.theme_font_check.isChecked() and not dialog.font_combo.isEnabled()
    themes = available_themes()
    assert dialog.font_combo.currentFont().family() == themes["default"].font_family
    assert dialog.options().theme is themes["default"]  # not a copy: the theme itself
    assert {dialog.theme_combo.itemData(i) for i in range(dialog.theme_combo.count())} == set(
        themes
    )


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_export_button_writes_a_file_that_parses(qtbot, isolated_settings, seed_doc, tmp_path, fmt):
    before = snap(seed_doc)
    dialog = open_dialog(qtbot, seed_doc, tmp_path / "seed.svg")
    choose(dialog.format_combo, fmt)
    if fmt == "png":
        type_into(dialog.dpi_spin, "96")
    QTest.mouseClick(dialog.export_button, Left)
    out = tmp_path / f"seed.{fmt}"
    assert dialog.written == out and dialog.result() == ExportDialog.DialogCode.Accepted
    if fmt == "svg":
        svg = out.read_text(encoding="utf-8")
        ET.fromstring(svg)
        assert node_groups(svg) == {f"node-{n.id}" for n in seed_doc.nodes}
        assert len(svg_groups(svg, "edge")) == len(seed_doc.edges)
    elif fmt == "png":
        image = QImage(str(out))
        bounds = figure_for(seed_doc, dialog.options()).bounds  # at 96 dpi: 1 px a unit
        assert (image.width(), image.height()) == (round(bounds.width()), round(bounds.height()))
    else:
        assert out.read_bytes().startswith(b"%PDF-") and b"%%EOF" in out.read_bytes()[-64:]
    assert seed_doc.snapshot() == before


def test_choices_come_back_in_a_new_dialog(qtbot, isolated_settings, seed_doc, tmp_path):
    dialog = open_dialog(qtbot, seed_doc, tmp_path / "seed.svg")
    type_into(dialog.path_edit, str(tmp_path / "out" / "fig.png"))
    (tmp_path / "out").mkdir()
    choose(dialog.theme_combo, "colourblind")
    choose(dialog.detail_combo, True)
    toggle(dialog.legend_check)
    toggle(dialog.transparent_check)
    type_into(dialog.dpi_spin, "200")
    toggle(dialog.theme_font_check)
    type_into(dialog.font_combo.lineEdit(), "DejaVu Serif")
    QTest.keyClick(dialog.font_combo.lineEdit(), Qt.Key.Key_Return)
    chosen = dialog.choices()
    QTest.mouseClick(dialog.export_button, Left)
    assert dialog.written == tmp_path / "out" / "fig.png"

    again = open_dialog(qtbot, seed_doc, tmp_path / "seed.svg")
    assert ExportChoices.load() == chosen
    assert dataclasses.replace(again.choices(), directory=chosen.directory) == chosen
    assert again.format_combo.currentData() == "png"
    assert again.path_edit.text() == str(tmp_path / "seed.png")
    assert again.theme_combo.currentData() == "colourblind"
    assert again.detail_combo.currentData() is True
    assert not again.legend_check.isChecked() and again.transparent_check.isChecked()
    assert again.dpi_spin.value() == 200
    assert not again.theme_font_check.isChecked()
    assert again.font_combo.currentFont().family() == "DejaVu Serif"
    assert chosen.directory == str(tmp_path / "out")


def test_unwritable_path_shows_the_error_and_keeps_everything(
    qtbot, isolated_settings, seed_doc, tmp_path, no_modal_dialogs
):
    before = snap(seed_doc)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    dialog = open_dialog(qtbot, seed_doc, tmp_path / "seed.svg")
    choose(dialog.theme_combo, "print")
    type_into(dialog.path_edit, str(blocker / "fig.svg"))
    QTest.mouseClick(dialog.export_button, Left)
    assert [kind for kind, _ in no_modal_dialogs] == ["critical"]
    assert str(blocker / "fig.svg") in no_modal_dialogs[0][1]
    assert dialog.isVisible() and dialog.written is None  # still open, choices kept
    assert dialog.theme_combo.currentData() == "print"
    assert ExportChoices.load().theme != "print"  # nothing remembered from a failure
    assert seed_doc.snapshot() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a-file"]  # nothing written


def test_existing_file_is_replaced_only_when_the_user_says_so(
    qtbot, isolated_settings, seed_doc, tmp_path, no_modal_dialogs, monkeypatch
):
    out = tmp_path / "seed.svg"
    out.write_text("keep me")
    dialog = open_dialog(qtbot, seed_doc, out)
    QTest.mouseClick(dialog.export_button, Left)  # the conftest answers No
    assert no_modal_dialogs[0][0] == "question" and out.read_text() == "keep me"
    yes = export_dialog.QMessageBox.StandardButton.Yes
    monkeypatch.setattr(export_dialog.QMessageBox, "question", lambda *a, **k: yes)
    QTest.mouseClick(dialog.export_button, Left)
    assert node_groups(out.read_text()) and dialog.written == out


def test_preview_follows_changes_and_waits_when_slow(
    qtbot, isolated_settings, seed_doc, tmp_path, monkeypatch
):
    dialog = open_dialog(qtbot, seed_doc, tmp_path / "seed.svg")
    qtbot.waitUntil(lambda: not dialog.preview.pixmap().isNull())
    assert dialog.preview_button.isHidden()
    compact = dialog.preview.pixmap().toImage()
    choose(dialog.detail_combo, True)  # callouts: a new preview, another picture
    qtbot.waitUntil(lambda: dialog.preview.pixmap().toImage() != compact)

    monkeypatch.setattr(export_dialog, "SLOW_PREVIEW_S", 0.0)  # every preview is "slow"
    toggle(dialog.legend_check)
    qtbot.waitUntil(lambda: not dialog.preview_button.isHidden())
    toggle(dialog.legend_check)  # no longer follows: says so instead of drawing
    assert dialog.preview.pixmap().isNull() and "Update Preview" in dialog.preview.text()
    QTest.mouseClick(dialog.preview_button, Left)
    assert not dialog.preview.pixmap().isNull()


def test_large_detailed_figure_waits_for_the_preview_button(
    qtbot, isolated_settings, seed_doc, tmp_path, monkeypatch
):
    monkeypatch.setattr(export_dialog, "AUTO_PREVIEW_STAGES", {False: 100, True: 3})
    dialog = open_dialog(qtbot, seed_doc, tmp_path / "seed.svg", ExportChoices(detailed=True))
    assert not dialog.preview_button.isHidden() and dialog.preview.pixmap().isNull()
    choose(dialog.detail_combo, False)  # compact: cheap again
    qtbot.waitUntil(lambda: not dialog.preview.pixmap().isNull())
    assert dialog.preview_button.isHidden()


# -- the window: File > Export…, Export Again -----------------------------------------------
def fake_exec(path: Path, calls: list[Path]):
    """Stands in for the modal exec(): types ``path`` and clicks Export."""

    def run(dialog: ExportDialog) -> int:
        calls.append(Path(dialog.path_edit.text()))
        type_into(dialog.path_edit, str(path))
        QTest.mouseClick(dialog.export_button, Left)
        return dialog.result()

    return run


def test_export_action_writes_and_export_again_repeats(window, tmp_path, monkeypatch):
    build(window)
    window.session.path = tmp_path / "model.yaml"  # the default name comes from the document's
    calls: list[Path] = []
    out = tmp_path / "figure.svg"
    monkeypatch.setattr(ExportDialog, "exec", fake_exec(out, calls))
    keys("Ctrl+Alt+E")
    assert calls == [tmp_path / "model.svg"]
    assert node_groups(out.read_text()) == {"node-a", "node-b", "node-c", "node-d"}
    assert str(out) in window.statusBar().currentMessage()

    before = snap(window.doc)
    select(window, "d")
    keys("Delete")
    window.statusBar().clearMessage()
    window.actions_by_name["export_again"].trigger()  # no dialog this time
    assert len(calls) == 1
    assert node_groups(out.read_text()) == {"node-a", "node-b", "node-c"}
    assert str(out) in window.statusBar().currentMessage()
    window.session.stack.undo()
    assert window.doc.snapshot() == before  # exporting changed nothing in the model

    window.session.replace_document(Document("Another"), None)  # never its file
    monkeypatch.setattr(ExportDialog, "exec", fake_exec(tmp_path / "other.svg", calls))
    window.actions_by_name["export_again"].trigger()
    assert len(calls) == 2 and (tmp_path / "other.svg").exists()


def test_export_again_error_is_reported(window, tmp_path, monkeypatch):
    build(window)
    out = tmp_path / "sub" / "figure.svg"
    out.parent.mkdir()
    monkeypatch.setattr(ExportDialog, "exec", fake_exec(out, []))
    window.actions_by_name["export"].trigger()
    assert out.exists()
    out.unlink()
    out.parent.rmdir()
    out.parent.write_text("now a file")
    assert window.exporter.export_again() is None
    assert str(out) in reported(window)


# -- Copy as SVG / PNG --------------------------------------------------------------------
def clipboard_svg() -> str:
    data = QApplication.clipboard().mimeData()
    svg = bytes(data.data(figure_clipboard.SVG_MIME)).decode("utf-8")
    assert data.text() == svg
    return svg


def test_copy_as_svg_of_the_selection(window):
    build(window)
    ExportChoices(detailed=True, detail_chosen=True).save()  # callouts: annotations' text
    select(window, "a", "b")
    window.actions_by_name["copy_svg"].trigger()
    svg = clipboard_svg()
    ET.fromstring(svg)
    assert node_groups(svg) == {"node-a", "node-b"}
    assert len(svg_groups(svg, "edge")) == 1  # a -> b, not b -> c
    assert all(text in svg for text in ("Audit", "Red teaming", "Proxy"))  # annotations
    assert "2 stages" in window.statusBar().currentMessage()


def test_copy_as_svg_of_a_link_takes_its_ends(window):
    build(window)
    window.scene.select([], ["b->c"])
    window.actions_by_name["copy_svg"].trigger()
    svg = clipboard_svg()
    assert node_groups(svg) == {"node-b", "node-c"} and len(svg_groups(svg, "edge")) == 1


def test_copy_as_svg_takes_no_link_to_an_end_brought_in_by_a_link(window):
    """a -> b chosen and c chosen: b comes as a's partner, so b -> c is not asked for."""
    build(window)
    window.scene.select(["c"], ["a->b"])
    window.actions_by_name["copy_svg"].trigger()
    svg = clipboard_svg()
    assert node_groups(svg) == {"node-a", "node-b", "node-c"}
    assert {g.get("id") for g in svg_groups(svg, "edge")} == {"edge-a--b"}  # link "a->b"


def test_copy_as_svg_of_nothing_selected_is_the_whole_diagram(window):
    build(window)
    window.scene.clearSelection()
    window.actions_by_name["copy_svg"].trigger()
    svg = clipboard_svg()
    assert node_groups(svg) == {"node-a", "node-b", "node-c", "node-d"}
    assert len(svg_groups(svg, "edge")) == 3


def test_copy_uses_the_remembered_export_settings(window):
    build(window)
    ExportChoices(theme="dark", detailed=True, detail_chosen=True, legend=False).save()
    window.actions_by_name["copy_svg"].trigger()
    svg = clipboard_svg()
    dark = available_themes()["dark"].background
    assert f'fill="{dark}"'.lower() in svg.lower()
    assert svg_groups(svg, "annotation")  # detailed: callouts
    assert not svg_groups(svg, "legend")


def test_copy_as_png_of_selection_and_of_all(window):
    build(window)
    ExportChoices(dpi=144).save()
    select(window, "a", "b")
    window.actions_by_name["copy_png"].trigger()
    part = QApplication.clipboard().image()
    piece = figure_clipboard.selection_document(window.doc, ["a", "b"], [])
    bounds = figure_for(piece, ExportChoices.load().options()).bounds
    assert (part.width(), part.height()) == (
        round(bounds.width() * 1.5),
        round(bounds.height() * 1.5),
    )
    assert round(part.dotsPerMeterX() * 0.0254) == 144
    window.scene.clearSelection()
    window.actions_by_name["copy_png"].trigger()
    whole = QApplication.clipboard().image()
    assert whole.width() > part.width() * 1.5  # four stages against two


def test_copy_as_png_caps_the_pixels(window, monkeypatch):
    build(window)
    ExportChoices(dpi=2400).save()
    monkeypatch.setattr(figure_clipboard, "MAX_CLIPBOARD_PIXELS", 400_000)
    window.actions_by_name["copy_png"].trigger()
    image = QApplication.clipboard().image()
    assert image.width() * image.height() <= 400_000 * 1.01
    assert image.width() * image.height() > 300_000
    assert "lowered from 2400" in window.statusBar().currentMessage()


def test_copy_of_an_empty_diagram_leaves_the_clipboard(window):
    QApplication.clipboard().setText("before")
    window.actions_by_name["copy_svg"].trigger()
    window.actions_by_name["copy_png"].trigger()
    assert QApplication.clipboard().text() == "before"
    assert "empty" in window.statusBar().currentMessage()


# -- View > Theme -------------------------------------------------------------------------
def menu_bar_menu(window, *titles: str) -> QMenu:
    """The menu reached through the menu bar by these titles (e.g. "&View", "T&heme")."""
    actions = window.menuBar().actions()
    for title in titles:
        menu = next(a.menu() for a in actions if a.text() == title)
        actions = menu.actions()
    return menu


def theme_actions(window) -> dict[str, object]:
    """The entries of View > Theme as the user sees them when opening it."""
    menu = menu_bar_menu(window, "&View", "T&heme")
    menu.aboutToShow.emit()  # what opening the menu does: it fills itself
    return {a.data(): a for a in menu.actions()}


def test_theme_menu_switches_the_canvas_and_is_remembered(window, qtbot):
    build(window)
    actions = theme_actions(window)
    assert set(actions) == set(available_themes())
    assert next(iter(actions)) == "default"  # the usual one first
    assert actions["default"].isChecked() and window.scene.theme.name == "default"
    actions["print"].trigger()
    assert window.scene.theme.name == "print"
    assert QSettings().value("canvasTheme") == "print"
    assert window.scene.node_item("a").diagram().theme.name == "print"
    actions = theme_actions(window)
    assert [name for name, a in actions.items() if a.isChecked()] == ["print"]
    actions["dark"].trigger()
    assert window.scene.backgroundBrush().color() == QColor(available_themes()["dark"].background)

    other = make_window(qtbot)  # the next window starts with the last choice
    assert other.scene.theme.name == "dark"
    other.session.replace_document(Document("New"), None)  # a new document keeps it
    assert other.scene.theme.name == "dark"


def test_user_themes_are_offered(window, qtbot, tmp_path, monkeypatch):
    folder = tmp_path / "themes"
    folder.mkdir()
    (folder / "mine.yaml").write_text("name: mine\nlabel: My slides\nbackground: '#102030'\n")
    for module in (theme_menu, export_dialog, export_settings):  # (they import the name)
        monkeypatch.setattr(module, "user_theme_folder", lambda: folder)
    actions = theme_actions(window)
    assert actions["mine"].text().replace("&", "") == "My slides"  # (a mnemonic: "&My")
    actions["mine"].trigger()
    assert window.scene.backgroundBrush().color() == QColor("#102030")
    dialog = open_dialog(qtbot, window.doc, tmp_path / "x.svg", ExportChoices(theme="mine"))
    assert dialog.theme_combo.currentText() == "My slides"
    assert dialog.options().theme.background == "#102030"


def test_dark_system_palette_starts_with_the_dark_theme(qtbot, isolated_settings):
    app = QApplication.instance()
    old = app.palette()
    dark = QPalette(old)
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    app.setPalette(dark)
    try:
        window = make_window(qtbot)
        assert window.scene.theme.name == "dark"
        assert theme_actions(window)["dark"].isChecked()
        QSettings().setValue("canvasTheme", "print")  # a choice made wins over the system
        assert make_window(qtbot).scene.theme.name == "print"
    finally:
        app.setPalette(old)
    assert make_window(qtbot).scene.theme.name == "print"


def test_light_palette_and_no_choice_keep_the_default(qtbot, isolated_settings):
    assert not main_window.system_is_dark()
    assert make_window(qtbot).scene.theme.name == "default"


# -- the detail level: the canvas's, until one is picked in the dialog ---------------------
def test_export_dialog_shows_the_canvas_detail_until_one_is_picked(window, tmp_path, monkeypatch):
    build(window)
    shown: list[bool] = []

    def run(dialog: ExportDialog, pick: bool | None = None) -> int:
        shown.append(dialog.detail_combo.currentData())
        if pick is not None:
            choose(dialog.detail_combo, pick)
        type_into(dialog.path_edit, str(tmp_path / f"figure-{len(shown)}.svg"))
        QTest.mouseClick(dialog.export_button, Left)
        return dialog.result()

    monkeypatch.setattr(ExportDialog, "exec", run)
    keys("Ctrl+Alt+E")  # the canvas is compact
    keys("Ctrl+E")  # View > Detailed Annotations (all)
    keys("Ctrl+Alt+E")
    assert shown == [False, True]
    assert not svg_groups((tmp_path / "figure-1.svg").read_text(), "annotation")
    assert svg_groups((tmp_path / "figure-2.svg").read_text(), "annotation")  # callouts
    keys("Ctrl+E")  # compact again; the export follows
    monkeypatch.setattr(ExportDialog, "exec", lambda dialog: run(dialog, pick=True))
    keys("Ctrl+Alt+E")  # ... until the user picks Detailed in the dialog
    monkeypatch.setattr(ExportDialog, "exec", run)
    keys("Ctrl+Alt+E")
    assert shown == [False, True, False, True]  # their pick, though the canvas is compact
    assert not window.session.view_state.all_detailed


def test_copy_as_svg_draws_what_the_canvas_shows_until_a_pick(window):
    build(window)
    keys("Ctrl+E")
    window.actions_by_name["copy_svg"].trigger()
    assert svg_groups(clipboard_svg(), "annotation")  # detailed, as on the canvas
    keys("Ctrl+E")
    window.actions_by_name["copy_svg"].trigger()
    assert not svg_groups(clipboard_svg(), "annotation")
