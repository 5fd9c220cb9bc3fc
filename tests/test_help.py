"""Help > Quick Start, Help > Documentation, the application icon and the About box.

The documentation window is driven as a user drives it: the Help menu and F1 open it,
links are clicked with the mouse where they are drawn, Back is a toolbar click.
"""

from __future__ import annotations

import os
import re

import pytest
from PySide6.QtCore import QPoint, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QIcon, QImage, QTextCursor, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QToolBar

from mesadiagram.ui import app as app_module
from mesadiagram.ui import help_browser, help_pages
from mesadiagram.ui.help_browser import DocBrowser, DocumentationWindow, documentation_window
from mesadiagram.ui.help_quick_start import STEPS, QuickStart
from tests.conftest import ROOT
from tests.ui_helpers import (
    Left,
    NoMod,
    assert_label_in_edit,
    key,
    keys,
    make_window,
    type_text,
)

DOCS = ROOT / "docs"


@pytest.fixture(autouse=True)
def _close_documentation():
    """The documentation window belongs to the application, not to a test's window."""
    yield
    window = documentation_window()
    if window is not None:
        window.close()
    help_browser._forget()


def help_action(window, text: str):
    """The action of the Help menu called ``text``, as the menu bar shows it."""
    menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Help"
    )
    return next(a for a in menu.actions() if a.text().replace("&", "") == text)


def link_point(browser: DocBrowser, href: str) -> QPoint:
    """Where the link to ``href`` is drawn in the browser's viewport (scrolled into view)."""
    doc = browser.document()
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(doc)
                cursor.setPosition(fragment.position() + fragment.length() // 2)
                rect = browser.cursorRect(cursor)
                if not browser.viewport().rect().contains(rect):
                    bar = browser.verticalScrollBar()
                    bar.setValue(bar.value() + rect.top() - 40)
                    rect = browser.cursorRect(cursor)
                assert browser.viewport().rect().contains(rect.center())
                return rect.center()
            it += 1
        block = block.next()
    raise AssertionError(f"no link to {href} on {browser.source().toString()}")


def click_link(qtbot, browser: DocBrowser, href: str) -> None:
    QTest.mouseClick(browser.viewport(), Left, NoMod, link_point(browser, href))


def click_tool(qtbot, window: DocumentationWindow, action) -> None:
    toolbar = window.findChild(QToolBar, "docToolbar")
    button = toolbar.widgetForAction(action)
    assert button.isEnabled()
    QTest.mouseClick(button, Left)


def assert_heading_shown(browser: DocBrowser, anchor: str) -> None:
    """The heading is at the top of the view, or in view with the page scrolled to its end
    (a section near the end cannot come up to the top)."""
    top = heading_top(browser, anchor)
    bar = browser.verticalScrollBar()
    assert bar.value() > 0
    if bar.value() < bar.maximum():
        assert abs(top) <= 12, top
    else:
        assert 0 <= top < browser.viewport().height() - 20, top


def heading_top(browser: DocBrowser, anchor: str) -> int:
    """The y of the heading named ``anchor`` in the viewport (0 is the top)."""
    block = browser.document().begin()
    while block.isValid():
        if anchor in block.begin().fragment().charFormat().anchorNames():
            cursor = QTextCursor(block)
            return browser.cursorRect(cursor).top()
        block = block.next()
    raise AssertionError(f"no heading named {anchor}")


# -- where the pages come from -------------------------------------------------------------
def test_the_pages_resolve_through_importlib_resources() -> None:
    root = help_pages.docs_root()
    names = help_pages.page_names()
    assert sorted(names) == sorted(p.name for p in DOCS.glob("*.md"))
    assert names[0] == "editor.md"
    for name in names:
        found = help_pages.resource(name)
        assert found is not None and found.read_bytes() == (DOCS / name).read_bytes()
    assert (root / "images" / "editor.png").read_bytes() == (
        DOCS / "images" / "editor.png"
    ).read_bytes()
    # Nothing outside the docs folder can be reached through a link.
    for outside in ("../README.md", "/../pyproject.toml", "images/../../README.md", ""):
        assert help_pages.resource(outside) is None
    assert help_pages.resource("missing.md") is None


def test_heading_anchors_are_githubs() -> None:
    taken: set[str] = set()
    anchor = help_pages.heading_anchor
    assert anchor("In the editor: the Analysis panel", taken) == "in-the-editor-the-analysis-panel"
    assert anchor("mesadiagram analyze --json FILE", taken) == "mesadiagram-analyze---json-file"
    assert anchor("Undo and history", taken) == "undo-and-history"
    assert anchor("Undo and history", taken) == "undo-and-history-1"


def test_every_link_between_pages_leads_to_a_page_and_a_heading(qtbot) -> None:
    """Each relative link of every page opens a page, and its #anchor names a heading there
    (as the browser names them), so no link of the documentation window is dead."""
    browser = DocBrowser()
    qtbot.addWidget(browser)
    anchors: dict[str, set[str]] = {}
    for name in help_pages.page_names():
        browser.setSource(help_browser.page_url(name))
        anchors[name] = {
            a
            for block in _blocks(browser.document())
            # (fragment() of an empty block's end iterator reads past it: a hang or a crash)
            if not block.begin().atEnd()
            for a in block.begin().fragment().charFormat().anchorNames()
        }
        assert len(anchors[name]) >= 2, name
    checked = 0
    for name in help_pages.page_names():
        text = (DOCS / name).read_text(encoding="utf-8")
        text = re.sub(r"```.*?```", "", text, flags=re.S)  # examples are not links
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if target.startswith(("http:", "https:", "../")):
                continue
            page, _, anchor = target.partition("#")
            page = page or name
            if page.startswith("images/"):
                assert (DOCS / page).is_file(), target
                continue
            assert page in anchors, f"{name}: {target}"
            if anchor:
                assert anchor in anchors[page], f"{name}: {target}"
            checked += 1
    assert checked > 40


def _blocks(doc: QTextDocument):
    block = doc.begin()
    while block.isValid():
        yield block
        block = block.next()


# -- the documentation window --------------------------------------------------------------
def test_help_documentation_shows_the_contents_and_follows_links(qtbot) -> None:
    window = make_window(qtbot)
    help_action(window, "Documentation").trigger()
    docs = documentation_window()
    assert docs is not None and docs.isVisible()
    qtbot.waitExposed(docs)
    browser = docs.browser
    assert docs.current_page() == help_pages.CONTENTS
    shown = browser.toPlainText()
    for page in help_pages.pages():
        assert page.title in shown
    assert docs.index.count() == len(help_pages.pages()) + 1
    assert not docs.back.isEnabled()

    click_link(qtbot, browser, "editor.md")
    assert docs.current_page() == "editor.md"
    assert browser.toPlainText().startswith("The editor")
    assert docs.index.currentItem().text() == "The editor"
    assert "The editor" in docs.windowTitle()

    click_tool(qtbot, docs, docs.back)
    assert docs.current_page() == help_pages.CONTENTS
    assert "mesadiagram documentation" in browser.toPlainText()
    click_tool(qtbot, docs, docs.forward)
    assert docs.current_page() == "editor.md"


def test_f1_opens_the_documentation(qtbot) -> None:
    window = make_window(qtbot)
    assert documentation_window() is None
    QTest.keyClick(window.view, Qt.Key.Key_F1)
    docs = documentation_window()
    assert docs is not None and docs.isVisible()
    assert docs.current_page() == help_pages.CONTENTS
    # A second F1 shows the same window, not another one.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    QTest.keyClick(window.view, Qt.Key.Key_F1)
    assert documentation_window() is docs
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, DocumentationWindow)]
    assert shown == [docs]


def test_anchors_scroll_to_their_section_on_this_page_and_another(qtbot) -> None:
    docs = help_browser.show_documentation("editor.md")
    qtbot.waitExposed(docs)
    browser = docs.browser
    bar = browser.verticalScrollBar()
    assert bar.value() == 0
    click_link(qtbot, browser, "#the-analysis-panel")  # the contents line of the page
    assert_heading_shown(browser, "the-analysis-panel")
    assert bar.value() < bar.maximum()
    click_link(qtbot, browser, "analysis.md#in-the-editor-the-analysis-panel")
    assert docs.current_page() == "analysis.md"
    assert browser.source().fragment() == "in-the-editor-the-analysis-panel"
    assert_heading_shown(browser, "in-the-editor-the-analysis-panel")
    click_link(qtbot, browser, "format.md#how-the-analysis-uses-the-numbers")
    assert docs.current_page() == "format.md"
    assert_heading_shown(browser, "how-the-analysis-uses-the-numbers")
    click_tool(qtbot, docs, docs.back)
    assert docs.current_page() == "analysis.md"
    click_tool(qtbot, docs, docs.back)
    assert docs.current_page() == "editor.md"


def test_images_are_shown_within_the_page(qtbot) -> None:
    docs = help_browser.show_documentation("editor.md")
    qtbot.waitExposed(docs)
    docs.resize(900, 700)
    qtbot.waitUntil(lambda: docs.browser.viewport().width() < 800)
    browser = docs.browser
    url = browser.source().resolved(QUrl("images/editor.png"))
    image = browser.document().resource(QTextDocument.ResourceType.ImageResource, url)
    assert isinstance(image, QImage) and image.size() == QSize(1400, 880)
    formats = [
        f.charFormat().toImageFormat()
        for block in _blocks(browser.document())
        for f in _fragments(block)
        if f.charFormat().isImageFormat()
    ]
    assert len(formats) == 1
    assert 0 < formats[0].width() <= browser.viewport().width()
    assert formats[0].height() == pytest.approx(formats[0].width() * 880 / 1400, abs=1)


def _fragments(block):
    it = block.begin()
    while not it.atEnd():
        yield it.fragment()
        it += 1


def test_a_link_outside_the_docs_is_named_not_followed(qtbot) -> None:
    docs = help_browser.show_documentation("format.md")
    qtbot.waitExposed(docs)
    click_link(qtbot, docs.browser, "../examples/mesa_optimization.yaml")
    assert docs.current_page() == "format.md"
    assert "examples/mesa_optimization.yaml" in docs.statusBar().currentMessage()
    assert "not in this documentation" in docs.statusBar().currentMessage()


def test_the_documentation_does_not_keep_the_application_running(qtbot) -> None:
    docs = help_browser.show_documentation()
    assert not docs.testAttribute(Qt.WidgetAttribute.WA_QuitOnClose)


# -- Quick Start ---------------------------------------------------------------------------
def test_quick_start_opens_the_example(qtbot) -> None:
    window = make_window(qtbot)
    help_action(window, "Quick Start").trigger()
    guide = window.findChild(QuickStart)
    assert guide is not None and guide.isVisible() and not guide.isModal()
    steps = guide.steps.text()
    assert steps.count("<li") == len(STEPS) == 6
    for title, _text in STEPS:
        assert title in steps
    assert not window.doc.nodes

    QTest.mouseClick(guide.example_button, Left)
    labels = [n.label for n in window.doc.nodes]
    assert "Mesa optimizer" in labels and "Misalignment" in labels
    assert {i.node_id for i in window.scene.node_items()} == {n.id for n in window.doc.nodes}
    assert window.session.path is None  # a copy: Save asks where, never the package data
    assert guide.isVisible()  # the steps stay beside the window

    # Asked again, the same guide comes forward.
    help_action(window, "Quick Start").trigger()
    assert window.findChildren(QuickStart) == [guide]


def test_quick_start_asks_before_replacing_unsaved_work(qtbot, no_modal_dialogs) -> None:
    window = make_window(qtbot)
    keys("Ctrl+Shift+A")  # Insert > Stage, its name in edit
    assert_label_in_edit(window, "New stage")
    type_text("Mine")
    key(Qt.Key.Key_Return)
    assert window.session.is_modified()
    help_action(window, "Quick Start").trigger()
    QTest.mouseClick(window.findChild(QuickStart).example_button, Left)
    assert any("Unsaved changes" in text for _kind, text in no_modal_dialogs)
    assert "Mine" not in [n.label for n in window.doc.nodes]  # the fixture answers Discard


def test_quick_starts_documentation_button_opens_the_editor_page(qtbot) -> None:
    window = make_window(qtbot)
    help_action(window, "Quick Start").trigger()
    QTest.mouseClick(window.findChild(QuickStart).docs_button, Left)
    docs = documentation_window()
    assert docs is not None and docs.current_page() == "editor.md"


# -- the icon ------------------------------------------------------------------------------
def test_the_icon_is_drawn_at_every_size() -> None:
    icon = app_module.app_icon()
    assert not icon.isNull()
    for size in (16, 32, 64, 256):
        image = icon.pixmap(size, size).toImage()
        assert image.size() == QSize(size, size)
        # The tile fills the middle; the outcome (red) sits on the right, the root (white)
        # on the left, at every size.
        middle = image.pixelColor(size // 2, size // 2)
        assert middle.alpha() == 255
        outcome = image.pixelColor(size * 52 // 64, size // 2)
        assert outcome.red() > 180 and outcome.green() < 120
        root = image.pixelColor(size * 12 // 64, size // 2)
        assert min(root.red(), root.green(), root.blue()) > 200


def test_the_application_and_the_about_box_have_the_icon(qtbot) -> None:
    qapp = QApplication.instance()
    try:
        app_module.make_app()
        assert not qapp.windowIcon().isNull()
        assert qapp.desktopFileName() == "mesadiagram"
        window = make_window(qtbot)
        assert window.windowIcon().cacheKey() == qapp.windowIcon().cacheKey()
        seen: list[QImage] = []

        def read_about_box() -> None:
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox):
                QTimer.singleShot(20, read_about_box)
                return
            seen.append(box.iconPixmap().toImage())
            box.accept()

        QTimer.singleShot(0, read_about_box)
        help_action(window, "About mesadiagram").trigger()  # returns when the box closes
        assert len(seen) == 1
        expected = qapp.windowIcon().pixmap(64, 64).toImage()
        assert not seen[0].isNull()
        assert seen[0].convertToFormat(expected.format()) == expected
    finally:
        qapp.setWindowIcon(QIcon())
        qapp.setDesktopFileName("")


# -- an installed copy -----------------------------------------------------------------------
INSTALLED_CHECK = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
app = QApplication([])
errors = []
sys.excepthook = lambda *error: errors.append(error)
import mesadiagram
from mesadiagram.ui import app as app_module, help_browser, help_pages
from mesadiagram.ui.help_browser import show_documentation
site = sys.argv[1]
assert mesadiagram.__file__.startswith(site), mesadiagram.__file__
root = help_pages.docs_root()
assert str(root.joinpath("editor.md")).startswith(site), root
assert "editor.md" in help_pages.page_names()
docs = show_documentation("editor.md", "files")
assert docs.browser.toPlainText().startswith("The editor")
assert docs.browser.verticalScrollBar().value() > 0
assert docs.browser._image_sizes["images/editor.png"].width() == 1400
assert not app_module.app_icon().isNull()
assert not errors, errors
help_browser._forget()
print("ok")
"""


@pytest.mark.slow
def test_an_installed_copy_shows_its_documentation_and_icon(tmp_path) -> None:
    """A non-editable install, used from another folder, reads its own docs and icon
    (the tree is copied first, so the build leaves the working tree alone)."""
    import shutil
    import subprocess
    import sys

    source = tmp_path / "source"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for part in ("mesadiagram", "resources", "docs"):
        shutil.copytree(ROOT / part, source / part, ignore=ignore)
    for part in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / part, source / part)
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", site, source],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    assert (site / "mesadiagram" / "docs" / "images" / "editor.png").is_file()
    assert (site / "mesadiagram" / "resources" / "icons" / "mesadiagram.svg").is_file()
    assert (site / "mesadiagram" / "resources" / "mesadiagram.desktop").is_file()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-c", INSTALLED_CHECK, str(site)],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "ok"
