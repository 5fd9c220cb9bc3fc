"""Present mode in a real X display (Xvfb, 1920 x 1080, Qt's xcb platform, no window
manager): F5 covers the whole screen, and the step shown is drawn large, highlighted,
with what came before dimmed. Skipped only where Xvfb is not installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from mesadiagram.render.contrast import blend
from mesadiagram.render.theme import DEFAULT_THEME
from tests.conftest import ROOT

pytestmark = [
    pytest.mark.xvfb,
    pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed"),
]

sys.path.insert(0, str(ROOT / "scripts"))
from editor_png import start_xvfb  # noqa: E402


def test_f5_fills_the_screen_with_a_legible_step(tmp_path: Path) -> None:
    proc, display = start_xvfb("1920x1080")
    out = tmp_path / "present.png"
    try:
        with tempfile.TemporaryDirectory() as home:
            env = {
                **os.environ,
                "DISPLAY": display,
                "QT_QPA_PLATFORM": "xcb",
                "HOME": home,
                "XDG_CONFIG_HOME": f"{home}/config",
                "XDG_DATA_HOME": f"{home}/data",
                "XDG_CACHE_HOME": f"{home}/cache",
            }
            result = subprocess.run(
                [sys.executable, str(ROOT / "tests" / "present_shot.py"), str(out)],
                env=env,
                capture_output=True,
                text=True,
                timeout=90,
            )
    finally:
        proc.terminate()
        proc.wait()
    assert result.returncode == 0, result.stderr[-2000:]
    said = dict(line.split("=", 1) for line in result.stdout.split() if "=" in line)
    assert said["saved"] == "True"
    assert said["audience"] == "0,0,1920x1080"  # no window manager: full screen is this
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1920, 1080)
    assert float(said["label_px"]) >= 28
    colours: dict[int, int] = {}
    for x in range(0, 1920, 3):
        for y in range(0, 1080, 3):
            rgb = image.pixel(x, y)
            colours[rgb] = colours.get(rgb, 0) + 1
    # Mostly the theme's background, no editor chrome (the window grey is absent)...
    background = QColor(DEFAULT_THEME.background).rgb()
    assert colours.get(background, 0) > 0.6 * sum(colours.values())
    # ...the new stage highlighted (the ring: the highlight at 70% over white), and
    # its stage fill drawn in full.
    ring = QColor(blend(DEFAULT_THEME.highlight, 0.7, DEFAULT_THEME.background))
    near_ring = sum(n for rgb, n in colours.items() if _close(QColor(rgb), ring))
    assert near_ring > 200
    assert colours.get(QColor(DEFAULT_THEME.node_fill).rgb(), 0) > 500


def _close(a: QColor, b: QColor, tolerance: int = 4) -> bool:
    return all(
        abs(x - y) <= tolerance
        for x, y in ((a.red(), b.red()), (a.green(), b.green()), (a.blue(), b.blue()))
    )
