"""Changes between two versions of a document, said in the model's words.

``describe(old, new)`` turns the changes of ``model/diff.py`` into sentences such as
"stage 'Gradient hacking' added", "probability of Mesa optimizer -> Misalignment 0.5 ->
0.3" or "intervention 'prevent catastrophe' added to Unanticipated behaviour ->
Catastrophe". Stages are named by label, links by the labels of their stages (a link
label or id is added when several links join the same stages). Moves (a stage's or text
box's position, a link's route) are left out unless ``positions`` is set. ``facts(doc)``
says a whole document as one line per fact, for ``git diff``'s textconv. Pure Python.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from mesadiagram.model.diff import ADDED, CHANGED, PARTS, REMOVED, Change, changes
from mesadiagram.model.document import Document
from mesadiagram.model.presentation import Presentation
from mesadiagram.model.scenario_words import (
    SCENARIO_FIELDS,
    is_range,
    probability_sentence,
    probability_text,
    scenario_facts,
    scenario_sentences,
)

MOVES = {("stage", "position"), ("link", "route"), ("text box", "position")}
"""Changes that only move something on the canvas."""
WORDS = {"stage_class": "class", "color": "colour", "refs": "references", "source": "start"}
SHORT = 60  # characters of a text quoted in a sentence


def is_move(change: Change) -> bool:
    return (change.kind, change.field) in MOVES


def _flat(text: str) -> str:
    return " ".join(text.split())


def quoted(text: str, limit: int | None = SHORT) -> str:
    """``text`` in single quotes, on one line, cut at ``limit`` characters."""
    text = _flat(text)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


def number(value: float) -> str:
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def value_text(value: Any, limit: int | None = SHORT) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return number(value)
    if isinstance(value, str):
        return quoted(value, limit)
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, float) for v in value):
        return f"({number(value[0])}, {number(value[1])})"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(value_text(v, limit) for v in value) + "]"
    text = _flat(str(value))
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == ()


def _number_like(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def field_sentence(field: str, name: str, before: Any, after: Any) -> str:
    """``field`` of ``name`` set, removed or changed."""
    what = f"{WORDS.get(field, field.replace('_', ' '))} of {name}"
    if field == "probability" and (is_range(before) or is_range(after)):
        return probability_sentence(what, before, after)
    if _empty(before):
        return f"{what} set to {value_text(after)}"
    if _empty(after):
        return f"{what} removed (was {value_text(before)})"
    if _number_like(before) and _number_like(after):
        return f"{what} {number(before)} -> {number(after)}"
    return f"{what} changed from {value_text(before)} to {value_text(after)}"


class Names:
    """Stage and link names, from the newer version first (a removed one from the older)."""

    quoted = staticmethod(quoted)

    def __init__(self, *docs: Document) -> None:
        self.labels: dict[str, str] = {}
        self.links: dict[str, Any] = {}
        self.pairs: dict[tuple[str, str], int] = {}
        self.annotations: dict[str, Any] = {}  # (scenarios name interventions by id)
        for doc in reversed(docs):
            self.labels.update((n.id, n.label) for n in doc.nodes)
            self.links.update((e.id, e) for e in doc.edges)
            if doc.scenarios:
                self.annotations.update((a.id, a) for _, a in doc.iter_annotations())
        for doc in docs:
            counts: dict[tuple[str, str], int] = {}
            for e in doc.edges:
                counts[(e.source, e.target)] = counts.get((e.source, e.target), 0) + 1
            for pair, n in counts.items():
                self.pairs[pair] = max(self.pairs.get(pair, 0), n)

    def stage(self, stage_id: str) -> str:
        return f"stage {quoted(self.labels.get(stage_id, stage_id))}"

    def link(self, edge: Any) -> str:
        """``A -> B``, with the link's label or id when several links join A and B."""
        ends = (edge.source, edge.target)
        name = " -> ".join(_flat(self.labels.get(s, s)) for s in ends)
        if self.pairs.get(ends, 0) > 1:
            name += f" ({quoted(edge.label)})" if edge.label else f" [{edge.id}]"
        return name

    def owner(self, owner_id: str) -> str:
        if owner_id in self.links:
            return self.link(self.links[owner_id])
        return self.stage(owner_id)

    def element(self, kind: str, element: Any) -> str:
        if kind == "stage":
            return f"stage {quoted(element.label)}"
        if kind == "link":
            return self.link(element)
        label = next(
            (getattr(element, k) for k in ("label", "name", "text", "id")
             if isinstance(getattr(element, k, None), str) and getattr(element, k)),
            "",
        )  # fmt: skip
        return f"{kind} {quoted(label)}" if label else kind


def _annotation_name(ann: Any) -> str:
    label = ann.label or ann.text
    return f"{ann.type} {quoted(label)}" if label else ann.type


def _list_sentences(word: str, name: str, before: list, after: list, show=quoted) -> Iterator[str]:
    """Entries of a list field added to or removed from ``name`` (or reordered)."""
    added = [v for v in after if v not in before]
    removed = [v for v in before if v not in after]
    for v in added:
        yield f"{word} {show(v)} added to {name}"
    for v in removed:
        yield f"{word} {show(v)} removed from {name}"
    if not added and not removed:
        yield f"{word}s of {name} reordered"


def _items(ann: Any, owner: str, before: list, after: list) -> Iterator[str]:
    word = "method" if ann.type == "intervention" else "item"
    name = f"{_annotation_name(ann)} on {owner}"
    old = {i.label: i for i in before}
    new = {i.label: i for i in after}
    if len(old) < len(before) or len(new) < len(after):  # labels repeat: say it as a whole
        yield f"{word}s of {name} changed"
        return
    yield from _list_sentences(word, name, list(old), list(new))
    for label in old.keys() & new.keys():
        if old[label].text != new[label].text:
            yield field_sentence("text", f"{word} {quoted(label)} of {name}", old[label].text,
                                 new[label].text)  # fmt: skip


def _annotation_sentences(c: Change, names: Names, old_names: Names) -> Iterator[str]:
    ann = c.element
    if c.status == ADDED:
        yield f"{_annotation_name(ann)} added to {names.owner(c.owner)}"
        return
    if c.status == REMOVED:
        yield f"{_annotation_name(ann)} removed from {old_names.owner(c.owner)}"
        return
    owner = names.owner(c.owner)
    was = _annotation_name(c.old_element)
    if c.field == "label":
        yield (
            f"{was} on {owner} renamed to {quoted(c.after)}"
            if c.after
            else (f"label of {was} on {owner} removed")
        )
    elif c.field == "type":
        article = "an" if c.after[:1] in "aeiou" else "a"
        yield f"{was} on {owner} is now {article} {c.after}"
    elif c.field == "owner":
        yield f"{was} moved from {old_names.owner(c.before)} to {owner}"
    elif c.field == "items":
        yield from _items(ann, owner, c.before, c.after)
    elif c.field == "refs":
        yield from _list_sentences("reference", f"{was} on {owner}", c.before, c.after)
    else:
        yield field_sentence(c.field, f"{was} on {owner}", c.before, c.after)


def _element_sentences(c: Change, names: Names, old_names: Names) -> Iterator[str]:
    if c.status in (ADDED, REMOVED):
        known = names if c.status == ADDED else old_names
        what = known.element(c.kind, c.element)
        yield f"{'link ' if c.kind == 'link' else ''}{what} {c.status}"
        return
    old_name = old_names.element(c.kind, c.old_element)
    name = names.element(c.kind, c.element)
    if c.field in ("label", "name") and c.kind != "link" and not _empty(c.before):
        yield (
            f"{old_name} renamed to {quoted(c.after)}" if c.after else f"{old_name}: label removed"
        )
    elif c.field == "outcome":
        yield f"{name} {'marked as an outcome' if c.after else 'no longer marked as an outcome'}"
    elif c.field == "pinned":
        yield f"{name} {'pinned' if c.after else 'unpinned'}"
    elif c.field in ("source", "target"):
        end = names.stage(c.after)
        verb = "now starts at" if c.field == "source" else "now leads to"
        yield f"link {old_names.link(c.old_element)} {verb} {end}"
    elif c.field == "refs":
        yield from _list_sentences("reference", name, c.before, c.after)
    elif c.field == "stages" and isinstance(c.after, list):
        yield from _list_sentences("stage", name, c.before, c.after,
                                   show=lambda s: quoted(names.labels.get(s, s)))  # fmt: skip
    elif is_move(c):
        yield (
            f"{name} moved from {value_text(c.before)} to {value_text(c.after)}"
            if (c.kind != "link")
            else f"route of {name} changed"
        )
    else:
        yield field_sentence(c.field, name, c.before, c.after)


def _presentation_sentences(before: Presentation, after: Presentation) -> Iterator[str]:
    for f in dataclasses.fields(Presentation):
        if f.name != "steps" and getattr(before, f.name) != getattr(after, f.name):
            yield field_sentence(f.name, "the presentation", getattr(before, f.name),
                                 getattr(after, f.name))  # fmt: skip
    if before.steps != after.steps:
        if after.steps is None:
            yield "presentation steps back to the generated order"
        elif before.steps is None:
            yield f"presentation steps set by hand ({len(after.steps)} steps)"
        else:
            yield f"presentation steps changed ({len(before.steps)} -> {len(after.steps)} steps)"


def sentences(c: Change, names: Names, old_names: Names) -> Iterator[str]:
    """What one change did, in words (usually one sentence)."""
    if c.kind == "annotation":
        yield from _annotation_sentences(c, names, old_names)
    elif c.kind == "presentation":
        yield from _presentation_sentences(c.before, c.after)
    elif c.kind == "order":
        yield f"order of {c.id} changed"
    elif c.kind == "document":
        if c.field == "refs":
            yield from _list_sentences("reference", "the document", c.before, c.after)
        else:
            yield field_sentence(c.field, "the document", c.before, c.after).replace(
                " of the document", ""
            )
    elif c.kind == "scenario" and c.field in SCENARIO_FIELDS:
        yield from scenario_sentences(c, names, old_names)
    elif c.kind == "type":
        what = f"annotation type {quoted(c.id)}"
        if c.status != CHANGED:
            yield f"{what} {'declared' if c.status == ADDED else 'removed'}"
        else:
            yield field_sentence(c.field, what, c.before, c.after)
    else:
        yield from _element_sentences(c, names, old_names)


def describe(old: Document, new: Document, positions: bool = False) -> list[str]:
    """Every change from ``old`` to ``new`` in words; moves only with ``positions``.

    The annotations of a removed stage or link are counted in its line, not listed."""
    names, old_names = Names(new, old), Names(old, new)
    found = changes(old, new)
    gone = {c.id for c in found if c.status == REMOVED and c.kind in ("stage", "link")}
    with_it: dict[str, int] = {}
    for c in found:
        if c.kind == "annotation" and c.status == REMOVED and c.owner in gone:
            with_it[c.owner] = with_it.get(c.owner, 0) + 1
    out: list[str] = []
    for c in found:
        if c.kind == "annotation" and c.status == REMOVED and c.owner in gone:
            continue
        if positions or not is_move(c):
            said = list(sentences(c, names, old_names))
            n = with_it.get(c.id, 0) if c.status == REMOVED else 0
            if n and c.kind in ("stage", "link"):
                said[0] += f" with its {n} annotation{'s' if n != 1 else ''}"
            out += said
    return out


def only_moves(old: Document, new: Document) -> bool:
    """Whether the documents differ only in positions and routes."""
    found = changes(old, new)
    return bool(found) and all(is_move(c) for c in found)


def summary(doc: Document) -> str:
    """``7 stages, 8 links, 21 annotations``."""
    counts = (
        (len(doc.nodes), "stage"),
        (len(doc.edges), "link"),
        (sum(1 for _ in doc.iter_annotations()), "annotation"),
    )
    return ", ".join(f"{n} {word}{'s' if n != 1 else ''}" for n, word in counts)


# -- the whole document as lines, for git's textconv ------------------------------------------
def _default(f: dataclasses.Field) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return dataclasses.MISSING


def _field_facts(head: str, element: Any, skip: tuple[str, ...], positions: bool) -> Iterator[str]:
    """``head: field value`` for each field that is not its default."""
    for f in dataclasses.fields(element):
        value = getattr(element, f.name)
        if f.name in skip or value == _default(f) or _empty(value):
            continue
        if f.name in ("position", "route") and not positions:
            continue
        word = WORDS.get(f.name, f.name.replace("_", " "))
        if f.name == "refs":
            yield from (f"{head}: reference {quoted(r, None)}" for r in value)
        elif f.name == "items":
            item = "method" if getattr(element, "type", "") == "intervention" else "item"
            yield from (
                f"{head}: {item} {quoted(i.label, None)}"
                + (f": {quoted(i.text, None)}" if i.text else "")
                for i in value
            )
        elif isinstance(value, bool):
            yield f"{head}: {word}"
        elif f.name == "probability":
            yield f"{head}: {word} {probability_text(value)}"
        else:
            yield f"{head}: {word} {value_text(value, None)}"


def facts(doc: Document, positions: bool = False) -> list[str]:
    """The document as one line per fact, each saying which element it is about, so
    that a line diff of two versions reads as what changed (positions only with
    ``positions``)."""
    names = Names(doc)
    out = [f"{name} {value_text(getattr(doc, name), None)}" for name in ("title", "description")
           if getattr(doc, name)]  # fmt: skip
    out += [f"reference {quoted(r, None)}" for r in doc.refs]
    for t in doc.types.values():
        out.append(f"annotation type {quoted(t.name)}: {t.plural}, {t.color}, {t.icon}")
    for f in dataclasses.fields(Presentation):
        value = getattr(doc.presentation, f.name)
        if value != _default(f):
            out.append(f"presentation {f.name} {value_text(value, None)}")
    owners = [(names.stage(n.id), n, ("id", "label", "annotations")) for n in doc.nodes]
    owners += [(f"link {names.link(e)}", e, ("id", "source", "target", "annotations"))
               for e in doc.edges]  # fmt: skip
    for head, element, skip in owners:
        out.append(f"{head} [{element.id}]")
        out += _field_facts(head, element, skip, positions)
        for ann in element.annotations:
            ann_head = f"{head}: {_annotation_name_full(ann)}"
            out.append(f"{ann_head} [{ann.id}]")
            out += _field_facts(ann_head, ann, ("id", "type", "label"), positions)
    for attr, word in PARTS:
        section = getattr(doc, attr, None) or ()
        for entry in section.values() if isinstance(section, dict) else section:
            head = names.element(word, entry)
            out.append(head)
            if word == "scenario":
                out += scenario_facts(head, entry, names)
            elif dataclasses.is_dataclass(entry):
                out += _field_facts(head, entry, ("id", "name", "label"), positions)
    return out


def _annotation_name_full(ann: Any) -> str:
    return f"{ann.type} {quoted(ann.label, None)}" if ann.label else ann.type
