"""TikZ for LaTeX: a standalone figure (``\\documentclass[tikz]{standalone}``) drawn at
the layout's positions and sizes in the theme's colours, its text set by LaTeX; or, with
the presentation's steps, a Beamer frame whose stages, links, kinds and interventions
appear step by step (``\\uncover<n->``, so nothing moves between steps).

Shown: stage labels, texts and kinds; link labels; interventions (in their colour, in
italics) on their links; outcomes in the outcome colours. Text is escaped for LaTeX
(``tex_text``): its ten special characters, the ligatures T1 fonts would make (``--``,
``<<``, ``''``...), line breaks; characters pdflatex cannot set (most scripts beyond
Latin, emoji) become ``?``.
"""

from __future__ import annotations

from dataclasses import dataclass

from mesadiagram.formats.exchange.common import (
    Boxes,
    Palette,
    boxes_of,
    builtin_palette,
    carried,
    hex_rgb,
    intervention_labels,
    kind_labels,
    one_line,
)
from mesadiagram.model import Document, Edge, Node

PT = 0.75  # points per scene pixel

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\t": " ",
}
# What pdflatex sets besides ASCII and Latin-1/Latin Extended-A (T1 and utf8 input).
_MATH = {
    "→": r"\rightarrow", "←": r"\leftarrow", "↔": r"\leftrightarrow", "⇒": r"\Rightarrow",
    "≤": r"\leq", "≥": r"\geq", "≠": r"\neq", "≈": r"\approx", "−": "-", "×": r"\times",
    "±": r"\pm", "∞": r"\infty", "α": r"\alpha", "β": r"\beta", "γ": r"\gamma",
    "δ": r"\delta", "ε": r"\epsilon", "θ": r"\theta", "λ": r"\lambda", "μ": r"\mu",
    "π": r"\pi", "σ": r"\sigma", "τ": r"\tau", "φ": r"\phi", "ω": r"\omega", "Δ": r"\Delta",
}  # fmt: skip
_PUNCTUATION = set("–—‘’“”„•…€‹›†‡‰™")
_UNSET = {0x126, 0x127, 0x138, 0x13F, 0x140, 0x149, 0x166, 0x167, 0x17F}  # not in T1
_LIGATURE = {"-": "-", "'": "'", "`": "`", "<": "<", ">": ">", ",": ",", "!": "`", "?": "`"}


def _settable(ch: str) -> bool:
    code = ord(ch)
    return (
        (0x20 <= code < 0x7F)
        or (0xA0 <= code < 0x180 and code not in _UNSET)
        or (ch in _PUNCTUATION)
    )


def tex_line(text: str) -> str:
    """One line of text for LaTeX (T1 fonts, pdflatex): special characters escaped,
    ligatures broken; what pdflatex cannot set is ``?``."""
    out = []
    for i, ch in enumerate(text):
        if ch in _SPECIAL:
            out.append(_SPECIAL[ch])
        elif ch in _MATH:
            out.append(rf"\ensuremath{{{_MATH[ch]}}}")
        elif ch == "\u00ad":
            out.append(r"\-")
        elif _settable(ch):
            out.append(ch)
            if _LIGATURE.get(ch) == text[i + 1 : i + 2]:
                out.append("{}")
        else:
            out.append("?")
    return "".join(out)


BREAK = r"\\{}"  # a line break that no following ``[`` can turn into a spacing argument


def tex_text(text: str) -> str:
    """``text`` for LaTeX: each line by ``tex_line``, joined by line breaks; a blank
    line holds an empty box, since a break with nothing before it is an error."""
    lines = [tex_line(line) if line.strip() else r"\mbox{}" for line in carried(text).split("\n")]
    return BREAK.join(lines)


@dataclass(frozen=True)
class Overlays:
    """When each part appears in a Beamer frame (1-based overlay numbers), and each
    overlay's title. Parts not named never appear."""

    stages: dict[str, int]
    links: dict[str, int]
    annotations: dict[str, int]
    titles: list[str]


def _colors(doc: Document, palette: Palette) -> list[str]:
    named = {
        "mdfill": palette.node_fill,
        "mdborder": palette.node_border,
        "mdtext": palette.node_text,
        "mdsubtext": palette.node_subtext,
        "mdoutcomefill": palette.outcome_fill,
        "mdoutcomeborder": palette.outcome_border,
        "mdedge": palette.edge,
        "mdedgetext": palette.edge_text,
        "mdbackground": palette.background,
        "mdkind": palette.type_color(doc, "kind"),
        "mdcut": palette.type_color(doc, "intervention"),
    }
    return [rf"\definecolor{{{k}}}{{HTML}}{{{hex_rgb(v)}}}" for k, v in named.items()]


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


MOST_PT = 14_000.0  # the widest drawing: TeX's lengths end at 16,383 pt, PDF pages at 14,400

STYLES = r"""[x=1pt, y=-1pt, font=\sffamily,
  stage/.style={draw=mdborder, fill=mdfill, text=mdtext, rounded corners=5pt,
    align=center, inner sep=3pt, line width=0.6pt},
  outcome/.style={stage, draw=mdoutcomeborder, fill=mdoutcomefill, line width=1.2pt},
  link/.style={draw=mdedge, line width=0.7pt, -{Stealth[length=5pt]}},
  linklabel/.style={text=mdedgetext, fill=mdbackground, font=\sffamily\scriptsize,
    inner sep=1pt, align=center}]"""


class _Picture:
    """The ``tikzpicture``: with ``overlays``, each part wrapped in the overlay that
    reveals it (``when``, ``wrap``), and parts that never appear left out."""

    def __init__(self, doc: Document, boxes: Boxes, overlays: Overlays | None) -> None:
        self.doc, self.boxes, self.overlays = doc, boxes, overlays
        self.names = {node.id: f"s{i}" for i, node in enumerate(doc.nodes, 1)}
        # Coordinates from the drawing's top left corner, so a far-off model fits TeX's
        # lengths; one much wider than a page has its positions (not its text) pressed
        # closer together.
        xs = [x for b in boxes.values() for x in (b.left, b.left + b.width)]
        ys = [y for b in boxes.values() for y in (b.top, b.top + b.height)]
        xs += [x for e in doc.edges for x, _ in e.route]
        ys += [y for e in doc.edges for _, y in e.route]
        self.left, self.top = min(xs, default=0.0), min(ys, default=0.0)
        extent = max(max(xs, default=0.0) - self.left, max(ys, default=0.0) - self.top)
        self.unit = min(PT, MOST_PT / max(extent, 1.0))

    def at(self, x: float, y: float) -> str:
        """A point in points from the top left corner (TikZ reads no number past 16,383)."""
        return f"({_num((x - self.left) * self.unit)},{_num((y - self.top) * self.unit)})"

    def when(self, table: str, key: str) -> int | None:
        if self.overlays is None:
            return 1
        return getattr(self.overlays, table).get(key)

    def wrap(self, number: int | None, text: str) -> str:
        if self.overlays is None or number is None:
            return text
        # (in a group: TikZ misreads a node text that starts with \uncover)
        return rf"{{\uncover<{number}->{{{text}}}}}"

    def lines(self) -> list[str]:
        out = [r"\begin{tikzpicture}" + STYLES]
        for node in self.doc.nodes:
            number = self.when("stages", node.id)
            if number is not None:
                out.append(self.wrap(number, self.stage(node)))
        for edge in self.doc.edges:
            number = self.when("links", edge.id)
            if number is not None:
                out.append(self.wrap(number, self.link(edge)))
        out.append(r"\end{tikzpicture}")
        return out

    def stage(self, node: Node) -> str:
        box = self.boxes[node.id]
        parts = [tex_text(node.label)]
        if node.text:
            parts.append(rf"{{\scriptsize\color{{mdsubtext}}{tex_text(node.text)}\endgraf}}")
        kinds = [a for a in node.annotations if a.type == "kind"]
        shown = [
            (self.when("annotations", a.id), tex_text(label))
            for a, label in zip(kinds, kind_labels(node), strict=True)
        ]
        shown = [(n, text) for n, text in shown if n is not None]  # never revealed: left out
        if shown:
            texts = [
                self.wrap(n, text + ("," if i < len(shown) - 1 else ""))
                for i, (n, text) in enumerate(shown)
            ]
            parts.append(rf"{{\scriptsize\color{{mdkind}}{' '.join(texts)}\endgraf}}")
        width = max(box.width * PT - 6, 10)
        style = "outcome" if node.outcome else "stage"
        text = r"\endgraf ".join(parts)  # a paragraph each (\par cannot be in \uncover)
        return (
            rf"\node[{style}, minimum width={_num(box.width * PT)}pt, "
            rf"minimum height={_num(box.height * PT)}pt, text width={_num(width)}pt] "
            rf"({self.names[node.id]}) at {self.at(box.x, box.y)} {{{text}}};"
        )

    def link(self, edge: Edge) -> str:
        ends = [f"({self.names[edge.source]})"]
        ends += [self.at(x, y) for x, y in edge.route]
        ends.append(f"({self.names[edge.target]})")
        label = self.link_label(edge)
        middle = len(ends) // 2  # the label goes on the middle segment
        path = ends[0]
        for i, end in enumerate(ends[1:], 1):
            path += f" -- {end}"
            if i == middle and label:
                path += label
        return rf"\draw[link] {path};"

    def link_label(self, edge: Edge) -> str:
        parts = [tex_text(edge.label)] if edge.label else []
        cuts = [a for a in edge.annotations if a.type == "intervention"]
        for ann, label in zip(cuts, intervention_labels(edge), strict=True):
            number = self.when("annotations", ann.id)
            if number is not None:  # (never revealed: left out)
                cut = rf"\textcolor{{mdcut}}{{\itshape {tex_text(label)}}}"
                parts.append(self.wrap(number, cut))
        if not parts:
            return ""
        a, b = self.boxes[edge.source], self.boxes[edge.target]
        gap = max(abs(b.x - a.x) - (a.width + b.width) / 2, 80.0) * PT
        width = min(max(gap - 6, 50.0), 170.0)
        text = r"\endgraf ".join(parts)
        return rf" node[linklabel, midway, above=1pt, text width={_num(width)}pt] {{{text}}}"


def _preamble(doc: Document, palette: Palette) -> list[str]:
    return [
        r"\usepackage[T1]{fontenc}",
        r"\IfFileExists{lmodern.sty}{\usepackage{lmodern}}{}",
        r"\usetikzlibrary{arrows.meta}",
        *_colors(doc, palette),
    ]


def to_tikz(doc: Document, boxes: Boxes | None = None, palette: Palette | None = None) -> str:
    """A standalone LaTeX document of the figure (``pdflatex`` compiles it)."""
    boxes = boxes or boxes_of(doc)
    palette = palette or builtin_palette()
    picture = _Picture(doc, boxes, None).lines()
    if doc.title.strip():  # above the drawing's top left corner
        picture[-1:-1] = [
            rf"\node[anchor=south west, yshift=8pt, font=\sffamily\bfseries, text=mdtext] "
            rf"at (0,0) {{{tex_text(one_line(doc.title))}}};"
        ]
    head = f"% Made by mesadiagram: {one_line(doc.title)}".rstrip()
    return "\n".join(
        [
            head,
            r"\documentclass[tikz, border=6pt]{standalone}",
            *_preamble(doc, palette),
            r"\begin{document}",
            *picture,
            r"\end{document}",
            "",
        ]
    )


def to_beamer(doc: Document, overlays: Overlays, boxes: Boxes, palette: Palette) -> str:
    """A Beamer document of one frame whose overlays are the presentation's steps."""
    width = max((b.left + b.width for b in boxes.values()), default=1.0) - min(
        (b.left for b in boxes.values()), default=0.0
    )
    height = max((b.top + b.height for b in boxes.values()), default=1.0) - min(
        (b.top for b in boxes.values()), default=0.0
    )
    # The frame's text area is about twice as wide as it is high: fit the longer side.
    fit = r"{\textwidth}{!}" if width > 1.9 * max(height, 1.0) else r"{!}{0.78\textheight}"
    titles = "".join(
        rf"\only<{n}>{{{tex_text(one_line(t))}}}" for n, t in enumerate(overlays.titles, 1)
    )
    return "\n".join(
        [
            f"% Made by mesadiagram: {one_line(doc.title)}".rstrip(),
            r"\documentclass[aspectratio=169]{beamer}",
            *_preamble(doc, palette)[:2],
            r"\usepackage{tikz}",
            *_preamble(doc, palette)[2:],
            r"\setbeamertemplate{navigation symbols}{}",
            r"\setbeamercovered{invisible}",
            rf"\title{{{tex_text(one_line(doc.title) or 'Threat model')}}}",
            r"\begin{document}",
            rf"\begin{{frame}}{{{titles}}}",
            r"\centering",
            rf"\resizebox{fit}{{%",
            *_Picture(doc, boxes, overlays).lines(),
            "}",
            r"\end{frame}",
            r"\end{document}",
            "",
        ]
    )
