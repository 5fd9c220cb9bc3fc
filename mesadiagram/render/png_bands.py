"""PNG files of any size without holding the whole image: painted and compressed in bands.

A 300 dpi figure of 1,000 stages is 25,873 x 12,983 pixels: 1.3 GB as one QImage, which
is what made such an export take 21 s and 1.4 GB. Here the figure is drawn once, each
primitive recorded into the QPicture of every band it reaches (``strip_surface.py``: the
Python drawing code runs once, and a band replays only its own part), then each
horizontal band is replayed into a small image, turned into PNG scanlines and deflated,
in worker threads (QPainter on a QImage may run in any thread; Qt releases the GIL while
it paints and zlib while it compresses; compressing is most of the time). At most
``AHEAD`` bands exist at a time, so memory stays near ``BAND_BYTES`` times that, whatever
the figure's size.

Replaying a QPicture gives the same pixels as painting directly (a test compares them).
"""

from __future__ import annotations

import os
import struct
import zlib
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QPicture

from mesadiagram.render.strip_surface import StripSurface
from mesadiagram.render.surface import PainterSurface, Surface

BAND_BYTES = 16 * 1024 * 1024  # one band's pixels, about
AHEAD = 4  # bands painted or being painted ahead of the compressor
PAINTERS = max(1, min(4, os.cpu_count() or 1))  # threads painting and deflating bands
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def record_bands(
    draw: Callable[[Surface], None], tops: list[float], slack: float
) -> list[QPicture]:
    """What ``draw`` draws, recorded once per band: band ``i`` starts at scene y
    ``tops[i]`` and gets every primitive that reaches it (``slack``: see StripSurface)."""
    pictures = [QPicture() for _ in tops]
    painters = [QPainter(picture) for picture in pictures]
    try:
        for painter in painters:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        draw(StripSurface([PainterSurface(p) for p in painters], tops, slack))
    finally:
        for painter in painters:
            painter.end()
    return pictures


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


ADLER_BASE = 65521


def adler32_combine(first: int, second: int, second_length: int) -> int:
    """The adler32 of two byte strings joined, from the checksum of each and the length
    of the second (zlib's adler32_combine, which Python's zlib does not offer)."""
    a1, b1 = first & 0xFFFF, first >> 16
    a2, b2 = second & 0xFFFF, second >> 16
    a = (a1 + a2 - 1) % ADLER_BASE
    b = (b1 + b2 + a1 * second_length - second_length) % ADLER_BASE
    return (b << 16) | a


def png_from_drawing(
    draw: Callable[[Surface], None],
    bounds: QRectF,
    width: int,
    height: int,
    background: QColor | None,
    dots_per_metre: int,
) -> bytes:
    """A width x height PNG of the part ``bounds`` (scene coordinates) of what ``draw``
    draws, on ``background`` (None: transparent, and the PNG has an alpha channel)."""
    opaque = background is not None and background.alpha() == 255
    channels = 3 if opaque else 4
    row_bytes = width * channels
    rows_per_band = max(1, BAND_BYTES // max(1, width * 4))
    sx, sy = width / bounds.width(), height / bounds.height()
    band_tops = range(0, height, rows_per_band)
    # Two pixels of slack: antialiased edges reach about one pixel past a shape.
    pictures = record_bands(draw, [bounds.top() + top / sy for top in band_tops], 2.0 / sy)

    pixel_format = QImage.Format.Format_RGB888 if opaque else QImage.Format.Format_RGBA8888

    def painted(top: int, rows: int) -> QImage:
        """The band of ``rows`` rows from row ``top``, painted."""
        band = QImage(width, rows, QImage.Format.Format_ARGB32_Premultiplied)
        band.fill(background if background is not None else QColor(0, 0, 0, 0))
        painter = QPainter(band)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            painter.translate(0, -top)
            painter.scale(sx, sy)
            painter.translate(-bounds.topLeft())
            painter.drawPicture(0, 0, pictures[top // rows_per_band])
        finally:
            painter.end()
        return band

    def band(top: int) -> tuple[bytes, int, int]:
        """Worker: the band's IDAT chunk, the adler32 of its scanlines and their length.

        A scanline is a filter byte (0: none; the figure's flat colours compress well
        unfiltered) and the row's pixels (RGB, or straight RGBA). Qt converts the painted
        band straight into that layout, each row one byte after the last one ends, so zlib
        takes the band in one call: fed row by row, a worker waited for the interpreter
        lock twice per row while the other painted, which cost a quarter of the export.
        Each band is deflated on its own and ends on a byte boundary (a sync flush), the
        last one finishing the stream, so the pieces joined are one valid stream,
        compressed in parallel; ``adler32_combine`` joins the checksums."""
        rows = min(rows_per_band, height - top)
        image = painted(top, rows)
        line = row_bytes + 1
        scanlines = bytearray(rows * line)  # all zero: the filter bytes are in place
        rows_view = QImage(memoryview(scanlines)[1:], width, rows, line, pixel_format)
        painter = QPainter(rows_view)
        try:
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            painter.drawImage(0, 0, image)
        finally:
            painter.end()
        del rows_view  # (it points into ``scanlines``)
        deflate = zlib.compressobj(1, zlib.DEFLATED, -15)  # raw deflate: no header
        last = top + rows_per_band >= height
        data = deflate.compress(scanlines) + deflate.flush(
            zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH
        )
        return _chunk(b"IDAT", data), zlib.adler32(scanlines), len(scanlines)

    header = struct.pack(">IIBBBBB", width, height, 8, 2 if opaque else 6, 0, 0, 0)
    parts = [
        PNG_SIGNATURE,
        _chunk(b"IHDR", header),
        _chunk(b"pHYs", struct.pack(">IIB", dots_per_metre, dots_per_metre, 1)),
    ]
    # One zlib stream: a header, the bands' deflate blocks, the checksum of everything.
    parts.append(_chunk(b"IDAT", b"\x78\x01"))  # deflate, 32 KB window, fastest level
    checksum = 1  # adler32 of nothing
    tops = deque(band_tops)
    pending: deque[Future[tuple[bytes, int, int]]] = deque()
    with ThreadPoolExecutor(PAINTERS, thread_name_prefix="png-band") as pool:
        while tops or pending:
            while tops and len(pending) < AHEAD:
                pending.append(pool.submit(band, tops.popleft()))
            chunk, band_checksum, length = pending.popleft().result()
            checksum = adler32_combine(checksum, band_checksum, length)
            parts.append(chunk)
    parts.append(_chunk(b"IDAT", struct.pack(">I", checksum)))
    parts.append(_chunk(b"IEND", b""))
    return b"".join(parts)
