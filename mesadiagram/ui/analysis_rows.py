"""What the Analysis dock lists, as plain rows: built from a result, without Qt.

The dock turns these rows into tree items, reusing the items of the previous result
(a large model's lists take a while to lay out afresh after every edit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mesadiagram.analysis.naming import link_name
from mesadiagram.model import Document

if TYPE_CHECKING:
    from mesadiagram.analysis.report import Analysis

# Rows listed per group: a large model has thousands of unmitigated links. The count
# stays in the group's title; ``mesadiagram analyze`` lists everything.
MAX_ROWS = 100
MAX_SWITCHES = 300
PATH_STAGES_SHOWN = 30  # a longer path shows its first 27 stages and its last three


MAX_ROW_CHARS = 400  # a row's text beyond this is cut, in full in its tooltip
MAX_TIP_CHARS = 2000


@dataclass
class Row:
    """One line of a list. Very long texts (a warning naming hundreds of stages) are cut
    here: wrapping thousands of characters after every edit would hold the GUI thread."""

    text: str
    ids: list[str] = field(default_factory=list)  # the stages and links it stands for
    tooltip: str = ""
    switch: str | None = None  # an intervention's annotation id: a what-if checkbox
    on: bool = True  # the checkbox's state
    selectable: bool = True

    def __post_init__(self) -> None:
        if len(self.text) > MAX_ROW_CHARS:
            self.tooltip = self.tooltip or self.text
            self.text = self.text[: MAX_ROW_CHARS - 1].rstrip() + "…"
        if len(self.tooltip) > MAX_TIP_CHARS:
            self.tooltip = self.tooltip[: MAX_TIP_CHARS - 1] + "…"


@dataclass
class Group:
    title: str
    rows: list[Row]


def summary_html(doc: Document, a: Analysis) -> str:
    c = a.coverage
    depth = "n/a" if c.defence_in_depth is None else str(c.defence_in_depth)
    lines = [
        f"<b>{len(c.unmitigated)}</b> unmitigated link(s) · "
        f"<b>{len(c.cut_sets)}</b> cut set(s) · defence in depth <b>{depth}</b>"
    ]
    for outcome, r in a.risk.items():
        lines.append(
            f"P({_html(doc.node(outcome).label)}) = <b>{r.baseline.value:.3g}</b> → "
            f"<b>{r.with_interventions.value:.3g}</b> with interventions"
            + ("" if r.baseline.exact else " (Monte Carlo)")
        )
    return "<br>".join(lines)


def groups(doc: Document, a: Analysis, disabled: frozenset[str]) -> list[Group]:
    s, c = a.structure, a.coverage

    def name(link_id: str) -> str:
        return link_name(doc, link_id, labels=True, arrow="→")

    critical = set(c.critical)
    unmitigated = [
        Row(("⚠ " if k in critical else "") + name(k), [k], tooltip="On every path to an outcome")
        if k in critical
        else Row(name(k), [k])
        for k in c.unmitigated[:MAX_ROWS]
    ]
    cut_rows = [
        Row(_cut_text(doc, cut, name), list(cut), tooltip=" + ".join(name(k) for k in cut))
        for cut in c.cut_sets[:MAX_ROWS]
    ]
    out = [
        Group(
            f"Unmitigated links ({len(c.unmitigated)})", _capped(unmitigated, len(c.unmitigated))
        ),
        Group(f"Cut sets ({len(c.cut_sets)})", _capped(cut_rows, len(c.cut_sets))),
    ]
    shown = f"more than {len(s.paths)}" if s.paths_capped else str(s.path_count)
    paths = [  # (a path's links are found when its row is clicked)
        Row(_path_text(doc, path), list(path), tooltip=" → ".join(doc.node(n).label for n in path))
        for path in s.paths[:MAX_ROWS]
    ]
    out.append(Group(f"Paths ({shown})", _capped(paths, len(s.paths))))
    if a.risk or any(e.probability is not None for e in doc.edges):
        switches = [
            (edge, ann)
            for edge in doc.edges
            for ann in edge.annotations
            if ann.type == "intervention"
        ]
        rows = []
        for edge, ann in switches[:MAX_SWITCHES]:  # one switch per intervention, by its id
            effect = "no effect given" if ann.effect is None else f"effect {ann.effect:g}"
            text = f"{ann.label or '(unnamed)'} ({effect})"
            rows.append(Row(text, [edge.id], switch=ann.id, on=ann.id not in disabled))
        out.append(Group("What if (interventions on)", _capped(rows, len(switches), MAX_SWITCHES)))
    if a.warnings:
        rows = [Row(w) for w in a.warnings[:MAX_ROWS]]
        out.append(Group(f"Warnings ({len(a.warnings)})", _capped(rows, len(a.warnings))))
    return out


def _cut_text(doc: Document, cut: list[str], name) -> str:
    """A cut set by what the user would do: its interventions, each with its link."""
    parts = []
    for link_id in cut:
        labels = [
            a.label or "(unnamed intervention)"
            for a in doc.edge(link_id).annotations
            if a.type == "intervention"
        ]
        parts.append(f"{' or '.join(labels)}  ({name(link_id)})" if labels else name(link_id))
    return "\n+ ".join(parts)


def _path_text(doc: Document, path: list[str]) -> str:
    """A path's stages; a long one shows its start and its end around how many it skips
    (the row's tooltip has them all): laying out paths of dozens of labels wrapped over
    many lines would cost more than a frame after every edit."""
    labels = [doc.node(n).label for n in path]
    if len(labels) > PATH_STAGES_SHOWN:
        head, tail = labels[: PATH_STAGES_SHOWN - 3], labels[-3:]
        skipped = len(labels) - len(head) - len(tail)
        labels = [*head, f"… {skipped} more …", *tail]
    return " → ".join(labels)


def _capped(rows: list[Row], total: int, limit: int = MAX_ROWS) -> list[Row]:
    if total > limit:
        tip = "mesadiagram analyze FILE lists them all"
        rows.append(Row(f"… and {total - limit} more", tooltip=tip, selectable=False))
    return rows


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
