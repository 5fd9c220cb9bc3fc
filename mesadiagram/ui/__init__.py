"""The Qt Widgets editor: main window, canvas, inspector, palette, presentation mode."""
