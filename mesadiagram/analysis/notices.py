"""The warnings of an analysis, each worded twice: for ``mesadiagram analyze``, which
speaks of the file (stage ids, ``outcome: true``), and for the editor's Analysis panel,
which speaks of what is on screen (stage labels, menus and fields)."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from mesadiagram.analysis.counted import takes_part
from mesadiagram.analysis.coverage import Coverage
from mesadiagram.analysis.cut_sets import MAX_CUT_SIZE, CutSearch
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
    cyclic = not nx.is_directed_acyclic_graph(s.graph)
    cycles = list(nx.simple_cycles(s.graph, length_bound=None)) if cyclic and not large else []
    if cyclic:
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
    reach_outcome = set(s.outcomes)  # (one search back from all outcomes at once)
    stack = list(s.outcomes)
    while stack:
        for before in s.graph.predecessors(stack.pop()):
            if before not in reach_outcome:
                reach_outcome.add(before)
                stack.append(before)
    # (dead ends that are not outcomes are reported on their own, with how to mark them)
    listed_apart = set(s.dead_ends) if s.outcomes_marked else set()
    # (a stage whose links are all evidence is not part of the chain: counted.py)
    loose = [
        n.id
        for n in doc.nodes
        if n.id not in reach_outcome and n.id not in listed_apart and takes_part(doc, n.id)
    ]
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
        out.append(cut_sets_stopped(c.cut_search))
    return out


def cut_sets_stopped(search: CutSearch) -> Notice:
    """What stopped the cut set search, and which sizes it leaves unsure."""
    size = search.stopped_at
    rest = " (and none larger searched)" if size < MAX_CUT_SIZE else ""
    budget = f"{search.budget:,}"
    return Notice(
        f"cut sets of size {size} not all searched: the search stopped at its work budget "
        f"({budget} link visits, {search.links:,} links on paths, {search.candidates} "
        f"with an intervention); some of size {size} may be missing{rest}",
        f"The cut set search stopped at its work budget ({budget} link visits over the "
        f"{search.links:,} links on paths, {search.candidates} with an intervention): some "
        f"cut sets of {size} interventions may be missing{rest}.",
    )


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


def stage_priors_unused(doc: Document, stages: list[str]) -> Notice:
    """Probabilities on stages that have incoming links: only a root's prior is used."""
    many = len(stages) != 1
    return Notice(
        f"probabilit{'ies' if many else 'y'} on stage{'s' * many} {', '.join(stages)} "
        f"not used: only a root (a stage with no incoming link) has a prior; give the "
        f"probability to {'their' if many else 'its'} incoming links instead",
        f"The probability of {_labels(doc, stages)} is not used: only a stage with no "
        "incoming link has a prior. Give the probability to the links into "
        f"{'them' if many else 'it'} instead.",
        tuple(stages),
    )


def estimated(samples: int) -> Notice:
    """Some risk or sensitivity value is a Monte Carlo estimate."""
    return plain(
        f"some numbers are Monte Carlo estimates ({samples:,} samples; too many uncertain "
        "links for exact computation): each is given with its standard error"
    )
