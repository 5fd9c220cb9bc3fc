"""`validate` and `fmt`: check model files, rewrite them in canonical form."""

from __future__ import annotations

import argparse

from mesadiagram.cli.output import EXIT_BAD_INPUT, EXIT_CHECK_FAILED, EXIT_OK, cannot, report, say


def add_parser(sub: argparse._SubParsersAction) -> None:
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


def _cmd_validate(args: argparse.Namespace) -> int:
    from mesadiagram.formats import FormatError, load

    status = EXIT_OK
    for name in args.files:
        try:
            load(name)
        except FormatError as err:
            report(err)
            status = EXIT_BAD_INPUT
        except OSError as err:
            cannot("read", name, err)
            status = EXIT_BAD_INPUT
        else:
            if not args.quiet:
                say(f"{name}: ok")
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
            report(err)
            status = EXIT_BAD_INPUT
            continue
        except OSError as err:
            cannot("read", name, err)
            status = EXIT_BAD_INPUT
            continue
        if before == canonical:
            continue
        if args.check:
            say(f"would reformat {name}")
            status = max(status, EXIT_CHECK_FAILED)
        else:
            try:
                write_atomic(name, canonical)
            except OSError as err:
                cannot("write", name, err)
                status = EXIT_BAD_INPUT
                continue
            say(f"reformatted {name}")
    return status
