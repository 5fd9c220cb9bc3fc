"""Helpers for the export tests: reading SVG text, comparing images."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtGui import QImage, QPainter

SVG_NS = "{http://www.w3.org/2000/svg}"


def svg_groups(svg: str, css_class: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    return [g for g in root.iter(f"{SVG_NS}g") if css_class in g.get("class", "").split()]


def svg_text(svg: str) -> str:
    """All text drawn (not titles), lines joined by spaces, whitespace normalised."""
    root = ET.fromstring(svg)
    parts = []
    for text in root.iter(f"{SVG_NS}text"):
        parts.append(" ".join(t.strip() for t in text.itertext()))
    return " ".join(" ".join(parts).split())


def normalise(text: str) -> str:
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    out = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return normalise(out)


def rsvg_render(svg_path: Path, width: int, height: int, out: Path) -> QImage:
    subprocess.run(
        ["rsvg-convert", "-w", str(width), "-h", str(height), str(svg_path), "-o", str(out)],
        check=True,
    )
    return QImage(str(out))


def differing_share(a: QImage, b: QImage, threshold: int = 64) -> float:
    """Share of pixels whose grey-level difference exceeds ``threshold`` (0..255)."""
    assert a.size() == b.size(), (a.size(), b.size())
    diff = a.convertToFormat(QImage.Format.Format_RGB32)
    painter = QPainter(diff)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Difference)
    painter.drawImage(0, 0, b.convertToFormat(QImage.Format.Format_RGB32))
    painter.end()
    grey = diff.convertToFormat(QImage.Format.Format_Grayscale8)
    table = bytes(1 if v > threshold else 0 for v in range(256))
    count = 0
    for y in range(grey.height()):
        row = bytes(grey.constScanLine(y))[: grey.width()]
        count += row.translate(table).count(1)
    return count / (grey.width() * grey.height())


def have(tool: str) -> bool:
    return shutil.which(tool) is not None


def active_content(svg: str) -> list[str]:
    """Elements and attributes that could run code or fetch something, found by parsing
    (escaped text that merely reads "onload=" is not active)."""
    found = []
    for element in ET.fromstring(svg).iter():
        tag = element.tag.split("}")[-1]
        if tag.lower() in ("script", "foreignobject", "iframe", "image", "use", "a"):
            found.append(tag)
        for name in element.attrib:
            local = name.split("}")[-1].lower()
            if local.startswith("on") or local == "href" or local == "style":
                found.append(f"{tag}@{local}")
    return found
