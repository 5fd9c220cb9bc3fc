"""The whole window follows a dark theme, not only the canvas.

A theme whose background is dark gives the window (docks, inspector, palette, menus,
status bar) a dark widget palette made from the theme's own colours; a light theme gives
back the application's palette.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from mesadiagram.render.theme import Theme


def is_dark(theme: Theme) -> bool:
    return QColor(theme.background).lightness() < 128


def theme_palette(theme: Theme) -> QPalette:
    """A widget palette in the theme's colours (for dark themes)."""
    background = QColor(theme.background)
    text = QColor(theme.node_text)
    base = background.lighter(125)
    window = background.lighter(140)
    palette = QPalette()
    role = QPalette.ColorRole
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, role.Window, window)
        palette.setColor(group, role.WindowText, text)
        palette.setColor(group, role.Base, base)
        palette.setColor(group, role.AlternateBase, window)
        palette.setColor(group, role.Text, text)
        palette.setColor(group, role.Button, window)
        palette.setColor(group, role.ButtonText, text)
        palette.setColor(group, role.ToolTipBase, window)
        palette.setColor(group, role.ToolTipText, text)
        palette.setColor(group, role.Highlight, QColor(theme.selection))
        palette.setColor(group, role.HighlightedText, QColor("#ffffff"))
        palette.setColor(group, role.PlaceholderText, QColor(text).darker(150))
        palette.setColor(group, role.BrightText, QColor(theme.warning))
        palette.setColor(group, role.Link, QColor(theme.selection))
    disabled = QColor(text).darker(180)
    for r in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, r, disabled)
    for r in (role.Window, role.Button):
        palette.setColor(QPalette.ColorGroup.Disabled, r, window)
    palette.setColor(QPalette.ColorGroup.Disabled, role.Base, base)
    return palette


def follow_theme(window: QWidget, theme: Theme) -> None:
    """Dark theme: the window in the theme's colours; light: the application's palette."""
    window.setPalette(theme_palette(theme) if is_dark(theme) else QApplication.palette())
