"""Where the installed data files (templates, themes) are, from a checkout or an install."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path


def resource_root() -> Traversable:
    """The ``resources/`` folder: installed as ``mesadiagram.resources``, or the checkout's."""
    try:
        return resources.files("mesadiagram.resources")
    except ModuleNotFoundError:  # running from a source tree without installing
        return Path(__file__).resolve().parent.parent / "resources"


def template_names() -> list[str]:
    folder = resource_root() / "templates"
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


def template_text(name: str) -> str:
    """The text of ``resources/templates/<name>.yaml``."""
    return (resource_root() / "templates" / f"{name}.yaml").read_text(encoding="utf-8")
