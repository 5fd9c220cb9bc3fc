"""`open` and `present`: start the editor (after checking there is a display)."""

from __future__ import annotations

import argparse
import sys

from mesadiagram.cli.output import EXIT_BAD_INPUT


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("open", help="open FILE in the editor (the default command)")
    p.add_argument("file", nargs="?", metavar="FILE", help="a .yaml model to open")
    p.set_defaults(func=_cmd_open)

    p = sub.add_parser("present", help="open FILE and present it full screen (Esc: the editor)")
    p.add_argument("file", metavar="FILE", help="a .yaml model to present")
    p.set_defaults(func=_cmd_open, present=True)


def _cmd_open(args: argparse.Namespace) -> int:
    import os

    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    ):
        print(
            "mesadiagram: no display to open the editor on (DISPLAY is not set). "
            "Headless commands: validate, fmt, analyze, layout, export; see mesadiagram --help.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    from mesadiagram.ui.app import run_editor

    return run_editor(args.file, present=getattr(args, "present", False))
