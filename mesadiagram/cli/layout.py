"""`layout`: lay the stages out in layers and save."""

from __future__ import annotations

import argparse

from mesadiagram.cli.output import EXIT_BAD_INPUT, EXIT_OK, cannot, load_or_report, say


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("layout", help="lay the stages out in layers (pinned stages stay)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("-o", "--output", metavar="OUT", help="write here (default: rewrite FILE)")
    p.add_argument(
        "--direction",
        choices=("LR", "TB"),
        default="LR",
        help="left to right (default) or top to bottom",
    )
    p.add_argument(
        "--rows",
        type=int,
        default=1,
        metavar="N",
        help="wrap a long layout into at most N rows (columns when TB); pinned stages "
        "then move with their row (default 1)",
    )
    p.set_defaults(func=_cmd_layout)


def _cmd_layout(args: argparse.Namespace) -> int:
    import os

    from mesadiagram.formats import save

    if not 1 <= args.rows <= 50:
        say("mesadiagram layout: --rows must be from 1 to 50", error=True)
        return EXIT_BAD_INPUT
    doc = load_or_report(args.file)
    if doc is None:  # never rewrite a file that did not load
        return EXIT_BAD_INPUT
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # box sizes need fonts, no display
    from mesadiagram.analysis.placement import layout_command
    from mesadiagram.render.sizes import node_sizes

    layout_command(doc, args.direction, node_sizes(doc), rows=args.rows).apply(doc)
    output = args.output or args.file
    try:
        save(doc, output)
    except OSError as err:
        cannot("write", output, err)
        return EXIT_BAD_INPUT
    return EXIT_OK
