"""Text that is safe to print: one line, no terminal codes, no hidden reordering.

Paths, keys and values in messages come from files someone else may have written. Printed
raw, a line break in a key makes a second, fake error line; ESC starts a terminal control
sequence; a bidi override makes text read differently from what it is. Every message and
report therefore passes through :func:`one_line`, which writes such characters as visible
escapes (``\\n``, ``\\x1b``, ``\\u202e``).
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls, the line and paragraph separators, the bidi embeddings,
# overrides and isolates, and lone surrogates (which no terminal encoding can carry).
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    named = _NAMED.get(ch)
    if named is not None:
        return named
    code = ord(ch)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """``text`` with every unsafe character written as a visible escape."""
    return UNSAFE.sub(_escape, text) if UNSAFE.search(text) else text


def shorten(text: str, limit: int = 80) -> str:
    """``text``, cut to about ``limit`` characters with a note of its full length."""
    if len(text) <= limit:
        return text
    return f"{text[: limit - 20]}… ({len(text):,} characters)"


def shown(value: object, limit: int = 80) -> str:
    """A short ``repr`` of a value from a file, for a message (never raises).

    ``repr`` of a huge integer raises ValueError past 4,300 digits, and ``repr`` of a
    large list is megabytes long; both are cut here.
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 256:
        sign = "-" if value < 0 else ""
        return f"{sign}a number of about {int(value.bit_length() * 0.30103):,} digits"
    if isinstance(value, (list, dict)) and len(value) > limit:
        return f"a {'list' if isinstance(value, list) else 'mapping'} of {len(value):,} entries"
    try:
        return shorten(repr(value), limit)
    except ValueError:  # a huge integer inside a list or mapping
        return f"a {'list' if isinstance(value, list) else 'mapping'}"


# What json.dumps(ensure_ascii=False) leaves raw inside strings: it escapes C0 controls
# itself, so a raw C0 character in its output is the layout's own line break or indent.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_safe(text: str) -> str:
    """JSON text with the characters a terminal would act on written as ``\\uXXXX``.

    The data stays the same: ``\\u202e`` in a JSON string is the character itself.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
