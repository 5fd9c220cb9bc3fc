"""Applying a link type or stage class from the palette: its drag payload and its step.

The payload carries the whole declaration as JSON, so a drop into another window whose
document does not declare that type or class declares it in the same undo step (as an
annotation type dragged across windows is, ``annotation_drag.py``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData

from mesadiagram.model import Document
from mesadiagram.model.commands import Command, Macro, SetEdgeFields, SetNodeFields
from mesadiagram.model.vocabulary import LinkType, StageClass
from mesadiagram.model.vocabulary_commands import SetLinkTypes, SetStageClasses

if TYPE_CHECKING:
    from mesadiagram.ui.session import DocumentSession

MIME = "application/x-mesadiagram-vocabulary"
LINK, STAGE = "link_type", "stage_class"

Entry = LinkType | StageClass


def payload(entry: Entry) -> str:
    """The JSON text a drag of a link type or stage class carries."""
    if isinstance(entry, LinkType):
        fields = {"line": entry.line, "head": entry.head, "carries_risk": entry.carries_risk}
        kind = LINK
    else:
        fields, kind = {"shape": entry.shape}, STAGE
    declaration = {"name": entry.name, "label": entry.label, "color": entry.color, **fields}
    return json.dumps({"kind": kind, "declaration": declaration}, ensure_ascii=False)


def read_payload(text: str) -> Entry | None:
    """The link type or stage class in a payload; None when it is not a valid one."""
    try:
        raw = json.loads(text)
        kind, fields = raw["kind"], dict(raw["declaration"])
        if kind == LINK:
            return LinkType(**fields)
        if kind == STAGE:
            return StageClass(**fields)
    except (ValueError, KeyError, TypeError, AttributeError):
        pass
    return None


def mime_data(text: str) -> QMimeData:
    data = QMimeData()
    data.setData(MIME, text.encode("utf-8"))
    return data


def read_mime(data: QMimeData | None) -> Entry | None:
    if data is None or not data.hasFormat(MIME):
        return None
    return read_payload(bytes(data.data(MIME)).decode("utf-8", errors="replace"))


def targets_of(doc: Document, entry: Entry, ids: list[str]) -> list[str]:
    """Those of ``ids`` the entry applies to: links for a link type, stages for a class."""
    if isinstance(entry, LinkType):
        return [i for i in ids if doc.has_edge(i)]
    return [i for i in ids if doc.has_node(i)]


def apply_command(doc: Document, entry: Entry, targets: list[str]) -> Command | None:
    """One step giving ``targets`` the type or class, declared first when ``doc`` does
    not know its name; None when it would change nothing."""
    commands: list[Command] = []
    if isinstance(entry, LinkType):
        if entry.name not in {t.name for t in doc.all_link_types()}:
            commands.append(SetLinkTypes({**doc.link_types, entry.name: entry}, "Declare"))
        commands += [
            SetEdgeFields(k, type=entry.name) for k in targets if doc.edge(k).type != entry.name
        ]
    else:
        if entry.name not in {c.name for c in doc.all_stage_classes()}:
            commands.append(SetStageClasses({**doc.stage_classes, entry.name: entry}, "Declare"))
        commands += [
            SetNodeFields(n, stage_class=entry.name)
            for n in targets
            if doc.node(n).stage_class != entry.name
        ]
    if not commands:
        return None
    return Macro(f"Make “{entry.label}”", commands)


def apply(session: DocumentSession, entry: Entry, ids: list[str]) -> int:
    """Give the links (a type) or stages (a class) among ``ids`` the entry, as one undo
    step; returns how many it applied to."""
    doc = session.doc
    targets = targets_of(doc, entry, ids)
    command = apply_command(doc, entry, targets) if targets else None
    if command is not None:
        try:
            session.run(command)
        except ValueError as err:
            session.report(command.text, str(err))
            return 0
    return len(targets)
