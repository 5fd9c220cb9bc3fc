"""Guard against the PySide6 6.12.0 crash on CPython 3.11 (DESIGN.md, platform facts).

Creating and moving thousands of graphics items ended in "Fatal Python error: none_dealloc"
with that release; the pin in pyproject.toml keeps it away, and this test would crash the
run if it came back.
"""

from __future__ import annotations

import sys

import PySide6
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene


def test_installed_pyside_is_not_the_crashing_release() -> None:
    if sys.version_info < (3, 12):
        assert tuple(int(p) for p in PySide6.__version__.split(".")[:2]) < (6, 12)
    assert PySide6.__version__ != "6.12.0"


def test_create_and_move_5000_items(qapp) -> None:
    scene = QGraphicsScene()
    items = []
    for i in range(5000):
        item = QGraphicsRectItem(0, 0, 100, 40)
        item.setPos(i % 100 * 120, i // 100 * 60)
        scene.addItem(item)
        items.append(item)
    for step in range(3):
        for i, item in enumerate(items):
            item.setPos(item.pos().x() + step, item.pos().y() + (i % 7))
    assert len(scene.items()) == 5000
    assert items[-1].pos().x() == 99 * 120 + 3
