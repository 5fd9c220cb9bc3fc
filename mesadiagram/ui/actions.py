"""A window's menus and toolbar: every command with its standard shortcut.

``build_menus`` receives the collaborators it wires (the session, the editor, file and
export commands, the view, and the few window-level commands as callbacks) and returns the
actions by name and the menus the window fills; it sets nothing on the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from mesadiagram.ui import figure_clipboard
from mesadiagram.ui.arrange import Arranger
from mesadiagram.ui.canvas.legend_overlay import show_legend
from mesadiagram.ui.canvas.view import DiagramView
from mesadiagram.ui.editor import Editor
from mesadiagram.ui.exporter import Exporter
from mesadiagram.ui.files import Files
from mesadiagram.ui.help_browser import show_documentation
from mesadiagram.ui.help_quick_start import show_quick_start
from mesadiagram.ui.importer import Importer
from mesadiagram.ui.mnemonics import give_mnemonics
from mesadiagram.ui.outcome_risk import outcome_risk_action, show_outcome_risk
from mesadiagram.ui.presentation.presenting import Presenting
from mesadiagram.ui.session import DocumentSession
from mesadiagram.ui.shortcuts import ShortcutsDialog
from mesadiagram.ui.stage_text import show_stage_text, stage_text_action
from mesadiagram.ui.theme_menu import ThemeMenu
from mesadiagram.ui.view_state import keep_checked
from mesadiagram.ui.vocabulary_dialog import LINKS, STAGES, show_vocabulary

Key = QKeySequence.StandardKey


@dataclass
class WindowCommands:
    """What only the window itself can do, as callbacks."""

    new_window: Callable[[], object]
    close: Callable[[], object]
    quit_all: Callable[[], object]
    about: Callable[[], object]
    show_find: Callable[[], object]
    fill_recent: Callable[[QMenu], object]


@dataclass
class Menus:
    """What ``build_menus`` made: the actions by name and the menus filled later."""

    actions: dict[str, QAction] = field(default_factory=dict)
    docks: QMenu | None = None  # View > Panels: one entry per dock
    theme: ThemeMenu | None = None  # View > Theme (kept here: Qt holds no reference to it)
    toolbar: QToolBar | None = None


def _action(
    window: QMainWindow,
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


def build_menus(
    w: QMainWindow,
    session: DocumentSession,
    undo_group: QUndoGroup,
    editor: Editor,
    files: Files,
    exporter: Exporter,
    view: DiagramView,
    window: WindowCommands,
    presenting: Presenting,
) -> Menus:
    """Create the menus and toolbar of ``w``; returns the actions by name and the menus."""
    made = Menus()
    a = made.actions
    ed = editor
    view_state = session.view_state
    arrange = Arranger(session, view, editor)
    importer = Importer(session, files)
    bar = w.menuBar()

    m = bar.addMenu("&File")
    a["new"] = _action(w, "&New", files.new, Key.New)
    a["new_template"] = _action(
        w, "New from &Template (mesa-optimization)", files.new_from_template
    )
    a["new_window"] = _action(w, "New &Window", window.new_window, "Ctrl+Shift+N")
    a["open"] = _action(w, "&Open…", files.open_dialog, Key.Open)
    recent_menu = QMenu("Open &Recent", w)
    recent_menu.setObjectName("recentMenu")
    recent_menu.aboutToShow.connect(lambda: window.fill_recent(recent_menu))
    a["save"] = _action(w, "&Save", files.save, Key.Save)
    a["save_as"] = _action(w, "Save &As…", files.save_as, Key.SaveAs)
    a["revert"] = _action(w, "Re&vert", files.revert)
    a["close"] = _action(w, "&Close Window", window.close, Key.Close)
    a["quit"] = _action(w, "&Quit", window.quit_all, Key.Quit)
    for name in ("new", "new_template", "new_window", "open"):
        m.addAction(a[name])
    m.addMenu(recent_menu)
    a["import"] = _action(
        w,
        "&Import…",
        importer.import_dialog,
        tip="A new model from an outline (a Markdown list), laid out",
    )
    m.addAction(a["import"])
    m.addSeparator()
    for name in ("save", "save_as", "revert"):
        m.addAction(a[name])
    m.addSeparator()
    # (Ctrl+Shift+E is Toggle Detail of Selection)
    a["export"] = _action(w, "&Export…", exporter.export, "Ctrl+Alt+E")
    a["export_again"] = _action(
        w, "Export A&gain", exporter.export_again, tip="The last export, with its settings"
    )
    exporter.exported.connect(
        lambda path: a["export_again"].setStatusTip(f"Export to {path} again")
    )
    m.addAction(a["export"])
    m.addAction(a["export_again"])
    m.addSeparator()
    m.addAction(a["close"])
    m.addAction(a["quit"])

    m = bar.addMenu("&Edit")
    a["undo"] = undo_group.createUndoAction(w, "&Undo")
    a["undo"].setShortcuts(Key.Undo)
    a["redo"] = undo_group.createRedoAction(w, "&Redo")
    a["redo"].setShortcuts(Key.Redo)  # Ctrl+Y and Ctrl+Shift+Z on Linux
    # The toolbar shows the short name, so its buttons keep their places; the menu and
    # the tooltip name the step ("Undo Rename stage").
    for name, short in (("undo", "Undo"), ("redo", "Redo")):
        a[name].setIconText(short)
    a["cut"] = _action(w, "Cu&t", ed.cut, Key.Cut)
    a["copy"] = _action(w, "&Copy", ed.copy, Key.Copy)
    a["paste"] = _action(w, "&Paste", ed.paste, Key.Paste)
    a["copy_svg"] = _action(
        w,
        "Copy as S&VG",
        lambda: figure_clipboard.copy_as_svg(session),
        tip="The figure of the selection (or of all) with the export settings",
    )
    a["copy_png"] = _action(
        w,
        "Copy as P&NG",
        lambda: figure_clipboard.copy_as_png(session),
        tip="The figure of the selection (or of all) as an image",
    )
    a["duplicate"] = _action(w, "&Duplicate", ed.duplicate, "Ctrl+D")
    a["delete"] = _action(
        w, "De&lete", ed.delete_selection, [QKeySequence(Key.Delete), "Backspace"]
    )
    a["select_all"] = _action(w, "Select &All", ed.select_all, Key.SelectAll)
    a["rename"] = _action(w, "&Rename", ed.rename, "F2")
    a["link_types"] = _action(
        w,
        "Link T&ypes…",
        lambda: show_vocabulary(session, LINKS, w),
        tip="The document's own link types (yes, no, defer...): add, edit, remove",
    )
    a["stage_classes"] = _action(
        w,
        "Stage Cla&sses…",
        lambda: show_vocabulary(session, STAGES, w),
        tip="The document's own stage classes, with their shapes: add, edit, remove",
    )
    a["find"] = _action(w, "&Find…", window.show_find, Key.Find)
    # (without Ctrl+G, which some platforms add to Find Next: it is Arrange > Group)
    find_next = [k for k in QKeySequence.keyBindings(Key.FindNext) if k != QKeySequence("Ctrl+G")]
    a["find_next"] = _action(w, "Find &Next", ed.find_next, find_next)
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
        "link_types",
        "stage_classes",
        None,
        "find",
        "find_next",
    ):
        m.addSeparator() if name is None else m.addAction(a[name])

    m = bar.addMenu("&Insert")
    a["add_stage"] = _action(
        w,
        "&Stage",
        arrange.add_stage_in_view,
        "Ctrl+Shift+A",
        tip="Add a stage in the middle of the view",
    )
    a["add_after"] = _action(
        w, "Stage &After Selected", lambda: ed.add_linked(False), tip="Tab on the canvas"
    )
    a["add_before"] = _action(
        w, "Stage &Before Selected", lambda: ed.add_linked(True), tip="Shift+Tab on the canvas"
    )
    a["add_text_box"] = _action(
        w,
        "&Text Box",
        ed.parts.add_text_box,
        "Ctrl+Shift+T",
        tip="Free text (a title, a key) at the mouse or in the middle of the view",
    )
    for name in ("add_stage", "add_after", "add_before", None, "add_text_box"):
        m.addSeparator() if name is None else m.addAction(a[name])

    m = bar.addMenu("&View")
    a["zoom_in"] = _action(w, "Zoom &In", view.zoom_in, [QKeySequence(Key.ZoomIn), "Ctrl+="])
    a["zoom_out"] = _action(w, "Zoom &Out", view.zoom_out, Key.ZoomOut)
    a["zoom_reset"] = _action(w, "&Actual Size", view.zoom_reset, "Ctrl+0")
    a["zoom_fit"] = _action(w, "Zoom to &Fit", view.zoom_to_fit, "Ctrl+9")
    a["detailed"] = _action(
        w, "&Detailed Annotations (all)", view_state.set_all_detailed, "Ctrl+E", checkable=True
    )
    a["detail_toggle"] = _action(
        w, "Toggle Detail of &Selection", arrange.toggle_selection_detail, "Ctrl+Shift+E"
    )
    a["grid"] = _action(w, "Show &Grid", lambda on: view_state.update(show_grid=on), checkable=True)
    a["snap"] = _action(
        w, "S&nap to Grid", lambda on: view_state.update(snap_to_grid=on), checkable=True
    )
    a["legend"] = _action(
        w,
        "&Legend",
        lambda on: show_legend(view_state, on),
        checkable=True,
        tip="What the marks stand for, in a corner of the canvas",
    )
    keep_checked(a["legend"], view_state, "show_legend")
    a["stage_text"] = _action(
        w,
        "Stage &Text",
        lambda on: show_stage_text(view_state, on),
        checkable=True,
        tip="Each stage's text under its label",
    )
    stage_text_action(a["stage_text"], view_state)
    a["outcome_risk"] = _action(
        w,
        "&Risk on Outcomes",
        lambda on: show_outcome_risk(view_state, on),
        checkable=True,
        tip="Each outcome's risk under its label (when links have probabilities)",
    )
    outcome_risk_action(a["outcome_risk"], view_state)
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
        "legend",
        "stage_text",
        "outcome_risk",
    ):
        m.addSeparator() if name is None else m.addAction(a[name])
    a["minimap"] = _action(
        w,
        "&Minimap",
        view.minimap.set_enabled,
        checkable=True,
        tip="The whole diagram in a corner of the canvas, when it is larger than the view",
    )
    a["minimap"].blockSignals(True)  # (the remembered choice, not a new one)
    a["minimap"].setChecked(view.minimap.enabled)
    a["minimap"].blockSignals(False)
    m.addAction(a["minimap"])
    m.addSeparator()
    a["present"] = _action(
        w,
        "&Present",
        presenting.start,
        "F5",
        tip="Full screen, step by step in causal order (Esc to leave)",
    )
    m.addAction(a["present"])
    # Refilled at each opening: user themes come and go. The menu's signal does not keep
    # the ThemeMenu alive, so Menus does (else View > Theme opens empty).
    made.theme = ThemeMenu(view_state, m.addMenu("T&heme"))
    made.docks = m.addMenu("&Panels")
    for menu in (made.theme.menu, made.docks):  # (after the ThemeMenu has filled its menu)
        menu.aboutToShow.connect(lambda menu=menu: give_mnemonics(menu))

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
    m.addSeparator()
    a["layout_lr"] = _action(
        w,
        "Auto &Layout, Left to Right",
        lambda: arrange.auto_layout("LR"),
        "Ctrl+L",
        tip="Lay out all stages in layers (pinned ones stay)",
    )
    a["layout_tb"] = _action(
        w, "Auto Layout, &Top to Bottom", lambda: arrange.auto_layout("TB"), "Ctrl+Shift+L"
    )
    a["layout_update"] = _action(
        w,
        "Update Layout, &Keeping the Arrangement",
        lambda: arrange.auto_layout("LR", True),
        tip="Fit new stages in; the others keep their layers and order and move little",
    )
    a["pin"] = _action(
        w,
        "&Pin Selected Stages",
        lambda: arrange.set_pinned(True),
        tip="Auto-layout leaves pinned stages where they are",
    )
    a["unpin"] = _action(w, "&Unpin Selected Stages", lambda: arrange.set_pinned(False))
    for name in ("layout_lr", "layout_tb", "layout_update", "pin", "unpin"):
        m.addAction(a[name])
    m.addSeparator()
    a["group"] = _action(
        w,
        "&Group",
        ed.parts.group_selection,
        "Ctrl+G",
        tip="A frame around the selected stages (a phase, an actor)",
    )
    a["ungroup"] = _action(
        w,
        "U&ngroup",
        ed.parts.ungroup_selection,
        "Ctrl+Shift+G",
        tip="Remove the selected groups, or the groups of the selected stages",
    )
    m.addAction(a["group"])
    m.addAction(a["ungroup"])

    m = bar.addMenu("&Help")
    a["quick_start"] = _action(
        w,
        "&Quick Start",
        lambda: show_quick_start(
            w, files.new_from_template, lambda: show_documentation("editor.md")
        ),
        tip="Six steps through the example",
    )
    a["documentation"] = _action(
        w, "&Documentation", show_documentation, Key.HelpContents, tip="The user guide"
    )
    a["shortcuts"] = _action(
        w,
        "&Keyboard Shortcuts",
        lambda: ShortcutsDialog(w.menuBar(), w).exec(),
        tip="Every menu command with its keys",
    )
    a["about"] = _action(w, "&About mesadiagram", window.about)
    for name in ("quick_start", "documentation", "shortcuts"):
        m.addAction(a[name])
    m.addSeparator()
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
    made.toolbar = tools
    return made
