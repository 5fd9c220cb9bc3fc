"""Outline export and import: import(export(d)) == d except positions, for generated
documents (docs/outline.md, "What an outline cannot say").

The documents are restricted to what the grammar can say: texts on one line without
spaces at their ends (from the same characters as tests/test_roundtrip.py: quotes,
colons, brackets, arrows, backslashes, control characters...), descriptions of such
paragraphs, unique stage labels when a link or intervention must name them, built-in
annotation types, and the ids an import gives (from labels, in document order). Positions
are set and must not matter.
"""

from __future__ import annotations

from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesadiagram.formats.exchange.outline_reader import read_outline
from mesadiagram.formats.exchange.outline_writer import outline_bytes, outline_text
from mesadiagram.formats.imports import IMPORT_FORMATS
from mesadiagram.model import BUILTIN_TYPES, Annotation, Document, Edge, Item, Node
from mesadiagram.model.ids import unique_id
from tests.test_export_hostile import HOSTILE
from tests.test_roundtrip import CHARS

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BREAKS = "\r\n"
ESCAPE_PRONE = st.sampled_from([*"\\:()*_-># →`[]{}!", "->", "**", ": ", " (", ")"])


def one_line(min_size: int = 0) -> st.SearchStrategy[str]:
    """Text on one line without spaces at its ends, rich in the grammar's own signs."""
    chars = st.one_of(CHARS, ESCAPE_PRONE).filter(lambda c: not any(b in c for b in BREAKS))
    return (
        st.lists(chars, max_size=8)
        .map(lambda parts: "".join(parts).strip())
        .filter(lambda s: len(s) >= min_size and not any(b in s for b in BREAKS))
    )


TEXT = one_line()
LABEL = one_line(1)
ITEM = st.builds(Item, label=TEXT, text=TEXT)


def annotation(type_name: str) -> st.SearchStrategy[Annotation]:
    return st.builds(
        Annotation, type=st.just(type_name), label=TEXT, text=TEXT, items=st.lists(ITEM, max_size=2)
    )


ANNOTATIONS = st.lists(st.sampled_from(list(BUILTIN_TYPES)).flatmap(annotation), max_size=3)
# The seed's shape: interventions, each followed by notes, on the links of a chain.
NOTE = st.builds(Annotation, type=st.just("note"), label=TEXT, text=TEXT)
INTERVENTIONS = st.lists(
    st.tuples(annotation("intervention"), st.lists(NOTE, max_size=2)), min_size=1, max_size=2
).map(lambda pairs: [a for intervention, notes in pairs for a in (intervention, *notes)])


@st.composite
def documents(draw: st.DrawFn) -> Document:
    paragraphs = draw(st.lists(LABEL, max_size=2))
    doc = Document(draw(TEXT), "\n\n".join(paragraphs))
    labels = draw(st.lists(LABEL, max_size=5, unique=True))
    taken: set[str] = set()
    for label in labels:
        node = Node(
            unique_id(label, taken),
            label,
            draw(TEXT),
            position=(draw(st.integers(-500, 500)), 0.0),
            outcome=draw(st.booleans()),
            annotations=draw(ANNOTATIONS),
        )
        taken.add(node.id)
        doc.insert_node(node)
    ids = [n.id for n in doc.nodes]
    if draw(st.booleans()):  # a chain in list order: the seed's form, or any annotations
        on_links = draw(st.sampled_from([INTERVENTIONS, ANNOTATIONS]))
        for a, b in pairwise(ids):
            doc.insert_edge(Edge(a, b, annotations=draw(on_links)))
    else:  # any links, parallel ones too
        pairs = [(a, b) for a in ids for b in ids if a != b]
        for a, b in draw(st.lists(st.sampled_from(pairs), max_size=6)) if pairs else []:
            edge = Edge(a, b, draw(TEXT), draw(TEXT), annotations=draw(ANNOTATIONS))
            doc.insert_edge(edge)
    return doc


def imported(text: str) -> Document:
    result = read_outline(text, "export.md")
    assert result.skipped == [], text
    return result.document


def without_positions(doc: Document) -> Document:
    for node in doc.nodes:
        node.position = None
    return doc


@SETTINGS
@given(documents())
def test_import_of_export_is_the_document_except_positions(doc: Document) -> None:
    text = outline_text(doc)
    assert imported(text) == without_positions(doc), text


@SETTINGS
@given(documents())
def test_the_export_is_stable_and_the_registry_reads_what_it_writes(doc: Document) -> None:
    data = outline_bytes(doc, None)
    again = IMPORT_FORMATS["md"].read(data.decode("utf-8"), "export.md").document
    assert outline_bytes(again, None) == data


def test_a_chain_with_only_interventions_is_written_in_the_seeds_form(seed_doc) -> None:
    text = outline_text(seed_doc)
    assert "## Interventions" in text and "## Links" not in text
    assert "- Deployment -> Distribution shift: ensure deployment" in text
    assert "  - Note: The converse is probably more tractable" in text
    assert "counter-productive\\: perhaps" in text  # its colon escaped
    assert "- **Catastrophe** (The unanticipated behaviour" in text
    assert imported(text) == without_positions(seed_doc)


def test_other_shapes_are_written_with_a_links_section(seed_doc) -> None:
    seed_doc.edges[0].label = "searches"
    text = outline_text(seed_doc)
    assert "## Links" in text and "## Interventions" not in text
    assert "- Base optimizer -> Mesa optimizer: searches\n  - Interventions:\n" in text
    assert imported(text) == without_positions(seed_doc)


def test_signs_of_the_grammar_in_labels_are_escaped() -> None:
    doc = Document("# Not a heading", "- not an item\n\n1. not a list")
    for node_id, label, text in (
        ("a-x", "-> A: (x)", "t)"),
        ("b", "**B**", ""),
        ("c-c", "C (c)", ""),
    ):
        doc.insert_node(Node(node_id, label, text))
    doc.insert_edge(Edge("a-x", "b", "(label)"))
    doc.insert_edge(Edge("b", "c-c", annotations=[Annotation("note", "", "Note: a: b")]))
    text = outline_text(doc)
    assert "\n\\- not an item\n" in text and "\n1\\. not a list\n" in text
    assert "- \\-> A: \\(x) (t))\n- \\**B**\n- C \\(c)\n" in text
    assert imported(text) == doc


def one_lined(text: str) -> str:
    """What an outline keeps of a text: its lines joined by spaces, no spaces at its ends."""
    return " ".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")).strip()


def test_the_hostile_corpus_goes_out_and_back() -> None:
    """The SVG tests' hostile labels (markup, CDATA, quotes, control characters, emoji,
    right-to-left text, 5,000 characters) in every field: what comes back is the same
    text on one line (line breaks cannot be said: docs/outline.md)."""
    doc = Document('<title>& "hostile" ]]>', "<desc onload='x'>")
    for i, text in enumerate(HOSTILE):
        notes = [Annotation("kind", text), Annotation("note", text, text)]
        doc.insert_node(Node(f"n{i}", text, text, annotations=notes))
    for i in range(len(HOSTILE) - 1):
        intervention = Annotation("intervention", HOSTILE[i + 1], items=[Item(HOSTILE[i])])
        doc.insert_edge(Edge(f"n{i}", f"n{i + 1}", HOSTILE[i], annotations=[intervention]))
    back = imported(outline_text(doc))
    assert (back.title, back.description) == (doc.title, doc.description)
    assert [(n.label, n.text) for n in back.nodes] == [
        (one_lined(t), one_lined(t)) for t in HOSTILE
    ]
    for mine, theirs in zip(doc.nodes, back.nodes, strict=True):
        assert [(a.type, a.label, a.text) for a in theirs.annotations] == [
            (a.type, one_lined(a.label), one_lined(a.text)) for a in mine.annotations
        ]
    assert [e.label for e in back.edges] == [one_lined(t) for t in HOSTILE[:-1]]
    for mine, theirs in zip(doc.edges, back.edges, strict=True):
        (a,), (b,) = mine.annotations, theirs.annotations
        assert (b.label, [i.label for i in b.items]) == (
            one_lined(a.label),
            [one_lined(i.label) for i in a.items],
        )
