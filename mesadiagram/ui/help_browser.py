"""Help > Documentation: the docs/ pages shown inside the editor, without a web browser.

A ``QTextBrowser`` renders the Markdown. Pages and images are read through
``help_pages`` (importlib.resources) under the private URL scheme ``help:``, so links
between pages (``cli.md#mesadiagram-layout``), anchors, images and Back/Forward work the
same from a checkout and from an installed wheel. Links to web pages go to the system's
browser; links to files outside docs/ (the README, the examples) are named in the status
bar, since an installed editor does not have them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QImage,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextImageFormat,
)
from PySide6.QtWidgets import (
    QApplication,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStyle,
    QTextBrowser,
    QToolBar,
    QWidget,
)

from mesadiagram.ui.help_pages import CONTENTS, contents_markdown, heading_anchor, pages, resource

SCHEME = "help"
WEB = ("http", "https", "mailto")
READABLE = 920  # the widest line of text, in pixels
Resource = QTextDocument.ResourceType


def page_url(name: str, anchor: str = "") -> QUrl:
    """``help:/editor.md#files`` for the page ``editor.md`` and the anchor ``files``."""
    url = QUrl(f"{SCHEME}:/{name}")
    if anchor:
        url.setFragment(anchor)
    return url


def page_name(url: QUrl) -> str:
    """The page a ``help:`` URL shows (``editor.md``), or "" for any other URL."""
    return url.path().lstrip("/") if url.scheme() == SCHEME else ""


class DocBrowser(QTextBrowser):
    """Shows one page; follows links itself so that nothing leaves the docs by accident."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("docBrowser")
        self.setOpenLinks(False)  # anchorClicked decides (see follow)
        self.setLineWrapMode(QTextBrowser.LineWrapMode.FixedPixelWidth)
        self.setLineWrapColumnOrWidth(READABLE)
        self.anchorClicked.connect(self.follow)
        # Set by the window: tells the user about a link that leads outside the docs.
        self.outside_link: Callable[[str], object] | None = None
        self._image_sizes: dict[str, QSize] = {}

    def follow(self, url: QUrl) -> None:
        """A link was clicked: a page of the docs opens here, a web link in the browser."""
        name = page_name(url)
        if name == CONTENTS or (name.endswith(".md") and resource(name) is not None):
            self.setSource(url)
        elif url.scheme() in WEB:
            QDesktopServices.openUrl(url)
        elif self.outside_link is not None:
            self.outside_link(name or url.toString())

    # -- reading (Qt calls these) --------------------------------------------------------
    def loadResource(self, kind: int, url: QUrl) -> object:
        try:
            return self._load(kind, url)
        except Exception:  # it must not reach Qt's C++ caller: report it, show nothing
            sys.excepthook(*sys.exc_info())
            return None

    def _load(self, kind: int, url: QUrl) -> object:
        if url.scheme() != SCHEME:
            return None  # nothing from the disk or the network
        name = page_name(url)
        if kind in (Resource.ImageResource, Resource.ImageResource.value):
            found = resource(name)
            image = QImage.fromData(found.read_bytes()) if found is not None else QImage()
            self._image_sizes[name] = image.size()
            return image
        if name == CONTENTS and resource(CONTENTS) is None:
            return contents_markdown()
        found = resource(name)
        return found.read_text(encoding="utf-8") if found is not None else None

    def doSetSource(self, url: QUrl, kind: QTextDocument.ResourceType) -> None:
        super().doSetSource(url, Resource.MarkdownResource)
        if not self._headings_named():
            self._name_headings()
            self._fit_images()
            if url.hasFragment():  # Qt looked for the anchor before it existed
                self.scrollToAnchor(url.fragment())

    # -- what Qt's Markdown reader leaves out --------------------------------------------
    def _headings(self):
        block = self.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0 and block.length() > 1:
                yield block
            block = block.next()

    def _headings_named(self) -> bool:
        first = next(self._headings(), None)
        return first is not None and bool(first.begin().fragment().charFormat().anchorNames())

    def _name_headings(self) -> None:
        """Give each heading the anchor GitHub gives it, which the docs' links use."""
        taken: set[str] = set()
        edit = QTextCursor(self.document())
        edit.beginEditBlock()  # one change for the layout to follow, not one per heading
        for block in list(self._headings()):
            cursor = QTextCursor(block)
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            anchor = QTextCharFormat()  # only the anchor: the heading keeps its fonts
            anchor.setAnchor(True)
            anchor.setAnchorNames([heading_anchor(block.text(), taken)])
            cursor.mergeCharFormat(anchor)
        edit.endEditBlock()

    def _fit_images(self) -> None:
        """Images wider than the page are shown at the page's width (a screenshot)."""
        width = min(self.viewport().width(), READABLE)
        room = max(200, width - 2 * int(self.document().documentMargin()) - 8)
        edit = QTextCursor(self.document())
        edit.beginEditBlock()
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                if fragment.charFormat().isImageFormat():
                    image = fragment.charFormat().toImageFormat()
                    shown = self.source().resolved(QUrl(image.name()))
                    natural = self._image_sizes.get(page_name(shown), QSize())
                    if natural.width() > 0:
                        width = min(natural.width(), room)
                        fitted = QTextImageFormat(image)
                        fitted.setWidth(width)
                        fitted.setHeight(natural.height() * width / natural.width())
                        cursor = QTextCursor(self.document())
                        cursor.setPosition(fragment.position())
                        cursor.setPosition(
                            fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
                        )
                        cursor.setCharFormat(fitted)
                it += 1
            block = block.next()
        edit.endEditBlock()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            # Lines of at most READABLE pixels: a full-screen window stays readable.
            self.setLineWrapColumnOrWidth(min(self.viewport().width(), READABLE))
            self._fit_images()


class DocumentationWindow(QMainWindow):
    """The documentation: the list of pages on the left, the page, Back and Forward."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("documentationWindow")
        # Open help must not keep the application running once the last editor closes.
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.browser = DocBrowser(self)
        self.browser.outside_link = self._outside_link
        self.index = QListWidget(self)
        self.index.setObjectName("docIndex")
        self.index.setWordWrap(True)
        self.index.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for title, name in [("Contents", CONTENTS)] + [(p.title, p.name) for p in pages()]:
            item = QListWidgetItem(title, self.index)
            item.setData(Qt.ItemDataRole.UserRole, name)
        self.index.itemActivated.connect(self._index_chosen)
        self.index.itemClicked.connect(self._index_chosen)
        split = QSplitter(self)
        split.addWidget(self.index)
        split.addWidget(self.browser)
        split.setStretchFactor(1, 1)
        split.setSizes([280, 760])
        self.setCentralWidget(split)
        self._build_toolbar()
        self.browser.sourceChanged.connect(self._page_changed)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)
        self.resize(1040, 760)
        self.open_page(CONTENTS)

    def _build_toolbar(self) -> None:
        tools = QToolBar("Navigation", self)
        tools.setObjectName("docToolbar")
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        style = self.style()
        self.back = tools.addAction(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowBack), "Back", self.browser.backward
        )
        self.back.setShortcuts(QKeySequence.StandardKey.Back)
        self.forward = tools.addAction(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowForward),
            "Forward",
            self.browser.forward,
        )
        self.forward.setShortcuts(QKeySequence.StandardKey.Forward)
        self.home = tools.addAction(
            style.standardIcon(QStyle.StandardPixmap.SP_DirHomeIcon),
            "Contents",
            self.show_contents,
        )
        self.back.setEnabled(False)
        self.forward.setEnabled(False)
        self.browser.backwardAvailable.connect(self.back.setEnabled)
        self.browser.forwardAvailable.connect(self.forward.setEnabled)
        self.addToolBar(tools)

    def show_contents(self) -> None:
        self.open_page(CONTENTS)

    def open_page(self, name: str, anchor: str = "") -> None:
        self.browser.setSource(page_url(name, anchor))

    def current_page(self) -> str:
        return page_name(self.browser.source())

    def _index_chosen(self, item: QListWidgetItem) -> None:
        name = item.data(Qt.ItemDataRole.UserRole)
        if name != self.current_page():
            self.open_page(name)

    def _page_changed(self, url: QUrl) -> None:
        name = page_name(url)
        for row in range(self.index.count()):
            item = self.index.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == name:
                self.index.setCurrentItem(item)
                self.setWindowTitle(f"{item.text()} — mesadiagram Documentation")
        self.statusBar().clearMessage()

    def _outside_link(self, target: str) -> None:
        self.statusBar().showMessage(
            f"“{target}” is in mesadiagram's source repository, not in this documentation.",
            8000,
        )


_window: DocumentationWindow | None = None


def documentation_window() -> DocumentationWindow | None:
    """The documentation window if it is open (or was, and was only hidden)."""
    return _window if _window is not None and shiboken6.isValid(_window) else None


def show_documentation(page: str = "", anchor: str = "") -> DocumentationWindow:
    """Show the one documentation window of the application, on ``page`` when given."""
    global _window
    window = documentation_window()
    if window is None:
        window = _window = DocumentationWindow()
        app = QApplication.instance()
        if app is not None:  # close it before Python and Qt shut down
            app.aboutToQuit.connect(_forget)
    if page:
        window.open_page(page, anchor)
    window.show()
    window.raise_()
    window.activateWindow()
    return window


def _forget() -> None:
    """Close and delete the window now (at quit, deleteLater would never run)."""
    global _window
    window, _window = documentation_window(), None
    if window is not None:
        window.close()
        shiboken6.delete(window)
