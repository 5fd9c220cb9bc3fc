"""Numbers of any size, in any field, are one problem or text: never a traceback (issue 9).

Huge integers used to raise OverflowError in ``float()``, a long sexagesimal float raised
it inside PyYAML, a huge version raised ValueError in ``str()``, and ``!!bool maybe``
raised KeyError. Sexagesimal numbers (``1:30``) are now text everywhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mesadiagram.cli import main
from mesadiagram.formats import FormatError, dumps, loads
from mesadiagram.model import Document, Edge, Node
from tests.validation_support import LOADERS, V, only, use_loader, where


@pytest.fixture(autouse=True, params=LOADERS)
def loader(request, monkeypatch) -> str:
    use_loader(request.param, monkeypatch)
    return request.param


HUGE_NUMBERS = {
    "decimal, 310 digits": "1" + "0" * 309,
    "decimal, 5,000 digits": "9" * 5000,
    "negative decimal, 5,000 digits": "-" + "9" * 5000,
    "hex, 400 digits": "0x" + "f" * 400,
    "octal, 1,400 digits": "0" + "7" * 1400,
    "binary, 2,000 digits": "0b" + "1" * 2000,
    "float past 1e308": "1.0e999",
    "negative float past 1e308": "-1.0e999",
    "underscored decimal": "1_000" * 700,
    "sexagesimal integer": "1" + ":00" * 174,
    "sexagesimal float": "1" + ":00" * 174 + ".5",
}

NODE = "nodes:\n  - id: a\n    label: A\n"
NUMBER_FIELDS = {
    "probability": (NODE + "    probability: {}\n", "nodes[0].probability"),
    "effect": (
        NODE + "    annotations:\n      - type: intervention\n        effect: {}\n",
        "nodes[0].annotations[0].effect",
    ),
    "position x": (NODE + "    position: [{}, 0]\n", "nodes[0].position"),
    "position y": (NODE + "    position: [0, {}]\n", "nodes[0].position"),
    "route": (
        NODE + "  - id: b\n    label: B\nedges:\n  - from: a\n    to: b\n    route: [[{}, 1]]\n",
        "edges[0].route",
    ),
}


@pytest.mark.parametrize("number", HUGE_NUMBERS.values(), ids=HUGE_NUMBERS.keys())
@pytest.mark.parametrize("field", NUMBER_FIELDS.keys())
def test_a_huge_number_in_a_number_field_is_one_problem(field: str, number: str) -> None:
    template, path = NUMBER_FIELDS[field]
    p = only(V + template.format(number))
    assert p.path == path
    assert len(str(p)) < 300 and "\n" not in str(p)


@pytest.mark.parametrize("number", HUGE_NUMBERS.values(), ids=HUGE_NUMBERS.keys())
def test_a_huge_number_in_a_text_field_is_the_text_as_written(number: str) -> None:
    doc = loads(V + f"title: {number}\n" + NODE.replace("label: A", f"label: {number}"))
    assert doc.title == number
    assert doc.node("a").label == number


@pytest.mark.parametrize("number", HUGE_NUMBERS.values(), ids=HUGE_NUMBERS.keys())
def test_a_huge_version_is_one_problem(number: str) -> None:
    p = only(f"mesadiagram: {number}\n")
    assert where(p) == (1, 14, "mesadiagram")
    assert len(p.message) < 200


def test_a_huge_version_names_the_version_as_written_cut_short() -> None:
    p = only("mesadiagram: 0x" + "f" * 4000 + "\n")
    assert p.message == (
        "written by format 0xffffffffffffffffff… (4,002 characters); this version reads 2. "
        "Update mesadiagram to open it"
    )


def test_a_huge_probability_shows_the_value_as_written_cut_short() -> None:
    p = only(V + NODE + "    probability: 1" + "0" * 309 + "\n")
    assert p.message == ("must be a number from 0 to 1, not 1" + "0" * 59 + "… (310 characters)")


@pytest.mark.parametrize("value", ["0:00:00.5", "0:30", "1:00", "!!float 0:00:00.5"])
def test_sexagesimal_is_text_so_not_a_probability(value: str) -> None:
    # Before, `0:00:00.5` was the float 0.5 and `1:00` the integer 60.
    p = only(V + NODE + f"    probability: {value}\n")
    assert p.message.startswith("must be a number from 0 to 1, not '")


@pytest.mark.parametrize(
    "value", ["!!bool maybe", "!!int x", "!!float x", "!!int 1:30", "!!int ''", '!!float ""']
)
def test_an_explicit_tag_that_does_not_fit_its_value_gives_text(value: str) -> None:
    assert loads(V + f"title: {value}\n").title == value.split(" ", 1)[1].strip("'\"")
    p = only(V + NODE + f"    probability: {value}\n")
    assert p.message.startswith("must be a number from 0 to 1, not '")


@pytest.mark.parametrize("tag", ["!!int", "!!float", "!!bool", "!!null", "!!str"])
def test_an_explicit_tag_with_no_value_is_one_problem_or_text(tag: str) -> None:
    # `!!float` with nothing after it raised IndexError inside PyYAML (found by fuzzing).
    with pytest.raises(FormatError) as info:
        loads(f"mesadiagram: {tag}\n", "model.yaml")
    assert len(info.value.problems) == 1
    if tag != "!!null":  # !!null '' is nothing, refused in a text field
        assert loads(V + f"title: {tag} ''\n").title == ""


def test_a_key_is_its_text_however_huge_a_number_it_looks() -> None:
    key = "0x" + "f" * 4000
    p = only(V + f"? {key}\n: 1\n")
    assert p.message.startswith("unknown key '0xfffff")
    assert len(str(p)) < 4300  # the path holds the key; the message cuts it
    p = only(V + f"? {key}\n: 1\n? {key}\n: 2\n")
    assert p.message.startswith("duplicate key '0xfff") and "characters)" in p.message


@pytest.mark.parametrize("key", ["1", "yes", "null", "1:30", "0x1F"])
def test_keys_that_look_like_numbers_are_reported_as_written(key: str) -> None:
    p = only(V + f"{key}: x\n")
    assert p.message.startswith(f"unknown key '{key}'")


def test_negative_zero_is_written_as_zero() -> None:
    doc = Document("z")
    doc.insert_node(Node("a", "A", probability=-0.0))
    doc.insert_node(Node("b", "B"))
    doc.insert_edge(Edge("a", "b", probability=-0.0))
    text = dumps(doc)
    assert "-0.0" not in text and text.count("probability: 0.0") == 2
    read = loads(V + NODE + "    probability: -0.0\n    position: [-0.0, -0]\n")
    assert "-0" not in dumps(read)


@pytest.mark.parametrize("number", HUGE_NUMBERS.values(), ids=HUGE_NUMBERS.keys())
def test_validate_prints_one_line_and_exits_2(tmp_path: Path, capsys, number: str) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text(V + NODE + f"    probability: {number}\n    position: [{number}, 0]\n")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and "Traceback" not in err


def test_a_theme_with_a_huge_key_or_size_is_one_problem() -> None:
    from mesadiagram.formats.theme_file import read_theme_text

    with pytest.raises(Exception) as info:
        read_theme_text(
            "name: t\nfont_size: 0x"
            + "f" * 400
            + "\ntypes:\n  ? 0x"
            + "f" * 4000
            + "\n  : {color: x}\n",
            "t.yaml",
        )
    assert type(info.value).__name__ == "FormatError"
