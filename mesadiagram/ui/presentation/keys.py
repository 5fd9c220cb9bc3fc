"""The keys of present mode, as commands.

Next: Right, Down, Space, PageDown, N, Enter, and the media and browser keys that
presenter remotes send. Back: Left, Up, PageUp, Backspace, and the remotes' back keys.
Home and End: the first and last step. Digits then Enter: that step (Backspace takes a
digit back, Esc forgets them). B or "." blanks to black, W or "," to white; any key
brings the picture back. Esc leaves. F5 (which a remote may send again) does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt

K = Qt.Key
NEXT = {
    K.Key_Right,
    K.Key_Down,
    K.Key_Space,
    K.Key_PageDown,
    K.Key_N,
    K.Key_MediaNext,
    K.Key_Forward,
}
BACK = {K.Key_Left, K.Key_Up, K.Key_PageUp, K.Key_Backspace, K.Key_MediaPrevious, K.Key_Back}
ENTER = {K.Key_Return, K.Key_Enter}
BLACK = {K.Key_B, K.Key_Period}
WHITE = {K.Key_W, K.Key_Comma}
DIGITS = {getattr(K, f"Key_{d}"): d for d in "0123456789"}


@dataclass
class KeyMap:
    """Turns key presses into commands: ``next``, ``back``, ``first``, ``last``,
    ``jump`` (with ``number``), ``black``, ``white``, ``unblank``, ``leave``,
    ``presenter`` (show or hide the presenter view), or None (nothing)."""

    typed: str = ""  # digits typed for a jump
    blank: str = ""  # "black" or "white" while the screen is blanked

    def command(self, key: int) -> tuple[str | None, int]:
        """The command for ``key`` and, for ``jump``, the step number typed."""
        if self.blank:
            if key in BLACK | WHITE:
                wanted = "black" if key in BLACK else "white"
                return ("unblank", 0) if wanted == self.blank else (wanted, 0)
            return ("leave", 0) if key == K.Key_Escape else ("unblank", 0)
        if key in DIGITS:
            self.typed = (self.typed + DIGITS[key])[-6:]
            return None, 0
        if self.typed:
            if key in ENTER:
                number, self.typed = int(self.typed), ""
                return "jump", number
            if key == K.Key_Backspace:
                self.typed = self.typed[:-1]
                return None, 0
            if key == K.Key_Escape:
                self.typed = ""
                return None, 0
            self.typed = ""
        if key in NEXT or key in ENTER:
            return "next", 0
        if key in BACK:
            return "back", 0
        if key == K.Key_Home:
            return "first", 0
        if key == K.Key_End:
            return "last", 0
        if key in BLACK:
            return "black", 0
        if key in WHITE:
            return "white", 0
        if key == K.Key_Escape:
            return "leave", 0
        if key == K.Key_P:
            return "presenter", 0
        return None, 0
