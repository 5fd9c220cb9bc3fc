"""A tree whose rows wrap their text at the view's width instead of cutting it off.

Qt's own word wrap in a QTreeView keeps each row one line high; this delegate measures the
wrapped text for the width the row has, and the tree lays its rows out again when its
width changes. Used by the Analysis panel, whose paths, cut sets and warnings must be read
whole. A row may also carry a little HTML (``RICH_TEXT_ROLE``: a cut set's links in smaller
type after its interventions), drawn in place of its plain text, which stays its tooltip
and what tests and screen readers see.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QResizeEvent,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QWidget,
)

_PADDING = 6  # around the text, as the style's own rows have
_CHECK_AND_ICON = 24  # room a checkbox takes before the text
RICH_TEXT_ROLE = Qt.ItemDataRole.UserRole + 100  # HTML drawn instead of the row's text
_DOCUMENTS_KEPT = 500


class WrappingDelegate(QStyledItemDelegate):
    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree
        # Sizes by (text, width, font): the view asks again and again (for every row,
        # whenever one changes), and laying out text is the costly part.
        self._sizes: dict[tuple[str, int, str], QSize] = {}
        self._documents: dict[tuple[str, int, str], QTextDocument] = {}  # rich rows, laid out

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        cell = self.tree.indexWidget(index) if isinstance(index, QModelIndex) else None
        if cell is not None:  # a row showing a widget (a button): as high as it needs
            base = super().sizeHint(option, index)
            return QSize(base.width(), max(base.height(), cell.sizeHint().height()))
        rich = index.data(RICH_TEXT_ROLE)
        if rich:
            base = super().sizeHint(option, index)
            font = index.data(Qt.ItemDataRole.FontRole) or option.font
            document = self._document(rich, self._text_width(index), font)
            return QSize(base.width(), max(base.height(), int(document.size().height()) + 4))
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        width = self._text_width(index)
        font = index.data(Qt.ItemDataRole.FontRole) or option.font
        key = (text, width, font.key())
        size = self._sizes.get(key)
        if size is None:  # (the style's own size hint lays the text out too: ask once)
            if len(self._sizes) > 5000:
                self._sizes.clear()
            base = super().sizeHint(option, index)
            height = base.height()
            if width > 0 and text:
                flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)
                box = QFontMetrics(font).boundingRect(QRect(0, 0, width, 100_000), flags, text)
                height = max(height, box.height() + _PADDING)
            size = self._sizes[key] = QSize(base.width(), height)
        return size

    def _document(self, html: str, width: int, font: QFont) -> QTextDocument:
        key = (html, width, font.key())
        document = self._documents.get(key)
        if document is None:
            if len(self._documents) > _DOCUMENTS_KEPT:
                self._documents.clear()
            document = self._documents[key] = QTextDocument()
            document.setDocumentMargin(1)
            document.setDefaultFont(font)
            document.setHtml(html)
            document.setTextWidth(max(1, width))
        return document

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        rich = index.data(RICH_TEXT_ROLE)
        if not rich:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # the row's background, selection and focus, without its text
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        document = self._document(rich, self._text_width(index), opt.font)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        # where the style starts plain text: its focus-frame margin, less the document's
        left = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, opt.widget)
        painter.save()
        painter.translate(area.left() + left, area.top() + 1)
        painter.setClipRect(QRect(0, 0, area.width() + _PADDING, area.height()))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def _text_width(self, index: QModelIndex | QPersistentModelIndex) -> int:
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        indent = self.tree.indentation() * (depth + int(self.tree.rootIsDecorated()))
        checkable = index.data(Qt.ItemDataRole.CheckStateRole) is not None
        return self.tree.viewport().width() - indent - _PADDING - _CHECK_AND_ICON * checkable

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        option.textElideMode = Qt.TextElideMode.ElideNone


class WrappingTree(QTreeWidget):
    """A one-column tree with wrapping rows (see the module's docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.header().setStretchLastSection(True)
        self.setItemDelegate(WrappingDelegate(self))
        self._laid_out_width = -1

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = self.viewport().width()
        if width != self._laid_out_width:  # the wrapped heights depend on the width
            self._laid_out_width = width
            self.doItemsLayout()
