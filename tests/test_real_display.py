"""The editor in a real X display (Xvfb, Qt's xcb platform), opening the seed example.

Skipped only where Xvfb is not installed; .ci/run installs it.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from tests.conftest import EXAMPLE, ROOT

pytestmark = [
    pytest.mark.xvfb,
    pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed"),
]

sys.path.insert(0, str(ROOT / "scripts"))
from editor_png import snapshot, start_xvfb  # noqa: E402


@pytest.fixture(scope="module")
def display():
    proc, name = start_xvfb("1600x1000")
    yield name
    proc.terminate()
    proc.wait()


def test_seed_example_opens_in_a_real_window(display: str, tmp_path: Path) -> None:
    out = tmp_path / "editor.png"
    result = snapshot(EXAMPLE, out, display, select="misalignment")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "saved" in result.stdout
    image = QImage(str(out))
    assert image.width() >= 1000 and image.height() >= 600
    # The example opens readable, on the start of its chain: stage boxes in the theme's
    # fill. (Catastrophe, the outcome, may be further right, to scroll to.)
    stage_fill = QColor("#F7F9FC").rgb()
    hits = sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if image.pixel(x, y) == stage_fill
    )
    assert hits > 200, "the canvas did not draw the seed example's stages"
