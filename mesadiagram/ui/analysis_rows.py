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
    from mesadiagram.analysis.risk import Estimate

# Rows listed per group: a large model has thousands of unmitigated links. The count
# stays in the group's title; ``mesadiagram analyze`` lists everything.
MAX_ROWS = 100
MAX_SWITCHES = 300
MAX_MARK_ROWS = 20  # dead ends listed, each with its own button (buttons are widgets)
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
    html: str = ""  # drawn instead of ``text`` when given (the same words, some smaller)
    # A button instead of text, saying ``action``: it marks the stages ``mark`` as outcomes.
    action: str = ""
    mark: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if len(self.text) > MAX_ROW_CHARS:
            self.tooltip = self.tooltip or self.text
            self.text = self.text[: MAX_ROW_CHARS - 1].rstrip() + "…"
            self.html = ""  # (the cut text is shown plain)
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
        f"<b>{len(c.unmitigated)}</b> unmitigated link{_s(len(c.unmitigated))} · "
        f"<b>{len(c.cut_sets)}</b> cut set{_s(len(c.cut_sets))} · defence in depth <b>{depth}</b>"
    ]
    samples = max(
        (e.samples for r in a.risk.values() for e in (r.baseline, r.with_interventions)),
        default=0,
    )
    if samples:  # (before the outcomes: a long list of them is cut at the panel's foot)
        lines.append(
            f"<small>Estimates are Monte Carlo ({samples:,} samples), ± one standard error</small>"
        )
    for outcome, r in a.risk.items():
        low, high = r.baseline, r.with_interventions
        same = "exact" if low.exact else "estimates"
        both = low.exact == high.exact
        lines.append(
            f"P({_html(doc.node(outcome).label)}) = {_number(low, both)} → "
            f"{_number(high, both)} with interventions" + (f" ({same})" if both else "")
        )
    return "<br>".join(lines)


def _number(e: Estimate, labelled_once: bool) -> str:
    """A probability in the summary, with its error when estimated; labelled exact or
    estimate here unless the line says it once for both."""
    text = f"<b>{e.value:.3g}</b>" + ("" if e.exact else f" ± {e.stderr:.2g}")
    if labelled_once:
        return text
    return text + (" (exact)" if e.exact else " (estimate)")


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
    cut_rows = [_cut_row(doc, cut, name) for cut in c.cut_sets[:MAX_ROWS]]
    out = _outcome_groups(doc, a)
    out += [
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
        rows = [Row(w.editor, list(w.ids)) for w in a.warnings[:MAX_ROWS]]
        out.append(Group(f"Warnings ({len(a.warnings)})", _capped(rows, len(a.warnings))))
    return out


def _outcome_groups(doc: Document, a: Analysis) -> list[Group]:
    """What the analysis takes as outcomes, and why: the marked stages, and the dead ends
    (no link out) it does not count, each with a button that marks it; or, when no stage
    is marked, the sentence saying the dead ends count, with a button marking them all.
    So an edit that changes the outcomes (a stage added after the last) says so here."""
    s = a.structure

    def label(node_id: str) -> str:
        return doc.node(node_id).label

    if not s.outcomes:
        return []  # (a warning says how to mark one)
    if not s.outcomes_marked:
        names = ", ".join(label(n) for n in s.outcomes)
        sentence = (
            "No stage is marked as an outcome, so stages with no outgoing link count as "
            f"outcomes: {names}."
        )
        tip = "Marked outcomes stay outcomes when a stage is added after them."
        what = "Mark these as outcomes" if len(s.outcomes) > 1 else "Mark as outcome"
        rows = [
            Row(sentence, list(s.outcomes), tooltip=tip),
            _mark_row(what, list(s.outcomes), tip),
        ]
        return [Group(f"Outcomes ({len(s.outcomes)})", rows)]
    marked = [Row(label(n), [n], tooltip="Marked as an outcome") for n in s.outcomes[:MAX_ROWS]]
    out = [Group(f"Outcomes ({len(s.outcomes)})", _capped(marked, len(s.outcomes)))]
    if s.dead_ends:
        tip = (
            "No link leaves this stage and it is not marked as an outcome: the analysis "
            "takes only marked stages as outcomes."
        )
        rows = []
        for node_id in s.dead_ends[:MAX_MARK_ROWS]:
            rows.append(Row(label(node_id), [node_id], tooltip=tip))
            mark_tip = f"Mark “{label(node_id)}” as an outcome of the model"
            rows.append(_mark_row("Mark as outcome", [node_id], mark_tip))
        title = f"Stages with no outgoing link, not outcomes ({len(s.dead_ends)})"
        out.append(Group(title, _capped(rows, len(s.dead_ends), MAX_MARK_ROWS)))
    return out


def _mark_row(what: str, stages: list[str], tooltip: str) -> Row:
    """A button saying ``what`` that marks ``stages`` as outcomes."""
    return Row("", action=what, mark=stages, tooltip=tooltip, selectable=False)


def _cut_row(doc: Document, cut: list[str], name) -> Row:
    """A cut set by what the user would do: its interventions, each with its link after
    it (in smaller type)."""
    parts, rich = [], []
    for link_id in cut:
        labels = [
            a.label or "(unnamed intervention)"
            for a in doc.edge(link_id).annotations
            if a.type == "intervention"
        ]
        what, link = " or ".join(labels), name(link_id)
        parts.append(f"{what}  ({link})" if labels else link)
        rich.append(f"{_html(what)} <small>({_html(link)})</small>" if labels else _html(link))
    tooltip = " + ".join(name(k) for k in cut)
    return Row("\n+ ".join(parts), list(cut), tooltip=tooltip, html="<br>+ ".join(rich))


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


def _s(count: int) -> str:
    """The plural ending for ``count`` things ("1 link", "2 links")."""
    return "" if count == 1 else "s"
