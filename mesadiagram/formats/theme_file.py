"""Reading theme files (``resources/themes/*.yaml`` and the user's own) into checked data.

The renderer turns the data into a Theme; this module only knows YAML and the keys.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mesadiagram.formats import safe_yaml
from mesadiagram.formats.input_file import read_model_bytes
from mesadiagram.formats.safe_yaml import MarkedMap
from mesadiagram.formats.schema import Checker, check_color, raise_if_any
from mesadiagram.model.vocabulary import HEADS
from mesadiagram.model.vocabulary import LINE_STYLES as LINK_LINES

COLOR_KEYS = (
    "background",
    "node_fill",
    "node_border",
    "node_text",
    "node_subtext",
    "outcome_fill",
    "outcome_border",
    "edge",
    "edge_text",
    "selection",
    "warning",
    "highlight",
)
# Colours of groups' frames and text boxes: optional, each made from the others when
# left out (``render/group_frames.py``, ``render/text_boxes.py``).
PART_COLOR_KEYS = (
    "group_fill",
    "group_border",
    "group_text",
    "box_fill",
    "box_border",
    "box_text",
)
TEXT_KEYS = ("name", "label", "description", "font_family")
LINE_STYLES = ("solid", "dashed", "dotted", "dashdot")
FILLS = ("solid", "hollow", "half")


def read_theme_file(path: str | Path) -> dict[str, Any]:
    """The checked contents of a theme file; raises FormatError with positions."""
    path = Path(path)
    text = safe_yaml.decode(read_model_bytes(path), str(path))
    return read_theme_text(text, str(path))


def read_theme_text(text: str, filename: str) -> dict[str, Any]:
    data = safe_yaml.parse(text, filename)
    c = Checker(filename)
    top = c.mapping(data, getattr(data, "mark", (1, 1)), "")
    raise_if_any(c)
    assert top is not None
    parts = ("link_types", "stage_classes", "monochrome")
    known = (*TEXT_KEYS, *COLOR_KEYS, *PART_COLOR_KEYS, "font_size", "types", *parts)
    c.keys(top, "", known, required=("name",))
    out: dict[str, Any] = {}
    for key in TEXT_KEYS:
        value = c.text(top, key, "", required=key == "name")
        if value is not None:
            out[key] = value
    for key in (*COLOR_KEYS, *PART_COLOR_KEYS):
        value = check_color(c, top, key, "") if key in top else None
        if value is not None:
            out[key] = value
    if "font_size" in top:
        size = top["font_size"]
        if isinstance(size, (int, float)) and not isinstance(size, bool) and 4 <= size <= 72:
            out["font_size"] = float(size)
        else:
            c.report(top.value_mark("font_size"), "font_size", "expected a size from 4 to 72")
    types = top.get("types")
    if types is not None:
        mapping = c.mapping(types, top.value_mark("types"), "types")
        out["types"] = _read_types(c, mapping) if mapping is not None else {}
    if "monochrome" in top:
        if isinstance(top["monochrome"], bool):
            out["monochrome"] = top["monochrome"]
        else:
            c.report(top.value_mark("monochrome"), "monochrome", "expected true or false")
    vocabulary = (
        ("link_types", (("line", LINK_LINES), ("head", HEADS))),
        ("stage_classes", ()),
    )
    for key, words in vocabulary:
        if key in top:
            mapping = c.mapping(top[key], top.value_mark(key), key)
            out[key] = _read_styles(c, mapping, key, words) if mapping is not None else {}
    raise_if_any(c)
    return out


def _read_styles(
    c: Checker, styles: MarkedMap, key: str, words: tuple[tuple[str, tuple[str, ...]], ...]
) -> dict[str, dict[str, str]]:
    """``link_types`` or ``stage_classes``: per name, a colour and style words."""
    out = {}
    for name, raw in styles.items():
        path = f"{key}.{name}"
        style = c.mapping(raw, styles.value_mark(name), path)
        if style is None:
            continue
        c.keys(style, path, ("color", *(word for word, _ in words)))
        entry: dict[str, str] = {}
        color = check_color(c, style, "color", path) if "color" in style else None
        if color:
            entry["color"] = color
        for word, allowed in words:
            value = c.text(style, word, path)
            if value is None:
                continue
            if value not in allowed:
                c.report(
                    style.value_mark(word),
                    f"{path}.{word}",
                    f"expected one of {', '.join(allowed)}, found {value!r}",
                )
            else:
                entry[word] = value
        out[str(name)] = entry
    return out


def _read_types(c: Checker, types: MarkedMap) -> dict[str, dict[str, str]]:
    out = {}
    for name, raw in types.items():
        path = f"types.{name}"
        style = c.mapping(raw, types.value_mark(name), path)
        if style is None:
            continue
        c.keys(style, path, ("color", "text", "line", "fill"))
        entry: dict[str, str] = {}
        for key in ("color", "text"):
            color = check_color(c, style, key, path) if key in style else None
            if color:
                entry[key] = color
        for key, allowed in (("line", LINE_STYLES), ("fill", FILLS)):
            value = c.text(style, key, path)
            if value is None:
                continue
            if value not in allowed:
                c.report(
                    style.value_mark(key),
                    f"{path}.{key}",
                    f"expected one of {', '.join(allowed)}, found {value!r}",
                )
            else:
                entry[key] = value
        out[str(name)] = entry
    return out
