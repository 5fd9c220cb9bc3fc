"""PNG files of any size without holding the whole image: painted and compressed in bands.

A 300 dpi figure of 1,000 stages is 25,873 x 12,983 pixels: 1.3 GB as one QImage, which
is what made such an export take 21 s and 1.4 GB. Here the figure is drawn once into a
QPicture (the Python drawing code runs once: the recording is C++ to replay), then each
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

BAND_BYTES = 16 * 1024 * 1024  # one band's pixels, about
AHEAD = 4  # bands painted or being painted ahead of the compressor
PAINTERS = max(1, min(4, os.cpu_count() or 1))  # threads painting and deflating bands
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def record(draw: Callable[[QPainter], None]) -> QPicture:
    """The drawing ``draw`` makes on a painter, recorded for replay."""
    picture = QPicture()
    painter = QPainter(picture)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        draw(painter)
    finally:
        painter.end()
    return picture


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_from_picture(
    picture: QPicture,
    bounds: QRectF,
    width: int,
    height: int,
    background: QColor | None,
    dots_per_metre: int,
) -> bytes:
    """A width x height PNG of the part ``bounds`` of ``picture`` (in its coordinates),
    on ``background`` (None: transparent, and the PNG has an alpha channel)."""
    opaque = background is not None and background.alpha() == 255
    channels = 3 if opaque else 4
    row_bytes = width * channels
    rows_per_band = max(1, BAND_BYTES // max(1, width * 4))
    sx, sy = width / bounds.width(), height / bounds.height()

    def scanlines(top: int) -> bytes:
        """The PNG scanlines of the band from row ``top``."""
        rows = min(rows_per_band, height - top)
        band = QImage(width, rows, QImage.Format.Format_ARGB32_Premultiplied)
        band.fill(background if background is not None else QColor(0, 0, 0, 0))
        painter = QPainter(band)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            painter.translate(0, -top)
            painter.scale(sx, sy)
            painter.translate(-bounds.topLeft())
            painter.drawPicture(0, 0, picture)
        finally:
            painter.end()
        # RGB or straight (not premultiplied) RGBA, each row after a filter byte (0:
        # none; the figure's flat colours compress well without filtering).
        fmt = QImage.Format.Format_RGB888 if opaque else QImage.Format.Format_RGBA8888
        band = band.convertToFormat(fmt)
        stride = band.bytesPerLine()
        bits = memoryview(band.constBits()).cast("B")
        zero = b"\x00"
        return b"".join(
            zero + bytes(bits[r * stride : r * stride + row_bytes]) for r in range(rows)
        )

    def band(top: int) -> tuple[bytes, bytes]:
        """Worker: the band's scanlines and their deflate blocks. Each band is deflated
        on its own and ends on a byte boundary (a sync flush), the last one finishing the
        stream, so the pieces joined are one valid stream, compressed in parallel."""
        raw = scanlines(top)
        deflate = zlib.compressobj(1, zlib.DEFLATED, -15)  # raw deflate: no header
        last = top + rows_per_band >= height
        return raw, deflate.compress(raw) + deflate.flush(
            zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2 if opaque else 6, 0, 0, 0)
    parts = [
        PNG_SIGNATURE,
        _chunk(b"IHDR", header),
        _chunk(b"pHYs", struct.pack(">IIB", dots_per_metre, dots_per_metre, 1)),
    ]
    # One zlib stream: a header, the bands' deflate blocks, the checksum of everything.
    parts.append(_chunk(b"IDAT", b"\x78\x01"))  # deflate, 32 KB window, fastest level
    checksum = 1  # adler32 of nothing
    tops = deque(range(0, height, rows_per_band))
    pending: deque[Future[tuple[bytes, bytes]]] = deque()
    with ThreadPoolExecutor(PAINTERS, thread_name_prefix="png-band") as pool:
        while tops or pending:
            while tops and len(pending) < AHEAD:
                pending.append(pool.submit(band, tops.popleft()))
            raw, deflated = pending.popleft().result()
            checksum = zlib.adler32(raw, checksum)
            parts.append(_chunk(b"IDAT", deflated))
    parts.append(_chunk(b"IDAT", struct.pack(">I", checksum)))
    parts.append(_chunk(b"IEND", b""))
    return b"".join(parts)
