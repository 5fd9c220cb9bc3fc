"""Box sizes of stages as drawn, for the layout (which must not depend on Qt itself)."""

from __future__ import annotations

from mesadiagram.model import Document
from mesadiagram.render.geometry import node_geometry
from mesadiagram.render.qt_app import ensure_gui_application
from mesadiagram.render.stage_shapes import stage_shape
from mesadiagram.render.theme import DEFAULT_THEME, Theme


def node_sizes(
    doc: Document, theme: Theme = DEFAULT_THEME, stage_text: bool = True
) -> dict[str, tuple[float, float]]:
    """Each stage's box as ``node_geometry`` makes it (in its class's shape), with its
    text under the label unless ``stage_text`` is off, so the layout leaves room for
    what is drawn."""
    ensure_gui_application()
    sizes = {}
    for node in doc.nodes:
        shape = stage_shape(doc, node)
        rect = node_geometry(node, theme, local=True, stage_text=stage_text, shape=shape).rect
        sizes[node.id] = (rect.width(), rect.height())
    return sizes
