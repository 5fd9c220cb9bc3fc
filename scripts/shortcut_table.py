"""Print the editor's menu shortcuts as the Markdown table of docs/editor.md.

Run it where the bindings are wanted: for Linux's on a machine without a screen, under
Xvfb with ``QT_QPA_PLATFORM=xcb`` (Qt's offscreen platform reports Windows-style ones).
It uses its own settings name, so the user's recent files and window layout are left
alone. ``tests/test_shortcut_docs.py`` runs it and compares its output with the doc.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    app.setOrganizationName("mesadiagram-docs")  # leave the user's own settings alone
    from mesadiagram.ui.main_window import MainWindow
    from mesadiagram.ui.shortcuts import markdown_table, shortcut_rows

    window = MainWindow()
    print(markdown_table(shortcut_rows(window.menuBar())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
