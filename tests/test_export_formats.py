"""One registry of figure formats: the CLI, the Export dialog and Copy as all follow it."""

from __future__ import annotations

from pathlib import Path

import pytest

from mesadiagram.cli import main
from mesadiagram.render.export import ExportOptions, export_bytes
from mesadiagram.render.formats import FIGURE_FORMATS, format_for_path, suffixes_text
from mesadiagram.ui import figure_clipboard
from mesadiagram.ui.export_dialog import ExportDialog
from mesadiagram.ui.export_settings import ExportChoices
from tests.conftest import EXAMPLE

MAGIC = {"svg": b"<?xml", "pdf": b"%PDF", "png": b"\x89PNG", "md": b"# "}
# The exchange formats (docs/exchange.md); tests/test_exchange_export.py opens each in its tool.
MAGIC |= {
    "dot": b"// Made by mesadiagram",
    "mmd": b"---\ntitle:",
    "graphml": b"<?xml",
    "drawio": b"<mxfile",
    "tex": b"% Made by mesadiagram",
}


def test_every_registered_format_writes_its_kind_of_file(seed_doc) -> None:
    assert set(FIGURE_FORMATS) == set(MAGIC)  # a new format needs a check here
    for name, figure_format in FIGURE_FORMATS.items():
        data = export_bytes(seed_doc, name, ExportOptions())
        assert data.startswith(MAGIC[name]), name
        assert figure_format.write_bytes(seed_doc, ExportOptions()).startswith(MAGIC[name])


def test_the_cli_accepts_exactly_the_registered_suffixes(tmp_path: Path, capsys) -> None:
    for name in FIGURE_FORMATS:
        out = tmp_path / f"figure.{name}"
        assert main(["export", str(EXAMPLE), "-o", str(out)]) == 0
        assert out.read_bytes().startswith(MAGIC[name])
    assert main(["export", str(EXAMPLE), "-o", str(tmp_path / "figure.gif")]) == 2
    assert suffixes_text() in capsys.readouterr().err
    assert format_for_path("x.SVG") is FIGURE_FORMATS["svg"]


def test_the_export_dialog_offers_the_registry(qtbot, tmp_path: Path, seed_doc) -> None:
    dialog = ExportDialog(seed_doc, tmp_path / "figure.svg", ExportChoices.load())
    qtbot.addWidget(dialog)
    combo = dialog.format_combo
    offered = {combo.itemData(i): combo.itemText(i) for i in range(combo.count())}
    assert offered == {name: f.label for name, f in FIGURE_FORMATS.items()}
    for name, figure_format in FIGURE_FORMATS.items():
        combo.setCurrentIndex(combo.findData(name))
        assert dialog.dpi_spin.isEnabled() == ("dpi" in figure_format.options)
        assert dialog.page_combo.isEnabled() == ("page" in figure_format.options)
        assert dialog.transparent_check.isEnabled() == ("transparent" in figure_format.options)


@pytest.mark.parametrize("name", ["svg"])
def test_copy_as_uses_the_registry_mime_type(name: str) -> None:
    assert FIGURE_FORMATS[name].mime == figure_clipboard.SVG_MIME
