"""Help > Quick Start: six numbered steps through the example, over the canvas.

A small window that stays open while the user follows it (not modal). Its button opens
the bundled example the way File > New from Template does: the installed template, as an
unsaved document, after asking about unsaved changes, so Save never writes into the
installed package.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
)

WIDTH = 520  # the window's width; the steps wrap inside it

STEPS = (
    (
        "Open the example",
        "The button below opens the mesa-optimization model as an unsaved copy.",
    ),
    (
        "Select a stage",
        "Click one. The <b>Inspector</b> on the right shows its fields and annotations; "
        "F2 renames it.",
    ),
    (
        "Chain with Tab",
        "With a stage selected, press <b>Tab</b>, type a name, and Tab again for the next "
        "one. Shift+Tab adds a stage before.",
    ),
    (
        "Attach from the palette",
        "Drag a kind, mechanism, caveat, intervention or note from the <b>Palette</b> onto "
        "a stage or link.",
    ),
    (
        "Read the Analysis panel",
        "It lists the links no intervention defends, and the cut sets: interventions that, "
        "if they work, cut every path. Click an entry to see it on the canvas.",
    ),
    (
        "Export",
        "<b>File &gt; Export…</b> (Ctrl+Alt+E) writes SVG, PDF or PNG, and Export Again "
        "repeats it. <b>Edit &gt; Copy as SVG</b> or <b>PNG</b> copies a figure.",
    ),
)


def steps_html() -> str:
    items = "".join(
        f"<li style='margin-bottom:6px'><b>{title}.</b> {text}</li>" for title, text in STEPS
    )
    return f"<ol style='margin-left:0px'>{items}</ol>"


class QuickStart(QDialog):
    """The steps, and buttons that open the example and the documentation."""

    def __init__(
        self,
        parent: QMainWindow,
        open_example: Callable[[], object],
        open_documentation: Callable[[], object],
    ) -> None:
        super().__init__(parent)
        self.setObjectName("quickStart")
        self.setWindowTitle("Quick Start")
        self.setModal(False)
        intro = QLabel(
            "Six steps through a threat model. Keep this window open while you try them.",
            self,
        )
        self.steps = QLabel(steps_html(), self)
        self.steps.setObjectName("quickStartSteps")
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.example_button = QPushButton("Open the Example", self)
        self.example_button.setObjectName("openExample")
        self.example_button.setDefault(True)
        self.docs_button = QPushButton("Documentation", self)
        self.docs_button.setObjectName("openDocumentation")
        close = QPushButton("Close", self)
        self.example_button.clicked.connect(lambda: open_example())
        self.docs_button.clicked.connect(lambda: open_documentation())
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.example_button)
        buttons.addWidget(self.docs_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        margins = layout.contentsMargins()
        text_width = WIDTH - margins.left() - margins.right()
        for label in (intro, self.steps):
            label.setWordWrap(True)
            # A wrapped label does not tell a dialog its height: give it the one it needs.
            label.setFixedWidth(text_width)
            label.setMinimumHeight(label.heightForWidth(text_width))
            layout.addWidget(label)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setFixedWidth(WIDTH)

    def place_beside(self, window: QMainWindow) -> None:
        """Over the top right of the canvas: a model opened to fit is centred, so the
        corner is free, and the docs on the right stay in view."""
        self.adjustSize()
        central = window.centralWidget()
        if central is None or not central.isVisible():
            return
        corner = central.mapToGlobal(QPoint(central.width() - self.width() - 24, 12))
        self.move(max(corner.x(), central.mapToGlobal(QPoint(0, 0)).x()), corner.y())


def show_quick_start(
    window: QMainWindow,
    open_example: Callable[[], object],
    open_documentation: Callable[[], object],
) -> QuickStart:
    """Show the window's Quick Start, made the first time it is asked for."""
    guide = window.findChild(QuickStart)
    if guide is None:
        guide = QuickStart(window, open_example, open_documentation)
        guide.place_beside(window)
    guide.show()
    guide.raise_()
    guide.activateWindow()
    return guide
