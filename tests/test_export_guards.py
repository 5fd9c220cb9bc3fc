"""Exports that any valid file survives: stages without positions are laid out, an image
too large is refused before drawing, a missing font is named, PDF bytes do not depend on
the time zone, and Qt's own warnings never reach the terminal (issue 11)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mesadiagram.cli import main
from mesadiagram.formats import save
from tests.conftest import EXAMPLE
from tests.ui_helpers import make_window

UNPLACED = """mesadiagram: 2
nodes:
  - id: a
    label: Base optimizer
  - id: b
    label: Mesa optimizer
  - id: c
    label: Misalignment
edges:
  - from: a
    to: b
  - from: b
    to: c
"""

_STAGE_BOX = re.compile(
    r'<g id="node-([^"]+)"[^>]*>\s*(?:<title>[^<]*</title>\s*)?<rect x="([-\d.]+)" y="([-\d.]+)"'
)


def _stage_boxes(svg: str) -> dict[str, tuple[float, float]]:
    return {m.group(1): (float(m.group(2)), float(m.group(3))) for m in _STAGE_BOX.finditer(svg)}


def test_a_file_without_positions_is_laid_out_as_the_editor_lays_it_out(
    tmp_path: Path, capsys, qtbot
) -> None:
    source = tmp_path / "unplaced.yaml"
    source.write_text(UNPLACED, encoding="utf-8")
    out = tmp_path / "fig.svg"
    assert main(["export", str(source), "-o", str(out)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"mesadiagram export: {source}: 3 stages have no position: "
        "laid out as the editor lays them out on open"
    ]
    svg = out.read_text(encoding="utf-8")
    boxes = _stage_boxes(svg)
    assert set(boxes) == {"a", "b", "c"}, svg[:2000]
    assert len(set(boxes.values())) == 3  # not a pile at (0, 0)

    # The editor opens the same file and places the stages: saved, the same figure.
    window = make_window(qtbot)
    assert window.open_path(source)
    placed = tmp_path / "placed.yaml"
    save(window.session.doc, placed)
    again = tmp_path / "again.svg"
    assert main(["export", str(placed), "-o", str(again)]) == 0
    assert capsys.readouterr().err == ""  # nothing to place any more
    assert _stage_boxes(again.read_text(encoding="utf-8")) == boxes


def test_an_image_over_the_bound_is_refused_and_the_old_file_kept(tmp_path: Path, capsys):
    out = tmp_path / "fig.png"
    out.write_bytes(b"the figure from yesterday")
    assert main(["export", str(EXAMPLE), "-o", str(out), "--dpi", "2400"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "pixels" in err[0] and "lower dpi" in err[0], err
    assert out.read_bytes() == b"the figure from yesterday"
    assert [p.name for p in tmp_path.iterdir()] == ["fig.png"]  # no temporary left


def test_a_font_not_installed_is_named_with_the_font_used_instead(tmp_path: Path, capsys):
    svg, pdf = tmp_path / "fig.svg", tmp_path / "fig.pdf"
    for out in (svg, pdf):
        assert main(["export", str(EXAMPLE), "-o", str(out), "--font", "No Such Font 42"]) == 0
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1, err
        assert "'No Such Font 42' is not installed; using " in err[0]
    assert "No Such Font 42" not in svg.read_text(encoding="utf-8")


def _export_pdf(tmp_path: Path, zone: str) -> bytes:
    out = tmp_path / f"fig-{zone.replace('/', '-')}.pdf"
    env = {**os.environ, "TZ": zone, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run(
        [sys.executable, "-m", "mesadiagram", "export", str(EXAMPLE), "-o", str(out)],
        check=True,
        env=env,
        capture_output=True,
    )
    return out.read_bytes()


def _xref_points_at_objects(pdf: bytes) -> None:
    table = re.search(rb"\nxref\n0 (\d+)\s*\n", pdf)
    assert table
    start = table.end()
    for i in range(1, int(table.group(1))):
        entry = pdf[start + 20 * i : start + 20 * i + 20]
        if entry.endswith(b"n \n") or entry.endswith(b"n\r\n"):
            offset = int(entry[:10])
            assert pdf[offset:].startswith(b"%d 0 obj" % i), (i, pdf[offset : offset + 20])
    startxref = int(re.search(rb"startxref\s*\n(\d+)", pdf).group(1))
    assert pdf[startxref:].startswith(b"xref")


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "America/New_York"])
def test_pdf_bytes_do_not_depend_on_the_time_zone(tmp_path: Path, zone: str) -> None:
    utc = _export_pdf(tmp_path, "UTC")
    local = _export_pdf(tmp_path, zone)
    assert b"/CreationDate (D:20000101000000Z)" in local
    assert local == utc
    _xref_points_at_objects(local)


def test_qt_warnings_do_not_reach_the_terminal() -> None:
    code = (
        "import os; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtCore import qWarning\n"
        "from mesadiagram.render.headless import quiet_qt\n"
        "quiet_qt(); qWarning('QPainter::begin: Paint device returned engine == 0')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
