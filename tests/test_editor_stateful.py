"""Random sequences of edits in a real editor window (Hypothesis state machine).

Edits are model commands pushed through the window's Qt undo stack, and the editor's own
operations (name a new stage, nudge, delete, copy and paste; group, ungroup, add to a
group; text boxes made, written and moved with stages; link types and stage classes) as
the keys and menus call them. After every step the canvas must show exactly the model
(frames round their stages); at the end, undoing everything gives back the original
document and redoing everything the final one. Saving in the middle writes a file that
reads back as the same document.
"""

from __future__ import annotations

import string
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from PySide6.QtCore import QPointF

from mesadiagram.formats import dumps, load
from mesadiagram.model import Annotation, Document, Edge, Item, Node
from mesadiagram.model.commands import (
    AddEdge,
    AddNode,
    MoveNodes,
    RemoveEdge,
    RemoveNode,
    SetEdgeFields,
    SetNodeFields,
    add_annotation,
    remove_annotation,
)
from mesadiagram.model.ids import unique_id
from tests.ui_helpers import (  # noqa: F401  (*_fixture: pytest fixtures)
    assert_scene_matches,
    isolated_settings_fixture,
    make_window,
    snap,
)

WORDS = st.text(string.ascii_letters + string.digits + " -'é→:#", min_size=1, max_size=16)
LABELS = WORDS.map(str.strip).filter(bool)
TEXTS = st.text(string.ascii_letters + " .,\n'\"", max_size=30)
COORDS = st.integers(-3000, 3000)
CHANCE = st.none() | st.floats(0, 1)
TYPES = st.sampled_from(["kind", "mechanism", "caveat", "intervention", "note"])


@st.composite
def annotations(draw) -> Annotation:
    kind = draw(TYPES)
    items = draw(st.lists(st.builds(Item, LABELS, TEXTS), max_size=2))
    effect = draw(CHANCE) if kind == "intervention" else None
    return Annotation(kind, draw(st.just("") | LABELS), draw(TEXTS), items, effect)


def start_document() -> Document:
    doc = Document("Start", "what the run begins with")
    doc.insert_node(Node("base", "Base optimizer", position=(0.0, 0.0)))
    doc.insert_node(Node("mesa", "Mesa optimizer", "learned", (260.0, 0.0), 0.5))
    doc.insert_edge(Edge("base", "mesa", "produces", annotations=[Annotation("note", "n")]))
    return doc


class EditorMachine(RuleBasedStateMachine):
    window = None  # set by the test: one window for all runs, a fresh document each
    folder: Path = Path()

    def __init__(self) -> None:
        super().__init__()
        self.path = self.folder / "model.yaml"
        self.window.session.replace_document(start_document(), self.path)
        self.original = snap(self.doc)
        self.tip = self.original  # the newest state in the history, that redo-all reaches

    @property
    def doc(self) -> Document:
        return self.window.doc

    @property
    def stack(self):
        return self.window.session.stack

    def node_ids(self) -> list[str]:
        return [n.id for n in self.doc.nodes]

    def edge_keys(self) -> list[str]:
        return [e.id for e in self.doc.edges]

    # -- model commands through the Qt undo stack ----------------------------------------
    @rule(label=LABELS, x=COORDS, y=COORDS)
    def add_stage(self, label: str, x: int, y: int) -> None:
        node = Node(unique_id(label, self.doc.taken_ids()), label, position=(x, y))
        self.stack.run(AddNode(node))

    @precondition(lambda self: len(self.doc.nodes) >= 2)
    @rule(data=st.data())
    def add_link(self, data) -> None:
        ids = self.node_ids()
        # Parallel links are allowed: at most two between a pair keeps the search broad.
        free = [
            (a, b) for a in ids for b in ids if a != b and len(self.doc.links_between(a, b)) < 2
        ]
        if free:
            self.stack.run(AddEdge(Edge(*data.draw(st.sampled_from(free)))))

    @precondition(lambda self: self.doc.nodes)
    @rule(data=st.data())
    def remove_stage(self, data) -> None:
        self.stack.run(RemoveNode(data.draw(st.sampled_from(self.node_ids()))))

    @precondition(lambda self: self.doc.edges)
    @rule(data=st.data())
    def remove_link(self, data) -> None:
        self.stack.run(RemoveEdge(data.draw(st.sampled_from(self.edge_keys()))))

    @precondition(lambda self: self.doc.nodes)
    @rule(data=st.data(), label=LABELS, text=TEXTS)
    def edit_stage(self, data, label: str, text: str) -> None:
        node_id = data.draw(st.sampled_from(self.node_ids()))
        self.stack.run(SetNodeFields(node_id, label=label, text=text))

    @precondition(lambda self: self.doc.edges)
    @rule(data=st.data(), label=st.just("") | LABELS)
    def rename_link(self, data, label: str) -> None:
        key = data.draw(st.sampled_from(self.edge_keys()))
        self.stack.run(SetEdgeFields(key, label=label))

    @precondition(lambda self: self.doc.nodes)
    @rule(data=st.data(), x=COORDS, y=COORDS)
    def move(self, data, x: int, y: int) -> None:
        chosen = data.draw(st.lists(st.sampled_from(self.node_ids()), min_size=1, unique=True))
        self.stack.run(MoveNodes({n: (x + 40 * i, y) for i, n in enumerate(chosen)}))

    @precondition(lambda self: self.doc.nodes)
    @rule(data=st.data(), chance=CHANCE, on_link=st.booleans())
    def set_probability(self, data, chance: float | None, on_link: bool) -> None:
        if on_link and self.doc.edges:
            key = data.draw(st.sampled_from(self.edge_keys()))
            self.stack.run(SetEdgeFields(key, probability=chance))
        else:
            node_id = data.draw(st.sampled_from(self.node_ids()))
            self.stack.run(SetNodeFields(node_id, probability=chance))

    def owners(self) -> list:
        return self.node_ids() + self.edge_keys()

    @precondition(lambda self: self.doc.nodes)
    @rule(data=st.data(), annotation=annotations())
    def attach(self, data, annotation: Annotation) -> None:
        owner = data.draw(st.sampled_from(self.owners()))
        count = len(self.doc.annotations_of(owner))
        index = data.draw(st.integers(0, count))
        self.stack.run(add_annotation(self.doc, owner, annotation, index))

    @precondition(lambda self: any(True for _ in self.doc.iter_annotations()))
    @rule(data=st.data())
    def detach(self, data) -> None:
        owners = [o for o in self.owners() if self.doc.annotations_of(o)]
        owner = data.draw(st.sampled_from(owners))
        index = data.draw(st.integers(0, len(self.doc.annotations_of(owner)) - 1))
        self.stack.run(remove_annotation(self.doc, owner, index))

    # -- the editor's own operations -----------------------------------------------------
    def select_some(self, data, parts: bool = False) -> None:
        nodes = data.draw(st.lists(st.sampled_from(self.node_ids()), unique=True))
        edges = data.draw(st.lists(st.sampled_from(self.edge_keys() or [None]), unique=True))
        chosen = []
        if parts:  # groups and text boxes too
            ids = [g.id for g in self.doc.groups] + [b.id for b in self.doc.boxes]
            chosen = data.draw(st.lists(st.sampled_from(ids or [None]), unique=True))
        self.window.scene.select(
            nodes, [k for k in edges if k is not None], [p for p in chosen if p is not None]
        )

    @precondition(lambda self: self.doc.nodes)
    @rule(data=st.data())
    def copy_and_paste(self, data) -> None:
        self.select_some(data)
        scene, before = self.window.scene, len(self.doc.nodes)
        ends = [
            (self.doc.edge(k).source, self.doc.edge(k).target) for k in scene.selected_link_ids()
        ]
        copied = set(scene.selected_node_ids()).union(*ends)
        links_alone = not scene.selected_node_ids()
        links = len(self.doc.edges) + len(ends)
        if self.window.editor.copy():
            self.window.editor.paste()
            if links_alone:  # links alone join the same stages again
                assert len(self.doc.nodes) == before
                assert len(self.doc.edges) == links
                assert len(scene.selected_link_ids()) == len(ends)
            else:
                assert len(self.doc.nodes) == before + len(copied)  # a link brings its ends
                assert len(scene.selected_node_ids()) == len(copied)  # the copies

    @precondition(lambda self: self.doc.nodes)
    @rule(data=st.data())
    def delete_selection(self, data) -> None:
        self.select_some(data, parts=True)
        gone = self.window.session.selection
        self.window.editor.delete_selection()
        assert not any(self.doc.has_id(i) for i in gone)

    @precondition(lambda self: self.doc.nodes)
    @rule(data=st.data(), dx=st.sampled_from([-50, -10, 10, 50]), times=st.integers(1, 3))
    def nudge(self, data, dx: int, times: int) -> None:
        self.select_some(data)
        for _ in range(times):  # successive nudges merge into one undo step
            self.window.editor.nudge(dx, -dx)

    @rule(x=COORDS, y=COORDS, label=st.none() | LABELS)
    def create_and_name(self, x: int, y: int, label: str | None) -> None:
        """A double-click's new stage, named in place (or left with its default name)."""
        editor, index = self.window.editor, self.stack.index()
        editor.add_stage_at(QPointF(x, y))
        if label is not None:
            editor.labels.line.setText(label)
        editor.labels.close(commit=True)
        assert self.stack.index() == index + 1 and not self.stack.canRedo()  # one step
        [node_id] = self.window.scene.selected_node_ids()
        assert self.doc.node(node_id).position == (x, y)
        if label is not None:  # named: the id reads like the name ("-2"... when taken)
            assert self.doc.node(node_id).label == label
            assert node_id.startswith(unique_id(label, ()))

    # -- groups, text boxes, link types and stage classes ----------------------------------
    @precondition(lambda self: self.doc.nodes)
    @rule(data=st.data())
    def group(self, data) -> None:
        """Arrange > Group: made when no chosen stage is in a group, else refused."""
        chosen = data.draw(st.lists(st.sampled_from(self.node_ids()), min_size=1, unique=True))
        self.window.scene.select(chosen)
        free = all(self.doc.group_of(n) is None for n in chosen)
        count = len(self.doc.groups)
        self.window.editor.parts.group_selection(edit=False)
        assert len(self.doc.groups) == count + free

    @precondition(lambda self: self.doc.groups)
    @rule(data=st.data())
    def ungroup(self, data) -> None:
        self.select_some(data, parts=True)
        self.window.editor.parts.ungroup_selection()
        assert not any(self.doc.group_of(n) for n in self.window.scene.selected_node_ids())

    @precondition(lambda self: self.doc.groups)
    @rule(data=st.data())
    def add_to_group(self, data) -> None:
        group_id = data.draw(st.sampled_from([g.id for g in self.doc.groups]))
        chosen = data.draw(st.lists(st.sampled_from(self.node_ids()), min_size=1, unique=True))
        self.window.editor.parts.add_to_group(group_id, chosen)
        assert all(self.doc.group_of(n) == group_id for n in chosen)

    @rule(x=COORDS, y=COORDS, text=st.none() | LABELS)
    def add_text_box(self, x: int, y: int, text: str | None) -> None:
        """Insert > Text Box, its text written in place (or left as it came)."""
        parts, index = self.window.editor.parts, self.stack.index()
        parts.add_text_box(QPointF(x, y))
        if text is not None:
            parts.box_editor.field.setPlainText(text)
        parts.box_editor.close(commit=True)
        assert self.stack.index() == index + 1 and not self.stack.canRedo()  # one step
        [box_id] = self.window.session.selected_boxes()
        assert self.doc.box(box_id).position == (x, y)
        assert self.doc.box(box_id).text == (text if text is not None else "Text")

    @precondition(lambda self: self.doc.boxes)
    @rule(data=st.data(), x=COORDS, y=COORDS)
    def move_box_with_stages(self, data, x: int, y: int) -> None:
        boxes = [b.id for b in self.doc.boxes]
        chosen = data.draw(st.lists(st.sampled_from(boxes + self.node_ids()), min_size=1))
        self.stack.run(MoveNodes({n: (x + 40 * i, y) for i, n in enumerate(set(chosen))}))

    @precondition(lambda self: self.doc.nodes)
    @rule(data=st.data())
    def set_type_or_class(self, data) -> None:
        parts, doc = self.window.editor.parts, self.doc
        if self.doc.edges and data.draw(st.booleans()):
            links = data.draw(st.lists(st.sampled_from(self.edge_keys()), min_size=1))
            name = data.draw(st.sampled_from([t.name for t in doc.all_link_types()]))
            parts.set_link_type(links, name)
            assert all(doc.edge(k).type == name for k in links)
        else:
            stages = data.draw(st.lists(st.sampled_from(self.node_ids()), min_size=1))
            name = data.draw(st.sampled_from([c.name for c in doc.all_stage_classes()]))
            parts.set_stage_class(stages, name)
            assert all(doc.node(n).stage_class == name for n in stages)

    @precondition(lambda self: self.stack.canUndo())
    @rule()
    def undo(self) -> None:
        self.stack.undo()

    @precondition(lambda self: self.stack.canRedo())
    @rule()
    def redo(self) -> None:
        self.stack.redo()

    @rule()
    def save_and_load(self) -> None:
        assert self.window.files.save()
        assert self.path.read_text(encoding="utf-8") == dumps(self.doc)
        assert load(self.path) == self.doc
        assert self.stack.isClean() and not self.window.isWindowModified()

    # -- checks ----------------------------------------------------------------------------
    @invariant()
    def canvas_shows_the_model(self) -> None:
        assert_scene_matches(self.window)
        # Copies, pastes and undo never leave two annotations (or links) with one id.
        ann_ids = [a.id for _owner, a in self.doc.iter_annotations()]
        assert all(ann_ids) and len(set(ann_ids)) == len(ann_ids)
        assert len(set(self.edge_keys())) == len(self.doc.edges)
        if not self.stack.canRedo():
            self.tip = snap(self.doc)

    def teardown(self) -> None:
        while self.stack.canUndo():
            self.stack.undo()
        assert self.doc.snapshot() == self.original
        assert_scene_matches(self.window)
        while self.stack.canRedo():
            self.stack.redo()
        assert self.doc.snapshot() == self.tip
        assert_scene_matches(self.window)


def test_random_edits_undo_redo_and_save(qtbot, isolated_settings, tmp_path) -> None:
    EditorMachine.window = make_window(qtbot)
    EditorMachine.folder = tmp_path
    try:
        run_state_machine_as_test(
            EditorMachine,
            settings=settings(
                max_examples=40,
                stateful_step_count=30,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            ),
        )
    finally:
        EditorMachine.window = None
