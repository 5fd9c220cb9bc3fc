"""Box sizes of stages as drawn, for the layout (which must not depend on Qt itself)."""

from __future__ import annotations

from mesadiagram.model import Document
from mesadiagram.render.geometry import node_geometry
from mesadiagram.render.qt_app import ensure_gui_application
from mesadiagram.render.theme import DEFAULT_THEME, Theme


def node_sizes(doc: Document, theme: Theme = DEFAULT_THEME) -> dict[str, tuple[float, float]]:
    ensure_gui_application()
    sizes = {}
    for node in doc.nodes:
        rect = node_geometry(node, theme, local=True).rect
        sizes[node.id] = (rect.width(), rect.height())
    return sizes
