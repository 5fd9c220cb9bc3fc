"""Groups in the layered layout: frames, and keeping each group's stages together.

A group's frame is the union of its stages' boxes padded by :data:`GROUP_PADDING`, with
:data:`GROUP_LABEL_ROOM` more on top for its label (:func:`frame_rect`; the renderer
draws the same rectangle). The layout keeps frames apart from each other and from every
stage outside them. In layout coordinates (``u`` along the layers, ``v`` across) a group
spans an interval of layers; this module makes it one block there:

* every link between two of its stages keeps its dummy nodes in the group, and each layer
  the group spans without a node of its own gets a *placeholder* (a dummy node without
  links) that stands for the frame in that layer (:func:`extend`);
* the crossing reduction sorts each layer with :func:`arrange`: a group's nodes together
  at their mean key, groups among themselves in one order (``rank``) in every layer;
* :mod:`.group_blocks` then moves whole groups across the layers until no frame reaches
  over another block.

What it guarantees, with no stage pinned (fresh, or keeping an earlier layout's order):
no two frames meet and no stage outside a group meets its frame, whatever the links
(a stage between two of a group's stages in the causal order goes beside the frame).
What it does not: with pinned stages, which may not move, the groups are kept together
in each layer but not pushed apart across layers; wrapped into rows when every cut would
split a group; and frames drawn larger than ``FrameRoom`` says (a theme with a larger
unit should pass its own; a label wider than its group's stages, for which the renderer
widens the frame, is not reserved).

With no groups none of this runs, and the layout is exactly what it was without them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from mesadiagram.analysis.layout.ordering import fill_gaps, monotone
from mesadiagram.analysis.layout.structure import LayeredGraph

# As render/group_frames.py draws frames in the built-in themes (unit 1): a theme that
# draws them larger passes its own FrameRoom to the layout.
GROUP_PADDING = 14.0  # between a frame and the boxes of its stages
GROUP_LABEL_ROOM = 26.0  # above the top padding: the band that holds the group's label
MIN_FRAME_GAP = 8.0  # least gap between a frame and anything outside it, whatever the gaps

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class FrameRoom:
    """How far a frame reaches beyond its stages' boxes: ``padding`` on every side, and
    ``label`` more on top (smaller y) for its title."""

    padding: float = GROUP_PADDING
    label: float = GROUP_LABEL_ROOM

    def pads(self, direction: str) -> tuple[float, float, float, float]:
        """(before, after) along the layers, then (before, after) across them: the top
        is across the layers when links run left to right, along them top to bottom."""
        top = self.padding + self.label
        if direction == "TB":
            return top, self.padding, self.padding, self.padding
        return self.padding, self.padding, top, self.padding


def frame_rect(boxes: Iterable[Rect], room: FrameRoom = FrameRoom()) -> Rect | None:
    """The frame around ``boxes`` (x0, y0, x1, y1, y downwards); None without boxes."""
    boxes = list(boxes)
    if not boxes:
        return None
    x0 = min(b[0] for b in boxes) - room.padding
    y0 = min(b[1] for b in boxes) - room.padding - room.label
    x1 = max(b[2] for b in boxes) + room.padding
    y1 = max(b[3] for b in boxes) + room.padding
    return (x0, y0, x1, y1)


def member_lists(node_ids: Sequence[str], groups: Iterable[Sequence[str]]) -> list[list[int]]:
    """Each group's stages as indices (unknown ids and repeats dropped; a stage already in
    an earlier group stays there); groups left empty are dropped."""
    index = {n: i for i, n in enumerate(node_ids)}
    taken: set[int] = set()
    out = []
    for stages in groups:
        members = []
        for s in stages:
            i = index.get(s)
            if i is not None and i not in taken:
                taken.add(i)
                members.append(i)
        if members:
            out.append(members)
    return out


def ties(members: list[list[int]]) -> list[tuple[int, int]]:
    """Pairs that join each group's stages into one component (a star per group)."""
    return [(m[0], v) for m in members for v in m[1:]]


@dataclass
class Grouping:
    """The group of every node of a layered graph (-1: none), which nodes are
    placeholders, and the order of the groups among themselves (``rank``, once fixed)."""

    of: list[int]
    placeholder: list[bool]
    count: int
    rank: list[int] | None = None

    def arrange(
        self,
        layer: list[int],
        keys: list[float | None],
        ref: list[int] | None = None,
        pos: Sequence[int] | Mapping[int, int] | None = None,
        fixed: Sequence[bool] | None = None,
    ) -> list[int]:
        """``layer`` sorted by ``keys`` with each group's nodes together at their mean key,
        ties kept in the current order, and the groups in ``rank`` order once it is fixed.

        A group node without a key takes its group's mean key in this layer, else the mean
        position (``pos``) of its group in the layer ``ref`` the keys come from: so a
        placeholder follows its group. Fixed nodes keep their order (as in the sweeps) except
        where a group must come together.
        """
        of = self.of
        fallback: dict[int, float] = {}
        if any(k is None and of[v] >= 0 for k, v in zip(keys, layer, strict=True)):
            sums: dict[int, list[float]] = {}
            for k, v in zip(keys, layer, strict=True):
                if k is not None and of[v] >= 0:
                    sums.setdefault(of[v], []).append(k)
            if ref is not None and pos is not None:
                at_ref: dict[int, list[float]] = {}
                for w in ref:
                    if of[w] >= 0:
                        at_ref.setdefault(of[w], []).append(pos[w])
                for gi, ps in at_ref.items():
                    if gi not in sums:
                        fallback[gi] = sum(ps) / len(ps)
            fallback.update({gi: sum(ks) / len(ks) for gi, ks in sums.items()})
        filled = fill_gaps(
            [fallback.get(of[v]) if k is None else k for k, v in zip(keys, layer, strict=True)]
        )
        if fixed is not None:
            monotone(filled, [i for i, v in enumerate(layer) if fixed[v]])
        runs: dict[int, list[int]] = {}
        entries: list[tuple[float, int, int]] = []  # key, first index, group (-1: none)
        for i, v in enumerate(layer):
            gi = of[v]
            if gi < 0:
                entries.append((filled[i], i, -1))
            else:
                runs.setdefault(gi, []).append(i)
        for gi, idx in runs.items():
            entries.append((sum(filled[i] for i in idx) / len(idx), idx[0], gi))
        entries.sort()
        if self.rank is not None and len(runs) > 1:
            # the groups take the places groups have, in their one order
            slots = [j for j, e in enumerate(entries) if e[2] >= 0]
            ordered = sorted((entries[j] for j in slots), key=lambda e: self.rank[e[2]])  # type: ignore[index]
            for j, e in zip(slots, ordered, strict=True):
                entries[j] = e
        out: list[int] = []
        for _, i, gi in entries:
            if gi < 0:
                out.append(layer[i])
            else:
                out += [layer[j] for j in sorted(runs[gi], key=lambda j: (filled[j], j))]
        return out

    def normalise(self, layers: list[list[int]]) -> list[list[int]]:
        """Each layer with its groups together, kept where they mostly are (first layer
        first, so a placeholder can follow its group in the layer before)."""
        out: list[list[int]] = []
        pos: dict[int, int] = {}
        for r, layer in enumerate(layers):
            keys: list[float | None] = [
                None if self.placeholder[v] else float(i) for i, v in enumerate(layer)
            ]
            done = self.arrange(layer, keys, out[r - 1] if r else None, pos)
            pos.update((v, i) for i, v in enumerate(done))
            out.append(done)
        return out

    def shared_layers(self, layers: Iterable[list[int]]) -> bool:
        """Do two groups meet in some layer (only then does their order matter)?"""
        for layer in layers:
            seen = {self.of[v] for v in layer if self.of[v] >= 0}
            if len(seen) > 1:
                return True
        return False

    def fix_rank(self, orders: Iterable[list[list[int]]]) -> None:
        """One order of the groups: by the mean relative place of their nodes in the
        layers they span (ties by group index)."""
        total = [0.0] * self.count
        seen = [0] * self.count
        for order in orders:
            for layer in order:
                width = max(len(layer) - 1, 1)
                for i, v in enumerate(layer):
                    gi = self.of[v]
                    if gi >= 0:
                        total[gi] += i / width
                        seen[gi] += 1
        mean = [t / s if s else 0.0 for t, s in zip(total, seen, strict=True)]
        rank = [0] * self.count
        for r, gi in enumerate(sorted(range(self.count), key=lambda gi: (mean[gi], gi))):
            rank[gi] = r
        self.rank = rank


def extend(g: LayeredGraph, members: list[list[int]]) -> Grouping:
    """The grouping of ``g``'s nodes; adds placeholders to ``g`` (dummy nodes without links,
    in the group's component) for layers a group spans but has no node in."""
    of = [-1] * g.size
    for gi, m in enumerate(members):
        for v in m:
            of[v] = gi
    for (a, b), chain, _ in g.chains:
        if of[a] >= 0 and of[a] == of[b]:
            for d in chain[1:-1]:
                of[d] = of[a]
    placeholder = [False] * g.size
    present: list[set[int]] = [set() for _ in members]
    for v in range(g.size):
        if of[v] >= 0:
            present[of[v]].add(g.layer[v])
    comp_of = {v: c for c, comp in enumerate(g.components) for v in comp if v < g.n}
    for gi, m in enumerate(members):
        span = range(min(present[gi]), max(present[gi]) + 1)
        for r in span:
            if r in present[gi]:
                continue
            d = g.size
            g.layer.append(r)
            g.up.append([])
            g.down.append([])
            g.dummy.append(True)
            g.size_u.append(0.0)
            g.size_v.append(0.0)
            g.components[comp_of[m[0]]].append(d)
            of.append(gi)
            placeholder.append(True)
    return Grouping(of, placeholder, len(members))


def gap_function(
    grouping: Grouping,
    size: Sequence[float],
    dummy: Sequence[bool],
    pads: tuple[float, float],
    node_gap: float,
):
    """The least distance between the centres of neighbours ``a`` (before) and ``b`` in a
    layer, frames included: for :class:`~mesadiagram.analysis.layout.coordinates.Placement`."""
    of = grouping.of
    before, after = pads
    frame_gap = max(node_gap / 2, MIN_FRAME_GAP)

    def gap(a: int, b: int) -> float:
        da, db = dummy[a], dummy[b]
        base = (size[a] + size[b]) / 2 + node_gap / (1 + da + db)
        ga, gb = of[a], of[b]
        if ga == gb:
            return base
        reach = (size[a] + size[b]) / 2
        reach += (after if ga >= 0 else 0.0) + (before if gb >= 0 else 0.0)
        # a link slot may pass closer to a frame than a box does
        clear = frame_gap / 2 if (ga < 0 and da) or (gb < 0 and db) else frame_gap
        return max(base, reach + clear)

    return gap
