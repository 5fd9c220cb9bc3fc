"""SVG written from the renderer's own drawing instructions.

Why not QSvgGenerator: it repeats the painter state in a new group at every change
(hundreds of empty groups), writes the generic family "Sans Serif", sizes in mm at 72 dpi
and does not escape its title (DESIGN.md, platform facts). Here every label is real
``<text>``, every stage, link and callout is a ``<g>`` with a stable id, a class and a
``<title>``; user text is escaped and stripped of characters XML 1.0 forbids; numbers are
rounded so the same input gives the same bytes.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont, QPainterPath

from mesadiagram.render.drawn_text import drawable
from mesadiagram.render.fonts import FALLBACK_FAMILIES
from mesadiagram.render.surface import Fill, Stroke

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_DASH_ARRAYS = {"dashed": "6 3", "dotted": "1.5 2.5", "dashdot": "6 2.5 1.5 2.5"}


def clean_text(text: str) -> str:
    """Text safe inside an XML element or attribute, drawn as on every other output."""
    text = _XML_FORBIDDEN.sub("", drawable(text))
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def num(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros (and never "-0")."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def path_data(path: QPainterPath) -> str:
    parts = []
    i, n = 0, path.elementCount()
    while i < n:
        e = path.elementAt(i)
        if e.isMoveTo():
            parts.append(f"M{num(e.x)} {num(e.y)}")
        elif e.isLineTo():
            parts.append(f"L{num(e.x)} {num(e.y)}")
        elif e.isCurveTo():
            c2, end = path.elementAt(i + 1), path.elementAt(i + 2)
            parts.append(
                f"C{num(e.x)} {num(e.y)} {num(c2.x)} {num(c2.y)} {num(end.x)} {num(end.y)}"
            )
            i += 2
        i += 1
    return " ".join(parts)


class SvgSurface:
    """Collects SVG elements; ``document()`` wraps them in the root element."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._depth = 1
        # Paint and text styles repeat thousands of times in a large figure: each distinct
        # one becomes a CSS class (named in order of first use, so output is deterministic).
        self._styles: dict[str, str] = {}

    def _add(self, line: str) -> None:
        self.lines.append("  " * self._depth + line)

    @contextmanager
    def group(self, element_id: str | None, css_class: str | None, title: str | None):
        attrs = ""
        if element_id:
            attrs += f' id="{clean_text(element_id)}"'
        if css_class:
            attrs += f' class="{clean_text(css_class)}"'
        start = len(self.lines)
        self._add(f"<g{attrs}>")
        self._depth += 1
        if title:
            self._add(f"<title>{clean_text(title)}</title>")
        body_start = len(self.lines)
        try:
            yield
        finally:
            self._depth -= 1
            if len(self.lines) == body_start and not title:
                del self.lines[start:]  # never leave an empty group
            else:
                self._add("</g>")

    def _style(self, css: str) -> str:
        name = self._styles.get(css)
        if name is None:
            name = self._styles[css] = f"s{len(self._styles)}"
        return f' class="{name}"'

    def _paint(self, fill: Fill | None, stroke: Stroke | None) -> str:
        css = f"fill:{fill.color}" if fill else "fill:none"
        if fill and fill.opacity < 1:
            css += f";fill-opacity:{num(fill.opacity)}"
        if stroke:
            css += f";stroke:{stroke.color};stroke-width:{num(stroke.width)}"
            if stroke.pattern:
                css += f";stroke-dasharray:{' '.join(num(v) for v in stroke.pattern)}"
            elif stroke.dash != "solid":
                css += f";stroke-dasharray:{_DASH_ARRAYS[stroke.dash]}"
            if stroke.opacity < 1:
                css += f";stroke-opacity:{num(stroke.opacity)}"
        return self._style(css)

    def rect(self, rect: QRectF, radius: float, fill: Fill | None, stroke: Stroke | None) -> None:
        r = f' rx="{num(radius)}"' if radius > 0 else ""
        self._add(
            f'<rect x="{num(rect.x())}" y="{num(rect.y())}" width="{num(rect.width())}" '
            f'height="{num(rect.height())}"{r}{self._paint(fill, stroke)}/>'
        )

    def ellipse(self, rect: QRectF, fill: Fill | None, stroke: Stroke | None) -> None:
        c = rect.center()
        self._add(
            f'<ellipse cx="{num(c.x())}" cy="{num(c.y())}" rx="{num(rect.width() / 2)}" '
            f'ry="{num(rect.height() / 2)}"{self._paint(fill, stroke)}/>'
        )

    def polygon(self, points: list[QPointF], fill: Fill | None, stroke: Stroke | None) -> None:
        pts = " ".join(f"{num(p.x())},{num(p.y())}" for p in points)
        self._add(f'<polygon points="{pts}"{self._paint(fill, stroke)}/>')

    def path(self, path: QPainterPath, stroke: Stroke, fill: Fill | None = None) -> None:
        self._add(f'<path d="{path_data(path)}"{self._paint(fill, stroke)}/>')

    def polyline(self, points: list[QPointF], stroke: Stroke) -> None:
        path = QPainterPath(points[0])
        for point in points[1:]:
            path.lineTo(point)
        self.path(path, stroke)

    def line(self, a: QPointF, b: QPointF, stroke: Stroke) -> None:
        self._add(
            f'<line x1="{num(a.x())}" y1="{num(a.y())}" x2="{num(b.x())}" '
            f'y2="{num(b.y())}"{self._paint(None, stroke)}/>'
        )

    def text(self, baseline: QPointF, text: str, font: QFont, color: str, anchor: str) -> None:
        self.text_lines([baseline], [text], font, color, anchor)

    def text_lines(
        self, baselines: list[QPointF], lines: list[str], font: QFont, color: str, anchor: str
    ) -> None:
        """Several lines as one ``<text>`` with a ``<tspan>`` per line."""
        if not lines:
            return
        weight = ' font-weight="600"' if font.weight() >= QFont.Weight.DemiBold else ""
        anchor_attr = f' text-anchor="{anchor}"' if anchor != "start" else ""
        head = f'<text font-size="{font.pixelSize()}"{weight}{anchor_attr} fill="{color}">'
        if len(lines) == 1:
            p = baselines[0]
            self._add(
                head.replace("<text ", f'<text x="{num(p.x())}" y="{num(p.y())}" ', 1)
                + f"{clean_text(lines[0])}</text>"
            )
            return
        spans = "".join(
            f'<tspan x="{num(p.x())}" y="{num(p.y())}">{clean_text(t)}</tspan>'
            for p, t in zip(baselines, lines, strict=True)
        )
        self._add(head + spans + "</text>")

    def document(
        self,
        view: QRectF,
        font_family: str,
        title: str,
        description: str,
        background: str | None,
        points_per_unit: float = 0.75,
    ) -> str:
        """The whole SVG file; ``view`` is the figure's box in scene units (CSS pixels),
        drawn ``points_per_unit`` points to the unit (0.75: natural size)."""
        families = ", ".join(
            [f'"{font_family}"' if " " in font_family else font_family, *FALLBACK_FAMILIES]
        )
        width_pt = view.width() * points_per_unit
        height_pt = view.height() * points_per_unit
        head = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
            f'width="{num(width_pt)}pt" height="{num(height_pt)}pt" '
            f'viewBox="{num(view.x())} {num(view.y())} {num(view.width())} {num(view.height())}" '
            f'font-family="{clean_text(families)}">',
            f"  <title>{clean_text(title)}</title>",
        ]
        if description:
            head.append(f"  <desc>{clean_text(description)}</desc>")
        if self._styles:
            rules = "\n".join(f"    .{name} {{ {css} }}" for css, name in self._styles.items())
            head.append(f'  <style type="text/css">\n{rules}\n  </style>')
        if background:
            head.append(
                f'  <rect x="{num(view.x())}" y="{num(view.y())}" '
                f'width="{num(view.width())}" height="{num(view.height())}" '
                f'fill="{background}"/>'
            )
        return "\n".join([*head, *self.lines, "</svg>"]) + "\n"
