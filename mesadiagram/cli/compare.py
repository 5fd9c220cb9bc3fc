"""`compare`: each outcome's risk as drawn and under every scenario, side by side."""

from __future__ import annotations

import argparse
import sys

from mesadiagram.cli.output import EXIT_BAD_INPUT, EXIT_OK, load_or_report


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "compare", help="each outcome's risk under the model as drawn and under each scenario"
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print one JSON object instead")
    p.set_defaults(func=_cmd_compare)


def _cmd_compare(args: argparse.Namespace) -> int:
    from mesadiagram.analysis.compare import as_json, compare, render_text

    doc = load_or_report(args.file)
    if doc is None:
        return EXIT_BAD_INPUT
    result = compare(doc)
    if args.json:
        import json

        from mesadiagram.formats.terminal import json_safe

        print(json_safe(json.dumps(as_json(result), indent=2, ensure_ascii=False)))
    else:
        sys.stdout.write(render_text(doc, result))
    return EXIT_OK
