"""A credence range typed into the inspector's probability fields, with real key events:
one undo step, shown as ``low–high``; an effect stays one number; a range link shows
on the canvas and in its hover card."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QValidator
from PySide6.QtTest import QTest

from mesadiagram.render.link_labels import label_text
from mesadiagram.ui.canvas.accessible import describe
from mesadiagram.ui.inspector.fields import FractionValidator, format_fraction, parse_fraction
from mesadiagram.ui.main_window import MainWindow
from tests.test_inspector import check_one_step, inspector, model_doc, retype
from tests.ui_helpers import isolated_settings, make_window, snap  # noqa: F401


@pytest.fixture
def win(qtbot, isolated_settings) -> MainWindow:  # noqa: F811
    return make_window(qtbot, model_doc())


# (QTest types ASCII only: the en dash, ``0.2–0.4``, is checked by ``parse_fraction`` below)
@pytest.mark.parametrize("typed", ["0.2-0.4", "0.2 to 0.4", "[0.2, 0.4]", "0,2-0,4"])
def test_a_range_typed_into_a_link_is_one_step(win: MainWindow, typed: str) -> None:
    win.scene.select(edge_keys=["b->c"])
    page = inspector(win).form.edge_page
    before, count = snap(win.doc), win.session.stack.count()
    retype(page.probability, typed)
    QTest.keyClick(page.probability, Qt.Key.Key_Return)
    assert win.doc.edge("b->c").probability == (0.2, 0.4)
    check_one_step(win, before, count)
    win.scene.select(["a"])
    win.scene.select(edge_keys=["b->c"])
    assert page.probability.text() == "0.2–0.4"  # as the model has it


def test_a_range_out_of_order_or_past_1_is_not_committed(win: MainWindow) -> None:
    win.scene.select(edge_keys=["b->c"])
    page = inspector(win).form.edge_page
    retype(page.probability, "0.6-0.2")
    QTest.keyClick(page.probability, Qt.Key.Key_Tab)
    assert win.session.stack.count() == 0 and win.doc.edge("b->c").probability == 0.25
    assert page.probability.text() == "0.25"  # the model's value again
    retype(page.probability, "0.2-x")  # not typed at all: refused while typing
    assert page.probability.text() == "0.2-"


def test_a_root_prior_takes_a_range_an_effect_does_not(win: MainWindow) -> None:
    win.scene.select(["a"])
    page = inspector(win).form.node_page
    retype(page.prior, "0.5-0.9")
    QTest.keyClick(page.prior, Qt.Key.Key_Return)
    assert win.doc.node("a").probability == (0.5, 0.9)
    effects = FractionValidator(None)  # (the effect field's: no ranges)
    assert effects.validate("0.2-0.4", 0)[0] == QValidator.State.Invalid
    ranges = FractionValidator(None, ranges=True)
    assert ranges.validate("0.2-0.4", 0)[0] == QValidator.State.Acceptable
    assert ranges.validate("0.2-", 0)[0] == QValidator.State.Intermediate
    assert ranges.validate("0.2-1.5", 0)[0] == QValidator.State.Intermediate


def test_texts_of_a_range() -> None:
    assert parse_fraction("[0.25, 1]") == (0.25, 1.0) and parse_fraction("") is None
    assert parse_fraction("0.2–0.4") == (0.2, 0.4)  # (as the field shows a range)
    assert format_fraction((0.25, 1.0)) == "0.25–1" and format_fraction(0.5) == "0.5"
    doc = model_doc()
    doc.update_edge("b->c", probability=(0.2, 0.4))
    assert label_text(doc.edge("b->c")) == "p = 0.2–0.4"
    _name, description = describe(doc, ["b->c"])
    assert "Probability 0.2–0.4." in description
