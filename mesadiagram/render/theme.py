"""Themes: colours, fonts and the per-type marks, shared by canvas and exports.

Built-in themes are files in ``resources/themes/``; users add their own by dropping a
file of the same form in their themes folder (see docs/themes.md).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mesadiagram.formats import FormatError
from mesadiagram.formats.theme_file import read_theme_file, read_theme_text
from mesadiagram.render.contrast import readable
from mesadiagram.resource_files import resource_root

# Text-related lengths in render/ (chip heights, wrap widths, paddings, marks, badges) are
# given for labels of this many pixels and grow with ``Theme.unit``; the gaps between
# stages (the layout's spacing) stay in scene units.
BASE_FONT_SIZE = 14.0


@dataclass(frozen=True)
class TypeStyle:
    """How one annotation type is marked: colour, outline style and fill of its mark,
    and the colour of text written in it (callout headings)."""

    color: str | None = None  # None: the type's own colour from the document
    line: str = "solid"  # solid, dashed, dotted, dashdot
    fill: str = "solid"  # solid, hollow, half
    text: str | None = None  # None: the mark's colour, darkened (or lightened) to read


@dataclass(frozen=True)
class LinkStyle:
    """How a theme draws links of one type (``link_types:`` in a theme file): each field
    None keeps the type's own (``model/vocabulary.py``, or the document's declaration)."""

    color: str | None = None
    line: str | None = None  # solid, dashed, dotted
    head: str | None = None  # arrow, open, bar, diamond, circle, none


@dataclass(frozen=True)
class ClassStyle:
    """How a theme draws stages of one class (``stage_classes:``): None keeps the
    class's own colour. (The shape is the class's meaning: a theme keeps it.)"""

    color: str | None = None


@dataclass(frozen=True, eq=False)
class Theme:
    """What a drawing looks like. Identity-compared: themes are loaded once."""

    name: str = "default"
    label: str = "Colour"
    description: str = ""
    background: str = "#FFFFFF"
    node_fill: str = "#F7F9FC"
    node_border: str = "#5B6B82"
    node_text: str = "#1B2430"
    node_subtext: str = "#5B6B82"
    outcome_fill: str = "#FDEDEC"
    outcome_border: str = "#B03A2E"
    edge: str = "#5B6B82"
    edge_text: str = "#1B2430"
    selection: str = "#2F80ED"
    warning: str = "#D62728"
    highlight: str = "#F2C94C"
    font_family: str = "DejaVu Sans"
    font_size: float = BASE_FONT_SIZE  # pixels (scene units) of stage labels
    types: dict[str, TypeStyle] = field(default_factory=dict)
    # Link types' and stage classes' styles by name (``render/link_heads.py``,
    # ``render/stage_shapes.py``); a type or class not named keeps its own.
    link_types: dict[str, LinkStyle] = field(default_factory=dict)
    stage_classes: dict[str, ClassStyle] = field(default_factory=dict)
    # Colours the document gives link types, stage classes and groups are not used: the
    # theme's own are (print: a greyscale figure stays grey).
    monochrome: bool = False
    # Groups' frames and text boxes; None: made from the colours above
    # (``group_frames.frame_colors``, ``text_boxes.box_colors``).
    group_fill: str | None = None
    group_border: str | None = None
    group_text: str | None = None
    box_fill: str | None = None
    box_border: str | None = None
    box_text: str | None = None
    # Stage labels this much larger than ``font_size`` (all else as it is): figures at a
    # size whose floors set labels further above other text than the theme does (a
    # slide: 20 and 14 pt), ``render/fit_ways.py``. Not read from theme files.
    label_scale: float = 1.0
    # Kinds' chips that would stack one under another may flow in rows in a wider box
    # (``geometry.chip_layout``): figures in a fixed frame (a slide), where height is
    # scarce. Not read from theme files.
    flow_chips: bool = False

    def type_style(self, type_name: str) -> TypeStyle:
        return self.types.get(type_name, TypeStyle())

    def type_color(self, type_name: str, fallback: str) -> str:
        return self.types.get(type_name, TypeStyle()).color or fallback

    def type_text(self, type_name: str, fallback: str) -> str:
        """The colour of text in the type's colour (a callout's heading) on the
        background: the theme's ``text`` for the type, else its colour made readable
        (``contrast.readable``), so a pale hue never makes a faint heading."""
        style = self.types.get(type_name, TypeStyle())
        return readable(style.text or style.color or fallback, self.background)

    @property
    def unit(self) -> float:
        """How much larger than at ``BASE_FONT_SIZE`` every text-related length is: a
        theme with 20-pixel labels has chips, paddings, wrap widths and marks 20/14 as
        large, so boxes grow with their text while the gaps between them do not."""
        return self.font_size / BASE_FONT_SIZE

    def with_font(self, family: str) -> Theme:
        return dataclasses.replace(self, font_family=family)

    def with_font_size(self, size: float) -> Theme:
        """The theme with labels of ``size`` pixels (and the geometry that follows)."""
        return dataclasses.replace(self, font_size=size)

    def for_frame(self, label_scale: float, flow_chips: bool) -> Theme:
        """The theme with stage labels ``label_scale`` times as large as ``font_size``
        and chips flowing in rows or not (``fit_ways.Fitter``)."""
        if (label_scale, flow_chips) == (self.label_scale, self.flow_chips):
            return self
        return dataclasses.replace(self, label_scale=label_scale, flow_chips=flow_chips)


def theme_from_data(data: dict[str, Any]) -> Theme:
    styles = ("types", "link_types", "stage_classes")
    values = {k: v for k, v in data.items() if k not in styles}
    types = {name: TypeStyle(**style) for name, style in data.get("types", {}).items()}
    links = {name: LinkStyle(**style) for name, style in data.get("link_types", {}).items()}
    classes = {name: ClassStyle(**style) for name, style in data.get("stage_classes", {}).items()}
    return Theme(**values, types=types, link_types=links, stage_classes=classes)


def builtin_theme(name: str) -> Theme:
    text = (resource_root() / "themes" / f"{name}.yaml").read_text(encoding="utf-8")
    return theme_from_data(read_theme_text(text, f"themes/{name}.yaml"))


_CACHE: dict[str, Theme] = {}


def available_themes(user_folder: Path | None = None) -> dict[str, Theme]:
    """Built-in themes, then the user's (a user theme may replace a built-in by name).

    A broken user theme file is skipped; ``theme_errors`` says why.
    """
    themes: dict[str, Theme] = {}
    folder = resource_root() / "themes"
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".yaml"):
            name = entry.name.removesuffix(".yaml")
            if name not in _CACHE:
                _CACHE[name] = builtin_theme(name)
            themes[name] = _CACHE[name]
    theme_errors.clear()
    if user_folder is not None and user_folder.is_dir():
        for path in sorted(user_folder.glob("*.yaml")):
            try:
                theme = theme_from_data(read_theme_file(path))
            except (FormatError, OSError, TypeError) as err:
                theme_errors.append(str(err))
                continue
            themes[theme.name] = theme
    return themes


theme_errors: list[str] = []


def get_theme(name: str, user_folder: Path | None = None) -> Theme:
    """A theme by name; raises KeyError listing the known names."""
    themes = available_themes(user_folder)
    if name not in themes:
        raise KeyError(f"unknown theme {name!r}; known: {', '.join(themes)}")
    return themes[name]


def user_theme_folder() -> Path:
    """Where users put their own themes: <app data>/themes (see docs/themes.md)."""
    from PySide6.QtCore import QStandardPaths

    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    return Path(base) / "mesadiagram" / "themes"


DEFAULT_THEME = builtin_theme("default")
DARK_THEME = builtin_theme("dark")
