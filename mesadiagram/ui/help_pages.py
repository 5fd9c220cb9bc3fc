"""The documentation pages shipped with mesadiagram: where they are, their order and titles.

``docs/`` is installed as the package data ``mesadiagram.docs`` (see pyproject.toml), so
an installed editor reads the same pages as a source checkout. Everything is read through
``importlib.resources``, never from paths guessed next to the code, so a zipped install
works too. No widgets here: ``help_browser`` shows the pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

CONTENTS = "contents.md"  # the generated first page (no file of that name in docs/)

# Reading order for the pages we know, with one line on each for the contents page.
# A page added to docs/ later is listed after these, under its own title.
KNOWN = (
    ("editor.md", "Drawing in the editor: every command, key and panel."),
    ("presenting.md", "Presenting a model in a workshop, step by step; the deck."),
    ("format.md", "The YAML file format, field by field, and its error messages."),
    ("outline.md", "Outlines: importing a bulleted list as a model, and back."),
    ("exchange.md", "Graphviz, Mermaid, yEd, draw.io and LaTeX: exporting and importing."),
    ("analysis.md", "What the Analysis panel and `mesadiagram analyze` compute."),
    ("git.md", "Models in git: readable diffs and element-by-element merges."),
    ("cli.md", "The `mesadiagram` command: every subcommand and option, with real output."),
    ("themes.md", "The colour themes, and how to write your own."),
    ("architecture.md", "How the code is organised, for people who change it."),
    ("performance.md", "How fast the editor is on large models, and how that is measured."),
)


@dataclass(frozen=True)
class Page:
    name: str  # the file name in docs/, e.g. "editor.md"
    title: str  # its first heading
    blurb: str  # one line for the contents page ("" for pages we do not know)


def docs_root() -> Traversable:
    """The installed ``docs/`` folder, or the checkout's when mesadiagram is not installed
    (or was installed in editable mode before docs/ was package data)."""
    try:
        root = resources.files("mesadiagram.docs")
        if root.joinpath("editor.md").is_file():
            return root
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parents[2] / "docs"


def resource(path: str) -> Traversable | None:
    """The file at ``path`` (``/editor.md``, ``images/editor.png``) inside the docs, or
    None: a path that leaves the docs folder (``../README.md``) or names nothing."""
    parts = [p for p in PurePosixPath(path).parts if p not in ("/", ".")]
    if not parts or ".." in parts:
        return None
    found = docs_root()
    for part in parts:  # one at a time: Python 3.11's MultiplexedPath joins one name only
        found = found / part
    return found if found.is_file() else None


def page_names() -> list[str]:
    """The Markdown pages in docs/, known ones first in reading order, then the others."""
    present = sorted(p.name for p in docs_root().iterdir() if p.name.endswith(".md"))
    known = [name for name, _blurb in KNOWN if name in present]
    return known + [name for name in present if name not in known]


def page_title(text: str, fallback: str) -> str:
    """The first level-one heading of a Markdown text."""
    match = re.search(r"^# +(.+?) *$", text, re.M)
    return match.group(1).strip() if match else fallback


def pages() -> list[Page]:
    blurbs = dict(KNOWN)
    found = []
    for name in page_names():
        text = docs_root().joinpath(name).read_text(encoding="utf-8")
        found.append(Page(name, page_title(text, name.removesuffix(".md")), blurbs.get(name, "")))
    return found


def contents_markdown() -> str:
    """The first page of the documentation window: every page with what it is about."""
    lines = [
        "# mesadiagram documentation",
        "",
        "New here? **Help > Quick Start** walks through the example in six steps. "
        "**Help > Keyboard Shortcuts** lists every key of the menus.",
        "",
    ]
    for page in pages():
        entry = f"- [{page.title}]({page.name})"
        lines.append(f"{entry}: {page.blurb}" if page.blurb else entry)
    return "\n".join(lines) + "\n"


def heading_anchor(text: str, taken: set[str]) -> str:
    """The anchor GitHub gives a heading, which the docs' own links use:
    ``In the editor: the Analysis panel`` -> ``in-the-editor-the-analysis-panel``.
    A repeated heading gets ``-1``, ``-2``... as on GitHub."""
    base = re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")
    anchor, n = base, 0
    while anchor in taken:
        n += 1
        anchor = f"{base}-{n}"
    taken.add(anchor)
    return anchor
