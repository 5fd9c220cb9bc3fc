"""The canonical writer: load(save(d)) == d, save(load(s)) == s, one field one line.

Documents are generated with Hypothesis: ids made unique, texts from any Unicode without
surrogates (newlines, quotes, control characters, YAML's own special words and signs),
integer positions, probabilities in [0, 1], annotations of every type, items, refs.
"""

from __future__ import annotations

import dataclasses
import difflib
from unittest import mock

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesadiagram.cli import main
from mesadiagram.formats import dumps, loads, safe_yaml
from mesadiagram.formats.writer import scalar
from mesadiagram.model import (
    BUILTIN_LINK_TYPES,
    BUILTIN_STAGE_CLASSES,
    BUILTIN_TYPES,
    HEADS,
    LINE_STYLES,
    SHAPES,
    Annotation,
    AnnotationType,
    Document,
    Edge,
    Group,
    Item,
    LinkType,
    Node,
    StageClass,
    TextBox,
)
from mesadiagram.model.annotation_types import KNOWN_ICONS
from tests.conftest import EXAMPLE, ROOT

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters a writer gets wrong most easily, mixed into any other Unicode.
TRICKY = [
    *"\n\r\t \"'\\#:-?,[]{}&*!|>%@`~=<",
    "\x00", "\x07", "\x1b", "\x7f", "\x85", "\xa0", "\u2028", "\u2029", "\ufeff", "\ufffe",
    "\uffff", "\U0001f600", "é", "ß", "→", ": ", " #", "---", "...", "- ", "yes", "null", "~",
    "1e-05", "0x1F", "1:30", "2020-01-01", ".nan", "<<",
]  # fmt: skip
CHARS = st.one_of(st.characters(exclude_categories=["Cs"]), st.sampled_from(TRICKY))
TEXT = st.lists(CHARS, max_size=8).map("".join)
# A label must say something (mapped, not filtered: documents draw many of them).
LABEL = TEXT.map(lambda s: s if s.strip() else s + "x")
ID = TEXT.filter(
    lambda s: s.strip() and not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029"
                                    for c in s)
)  # fmt: skip
# Ids and texts for groups and boxes without filtering (many more draws per document).
PART_ID = (
    st.lists(st.characters(exclude_categories=["Cs", "Cc", "Zl", "Zp"]), min_size=1, max_size=6)
    .map("".join)
    .map(lambda s: s if s.strip() else s + "g")
)
REFS = st.lists(TEXT, max_size=2)
FRACTION = st.none() | st.floats(min_value=0.0, max_value=1.0)
COORD = st.integers(min_value=-100_000, max_value=100_000)

CUSTOM_TYPE = st.builds(
    AnnotationType,
    name=st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True).filter(
        lambda n: n not in BUILTIN_TYPES
    ),
    plural=LABEL,
    color=st.from_regex(r"#[0-9A-Fa-f]{6}", fullmatch=True),
    icon=st.sampled_from(KNOWN_ICONS),
)
ITEM = st.builds(Item, label=TEXT, text=TEXT)
NAME = st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True)
COLOR = st.none() | st.from_regex(r"#[0-9A-Fa-f]{6}", fullmatch=True)
LINK_TYPE = st.builds(
    LinkType,
    name=NAME.filter(lambda n: n not in BUILTIN_LINK_TYPES),
    label=TEXT,
    line=st.sampled_from(LINE_STYLES),
    color=COLOR,
    head=st.sampled_from(HEADS),
    carries_risk=st.booleans(),
)
STAGE_CLASS = st.builds(
    StageClass,
    name=NAME.filter(lambda n: n not in BUILTIN_STAGE_CLASSES),
    label=TEXT,
    shape=st.sampled_from(SHAPES),
    color=COLOR,
)


def annotations(type_names: list[str]) -> st.SearchStrategy[list[Annotation]]:
    def one(type_name: str) -> st.SearchStrategy[Annotation]:
        effect = FRACTION if type_name == "intervention" else st.none()
        return st.builds(
            Annotation,
            type=st.just(type_name),
            label=TEXT,
            text=TEXT,
            items=st.lists(ITEM, max_size=2),
            effect=effect,
            refs=REFS,
            # Chosen ids (any text), or none: the document gives one (a taken one is renewed).
            id=st.just("") | ID,
        )

    return st.lists(st.sampled_from(type_names).flatmap(one), max_size=2)


@st.composite
def documents(draw: st.DrawFn, min_stages: int = 0) -> Document:
    """Any document; ``min_stages`` at least (then with at least one link too)."""
    doc = Document(draw(TEXT), draw(TEXT))
    doc.refs = draw(REFS)
    custom = draw(st.lists(CUSTOM_TYPE, max_size=2, unique_by=lambda t: t.name))
    doc.types = {t.name: t for t in custom}
    type_names = [*BUILTIN_TYPES, *doc.types]
    link_types = draw(st.lists(LINK_TYPE, max_size=2, unique_by=lambda t: t.name))
    doc.link_types = {t.name: t for t in link_types}
    classes = draw(st.lists(STAGE_CLASS, max_size=2, unique_by=lambda c: c.name))
    doc.stage_classes = {c.name: c for c in classes}
    # (a list that must be long draws unfiltered ids, or Hypothesis rejects too many)
    some_id = PART_ID if min_stages else ID | PART_ID
    ids = draw(st.lists(some_id, min_size=min_stages, max_size=max(5, min_stages), unique=True))
    for node_id in ids:
        position = draw(st.none() | st.tuples(COORD, COORD))
        node = Node(
            id=node_id,
            label=draw(LABEL),
            text=draw(TEXT),
            position=None if position is None else (float(position[0]), float(position[1])),
            probability=draw(FRACTION),
            outcome=draw(st.booleans()),
            pinned=draw(st.booleans()),
            refs=draw(REFS),
            annotations=draw(annotations(type_names)),
            stage_class=draw(st.sampled_from([*BUILTIN_STAGE_CLASSES, *doc.stage_classes])),
        )
        doc.insert_node(node)
    pairs = [(a, b) for a in ids for b in ids if a != b]
    # Several links may join the same two stages (parallel links).
    some = 1 if min_stages >= 2 else 0
    links = draw(st.lists(st.sampled_from(pairs), min_size=some, max_size=8)) if pairs else []
    for source, target in links:
        link_id = draw(st.just("") | ID)  # a chosen id, or none: ``from->to``, numbered
        edge = Edge(
            id="" if doc.has_element(link_id) else link_id,
            source=source,
            target=target,
            label=draw(TEXT),
            text=draw(TEXT),
            probability=draw(FRACTION),
            route=[
                (float(x), float(y)) for x, y in draw(st.lists(st.tuples(COORD, COORD), max_size=3))
            ],
            refs=draw(REFS),
            annotations=draw(annotations(type_names)),
            type=draw(st.sampled_from([*BUILTIN_LINK_TYPES, *doc.link_types])),
        )
        doc.insert_edge(edge)
    _draw_groups_and_boxes(draw, doc, ids)
    return doc


def _draw_groups_and_boxes(draw: st.DrawFn, doc: Document, ids: list[str]) -> None:
    """Groups holding disjoint sets of stages (a stage in one group at most), and text
    boxes; their ids (any text) share the namespace of stages and links."""
    slots = draw(st.lists(st.integers(-1, 2), min_size=len(ids), max_size=len(ids)))
    for g in range(3):
        members = [stage for stage, slot in zip(ids, slots, strict=True) if slot == g]
        group_id = draw(PART_ID)
        if members and not doc.has_id(group_id):
            doc.insert_group(
                Group(group_id, draw(TEXT), draw(st.permutations(members)), draw(COLOR))
            )
    for box_id in draw(st.lists(PART_ID, max_size=2)):
        if not doc.has_id(box_id):
            position = draw(st.tuples(COORD, COORD))
            width = draw(st.none() | st.integers(1, 5000))
            doc.insert_box(
                TextBox(
                    box_id,
                    draw(LABEL),
                    (float(position[0]), float(position[1])),
                    None if width is None else float(width),
                )
            )


def loads_pure(text: str) -> Document:
    with mock.patch.object(safe_yaml, "_Loader", yaml.SafeLoader):
        return loads(text)


# -- round trips ----------------------------------------------------------------------------
@SETTINGS
@given(documents())
def test_load_of_save_is_the_document(doc: Document) -> None:
    text = dumps(doc)
    assert loads(text) == doc
    assert loads(text.encode("utf-8")) == doc


@SETTINGS
@given(documents())
def test_save_of_load_is_the_canonical_text(doc: Document) -> None:
    canonical = dumps(doc)
    assert dumps(loads(canonical)) == canonical


@settings(SETTINGS, max_examples=60)  # (large documents: each costs more to generate)
@given(documents(min_stages=3))
def test_typed_links_classes_groups_and_boxes_round_trip(doc: Document) -> None:
    """Documents with several stages and links: every link type, stage class, group and
    text box (declared ones too) reads back as written, in canonical form."""
    canonical = dumps(doc)
    assert loads(canonical) == doc
    assert loads_pure(canonical) == doc
    assert dumps(loads(canonical)) == canonical


@SETTINGS
@given(documents())
def test_libyaml_and_pure_python_read_the_same(doc: Document) -> None:
    canonical = dumps(doc)
    assert loads_pure(canonical) == doc
    assert dumps(loads_pure(canonical)) == canonical


@settings(max_examples=1000, deadline=None)
@given(st.text(st.characters(exclude_categories=["Cs"])) | TEXT)
def test_every_string_without_surrogates_round_trips(value: str) -> None:
    doc = Document(value, value)
    doc.refs = [value]
    doc.insert_node(Node(id="a", label=value + "x", text=value))
    doc.insert_node(
        Node(
            id="b", label="B", annotations=[Annotation("note", value, value, [Item(value, value)])]
        )
    )
    doc.insert_edge(Edge("a", "b", label=value, text=value))
    text = dumps(doc)
    assert loads(text) == doc
    assert dumps(loads(text)) == text


@pytest.mark.parametrize(
    "value",
    [
        "\n a", "\n\n  b\n", "a\r", "\r\n", "a\rb", "a\r\nb\n", "x\n\n", "\n", "\t", "a\n\tb",
        " lead", "trail ", "a\n\n\n", "\x85", "a\u2028b", "\ufeff", "\x00", "\x7f", "\ufffe",
        "- a", "-", "--", "---", "...", "? x", "x:", "a #b", "#a", "null", "~", "yes", "NO",
        "1.0", "1_0", "0x1", "1:30", "2020-01-01", "=", "<<", "'", '"', "\\", "a: b", "[", "{",
        "*a", "&a", "!a", "%", "@", "`", "|", ">", "é", "😀", "\U0010ffff", ".nan", "1e3",
        "1e-3", "-1", "+1", "0o7", "a\n#b", "a\n- b", "a\n---\nb", "a\n...\nb",
    ],
)  # fmt: skip
def test_tricky_strings_round_trip(value: str) -> None:
    doc = Document(value, value)
    doc.insert_node(Node(id="a", label=value + "x", text=value))
    text = dumps(doc)
    assert loads(text) == doc
    assert loads_pure(text) == doc
    assert dumps(loads(text)) == text


@pytest.mark.parametrize("probability", [0.0, 1.0, 0.5, 1e-05, 1.5e-7, 5e-324, 1 / 3, 0.1])
def test_probabilities_round_trip_exactly(probability: float) -> None:
    doc = Document()
    doc.insert_node(Node(id="a", label="A", probability=probability))
    text = dumps(doc)
    assert loads(text).nodes[0].probability == probability
    assert loads_pure(text).nodes[0].probability == probability


def test_writer_output_uses_the_readable_forms() -> None:
    doc = Document("Threats: an overview", "line one\nline two\n")
    doc.insert_node(Node(id="a", label="yes", text="tab\there\r\n\0\x07\u2028é→",
                         position=(1.4, -2.6), probability=1e-05))  # fmt: skip
    assert dumps(doc) == (
        "mesadiagram: 2\n"
        'title: "Threats: an overview"\n'
        "description: |\n"
        "  line one\n"
        "  line two\n"
        "\n"
        "nodes:\n"
        "  - id: a\n"
        '    label: "yes"\n'
        '    text: "tab\\there\\r\\n\\0\\x07\\u2028é→"\n'
        "    position: [1, -3]\n"
        "    probability: 1.0e-05\n"
    )


# -- diffs ----------------------------------------------------------------------------------
def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new), "a one-field change must not add or remove lines"
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def seed() -> Document:
    return loads(EXAMPLE.read_bytes(), str(EXAMPLE))


@pytest.mark.parametrize("index", range(7))
def test_changing_a_stage_label_changes_one_line(index: int) -> None:
    doc = seed()
    before = dumps(doc)
    node = doc.nodes[index]
    label = node.label
    doc.update_node(node.id, label=label + " (revised)")
    assert changed_lines(before, dumps(doc)) == [
        (f"    label: {label}", f"    label: {label} (revised)")
    ]


@pytest.mark.parametrize("index", range(7))
def test_moving_a_stage_changes_one_line(index: int) -> None:
    doc = seed()
    before = dumps(doc)
    node = doc.nodes[index]
    doc.update_node(node.id, position=(node.position[0] + 20, node.position[1] - 40))
    assert len(changed_lines(before, dumps(doc))) == 1


def test_every_annotation_label_change_is_one_line() -> None:
    labelled = [i for i, (_, a) in enumerate(seed().iter_annotations()) if a.label]
    assert len(labelled) > 10
    for index in labelled:
        doc = seed()
        before = dumps(doc)
        owner, ann = list(doc.iter_annotations())[index]
        changed = [dataclasses.replace(a) for a in doc.annotations_of(owner)]
        position = next(i for i, a in enumerate(doc.annotations_of(owner)) if a is ann)
        changed[position] = dataclasses.replace(ann, label=ann.label + " v2")
        doc.set_annotations(owner, changed)
        old, new = scalar(ann.label, 8), scalar(ann.label + " v2", 8)
        assert changed_lines(before, dumps(doc)) == [
            (f"        label: {old}", f"        label: {new}")
        ]


@SETTINGS
@given(documents(), st.data())
def test_one_field_one_line_in_generated_documents(doc: Document, data: st.DataObject) -> None:
    if not doc.nodes:
        return
    node = data.draw(st.sampled_from(doc.nodes))
    new_label = data.draw(
        st.text(st.characters(codec="ascii", categories=["L", "N"]), min_size=1, max_size=9)
    )
    if "\n" in dumps_label(node.label) or new_label == node.label:
        return  # a label written on several lines changes several lines
    before = dumps(doc)
    doc.update_node(node.id, label=new_label)
    assert len(changed_lines(before, dumps(doc))) == 1
    if node.position is not None:
        before = dumps(doc)
        doc.update_node(node.id, position=(node.position[0] + 1, node.position[1]))
        assert len(changed_lines(before, dumps(doc))) == 1


def dumps_label(label: str) -> str:
    doc = Document()
    doc.insert_node(Node(id="a", label=label))
    return dumps(doc).split("    label: ", 1)[1].rstrip("\n")


# -- the vocabulary: one field, one line -------------------------------------------------
def with_vocabulary() -> Document:
    """The seed with a declared link type and stage class, typed links, classed stages,
    two groups and a text box."""
    doc = seed()
    doc.set_link_types({"yes": LinkType("yes", "Yes")})
    doc.set_stage_classes({"claim": StageClass("claim", "Claim", shape="note")})
    ids = [n.id for n in doc.nodes]
    doc.insert_group(Group("training", "Training", ids[:2]))
    doc.insert_group(Group("deployed", "Deployed", ids[3:5]))
    doc.insert_box(TextBox("key", "How to read", (0.0, -300.0), 240.0))
    doc.update_edge(doc.edges[1].id, type="enables")
    doc.update_node(ids[2], stage_class="question")
    return doc


def lines_changed(before: str, after: str) -> tuple[int, int]:
    """How many lines ``after`` removes from ``before`` and adds."""
    removed = added = 0
    old, new = before.splitlines(), after.splitlines()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if tag != "equal":
            removed, added = removed + i2 - i1, added + j2 - j1
    return removed, added


CHANGED, ADDED = (1, 1), (0, 1)
VOCABULARY_EDITS = {
    "retype a link": (lambda d: d.update_edge(d.edges[1].id, type="supports"), CHANGED),
    "type a link": (lambda d: d.update_edge(d.edges[0].id, type="yes"), ADDED),
    "untype a link": (lambda d: d.update_edge(d.edges[1].id, type="causes"), (1, 0)),
    "class a stage": (lambda d: d.update_node(d.nodes[0].id, stage_class="claim"), ADDED),
    "reclass a stage": (lambda d: d.update_node(d.nodes[2].id, stage_class="actor"), CHANGED),
    "rename a group": (lambda d: d.update_group("training", label="Training run"), CHANGED),
    "colour a group": (lambda d: d.update_group("training", color="#112233"), ADDED),
    "add a stage to a group": (
        lambda d: d.update_group("training", stages=[*d.group("training").stages, "misalignment"]),
        ADDED,
    ),
    "take a stage out": (lambda d: d.update_group("deployed", stages=["deployment"]), (1, 0)),
    "move a text box": (lambda d: d.update_box("key", position=(40.0, -300.0)), CHANGED),
    "resize a text box": (lambda d: d.update_box("key", width=320.0), CHANGED),
    "edit a text box": (lambda d: d.update_box("key", text="How to read it"), CHANGED),
    "colour a link type": (
        lambda d: d.set_link_types({"yes": LinkType("yes", "Yes", color="#009E73")}),
        ADDED,
    ),
    "dash a link type": (
        lambda d: d.set_link_types({"yes": LinkType("yes", "Yes", line="dashed")}),
        ADDED,
    ),
    "evidence a link type": (
        lambda d: d.set_link_types({"yes": LinkType("yes", "Yes", carries_risk=False)}),
        ADDED,
    ),
    "reshape a class": (
        lambda d: d.set_stage_classes({"claim": StageClass("claim", "Claim", "hexagon")}),
        CHANGED,
    ),
}


@pytest.mark.parametrize("edit", VOCABULARY_EDITS)
def test_a_vocabulary_edit_is_a_one_line_diff(edit: str) -> None:
    doc = with_vocabulary()
    before = dumps(doc)
    assert loads(before) == doc and dumps(loads(before)) == before
    change, expected = VOCABULARY_EDITS[edit]
    change(doc)
    after = dumps(doc)
    assert lines_changed(before, after) == expected
    assert loads(after) == doc


def test_the_vocabulary_is_written_in_its_canonical_form() -> None:
    doc = Document()
    doc.set_link_types(
        {
            "no": LinkType("no", "No", "dashed", "#D55E00", "bar", carries_risk=False),
            "defer": LinkType("defer", "defer"),  # a label equal to the name is left out
        }
    )
    doc.set_stage_classes({"claim": StageClass("claim", "Claim", "note", "#56B4E9")})
    doc.insert_node(Node("q", "Aligned?", stage_class="question"))
    doc.insert_node(Node("c", "Claim", stage_class="claim"))
    doc.insert_node(Node("e", "Event"))  # the default class is not written
    doc.insert_edge(Edge("q", "c", type="no"))
    doc.insert_edge(Edge("q", "e"))  # nor the default type
    doc.insert_group(Group("phase", "Phase one", ["q", "c"], "#E69F00"))
    doc.insert_group(Group("plain", "", ["e"]))
    doc.insert_box(TextBox("key", "Read\nme", (-10.4, 20.6)))
    doc.insert_box(TextBox("title", "Title", (0.0, 0.0), 200.4))
    assert dumps(doc) == (
        "mesadiagram: 2\n"
        "\n"
        "link_types:\n"
        '  - name: "no"\n'
        '    label: "No"\n'
        "    line: dashed\n"
        '    color: "#D55E00"\n'
        "    head: bar\n"
        "    carries_risk: false\n"
        "  - name: defer\n"
        "\n"
        "stage_classes:\n"
        "  - name: claim\n"
        "    label: Claim\n"
        "    shape: note\n"
        '    color: "#56B4E9"\n'
        "\n"
        "nodes:\n"
        "  - id: q\n"
        "    label: Aligned?\n"
        "    class: question\n"
        "  - id: c\n"
        "    label: Claim\n"
        "    class: claim\n"
        "  - id: e\n"
        "    label: Event\n"
        "\n"
        "edges:\n"
        "  - from: q\n"
        "    to: c\n"
        '    type: "no"\n'
        "  - from: q\n"
        "    to: e\n"
        "\n"
        "groups:\n"
        "  - id: phase\n"
        "    label: Phase one\n"
        '    color: "#E69F00"\n'
        "    stages:\n"
        "      - q\n"
        "      - c\n"
        "  - id: plain\n"
        "    stages:\n"
        "      - e\n"
        "\n"
        "boxes:\n"
        "  - id: key\n"
        "    text: |-\n"
        "      Read\n"
        "      me\n"
        "    position: [-10, 21]\n"
        "  - id: title\n"
        "    text: Title\n"
        "    position: [0, 0]\n"
        "    width: 200\n"
    )


# -- the example ----------------------------------------------------------------------------
def test_example_is_canonical(capsys) -> None:
    assert main(["fmt", "--check", str(EXAMPLE)]) == 0
    assert capsys.readouterr().out == ""
    text = EXAMPLE.read_text(encoding="utf-8")
    assert dumps(loads(text)) == text


def test_example_is_the_template() -> None:
    template = ROOT / "resources" / "templates" / "mesa_optimization.yaml"
    assert template.read_bytes() == EXAMPLE.read_bytes()
