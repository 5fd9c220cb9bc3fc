"""`import`: make a model file from another kind of file (an outline, ...), laid out."""

from __future__ import annotations

import argparse

from mesadiagram.cli.output import EXIT_BAD_INPUT, EXIT_OK, cannot, report, say

NAME = "mesadiagram import"


def add_parser(sub: argparse._SubParsersAction) -> None:
    from mesadiagram.formats.imports import import_suffixes_text  # (no Qt: the registry)

    p = sub.add_parser(
        "import",
        help="make a laid-out model from an outline or another tool's file (no display)",
        description=f"Read FILE ({import_suffixes_text()}: the suffix says what it is; "
        "outlines are described in docs/outline.md), lay its stages out and write a "
        "model file.",
    )
    p.add_argument("file", metavar="FILE", help="the file to read; its suffix says what it is")
    p.add_argument(
        "-o", "--output", required=True, metavar="OUT.yaml", help="the model file to write"
    )
    p.add_argument(
        "--force", action="store_true", help="replace OUT.yaml when it exists (default: refuse)"
    )
    p.set_defaults(func=_cmd_import)


def _cmd_import(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path

    from mesadiagram.formats import FormatError, read_model_bytes, safe_yaml, save
    from mesadiagram.formats.imports import (
        import_format_for_path,
        import_suffixes_text,
        skipped_text,
    )

    chosen = import_format_for_path(args.file)
    if chosen is None:
        say(f"{NAME}: {args.file}: the file must end in {import_suffixes_text()}", error=True)
        return EXIT_BAD_INPUT
    if Path(args.output).suffix.lower() not in (".yaml", ".yml"):
        say(f"{NAME}: {args.output}: the output must end in .yaml or .yml", error=True)
        return EXIT_BAD_INPUT
    if os.path.lexists(args.output) and not args.force:
        # An import makes a new model: never replace one by accident (--force does).
        say(f"{NAME}: {args.output} exists; --force replaces it", error=True)
        return EXIT_BAD_INPUT
    try:
        text = safe_yaml.decode(read_model_bytes(args.file), args.file)
        result = chosen.read(text, args.file)
    except FormatError as err:
        report(err)
        return EXIT_BAD_INPUT
    except OSError as err:
        cannot("read", args.file, err)
        return EXIT_BAD_INPUT
    doc = result.document
    if not doc.nodes:
        say(f"{NAME}: {args.file}: no stages found; nothing written", error=True)
        return EXIT_BAD_INPUT
    if result.skipped:
        say(f"{NAME}: {args.file}: {skipped_text(result.skipped)}", error=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # box sizes need fonts, no display
    from mesadiagram.render.headless import place_unplaced

    place_unplaced(doc)
    try:
        save(doc, args.output)
    except OSError as err:
        cannot("write", args.output, err)
        return EXIT_BAD_INPUT
    return EXIT_OK
