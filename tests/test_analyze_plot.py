"""`mesadiagram analyze FILE --plot OUT`: the sensitivity chart as SVG, PDF or PNG, written
atomically; exit 2 with a clear message when there is nothing to chart."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from mesadiagram.cli import main
from mesadiagram.formats import save
from tests.conftest import EXAMPLE
from tests.export_support import have, pdf_text
from tests.sensitivity_support import branching_doc, seed_with_credences

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def seed_file(tmp_path: Path) -> Path:
    path = tmp_path / "seed.yaml"
    save(seed_with_credences(), path)
    return path


def test_plot_svg_is_valid_with_every_link_labelled(seed_file: Path, tmp_path: Path, capsys):
    out = tmp_path / "chart.svg"
    assert main(["analyze", str(seed_file), "--plot", str(out)]) == 0
    assert "Sensitivity (outcome probability" in capsys.readouterr().out  # (the report too)
    root = ET.parse(out).getroot()
    assert root.get("width") == "504pt"  # page size: 7 in
    texts = {"".join(t.itertext()) for t in root.iter(f"{SVG}text")}
    titles = {g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g") if g.get("class") == "bar"}
    assert "Unanticipated behaviour → Catastrophe" in titles and len(titles) == 6
    assert "Misalignment → Deployment" in texts and "0.054" in texts
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_plot_pdf_and_png(seed_file: Path, tmp_path: Path) -> None:
    pdf, png = tmp_path / "chart.pdf", tmp_path / "chart.png"
    assert main(["analyze", str(seed_file), "--plot", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    if have("pdftotext"):
        text = pdf_text(pdf)
        assert "Sensitivity of P(Catastrophe)" in text and "Misalignment → Deployment" in text
    assert main(["analyze", str(seed_file), "--plot", str(png), "--theme", "dark"]) == 0
    image = QImage(str(png))
    assert not image.isNull() and image.width() == 7 * 300  # 7 in at 300 dpi
    assert image.pixelColor(2, 2).name().upper() == "#1E2228"  # the dark theme's background
    # The same input gives the same PDF bytes.
    again = tmp_path / "again.pdf"
    assert main(["analyze", str(seed_file), "--plot", str(again)]) == 0
    assert again.read_bytes() == pdf.read_bytes()


def test_plot_outcome_and_size(tmp_path: Path) -> None:
    doc = branching_doc()
    doc.update_node("s6", outcome=True)
    path = tmp_path / "two.yaml"
    save(doc, path)
    out = tmp_path / "s6.svg"
    assert main(["analyze", str(path), "--plot", str(out), "--size", "column"]) == 0
    svg = out.read_text(encoding="utf-8")
    assert "P(Stage 6)" in svg and 'width="237.6pt"' in svg
    assert main(["analyze", str(path), "--plot", str(out), "--outcome", "s8"]) == 0
    assert "P(Stage 8)" in out.read_text(encoding="utf-8")


def test_nothing_to_chart_exits_2(tmp_path: Path, seed_file: Path, capsys) -> None:
    out = tmp_path / "chart.svg"
    assert main(["analyze", str(EXAMPLE), "--plot", str(out)]) == 2
    err = capsys.readouterr().err
    assert "no sensitivity chart: the model has no credences" in err
    assert not out.exists()
    assert main(["analyze", str(seed_file), "--plot", str(out), "--outcome", "deployment"]) == 2
    assert "'deployment' is not an outcome; outcomes: catastrophe" in capsys.readouterr().err
    no_outcome = tmp_path / "cycle.yaml"
    no_outcome.write_text(
        "mesadiagram: 2\nnodes:\n  - {id: a, label: A}\n  - {id: b, label: B}\n"
        "edges:\n  - {from: a, to: b, probability: 0.5}\n  - {from: b, to: a}\n",
        encoding="utf-8",
    )
    assert main(["analyze", str(no_outcome), "--plot", str(out)]) == 2
    assert "has no outcome" in capsys.readouterr().err
    assert not out.exists()


def test_bad_plot_options_exit_2(seed_file: Path, tmp_path: Path, capsys) -> None:
    assert main(["analyze", str(seed_file), "--plot", str(tmp_path / "c.txt")]) == 2
    assert "--plot writes .svg, .pdf or .png" in capsys.readouterr().err
    assert main(["analyze", str(seed_file), "--outcome", "catastrophe"]) == 2
    assert "go with --plot OUT" in capsys.readouterr().err
    out = str(tmp_path / "c.svg")
    assert main(["analyze", str(seed_file), "--plot", out, "--theme", "nope"]) == 2
    assert "unknown theme" in capsys.readouterr().err
    assert main(["analyze", str(seed_file), "--plot", out, "--size", "huge"]) == 2
    assert "is not a size" in capsys.readouterr().err
    missing = tmp_path / "no" / "such" / "c.svg"
    assert main(["analyze", str(seed_file), "--plot", str(missing)]) == 2
    assert "cannot write" in capsys.readouterr().err
