"""The main window's menus and toolbar: every command with its standard shortcut."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from mesadiagram.ui import figure_clipboard

if TYPE_CHECKING:
    from mesadiagram.ui.main_window import MainWindow

Key = QKeySequence.StandardKey


def _action(
    window: MainWindow,
    text: str,
    slot: Callable[[], object],
    shortcut: QKeySequence.StandardKey | str | list | None = None,
    checkable: bool = False,
    tip: str = "",
) -> QAction:
    action = QAction(text, window)
    if isinstance(shortcut, list):
        action.setShortcuts([QKeySequence(s) for s in shortcut])
    elif isinstance(shortcut, QKeySequence.StandardKey):
        action.setShortcuts(shortcut)  # every binding of the platform, not just the first
    elif shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setCheckable(checkable)
    if tip:
        action.setStatusTip(tip)
    if checkable:
        action.toggled.connect(slot)
    else:
        action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)
    return action


def build_menus(w: MainWindow) -> dict[str, QAction]:
    """Create the menus and toolbar of ``w``; returns the actions by name."""
    a: dict[str, QAction] = {}
    ed, files = w.editor, w.files
    bar = w.menuBar()

    m = bar.addMenu("&File")
    a["new"] = _action(w, "&New", files.new, Key.New)
    a["new_template"] = _action(
        w, "New from &Template (mesa-optimization)", files.new_from_template
    )
    a["new_window"] = _action(w, "New &Window", w.new_window, "Ctrl+Shift+N")
    a["open"] = _action(w, "&Open…", files.open_dialog, Key.Open)
    w.recent_menu = QMenu("Open &Recent", w)
    w.recent_menu.aboutToShow.connect(w.fill_recent_menu)
    a["save"] = _action(w, "&Save", files.save, Key.Save)
    a["save_as"] = _action(w, "Save &As…", files.save_as, Key.SaveAs)
    a["revert"] = _action(w, "Re&vert", files.revert)
    a["close"] = _action(w, "&Close Window", w.close, Key.Close)
    a["quit"] = _action(w, "&Quit", w.quit_all, Key.Quit)
    for name in ("new", "new_template", "new_window", "open"):
        m.addAction(a[name])
    m.addMenu(w.recent_menu)
    m.addSeparator()
    for name in ("save", "save_as", "revert"):
        m.addAction(a[name])
    m.addSeparator()
    # (Ctrl+Shift+E is Toggle Detail of Selection)
    a["export"] = _action(w, "&Export…", w.exporter.export, "Ctrl+Alt+E")
    a["export_again"] = _action(
        w, "Export A&gain", w.exporter.export_again, tip="The last export, with its settings"
    )
    m.addAction(a["export"])
    m.addAction(a["export_again"])
    w.export_anchor = m.addSeparator()
    m.addAction(a["close"])
    m.addAction(a["quit"])

    m = bar.addMenu("&Edit")
    a["undo"] = w.stack_group.createUndoAction(w, "&Undo")
    a["undo"].setShortcuts(Key.Undo)
    a["redo"] = w.stack_group.createRedoAction(w, "&Redo")
    a["redo"].setShortcuts(Key.Redo)  # Ctrl+Y and Ctrl+Shift+Z on Linux
    a["cut"] = _action(w, "Cu&t", ed.cut, Key.Cut)
    a["copy"] = _action(w, "&Copy", ed.copy, Key.Copy)
    a["paste"] = _action(w, "&Paste", ed.paste, Key.Paste)
    a["copy_svg"] = _action(
        w,
        "Copy as S&VG",
        lambda: figure_clipboard.copy_as_svg(w),
        tip="The figure of the selection (or of all) with the export settings",
    )
    a["copy_png"] = _action(
        w,
        "Copy as P&NG",
        lambda: figure_clipboard.copy_as_png(w),
        tip="The figure of the selection (or of all) as an image",
    )
    a["duplicate"] = _action(w, "&Duplicate", ed.duplicate, "Ctrl+D")
    a["delete"] = _action(
        w, "De&lete", ed.delete_selection, [QKeySequence(Key.Delete), "Backspace"]
    )
    a["select_all"] = _action(w, "Select &All", ed.select_all, Key.SelectAll)
    a["rename"] = _action(w, "&Rename", ed.rename, "F2")
    a["find"] = _action(w, "&Find…", w.show_find, Key.Find)
    a["find_next"] = _action(w, "Find &Next", ed.find_next, Key.FindNext)
    for name in (
        "undo",
        "redo",
        None,
        "cut",
        "copy",
        "copy_svg",
        "copy_png",
        "paste",
        "duplicate",
        "delete",
        None,
        "select_all",
        "rename",
        None,
        "find",
        "find_next",
    ):
        m.addSeparator() if name is None else m.addAction(a[name])

    m = bar.addMenu("&Insert")
    a["add_stage"] = _action(
        w,
        "&Stage",
        w.add_stage_in_view,
        "Ctrl+Shift+A",
        tip="Add a stage in the middle of the view",
    )
    a["add_after"] = _action(
        w, "Stage &After Selected", lambda: ed.add_linked(False), tip="Tab on the canvas"
    )
    a["add_before"] = _action(
        w, "Stage &Before Selected", lambda: ed.add_linked(True), tip="Shift+Tab on the canvas"
    )
    for name in ("add_stage", "add_after", "add_before"):
        m.addAction(a[name])

    m = bar.addMenu("&View")
    view = w.view
    a["zoom_in"] = _action(w, "Zoom &In", view.zoom_in, [QKeySequence(Key.ZoomIn), "Ctrl+="])
    a["zoom_out"] = _action(w, "Zoom &Out", view.zoom_out, Key.ZoomOut)
    a["zoom_reset"] = _action(w, "&Actual Size", view.zoom_reset, "Ctrl+0")
    a["zoom_fit"] = _action(w, "Zoom to &Fit", view.zoom_to_fit, "Ctrl+9")
    a["detailed"] = _action(
        w, "&Detailed Annotations (all)", w.set_all_detailed, "Ctrl+E", checkable=True
    )
    a["detail_toggle"] = _action(
        w, "Toggle Detail of &Selection", w.toggle_selection_detail, "Ctrl+Shift+E"
    )
    a["grid"] = _action(w, "Show &Grid", w.set_show_grid, checkable=True)
    a["snap"] = _action(w, "S&nap to Grid", w.set_snap, checkable=True)
    for name in (
        "zoom_in",
        "zoom_out",
        "zoom_reset",
        "zoom_fit",
        None,
        "detailed",
        "detail_toggle",
        None,
        "grid",
        "snap",
    ):
        m.addSeparator() if name is None else m.addAction(a[name])
    w.theme_menu = m.addMenu("T&heme")  # filled by the window: user themes may come and go
    w.theme_menu.aboutToShow.connect(w.fill_theme_menu)
    w.docks_menu = m.addMenu("&Panels")

    m = bar.addMenu("&Arrange")
    for how, text in (
        ("left", "Align &Left"),
        ("hcenter", "Align &Centre"),
        ("right", "Align &Right"),
        ("top", "Align &Top"),
        ("vcenter", "Align &Middle"),
        ("bottom", "Align &Bottom"),
    ):
        a[f"align_{how}"] = _action(w, text, lambda h=how: ed.align(h))
        m.addAction(a[f"align_{how}"])
    m.addSeparator()
    a["distribute_h"] = _action(w, "Distribute &Horizontally", lambda: ed.distribute(True))
    a["distribute_v"] = _action(w, "Distribute &Vertically", lambda: ed.distribute(False))
    m.addAction(a["distribute_h"])
    m.addAction(a["distribute_v"])
    w.arrange_menu = m
    m.addSeparator()
    a["layout_lr"] = _action(
        w,
        "Auto &Layout, Left to Right",
        lambda: w.auto_layout("LR"),
        "Ctrl+L",
        tip="Lay out all stages in layers (pinned ones stay)",
    )
    a["layout_tb"] = _action(
        w, "Auto Layout, &Top to Bottom", lambda: w.auto_layout("TB"), "Ctrl+Shift+L"
    )
    a["layout_update"] = _action(
        w,
        "Update Layout, &Keeping the Arrangement",
        lambda: w.auto_layout("LR", True),
        tip="Fit new stages in; the others keep their layers and order and move little",
    )
    a["pin"] = _action(
        w,
        "&Pin Selected Stages",
        lambda: w.set_pinned(True),
        tip="Auto-layout leaves pinned stages where they are",
    )
    a["unpin"] = _action(w, "&Unpin Selected Stages", lambda: w.set_pinned(False))
    for name in ("layout_lr", "layout_tb", "layout_update", "pin", "unpin"):
        m.addAction(a[name])

    m = bar.addMenu("&Help")
    a["about"] = _action(w, "&About mesadiagram", w.about)
    m.addAction(a["about"])

    tools = QToolBar("Main", w)
    tools.setObjectName("mainToolbar")
    for name in (
        "new",
        "open",
        "save",
        None,
        "undo",
        "redo",
        None,
        "add_stage",
        "delete",
        None,
        "zoom_fit",
        "detailed",
    ):
        tools.addSeparator() if name is None else tools.addAction(a[name])
    w.addToolBar(tools)
    return a
