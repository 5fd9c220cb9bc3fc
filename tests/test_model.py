"""The model and its commands, headless: every edit undoes to the exact previous document."""

from __future__ import annotations

import copy

import pytest

from mesadiagram.model import Annotation, Document, Edge, Group, Item, Node, TextBox
from mesadiagram.model import events as ev
from mesadiagram.model.commands import (
    AddEdge,
    AddNode,
    Macro,
    MoveNodes,
    RemoveEdge,
    RemoveNode,
    SetDocumentFields,
    SetEdgeFields,
    SetNodeFields,
    add_annotation,
    remove_annotation,
)
from mesadiagram.model.history import History
from mesadiagram.model.ids import slugify, unique_id
from mesadiagram.model.vocabulary_commands import AddBox, AddGroup


def _chain() -> Document:
    doc = Document("t")
    for i, label in enumerate(["Base optimizer", "Mesa optimizer", "Misalignment"]):
        doc.insert_node(Node(slugify(label), label, position=(i * 200.0, 0.0)))
    doc.insert_edge(Edge("base-optimizer", "mesa-optimizer"))
    doc.insert_edge(Edge("mesa-optimizer", "misalignment", probability=0.5))
    return doc


def test_slugs_are_readable_and_unique() -> None:
    assert slugify("Mesa optimizer") == "mesa-optimizer"
    assert slugify("Unanticipated  behaviour!") == "unanticipated-behaviour"
    assert slugify("Café déjà vu") == "cafe-deja-vu"
    assert slugify("   ") == "stage"
    assert unique_id("Mesa optimizer", {"mesa-optimizer", "mesa-optimizer-2"}) == "mesa-optimizer-3"


def test_remove_node_takes_its_links_and_undo_restores_order() -> None:
    doc = _chain()
    before = copy.deepcopy(doc.snapshot())
    history = History(doc)
    history.push(RemoveNode("mesa-optimizer"))
    assert [n.id for n in doc.nodes] == ["base-optimizer", "misalignment"]
    assert doc.edges == []
    history.undo()
    assert doc.snapshot() == before
    history.redo()
    assert len(doc.nodes) == 2


@pytest.mark.parametrize(
    "make",
    [
        lambda d: AddNode(Node("x", "X", position=(5.0, 5.0)), 1),
        lambda d: AddEdge(Edge("base-optimizer", "misalignment")),
        lambda d: AddEdge(Edge("base-optimizer", "mesa-optimizer", label="parallel")),
        lambda d: RemoveEdge("mesa-optimizer->misalignment"),
        lambda d: SetNodeFields("misalignment", label="Mis", text="t", probability=0.2),
        lambda d: SetEdgeFields("base-optimizer->mesa-optimizer", probability=0.9),
        lambda d: MoveNodes({"base-optimizer": (1.0, 2.0), "misalignment": (3.0, 4.0)}),
        lambda d: SetDocumentFields(title="New", description="D"),
        lambda d: add_annotation(
            d,
            "base-optimizer->mesa-optimizer",
            Annotation("intervention", "cut", items=[Item("m")], effect=0.5),
        ),
        lambda d: Macro("two", [RemoveNode("misalignment"), AddNode(Node("y", "Y"))]),
        lambda d: SetEdgeFields("base-optimizer->mesa-optimizer", type="supports"),
        lambda d: SetNodeFields("misalignment", stage_class="question"),
        lambda d: AddGroup(Group("", "Phase", ["base-optimizer", "mesa-optimizer"])),
        lambda d: AddBox(TextBox("", "Key", (0.0, 0.0), 120.0)),
        lambda d: Macro(
            "group, move and delete",
            [
                AddGroup(Group("g", "G", ["misalignment", "base-optimizer"])),
                AddBox(TextBox("k", "Key", (0.0, 0.0))),
                MoveNodes({"k": (9.0, 9.0), "misalignment": (1.0, 2.0)}),
                RemoveNode("misalignment"),
            ],
        ),
    ],
)
def test_each_command_undoes_exactly(make) -> None:
    doc = _chain()
    before = copy.deepcopy(doc.snapshot())
    history = History(doc)
    command = make(doc)
    history.push(command)
    after = copy.deepcopy(doc.snapshot())
    assert after != before
    history.undo()
    assert doc.snapshot() == before
    history.redo()
    assert doc.snapshot() == after


def test_annotation_detach_and_events() -> None:
    doc = _chain()
    seen: list[object] = []
    unsubscribe = doc.subscribe(seen.append)
    owner = "misalignment"
    history = History(doc)
    history.push(add_annotation(doc, owner, Annotation("kind", "Proxy")))
    history.push(remove_annotation(doc, owner, 0))
    assert doc.node("misalignment").annotations == []
    assert seen == [ev.AnnotationsChanged(owner), ev.AnnotationsChanged(owner)]
    unsubscribe()
    history.undo()
    assert len(seen) == 2  # unsubscribed
    assert doc.node("misalignment").annotations[0].label == "Proxy"


def test_history_clean_state() -> None:
    doc = _chain()
    history = History(doc)
    assert history.is_clean()
    history.push(SetNodeFields("misalignment", label="M"))
    assert not history.is_clean()
    history.undo()
    assert history.is_clean()
    history.redo()
    history.set_clean()
    history.undo()
    history.push(SetNodeFields("misalignment", label="Other"))  # clean state now unreachable
    history.undo()
    assert not history.is_clean()


def test_documents_refuse_inconsistent_changes() -> None:
    doc = _chain()
    with pytest.raises(ValueError):
        doc.insert_node(Node("misalignment", "again"))
    with pytest.raises(ValueError):
        doc.insert_edge(Edge("base-optimizer", "nowhere"))
    with pytest.raises(ValueError):
        doc.remove_node("mesa-optimizer")  # still linked: RemoveNode handles links
    with pytest.raises(AttributeError):
        doc.update_node("misalignment", id="other")  # ids are stable


def test_moving_a_stage_clears_the_routes_of_its_links_and_undo_restores_them() -> None:
    doc = _chain()
    doc.update_edge("base-optimizer->mesa-optimizer", route=[(50.0, 80.0)])
    doc.update_edge("mesa-optimizer->misalignment", route=[(300.0, 80.0)])
    history = History(doc)
    history.push(MoveNodes({"base-optimizer": (0.0, 40.0)}))
    assert doc.edge("base-optimizer->mesa-optimizer").route == []
    assert doc.edge("mesa-optimizer->misalignment").route == [(300.0, 80.0)]
    history.undo()
    assert doc.edge("base-optimizer->mesa-optimizer").route == [(50.0, 80.0)]


def test_links_get_ids_and_parallel_links_are_numbered() -> None:
    doc = _chain()
    assert [e.id for e in doc.edges] == [
        "base-optimizer->mesa-optimizer",
        "mesa-optimizer->misalignment",
    ]
    doc.insert_edge(Edge("base-optimizer", "mesa-optimizer", label="second"))
    doc.insert_edge(Edge("base-optimizer", "mesa-optimizer", label="third"))
    doc.insert_edge(Edge("mesa-optimizer", "base-optimizer", label="back"))
    assert doc.links_between("base-optimizer", "mesa-optimizer") == [
        "base-optimizer->mesa-optimizer",
        "base-optimizer->mesa-optimizer-2",
        "base-optimizer->mesa-optimizer-3",
    ]
    assert doc.links_between("mesa-optimizer", "base-optimizer") == [
        "mesa-optimizer->base-optimizer"
    ]
    assert doc.edge("base-optimizer->mesa-optimizer-3").label == "third"
    assert doc.element("misalignment") is doc.node("misalignment")
    assert doc.element("base-optimizer->mesa-optimizer-2").label == "second"
    with pytest.raises(KeyError):
        doc.element("nowhere")


def test_stage_and_link_ids_share_one_namespace() -> None:
    doc = _chain()
    with pytest.raises(ValueError):
        doc.insert_edge(Edge("base-optimizer", "misalignment", id="mesa-optimizer"))
    with pytest.raises(ValueError):
        doc.insert_node(Node("base-optimizer->mesa-optimizer", "Odd"))
    # A stage whose id looks like a link's default pushes the link to a numbered id.
    doc.insert_node(Node("base-optimizer->misalignment", "Odd"))
    doc.insert_edge(Edge("base-optimizer", "misalignment"))
    assert doc.links_between("base-optimizer", "misalignment") == ["base-optimizer->misalignment-2"]


def test_link_events_and_annotation_owners_are_ids() -> None:
    doc = _chain()
    seen: list[object] = []
    doc.subscribe(seen.append)
    history = History(doc)
    history.push(AddEdge(Edge("base-optimizer", "mesa-optimizer")))
    link = "base-optimizer->mesa-optimizer-2"
    history.push(SetEdgeFields(link, probability=0.3))
    history.push(add_annotation(doc, link, Annotation("caveat", "Maybe not")))
    history.push(RemoveEdge(link))
    assert seen == [
        ev.EdgeAdded(link),
        ev.EdgeChanged(link, ("probability",)),
        ev.AnnotationsChanged(link),
        ev.EdgeRemoved(link),
    ]
    history.undo()
    assert doc.annotations_of(link)[0].id == "maybe-not"
    assert doc.annotation("maybe-not") == (link, doc.annotations_of(link)[0])


def test_annotations_get_unique_ids_kept_through_undo_and_redo() -> None:
    doc = _chain()
    history = History(doc)
    link = "base-optimizer->mesa-optimizer"
    history.push(add_annotation(doc, "misalignment", Annotation("kind", "Proxy alignment")))
    history.push(add_annotation(doc, link, Annotation("kind", "Proxy alignment")))
    history.push(add_annotation(doc, link, Annotation("note", "")))
    assert [a.id for a in doc.annotations_of("misalignment")] == ["proxy-alignment"]
    assert [a.id for a in doc.annotations_of(link)] == ["proxy-alignment-2", "note"]
    # A copy of an existing annotation (its id included) gets an id of its own.
    copied = doc.annotations_of("misalignment")[0].clone()
    history.push(add_annotation(doc, "mesa-optimizer", copied))
    assert doc.annotations_of("mesa-optimizer")[0].id == "proxy-alignment-3"
    for _ in range(4):
        history.undo()
    assert doc.annotation_ids() == set()
    for _ in range(4):
        history.redo()
    assert doc.annotation_ids() == {
        "proxy-alignment",
        "proxy-alignment-2",
        "proxy-alignment-3",
        "note",
    }
    assert doc.annotation("proxy-alignment-3")[0] == "mesa-optimizer"


def test_long_labels_give_short_annotation_ids() -> None:
    doc = _chain()
    label = "Deceptive alignment: the model plays along during training and defects later"
    History(doc).push(add_annotation(doc, "misalignment", Annotation("kind", label)))
    ann_id = doc.annotations_of("misalignment")[0].id
    assert ann_id == "deceptive-alignment-the-model"
    assert len(ann_id) <= 32
