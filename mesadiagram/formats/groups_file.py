"""Reading the ``groups:`` and ``boxes:`` sections of a model file (the writer is in
``writer.py``).

Read after the stages and links: a group names stages by id (each known, and in one
group at most: groups neither nest nor overlap), and the ids of groups and text boxes
share one namespace with those of stages and links, so a duplicate names the line of the
first holder.
"""

from __future__ import annotations

from mesadiagram.formats.safe_yaml import MarkedList, MarkedMap
from mesadiagram.formats.schema import Checker, check_color, check_position
from mesadiagram.model import Group, TextBox
from mesadiagram.model.document_parts import MIN_BOX_WIDTH

GROUP_KEYS = ("id", "label", "color", "stages")
BOX_KEYS = ("id", "text", "position", "width")
MAX_WIDTH = 1e9


def read_groups(
    top: MarkedMap, c: Checker, stages: tuple[dict[str, int], set[str]], ids: dict[str, int]
) -> list[Group]:
    """The groups. ``stages`` holds the stage ids read (with their lines) and those of
    stages with problems of their own; ``ids`` every id read so far with its line, to
    which the groups' ids are added."""
    node_ids, broken = stages
    member: dict[str, tuple[str, int]] = {}  # stage -> the group listing it, and the line
    out = []
    entries = c.items(top, "groups", "")
    for i, raw in enumerate(entries):
        path = f"groups[{i}]"
        data = c.mapping(raw, entries.item_mark(i), path)
        if data is None:
            continue
        c.keys(data, path, GROUP_KEYS, required=("id", "stages"))
        group_id = _new_id(data, path, c, ids)
        label = c.text(data, "label", path) or ""
        color = check_color(c, data, "color", path)
        c.text_list(data, "stages", path)  # (reports what is not a list of text)
        listed = data.get("stages")
        if "stages" in data and (listed is None or listed == []):
            message = "a group needs at least one stage"
            c.report(data.value_mark("stages"), f"{path}.stages", message)
        if not isinstance(listed, MarkedList):
            continue
        kept: list[str] = []
        for j, entry in enumerate(listed):
            stage = entry if isinstance(entry, str) else listed.source_text(j)  # `- 2019`
            mark, where = listed.item_mark(j), f"{path}.stages[{j}]"
            if stage is None:
                continue  # not text: reported
            if stage in broken and stage not in node_ids:
                continue  # its stage has a problem of its own, reported already
            if stage not in node_ids:
                c.report(mark, where, f"no stage with id {stage!r}{c.suggest(stage, node_ids)}")
            elif stage in kept:
                c.report(mark, where, f"stage {stage!r} is listed twice in this group")
            elif stage in member:
                other, line = member[stage]
                message = (
                    f"stage {stage!r} is already in group {other!r} (line {line}): "
                    "a stage belongs to at most one group"
                )
                c.report(mark, where, message)
            else:
                member[stage] = (group_id or path, mark[0])
                kept.append(stage)
        if group_id and kept:
            out.append(Group(group_id, label, kept, color))
    return out


def read_boxes(top: MarkedMap, c: Checker, ids: dict[str, int]) -> list[TextBox]:
    """The text boxes; their ids are checked against and added to ``ids``."""
    out = []
    entries = c.items(top, "boxes", "")
    for i, raw in enumerate(entries):
        path = f"boxes[{i}]"
        data = c.mapping(raw, entries.item_mark(i), path)
        if data is None:
            continue
        c.keys(data, path, BOX_KEYS, required=("id", "text", "position"))
        box_id = _new_id(data, path, c, ids)
        text = c.text(data, "text", path, required=True)
        position = check_position(c, data, path)
        width = c.number(data, "width", path, MIN_BOX_WIDTH, MAX_WIDTH)
        if box_id and text is not None and position is not None:
            out.append(TextBox(box_id, text, position, width))
    return out


def _new_id(data: MarkedMap, path: str, c: Checker, ids: dict[str, int]) -> str | None:
    """The element's id, unless missing, wrong or held by another element (reported)."""
    element_id = c.text(data, "id", path, required=True, single_line=True)
    if element_id is None:
        return None
    mark = data.value_mark("id")
    if element_id in ids:
        c.report(
            mark, f"{path}.id", f"duplicate id {element_id!r} (first at line {ids[element_id]})"
        )
        return None
    ids[element_id] = mark[0]
    return element_id
