"""`diff`: what changed between two versions of a model, in the model's words.

Three ways to call it:

- ``diff OLD NEW``: the changes, one per line; exit 0 when there are none (moves count
  only with ``--positions``), 1 when there are, 2 when a file cannot be read;
- as git's external diff (``diff.mesadiagram.command``): git passes 7 arguments (path,
  old file, old hex, old mode, new file, new hex, new mode; 9 for a rename) and stops
  at a non-zero exit, so this mode exits 0 and, for a file that does not load, shows
  the problems and a plain text diff;
- ``diff --textconv FILE`` (``diff.mesadiagram.textconv``): the model as one line per
  fact, which git then diffs line by line (``git log -p`` too).

``/dev/null`` stands for no file (an added or removed one).
"""

from __future__ import annotations

import argparse
import sys

from mesadiagram.cli.output import (
    EXIT_BAD_INPUT,
    EXIT_CHECK_FAILED,
    EXIT_OK,
    cannot,
    report,
    say,
)

NO_FILE = "/dev/null"
GIT_ARGS = (7, 9)


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "diff",
        help="say what changed between two versions of a model (also git's diff driver)",
        description="Say what changed from OLD to NEW in the model's words: stages, links "
        "and annotations added, removed or renamed, fields changed. Exit 0 when nothing "
        "changed, 1 when something did, 2 when a file cannot be read.",
        epilog="Given the 7 arguments git passes to an external diff (diff.<driver>.command), "
        "it prints the changes under the file's path and exits 0. See docs/git.md.",
    )
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="OLD NEW (/dev/null for none); or git's 7 arguments; or one FILE with --textconv",
    )
    p.add_argument(
        "--positions", action="store_true", help="also list moved stages and boxes, changed routes"
    )
    p.add_argument(
        "--textconv",
        action="store_true",
        help="print FILE as one line per fact, for git's diff.<driver>.textconv",
    )
    p.set_defaults(func=_cmd_diff)


def _load(path: str, name: str):  # -> Document | None; raises FormatError or OSError
    from mesadiagram.formats import loads, read_model_bytes

    if path == NO_FILE:
        return None
    return loads(read_model_bytes(path), name)


def _cmd_diff(args: argparse.Namespace) -> int:
    files = args.files
    if args.textconv:
        if len(files) != 1:
            say("mesadiagram diff: --textconv takes one FILE", error=True)
            return EXIT_BAD_INPUT
        return _textconv(files[0], args.positions)
    if len(files) in GIT_ARGS:
        return _git(files, args.positions)
    if len(files) != 2:
        say(
            f"mesadiagram diff: expected OLD NEW (or git's 7 arguments), got {len(files)} files",
            error=True,
        )
        return EXIT_BAD_INPUT
    from mesadiagram.formats import FormatError

    try:
        old, new = (_load(name, name) for name in files)
    except FormatError as err:
        report(err)
        return EXIT_BAD_INPUT
    except OSError as err:
        cannot("read", getattr(err, "filename", None) or " ".join(files), err)
        return EXIT_BAD_INPUT
    lines = _changes(old, new, args.positions)
    for line in lines:
        say(line)
    return EXIT_CHECK_FAILED if lines and lines != [_ONLY_MOVES] else EXIT_OK


_ONLY_MOVES = "only positions changed (--positions lists them)"


def _changes(old, new, positions: bool) -> list[str]:
    """The lines to print for OLD -> NEW (either may be None: no file)."""
    from mesadiagram.model.diff_words import describe, only_moves, summary

    if old is None and new is None:
        return []
    if old is None:
        return [f"new model: {summary(new)}"]
    if new is None:
        return [f"model removed: {summary(old)}"]
    lines = describe(old, new, positions)
    if not lines and not positions and only_moves(old, new):
        return [_ONLY_MOVES]
    return lines


def _git(argv: list[str], positions: bool) -> int:
    """git's external diff: ``path old-file old-hex old-mode new-file new-hex new-mode``."""
    from mesadiagram.formats import FormatError

    path, old_file, new_file = argv[0], argv[1], argv[4]
    shown = argv[7] if len(argv) == 9 and argv[7] != path else path
    try:
        old = _load(old_file, f"{path} (old)")
        new = _load(new_file, f"{shown} (new)")
    except (FormatError, OSError) as err:
        # git stops at a driver's non-zero exit: say why, then show the text as it is.
        if isinstance(err, FormatError):
            report(err)
        else:
            cannot("read", path, err)
        _text_diff(path, old_file, new_file)
        return EXIT_OK
    title = path if shown == path else f"{path} -> {shown}"
    say(f"mesadiagram diff {title}")
    for line in _changes(old, new, positions) or ["no change to the model"]:
        say(f"  {line}")
    return EXIT_OK


def _text_diff(path: str, old_file: str, new_file: str) -> None:
    import difflib

    def lines(name: str) -> list[str]:
        if name == NO_FILE:
            return []
        with open(name, encoding="utf-8", errors="replace") as f:
            return f.readlines()

    try:
        diff = difflib.unified_diff(lines(old_file), lines(new_file), f"a/{path}", f"b/{path}")
        sys.stdout.writelines(diff)
    except OSError as err:
        cannot("read", path, err)


def _textconv(path: str, positions: bool) -> int:
    """The model as lines of facts; a file that does not load is printed as it is
    (git would stop at a non-zero exit), after its problems on stderr."""
    from mesadiagram.formats import FormatError
    from mesadiagram.model.diff_words import facts

    try:
        doc = _load(path, path)
    except FormatError as err:
        report(err)
        with open(path, encoding="utf-8", errors="replace") as f:
            sys.stdout.write(f.read())
        return EXIT_OK
    except OSError as err:
        cannot("read", path, err)
        return EXIT_BAD_INPUT
    for line in facts(doc, positions) if doc is not None else []:
        say(line)
    return EXIT_OK
