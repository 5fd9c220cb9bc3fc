"""Every element keeps its id: stages, links (several may join one pair) and annotations.

Ids are what selection, highlights, what-if switches and presentation steps refer to, so an
id must survive editing, undo, redo, saving and loading, and never be held twice. A state
machine drives random edits through the commands and checks that; the plain tests below
cover upgrading version 1 files, parallel links in files, one-line diffs and the file-level
id errors.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from mesadiagram.cli import main
from mesadiagram.formats import FormatError, dumps, loads
from mesadiagram.model import Annotation, Document, Edge, Item, Node, TextBox
from mesadiagram.model.commands import (
    AddEdge,
    AddNode,
    Command,
    RemoveEdge,
    RemoveNode,
    SetAnnotations,
    SetEdgeFields,
    add_annotation,
    remove_annotation,
)
from mesadiagram.model.history import History
from mesadiagram.model.ids import unique_id
from mesadiagram.model.vocabulary_commands import AddBox, RemoveBox, RemoveGroup, group_stages

# Few labels, so that ids collide and get numbered.
STAGE_LABELS = ["Mesa optimizer", "Misalignment", "Deployment", "Catastrophe"]
ANNOTATION_LABELS = ["Proxy", "Proxy", "Cut it", "", "Shut down", "A long label that goes on"]
ANNOTATION_TYPES = ["kind", "mechanism", "caveat", "intervention", "note"]


def identities(doc: Document) -> tuple[tuple, tuple, tuple]:
    """What each id names: links (id -> ends and fields), annotations (id -> owner and
    content), and groups and text boxes (id -> stages, text), in document order."""
    links = tuple((e.id, e.source, e.target, e.label, e.probability) for e in doc.edges)
    annotations = tuple(
        (ann.id, owner, ann.type, ann.label, ann.text) for owner, ann in doc.iter_annotations()
    )
    parts = tuple((g.id, tuple(g.stages)) for g in doc.groups)
    parts += tuple((b.id, b.text) for b in doc.boxes)
    return links, annotations, parts


def check_unique(doc: Document) -> None:
    elements = [n.id for n in doc.nodes] + [e.id for e in doc.edges]
    elements += [g.id for g in doc.groups] + [b.id for b in doc.boxes]  # one namespace
    assert all(elements) and len(elements) == len(set(elements))
    ann_ids = [a.id for _, a in doc.iter_annotations()]
    assert all(ann_ids) and len(ann_ids) == len(set(ann_ids))
    assert doc.annotation_ids() == set(ann_ids)
    for owner, ann in doc.iter_annotations():
        assert doc.annotation(ann.id) == (owner, ann)
        assert doc.annotation(ann.id)[1] is ann
    for edge in doc.edges:
        assert doc.element(edge.id) is edge
        assert edge.id in doc.links_between(edge.source, edge.target)


def before_parts(before: tuple) -> set[str]:
    return {x[0] for x in before[2]}


class IdentityMachine(RuleBasedStateMachine):
    """Random edits through commands, undo, redo and save+load.

    ``states[i]`` is what the ids named after ``i`` commands of the history: undo and redo
    must bring back exactly those, so a redo gives the ids the first apply gave.
    """

    def __init__(self) -> None:
        super().__init__()
        self.doc = Document("identity")
        for label in STAGE_LABELS[:2]:
            self.doc.insert_node(Node(unique_id(label, self.doc.node_ids()), label))
        self.history = History(self.doc)
        self.states = [identities(self.doc)]
        self.index = 0

    # -- helpers ------------------------------------------------------------------------
    def push(self, command: Command) -> None:
        self.history.push(command)
        self.index += 1
        del self.states[self.index :]
        self.states.append(identities(self.doc))

    def owners(self) -> list[str]:
        return [n.id for n in self.doc.nodes] + [e.id for e in self.doc.edges]

    def annotated(self) -> list[str]:
        return [o for o in self.owners() if self.doc.annotations_of(o)]

    def kept(self, before: tuple[tuple, tuple], changed: set[str] = frozenset()) -> None:
        """Every link and annotation of ``before`` still has its id and its content,
        except the annotations in ``changed`` (whose id stays, content may differ)."""
        links_now = {x[0]: x for x in identities(self.doc)[0]}
        anns_now = {x[0]: x for x in identities(self.doc)[1]}
        for link in before[0]:
            assert links_now.get(link[0]) == link
        for ann in before[1]:
            if ann[0] in changed:
                assert ann[0] in anns_now
            else:
                assert anns_now.get(ann[0]) == ann

    # -- stages -------------------------------------------------------------------------
    @rule(label=st.sampled_from(STAGE_LABELS), ann_label=st.sampled_from(ANNOTATION_LABELS))
    def add_stage(self, label: str, ann_label: str) -> None:
        before = identities(self.doc)
        node_id = unique_id(label, self.doc.taken_ids())  # (groups and boxes' ids too)
        # Its annotation comes without an id: the document gives one.
        self.push(AddNode(Node(node_id, label, annotations=[Annotation("kind", ann_label)])))
        self.kept(before)
        assert len(self.doc.annotations_of(node_id)) == 1

    @precondition(lambda self: len(self.doc.nodes) > 2)
    @rule(data=st.data())
    def remove_stage(self, data: st.DataObject) -> None:
        node_id = data.draw(st.sampled_from([n.id for n in self.doc.nodes]))
        gone = {node_id, *self.doc.incident_edges(node_id)}
        before = identities(self.doc)
        self.push(RemoveNode(node_id))
        survivors = (
            tuple(x for x in before[0] if x[0] not in gone),
            tuple(x for x in before[1] if x[1] not in gone),
        )
        assert identities(self.doc)[:2] == survivors

    # -- links --------------------------------------------------------------------------
    @rule(data=st.data(), chosen=st.sampled_from(["", "", "", "cut", "a->b"]))
    def add_link(self, data: st.DataObject, chosen: str) -> None:
        """Links between a pair that is already linked, either way, are welcome."""
        ids = [n.id for n in self.doc.nodes]
        source = data.draw(st.sampled_from(ids))
        target = data.draw(st.sampled_from([i for i in ids if i != source]))
        if self.doc.has_element(chosen):
            chosen = ""
        already = self.doc.links_between(source, target)
        # ``a->b`` may be taken with no link from a to b yet: by a stage so named, or by a
        # numbered link (the second link from a to ``b`` is ``a->b-2``, the default id of
        # a link from a to a stage ``b-2``).
        default_free = not self.doc.has_element(f"{source}->{target}")
        before = identities(self.doc)
        ann = Annotation("intervention", data.draw(st.sampled_from(ANNOTATION_LABELS)))
        self.push(AddEdge(Edge(source, target, label="new", id=chosen, annotations=[ann])))
        self.kept(before)
        links = self.doc.links_between(source, target)
        assert links[: len(already)] == already and len(links) == len(already) + 1
        if chosen:
            assert links[-1] == chosen
        elif default_free:
            assert links[-1] == f"{source}->{target}"
        else:
            assert links[-1].startswith(f"{source}->{target}-")

    @precondition(lambda self: self.doc.edges)
    @rule(data=st.data())
    def remove_link(self, data: st.DataObject) -> None:
        link_id = data.draw(st.sampled_from([e.id for e in self.doc.edges]))
        before = identities(self.doc)
        self.push(RemoveEdge(link_id))
        assert not self.doc.has_edge(link_id)
        survivors = (
            tuple(x for x in before[0] if x[0] != link_id),
            tuple(x for x in before[1] if x[1] != link_id),
        )
        assert identities(self.doc)[:2] == survivors

    @precondition(lambda self: self.doc.edges)
    @rule(data=st.data(), probability=st.sampled_from([None, 0.25, 0.5]))
    def edit_link(self, data: st.DataObject, probability: float | None) -> None:
        link_id = data.draw(st.sampled_from([e.id for e in self.doc.edges]))
        self.push(SetEdgeFields(link_id, label="renamed", probability=probability))
        assert self.doc.edge(link_id).label == "renamed"  # a new label, the same id

    # -- annotations --------------------------------------------------------------------
    @rule(
        data=st.data(),
        type_name=st.sampled_from(ANNOTATION_TYPES),
        label=st.sampled_from(ANNOTATION_LABELS),
        copy_one=st.booleans(),
    )
    def attach(self, data: st.DataObject, type_name: str, label: str, copy_one: bool) -> None:
        owner = data.draw(st.sampled_from(self.owners()))
        existing = [a for _, a in self.doc.iter_annotations()]
        # A copy of an existing annotation (as a paste makes) must not take its id.
        ann = data.draw(st.sampled_from(existing)) if copy_one and existing else None
        ann = ann.clone() if ann else Annotation(type_name, label, items=[Item("m")])
        index = data.draw(st.integers(0, len(self.doc.annotations_of(owner))))
        before = identities(self.doc)
        self.push(add_annotation(self.doc, owner, ann, index))
        self.kept(before)
        new = self.doc.annotations_of(owner)[index]
        assert new.id not in {x[0] for x in before[1]}

    @precondition(lambda self: self.annotated())
    @rule(data=st.data())
    def detach(self, data: st.DataObject) -> None:
        owner = data.draw(st.sampled_from(self.annotated()))
        index = data.draw(st.integers(0, len(self.doc.annotations_of(owner)) - 1))
        gone = self.doc.annotations_of(owner)[index].id
        before = identities(self.doc)
        self.push(remove_annotation(self.doc, owner, index))
        assert not self.doc.has_annotation(gone)
        self.kept((before[0], tuple(x for x in before[1] if x[0] != gone)))

    @precondition(lambda self: self.annotated())
    @rule(data=st.data())
    def reorder(self, data: st.DataObject) -> None:
        owner = data.draw(st.sampled_from(self.annotated()))
        current = [a.clone() for a in self.doc.annotations_of(owner)]
        order = data.draw(st.permutations(range(len(current))))
        before = identities(self.doc)
        self.push(SetAnnotations(owner, [current[i] for i in order], "Reorder"))
        assert [a.id for a in self.doc.annotations_of(owner)] == [current[i].id for i in order]
        self.kept(before)

    @precondition(lambda self: self.annotated())
    @rule(data=st.data(), label=st.sampled_from(ANNOTATION_LABELS))
    def edit_annotation(self, data: st.DataObject, label: str) -> None:
        """Renaming keeps the id, even when the new label would slug to another one's."""
        owner = data.draw(st.sampled_from(self.annotated()))
        current = [a.clone() for a in self.doc.annotations_of(owner)]
        index = data.draw(st.integers(0, len(current) - 1))
        current[index].label = label + " (edited)"
        current[index].text = "changed"
        before = identities(self.doc)
        self.push(SetAnnotations(owner, current, "Edit annotation"))
        edited = self.doc.annotations_of(owner)[index]
        assert edited.id == current[index].id and edited.label == label + " (edited)"
        self.kept(before, changed={edited.id})

    # -- groups and text boxes ---------------------------------------------------------
    @rule(data=st.data(), label=st.sampled_from(STAGE_LABELS))
    def group(self, data: st.DataObject, label: str) -> None:
        """A group's id is a slug of its label, numbered past every id of any kind."""
        free = [n.id for n in self.doc.nodes if self.doc.group_of(n.id) is None]
        if not free:
            return
        chosen = data.draw(st.lists(st.sampled_from(free), min_size=1, unique=True))
        before = identities(self.doc)
        self.push(group_stages(self.doc, chosen, label))
        self.kept(before)
        assert self.doc.groups[-1].id == unique_id(label, {*self.owners(), *before_parts(before)})

    @rule(text=st.sampled_from(ANNOTATION_LABELS))
    def add_box(self, text: str) -> None:
        before = identities(self.doc)
        self.push(AddBox(TextBox("", text or "Key", (0.0, 0.0))))
        self.kept(before)

    @precondition(lambda self: self.doc.groups or self.doc.boxes)
    @rule(data=st.data())
    def remove_part(self, data: st.DataObject) -> None:
        ids = [g.id for g in self.doc.groups] + [b.id for b in self.doc.boxes]
        gone = data.draw(st.sampled_from(ids))
        self.push(RemoveGroup(gone) if self.doc.has_group(gone) else RemoveBox(gone))
        assert not self.doc.has_id(gone)

    # -- history and files --------------------------------------------------------------
    @precondition(lambda self: self.history.can_undo())
    @rule()
    def undo(self) -> None:
        self.history.undo()
        self.index -= 1
        assert identities(self.doc) == self.states[self.index]

    @precondition(lambda self: self.history.can_redo())
    @rule()
    def redo(self) -> None:
        self.history.redo()
        self.index += 1
        assert identities(self.doc) == self.states[self.index]

    @rule(reopen=st.booleans())
    def save_and_load(self, reopen: bool) -> None:
        text = dumps(self.doc)
        loaded = loads(text)
        assert loaded == self.doc
        assert identities(loaded) == identities(self.doc)
        assert dumps(loaded) == text
        if reopen:  # go on editing the loaded document, as after File > Open
            self.doc = loaded
            self.history = History(loaded)
            self.states = [identities(loaded)]
            self.index = 0

    @invariant()
    def ids_are_unique(self) -> None:
        check_unique(self.doc)


IdentityMachine.TestCase.settings = settings(
    max_examples=150,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestIdentity = IdentityMachine.TestCase


# -- version 1 files ------------------------------------------------------------------------
V1_FILE = """\
mesadiagram: 1
title: Before ids

nodes:
  - id: mesa
    label: Mesa optimizer
    annotations:
      - type: kind
        label: Proxy
      - type: kind
        label: Proxy
      - type: note
  - id: misalignment
    label: Misalignment

edges:
  - from: mesa
    to: misalignment
    probability: 0.5
    annotations:
      - type: intervention
        label: Cut it
        items:
          - Interpretability
"""


def test_a_version_1_file_gets_ids_and_saves_as_version_2() -> None:
    doc = loads(V1_FILE, "old.yaml")
    assert [e.id for e in doc.edges] == ["mesa->misalignment"]
    assert [a.id for _, a in doc.iter_annotations()] == ["proxy", "proxy-2", "note", "cut-it"]
    assert loads(V1_FILE) == doc  # the same file always gives the same ids
    text = dumps(doc)
    assert text.startswith("mesadiagram: 2\n")
    assert "      - id: proxy\n        type: kind\n        label: Proxy\n" in text
    assert "      - id: proxy-2\n        type: kind\n" in text
    assert "      - id: note\n        type: note\n" in text
    assert "      - id: cut-it\n        type: intervention\n" in text
    assert "  - from: mesa\n" in text  # the link's id is its default: not written
    again = loads(text)
    assert again == doc
    assert identities(again) == identities(doc)
    assert dumps(again) == text


def test_fmt_upgrades_a_version_1_file(tmp_path: Path, capsys) -> None:
    path = tmp_path / "old.yaml"
    path.write_text(V1_FILE, encoding="utf-8")
    assert main(["fmt", "--check", str(path)]) == 1
    assert main(["fmt", str(path)]) == 0
    capsys.readouterr()
    text = path.read_text(encoding="utf-8")
    assert text == dumps(loads(V1_FILE))
    assert text.startswith("mesadiagram: 2\n")
    assert identities(loads(text)) == identities(loads(V1_FILE))
    assert main(["fmt", "--check", str(path)]) == 0


# -- parallel links in files ----------------------------------------------------------------
PARALLEL_V1 = """\
mesadiagram: 1

nodes:
  - id: a
    label: A
  - id: b
    label: B

edges:
  - from: a
    to: b
    label: first
  - from: a
    to: b
    label: second
  - from: b
    to: a
"""


def test_two_links_between_one_pair_open_and_round_trip() -> None:
    doc = loads(PARALLEL_V1, "old.yaml")
    assert [(e.id, e.label) for e in doc.edges] == [
        ("a->b", "first"),
        ("a->b-2", "second"),
        ("b->a", ""),
    ]
    text = dumps(doc)
    # Only the second link needs its id written; the others have their default.
    assert text.count("id: a->b") == 1
    assert "  - id: a->b-2\n    from: a\n    to: b\n    label: second\n" in text
    assert "  - from: a\n    to: b\n    label: first\n" in text
    assert "  - from: b\n    to: a\n" in text
    assert loads(text) == doc
    assert dumps(loads(text)) == text


def test_a_link_keeps_its_numbered_id_when_the_first_goes() -> None:
    doc = loads(PARALLEL_V1)
    history = History(doc)
    history.push(RemoveEdge("a->b"))
    text = dumps(doc)
    assert "  - id: a->b-2\n" in text  # not its default any more: written
    assert [e.id for e in loads(text).edges] == ["a->b-2", "b->a"]
    # A new link between the pair takes the free default, and is written without an id.
    history.push(AddEdge(Edge("a", "b", label="third")))
    assert doc.links_between("a", "b") == ["a->b-2", "a->b"]
    assert [e.id for e in loads(dumps(doc)).edges] == ["a->b-2", "b->a", "a->b"]
    history.undo()
    history.undo()
    assert [e.id for e in doc.edges] == ["a->b", "a->b-2", "b->a"]


def test_ids_given_further_down_the_file_are_reserved_first() -> None:
    """A link or an annotation without an id never takes one the file gives later on."""
    text = (
        "mesadiagram: 2\nnodes:\n"
        "  - id: a\n    label: A\n    annotations:\n      - type: kind\n        label: Proxy\n"
        "  - id: b\n    label: B\n    annotations:\n      - id: proxy\n        type: note\n"
        "edges:\n"
        "  - from: a\n    to: b\n    annotations:\n      - type: note\n        label: Proxy\n"
        "  - id: a->b\n    from: a\n    to: b\n"
    )
    doc = loads(text)
    assert [e.id for e in doc.edges] == ["a->b-2", "a->b"]
    assert [(o, a.id) for o, a in doc.iter_annotations()] == [
        ("a", "proxy-2"),
        ("b", "proxy"),
        ("a->b-2", "proxy-3"),
    ]
    canonical = dumps(doc)
    assert loads(canonical) == doc
    assert dumps(loads(canonical)) == canonical


# -- one field, one line --------------------------------------------------------------------
BASE = """\
mesadiagram: 2

nodes:
  - id: a
    label: A
    probability: 0.5
    annotations:
      - id: proxy
        type: kind
        label: Proxy
  - id: b
    label: B

edges:
  - from: a
    to: b
    label: leads to
    probability: 0.25
    annotations:
      - id: cut-it
        type: intervention
        label: Cut it
        effect: 0.5
  - id: a->b-2
    from: a
    to: b
    label: also
"""


def one_line_diff(before: str, after: str) -> tuple[str, str]:
    old, new = before.splitlines(), after.splitlines()
    diff = [
        line
        for line in difflib.unified_diff(old, new, lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert len(old) == len(new) and len(diff) == 2, diff
    return diff[0][1:], diff[1][1:]


def test_base_is_canonical() -> None:
    assert dumps(loads(BASE)) == BASE


def _edited(edit) -> str:
    doc = loads(BASE)
    History(doc).push(edit(doc))
    return dumps(doc)


def _rename_annotation(doc: Document) -> Command:
    anns = [a.clone() for a in doc.annotations_of("a")]
    anns[0].label = "Proxy alignment"  # would slug to another id: the id stays "proxy"
    return SetAnnotations("a", anns, "Rename")


def _rename_link_annotation(doc: Document) -> Command:
    anns = [a.clone() for a in doc.annotations_of("a->b")]
    anns[0].label = "Cut it off"
    return SetAnnotations("a->b", anns, "Rename")


@pytest.mark.parametrize(
    ("edit", "line"),
    [
        (_rename_annotation, ("        label: Proxy", "        label: Proxy alignment")),
        (_rename_link_annotation, ("        label: Cut it", "        label: Cut it off")),
        (
            lambda d: SetEdgeFields("a->b", label="causes"),
            ("    label: leads to", "    label: causes"),
        ),
        (lambda d: SetEdgeFields("a->b-2", label="too"), ("    label: also", "    label: too")),
        (
            lambda d: SetEdgeFields("a->b", probability=0.75),
            ("    probability: 0.25", "    probability: 0.75"),
        ),
        (
            lambda d: SetEdgeFields("a->b-2", label="also"),  # no change: checked below
            None,
        ),
    ],
)
def test_one_field_change_is_a_one_line_diff(edit, line) -> None:
    after = _edited(edit)
    if line is None:
        assert after == BASE
        return
    assert one_line_diff(BASE, after) == line
    assert identities(loads(after))[1][0][0] == "proxy"  # ids kept through the edit


def test_stage_probability_change_is_a_one_line_diff() -> None:
    doc = loads(BASE)
    doc.update_node("a", probability=0.6)
    assert one_line_diff(BASE, dumps(doc)) == ("    probability: 0.5", "    probability: 0.6")


# -- errors about ids in a file -------------------------------------------------------------
def _problems(text: str) -> list[str]:
    with pytest.raises(FormatError) as info:
        loads(text, "model.yaml")
    return [str(p) for p in info.value.problems]


def test_duplicate_annotation_id_is_an_error_at_its_place() -> None:
    text = BASE.replace("      - id: cut-it\n", "      - id: proxy\n")
    assert _problems(text) == [
        "model.yaml:20:13: edges[0].annotations[0].id: "
        "duplicate annotation id 'proxy' (first at line 8)"
    ]


def test_link_id_equal_to_a_stage_id_is_an_error_at_its_place() -> None:
    text = BASE.replace("  - id: a->b-2\n", "  - id: b\n")
    assert _problems(text) == ["model.yaml:24:9: edges[1].id: duplicate id 'b' (first at line 11)"]


def test_link_id_given_twice_is_an_error_at_its_place() -> None:
    text = BASE.replace("  - from: a\n    to: b\n    label: leads to", "  - id: a->b-2\n"
                        "    from: a\n    to: b\n    label: leads to")  # fmt: skip
    assert _problems(text) == [
        "model.yaml:25:9: edges[1].id: duplicate id 'a->b-2' (first at line 15)"
    ]


# -- chosen link ids ------------------------------------------------------------------------
def test_a_link_id_that_is_not_the_default_is_written_and_read_back() -> None:
    doc = Document()
    doc.insert_node(Node("a", "A"))
    doc.insert_node(Node("b", "B"))
    History(doc).push(AddEdge(Edge("a", "b", id="training-signal", label="via")))
    text = dumps(doc)
    assert "edges:\n  - id: training-signal\n    from: a\n    to: b\n    label: via\n" in text
    again = loads(text)
    assert [e.id for e in again.edges] == ["training-signal"]
    assert again == doc
    assert dumps(again) == text
    # With a chosen id, a second link between the pair takes the default, unwritten.
    again.insert_edge(Edge("a", "b"))
    assert again.links_between("a", "b") == ["training-signal", "a->b"]
    assert dumps(again).endswith("  - from: a\n    to: b\n")
