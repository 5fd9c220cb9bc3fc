"""Stable, readable ids made from labels ("Mesa optimizer" -> "mesa-optimizer")."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

_NON_WORD = re.compile(r"[^\w]+|_+")


def slugify(label: str, fallback: str = "stage") -> str:
    """Lower-case words joined by hyphens; accents folded; empty labels give ``fallback``."""
    folded = unicodedata.normalize("NFKD", label)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    slug = _NON_WORD.sub("-", folded.lower()).strip("-")
    return slug[:60].rstrip("-") or fallback


def unique_id(label: str, taken: Container[str], fallback: str = "stage") -> str:
    """A slug of ``label`` not in ``taken``, numbered ``-2``, ``-3``... when needed."""
    return numbered(slugify(label, fallback), taken)


def numbered(base: str, taken: Container[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... when it is taken (no slugging)."""
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def annotation_slug(label: str, type_name: str) -> str:
    """The base of a new annotation's id: its label's first words (at most 32 characters,
    cut between words), or its type when it has no label."""
    slug = slugify(label, type_name or "annotation")
    if len(slug) > 32:
        cut = slug[:33].rfind("-")
        slug = slug[: cut if cut > 0 else 32]
    return slug
