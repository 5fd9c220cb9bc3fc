"""`merge`: merge two versions of a model edited from a common base (git's merge driver).

``merge BASE OURS THEIRS`` writes the result over OURS, as git expects of a merge
driver (``driver = mesadiagram merge %O %A %B --path %P``); ``-o OUT`` writes it to OUT,
``-p`` prints it. Exit 0 when the merge is clean, 1 when there are conflicts (listed on
stderr with their paths; the result keeps ours' value there and is still a valid model
in canonical form), 2 when a file cannot be read or written (nothing is written then).
"""

from __future__ import annotations

import argparse
import sys

from mesadiagram.cli.output import EXIT_BAD_INPUT, EXIT_CHECK_FAILED, EXIT_OK, cannot, report, say

ROLES = ("base", "ours", "theirs")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "merge",
        help="merge two versions of a model edited from a common base (git's merge driver)",
        description="Merge the changes from BASE to OURS and from BASE to THEIRS element by "
        "element. Exit 0 when clean, 1 when there are conflicts (listed; ours kept there), "
        "2 when a file cannot be read or written.",
        epilog="As git's merge driver: merge.mesadiagram.driver = "
        "'mesadiagram merge %%O %%A %%B --path %%P'. See docs/git.md.",
    )
    p.add_argument("base", metavar="BASE", help="the common ancestor")
    p.add_argument("ours", metavar="OURS", help="our version (overwritten unless -o or -p)")
    p.add_argument("theirs", metavar="THEIRS", help="their version")
    out = p.add_mutually_exclusive_group()
    out.add_argument("-o", "--output", metavar="OUT", help="write the result to OUT instead")
    out.add_argument("-p", "--stdout", action="store_true", help="print the result instead")
    p.add_argument("--path", metavar="NAME", help="the file's name in messages (git's %%P)")
    p.add_argument(
        "--text-fallback",
        action="store_true",
        help="when a version is not a valid model, merge the files as text (git merge-file) "
        "instead of exiting 2: for a driver that may meet other YAML files",
    )
    p.set_defaults(func=_cmd_merge)


def _cmd_merge(args: argparse.Namespace) -> int:
    from mesadiagram.formats import FormatError, loads, read_model_bytes
    from mesadiagram.formats.model_merge import merge_documents
    from mesadiagram.model import Document

    files = (args.base, args.ours, args.theirs)
    docs, invalid = [], []
    for role, path in zip(ROLES, files, strict=True):
        name = f"{args.path} ({role})" if args.path else path
        try:
            raw = read_model_bytes(path)
            # git passes an empty base when both sides added the file: nothing in common
            docs.append(Document() if role == "base" and not raw.strip() else loads(raw, name))
        except FormatError as err:
            invalid.append(err)
        except OSError as err:
            cannot("read", path, err)
    if len(docs) < len(files):
        if invalid and args.text_fallback:  # (another YAML file: its problems are noise)
            return _text_merge(args)
        for err in invalid:
            report(err)
        return EXIT_BAD_INPUT
    result = merge_documents(*docs)
    if not _put(args, result.text):
        return EXIT_BAD_INPUT
    name = args.path or args.ours
    for note in result.notes:
        say(f"{name}: {note}", error=True)
    if result.clean:
        return EXIT_OK
    n = len(result.conflicts)
    say(f"{name}: {n} conflict{'s' if n != 1 else ''} (ours kept):", error=True)
    for line in result.conflicts:
        say(f"  {line}", error=True)
    if result.kept:
        say(f"{name}: the merged model was invalid; written with {result.kept}", error=True)
    return EXIT_CHECK_FAILED


def _put(args: argparse.Namespace, text: str) -> bool:
    """Write the result where the arguments say (OURS, OUT or stdout); False if it failed."""
    from mesadiagram.formats import write_atomic

    if args.stdout:
        sys.stdout.write(text)
        return True
    target = args.output or args.ours
    try:
        write_atomic(target, text.encode("utf-8"))
    except OSError as err:
        cannot("write", target, err)
        return False
    return True


def _text_merge(args: argparse.Namespace) -> int:
    """``git merge-file`` on the three files, as git itself would have merged them."""
    import subprocess

    name = args.path or args.ours
    labels = [x for role in ("ours", "base", "theirs") for x in ("-L", f"{name} ({role})")]
    command = ["git", "merge-file", "-p", *labels, args.ours, args.base, args.theirs]
    try:
        done = subprocess.run(command, capture_output=True, timeout=600)
    except (OSError, subprocess.SubprocessError) as err:
        say(f"{name}: cannot merge as text: {err}", error=True)
        return EXIT_BAD_INPUT
    if done.returncode < 0 or done.returncode > 127:
        say(f"{name}: git merge-file failed: {done.stderr.decode(errors='replace')}", error=True)
        return EXIT_BAD_INPUT
    say(f"{name}: not a valid model; merged as text", error=True)
    if not _put(args, done.stdout.decode("utf-8", errors="surrogateescape")):
        return EXIT_BAD_INPUT
    return EXIT_OK if done.returncode == 0 else EXIT_CHECK_FAILED
