"""Reading the declarations of a model file: ``types:`` (annotation types),
``link_types:`` and ``stage_classes:``, and the ``type:`` of a link and ``class:`` of a
stage that name them (the writer is in ``writer.py``).

Declarations are read before the stages and links, so that a link's type or a stage's
class is checked against them: an unknown one names its line and the closest known name.
A declared name may not be a built-in one nor be declared twice; style words (line, head,
shape) come from the fixed sets of ``model/vocabulary.py``, with a suggestion when
misspelt. A declaration with a bad style word still declares its name, so the links
that use it are not reported as well.
"""

from __future__ import annotations

from collections.abc import Collection

from mesadiagram.formats.safe_yaml import MarkedMap
from mesadiagram.formats.schema import Checker, check_color, check_type_name, suggest
from mesadiagram.model import BUILTIN_TYPES, AnnotationType
from mesadiagram.model.annotation_types import KNOWN_ICONS
from mesadiagram.model.vocabulary import (
    BUILTIN_LINK_TYPES,
    BUILTIN_STAGE_CLASSES,
    DEFAULT_LINK_TYPE,
    DEFAULT_STAGE_CLASS,
    HEADS,
    LINE_STYLES,
    SHAPES,
    LinkType,
    StageClass,
)

TYPE_KEYS = ("name", "plural", "color", "icon")
LINK_TYPE_KEYS = ("name", "label", "line", "color", "head", "carries_risk")
STAGE_CLASS_KEYS = ("name", "label", "shape", "color")


def read_annotation_types(top: MarkedMap, c: Checker) -> dict[str, AnnotationType]:
    """The ``types:`` list: annotation types beyond the five built-in ones."""
    types: dict[str, AnnotationType] = {}
    entries = c.items(top, "types", "")
    for i, raw in enumerate(entries):
        path = f"types[{i}]"
        data = c.mapping(raw, entries.item_mark(i), path)
        if data is None:
            continue
        c.keys(data, path, TYPE_KEYS, required=("name",))
        name = check_type_name(c, data, path)
        color = check_color(c, data, "color", path) or "#888888"
        icon = c.text(data, "icon", path) or "dot"
        if icon not in KNOWN_ICONS:
            c.report(
                data.value_mark("icon"),
                f"{path}.icon",
                f"unknown icon {icon!r}{suggest(icon, list(KNOWN_ICONS))}; "
                f"known: {', '.join(KNOWN_ICONS)}",
            )
        if name is None:
            continue
        if name in BUILTIN_TYPES or name in types:
            c.report(data.value_mark("name"), f"{path}.name", f"type {name!r} is already defined")
            continue
        plural = c.text(data, "plural", path) or name + "s"
        types[name] = AnnotationType(name, plural, color, icon)
    return types


def read_link_types(top: MarkedMap, c: Checker) -> dict[str, LinkType]:
    """The ``link_types:`` list: link types beyond the built-in ones, in file order."""
    out: dict[str, LinkType] = {}
    first: dict[str, int] = {}
    entries = c.items(top, "link_types", "")
    for i, raw in enumerate(entries):
        path = f"link_types[{i}]"
        data = c.mapping(raw, entries.item_mark(i), path)
        if data is None:
            continue
        c.keys(data, path, LINK_TYPE_KEYS, required=("name",))
        name = check_type_name(c, data, path)
        label = c.text(data, "label", path)
        line = _word(c, data, "line", path, LINE_STYLES, "line style")
        head = _word(c, data, "head", path, HEADS, "head")
        color = check_color(c, data, "color", path)
        carries = c.flag(data, "carries_risk", path) if "carries_risk" in data else True
        if _new_name(c, data, path, name, (BUILTIN_LINK_TYPES, first), "link type"):
            out[name] = LinkType(name, name if label is None else label, line, color, head, carries)
    return out


def read_stage_classes(top: MarkedMap, c: Checker) -> dict[str, StageClass]:
    """The ``stage_classes:`` list: stage classes beyond the built-in ones, in file order."""
    out: dict[str, StageClass] = {}
    first: dict[str, int] = {}
    entries = c.items(top, "stage_classes", "")
    for i, raw in enumerate(entries):
        path = f"stage_classes[{i}]"
        data = c.mapping(raw, entries.item_mark(i), path)
        if data is None:
            continue
        c.keys(data, path, STAGE_CLASS_KEYS, required=("name",))
        name = check_type_name(c, data, path)
        label = c.text(data, "label", path)
        shape = _word(c, data, "shape", path, SHAPES, "shape")
        color = check_color(c, data, "color", path)
        if _new_name(c, data, path, name, (BUILTIN_STAGE_CLASSES, first), "stage class"):
            out[name] = StageClass(name, name if label is None else label, shape, color)
    return out


def _new_name(
    c: Checker,
    data: MarkedMap,
    path: str,
    name: str | None,
    taken: tuple[Collection[str], dict[str, int]],
    what: str,
) -> bool:
    """Whether ``name`` may be declared (reporting a built-in or repeated one); notes it."""
    builtin, first = taken
    if name is None:
        return False
    mark = data.value_mark("name")
    if name in builtin:
        message = f"{name!r} is a built-in {what}; a declared one needs another name"
        c.report(mark, f"{path}.name", message)
        return False
    if name in first:
        message = f"{what} {name!r} is declared twice (first at line {first[name]})"
        c.report(mark, f"{path}.name", message)
        return False
    first[name] = mark[0]
    return True


def _word(
    c: Checker, data: MarkedMap, key: str, path: str, choices: tuple[str, ...], what: str
) -> str:
    """One of ``choices`` (the first when the key is absent or wrong, reported)."""
    value = c.text(data, key, path)
    if value is None:
        return choices[0]
    if value not in choices:
        c.report(
            data.value_mark(key),
            f"{path}.{key}",
            f"unknown {what} {value!r}{c.suggest(value, choices)}; known: {', '.join(choices)}",
        )
        return choices[0]
    return value


def read_link_type_of(data: MarkedMap, path: str, c: Checker, known: Collection[str]) -> str:
    """A link's ``type:`` (``causes`` when absent); ``known`` holds every type's name."""
    return _reference(data, path, c, known, ("type", "link type", "link_types"))


def read_stage_class_of(data: MarkedMap, path: str, c: Checker, known: Collection[str]) -> str:
    """A stage's ``class:`` (``event`` when absent); ``known`` holds every class's name."""
    return _reference(data, path, c, known, ("class", "stage class", "stage_classes"))


def _reference(
    data: MarkedMap, path: str, c: Checker, known: Collection[str], words: tuple[str, str, str]
) -> str:
    key, what, section = words
    default = DEFAULT_LINK_TYPE if key == "type" else DEFAULT_STAGE_CLASS
    if key not in data:
        return default
    name = c.text(data, key, path, required=True)
    if name is None:
        return default
    if name not in known:
        c.report(
            data.value_mark(key),
            f"{path}.{key}",
            f"unknown {what} {name!r}{c.suggest(name, known)} (declare it under '{section}:')",
        )
        return default
    return name
