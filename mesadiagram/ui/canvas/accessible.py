"""What assistive technology hears of the canvas: the view's name and description.

Graphics items have no accessibility of their own, so the view carries the selection:
its accessible name is "Diagram canvas" and what is selected, its description says what
the selected stage or link is and how it connects. Qt tells screen readers when either
changes (``setAccessibleName`` and ``setAccessibleDescription`` send the events).
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from mesadiagram.model import Document, ElementId
from mesadiagram.model.credence import short_text
from mesadiagram.model.elements import Annotation
from mesadiagram.ui.session import DocumentSession

NAME = "Diagram canvas"
MAX_NAMED = 5  # stages or links named one by one in a description of several
HINT = (
    "Alt+Right and Alt+Left select the next and previous stage along a link, Alt+Down "
    "and Alt+Up the other choices, Alt+Shift+Right and Alt+Shift+Left a link."
)


def _quoted(labels: list[str]) -> str:
    shown = ", ".join(f"“{label}”" for label in labels[:MAX_NAMED])
    more = len(labels) - MAX_NAMED
    return f"{shown} and {more} more" if more > 0 else shown


def _annotations(doc: Document, annotations: list[Annotation]) -> str:
    counts = Counter(a.type for a in annotations)
    if not counts:
        return "No annotations."
    parts = []
    for name, count in counts.items():
        kind = doc.annotation_type(name)
        parts.append(f"{count} {kind.name if count == 1 else kind.plural}")
    return ", ".join(parts) + "."


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _stage(doc: Document, node_id: str) -> tuple[str, str]:
    node = doc.node(node_id)
    before = [doc.node(doc.edge(k).source).label for k in doc.incoming(node_id)]
    after = [doc.node(doc.edge(k).target).label for k in doc.outgoing(node_id)]
    parts = [f"Stage “{node.label}”{', an outcome' if node.outcome else ''}."]
    parts.append(
        f"{_count(len(before), 'link')} in, from {_quoted(before)}." if before else "No links in."
    )
    parts.append(
        f"{_count(len(after), 'link')} out, to {_quoted(after)}." if after else "No links out."
    )
    parts.append(_annotations(doc, node.annotations))
    if node.text:
        parts.append(node.text)
    return f"{NAME}: stage {node.label}", " ".join(parts)


def _link(doc: Document, key: str) -> tuple[str, str]:
    edge = doc.edge(key)
    source, target = doc.node(edge.source).label, doc.node(edge.target).label
    parts = [f"Link from “{source}” to “{target}”" + (f", “{edge.label}”." if edge.label else ".")]
    if edge.probability is not None:
        parts.append(f"Probability {short_text(edge.probability)}.")
    parts.append(_annotations(doc, edge.annotations))
    if edge.text:
        parts.append(edge.text)
    return f"{NAME}: link {source} to {target}", " ".join(parts)


def describe(doc: Document, selection: list[ElementId]) -> tuple[str, str]:
    """The canvas's accessible name and description for ``selection``."""
    if not selection:
        counts = f"{_count(len(doc.nodes), 'stage')}, {_count(len(doc.edges), 'link')}"
        return NAME, f"“{doc.title}”: {counts}. Nothing selected. {HINT}"
    if len(selection) == 1:
        only = selection[0]
        return _stage(doc, only) if doc.has_node(only) else _link(doc, only)
    stages = [doc.node(i).label for i in selection if doc.has_node(i)]
    links = [i for i in selection if doc.has_edge(i)]
    what = " and ".join(
        part
        for part in (
            _count(len(stages), "stage") if stages else "",
            _count(len(links), "link") if links else "",
        )
        if part
    )
    named = f": {_quoted(stages)}" if stages else ""
    return f"{NAME}: {what} selected", f"{what} selected{named}."


class CanvasAccessibility(QObject):
    """Keeps ``widget``'s accessible name and description on the session's selection.

    A child of ``widget``: its connections to the session go with it.
    """

    def __init__(self, session: DocumentSession, widget: QWidget) -> None:
        super().__init__(widget)
        self.session = session
        self.widget = widget
        session.selectionChanged.connect(self.update)
        session.documentReplaced.connect(self.update)
        # An edit (a rename, a new link, the counts): once after a burst of events.
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self.update)
        session.changed.connect(self._changed)
        self.update()

    def _changed(self, _event: object) -> None:
        self._later.start()

    def update(self, *_what: object) -> None:
        session = self.session
        selection = [i for i in session.selection if session.doc.has_element(i)]
        name, description = describe(session.doc, selection)
        if self.widget.accessibleName() != name:
            self.widget.setAccessibleName(name)
        if self.widget.accessibleDescription() != description:
            self.widget.setAccessibleDescription(description)
