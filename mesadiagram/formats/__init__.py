"""File formats: the YAML model format (version 2, older versions upgraded on reading).

``load``/``loads`` read a model and raise :class:`FormatError` with every problem's
``FILE:LINE:COL``; ``save``/``dumps`` write the canonical text, ``save`` atomically.
"""

from __future__ import annotations

from pathlib import Path

from mesadiagram.formats.atomic import write_atomic
from mesadiagram.formats.errors import FormatError, Problem
from mesadiagram.formats.input_file import NotRegularFileError, read_model_bytes
from mesadiagram.formats.reader import load_path as load
from mesadiagram.formats.reader import loads
from mesadiagram.formats.writer import dumps
from mesadiagram.model import Document


def save(doc: Document, path: str | Path) -> None:
    """Write ``doc`` to ``path`` in canonical form, atomically."""
    write_atomic(path, dumps(doc).encode("utf-8"))


__all__ = [
    "FormatError",
    "NotRegularFileError",
    "Problem",
    "dumps",
    "load",
    "loads",
    "read_model_bytes",
    "save",
    "write_atomic",
]
