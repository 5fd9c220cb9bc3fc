"""The warnings of an analysis, each worded twice: for ``mesadiagram analyze``, which
speaks of the file (stage ids, ``outcome: true``), and for the editor's Analysis panel,
which speaks of what is on screen (stage labels, menus and fields)."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from mesadiagram.analysis.coverage import Coverage
from mesadiagram.analysis.graph import real_stages
from mesadiagram.analysis.naming import link_name
from mesadiagram.analysis.structure import Structure
from mesadiagram.model import Document, LinkId

# Where the editor marks a stage as an outcome (the stage's context menu and the inspector).
HOW_TO_MARK = "right-click it > Outcome, or tick Outcome in the Inspector"
CYCLES_LISTED_BELOW = 2000  # links; from there on cycles are detected, not listed


@dataclass(frozen=True)
class Notice:
    """One warning. ``text`` is what the CLI prints and ``--json`` lists; ``editor`` what
    the Analysis panel shows; ``ids`` the stages and links it is about (a click on it in
    the panel highlights them)."""

    text: str
    editor: str
    ids: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.text


def _labels(doc: Document, node_ids: list[str]) -> str:
    return ", ".join(doc.node(n).label for n in node_ids)


def _link(doc: Document, key: LinkId) -> str:
    return link_name(doc, key, labels=True, arrow="→")


def structure_notices(doc: Document, s: Structure, c: Coverage) -> list[Notice]:
    out = []
    large = len(doc.edges) >= CYCLES_LISTED_BELOW
    cycles = [] if large else list(nx.simple_cycles(s.graph, length_bound=None))
    if cycles or (large and not nx.is_directed_acyclic_graph(s.graph)):
        # a cycle through a parallel link passes a virtual stage: show the real ones
        shown = [real_stages([*cyc, cyc[0]]) for cyc in cycles[:3]]
        ids = " ; ".join(" -> ".join(cyc) for cyc in shown) or "several"
        labels = " ; ".join(" → ".join(doc.node(n).label for n in cyc) for cyc in shown)
        out.append(
            Notice(
                f"the model has cycles ({ids}): paths are simple (no stage twice), "
                "and risk counts an outcome reached once whatever the route",
                f"The model has cycles ({labels or 'several'}): a path never visits a stage "
                "twice, and the risk counts an outcome once, whatever the route.",
                tuple(dict.fromkeys(n for cyc in shown for n in cyc)),
            )
        )
    if not s.outcomes:
        out.append(
            Notice(
                "no outcome: mark a stage 'outcome: true' or end a chain",
                f"No outcome: mark the stage the model ends in as an outcome ({HOW_TO_MARK}).",
            )
        )
    reach_outcome = set(s.outcomes)
    for outcome in s.outcomes:
        reach_outcome |= nx.ancestors(s.graph, outcome)
    # (dead ends that are not outcomes are reported on their own, with how to mark them)
    listed_apart = set(s.dead_ends) if s.outcomes_marked else set()
    loose = [n.id for n in doc.nodes if n.id not in reach_outcome and n.id not in listed_apart]
    if loose and s.outcomes:
        out.append(
            Notice(
                "not connected to any outcome: " + ", ".join(loose),
                "Not connected to any outcome: " + _labels(doc, loose),
                tuple(loose),
            )
        )
    for key in c.intervened:
        if key not in s.relevant_links:
            out.append(
                Notice(
                    f"intervention on {link_name(doc, key)}: no path to an outcome uses this link",
                    f"The intervention on {_link(doc, key)} is on no path to an outcome.",
                    (key,),
                )
            )
    if s.paths_capped:
        n = len(s.paths)
        out.append(
            Notice(
                f"more than {n} paths; only the first {n} listed",
                f"More than {n} paths: the search stopped at {n}.",
            )
        )
    if not c.cut_sets_complete:
        out.append(
            Notice(
                "cut sets of size 3 not searched: too many intervened links",
                "Too many links have interventions to search all cut sets: some of three "
                "interventions may be missing.",
            )
        )
    return out


def missing_probabilities(links: list[LinkId]) -> Notice:
    n = len(links)
    some = f"{n} link{'s' * (n != 1)} on paths to an outcome ha{'s' if n == 1 else 've'}"
    return Notice(
        f"{some} no probability; {'it is' if n == 1 else 'they are'} taken as certain (1.0)",
        f"{some} no probability; {'it counts' if n == 1 else 'they count'} as certain (1.0).",
        tuple(links),
    )


def no_effect(doc: Document, key: LinkId, label: str) -> Notice:
    name = label or "(unnamed)"
    return Notice(
        f"intervention '{name}' on {link_name(doc, key)} has no effect given; "
        "it does not change the risk",
        f"The intervention “{name}” on {_link(doc, key)} has no effect given (its Effect in "
        "the Inspector), so it does not change the risk.",
        (key,),
    )


def plain(text: str) -> Notice:
    """A warning worded alike for both (it names nothing from the file)."""
    return Notice(text, text[:1].upper() + text[1:] + ".")
