"""The Qt Widgets editor: a document session per window, its view state, canvas, docks,
menus and help windows."""
