"""PNG files painted in bands match the figure painted whole, pixel for pixel."""

from __future__ import annotations

import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtGui import QImage

from mesadiagram.formats import load
from mesadiagram.render import export, png_bands
from mesadiagram.render.theme import get_theme
from tests.conftest import EXAMPLE


def _far_apart(a: QImage, b: QImage) -> int:
    """How many colour channels of the two images differ by more than a quarter."""
    first, second = bytes(a.constBits()), bytes(b.constBits())
    if first == second:
        return 0
    return sum(1 for x, y in zip(first, second, strict=True) if abs(x - y) > 64)


def _decoded(data: bytes) -> QImage:
    image = QImage.fromData(data, "PNG")
    assert not image.isNull()
    return image.convertToFormat(QImage.Format.Format_RGBA8888)


@pytest.mark.parametrize("transparent", [False, True])
@pytest.mark.parametrize("band_bytes", [1 << 24, 40_000])  # one band; dozens of bands
def test_banded_png_equals_the_image_painted_whole(monkeypatch, transparent, band_bytes):
    monkeypatch.setattr(png_bands, "BAND_BYTES", band_bytes)
    doc = load(EXAMPLE)
    options = export.ExportOptions(get_theme("default"), dpi=120, transparent=transparent)
    whole = export.png_image(doc, options).convertToFormat(QImage.Format.Format_RGBA8888)
    data = export.png_bytes(doc, options)
    banded = _decoded(data)
    assert (banded.width(), banded.height()) == (whole.width(), whole.height())
    # Replayed text may sit a fraction of a pixel apart from text painted directly (the
    # picture stores glyph positions rounded): a few antialiased glyph edges differ.
    assert _far_apart(banded, whole) <= 0.002 * banded.width() * banded.height()
    as_read = QImage.fromData(data, "PNG")
    assert as_read.hasAlphaChannel() == transparent  # RGB when opaque: a quarter smaller
    assert round(as_read.dotsPerMeterX() * 0.0254) == 120


def test_a_png_over_the_bound_is_refused_before_drawing(monkeypatch):
    painted = []
    monkeypatch.setattr(png_bands, "record_bands", lambda *args: painted.append(args))
    doc = load(EXAMPLE)
    with pytest.raises(export.FigureTooLargeError, match="pixels"):
        export.png_bytes(doc, export.ExportOptions(dpi=2400))
    assert painted == []


@given(st.binary(max_size=3000), st.binary(max_size=3000), st.integers(0, 200_000))
def test_joined_checksums_equal_the_checksum_of_the_joined_bytes(first, second, white):
    """Bands are checksummed in workers and joined (long runs: the carry must wrap)."""
    second += b"\xff" * white
    joined = png_bands.adler32_combine(zlib.adler32(first), zlib.adler32(second), len(second))
    assert joined == zlib.adler32(first + second)
