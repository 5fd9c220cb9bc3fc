"""The inspector dock: the selection's fields and annotations, every edit one undo step."""

from mesadiagram.ui.inspector.dock import InspectorDock

__all__ = ["InspectorDock"]
