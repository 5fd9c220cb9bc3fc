"""The ``scenarios:`` section and credence ranges in the file: read, validated with line
and column (unknown ids with the closest one), written canonically (one line per change,
a range in flow style on one line), and round trips of generated documents."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mesadiagram.formats import dumps, loads
from mesadiagram.model import Annotation, Document
from mesadiagram.model.scenarios import Scenario
from tests.test_roundtrip import ID, LABEL, SETTINGS, documents, loads_pure
from tests.validation_support import LOADERS, only, problems, use_loader, where

HEAD = """mesadiagram: 2
nodes:
  - id: a
    label: A
    probability: [0.5, 0.75]
  - id: b
    label: B
  - id: c
    label: C
edges:
  - from: a
    to: b
    probability: [0.2, 0.4]
    annotations:
      - id: audit
        type: intervention
        effect: 0.5
      - id: remark
        type: note
  - from: b
    to: c
    probability: 0.3
groups:
  - id: g
    stages:
      - c
"""
START = HEAD.count("\n") + 2  # the line of the first scenario (after "scenarios:")


@pytest.fixture(params=LOADERS)
def loader(request, monkeypatch) -> str:
    """Reading with libyaml and with the pure-Python parser (a test that takes it)."""
    use_loader(request.param, monkeypatch)
    return request.param


def test_ranges_and_scenarios_are_read(loader: str) -> None:
    doc = loads(
        HEAD
        + """scenarios:
  - name: no-audit
    label: No audit
    text: What if the audit fails
    off:
      - audit
    probabilities:
      a->b: 0.9
      a: [0.1, 0.2]
  - name: bare
"""
    )
    assert doc.node("a").probability == (0.5, 0.75)
    assert doc.edge("a->b").probability == (0.2, 0.4)
    assert doc.edge("b->c").probability == 0.3
    assert doc.scenarios == (
        Scenario(
            "no-audit",
            "No audit",
            "What if the audit fails",
            ("audit",),
            {"a->b": 0.9, "a": (0.1, 0.2)},
        ),
        Scenario("bare"),
    )


def test_the_writer_writes_a_range_on_one_line_and_a_change_a_line() -> None:
    doc = loads(HEAD)
    doc.set_scenarios(
        (
            Scenario("s", "S", off=("audit",), probabilities={"a->b": (0.25, 1.0), "a": 0.5}),
            Scenario("t"),
        )
    )
    text = dumps(doc)
    assert "    probability: [0.5, 0.75]\n" in text and "    probability: [0.2, 0.4]\n" in text
    assert text.endswith(
        """
scenarios:
  - name: s
    label: S
    off:
      - audit
    probabilities:
      a->b: [0.25, 1.0]
      a: 0.5
  - name: t
"""
    )
    assert loads(text) == doc and dumps(loads(text)) == text
    # Switching one more intervention off, or setting one more probability, is one line.
    doc.set_annotations("b->c", [Annotation("intervention", "stop", id="stop")])
    more = Scenario("s", "S", off=("audit", "stop"), probabilities={"a->b": (0.25, 1.0), "a": 0.5})
    assert _added_lines(doc, more) == ["      - stop"]
    more = Scenario("s", "S", off=("audit",), probabilities={"a->b": (0.25, 1.0), "a": 0.5, "b": 1})
    assert _added_lines(doc, more) == ["      b: 1.0"]


def _added_lines(doc: Document, first: Scenario) -> list[str]:
    other = doc.copy()
    other._scenarios = (first, *doc.scenarios[1:])  # (as read: ids unchecked here)
    before, after = dumps(doc).splitlines(), dumps(other).splitlines()
    return [line for line in after if line not in before]


@pytest.mark.parametrize(
    ("scenarios", "place", "message"),
    [
        (
            "  - name: s\n    off:\n      - audti\n",
            (START + 2, 9, "scenarios[0].off[0]"),
            "no intervention with id 'audti' (did you mean 'audit'?)",
        ),
        (
            "  - name: s\n    off:\n      - remark\n",
            (START + 2, 9, "scenarios[0].off[0]"),
            "annotation 'remark' is a note, not an intervention",
        ),
        (
            "  - name: s\n    off:\n      - audit\n      - audit\n",
            (START + 3, 9, "scenarios[0].off[1]"),
            "intervention 'audit' is listed twice in this scenario",
        ),
        (
            "  - name: s\n    probabilities:\n      a->c: 0.5\n",
            (START + 2, 7, "scenarios[0].probabilities.a->c"),
            "no link or stage with id 'a->c' (did you mean 'a->b'?)",
        ),
        (
            "  - name: s\n    probabilities:\n      g: 0.5\n",
            (START + 2, 7, "scenarios[0].probabilities.g"),
            "'g' is a group: only links and stages have probabilities",
        ),
        (
            "  - name: s\n    probabilities:\n      b->c: 1.5\n",
            (START + 2, 13, "scenarios[0].probabilities.b->c"),
            "must be a number from 0 to 1, not 1.5",
        ),
        (
            "  - name: s\n  - name: s\n",
            (START + 1, 11, "scenarios[1].name"),
            f"duplicate scenario name 's' (first at line {START})",
        ),
        ("  - label: L\n", (START + 0, 5, "scenarios[0]"), "missing required key 'name'"),
        (
            "  - name: s\n    of: [audit]\n",
            (START + 1, 5, "scenarios[0].of"),
            "unknown key 'of' (did you mean 'off'?)",
        ),
        (
            "  - name: s\n    probabilities: [0.5]\n",
            (START + 1, 20, "scenarios[0].probabilities"),
            "expected a mapping (key: value lines), found a list",
        ),
        ('  - name: "a\\nb"\n', (START + 0, 11, "scenarios[0].name"), None),
    ],
)
def test_scenario_problems_are_placed_and_named(loader: str, scenarios, place, message) -> None:
    p = only(HEAD + "scenarios:\n" + scenarios)
    assert where(p) == place
    if message is not None:
        assert p.message == message


@pytest.mark.parametrize(
    ("value", "place", "message"),
    [
        ("[0.4, 0.2]", (13, 18), "a range's low end comes first: [0.2, 0.4], not [0.4, 0.2]"),
        ("[0.2, 1.5]", (13, 24), "must be a number from 0 to 1, not 1.5"),
        ("[0.2, .nan]", (13, 24), "must be a number from 0 to 1, not .nan"),
        ("['0.2', 0.4]", (13, 19), "must be a number from 0 to 1, not '0.2'"),
        ("[0.1, 0.2, 0.3]", (13, 18), "must be a number from 0 to 1, not a list of 3 values"),
        ("[]", (13, 18), "must be a number from 0 to 1, not a list of 0 values"),
        ("[0.2, [0.4]]", (13, 24), "must be a number from 0 to 1, not a list or mapping"),
    ],
)
def test_a_bad_range_is_placed_and_explained(loader: str, value, place, message) -> None:
    p = only(HEAD.replace("probability: [0.2, 0.4]", f"probability: {value}"))
    assert (p.line, p.column) == place
    assert p.message.startswith(message)


def test_every_problem_of_a_scenario_is_reported(loader: str) -> None:
    found = problems(
        HEAD
        + "scenarios:\n  - name: s\n    off:\n      - nope\n    probabilities:\n"
        + "      zz: 0.5\n      a: [0.9, 0.1]\n"
    )
    assert [p.line for p in found] == [START + 2, START + 4, START + 5]


def test_an_older_reader_would_refuse_a_range_not_misread_it() -> None:
    # A release before ranges checked ``probability`` as a number: a list is refused.
    from mesadiagram.formats.safe_yaml import parse
    from mesadiagram.formats.schema import Checker

    data = parse("probability: [0.2, 0.4]\n", "f")
    checker = Checker("f")
    assert checker.fraction(data, "probability", "x") is None and checker.problems


def test_a_very_long_id_is_written_as_an_explicit_key() -> None:
    long_id = "x" * 1500
    doc = loads(HEAD)
    doc.update_edge("a->b", label="l")
    doc.insert_node(type(doc.node("a"))(long_id, "Long"))
    doc.set_scenarios((Scenario("s", probabilities={long_id: 0.5}),))
    text = dumps(doc)
    assert f"      ? {long_id}\n      : 0.5\n" in text
    assert loads(text) == doc


# -- round trips -----------------------------------------------------------------------------
CREDENCE = st.floats(0.0, 1.0) | st.tuples(st.floats(0.0, 1.0), st.floats(0.0, 1.0)).map(
    lambda t: (min(t), max(t))
)


@st.composite
def with_scenarios(draw: st.DrawFn) -> Document:
    """A generated document with ranges on some stages and links, and scenarios naming
    its interventions, links and stages."""
    doc = draw(documents(min_stages=2))
    for element in [*doc.nodes, *doc.edges]:
        if draw(st.booleans()):
            element.probability = draw(CREDENCE)
    interventions = [a.id for _, a in doc.iter_annotations() if a.type == "intervention"]
    targets = [*(n.id for n in doc.nodes), *(e.id for e in doc.edges)]
    names = draw(st.lists(ID, max_size=3, unique=True))
    scenarios = []
    for name in names:
        off = draw(st.lists(st.sampled_from(interventions), unique=True)) if interventions else []
        keys = draw(st.lists(st.sampled_from(targets), unique=True, max_size=4))
        probabilities = {k: draw(CREDENCE) for k in keys}
        label = draw(st.just("") | LABEL)
        scenarios.append(
            Scenario(name, label, draw(st.just("") | LABEL), tuple(off), probabilities)
        )
    doc.set_scenarios(tuple(scenarios))
    return doc


@SETTINGS
@given(with_scenarios())
def test_load_of_save_is_the_document_with_ranges_and_scenarios(doc: Document) -> None:
    text = dumps(doc)
    assert loads(text) == doc
    assert loads_pure(text) == doc
    assert dumps(loads(text)) == text
