"""Fields that commit once per finished edit, never per keystroke.

A field shows the model's value (``set_value``) and emits ``committed`` when the user has
finished an edit that changed it: Enter or focus loss for a line, focus loss or Ctrl+Enter
for multi-line text. Escape puts the model's value back. An edit in progress survives a
refresh from the model, so nothing typed is lost.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QValidator
from PySide6.QtWidgets import QFrame, QLineEdit, QPlainTextEdit, QSizePolicy, QWidget

_DECIMAL = re.compile(r"\d*[.,]?\d*")


# A credence range as typed: ``0.2-0.4``, ``0.2–0.4``, ``0.2 to 0.4`` or ``[0.2, 0.4]``.
_RANGE = re.compile(
    r"(?P<a>\d*[.,]?\d*)\s*(?:-|–|to)\s*(?P<b>\d*[.,]?\d*)"
    r"|\[\s*(?P<c>\d*\.?\d*)\s*,\s*(?P<d>\d*\.?\d*)\s*\]"
)
_RANGE_TYPING = re.compile(r"[\[\]\d.,\s–\-to]*")


def parse_fraction(text: str) -> float | tuple[float, float] | None:
    """The number in [0, 1] a probability field holds, or the range ``(low, high)`` typed
    as ``0.2-0.4`` (also ``0.2–0.4``, ``0.2 to 0.4``, ``[0.2, 0.4]``); empty means none."""
    text = text.strip()
    found = _RANGE.fullmatch(text)
    if found:
        a, b = (found.group(k) for k in ("ab" if found.group("a") is not None else "cd"))
        return (float(a.replace(",", ".")), float(b.replace(",", ".")))
    text = text.replace(",", ".")
    return float(text) if text else None


def format_fraction(value: float | tuple[float, float] | None) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):  # a credence range
        return "–".join(format_fraction(v) for v in value)
    text = repr(float(value))  # shortest text that reads back as the same float
    return text[:-2] if text.endswith(".0") else text


class FractionValidator(QValidator):
    """Accepts an empty text or a number in [0, 1] (with ``ranges``, also a range
    ``low-high`` of such numbers, low first); refuses anything else while typing."""

    def __init__(self, parent=None, ranges: bool = False) -> None:
        super().__init__(parent)
        self.ranges = ranges

    def validate(self, text: str, pos: int) -> object:
        stripped = text.strip()
        if not stripped:
            return QValidator.State.Acceptable, text, pos
        if self.ranges and not _DECIMAL.fullmatch(stripped):
            return self._range(text, pos)
        if not _DECIMAL.fullmatch(stripped):
            return QValidator.State.Invalid, text, pos
        try:
            value = float(stripped.replace(",", "."))
        except ValueError:  # "." on its way to ".5"
            return QValidator.State.Intermediate, text, pos
        if 0.0 <= value <= 1.0:
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Invalid, text, pos

    def _range(self, text: str, pos: int) -> object:
        if not _RANGE_TYPING.fullmatch(text):
            return QValidator.State.Invalid, text, pos
        try:
            low, high = parse_fraction(text)  # type: ignore[misc]
        except (TypeError, ValueError):  # "0.2-" on its way to "0.2-0.4"
            return QValidator.State.Intermediate, text, pos
        if 0.0 <= low <= high <= 1.0:
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Intermediate, text, pos


class CommitLineEdit(QLineEdit):
    """A one-line field: Enter or leaving it commits, Escape reverts."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None, placeholder: str = "") -> None:
        super().__init__(parent)
        self._baseline = ""
        self.setPlaceholderText(placeholder)
        self.editingFinished.connect(self._finish)

    def value(self) -> str:
        return self._baseline

    def set_value(self, text: str) -> None:
        """Show the model's ``text``, unless the user is in the middle of changing it."""
        editing = self.hasFocus() and self.text() != self._baseline
        self._baseline = text
        if not editing and self.text() != text:
            self.setText(text)
            self.setCursorPosition(0)

    def is_dirty(self) -> bool:
        return self.text() != self._baseline

    def commit(self) -> None:
        """Commit an edit in progress (before the inspector shows something else)."""
        self._finish()

    def revert(self) -> None:
        self.setText(self._baseline)

    def _finish(self) -> None:
        if self.text() != self._baseline and self.hasAcceptableInput():
            self._baseline = self.text()
            self.committed.emit(self.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.is_dirty():
            self.revert()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if event.reason() == Qt.FocusReason.PopupFocusReason:
            super().focusOutEvent(event)  # a menu opened (the field's own): still editing
            return
        if not self.hasAcceptableInput():
            self.revert()  # a half-typed number is not a value: show the model's again
        super().focusOutEvent(event)
        self._finish()  # Qt only emits editingFinished when it thinks the text changed


class ProbabilityEdit(CommitLineEdit):
    """A probability: a number in [0, 1], or empty for none; with ``ranges``, also a
    credence range such as ``0.2-0.4``."""

    def __init__(
        self, parent: QWidget | None = None, placeholder: str = "none", ranges: bool = False
    ) -> None:
        super().__init__(parent, placeholder)
        self.setValidator(FractionValidator(self, ranges))
        self.setMaximumWidth(110)
        self.setClearButtonEnabled(True)

    def set_fraction(self, value: float | tuple[float, float] | None) -> None:
        current = self._baseline
        # 0.50 typed and committed reads back as 0.5: keep the user's spelling when equal.
        if current and parse_fraction(current) == value:
            return
        self.set_value(format_fraction(value))

    def fraction(self) -> float | tuple[float, float] | None:
        return parse_fraction(self._baseline)


class CommitTextEdit(QPlainTextEdit):
    """Multi-line text: leaving the field or Ctrl+Enter commits, Escape reverts.

    Tab moves to the next field (text in a form rarely needs tabs); the field grows with
    its text up to ``max_lines``.
    """

    committed = Signal(str)

    def __init__(
        self, parent: QWidget | None = None, placeholder: str = "", lines: int = 3, max_lines=10
    ) -> None:
        super().__init__(parent)
        self._baseline = ""
        self._lines = (lines, max_lines)
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def value(self) -> str:
        return self._baseline

    def set_value(self, text: str) -> None:
        editing = self.hasFocus() and self.toPlainText() != self._baseline
        self._baseline = text
        if not editing and self.toPlainText() != text:
            self.setPlainText(text)

    def is_dirty(self) -> bool:
        return self.toPlainText() != self._baseline

    def commit(self) -> None:
        if self.is_dirty():
            self._baseline = self.toPlainText()
            self.committed.emit(self._baseline)

    def revert(self) -> None:
        self.setPlainText(self._baseline)

    def _fit(self) -> None:
        # QPlainTextEdit's document size is counted in lines.
        wanted = int(self.document().size().height()) + 1
        lines = max(self._lines[0], min(self._lines[1], wanted))
        margins = self.contentsMargins()
        height = (
            lines * self.fontMetrics().lineSpacing()
            + 2 * int(self.document().documentMargin())
            + margins.top()
            + margins.bottom()
        )
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and mods & (
            Qt.KeyboardModifier.ControlModifier
        ):
            self.commit()
            event.accept()
            return
        if key == Qt.Key.Key_Escape and self.is_dirty():
            self.revert()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:  # a menu is not leaving
            self.commit()
