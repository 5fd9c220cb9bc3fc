"""The Export dialog's sizes: Natural, Column, Page, Slide and Custom W x H, picked with
the mouse; the preview at the page's true proportions with its size and smallest text;
the floor message; the choice remembered; Export Again at the same size."""

from __future__ import annotations

import re
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox

from mesadiagram.formats import load
from mesadiagram.model import Edge, Node
from mesadiagram.model.commands import AddEdge, AddNode, Macro
from mesadiagram.ui import export_dialog
from mesadiagram.ui.export_dialog import ExportDialog
from mesadiagram.ui.export_settings import ExportChoices
from tests.conftest import EXAMPLE
from tests.export_support import have
from tests.test_export_sizes import star
from tests.test_export_ui import open_dialog, type_into
from tests.ui_helpers import (  # noqa: F401  (*_fixture: pytest fixtures)
    isolated_settings_fixture,
    keys,
    reported,
    window_fixture,
)

Left = Qt.MouseButton.LeftButton
LABEL = re.compile(r"([\d.]+) × ([\d.]+) in(?: \((\d+) × (\d+) px\))?, smallest text ([\d.]+) pt")


def click_choice(qtbot, combo: QComboBox, value: object) -> None:
    """Open the list with a click and click the entry holding ``value``."""
    QTest.mouseClick(combo, Left)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    row = combo.findData(value)
    assert row >= 0, f"{value!r} is not in the list"
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.wait(QApplication.doubleClickInterval() + 50)  # (Qt ignores a quicker release)
    QTest.mouseClick(view.viewport(), Left, pos=rect.center())
    qtbot.waitUntil(lambda: not view.isVisible())
    assert combo.currentData() == value


def preview_ratio(dialog: ExportDialog) -> float:
    pixmap = dialog.preview.pixmap()
    size = pixmap.deviceIndependentSize()
    return size.width() / size.height()


def first_line(dialog: ExportDialog) -> str:
    return dialog.size_label.text().split("\n")[0]


def shown(qtbot, dialog: ExportDialog, width_in: str) -> re.Match[str]:
    """The size label once the preview shows a page ``width_in`` inches wide."""
    qtbot.waitUntil(lambda: bool((m := LABEL.fullmatch(first_line(dialog))) and m[1] == width_in))
    m = LABEL.fullmatch(first_line(dialog))
    assert m is not None
    return m


def test_the_presets_show_the_page_at_its_true_size(qtbot, isolated_settings, seed_doc, tmp_path):
    dialog = open_dialog(qtbot, seed_doc, tmp_path / "seed.pdf", ExportChoices(fmt="pdf"))
    assert dialog.size_combo.currentData() == ""  # natural, as before
    assert [dialog.size_combo.itemText(i).split(":")[0] for i in range(5)] == [
        "Natural size", "Column", "Page", "Slide", "Custom W × H"
    ]  # fmt: skip
    assert not dialog.custom_size_edit.isEnabled() and dialog.page_combo.isEnabled()

    click_choice(qtbot, dialog.size_combo, "page")
    m = shown(qtbot, dialog, "7.0")
    height = float(m[2])
    assert preview_ratio(dialog) == pytest.approx(7.0 / height, rel=0.03)
    assert float(m[5]) >= 8  # the floor of a page
    assert "to fit" in dialog.size_label.text()  # the seed is too wide as drawn: reflowed
    assert dialog.floor_label.isHidden()
    assert not dialog.page_combo.isEnabled()  # the size makes the page

    click_choice(qtbot, dialog.size_combo, "slide")
    m = shown(qtbot, dialog, "13.3")
    assert m[2] == "7.5" and preview_ratio(dialog) == pytest.approx(13.33 / 7.5, rel=0.03)

    click_choice(qtbot, dialog.size_combo, "custom")
    assert dialog.custom_size_edit.isEnabled()
    type_into(dialog.custom_size_edit, "180mmx120mm")
    m = shown(qtbot, dialog, "7.1")
    assert m[2] == "4.7" and preview_ratio(dialog) == pytest.approx(1.5, rel=0.03)

    click_choice(qtbot, dialog.format_combo, "png")
    dialog.dpi_spin.setFocus()
    type_into(dialog.dpi_spin, "100")
    qtbot.waitUntil(lambda: "(709 × 472 px)" in dialog.size_label.text())


def test_a_bad_custom_size_says_why_and_writes_nothing(
    qtbot, isolated_settings, seed_doc, tmp_path, no_modal_dialogs
):
    dialog = open_dialog(qtbot, seed_doc, tmp_path / "seed.svg")
    click_choice(qtbot, dialog.size_combo, "custom")
    type_into(dialog.custom_size_edit, "7furlongs")
    qtbot.waitUntil(dialog.floor_label.isVisible)
    assert "not a size" in dialog.floor_label.text() and dialog.preview.pixmap().isNull()
    QTest.mouseClick(dialog.export_button, Left)
    assert [kind for kind, _ in no_modal_dialogs] == ["warning"]
    assert dialog.isVisible() and not any(tmp_path.iterdir())


def test_what_does_not_fit_is_said_and_written_only_when_confirmed(
    qtbot, isolated_settings, tmp_path, no_modal_dialogs, monkeypatch
):
    doc = load(star(tmp_path))
    out = tmp_path / "star.pdf"
    dialog = open_dialog(qtbot, doc, out, ExportChoices(fmt="pdf"))
    click_choice(qtbot, dialog.size_combo, "column")
    qtbot.waitUntil(dialog.floor_label.isVisible)
    text = dialog.floor_label.text()
    assert re.fullmatch(
        r"At column size the stage labels would be [\d.]+ pt \(floor 7 pt\)\.", text
    ), text
    assert not dialog.preview.pixmap().isNull()  # drawn anyway, to show it
    QTest.mouseClick(dialog.export_button, Left)  # the conftest answers No
    assert no_modal_dialogs[-1][0] == "question" and "Export it anyway?" in no_modal_dialogs[-1][1]
    assert not out.exists() and dialog.isVisible()
    yes = export_dialog.QMessageBox.StandardButton.Yes
    monkeypatch.setattr(export_dialog.QMessageBox, "question", lambda *a, **k: yes)
    QTest.mouseClick(dialog.export_button, Left)
    assert dialog.written == out and out.read_bytes().startswith(b"%PDF-")


def test_the_size_is_remembered_and_written(qtbot, isolated_settings, seed_doc, tmp_path):
    dialog = open_dialog(qtbot, seed_doc, tmp_path / "seed.pdf", ExportChoices(fmt="pdf"))
    click_choice(qtbot, dialog.size_combo, "custom")
    type_into(dialog.custom_size_edit, "7in")
    click_choice(qtbot, dialog.size_combo, "page")
    QTest.mouseClick(dialog.export_button, Left)
    assert dialog.written == tmp_path / "seed.pdf"
    if have("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(dialog.written)], capture_output=True, text=True)
        assert re.search(r"Page size:\s+504 x", info.stdout), info.stdout
    remembered = ExportChoices.load()
    assert (remembered.size, remembered.custom_size) == ("page", "7in")
    again = open_dialog(qtbot, seed_doc, tmp_path / "seed.pdf")
    assert again.size_combo.currentData() == "page"
    assert again.custom_size_edit.text() == "7in" and not again.custom_size_edit.isEnabled()


def test_copy_as_draws_at_the_natural_size_whatever_the_size(qtbot, isolated_settings, seed_doc):
    ExportChoices(size="page").save()
    assert ExportChoices.load().options().size is None
    assert ExportChoices.load().options(sized=True).size is not None


def test_export_again_keeps_the_size(window, qtbot, tmp_path, monkeypatch):
    doc = load(star(tmp_path, leaves=3))
    window.session.replace_document(doc, None)
    out = tmp_path / "figure.svg"

    def run(dialog: ExportDialog) -> int:
        click_choice(qtbot, dialog.size_combo, "page")
        type_into(dialog.path_edit, str(out))
        QTest.mouseClick(dialog.export_button, Left)
        return dialog.result()

    monkeypatch.setattr(ExportDialog, "exec", run)
    keys("Ctrl+Alt+E")
    assert '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="504pt"' in (
        out.read_text(encoding="utf-8")
    )
    out.unlink()
    window.actions_by_name["export_again"].trigger()
    assert 'width="504pt"' in out.read_text(encoding="utf-8")
    assert not reported(window)


def test_export_again_says_why_when_the_model_outgrew_the_size(
    window, qtbot, tmp_path, monkeypatch
):
    window.session.replace_document(load(star(tmp_path, leaves=2)), None)
    out = tmp_path / "figure.svg"

    def run(dialog: ExportDialog) -> int:
        click_choice(qtbot, dialog.size_combo, "column")
        type_into(dialog.path_edit, str(out))
        QTest.mouseClick(dialog.export_button, Left)
        return dialog.result()

    monkeypatch.setattr(ExportDialog, "exec", run)
    keys("Ctrl+Alt+E")
    first = out.read_bytes()
    commands = [AddNode(Node(f"more-{i}", f"Another leaf {i}", position=(300.0, 200.0 + 80 * i)))
                for i in range(40)]  # fmt: skip
    commands += [AddEdge(Edge("hub", f"more-{i}")) for i in range(40)]
    window.session.run(Macro("Grow", commands))
    window.actions_by_name["export_again"].trigger()
    assert re.search(
        r"figure\.svg was not written: at column size the stage labels would be [\d.]+ pt "
        r"\(floor 7 pt\)\.\s+File > Export… can export it anyway\.",
        reported(window),
    ), reported(window)
    assert out.read_bytes() == first


def test_the_steps_box_is_remembered_and_export_again_writes_the_deck_again(
    window, qtbot, tmp_path, monkeypatch
):
    from tests.test_deck import _pages

    window.session.replace_document(load(EXAMPLE), None)
    out = tmp_path / "talk.pdf"

    def run(dialog: ExportDialog) -> int:
        click_choice(qtbot, dialog.format_combo, "pdf")
        if not dialog.steps_check.isChecked():
            QTest.mouseClick(dialog.steps_check, Left)
        type_into(dialog.path_edit, str(out))
        QTest.mouseClick(dialog.export_button, Left)
        return dialog.result()

    monkeypatch.setattr(ExportDialog, "exec", run)
    keys("Ctrl+Alt+E")
    assert _pages(out)[0] == 22  # one page per step of the seed
    assert ExportChoices.load().steps  # the next dialog opens with the box checked
    again = open_dialog(qtbot, load(EXAMPLE), out)
    assert again.steps_check.isChecked()
    out.unlink()
    window.actions_by_name["export_again"].trigger()
    assert _pages(out)[0] == 22  # the deck again, not a one-page figure
    assert not reported(window)


def test_an_exchange_format_is_written_without_fitting_to_the_size(
    qtbot, isolated_settings, monkeypatch, tmp_path
):
    """A .dot carries the model, not a picture: a Size chosen for figures asks nothing."""
    ExportChoices(size="column", detailed=True, detail_chosen=True).save()
    asked = []
    monkeypatch.setattr(export_dialog.QMessageBox, "question", lambda *a, **k: asked.append(a))
    out = tmp_path / "seed.dot"
    dialog = open_dialog(qtbot, load(EXAMPLE), out)
    click_choice(qtbot, dialog.format_combo, "dot")
    type_into(dialog.path_edit, str(out))
    QTest.mouseClick(dialog.export_button, Left)
    assert dialog.written == out and asked == []
    assert "\ndigraph " in out.read_text(encoding="utf-8")


def test_the_steps_box_with_tex_writes_a_beamer_file(qtbot, isolated_settings, tmp_path):
    out = tmp_path / "talk.tex"
    dialog = open_dialog(qtbot, load(EXAMPLE), out)
    click_choice(qtbot, dialog.format_combo, "tex")
    QTest.mouseClick(dialog.steps_check, Left)
    type_into(dialog.path_edit, str(out))
    QTest.mouseClick(dialog.export_button, Left)
    assert dialog.written == out
    text = out.read_text(encoding="utf-8")
    assert "\\documentclass" in text and "beamer" in text and "\\uncover<" in text
