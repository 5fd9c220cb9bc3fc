"""The export settings the user chose, remembered in the QSettings group ``export``.

File > Export… starts from them and saves them; Copy as SVG / PNG and Export Again use them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

from mesadiagram.render.export import FORMATS, ExportOptions
from mesadiagram.render.theme import Theme, available_themes, user_theme_folder

GROUP = "export"
PAGE_LABELS = {"fit": "Fitted to the figure", "a4": "A4, with margins", "letter": "US Letter"}


@dataclass
class ExportChoices:
    """What the user chose in the dialog, as remembered in QSettings."""

    fmt: str = "svg"
    theme: str = "default"
    detailed: bool = False
    legend: bool = True
    dpi: int = 300
    transparent: bool = False
    font: str = ""  # empty: the theme's own font
    page: str = "fit"
    directory: str = ""  # where the last figure went

    @classmethod
    def load(cls) -> ExportChoices:
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
        choices.dpi = min(2400, max(10, choices.dpi))
        return choices

    def save(self) -> None:
        settings = QSettings()
        settings.beginGroup(GROUP)
        for name, value in asdict(self).items():
            settings.setValue(name, value)
        settings.endGroup()

    def options(self, themes: dict[str, Theme] | None = None) -> ExportOptions:
        """The render options; a theme that is gone (a deleted user theme) falls back
        to the default one."""
        themes = available_themes(user_theme_folder()) if themes is None else themes
        theme = themes.get(self.theme) or themes["default"]
        if self.font:
            theme = theme.with_font(self.font)
        return ExportOptions(
            theme=theme,
            detailed=self.detailed,
            legend=self.legend,
            dpi=self.dpi,
            transparent=self.transparent,
            page=self.page,
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
