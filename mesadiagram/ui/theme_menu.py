"""View > Theme: one exclusive entry per theme, the choice remembered in QSettings.

The menu is filled anew each time it opens, so a theme file just put in the user's folder
shows up. Choosing a theme changes the view state; the canvas, the palette, the inspector
and the context menus all follow its one signal.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QMenu

from mesadiagram.render.theme import available_themes, user_theme_folder
from mesadiagram.ui.export_settings import menu_order, theme_label
from mesadiagram.ui.view_state import ViewState

SETTING = "canvasTheme"


def apply_theme(view_state: ViewState, name: str, remember: bool = True) -> bool:
    """Show the canvas in the theme ``name``; False when there is no such theme."""
    theme = available_themes(user_theme_folder()).get(name)
    if theme is None:
        return False
    view_state.update(theme=theme)
    if remember:
        QSettings().setValue(SETTING, name)
    return True


class ThemeMenu:
    def __init__(self, view_state: ViewState, menu: QMenu) -> None:
        self.view_state = view_state
        self.menu = menu
        self.group: QActionGroup | None = None
        menu.aboutToShow.connect(self.fill)

    def fill(self) -> None:
        self.menu.clear()
        if self.group is not None:
            self.group.deleteLater()
        self.group = QActionGroup(self.menu)
        current = self.view_state.theme.name
        for name, theme in menu_order(available_themes(user_theme_folder())):
            action = self.menu.addAction(theme_label(name, theme))
            action.setCheckable(True)
            action.setData(name)
            action.setChecked(name == current)
            action.triggered.connect(lambda _=False, n=name: apply_theme(self.view_state, n))
            self.group.addAction(action)
