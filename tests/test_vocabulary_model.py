"""Link types, stage classes, groups and text boxes in the model, headless: the built-ins,
the rules a document keeps (with the messages the editor shows), the events, and every
command's undo and redo, alone and in random sequences (a Hypothesis state machine)."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from mesadiagram.formats import dumps, loads
from mesadiagram.model import (
    BUILTIN_LINK_TYPES,
    BUILTIN_STAGE_CLASSES,
    DEFAULT_LINK_TYPE,
    DEFAULT_STAGE_CLASS,
    HEADS,
    LINE_STYLES,
    SHAPES,
    Document,
    Edge,
    Group,
    LinkType,
    Node,
    StageClass,
    TextBox,
)
from mesadiagram.model import events as ev
from mesadiagram.model.commands import (
    AddEdge,
    AddNode,
    Command,
    Macro,
    MoveNodes,
    RemoveEdge,
    RemoveNode,
    SetEdgeFields,
    SetNodeFields,
)
from mesadiagram.model.history import History
from mesadiagram.model.ids import unique_id
from mesadiagram.model.vocabulary_commands import (
    AddBox,
    AddGroup,
    RemoveBox,
    RemoveGroup,
    SetBoxFields,
    SetGroupFields,
    SetLinkTypes,
    SetStageClasses,
    add_to_group,
    group_stages,
    remove_from_group,
    replace_link_type,
    replace_stage_class,
    set_link_type,
    set_stage_class,
)

YES = LinkType("yes", "Yes", color="#009E73")
CLAIM = StageClass("claim", "Claim", shape="note")


def chain() -> Document:
    doc = Document("t")
    for i, label in enumerate(["Base", "Mesa", "Misaligned", "Deployed"]):
        doc.insert_node(Node(label.lower(), label, position=(i * 200.0, 0.0)))
    for a, b in (("base", "mesa"), ("mesa", "misaligned"), ("misaligned", "deployed")):
        doc.insert_edge(Edge(a, b))
    return doc


# -- the built-ins --------------------------------------------------------------------------
def test_built_in_link_types_differ_in_line_or_head() -> None:
    styles = [(t.line, t.head) for t in BUILTIN_LINK_TYPES.values()]
    assert len(set(styles)) == len(styles) == 4
    assert list(BUILTIN_LINK_TYPES) == ["causes", "enables", "supports", "undermines"]
    risky = [t.name for t in BUILTIN_LINK_TYPES.values() if t.carries_risk]
    assert risky == ["causes", "enables"]
    assert BUILTIN_LINK_TYPES["undermines"].head == "bar"
    assert DEFAULT_LINK_TYPE == "causes" and BUILTIN_LINK_TYPES["causes"].line == "solid"


def test_built_in_stage_classes() -> None:
    shapes = {c.name: c.shape for c in BUILTIN_STAGE_CLASSES.values()}
    assert shapes == {
        "event": "rounded",
        "question": "hexagon",
        "actor": "stadium",
        "capability": "parallelogram",
    }
    assert DEFAULT_STAGE_CLASS == "event"
    for t in BUILTIN_LINK_TYPES.values():
        assert t.line in LINE_STYLES and t.head in HEADS
    assert set(shapes.values()) <= set(SHAPES)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: LinkType("yes", "Yes", line="wavy"), "unknown line style 'wavy'"),
        (lambda: LinkType("yes", "Yes", head="star"), "unknown head 'star'"),
        (lambda: LinkType("Yes", "Yes"), "bad name 'Yes'"),
        (lambda: LinkType("yes", "Yes", color="green"), "bad colour 'green'"),
        (lambda: StageClass("claim", "Claim", shape="cloud"), "unknown shape 'cloud'"),
    ],
)
def test_a_type_or_class_the_file_could_not_hold_is_refused(make, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()


# -- the document's vocabulary --------------------------------------------------------------
def test_types_and_classes_resolve_declared_then_built_in() -> None:
    doc = chain()
    doc.set_link_types({"yes": YES})
    doc.set_stage_classes({"claim": CLAIM})
    assert doc.link_type("yes") is YES and doc.link_type("supports").line == "dotted"
    assert doc.stage_class("claim") is CLAIM and doc.stage_class("actor").shape == "stadium"
    with pytest.raises(KeyError):
        doc.link_type("maybe")
    with pytest.raises(KeyError):
        doc.stage_class("cloud")
    assert [t.name for t in doc.all_link_types()] == [*BUILTIN_LINK_TYPES, "yes"]
    assert [c.name for c in doc.all_stage_classes()] == [*BUILTIN_STAGE_CLASSES, "claim"]
    assert doc.carries_risk("base->mesa")
    doc.update_edge("base->mesa", type="supports")
    assert not doc.carries_risk("base->mesa")


def test_a_document_refuses_unknown_or_dropped_types_and_built_in_names() -> None:
    doc = chain()
    with pytest.raises(ValueError, match="unknown link type 'yes'"):
        doc.insert_edge(Edge("base", "deployed", type="yes"))
    with pytest.raises(ValueError, match="unknown stage class 'claim'"):
        doc.insert_node(Node("x", "X", stage_class="claim"))
    with pytest.raises(ValueError, match="unknown link type"):
        doc.update_edge("base->mesa", type="yes")
    with pytest.raises(ValueError, match="unknown stage class"):
        doc.update_node("base", stage_class="claim")
    with pytest.raises(ValueError, match="built-in link type"):
        doc.set_link_types({"causes": LinkType("causes", "Mine")})
    with pytest.raises(ValueError, match="built-in stage class"):
        doc.set_stage_classes({"event": StageClass("event", "Mine")})
    doc.set_link_types({"yes": YES})
    doc.update_edge("base->mesa", type="yes")
    doc.insert_edge(Edge("base", "deployed", type="yes"))
    with pytest.raises(ValueError, match="“yes” is still used by 2 links: change their type"):
        doc.set_link_types({})
    doc.set_stage_classes({"claim": CLAIM})
    doc.update_node("base", stage_class="claim")
    with pytest.raises(ValueError, match="still used by 1 stage: change their class"):
        doc.set_stage_classes({})
    assert doc.link_types == {"yes": YES} and doc.stage_classes == {"claim": CLAIM}


def test_vocabulary_changes_are_document_changes() -> None:
    doc = chain()
    seen: list[object] = []
    doc.subscribe(seen.append)
    History(doc).push(SetLinkTypes({"yes": YES}))
    History(doc).push(SetStageClasses({"claim": CLAIM}))
    assert seen == [ev.VocabularyChanged(("link_types",)), ev.VocabularyChanged(("stage_classes",))]
    assert all(isinstance(e, ev.DocumentChanged) for e in seen)  # views that redraw all


# -- groups and boxes -----------------------------------------------------------------------
def test_groups_hold_stages_once_and_are_never_empty() -> None:
    doc = chain()
    doc.insert_group(Group("", "Training", ["base", "mesa"]))
    assert doc.groups[0].id == "training" and doc.group_of("mesa") == "training"
    assert doc.group_of("deployed") is None and doc.kind_of("training") == "group"
    with pytest.raises(ValueError, match="“Mesa” is already in the group “Training”"):
        doc.insert_group(Group("g", "Other", ["mesa", "deployed"]))
    with pytest.raises(ValueError, match="A group needs at least one stage"):
        doc.insert_group(Group("g", "Empty", []))
    with pytest.raises(ValueError, match="no stage with the id “nowhere”"):
        doc.update_group("training", stages=["nowhere"])
    with pytest.raises(ValueError, match="listed twice"):
        doc.update_group("training", stages=["base", "base"])
    doc.insert_node(Node("lonely", "Lonely"))
    doc.update_group("training", stages=["base", "mesa", "lonely"])
    with pytest.raises(ValueError, match="still in group"):
        doc.remove_node("lonely")  # (no links is not enough: RemoveNode handles groups)
    doc.update_group("training", stages=["base", "mesa"])
    with pytest.raises(ValueError, match="bad colour"):
        doc.update_group("training", color="red")
    doc.update_group("training", stages=["mesa", "misaligned"])
    assert doc.group_of("base") is None and doc.group_of("misaligned") == "training"
    with pytest.raises(AttributeError):
        doc.update_group("training", id="other")


def test_groups_and_boxes_share_the_id_namespace() -> None:
    doc = chain()
    with pytest.raises(ValueError, match="duplicate id"):
        doc.insert_group(Group("base", "Base", ["base"]))
    with pytest.raises(ValueError, match="duplicate id"):
        doc.insert_box(TextBox("base->mesa", "Key", (0.0, 0.0)))
    doc.insert_group(Group("phase", "Phase", ["base"]))
    doc.insert_box(TextBox("", "How to read this diagram: arrows are causes", (0.0, 0.0)))
    assert [b.id for b in doc.boxes] == ["how-to-read-this-diagram-arrows"]
    with pytest.raises(ValueError, match="duplicate id"):
        doc.insert_node(Node("phase", "Phase"))
    with pytest.raises(ValueError, match="duplicate id"):
        doc.insert_edge(Edge("base", "mesa", id="how-to-read-this-diagram-arrows"))
    # A new id steps around all four kinds.
    assert doc.new_group_id("Phase") == "phase-2"
    assert unique_id("Phase", doc.taken_ids()) == "phase-2"
    assert doc.new_link_id("base", "mesa") == "base->mesa-2"
    assert [doc.kind_of(i) for i in ("base", "base->mesa", "phase", "nothing")] == [
        "stage",
        "link",
        "group",
        None,
    ]


def test_a_text_box_needs_text_and_a_sensible_width() -> None:
    doc = chain()
    with pytest.raises(ValueError, match="needs some text"):
        doc.insert_box(TextBox("key", "  ", (0.0, 0.0)))
    doc.insert_box(TextBox("key", "Key", (0.0, 0.0), 200.0))
    with pytest.raises(ValueError, match="width"):
        doc.update_box("key", width=0.5)
    with pytest.raises(ValueError, match="needs some text"):
        doc.update_box("key", text="")
    assert doc.box("key").text == "Key" and doc.box("key").width == 200.0


def test_group_and_box_events() -> None:
    doc = chain()
    seen: list[object] = []
    doc.subscribe(seen.append)
    h = History(doc)
    h.push(AddGroup(Group("g", "G", ["base"])))
    h.push(SetGroupFields("g", label="H"))
    h.push(AddBox(TextBox("k", "Key", (0.0, 0.0))))
    h.push(MoveNodes({"k": (5.0, 5.0)}))
    h.push(RemoveBox("k"))
    h.push(RemoveGroup("g"))
    assert seen == [
        ev.GroupAdded("g"),
        ev.GroupChanged("g", ("label",)),
        ev.BoxAdded("k"),
        ev.BoxChanged("k", ("position",)),
        ev.BoxRemoved("k"),
        ev.GroupRemoved("g"),
    ]


# -- commands -------------------------------------------------------------------------------
def prepared() -> Document:
    doc = chain()
    doc.set_link_types({"yes": YES})
    doc.set_stage_classes({"claim": CLAIM})
    doc.insert_group(Group("training", "Training", ["base", "mesa"]))
    doc.insert_group(Group("solo", "Solo", ["deployed"]))
    doc.insert_box(TextBox("key", "Key", (0.0, -100.0)))
    doc.update_edge("mesa->misaligned", type="yes")
    return doc


COMMANDS = {
    "add group": lambda d: AddGroup(Group("", "Later", ["misaligned"])),
    "remove group": lambda d: RemoveGroup("training"),
    "edit group": lambda d: SetGroupFields("training", label="T", color="#123456"),
    "regroup": lambda d: SetGroupFields("training", stages=["mesa", "misaligned", "base"]),
    "add box": lambda d: AddBox(TextBox("", "Title", (10.0, 10.0), 300.0), 0),
    "remove box": lambda d: RemoveBox("key"),
    "edit box": lambda d: SetBoxFields("key", text="Key\nmore", width=120.0),
    "link types": lambda d: SetLinkTypes({"yes": YES, "no": LinkType("no", "No", head="bar")}),
    "stage classes": lambda d: SetStageClasses({"claim": CLAIM, "org": StageClass("org", "Org")}),
    "type a link": lambda d: SetEdgeFields("base->mesa", type="undermines"),
    "class a stage": lambda d: SetNodeFields("base", stage_class="claim"),
    "move stages and a box": lambda d: MoveNodes({"base": (1.0, 1.0), "key": (2.0, 3.0)}),
    "remove a grouped stage": lambda d: RemoveNode("mesa"),
    "remove a group's last stage": lambda d: RemoveNode("deployed"),
    "group stages": lambda d: group_stages(d, ["misaligned"], "Later"),
    "add to group": lambda d: add_to_group(d, "training", ["deployed", "misaligned"]),
    "remove from group": lambda d: remove_from_group(d, ["base", "deployed"]),
    "set link type": lambda d: set_link_type(d, ["base->mesa", "misaligned->deployed"], "yes"),
    "set stage class": lambda d: set_stage_class(d, ["base", "mesa"], "question"),
    "rename link type": lambda d: replace_link_type(d, "yes", LinkType("aye", "Aye")),
    "remove link type": lambda d: replace_link_type(d, "yes", None),
    "restyle class": lambda d: replace_stage_class(d, "claim", StageClass("claim", "C", "diamond")),
    "remove class": lambda d: replace_stage_class(d, "claim", None),
}


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_undoes_and_redoes_exactly(name: str) -> None:
    doc = prepared()
    before = copy.deepcopy(doc.snapshot())
    history = History(doc)
    history.push(COMMANDS[name](doc))
    after = copy.deepcopy(doc.snapshot())
    assert after != before
    assert loads(dumps(doc)) == doc  # what a command leaves can be saved and read back
    history.undo()
    assert doc.snapshot() == before
    history.redo()
    assert doc.snapshot() == after
    history.undo()
    assert doc.snapshot() == before


def test_removing_a_grouped_stage_and_undo_keep_its_place_in_the_group() -> None:
    doc = prepared()
    doc.update_group("training", stages=["base", "mesa", "misaligned"])
    history = History(doc)
    history.push(RemoveNode("mesa"))
    assert doc.group("training").stages == ["base", "misaligned"]
    history.undo()
    assert doc.group("training").stages == ["base", "mesa", "misaligned"]
    history.push(RemoveNode("deployed"))  # the only stage of "solo": the group goes
    assert not doc.has_group("solo") and [g.id for g in doc.groups] == ["training"]
    history.undo()
    assert [g.id for g in doc.groups] == ["training", "solo"]


def test_grouping_a_grouped_stage_is_refused_with_a_message() -> None:
    doc = prepared()
    with pytest.raises(ValueError, match="“Base” is already in the group “Training”"):
        group_stages(doc, ["misaligned", "base"], "Later")
    add = AddGroup(Group("later", "Later", ["misaligned", "base"]))
    before = copy.deepcopy(doc.snapshot())
    with pytest.raises(ValueError):
        History(doc).push(add)
    assert doc.snapshot() == before


def test_a_macro_that_fails_half_way_changes_nothing() -> None:
    doc = prepared()
    before = copy.deepcopy(doc.snapshot())
    macro = Macro(
        "two",
        [SetGroupFields("training", label="Renamed"), AddGroup(Group("x", "X", ["base"]))],
    )
    with pytest.raises(ValueError):
        macro.apply(doc)
    assert doc.snapshot() == before


def test_add_to_group_moves_stages_and_drops_emptied_groups() -> None:
    doc = prepared()
    History(doc).push(add_to_group(doc, "training", ["deployed", "base"]))
    assert doc.group("training").stages == ["base", "mesa", "deployed"]
    assert not doc.has_group("solo")


def test_group_stages_keeps_document_order_and_slugs_the_label() -> None:
    doc = prepared()
    History(doc).push(remove_from_group(doc, ["base", "mesa"]))
    command = group_stages(doc, ["misaligned", "base"], "Training")
    History(doc).push(command)
    assert doc.groups[-1] == Group("training", "Training", ["base", "misaligned"])


def test_renaming_a_type_keeps_its_place_and_its_links() -> None:
    doc = prepared()
    doc.set_link_types({"yes": YES, "no": LinkType("no", "No")})
    History(doc).push(replace_link_type(doc, "yes", LinkType("aye", "Aye")))
    assert list(doc.link_types) == ["aye", "no"] and doc.edge("mesa->misaligned").type == "aye"
    History(doc).push(replace_link_type(doc, "aye", None))
    assert list(doc.link_types) == ["no"] and doc.edge("mesa->misaligned").type == "causes"
    with pytest.raises(ValueError, match="is not a declared link type"):
        replace_link_type(doc, "causes", None)
    with pytest.raises(ValueError, match="There is a link type “enables” already"):
        replace_link_type(doc, "no", LinkType("enables", "E"))


# -- random sequences -----------------------------------------------------------------------
LABELS = ["Training", "Deployment", "Lab", "Key", "How to read"]


class VocabularyMachine(RuleBasedStateMachine):
    """Random edits of all kinds; undo and redo give back each state exactly, the rules of
    the document always hold, and every state saves and reads back equal."""

    def __init__(self) -> None:
        super().__init__()
        self.doc = prepared()
        self.history = History(self.doc)
        self.states = [copy.deepcopy(self.doc.snapshot())]
        self.index = 0

    def push(self, command: Command) -> None:
        try:
            self.history.push(command)
        except ValueError:
            assert self.doc.snapshot() == self.states[self.index]  # refused: unchanged
            return
        self.index += 1
        del self.states[self.index :]
        self.states.append(copy.deepcopy(self.doc.snapshot()))

    def stages(self) -> list[str]:
        return [n.id for n in self.doc.nodes]

    @rule(label=st.sampled_from(LABELS))
    def add_stage(self, label: str) -> None:
        self.push(AddNode(Node(unique_id(label, self.doc.taken_ids()), label)))

    @precondition(lambda self: len(self.doc.nodes) >= 2)
    @rule(data=st.data(), kind=st.sampled_from([*BUILTIN_LINK_TYPES, "yes"]))
    def add_link(self, data: st.DataObject, kind: str) -> None:
        a, b = data.draw(st.permutations(self.stages()))[:2]
        self.push(AddEdge(Edge(a, b, type=kind)))

    @precondition(lambda self: self.doc.nodes)
    @rule(data=st.data())
    def remove_stage(self, data: st.DataObject) -> None:
        self.push(RemoveNode(data.draw(st.sampled_from(self.stages()))))

    @precondition(lambda self: self.doc.edges)
    @rule(data=st.data())
    def remove_link(self, data: st.DataObject) -> None:
        self.push(RemoveEdge(data.draw(st.sampled_from([e.id for e in self.doc.edges]))))

    @precondition(lambda self: self.doc.nodes)
    @rule(data=st.data(), label=st.sampled_from(LABELS))
    def group(self, data: st.DataObject, label: str) -> None:
        chosen = data.draw(st.lists(st.sampled_from(self.stages()), min_size=1, unique=True))
        self.push(AddGroup(Group("", label, chosen)))  # refused when a stage is grouped

    @precondition(lambda self: self.doc.groups and self.doc.nodes)
    @rule(data=st.data())
    def regroup(self, data: st.DataObject) -> None:
        group = data.draw(st.sampled_from(self.doc.groups))
        chosen = data.draw(st.lists(st.sampled_from(self.stages()), min_size=1, unique=True))
        self.push(add_to_group(self.doc, group.id, chosen))

    @precondition(lambda self: self.doc.groups)
    @rule(data=st.data())
    def ungroup_some(self, data: st.DataObject) -> None:
        grouped = [s for g in self.doc.groups for s in g.stages]
        chosen = data.draw(st.lists(st.sampled_from(grouped), min_size=1, unique=True))
        self.push(remove_from_group(self.doc, chosen))

    @precondition(lambda self: self.doc.groups)
    @rule(data=st.data(), label=st.sampled_from(LABELS))
    def edit_or_remove_group(self, data: st.DataObject, label: str) -> None:
        group = data.draw(st.sampled_from(self.doc.groups))
        if data.draw(st.booleans()):
            self.push(RemoveGroup(group.id))
        else:
            self.push(SetGroupFields(group.id, label=label, color="#0072B2"))

    @rule(label=st.sampled_from(LABELS), x=st.integers(-500, 500))
    def add_box(self, label: str, x: int) -> None:
        self.push(AddBox(TextBox("", label, (float(x), 0.0))))

    @precondition(lambda self: self.doc.boxes)
    @rule(data=st.data(), x=st.integers(-500, 500))
    def edit_box(self, data: st.DataObject, x: int) -> None:
        box = data.draw(st.sampled_from(self.doc.boxes))
        choice = data.draw(st.sampled_from(["move", "resize", "text", "remove"]))
        moved = {n: (float(x), 1.0) for n in self.stages()[:2]}
        self.push(
            {
                "move": lambda: MoveNodes({**moved, box.id: (float(x), 5.0)}),
                "resize": lambda: SetBoxFields(box.id, width=float(abs(x) + 1)),
                "text": lambda: SetBoxFields(box.id, text=f"Box {x}"),
                "remove": lambda: RemoveBox(box.id),
            }[choice]()
        )

    @precondition(lambda self: self.doc.edges)
    @rule(data=st.data(), kind=st.sampled_from([*BUILTIN_LINK_TYPES, "yes", "no"]))
    def retype(self, data: st.DataObject, kind: str) -> None:
        chosen = data.draw(st.lists(st.sampled_from([e.id for e in self.doc.edges]), min_size=1))
        if kind in self.doc.link_types or kind in BUILTIN_LINK_TYPES:
            self.push(set_link_type(self.doc, chosen, kind))

    @precondition(lambda self: self.doc.nodes)
    @rule(data=st.data(), kind=st.sampled_from([*BUILTIN_STAGE_CLASSES, "claim"]))
    def reclass(self, data: st.DataObject, kind: str) -> None:
        chosen = data.draw(st.lists(st.sampled_from(self.stages()), min_size=1, unique=True))
        if kind in self.doc.stage_classes or kind in BUILTIN_STAGE_CLASSES:
            self.push(set_stage_class(self.doc, chosen, kind))

    @rule(which=st.sampled_from(["declare no", "drop no", "rename yes", "drop yes", "claim"]))
    def edit_declarations(self, which: str) -> None:
        types = dict(self.doc.link_types)
        if which == "declare no":
            self.push(SetLinkTypes({**types, "no": LinkType("no", "No", carries_risk=False)}))
        elif which == "drop no" and "no" in types:
            self.push(SetLinkTypes({k: v for k, v in types.items() if k != "no"}))  # may refuse
        elif which == "rename yes" and "yes" in types:
            self.push(replace_link_type(self.doc, "yes", LinkType("yes", "Yes", "dashed")))
        elif which == "drop yes" and "yes" in types:
            self.push(replace_link_type(self.doc, "yes", None))
        elif which == "claim" and "claim" in self.doc.stage_classes:
            self.push(replace_stage_class(self.doc, "claim", None))

    @precondition(lambda self: self.history.can_undo())
    @rule()
    def undo(self) -> None:
        self.history.undo()
        self.index -= 1
        assert self.doc.snapshot() == self.states[self.index]

    @precondition(lambda self: self.history.can_redo())
    @rule()
    def redo(self) -> None:
        self.history.redo()
        self.index += 1
        assert self.doc.snapshot() == self.states[self.index]

    @rule()
    def save_and_load(self) -> None:
        text = dumps(self.doc)
        assert loads(text) == self.doc and dumps(loads(text)) == text

    @invariant()
    def rules_hold(self) -> None:
        doc = self.doc
        ids = [*doc.node_ids(), *(e.id for e in doc.edges)]
        ids += [g.id for g in doc.groups] + [b.id for b in doc.boxes]
        assert all(ids) and len(ids) == len(set(ids))
        grouped = [s for g in doc.groups for s in g.stages]
        assert len(grouped) == len(set(grouped)) and set(grouped) <= doc.node_ids()
        assert all(g.stages for g in doc.groups)
        for node in doc.nodes:
            expected = next((g.id for g in doc.groups if node.id in g.stages), None)
            assert doc.group_of(node.id) == expected
            doc.stage_class(node.stage_class)  # always resolves
        for edge in doc.edges:
            doc.link_type(edge.type)


VocabularyMachine.TestCase.settings = settings(
    max_examples=200,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestVocabularyEdits = VocabularyMachine.TestCase
