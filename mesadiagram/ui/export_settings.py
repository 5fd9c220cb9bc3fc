"""The export settings the user chose, remembered in the QSettings group ``export``.

File > Export… starts from them and saves them; Copy as SVG / PNG and Export Again use them
(Copy as at the figure's natural size: the size asked for is for files).
The detail level follows the canvas (compact or detailed) until the user picks one in the
dialog; from then on their pick is remembered like the other choices.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

from mesadiagram.render.export import FORMATS, ExportOptions
from mesadiagram.render.target_size import PRESETS, TargetSize, parse_size
from mesadiagram.render.theme import Theme, available_themes, user_theme_folder

GROUP = "export"
PAGE_LABELS = {"fit": "Fitted to the figure", "a4": "A4, with margins", "letter": "US Letter"}
SIZE_LABELS = {
    "": "Natural size",
    "column": "Column: 3.3 in wide",
    "page": "Page: 7 in wide",
    "slide": "Slide: 13.33 × 7.5 in",
    "custom": "Custom W × H:",
}


@dataclass
class ExportChoices:
    """What the user chose in the dialog, as remembered in QSettings."""

    fmt: str = "svg"
    theme: str = "default"
    detailed: bool = False
    detail_chosen: bool = False  # picked in the dialog; until then the canvas's is used
    legend: bool = True
    stage_text: bool = True  # the stages' texts under their labels
    dpi: int = 300
    transparent: bool = False
    font: str = ""  # empty: the theme's own font
    page: str = "fit"
    size: str = ""  # a key of SIZE_LABELS: "" is the natural size
    custom_size: str = "7inx4in"  # the size when ``size`` is "custom"
    directory: str = ""  # where the last figure went
    steps: bool = False  # a deck: a page (or numbered file) per presentation step

    @classmethod
    def load(cls, canvas_detailed: bool | None = None) -> ExportChoices:
        """The remembered choices; the detail level is ``canvas_detailed`` (what the
        canvas shows) when given and the user has not picked one in the dialog."""
        settings = QSettings()
        settings.beginGroup(GROUP)
        values = {}
        for name, default in asdict(cls()).items():
            if settings.contains(name):  # (typed: ini files give back strings)
                values[name] = settings.value(name, default, type=type(default))
        settings.endGroup()
        choices = cls(**values)
        choices.fmt = choices.fmt if choices.fmt in FORMATS else "svg"
        choices.page = choices.page if choices.page in PAGE_LABELS else "fit"
        choices.size = choices.size if choices.size in SIZE_LABELS else ""
        choices.dpi = min(2400, max(10, choices.dpi))
        if canvas_detailed is not None and not choices.detail_chosen:
            choices.detailed = canvas_detailed
        return choices

    def save(self) -> None:
        settings = QSettings()
        settings.beginGroup(GROUP)
        for name, value in asdict(self).items():
            settings.setValue(name, value)
        settings.endGroup()

    def target_size(self) -> TargetSize | None:
        """The size asked for (None: natural); ValueError for a custom size that names
        none, with the reason in one line."""
        if not self.size:
            return None
        return PRESETS.get(self.size) or parse_size(self.custom_size)

    def options(self, themes: dict[str, Theme] | None = None, sized: bool = False) -> ExportOptions:
        """The render options; a theme that is gone (a deleted user theme) falls back
        to the default one. ``sized``: at the size chosen (files), else at the natural
        size (Copy as); a custom size that names none raises ValueError. At a size, a
        detail level the user has not picked may turn compact to fit."""
        themes = available_themes(user_theme_folder()) if themes is None else themes
        theme = themes.get(self.theme) or themes["default"]
        if self.font:
            theme = theme.with_font(self.font)
        return ExportOptions(
            theme=theme,
            detailed=self.detailed,
            legend=self.legend,
            stage_text=self.stage_text,
            dpi=self.dpi,
            transparent=self.transparent,
            page=self.page,
            size=self.target_size() if sized else None,
            detail_fixed=self.detail_chosen,
        )


def with_format(path: Path, fmt: str) -> Path:
    """``path`` ending in ``.fmt`` (a figure suffix is replaced, any other kept)."""
    if path.suffix.lower().lstrip(".") in FORMATS:
        return path.with_suffix("." + fmt)
    return path.with_name(path.name + "." + fmt)


def slug(title: str) -> str:
    """A file name from a title: letters, digits and dashes."""
    words = "".join(c if c.isalnum() else " " for c in title.lower()).split()
    return "-".join(words)[:60]


def theme_label(name: str, theme: Theme) -> str:
    """A theme's name for menus: its label, or its file name when a user theme has none
    (it would show the default theme's label)."""
    if name != "default" and theme.label == Theme.label:
        return name
    return theme.label


def menu_order(themes: dict[str, Theme]) -> list[tuple[str, Theme]]:
    """Themes as menus list them: the default first, then the others as they come
    (built-in by file name, then the user's)."""
    return sorted(themes.items(), key=lambda item: item[0] != "default")
