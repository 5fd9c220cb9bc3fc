"""Render docs/images/editor.png: the seed example open in the editor, as a user sees it.

    python scripts/editor_png.py [--out docs/images/editor.png] [--select misalignment]

Runs the real application (``python -m mesadiagram``) on an X display: the current one,
or a private Xvfb started here (Debian package ``xvfb``). Settings and recovery folders
are temporary, so the picture never depends on the machine it is made on.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_display() -> int:
    n = 90
    while Path(f"/tmp/.X11-unix/X{n}").exists() or Path(f"/tmp/.X{n}-lock").exists():
        n += 1
    return n


def start_xvfb(size: str = "1600x1000") -> tuple[subprocess.Popen, str]:
    if shutil.which("Xvfb") is None:
        raise SystemExit("Xvfb not found: apt-get install xvfb (and libxcb-cursor0)")
    n = free_display()
    proc = subprocess.Popen(
        ["Xvfb", f":{n}", "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        if Path(f"/tmp/.X11-unix/X{n}").exists():
            break
        time.sleep(0.05)
    return proc, f":{n}"


def snapshot(
    model: Path, out: Path, display: str, select: str | None = None, timeout: float = 60.0
) -> subprocess.CompletedProcess:
    """Run the editor on ``display`` and save its window to ``out``."""
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "XDG_CONFIG_HOME": f"{home}/config",
            "XDG_DATA_HOME": f"{home}/data",
            "XDG_CACHE_HOME": f"{home}/cache",
            "MESADIAGRAM_SNAPSHOT": str(out),
        }
        if select:
            env["MESADIAGRAM_SNAPSHOT_SELECT"] = select
        return subprocess.run(
            [sys.executable, "-m", "mesadiagram", str(model)],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images" / "editor.png")
    parser.add_argument("--model", type=Path, default=ROOT / "examples" / "mesa_optimization.yaml")
    parser.add_argument("--select", default="misalignment", help="stage to select ('' for none)")
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    xvfb, display = (None, os.environ["DISPLAY"]) if os.environ.get("DISPLAY") else start_xvfb()
    try:
        result = snapshot(args.model, args.out.resolve(), display, args.select or None)
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait()
    sys.stdout.write(result.stdout)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
