"""The analysis of the session's document, computed off the GUI thread.

A large model takes seconds to analyse (paths, cut sets, risk); the GUI thread never waits
for it. After a burst of edits (debounced), a worker thread has the document analysed in
a child process (``analysis_process``: no GIL shared with the GUI thread) while the user
goes on editing. Every edit that can change the result bumps a counter; a result
computed for an older count is dropped and the newest state analysed instead, so a newer
edit supersedes a running analysis. The worker reads the live document: an edit made while
it runs can at worst make it fail or compute garbage, and both are dropped as stale.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Collection
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from mesadiagram import gc_pause
from mesadiagram.model import events as ev
from mesadiagram.ui import analysis_process, analysis_rows

if TYPE_CHECKING:
    from mesadiagram.analysis.report import Analysis
    from mesadiagram.model import Document
    from mesadiagram.ui.session import DocumentSession

log = logging.getLogger("mesadiagram.analysis")

DEBOUNCE_MS = 150  # re-analyse once after a burst of edits (a drag, a paste)
# Fields whose change cannot alter an analysis (labels can: results name stages by them,
# so they re-analyse too; the text does not).
# A stage's class is its look; a link's type is not (evidence links are not counted).
_IRRELEVANT_FIELDS = {"position", "route", "pinned", "text", "refs", "stage_class"}
# Groups and text boxes are drawing only: no result depends on them.
_IRRELEVANT_EVENTS = (ev.GroupAdded, ev.GroupRemoved, ev.GroupChanged, ev.BoxAdded)
_IRRELEVANT_EVENTS += (ev.BoxRemoved, ev.BoxChanged, ev.PresentationChanged)


class AnalysisRunner(QObject):
    """Keeps an up-to-date analysis of one session's document."""

    resultReady = Signal(object)  # an Analysis of the current document (see ``rows``)
    failed = Signal(str)  # the analysis raised for the current document (a bug: say so)
    _delivered = Signal(int, object, object)  # from the worker: count, result, error

    def __init__(self, session: DocumentSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.result: Analysis | None = None
        # What the Analysis dock shows of ``result``, made on the worker thread too.
        self.summary = ""
        self.rows: list[analysis_rows.Group] = []
        self.disabled_interventions: frozenset[str] = frozenset()  # annotation ids
        self._count = 0  # edits that matter so far
        self._running: threading.Thread | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._start)
        self._delivered.connect(self._finish)  # queued: emitted from the worker thread
        session.changed.connect(self._on_change)
        session.documentReplaced.connect(self._document_replaced)
        # After the first frame, not before it: a large model's analysis takes a while.
        self._timer.start()

    # -- asking for it -------------------------------------------------------------------
    def set_disabled_interventions(self, annotation_ids: Collection[str]) -> None:
        """What-if switches: the interventions (by annotation id) taken as not working."""
        ids = frozenset(annotation_ids)
        if ids != self.disabled_interventions:
            self.disabled_interventions = ids
            self.invalidate()

    def invalidate(self) -> None:
        """The result no longer holds: analyse again after the debounce."""
        self._count += 1
        self._timer.start()

    def is_busy(self) -> bool:
        return self._running is not None or self._timer.isActive()

    def wait(self, timeout: float = 30.0) -> None:
        """Block until the worker ends (for tests and shutdown; never in normal use)."""
        if self._running is not None:
            self._running.join(timeout)

    def _document_replaced(self, _doc: Document) -> None:
        self.disabled_interventions = frozenset()
        self.result = None
        self.invalidate()

    def _on_change(self, event: ev.ChangeEvent) -> None:
        if isinstance(event, ev.NodeChanged | ev.EdgeChanged) and set(event.fields) <= (
            _IRRELEVANT_FIELDS
        ):
            return
        if isinstance(event, _IRRELEVANT_EVENTS):
            return  # (nor does the order of presentation steps)
        if isinstance(event, ev.VocabularyChanged) and event.fields == ("stage_classes",):
            return
        self.invalidate()

    # -- computing -----------------------------------------------------------------------
    def _start(self) -> None:
        if self._running is not None:
            return  # the running one is stale; ``_finish`` starts the next
        count, doc = self._count, self.session.doc
        disabled = self.disabled_interventions
        worker = threading.Thread(
            target=self._work, args=(count, doc, disabled), name="analysis", daemon=True
        )
        self._running = worker
        # (Its thread only writes the document's text and waits for the child: background
        # work need not wait for it.)
        gc_pause.worker_started(deferring=True)
        worker.start()

    def _work(self, count: int, doc: Document, disabled: frozenset[str]) -> None:
        try:
            # In the child process (no GIL shared with the GUI thread): ``analysis_process``.
            result, shown = analysis_process.analyse_in_child(doc, disabled)
            error = None
        except BrokenProcessPool as err:  # no child (it could not start, or it died)
            log.warning("analysis process unavailable (%s): analysing in this process", err)
            analysis_process.shutdown()
            result, shown, error = self._analyse_here(doc, disabled)
        except Exception as err:  # reported on the GUI thread (or dropped when stale)
            result, shown, error = None, None, err
        gc_pause.worker_ended(deferring=True)  # here: a closed window never gets delivery
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile: nobody to tell
            self._delivered.emit(count, (result, shown), error)

    @staticmethod
    def _analyse_here(doc: Document, disabled: frozenset[str]) -> tuple:
        """The analysis on this worker thread (when no child process can run it)."""
        from mesadiagram.analysis.report import analyse, lightened  # networkx: not at start

        try:
            # No cyclic collection while it runs: a collection holds the GIL for tens of
            # milliseconds on a large model, and the GUI thread would wait that long.
            with gc_pause.paused():
                result = lightened(analyse(doc, disabled, sensitivity=True))
                shown = (
                    analysis_rows.summary_html(doc, result),
                    analysis_rows.groups(doc, result, disabled),
                )
                # What the analysis made lives until the next result: spare every later
                # collection walking it (it holds no cycles, so it is freed all the same).
                gc_pause.freeze_survivors()
            return result, shown, None
        except Exception as err:
            return None, None, err

    def _finish(self, count: int, delivered: tuple, error: object) -> None:
        result, shown = delivered
        self._running = None
        if count != self._count:  # edited meanwhile: this one is stale
            if not self._timer.isActive():
                self._start()
            return
        if error is not None:
            self.failed.emit(f"{type(error).__name__}: {error}")
            return
        self.result = result
        self.summary, self.rows = shown
        with gc_pause.burst():  # the canvas and the docks take it in: workers wait
            self.resultReady.emit(result)
