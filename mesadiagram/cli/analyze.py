"""`analyze`: the analysis report as text or JSON."""

from __future__ import annotations

import argparse
import sys

from mesadiagram.cli.output import EXIT_BAD_INPUT, EXIT_OK, load_or_report


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("analyze", help="report undefended links, cut sets, defence in depth, risk")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print one JSON object instead")
    p.set_defaults(func=_cmd_analyze)


def _cmd_analyze(args: argparse.Namespace) -> int:
    import json

    from mesadiagram.analysis.report import analyse, as_json
    from mesadiagram.analysis.text_report import render_text

    doc = load_or_report(args.file)
    if doc is None:
        return EXIT_BAD_INPUT
    result = analyse(doc)
    if args.json:
        from mesadiagram.formats.terminal import json_safe

        print(json_safe(json.dumps(as_json(result), indent=2, ensure_ascii=False)))
    else:
        sys.stdout.write(render_text(doc, result))
    return EXIT_OK
