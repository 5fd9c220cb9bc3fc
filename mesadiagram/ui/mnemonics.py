"""Mnemonics for menu entries made at run time (View > Theme, View > Panels).

Entries written in ``actions.py`` carry their own ``&``; entries that come from elsewhere
(a dock's title, a theme's label) get the first letter of their text that no other entry
of the menu uses, so that each can be chosen from the keyboard by one letter.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu


def mnemonic(text: str) -> str:
    """The entry's mnemonic letter, lower case; "" when it has none."""
    return QKeySequence.mnemonic(text).toString().lower()[-1:]


def give_mnemonics(menu: QMenu) -> None:
    """Give every entry of ``menu`` without a mnemonic a letter no other entry uses."""
    actions = [a for a in menu.actions() if not a.isSeparator()]
    taken = {mnemonic(a.text()) for a in actions} - {""}
    for action in actions:
        text = action.text()
        if mnemonic(text):
            continue
        for i, char in enumerate(text):
            if char.isalnum() and char.lower() not in taken:
                taken.add(char.lower())
                action.setText(text[:i] + "&" + text[i:])  # (the text is already escaped)
                break
