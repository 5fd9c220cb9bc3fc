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
    c.keys(top, "", (*TEXT_KEYS, *COLOR_KEYS, "font_size", "types"), required=("name",))
    out: dict[str, Any] = {}
    for key in TEXT_KEYS:
        value = c.text(top, key, "", required=key == "name")
        if value is not None:
            out[key] = value
    for key in COLOR_KEYS:
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
    raise_if_any(c)
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
