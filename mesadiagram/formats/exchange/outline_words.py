"""The words of the outline grammar: which item names an annotation type, and how an
annotation's ``Label: text`` is split. The reader and the writer share them, so what
one writes the other reads the same way."""

from __future__ import annotations

import re

from mesadiagram.formats.exchange.outline_lines import Span
from mesadiagram.model import BUILTIN_TYPES

_NAMES = {name: name for name in BUILTIN_TYPES} | {t.plural: t.name for t in BUILTIN_TYPES.values()}
# The seed's own headings: "Different kinds of misalignment", "Ways this doesn't happen".
_KINDS_OF = re.compile(r"(?:different )?kinds? of .+")
_WAYS_NOT = re.compile(r"ways (?:this|it) (?:doesn't|does not|might not|may not) happen")

NOTE = "note"


def _folded(name: str) -> str:
    return " ".join(name.replace("’", "'").casefold().split())


def type_for_heading(name: str) -> str | None:
    """The annotation type an item ``NAME:`` stands for (``Kinds``, ``caveat``,
    ``Different kinds of X``, ``Ways this doesn't happen``), or None."""
    folded = _folded(name)
    if folded in _NAMES:
        return _NAMES[folded]
    if _KINDS_OF.fullmatch(folded):
        return "kind"
    if _WAYS_NOT.fullmatch(folded):
        return "caveat"
    return None


def heading_type(content: Span) -> str | None:
    """The type ``content`` heads when it is ``NAME:`` (an unescaped colon at the end
    and none before it), else None."""
    if not content or not content.plain(len(content) - 1, ":"):
        return None
    name = content.part(0, len(content) - 1)
    if name.find(":") >= 0:
        return None
    return type_for_heading(name.text)


def split_annotation(content: Span, type_name: str) -> tuple[str, str]:
    """``Label: text`` split at the first unescaped colon. Without one, the whole is a
    note's text, or any other annotation's label."""
    parts = content.split_at(":")
    if parts is not None:
        return parts[0].text, parts[1].text
    whole = content.strip().text
    return ("", whole) if type_name == NOTE else (whole, "")


def note_text(content: Span) -> Span | None:
    """What follows ``Note:`` when ``content`` starts so (any case), else None."""
    at = content.find(":")
    if at < 0 or _folded(content.part(0, at).text) != NOTE:
        return None
    return content.part(at + 1).strip()


def heading_for(type_name: str) -> str:
    """The heading the writer gives a type: its plural, capitalised (``Kinds:``)."""
    plural = BUILTIN_TYPES[type_name].plural
    return plural[:1].upper() + plural[1:] + ":"
