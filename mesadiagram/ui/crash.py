"""Unhandled exceptions: logged, every modified window autosaved, shown in a dialog.

PySide6 hands an exception raised in a slot or an event handler to ``sys.excepthook``
and carries on, so the hook is where the user learns about it; the application keeps
running (a crash would lose more than the error did). Exceptions in other threads arrive
through ``threading.excepthook`` and are shown on the GUI thread by a queued signal.
Without a QApplication the report goes to stderr.
"""

from __future__ import annotations

import faulthandler
import logging
import sys
import threading
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from mesadiagram.ui import autosave

log = logging.getLogger("mesadiagram")

LOG_NAME = "mesadiagram.log"
LOG_MAX_BYTES = 256 * 1024  # rotated at this size, keeping LOG_BACKUPS older files
LOG_BACKUPS = 2


def log_dir() -> Path:
    """``AppLocalDataLocation/logs``."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(base or Path.home() / ".mesadiagram") / "logs"


class _Reporter(QObject):
    """Lives in the GUI thread; a signal emitted from any thread shows the dialog there."""

    report = Signal(str, str, str)


class CrashHandler:
    """Owns the hooks, the log file and the error dialog."""

    def __init__(self, folder: Path | None = None) -> None:
        self.log_path = (folder or log_dir()) / LOG_NAME
        self.handler: logging.Handler | None = None
        self.showing = False  # a second error while the dialog is open is only logged
        self.shown = 0
        self.seen: set[str] = set()  # where the errors shown came from
        self._previous: tuple = ()
        self._reporter: _Reporter | None = None
        self._fault_file = None

    # -- installing ----------------------------------------------------------------------
    def install(self) -> CrashHandler:
        try:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            self.handler = RotatingFileHandler(
                self.log_path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
            )
            self.handler.setFormatter(
                logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
            )
            log.addHandler(self.handler)
            log.setLevel(logging.INFO)
        except OSError as err:
            print(f"mesadiagram: cannot log to {self.log_path}: {err}", file=sys.stderr)
        if not faulthandler.is_enabled() and self.handler is not None:
            # A hard crash (segfault in Qt) cannot show a dialog; leave its trace in the log.
            try:
                self._fault_file = open(self.log_path.with_name("fatal.log"), "a")  # noqa: SIM115
                faulthandler.enable(self._fault_file)
            except OSError:
                self._fault_file = None
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle
        threading.excepthook = self._thread_hook
        if QApplication.instance() is not None:
            self._make_reporter()
        return self

    def uninstall(self) -> None:
        if self._previous:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = ()
        if self.handler is not None:
            log.removeHandler(self.handler)
            self.handler.close()
            self.handler = None
        if self._fault_file is not None:
            faulthandler.disable()
            self._fault_file.close()
            self._fault_file = None

    def _make_reporter(self) -> None:
        app = QApplication.instance()
        self._reporter = _Reporter()
        self._reporter.moveToThread(app.thread())
        self._reporter.report.connect(self.report)

    # -- handling ------------------------------------------------------------------------
    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        where = f" in thread {args.thread.name}" if args.thread else ""
        self.handle(args.exc_type, args.exc_value, args.exc_traceback, where)

    def handle(
        self,
        exc_type: type[BaseException],
        exc: BaseException | None,
        tb: TracebackType | None,
        where: str = "",
    ) -> None:
        """Log an unhandled exception, then autosave and report it on the GUI thread."""
        try:
            details = "".join(traceback.format_exception(exc_type, exc, tb))
            summary = f"{exc_type.__name__}: {exc}" if str(exc) else exc_type.__name__
            log.error("unhandled exception%s\n%s", where, details.rstrip())
            if issubclass(exc_type, KeyboardInterrupt) or QApplication.instance() is None:
                sys.stderr.write(details)
                return
            frames = traceback.extract_tb(tb) if tb is not None else []
            origin = (
                f"{exc_type.__qualname__}@{frames[-1].filename}:{frames[-1].lineno}"
                if frames
                else summary
            )
            if threading.current_thread() is threading.main_thread():
                self.report(summary, details, origin)
            elif self._reporter is not None:
                self._reporter.report.emit(summary, details, origin)  # queued to the GUI
            else:
                sys.stderr.write(details)
        except Exception:
            # The handler itself failed: fall back to Python's own report, still no exit.
            sys.__excepthook__(exc_type, exc, tb)  # type: ignore[arg-type]

    def report(self, summary: str, details: str, origin: str) -> None:
        """On the GUI thread: autosave every modified window, then show the error once.

        An error raised again from the same place (a failing paint handler, say) is only
        logged: showing it at every repaint would lock the user in dialogs.
        """
        saved = autosave.save_all_now()
        if saved:
            log.info("recovery copies up to date: %d modified window%s", saved, "s" * (saved != 1))
        if self.showing or origin in self.seen:
            return  # the log has it; the user has been told about this one
        self.seen.add(origin)
        self.showing = True
        self.shown += 1
        try:
            self._dialog(summary, details, saved).exec()
        finally:
            self.showing = False

    def _dialog(self, summary: str, details: str, saved: int) -> QMessageBox:
        box = QMessageBox(QApplication.activeWindow())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Unexpected error")
        box.setText(f"Something went wrong in mesadiagram:\n{summary}")
        autosaved = "Unsaved changes were autosaved for recovery. " if saved else ""
        box.setInformativeText(
            f"{autosaved}You can keep working; save your models soon, and if things behave "
            f"oddly, restart.\n\nThe details are in {self.log_path}."
        )
        box.setDetailedText(details)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        return box


def install(folder: Path | None = None) -> CrashHandler:
    """Install the crash handler, logging to ``folder`` (default: :func:`log_dir`)."""
    return CrashHandler(folder).install()
