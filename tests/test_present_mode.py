"""Present mode, driven with real key and mouse events: F5 and View > Present, the keys
(next, back, Home, End, a number and Enter, B and W, Esc), clicks and the wheel, the
view state and the items at each step, legibility, and Esc giving back the editor's
view and selection. Also ``mesadiagram present`` and the presenter view."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest

from mesadiagram.model import Annotation
from mesadiagram.presentation.frames import frames
from mesadiagram.ui.presentation import view as stage_view
from mesadiagram.ui.presentation.presenter_view import clock_text
from tests.ui_helpers import make_window, snap

K = Qt.Key


def _present(qtbot, window):
    QTest.keyClick(window.view, K.Key_F5)
    presenting = window.presenting
    assert presenting.active
    qtbot.waitExposed(presenting.audience)
    return presenting


def _press(qtbot, presenting, *keys) -> None:
    for key in keys:
        QTest.keyClick(presenting.audience, key)
        qtbot.waitUntil(lambda: not presenting.camera.running(), timeout=3000)


def _menu_action(window, menu: str, text: str) -> QAction:
    for top in window.menuBar().actions():
        if top.text().replace("&", "") == menu:
            for action in top.menu().actions():
                if action.text().replace("&", "") == text:
                    return action
    raise AssertionError(f"no {menu} > {text}")


def test_keys_step_through_the_seed_and_esc_gives_the_editor_back(qtbot, seed_doc) -> None:
    window = make_window(qtbot, seed_doc)
    window.view.set_zoom(0.8)
    window.view.centerOn(QPointF(400, 30))
    window.session.select(["misalignment", "deployment->distribution-shift"])
    transform = window.view.transform()
    centre = window.view.mapToScene(window.view.viewport().rect().center())
    selection = window.session.selection
    before = snap(window.doc)
    presenting = _present(qtbot, window)
    stepper = presenting.stepper
    count = len(frames(seed_doc))
    assert stepper.index == 0 and stepper.count == count
    assert not window.isEnabled()  # nothing can be edited while presenting
    _press(qtbot, presenting, K.Key_Right, K.Key_Space, K.Key_PageDown, K.Key_Down)
    assert stepper.index == 4
    _press(qtbot, presenting, K.Key_Left, K.Key_PageUp)
    assert stepper.index == 2
    _press(qtbot, presenting, K.Key_End)
    assert stepper.index == count - 1
    _press(qtbot, presenting, K.Key_Home)
    assert stepper.index == 0
    _press(qtbot, presenting, K.Key_1, K.Key_2, K.Key_Return)
    assert stepper.index == 11 and stepper.frame.title == "Distribution shift"
    _press(qtbot, presenting, K.Key_9, K.Key_Backspace, K.Key_5, K.Key_Enter)
    assert stepper.index == 4
    _press(qtbot, presenting, K.Key_2, K.Key_Escape)  # Esc forgets a number typed...
    assert presenting.active and stepper.index == 4
    _press(qtbot, presenting, K.Key_Return)  # ...so Enter is "next" again
    assert stepper.index == 5
    _press(qtbot, presenting, K.Key_Left)
    _press(qtbot, presenting, K.Key_Delete, K.Key_Tab)  # editing keys do nothing here
    assert window.doc.snapshot() == before
    QTest.keyClick(presenting.audience, K.Key_Escape)
    assert not presenting.active
    assert window.isEnabled() and window.session.view_state.editable
    assert window.view.transform() == transform
    now = window.view.mapToScene(window.view.viewport().rect().center())
    assert now == centre
    assert window.session.selection == selection
    assert window.doc.snapshot() == before


def test_blank_to_black_or_white_and_back(qtbot, seed_doc) -> None:
    window = make_window(qtbot, seed_doc)
    presenting = _present(qtbot, window)
    audience = presenting.audience
    _press(qtbot, presenting, K.Key_B)
    assert audience.overlay.blank == "black"
    image = audience.grab().toImage()
    assert image.pixelColor(10, 10).name() == "#000000"
    assert image.pixelColor(audience.width() // 2, audience.height() // 2).name() == "#000000"
    _press(qtbot, presenting, K.Key_Right)  # any key brings the picture back, and only that
    assert audience.overlay.blank == "" and presenting.stepper.index == 0
    _press(qtbot, presenting, K.Key_W)
    image = audience.grab().toImage()
    assert image.pixelColor(audience.width() // 2, audience.height() // 2).name() == "#ffffff"
    _press(qtbot, presenting, K.Key_B)  # straight from white to black
    assert audience.overlay.blank == "black"
    _press(qtbot, presenting, K.Key_B)
    assert audience.overlay.blank == ""
    QTest.keyClick(audience, K.Key_Escape)
    assert not presenting.active


def test_the_view_state_and_items_follow_each_step(qtbot, seed_doc) -> None:
    window = make_window(qtbot, seed_doc)
    presenting = _present(qtbot, window)
    stepper = presenting.stepper
    scene = stepper.scene
    state = stepper.session.view_state
    for frame in stepper.frames:
        assert state.hidden == frame.hidden and state.dimmed == frame.dimmed
        assert state.highlights == frame.current and not state.editable
        for node in seed_doc.nodes:
            item = scene.node_item(node.id)
            assert item.isVisible() == (node.id not in frame.hidden)
            assert item.opacity() == (0.25 if node.id in frame.dimmed else 1.0)
            # The copy shows the annotations revealed so far, not the others.
            shown = {a.id for a in stepper.shown.annotations_of(node.id)}
            assert shown == {a.id for a in node.annotations} & frame.annotations
        for edge in seed_doc.edges:
            assert scene.edge_item(edge.id).isVisible() == (edge.id not in frame.hidden)
        # The callouts list what this step reveals, beside its stage or link.
        assert set(scene.placed) == set(frame.owners)
        for owner, callout in scene.placed.items():
            listed = {line.annotation.id for line in callout.lines if line.annotation}
            new = {a for a in frame.new_annotations if stepper.doc.annotation(a)[0] == owner}
            assert listed == new
        _press(qtbot, presenting, K.Key_Right)
    QTest.keyClick(presenting.audience, K.Key_Escape)


def test_text_is_legible_and_the_camera_frames_what_changed(qtbot, seed_doc) -> None:
    window = make_window(qtbot, seed_doc)
    presenting = _present(qtbot, window)
    audience, stepper = presenting.audience, presenting.stepper
    assert stage_view.DURATION <= 300
    width = audience.view.viewport().width()
    for _ in range(stepper.count):
        scale = audience.view.transform().m11()
        # On a 1920-px-wide screen, labels at least 28 px and annotations 20 px high.
        assert stepper.theme.font_size * scale >= 28 * width / 1920 - 0.01
        assert stepper.theme.font_size * 0.78 * scale >= 20 * width / 1920 - 0.01
        shown = audience.view.shown()
        frame = stepper.frame
        for stage in frame.new_stages:
            assert shown.contains(stepper.scene.node_item(stage).scene_box)
        for owner in frame.owners:
            assert shown.contains(stepper.scene.placed[owner].rect)
        _press(qtbot, presenting, K.Key_Right)
    QTest.keyClick(audience, K.Key_Escape)


def test_a_step_moves_only_the_camera(qtbot, seed_doc) -> None:
    window = make_window(qtbot, seed_doc)
    presenting = _present(qtbot, window)
    scene = presenting.stepper.scene
    _press(qtbot, presenting, K.Key_End)
    boxes = {item.node_id: item.scene_box for item in scene.node_items()}
    _press(qtbot, presenting, K.Key_Home)
    for _ in range(presenting.stepper.count - 1):
        QTest.keyClick(presenting.audience, K.Key_Right)
        assert presenting.camera.running() or presenting.camera.target is not None
        qtbot.waitUntil(lambda: not presenting.camera.running(), timeout=3000)
    for item in scene.node_items():  # every stage where it was, at its full size
        assert item.scene_box == boxes[item.node_id]
    QTest.keyClick(presenting.audience, K.Key_Escape)


def test_clicks_move_and_the_wheel_does_nothing(qtbot, seed_doc) -> None:
    window = make_window(qtbot, seed_doc)
    presenting = _present(qtbot, window)
    view = presenting.audience.view
    middle = view.viewport().rect().center()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    qtbot.waitUntil(lambda: not presenting.camera.running(), timeout=3000)
    assert presenting.stepper.index == 2
    QTest.mouseClick(view.viewport(), Qt.MouseButton.RightButton, pos=middle)
    qtbot.waitUntil(lambda: not presenting.camera.running(), timeout=3000)
    assert presenting.stepper.index == 1
    transform, shown = view.transform(), view.shown()
    from PySide6.QtGui import QWheelEvent

    for delta in (120, -240):
        event = QWheelEvent(
            QPointF(middle),
            QPointF(view.viewport().mapToGlobal(middle)),
            QPoint(0, 0),
            QPoint(0, delta),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.ControlModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        from PySide6.QtWidgets import QApplication

        QApplication.sendEvent(view.viewport(), event)
    assert view.transform() == transform and view.shown() == shown
    assert presenting.stepper.index == 1
    QTest.keyClick(presenting.audience, K.Key_Escape)


def test_view_present_menu_and_the_presenter_view(qtbot, seed_doc) -> None:
    window = make_window(qtbot, seed_doc)
    action = _menu_action(window, "View", "Present")
    assert action.shortcut().toString() == "F5"
    action.trigger()
    presenting = window.presenting
    assert presenting.active
    qtbot.waitExposed(presenting.audience)
    presenter = presenting.presenter
    assert not presenter.isVisible()  # one screen: the P key shows it
    _press(qtbot, presenting, K.Key_P)
    assert presenter.isVisible()
    _press(qtbot, presenting, *[K.Key_Right] * 7)
    assert presenter.counter.text() == f"Step 8 of {presenting.stepper.count}"
    assert presenter.title.text() == "Misalignment: notes"
    notes = presenter.notes.toPlainText()
    assert "base objective != mesa objective" in notes  # the stage's text
    assert "screened" in notes  # and its note
    assert presenter.next_title.text() == "Deployment"
    qtbot.waitUntil(
        lambda: (
            presenter.next_picture.pixmap() is not None
            and not presenter.next_picture.pixmap().isNull()
        ),
        timeout=3000,
    )
    # The presenter view's buttons and keys drive the same presentation.
    QTest.keyClick(presenter, K.Key_Left)
    assert presenting.stepper.index == 6
    assert presenter.current.shown().intersects(presenting.audience.view.shown())
    assert clock_text(65_000) == "1:05" and clock_text(3_723_000) == "1:02:03"
    QTest.keyClick(presenter, K.Key_Escape)
    assert not presenting.active and not presenter.isVisible()


def test_the_summary_step_of_a_model_with_credences(qtbot, seed_doc) -> None:
    for i, edge in enumerate(seed_doc.edges):
        seed_doc.update_edge(edge.id, probability=0.9)
        if i == 2:  # one link without its intervention: unmitigated
            seed_doc.set_annotations(edge.id, [])
    for edge in seed_doc.edges:
        anns = [replace(a, effect=0.5) if a.type == "intervention" else a for a in edge.annotations]
        seed_doc.set_annotations(edge.id, anns)
    seed_doc.set_annotations("catastrophe", [Annotation("note", "", "a closing note")])
    window = make_window(qtbot, seed_doc)
    presenting = _present(qtbot, window)
    _press(qtbot, presenting, K.Key_End)
    stepper = presenting.stepper
    assert stepper.frame.summary and stepper.frame.title == "Summary"
    card = presenting.audience.overlay.card[0]
    headings = [s.heading for s in card.sections]
    assert headings[0] == "Risk"
    assert stepper.session.view_state.warnings == {"misalignment->deployment"}
    assert stepper.session.view_state.dimmed == frozenset()
    QTest.keyClick(presenting.audience, K.Key_Escape)


def test_an_empty_document_is_not_presented(qtbot) -> None:
    window = make_window(qtbot)
    QTest.keyClick(window.view, K.Key_F5)
    assert not window.presenting.active
    assert "Nothing to present" in window.statusBar().currentMessage()


def test_the_present_command_needs_a_file(capsys) -> None:
    from mesadiagram.cli import main

    assert main(["present"]) == 2
    assert "FILE" in capsys.readouterr().err


TWO_SCREENS = """
import sys
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from mesadiagram.ui.app import make_app
from mesadiagram.ui.main_window import MainWindow
app = make_app()
window = MainWindow()
window.show()
window.open_path(sys.argv[1])
QTest.qWaitForWindowExposed(window)
window.activateWindow()
window.view.setFocus()
QTest.keyClick(window.view, Qt.Key.Key_F5)
p = window.presenting
QTest.keyClick(p.audience, Qt.Key.Key_Right)
print("editor", window.screen().name())
print("audience", p.audience.screen().name(), p.audience.geometry().x(), p.audience.width())
print("presenter", p.presenter.isVisible(), p.presenter.screen().name())
print("step", p.presenter.counter.text().replace(" ", "_"))
QTest.keyClick(p.audience, Qt.Key.Key_Escape)
window.session.stack.setClean()
"""


def test_with_two_screens_the_room_gets_the_other_and_the_speaker_the_presenter_view(
    tmp_path,
) -> None:
    import json
    import os
    import subprocess
    import sys

    from tests.conftest import EXAMPLE

    screens = {
        "screens": [
            {"name": "laptop", "x": 0, "y": 0, "width": 1440, "height": 900},
            {"name": "projector", "x": 1440, "y": 0, "width": 1920, "height": 1080},
        ]
    }
    config = tmp_path / "screens.json"
    config.write_text(json.dumps(screens))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    result = subprocess.run(
        [sys.executable, "-c", TWO_SCREENS, str(EXAMPLE)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    said = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines() if line}
    assert said["editor"] == ["laptop"]
    assert said["audience"] == ["projector", "1440", "1920"]
    assert said["presenter"] == ["True", "laptop"]
    assert said["step"] == ["Step_2_of_22"]
