"""Graphviz DOT: stages and links with their labels, kinds as record fields, interventions
as lines of their link's label (``✂ label``, in the intervention colour), styled with the
theme's colours.

Escaping follows how Graphviz reads a quoted string: its scanner turns ``\\"`` into a
quote, its label code turns ``\\\\`` into a backslash and ``\\n`` into a line break, and
it decodes HTML entities (so ``&`` is written ``&amp;``). In a record label, ``{ } | < >``
and spaces that Graphviz would drop are escaped with a backslash as well.
``dot_reader.py`` undoes exactly this.
"""

from __future__ import annotations

from mesadiagram.formats.exchange.common import (
    Palette,
    builtin_palette,
    carried,
    cut_lines,
    kind_labels,
    one_line,
    reads_down,
)
from mesadiagram.model import Document, Edge, Node

PT_PER_PX = 0.75  # theme sizes are CSS pixels, Graphviz's are points


def quoted_id(text: str) -> str:
    """An identifier (a stage's id, the graph's name) as a quoted DOT string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def quoted_esc(text: str) -> str:
    """An escString attribute that Graphviz does not decode entities in (``id``):
    backslashes, quotes, line breaks."""
    text = carried(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\n", "\\n") + '"'


def quoted_label(text: str) -> str:
    """A label (or tooltip): as ``quoted_esc``, and ``&`` as an entity."""
    return quoted_esc(carried(text).replace("&", "&amp;"))


def record_field(text: str) -> str:
    """One field of a record label: also ``{ } | < >`` and the spaces Graphviz would
    collapse or trim (leading, trailing, next to another space)."""
    out = []
    text = carried(text)
    for i, ch in enumerate(text):
        if ch == "\\":
            out.append("\\\\")
        elif ch in "{}|<>":
            out.append("\\" + ch)
        elif ch == " " and (
            i == 0 or i == len(text) - 1 or text[i - 1] == " " or text[i + 1] == " "
        ):
            out.append("\\ ")
        elif ch == "&":
            out.append("&amp;")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        else:
            out.append(ch)
    return "".join(out)


def html_text(text: str) -> str:
    """Text inside an HTML-like label (``<...>``), its line breaks ``<BR/>``."""
    text = carried(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("\n", "<BR/>")


def link_label(doc: Document, edge: Edge, palette: Palette) -> str | None:
    """The link's label attribute: its label, then a line per intervention in the
    intervention colour (an HTML-like label); None when there is neither."""
    cuts = cut_lines(edge)
    if not cuts:
        return quoted_label(edge.label) if edge.label else None
    color = palette.type_color(doc, "intervention")
    lines = [html_text(edge.label)] if edge.label else []
    lines += [f'<FONT COLOR="{color}">{html_text(line)}</FONT>' for cut in cuts for line in cut]
    return f"<{'<BR/>'.join(lines)}>"


def _node_attrs(node: Node, palette: Palette, down: bool) -> list[str]:
    kinds = kind_labels(node)
    attrs = []
    if kinds:
        fields = "|".join(record_field(t) for t in (node.label, *kinds))
        # Top-level record fields run across the rank direction: braces turn them.
        attrs += ["shape=Mrecord", f'label="{{{fields}}}"' if down else f'label="{fields}"']
    else:
        attrs.append(f"label={quoted_label(node.label)}")
    if node.text:
        attrs.append(f"tooltip={quoted_label(node.text)}")
    if node.outcome:
        attrs += [
            f'fillcolor="{palette.outcome_fill}"',
            f'color="{palette.outcome_border}"',
            "penwidth=2",
        ]
    return attrs


def to_dot(doc: Document, palette: Palette | None = None) -> str:
    """The document as a Graphviz digraph (``dot -Tsvg`` draws it)."""
    palette = palette or builtin_palette()
    down = reads_down(doc)
    font = quoted_id(palette.font_family)
    size = round(palette.font_size * PT_PER_PX, 1)
    lines = ["// Made by mesadiagram: stages, links, kinds (record fields), interventions"]
    lines += [f"// {one_line(line)}" for line in doc.description.splitlines() if line.strip()]
    lines.append(f"digraph {quoted_id(one_line(doc.title) or 'threat model')} {{")
    graph = [f"rankdir={'TB' if down else 'LR'}", f"fontname={font}", f"fontsize={size}"]
    graph.append(f'bgcolor="{palette.background}"')
    if doc.title:
        graph += [f"label={quoted_label(doc.title)}", "labelloc=t"]
    lines.append(f"  graph [{', '.join(graph)}];")
    lines.append(
        f'  node [shape=box, style="rounded,filled", fillcolor="{palette.node_fill}", '
        f'color="{palette.node_border}", fontcolor="{palette.node_text}", '
        f"fontname={font}, fontsize={size}];"
    )
    lines.append(
        f'  edge [color="{palette.edge}", fontcolor="{palette.edge_text}", '
        f"fontname={font}, fontsize={round(size * 0.85, 1)}];"
    )
    for node in doc.nodes:
        lines.append(f"  {quoted_id(node.id)} [{', '.join(_node_attrs(node, palette, down))}];")
    for edge in doc.edges:
        attrs = [f"id={quoted_esc(edge.id)}"]
        label = link_label(doc, edge, palette)
        if label is not None:
            attrs.append(f"label={label}")
        if edge.text:
            attrs.append(f"tooltip={quoted_label(edge.text)}")
        arrow = f"{quoted_id(edge.source)} -> {quoted_id(edge.target)}"
        lines.append(f"  {arrow} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
