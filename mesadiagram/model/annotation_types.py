"""Annotation types: what a piece of a threat-model argument is (a kind, a caveat...)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AnnotationType:
    """One type of annotation, shared by canvas, legend and exports.

    ``icon`` names a mark the renderer knows how to draw (see ``render``); an unknown icon
    name falls back to a dot, so a document from a newer version still draws.
    """

    name: str
    plural: str
    color: str
    icon: str
    builtin: bool = False


BUILTIN_TYPES: dict[str, AnnotationType] = {
    t.name: t
    for t in (
        # Okabe-Ito hues: distinct for colour-blind readers even in the default theme.
        AnnotationType("kind", "kinds", "#0072B2", "chip", builtin=True),
        AnnotationType("mechanism", "mechanisms", "#009E73", "gear", builtin=True),
        AnnotationType("caveat", "caveats", "#E69F00", "caveat", builtin=True),
        AnnotationType("intervention", "interventions", "#D55E00", "shield", builtin=True),
        AnnotationType("note", "notes", "#6E6E6E", "note", builtin=True),
    )
}

KNOWN_ICONS = ("chip", "gear", "caveat", "shield", "note", "dot", "square", "diamond", "star")
