"""``--size``: the presets, widths and heights with units, and what is refused."""

from __future__ import annotations

import pytest

from mesadiagram.render.target_size import FLOORS, parse_size


@pytest.mark.parametrize(
    ("text", "width_pt", "height_pt"),
    [
        ("column", 3.3 * 72, None),
        ("page", 504.0, None),
        ("slide", 960.0, 540.0),
        ("7inx4in", 504.0, 288.0),
        ("7x4in", 504.0, 288.0),  # one unit for both
        ("180mmx120mm", 180 / 25.4 * 72, 120 / 25.4 * 72),
        ("18cm x 12cm", 18 / 2.54 * 72, 12 / 2.54 * 72),
        ("504ptx288pt", 504.0, 288.0),
        ("7.5in×4cm", 540.0, 4 / 2.54 * 72),
        ("7in", 504.0, None),  # a width alone: the height follows the figure
        (" PAGE ", 504.0, None),
    ],
)
def test_sizes_in_every_unit(text: str, width_pt: float, height_pt: float | None) -> None:
    size = parse_size(text)
    assert size.width_pt == pytest.approx(width_pt)
    if height_pt is None:
        assert size.height_pt is None
    else:
        assert size.height_pt == pytest.approx(height_pt)


def test_floors_go_with_the_width() -> None:
    assert parse_size("column").floors == FLOORS["column"]
    assert parse_size("page").floors == FLOORS["page"]
    assert parse_size("slide").floors == FLOORS["slide"]
    assert parse_size("3inx2in").floors == FLOORS["column"]
    assert parse_size("180mmx120mm").floors == FLOORS["page"]
    assert parse_size("10inx5.625in").floors == FLOORS["slide"]
    assert (FLOORS["column"].label_pt, FLOORS["column"].text_pt) == (7, 6)
    assert (FLOORS["page"].label_pt, FLOORS["page"].text_pt) == (9, 8)
    assert (FLOORS["slide"].label_pt, FLOORS["slide"].text_pt) == (20, 14)


def test_a_width_alone_is_at_most_a_page_tall_on_paper() -> None:
    assert parse_size("page").max_height_pt == 9 * 72
    assert parse_size("7in").max_height_pt == 9 * 72
    assert parse_size("7inx4in").max_height_pt is None  # the height is given


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("7", "give a unit"),
        ("7x4", "give a unit"),
        ("7furlongs", "not a size"),
        ("poster", "not a size"),
        ("", "not a size"),
        ("x4in", "not a size"),
        ("7inx", "not a size"),
        ("-3in", "not a size"),
        ("0in", "from 1 in to 100 in"),
        ("7inx0.5in", "from 1 in to 100 in"),
        ("200in", "from 1 in to 100 in"),
        ("7in\nx", "not a size"),
    ],
)
def test_bad_sizes_say_why_in_one_line(text: str, reason: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_size(text)
    message = str(caught.value)
    assert reason in message and "\n" not in message.replace(repr(text), "")
