"""The ``mesadiagram`` command.

Commands that need no GUI import no Qt (and nothing heavy at start-up), so ``--help``,
``validate`` and ``fmt`` answer at once. Exit codes everywhere: 0 success, 1 a check
failed, 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from mesadiagram import __version__
from mesadiagram.cli import (
    analyze,
    compare,
    diff,
    editor,
    export,
    files,
    import_cmd,
    layout,
    merge,
)
from mesadiagram.cli.output import EXIT_BAD_INPUT, say

COMMANDS = (editor, files, analyze, compare, layout, export, import_cmd, diff, merge)
"""The modules of the commands, in the order `--help` lists them."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mesadiagram",
        description="Draw, analyse and present causal threat models. "
        "Run with a FILE (or none) to open the editor.",
        epilog="Exit codes: 0 success, 1 a check failed, 2 bad input or usage. "
        "The file format is described in docs/format.md.",
    )
    parser.add_argument("--version", action="version", version=f"mesadiagram {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def _command_typo(word: str | None, names: set[str]) -> str | None:
    """The command ``word`` was probably meant to be, unless it names a file."""
    import difflib
    import os

    if word is None or os.path.exists(word) or word.endswith((".yaml", ".yml")):
        return None
    close = difflib.get_close_matches(word, sorted(names), n=1, cutoff=0.7)
    return close[0] if close else None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code instead of exiting, so tests can call it."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    names = set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    first = next((a for a in argv if not a.startswith("-")), None)
    if not argv or (first is not None and first not in names and argv[0] == first):
        typo = _command_typo(first, names)
        if typo:
            say(f"mesadiagram: unknown command {first!r} (did you mean {typo!r}?)", error=True)
            return EXIT_BAD_INPUT
        argv = ["open", *argv]  # `mesadiagram model.yaml` opens the editor
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
