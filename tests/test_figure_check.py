"""The figure checker (``render/figure_check.py``) itself: each rule catches a figure
that breaks it. The seed's detailed figure breaks none; each test moves one thing."""

from __future__ import annotations

from PySide6.QtCore import QPointF

from mesadiagram.render.figure import build_figure
from mesadiagram.render.figure_check import check_figure
from mesadiagram.render.theme import DEFAULT_THEME


def _seed_figure(seed_doc):
    fig = build_figure(seed_doc, DEFAULT_THEME, detailed=True)
    assert check_figure(fig) == []
    return fig


def _rules(fig) -> set[tuple[str, str, str]]:
    return {(v.rule, v.what, v.other) for v in check_figure(fig)}


def test_a_callout_over_a_stage_is_an_overlap(seed_doc) -> None:
    fig = _seed_figure(seed_doc)
    callout = fig.callouts["deployment"]
    stage = fig.nodes["misalignment"].rect
    callout.rect.moveCenter(stage.center())
    assert ("overlap", "callout deployment", "stage misalignment") in _rules(fig)


def test_a_link_under_a_callout_is_reported_unless_drawn_over_it(seed_doc) -> None:
    fig = _seed_figure(seed_doc)
    callout = fig.callouts["catastrophe"]
    middle = fig.edges["deployment->distribution-shift"].middle
    callout.rect.moveCenter(middle + QPointF(60, 0))
    found = _rules(fig)
    assert ("under", "link deployment->distribution-shift", "callout catastrophe") in found
    fig.over_callouts = {"deployment->distribution-shift"}
    found = _rules(fig)
    assert ("crossed", "link deployment->distribution-shift", "callout catastrophe") in found
    assert not any(rule == "under" and "catastrophe" in other for rule, _, other in found)


def test_a_label_away_from_its_link_is_reported(seed_doc) -> None:
    for edge in seed_doc.edges:
        seed_doc.update_edge(edge.id, probability=0.5)
    fig = _seed_figure(seed_doc)
    label = fig.edges["misalignment->deployment"].label
    label.translate(0, -30)  # floating above the line, no longer on it
    found = _rules(fig)
    assert ("off its link", "label misalignment->deployment", "") in found


def test_a_label_over_a_badge_and_a_link_over_a_label_are_reported(seed_doc) -> None:
    for edge in seed_doc.edges:
        seed_doc.update_edge(edge.id, probability=0.5)
    fig = _seed_figure(seed_doc)
    label = fig.edges["misalignment->deployment"].label
    label.moveCenter(fig.edges["misalignment->deployment"].middle)
    assert ("overlap", "label misalignment->deployment", "badge misalignment->deployment") in (
        _rules(fig)
    )
    other = fig.edges["deployment->distribution-shift"].label
    other.moveCenter(fig.edges["misalignment->deployment"].path.pointAtPercent(0.3))
    found = _rules(fig)
    assert ("under", "link misalignment->deployment", "label deployment->distribution-shift") in (
        found
    )


def test_a_leader_through_a_stage_or_another_leader_is_reported(seed_doc) -> None:
    fig = _seed_figure(seed_doc)
    # Mesa optimizer's leader made to start beyond Misalignment: it crosses that stage.
    far_side = fig.nodes["misalignment"].rect.center() + QPointF(0, -200)
    fig.callouts["mesa-optimizer"].anchor = far_side
    found = _rules(fig)
    assert ("leader", "callout mesa-optimizer", "stage misalignment") in found
    fig = _seed_figure(seed_doc)
    a, b = fig.callouts["deployment"], fig.callouts["distribution-shift"]
    a.anchor = b.rect.center() + QPointF(0, 200)  # across b's leader, to a's box
    b.anchor = a.rect.center() + QPointF(0, 200)
    found = {(rule, what) for rule, what, other in _rules(fig) if "crosses the leader" in other}
    assert ("leader", "callout deployment") in found


def test_a_callout_far_from_its_target_is_reported(seed_doc) -> None:
    fig = _seed_figure(seed_doc)
    fig.callouts["catastrophe"].rect.translate(0, 900)
    found = [v for v in check_figure(fig) if v.rule == "far"]
    assert [v.what for v in found] == ["callout catastrophe"]
    assert "px" in str(found[0])
