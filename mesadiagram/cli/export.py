"""`export`: a figure (SVG, PDF, PNG) at a size, an exchange format (DOT, Mermaid,
GraphML, draw.io, TikZ; docs/exchange.md), or the presentation steps as a deck (a
Beamer file for ``.tex``)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from mesadiagram.cli.output import (
    EXIT_BAD_INPUT,
    EXIT_CHECK_FAILED,
    EXIT_OK,
    cannot,
    load_or_report,
    say,
)

if TYPE_CHECKING:
    from mesadiagram.model import Document


STEP_SUFFIXES = (".pdf", ".svg", ".png", ".tex")  # --steps: the deck (render/deck.py), Beamer
FIGURES = ".svg, .pdf or .png"


def add_parser(sub: argparse._SubParsersAction) -> None:
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
    p.add_argument(
        "--risk",
        action="store_true",
        help="write each outcome's risk under its label (the model needs credences)",
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
        help="a deck: one 13.33 x 7.5 in page per presentation step (PDF), numbered "
        "files OUT-01.svg, OUT-02.svg, ... (SVG, PNG), or a Beamer frame with a step per "
        "overlay (TEX)",
    )
    p.set_defaults(func=_cmd_export)


def _cmd_export(args: argparse.Namespace) -> int:
    import os

    from mesadiagram.render.formats import format_for_path, suffixes_text

    if format_for_path(args.output) is None:
        say(
            f"mesadiagram export: {args.output}: the output must end in {suffixes_text()}",
            error=True,
        )
        return EXIT_BAD_INPUT
    if args.dpi is not None and not 10 <= args.dpi <= 2400:
        say("mesadiagram export: --dpi must be from 10 to 2400", error=True)
        return EXIT_BAD_INPUT
    if args.risk and (args.steps or "detailed" not in format_for_path(args.output).options):
        say(f"mesadiagram export: --risk applies to one figure: {FIGURES}", error=True)
        return EXIT_BAD_INPUT
    if args.steps:
        return _export_steps(args)
    size = None
    if args.size is not None and "detailed" not in format_for_path(args.output).options:
        # An exchange format (.dot, .tex...) carries the model, not a picture at a size.
        say(f"mesadiagram export: {args.output}: --size applies to figures: {FIGURES}", True)
        return EXIT_BAD_INPUT
    if args.size is not None:
        from mesadiagram.render.target_size import parse_size

        try:
            size = parse_size(args.size)
        except ValueError as err:
            say(f"mesadiagram export: --size {err}", error=True)
            return EXIT_BAD_INPUT
        if args.page != "fit":
            say("mesadiagram export: --size and --page cannot be used together", error=True)
            return EXIT_BAD_INPUT
    doc = load_or_report(args.file)
    if doc is None:
        return EXIT_BAD_INPUT
    stage_text = args.stage_text
    if args.risk:
        drawn = _with_risk(args.file, doc, stage_text)
        if drawn is None:
            return EXIT_BAD_INPUT
        doc, stage_text = drawn
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
            notice=lambda text: say(f"mesadiagram export: {args.file}: {text}", error=True),
            size=size,
            force=args.force,
            detail_fixed=args.detail != "auto",
            stage_text=stage_text,
            about_output=lambda text: say(f"mesadiagram export: {args.output}: {text}", error=True),
        )
    except FloorError as err:
        say(f"mesadiagram export: {args.output}: {_floor_message(err)}", error=True)
        return EXIT_CHECK_FAILED
    except FigureTooLargeError as err:
        say(f"mesadiagram export: {args.output}: {err}", error=True)
        return EXIT_BAD_INPUT
    except KeyError as err:
        say(f"mesadiagram export: {err.args[0]}", error=True)
        return EXIT_BAD_INPUT
    except OSError as err:
        cannot("write", args.output, err)
        return EXIT_BAD_INPUT
    return EXIT_OK


def _with_risk(file: str, doc: Document, stage_text: bool) -> tuple[Document, bool] | None:
    """``export --risk``: the copy drawn, each outcome's risk first in its text
    (``render/outcome_risk.py``), or None after saying why it cannot be."""
    from mesadiagram.analysis.report import analyse, has_credences
    from mesadiagram.render.outcome_risk import document_with_risk, risk_texts

    if not has_credences(doc):
        say(f"mesadiagram export: {file}: --risk needs credences: give links a probability", True)
        return None
    texts = risk_texts(analyse(doc, sensitivity=False))
    if not texts:
        say(f"mesadiagram export: {file}: --risk: the model has no outcome", error=True)
        return None
    return document_with_risk(doc, texts, stage_text)


def _export_steps(args: argparse.Namespace) -> int:
    """``export --steps``: the presentation's steps as a deck (``render/deck.py``)."""
    import os

    if args.size is not None or args.page != "fit":
        say("mesadiagram export: --steps draws slide pages: no --size or --page", error=True)
        return EXIT_BAD_INPUT
    suffix = os.path.splitext(args.output)[1].lower()
    if suffix not in STEP_SUFFIXES:
        say(
            f"mesadiagram export: {args.output}: --steps writes "
            f"{', '.join(STEP_SUFFIXES[:-1])} or {STEP_SUFFIXES[-1]} (a Beamer deck)",
            error=True,
        )
        return EXIT_BAD_INPUT
    doc = load_or_report(args.file)
    if doc is None:
        return EXIT_BAD_INPUT
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # (see _cmd_export)
    os.environ.setdefault("QT_HASH_SEED", "0")
    if suffix == ".tex":
        return _export_beamer(args, doc)
    from mesadiagram.render.deck import export_deck

    try:
        export_deck(
            doc,
            args.output,
            args.theme,
            args.font,
            args.dpi,
            args.stage_text,
            notice=lambda text: say(f"mesadiagram export: {args.file}: {text}", error=True),
        )
    except KeyError as err:
        say(f"mesadiagram export: {err.args[0]}", error=True)
        return EXIT_BAD_INPUT
    except (OSError, ValueError) as err:
        say(f"mesadiagram export: {args.output}: {err}", error=True)
        return EXIT_BAD_INPUT
    return EXIT_OK


def _export_beamer(args: argparse.Namespace, doc: Document) -> int:
    """``export --steps OUT.tex``: one Beamer frame, the steps as its overlays, in
    ``--theme`` (default: the default theme, for Beamer's white slides)."""
    from mesadiagram.render.exchange_export import write_beamer
    from mesadiagram.render.headless import place_unplaced, quiet_qt
    from mesadiagram.render.qt_app import ensure_gui_application
    from mesadiagram.render.theme import get_theme, user_theme_folder

    ensure_gui_application()
    quiet_qt()
    try:
        theme = get_theme(args.theme or "default", user_theme_folder())
        if place_unplaced(doc, args.stage_text):
            say(f"mesadiagram export: {args.file}: stages without a position laid out", True)
        write_beamer(doc, args.output, theme, args.stage_text)
    except KeyError as err:
        say(f"mesadiagram export: {err.args[0]}", error=True)
        return EXIT_BAD_INPUT
    except OSError as err:
        cannot("write", args.output, err)
        return EXIT_BAD_INPUT
    return EXIT_OK


def _floor_message(err: Exception) -> str:
    """``at column size the stage labels would be 4.1 pt (floor 7 pt); try ...``: only
    options that were tried and fit (``FloorError.suggestions``), then ``--force``."""
    tries = [*err.suggestions, "--force"]  # type: ignore[attr-defined]
    advice = ", ".join(tries[:-1]) + (", or " if len(tries) > 1 else "") + tries[-1]
    return f"{err.size.at()} {err}; try {advice}"  # type: ignore[attr-defined]
