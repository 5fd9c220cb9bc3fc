"""Paste reads the clipboard's bytes as a file's: anything that is not a model is refused
with the reader's one-line problems and changes nothing (issue 9).

Before, invalid UTF-8 under the app's own MIME type raised UnicodeDecodeError out of the
paste slot, which the crash handler showed as an "Unexpected error".
"""

from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QApplication

from mesadiagram.formats import FormatError, safe_yaml
from mesadiagram.model import Document, Node
from mesadiagram.ui import clipboard
from mesadiagram.ui.editor import MIME
from tests.ui_helpers import (  # noqa: F401  (*_fixture: pytest fixtures)
    add_stages,
    isolated_settings_fixture,
    keys,
    reported,
    snap,
    window_fixture,
)

PIECE = b"nodes:\n  - id: a\n    label: Pasted\n    position: [0, 0]\n"

HOSTILE = {
    "invalid UTF-8": (
        PIECE + b"  - id: b\n    label: Caf\xe9\n",  # Latin-1
        "clipboard:6:15: not UTF-8 (byte 0xe9)",
    ),
    "a lone continuation byte": (b"\x80" + PIECE, "clipboard:1:1: not UTF-8 (byte 0x80)"),
    "a truncated sequence": (PIECE[:-1] + b"\xe2\x82", "clipboard:4:21: not UTF-8 (byte 0xe2)"),
    "an encoded surrogate": (b"title: \xed\xa0\x80\n" + PIECE, "clipboard:1:8: not UTF-8"),
    "a NUL byte": (PIECE.replace(b"Pasted", b"Pas\0ted"), "clipboard:3:15: NUL byte"),
    "UTF-16": (codecs.BOM_UTF16_LE + PIECE.decode().encode("utf-16-le"), "clipboard:1:"),
    "binary": (bytes(range(256)), "clipboard:1:1: NUL byte"),
    "not a model": (b"\xef\xbb\xbfjust: [a, shopping, list]\n", "clipboard:1:1:"),
}


def put_on_clipboard(raw: bytes) -> None:
    data = QMimeData()
    data.setData(MIME, raw)
    QApplication.clipboard().setMimeData(data)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_bytes_under_our_mime_type_are_refused_like_a_file(
    window, name: str, no_modal_dialogs
) -> None:
    raw, expected = HOSTILE[name]
    add_stages(window, ("x", 0, 0))
    window.session.stack.clear()
    before = snap(window.doc)
    put_on_clipboard(raw)
    keys("Ctrl+V")
    assert window.doc.snapshot() == before
    assert window.session.stack.count() == 0
    report = reported(window)
    assert "The clipboard does not hold a model" in report
    assert expected in report
    problems = report.split("\n\n", 1)[1].splitlines()
    assert problems and all(line.startswith("clipboard:") for line in problems)
    assert not [kind for kind, _ in no_modal_dialogs if kind == "exec"]  # no crash dialog


def test_the_same_problem_as_the_file_reader_gives(window) -> None:
    """The paste says what opening a file with those bytes says (its name aside)."""
    raw = HOSTILE["invalid UTF-8"][0]
    with pytest.raises(FormatError) as from_file:
        safe_yaml.decode(raw, "clipboard")
    put_on_clipboard(raw)
    keys("Ctrl+V")
    assert str(from_file.value) in reported(window)


def test_valid_bytes_under_our_mime_type_still_paste(window) -> None:
    put_on_clipboard(codecs.BOM_UTF8 + PIECE.replace(b"Pasted", "Café ✓".encode()))
    keys("Ctrl+V")
    assert [n.label for n in window.doc.nodes] == ["Café ✓"]
    assert window.session.stack.count() == 1


def test_too_much_on_the_clipboard_is_refused_before_reading(monkeypatch) -> None:
    monkeypatch.setattr(safe_yaml, "MAX_BYTES", 1000)
    doc = Document("t")
    with pytest.raises(FormatError, match="clipboard"):
        clipboard.paste_commands(doc, PIECE + b"#" * 2000)
    with pytest.raises(FormatError, match="clipboard"):
        clipboard.paste_commands(doc, PIECE.decode() + "#" * 2000)


PIECES = st.sampled_from([PIECE, b"mesadiagram: 2\n" + PIECE, b"edges: []\n" + PIECE])


@st.composite
def mangled(draw) -> bytes:
    raw = bytearray(draw(PIECES))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(raw)))
        raw[at:at] = draw(st.binary(min_size=1, max_size=4))
    return bytes(raw)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=200), mangled()))
def test_any_bytes_give_commands_or_a_format_error(raw: bytes) -> None:
    doc = Document("t")
    doc.insert_node(Node("a", "A", position=(0.0, 0.0)))
    try:
        commands, _, _ = clipboard.paste_commands(doc, raw)
    except FormatError as err:
        assert err.problems
        assert all(str(p).startswith("clipboard:") and "\n" not in str(p) for p in err.problems)
    else:
        assert isinstance(commands, list)
