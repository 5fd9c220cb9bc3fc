"""`analyze`: the analysis report as text or JSON, and the sensitivity chart (`--plot`)."""

from __future__ import annotations

import argparse
import sys

from mesadiagram.cli.output import EXIT_BAD_INPUT, EXIT_OK, cannot, load_or_report, say

PLOT_SUFFIXES = (".svg", ".pdf", ".png")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("analyze", help="report undefended links, cut sets, defence in depth, risk")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print one JSON object instead")
    p.add_argument(
        "--scenario",
        metavar="NAME",
        help="analyse under the file's scenario NAME (its interventions off, its probabilities)",
    )
    p.add_argument(
        "--plot",
        metavar="OUT",
        help="also write the sensitivity chart (each link's swing) to OUT.svg, .pdf or .png",
    )
    p.add_argument(
        "--outcome",
        metavar="ID",
        help="with --plot: the outcome charted (default: the first outcome)",
    )
    p.add_argument("--theme", help="with --plot: default, print, colourblind, dark, or your own")
    p.add_argument(
        "--size",
        metavar="SIZE",
        help="with --plot: page (7 in wide, the default), column, slide, or WxH / a width "
        "with units, as for export (a height makes the page exactly that tall)",
    )
    p.set_defaults(func=_cmd_analyze)


def _cmd_analyze(args: argparse.Namespace) -> int:
    import json

    from mesadiagram.analysis.report import analyse, as_json
    from mesadiagram.analysis.text_report import render_text

    plot_options = None
    if args.plot is not None or args.outcome or args.theme or args.size:
        plot_options = _plot_options(args)
        if plot_options is None:
            return EXIT_BAD_INPUT
    doc = load_or_report(args.file)
    if doc is None:
        return EXIT_BAD_INPUT
    scenario = None
    if args.scenario is not None:
        scenario = chosen_scenario(doc, args.scenario, args.file)
        if scenario is None:
            return EXIT_BAD_INPUT
    result = analyse(doc, scenario=scenario)
    chart = None
    if plot_options is not None:
        chart = _chart(args, doc, result, *plot_options)
        if chart is None:
            return EXIT_BAD_INPUT
    if args.json:
        from mesadiagram.formats.terminal import json_safe

        print(json_safe(json.dumps(as_json(result), indent=2, ensure_ascii=False)))
    else:
        sys.stdout.write(render_text(doc, result, scenario))
    if chart is not None and plot_options is not None:
        from mesadiagram.render.tornado_export import write_plot

        try:
            write_plot(args.plot, chart, plot_options[0])
        except OSError as err:
            cannot("write", args.plot, err)
            return EXIT_BAD_INPUT
    return EXIT_OK


def _plot_options(args: argparse.Namespace):  # -> (Theme, TargetSize) | None
    """The theme and size of ``--plot``, or None after saying what is wrong."""
    import os

    if args.plot is None:
        say("mesadiagram analyze: --outcome, --theme and --size go with --plot OUT", True)
        return None
    if os.path.splitext(args.plot)[1].lower() not in PLOT_SUFFIXES:
        say(f"mesadiagram analyze: {args.plot}: --plot writes .svg, .pdf or .png", True)
        return None
    from mesadiagram.render.target_size import PRESETS, parse_size

    size = PRESETS["page"]
    if args.size is not None:
        try:
            size = parse_size(args.size)
        except ValueError as err:
            say(f"mesadiagram analyze: --size {err}", error=True)
            return None
    # Fonts and painting, no display (and the same PDF bytes every time: see export).
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_HASH_SEED", "0")
    from mesadiagram.render.headless import quiet_qt
    from mesadiagram.render.qt_app import ensure_gui_application
    from mesadiagram.render.theme import get_theme, user_theme_folder

    ensure_gui_application()
    quiet_qt()
    try:
        theme = get_theme(args.theme or "default", user_theme_folder())
    except KeyError as err:
        say(f"mesadiagram analyze: {err.args[0]}", error=True)
        return None
    return theme, size


def _chart(args: argparse.Namespace, doc, result, theme, size):  # -> TornadoLayout | None
    """The chart to write, or None after saying why there is none."""
    from mesadiagram.render.tornado_data import NoChartError
    from mesadiagram.render.tornado_export import plot_layout

    try:
        return plot_layout(doc, result, theme, args.outcome, size)
    except NoChartError as err:
        say(f"mesadiagram analyze: {args.file}: no sensitivity chart: {err}", error=True)
        return None


def chosen_scenario(doc, name: str, path: str):  # -> Scenario | None (no import at start)
    """The scenario ``name`` of ``doc``, or None after saying there is none (and which
    name was probably meant)."""
    from mesadiagram.formats.suggest import suggest

    names = [s.name for s in doc.scenarios]
    if name in names:
        return doc.scenario(name)
    if not names:
        say(f"{path}: no scenario {name!r}: the file has no scenarios", error=True)
    else:
        hint = suggest(name, names) or f"; the scenarios: {', '.join(names)}"
        say(f"{path}: no scenario {name!r}{hint}", error=True)
    return None
