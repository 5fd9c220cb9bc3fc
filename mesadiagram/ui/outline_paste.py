"""Pasting an outline (docs/outline.md) onto the canvas: text that is no model but reads
as an outline with at least one stage is pasted like a copied model, as one undo step.

Any other text pastes nothing, as before. An outline with a name that means no stage or
several is reported with its ``clipboard:LINE:COL`` problems; what the reader left out is
told on the status line.
"""

from __future__ import annotations

from mesadiagram.formats import FormatError, safe_yaml
from mesadiagram.formats.exchange.outline_reader import read_outline
from mesadiagram.formats.imports import skipped_text
from mesadiagram.model import Document
from mesadiagram.ui.session import DocumentSession

SOURCE = "clipboard"


def outline_piece(session: DocumentSession, text: str) -> Document | None:
    """The document the outline in ``text`` describes, or None when it has no stages
    (then it is not an outline) or cannot be read (then the problems are reported)."""
    try:
        result = read_outline(safe_yaml.decode(text, SOURCE), SOURCE)
    except FormatError as err:
        if _has_list(text):
            session.report("Paste", f"The clipboard's outline cannot be read:\n\n{err}")
        return None
    if not result.document.nodes:
        return None
    if result.skipped:
        session.tell(f"Pasted the outline; {skipped_text(result.skipped, most=2)}", 10000)
    return result.document


def _has_list(text: str) -> bool:
    """Whether ``text`` has list items at all (else its problems are not worth a dialog)."""
    return any(
        line.lstrip().startswith(("- ", "* ", "+ ", "->", "→")) for line in text.splitlines()
    )
