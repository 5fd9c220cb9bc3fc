"""Text as it is drawn, and ids as they are written into SVG: the same everywhere.

Labels come from files someone else may have written. Bidi overrides (U+202E) make a
label read differently from what it is ("Trojan Source"), C1 controls and DEL draw as
boxes or nothing depending on the font and the device, and U+2028 breaks a line in some
renderers but not others. :func:`drawable` removes or neutralises them; every surface
(the canvas, PNG and PDF through QPainter, and SVG) and every text measurement passes
text through it, so all outputs show, and lay out, the same characters.
"""

from __future__ import annotations

import re

# Removed: C0 controls other than tab and line ends, DEL, C1 controls other than NEL,
# bidi embeddings, overrides and isolates, and the non-characters XML forbids.
_TABLE: dict[int, str | None] = {}
for _first, _last in (
    (0x00, 0x08),
    (0x0B, 0x0C),
    (0x0E, 0x1F),
    (0x7F, 0x84),
    (0x86, 0x9F),
    (0x202A, 0x202E),
    (0x2066, 0x2069),
    (0xFFFE, 0xFFFF),
):
    _TABLE.update(dict.fromkeys(range(_first, _last + 1)))
# Made a space: tab and the line ends other than "\n" (which wrapping breaks at).
_TABLE.update(dict.fromkeys(map(ord, "\t\r\x85\u2028\u2029"), " "))
_UNDRAWABLE = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in sorted(_TABLE)) + "\n\ud800-\udfff]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")


def drawable(text: str, keep_newlines: bool = False) -> str:
    """``text`` without the characters that draw differently on different outputs.

    Bidi controls, C0/C1 controls and DEL are removed; tab, CR, NEL and U+2028/U+2029
    become spaces, and so does ``\\n`` unless ``keep_newlines`` (for text still to be
    wrapped); a lone surrogate becomes U+FFFD.
    """
    if not _UNDRAWABLE.search(text):
        return text  # the common case: nothing to do, no copy
    text = _SURROGATE.sub("\ufffd", text.translate(_TABLE))
    return text if keep_newlines else text.replace("\n", " ")


# Characters an XML name may hold after its first (XML 1.0 fifth edition, NameChar),
# beyond ASCII letters, digits, "_", "-" and ".": an id made of them is valid, so CSS
# selectors, Inkscape and XML tools take it as written.
_NAME_RANGES = (
    (0xB7, 0xB7), (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x37D), (0x37F, 0x1FFF),
    (0x200C, 0x200D), (0x203F, 0x2040), (0x2070, 0x218F), (0x2C00, 0x2FEF),
    (0x3001, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFFD), (0x10000, 0xEFFFF),
)  # fmt: skip
ESCAPE = "."  # a name character, so escapes keep the id valid (``%`` would not)


def _plain(ch: str) -> bool:
    """Whether ``ch`` stands for itself in an id (``-`` and ``.`` are handled apart)."""
    if ch.isascii():
        return ch.isalnum() or ch == "_"
    code = ord(ch)
    return not _UNDRAWABLE.match(ch) and any(lo <= code <= hi for lo, hi in _NAME_RANGES)


def _escape_part(part: str) -> str:
    out = []
    for i, ch in enumerate(part):
        lone_hyphen = ch == "-" and 0 < i < len(part) - 1 and "-" not in (part[i - 1], part[i + 1])
        if lone_hyphen or _plain(ch):
            out.append(ch)
        else:
            out.extend(f"{ESCAPE}{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))
    return "".join(out)


def svg_id(prefix: str, *parts: str) -> str:
    """``prefix-part1--part2...``: an SVG id that no other ``parts`` give, and a valid
    XML name.

    Within a part, every character an XML name may not hold (``>``, spaces, ``%``...),
    the characters :func:`drawable` would change, ``.`` itself and every ``-`` that
    begins or ends the part or touches another ``-`` are written ``.XX`` (UTF-8 bytes). So
    an escaped part has no ``--`` and neither begins nor ends with ``-``, and ``--``
    always separates parts: links ``a -> "b--c"`` and ``"a--b" -> c`` get
    ``edge-a--b.2D.2Dc`` and ``edge-a.2D.2Db--c``. Ordinary ids are unchanged
    (``node-mesa-optimizer``, ``edge-a--b``).
    """
    return f"{prefix}-" + "--".join(_escape_part(part) for part in parts)
