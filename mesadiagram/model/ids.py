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
    base = slugify(label, fallback)
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    return candidate
