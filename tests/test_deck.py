"""The deck: ``mesadiagram export FILE -o deck.pdf --steps`` and the Export dialog's Steps
box. One 13.33 x 7.5 in page per shown step, in the presentation's theme, each page
showing what that step shows (hidden stages absent, new ones present), numbered files
for SVG and PNG; the same bytes twice."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from mesadiagram.cli import main
from mesadiagram.formats import dumps, load
from mesadiagram.presentation.frames import frames
from mesadiagram.presentation.order import skipped, steps_of
from mesadiagram.render.target_size import PRESETS
from mesadiagram.render.theme import DARK_THEME
from tests.conftest import EXAMPLE
from tests.export_support import svg_groups

SLIDE = PRESETS["slide"]


def _pages(pdf: Path) -> tuple[int, list[tuple[float, float]]]:
    """The page count and every page's size in points (pdfinfo when installed)."""
    if shutil.which("pdfinfo"):
        out = subprocess.run(
            ["pdfinfo", "-f", "1", "-l", "999", str(pdf)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        count = int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
        sizes = [
            (float(w), float(h))
            for w, h in re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out, re.M)
        ]
        return count, sizes
    data = pdf.read_bytes()  # (without poppler: the page objects and their boxes)
    boxes = re.findall(rb"/MediaBox \[0 ([\d.]+) ([\d.]+) ([\d.]+)\]", data)
    return len(re.findall(rb"/Type /Page\b", data)), [
        (float(w), float(t) - float(b)) for b, w, t in boxes
    ]


def test_the_seed_deck_has_a_slide_page_per_step(tmp_path) -> None:
    out = tmp_path / "deck.pdf"
    assert main(["export", str(EXAMPLE), "-o", str(out), "--steps"]) == 0
    count, sizes = _pages(out)
    assert count == len(frames(load(EXAMPLE))) == 22
    assert len(sizes) == count
    for width, height in sizes:
        assert width == pytest.approx(960.0, abs=0.01)
        assert height == pytest.approx(7.5 * 72, abs=0.01)
    again = tmp_path / "again.pdf"
    assert main(["export", str(EXAMPLE), "-o", str(again), "--steps"]) == 0
    assert again.read_bytes() == out.read_bytes()
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-f", "6", "-l", "6", str(out), "-"], capture_output=True, text=True
        ).stdout
        assert "Kinds" in text and "Proxy" in text and "Deployment" not in text


def test_svg_pages_are_numbered_and_show_what_their_step_shows(tmp_path) -> None:
    out = tmp_path / "deck.svg"
    assert main(["export", str(EXAMPLE), "-o", str(out), "--steps"]) == 0
    doc = load(EXAMPLE)
    shown = frames(doc)
    files = sorted(tmp_path.glob("deck-*.svg"))
    assert [f.name for f in files] == [f"deck-{n:02d}.svg" for n in range(1, len(shown) + 1)]
    assert not out.exists()
    for path, frame in zip(files, shown, strict=True):
        svg = path.read_text(encoding="utf-8")
        assert 'width="960pt" height="540pt"' in svg
        drawn = {g.get("id") for g in svg_groups(svg, "node")}
        assert drawn == {f"node-{s}" for s in frame.stages}
        assert f"{frame.number} / {len(shown)}" in svg


def test_png_pages_and_the_dark_theme(tmp_path) -> None:
    doc = load(EXAMPLE)
    doc.presentation = replace(doc.presentation, theme="dark")
    steps = skipped(steps_of(doc), [0, 1], True)  # two steps left out: two pages fewer
    doc.presentation = replace(doc.presentation, steps=tuple(steps))
    model = tmp_path / "talk.yaml"
    model.write_text(dumps(doc), encoding="utf-8")
    out = tmp_path / "talk.png"
    assert main(["export", str(model), "-o", str(out), "--steps", "--dpi", "72"]) == 0
    files = sorted(tmp_path.glob("talk-*.png"))
    assert len(files) == 20
    image = QImage(str(files[0]))
    assert (image.width(), image.height()) == (960, 540)
    assert image.pixelColor(2, 2) == QColor(DARK_THEME.background)
    light = tmp_path / "light.png"
    assert main(["export", str(model), "-o", str(light), "--steps", "--theme", "default"]) == 0
    image = QImage(str(tmp_path / "light-01.png"))
    assert (image.width(), image.height()) == (1920, 1080)
    assert image.pixelColor(2, 2) == QColor("#ffffff")


def test_steps_refuse_a_size_and_an_unknown_format(tmp_path, capsys) -> None:
    out = tmp_path / "deck.pdf"
    assert main(["export", str(EXAMPLE), "-o", str(out), "--steps", "--size", "page"]) == 2
    assert "--steps" in capsys.readouterr().err
    assert not out.exists()
    assert main(["export", str(EXAMPLE), "-o", str(tmp_path / "d.txt"), "--steps"]) == 2


def test_the_export_dialog_writes_a_deck(qtbot, tmp_path) -> None:
    from tests.test_export_ui import choose, open_dialog, toggle

    doc = load(EXAMPLE)
    path = tmp_path / "talk.pdf"
    dialog = open_dialog(qtbot, doc, path)
    choose(dialog.format_combo, "pdf")
    toggle(dialog.steps_check)
    dialog.export_button.click()
    assert dialog.written == path
    count, sizes = _pages(path)
    assert count == 22 and sizes[0][0] == pytest.approx(SLIDE.width_pt, abs=0.01)
