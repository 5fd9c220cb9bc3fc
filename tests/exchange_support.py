"""What the exchange tests share: the hostile corpus as a document, what each format is
expected to bring back, and the outside programs (Graphviz, pdflatex) when installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from mesadiagram.formats.exchange.common import CUT, carried, intervention_labels
from mesadiagram.model import Annotation, Document, Edge, Item, Node
from tests.test_export_hostile import HOSTILE

DOT = shutil.which("dot")
PDFLATEX = shutil.which("pdflatex")
needs_dot = pytest.mark.skipif(DOT is None, reason="Graphviz's dot is not installed")


def latex_missing() -> str | None:
    """Why pdflatex cannot compile our files here, or None when it can."""
    if PDFLATEX is None:
        return "pdflatex is not installed (Debian: texlive-latex-base)"
    kpsewhich = shutil.which("kpsewhich")
    for name, package in (
        ("standalone.cls", "texlive-latex-extra"),
        ("tikz.sty", "texlive-pictures"),
        ("beamer.cls", "texlive-latex-recommended"),
    ):
        found = (
            subprocess.run([kpsewhich, name], capture_output=True, text=True) if kpsewhich else None
        )
        if found is None or not found.stdout.strip():
            return f"LaTeX's {name} is missing (Debian: {package})"
    return None


needs_latex = pytest.mark.skipif(latex_missing() is not None, reason=str(latex_missing()))


def pdflatex(tex: str, folder: Path, name: str = "figure") -> Path:
    """Compile ``tex``; the PDF's path. Fails the test with LaTeX's first error."""
    source = folder / f"{name}.tex"
    source.write_text(tex, encoding="utf-8")
    done = subprocess.run(
        [PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", source.name],
        cwd=folder,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=300,
    )
    log = (
        (folder / f"{name}.log").read_text(errors="replace")
        if (folder / f"{name}.log").exists()
        else ""
    )
    errors = [line for line in log.splitlines() if line.startswith("!")]
    assert done.returncode == 0, f"pdflatex failed: {errors[:3] or done.stdout[-800:]}"
    return folder / f"{name}.pdf"


def hostile_document() -> Document:
    """Every hostile text as a stage's label, text and kind, a link's label and an
    intervention with a method: the SVG tests' corpus, through every exporter."""
    doc = Document(title='<title>& "hostile" ]]>', description="<desc onload='x'>")
    for i, text in enumerate(HOSTILE):
        doc.insert_node(
            Node(
                f"n{i}",
                text,
                text,
                position=(i * 220.0, (i % 3) * 150.0),
                annotations=[
                    Annotation("kind", text, id=f"{text}-kind"),
                    Annotation("note", text, text, id=f"{text}-note"),
                ],
            )
        )
    for i in range(len(HOSTILE) - 1):
        doc.insert_edge(
            Edge(
                f"n{i}",
                f"n{i + 1}",
                id=f"{HOSTILE[i]}->{i}",
                label=HOSTILE[i],
                annotations=[
                    Annotation("intervention", HOSTILE[i + 1], items=[Item(HOSTILE[i])], effect=0.5)
                ],
            )
        )
    return doc


def shown(text: str, fallback: str) -> str:
    """A label as DOT and Mermaid bring it back: carried, or the name when that leaves
    nothing to read (a stage must have a label)."""
    text = carried(text)
    return text if text.strip() else fallback


def cut_labels(edge: Edge) -> list[str]:
    """A link's interventions as DOT and Mermaid bring them back: one line each."""
    return [" ".join(carried(label).split()) for label in intervention_labels(edge)]


def uses_cut_mark(doc: Document) -> bool:
    """Whether a text starts a line with ``✂``, which reads back as an intervention."""
    mark = CUT.strip()
    texts = [e.label for e in doc.edges] + [
        a.label or a.type for e in doc.edges for a in e.annotations
    ]
    return any(mark in text for text in texts)
