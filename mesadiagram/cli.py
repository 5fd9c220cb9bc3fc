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

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def _say(message: str, error: bool = False) -> None:
    """Print ``message`` as one line that is safe for a terminal.

    Paths, keys and values come from files and command lines someone else may have
    written: a line break in them must not make a second, fake message, nor an escape
    code reach the terminal (issue 9).
    """
    from mesadiagram.formats.terminal import one_line

    print(one_line(message), file=sys.stderr if error else sys.stdout)


def _report(err: Exception) -> None:
    """A FormatError's problems, one line each (each is escaped already)."""
    for problem in getattr(err, "problems", ()):
        print(problem, file=sys.stderr)


def _cannot(verb: str, name: str, err: OSError) -> None:
    _say(f"{name}: cannot {verb}: {err.strerror or err}", error=True)


def _cmd_validate(args: argparse.Namespace) -> int:
    from mesadiagram.formats import FormatError, load

    status = EXIT_OK
    for name in args.files:
        try:
            load(name)
        except FormatError as err:
            _report(err)
            status = EXIT_BAD_INPUT
        except OSError as err:
            _cannot("read", name, err)
            status = EXIT_BAD_INPUT
        else:
            if not args.quiet:
                _say(f"{name}: ok")
    return status


def _cmd_fmt(args: argparse.Namespace) -> int:
    from mesadiagram.formats import FormatError, dumps, loads, read_model_bytes, write_atomic

    status = EXIT_OK
    for name in args.files:
        try:
            # One capped read of a regular file: `fmt /dev/zero` or a FIFO is refused.
            before = read_model_bytes(name)
            canonical = dumps(loads(before, name)).encode("utf-8")
        except FormatError as err:  # never rewrite a file that did not load
            _report(err)
            status = EXIT_BAD_INPUT
            continue
        except OSError as err:
            _cannot("read", name, err)
            status = EXIT_BAD_INPUT
            continue
        if before == canonical:
            continue
        if args.check:
            _say(f"would reformat {name}")
            status = max(status, EXIT_CHECK_FAILED)
        else:
            try:
                write_atomic(name, canonical)
            except OSError as err:
                _cannot("write", name, err)
                status = EXIT_BAD_INPUT
                continue
            _say(f"reformatted {name}")
    return status


def _load_or_report(path: str):
    """The model at ``path``, or None after printing why it cannot be read."""
    from mesadiagram.formats import FormatError, load

    try:
        return load(path)
    except FormatError as err:
        _report(err)
    except OSError as err:
        _cannot("read", path, err)
    return None


def _cmd_analyze(args: argparse.Namespace) -> int:
    import json

    from mesadiagram.analysis.report import analyse, as_json
    from mesadiagram.analysis.text_report import render_text

    doc = _load_or_report(args.file)
    if doc is None:
        return EXIT_BAD_INPUT
    result = analyse(doc)
    if args.json:
        from mesadiagram.formats.terminal import json_safe

        print(json_safe(json.dumps(as_json(result), indent=2, ensure_ascii=False)))
    else:
        sys.stdout.write(render_text(doc, result))
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    import os

    from mesadiagram.render.formats import format_for_path, suffixes_text

    if format_for_path(args.output) is None:
        _say(
            f"mesadiagram export: {args.output}: the output must end in {suffixes_text()}",
            error=True,
        )
        return EXIT_BAD_INPUT
    if args.dpi is not None and not 10 <= args.dpi <= 2400:
        _say("mesadiagram export: --dpi must be from 10 to 2400", error=True)
        return EXIT_BAD_INPUT
    if args.steps:
        return _export_steps(args)
    size = None
    if args.size is not None:
        from mesadiagram.render.target_size import parse_size

        try:
            size = parse_size(args.size)
        except ValueError as err:
            _say(f"mesadiagram export: --size {err}", error=True)
            return EXIT_BAD_INPUT
        if args.page != "fit":
            _say("mesadiagram export: --size and --page cannot be used together", error=True)
            return EXIT_BAD_INPUT
    doc = _load_or_report(args.file)
    if doc is None:
        return EXIT_BAD_INPUT
    # Exports need Qt's fonts and painting but no display: choose the offscreen platform
    # unless the user picked one.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Qt orders the fonts a PDF embeds by a hash seeded at random in each process: a
    # fixed seed makes the same file give the same bytes every time (read when Qt starts).
    os.environ.setdefault("QT_HASH_SEED", "0")
    from mesadiagram.render.export import FigureTooLargeError
    from mesadiagram.render.fit import FloorError
    from mesadiagram.render.headless import export_document

    try:
        export_document(
            doc,
            args.output,
            theme=args.theme or "default",
            detailed=args.detail != "compact",
            legend=args.legend,
            dpi=args.dpi or 300,
            font=args.font,
            transparent=args.transparent,
            page=args.page,
            notice=lambda text: _say(f"mesadiagram export: {args.file}: {text}", error=True),
            size=size,
            force=args.force,
            detail_fixed=args.detail != "auto",
            stage_text=args.stage_text,
        )
    except FloorError as err:
        _say(f"mesadiagram export: {args.output}: {_floor_message(err, args.detail)}", error=True)
        return EXIT_CHECK_FAILED
    except FigureTooLargeError as err:
        _say(f"mesadiagram export: {args.output}: {err}", error=True)
        return EXIT_BAD_INPUT
    except KeyError as err:
        _say(f"mesadiagram export: {err.args[0]}", error=True)
        return EXIT_BAD_INPUT
    except OSError as err:
        _cannot("write", args.output, err)
        return EXIT_BAD_INPUT
    return EXIT_OK


def _export_steps(args: argparse.Namespace) -> int:
    """``export --steps``: the presentation's steps as a deck (``render/deck.py``)."""
    import os

    if args.size is not None or args.page != "fit":
        _say("mesadiagram export: --steps draws slide pages: no --size or --page", error=True)
        return EXIT_BAD_INPUT
    doc = _load_or_report(args.file)
    if doc is None:
        return EXIT_BAD_INPUT
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # (see _cmd_export)
    os.environ.setdefault("QT_HASH_SEED", "0")
    from mesadiagram.render.deck import export_deck

    try:
        export_deck(
            doc,
            args.output,
            args.theme,
            args.font,
            args.dpi,
            args.stage_text,
            notice=lambda text: _say(f"mesadiagram export: {args.file}: {text}", error=True),
        )
    except KeyError as err:
        _say(f"mesadiagram export: {err.args[0]}", error=True)
        return EXIT_BAD_INPUT
    except (OSError, ValueError) as err:
        _say(f"mesadiagram export: {args.output}: {err}", error=True)
        return EXIT_BAD_INPUT
    return EXIT_OK


def _floor_message(err: Exception, detail: str) -> str:
    """``at --size column the stage labels would be 4.1 pt (floor 7 pt); try ...``."""
    tries = []
    if detail == "detailed":
        tries.append("--detail compact")
    larger = err.suggestion()  # type: ignore[attr-defined]
    if larger:
        tries.append(f"--size {larger}")
    tries.append("--force")
    advice = ", ".join(tries[:-1]) + (", or " if len(tries) > 1 else "") + tries[-1]
    return f"at --size {err.size.name} {err}; try {advice}"  # type: ignore[attr-defined]


def _cmd_layout(args: argparse.Namespace) -> int:
    import os

    from mesadiagram.formats import save

    if not 1 <= args.rows <= 50:
        _say("mesadiagram layout: --rows must be from 1 to 50", error=True)
        return EXIT_BAD_INPUT
    doc = _load_or_report(args.file)
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
        _cannot("write", output, err)
        return EXIT_BAD_INPUT
    return EXIT_OK


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

    p = sub.add_parser("open", help="open FILE in the editor (the default command)")
    p.add_argument("file", nargs="?", metavar="FILE", help="a .yaml model to open")
    p.set_defaults(func=_cmd_open)

    p = sub.add_parser("present", help="open FILE and present it full screen (Esc: the editor)")
    p.add_argument("file", metavar="FILE", help="a .yaml model to present")
    p.set_defaults(func=_cmd_open, present=True)

    p = sub.add_parser("validate", help="check model files; errors as FILE:LINE:COL: path: message")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing for valid files")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("fmt", help="rewrite model files in canonical form (atomically)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument(
        "--check",
        action="store_true",
        help="change nothing; list files that would change and exit 1",
    )
    p.set_defaults(func=_cmd_fmt)
    p = sub.add_parser("analyze", help="report undefended links, cut sets, defence in depth, risk")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print one JSON object instead")
    p.set_defaults(func=_cmd_analyze)

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

    from mesadiagram.render.formats import FIGURE_FORMATS  # (no Qt: the registry only)

    names = [f.name.upper() for f in FIGURE_FORMATS.values()]
    p = sub.add_parser(
        "export",
        help=f"write the figure as {', '.join(names[:-1])} or {names[-1]} (no display needed)",
    )
    p.add_argument("file", metavar="FILE")
    outs = [f"OUT{f.suffix}" for f in FIGURE_FORMATS.values()]
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help=f"{', '.join(outs[:-1])} or {outs[-1]}: the suffix chooses the format",
    )
    p.add_argument(
        "--theme",
        help="default, print, colourblind, dark, or a theme of your own (with --steps: "
        "the presentation's, light or dark, unless given)",
    )
    p.add_argument(
        "--detail",
        choices=("compact", "detailed", "auto"),
        default="compact",
        help="compact: chips, counts and the interventions' labels; detailed: callouts; "
        "auto: detailed when it fits the --size, else compact",
    )
    p.add_argument(
        "--legend",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="draw the legend (default: yes)",
    )
    p.add_argument(
        "--no-stage-text",
        dest="stage_text",
        action="store_false",
        help="leave out the stages' texts (drawn under their labels by default)",
    )
    p.add_argument("--dpi", type=int, help="PNG resolution (default 300)")
    p.add_argument("--font", metavar="FAMILY", help="font family (default: the theme's)")
    p.add_argument("--transparent", action="store_true", help="PNG/SVG without a background")
    p.add_argument(
        "--page",
        choices=("fit", "a4", "letter"),
        default="fit",
        help="PDF page: fitted to the figure (default), A4 or Letter",
    )
    p.add_argument(
        "--size",
        metavar="SIZE",
        help="draw at this size, text in points never below a floor: column (3.3 in wide), "
        "page (7 in wide), slide (13.33 x 7.5 in), or WxH such as 7inx4in, 180mmx120mm "
        "(in, cm, mm, pt; a width alone: the height follows)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="with --size: write the figure even when text would fall below the floor",
    )
    p.add_argument(
        "--steps",
        action="store_true",
        help="a deck: one 13.33 x 7.5 in page per presentation step (PDF), or numbered "
        "files OUT-01.svg, OUT-02.svg, ... (SVG, PNG)",
    )
    p.set_defaults(func=_cmd_export)
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
            _say(f"mesadiagram: unknown command {first!r} (did you mean {typo!r}?)", error=True)
            return EXIT_BAD_INPUT
        argv = ["open", *argv]  # `mesadiagram model.yaml` opens the editor
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
