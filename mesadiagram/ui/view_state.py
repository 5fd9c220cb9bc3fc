"""How the canvas shows the document, apart from the document itself: one object, one signal.

Detail level, theme, grid and snap, the legend, the stages' texts, highlights (from the
Analysis dock or a search), warnings (unmitigated links), dimmed and hidden elements
(presentation steps) and whether the canvas may be edited. The scene, its items, the
overview, the legend and callout placement read it; whatever changes how the canvas
looks changes it through ``update`` (or a named setter that calls it), and everyone
follows the one ``changed`` signal, which names the aspects that changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction

from mesadiagram.model import ElementId
from mesadiagram.render.theme import DEFAULT_THEME, Theme

ASPECTS = (
    "theme",
    "all_detailed",
    "detail_overrides",
    "show_grid",
    "snap_to_grid",
    "show_legend",
    "show_stage_text",
    "show_outcome_risk",
    "outcome_risk",
    "highlights",
    "warnings",
    "dimmed",
    "hidden",
    "editable",
)
DOCUMENT_ASPECTS = (
    "detail_overrides",
    "outcome_risk",
    "highlights",
    "warnings",
    "dimmed",
    "hidden",
)
"""What belongs to one document's elements, cleared when the session shows another."""


@dataclass(frozen=True)
class ViewValues:
    """The values, immutable: a change makes a new one, so readers never see half of it."""

    theme: Theme = DEFAULT_THEME
    all_detailed: bool = False
    detail_overrides: dict[ElementId, bool] = field(default_factory=dict)
    show_grid: bool = False
    snap_to_grid: bool = False
    # The legend of the types and kinds drawn (View > Legend, ``ui/canvas/legend_overlay.py``):
    # shown unless turned off, as exports draw it unless turned off.
    show_legend: bool = True
    # Each stage's text under its label (View > Stage Text, ``ui/stage_text.py``), as
    # exports draw it unless ``--no-stage-text``: boxes, and so the layout, grow with it.
    show_stage_text: bool = True
    # Each outcome's risk under its label (View > Risk on Outcomes, ``ui/outcome_risk.py``),
    # as ``export --risk`` draws it; ``outcome_risk`` holds the lines of the latest
    # analysis by stage id (``render/outcome_risk.py``), drawn while this is on.
    show_outcome_risk: bool = False
    outcome_risk: dict[str, str] = field(default_factory=dict)
    highlights: frozenset[ElementId] = frozenset()
    warnings: frozenset[ElementId] = frozenset()
    dimmed: frozenset[ElementId] = frozenset()
    hidden: frozenset[ElementId] = frozenset()
    editable: bool = True


class ViewState(QObject):
    """The view state of one window's canvas."""

    changed = Signal(frozenset)  # the names (ASPECTS) of what changed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._values = ViewValues()

    @property
    def values(self) -> ViewValues:
        return self._values

    def __getattr__(self, name: str):
        # Read any aspect as an attribute: ``view_state.theme``, ``view_state.hidden``.
        if name in ASPECTS:
            return getattr(self._values, name)
        raise AttributeError(name)

    def update(self, **changes: object) -> None:
        """Set aspects (keyword per aspect); emits ``changed`` once with those that differ."""
        unknown = set(changes) - set(ASPECTS)
        if unknown:
            raise AttributeError(f"no view aspect {sorted(unknown)}")
        normal = {k: _normal(k, v) for k, v in changes.items()}
        differ = {k: v for k, v in normal.items() if getattr(self._values, k) != v}
        if not differ:
            return
        self._values = replace(self._values, **differ)
        self.changed.emit(frozenset(differ))

    def forget_elements(self) -> None:
        """The session shows another document: drop what named the old one's elements."""
        defaults = ViewValues()
        self.update(**{name: getattr(defaults, name) for name in DOCUMENT_ASPECTS})

    # -- the few questions everyone asks -------------------------------------------------
    def is_detailed(self, element_id: ElementId) -> bool:
        values = self._values
        return values.detail_overrides.get(element_id, values.all_detailed)

    def set_detailed(self, element_ids: list[ElementId], detailed: bool) -> None:
        overrides = dict(self._values.detail_overrides)
        overrides.update(dict.fromkeys(element_ids, detailed))
        self.update(detail_overrides=overrides)

    def set_all_detailed(self, detailed: bool) -> None:
        self.update(all_detailed=detailed, detail_overrides={})

    def risk_line(self, node_id: ElementId) -> str | None:
        """The risk line a stage shows (View > Risk on Outcomes), or None."""
        values = self._values
        return values.outcome_risk.get(node_id) if values.show_outcome_risk else None


def _normal(name: str, value: object) -> object:
    """Sets of ids are stored frozen, so a caller's later changes cannot leak in."""
    if name in ("highlights", "warnings", "dimmed", "hidden"):
        return frozenset(value)  # type: ignore[arg-type]
    if name in ("detail_overrides", "outcome_risk"):
        return dict(value)  # type: ignore[call-overload]
    return value


# -- on/off aspects a View menu action switches and the next windows remember ----------
def remembered(setting: str, default: bool = True) -> bool:
    """The last choice stored under ``setting`` (QSettings), or ``default``."""
    return QSettings().value(setting, default) not in (False, "false")


def choose(view_state: ViewState, aspect: str, setting: str, on: bool) -> None:
    """Switch the on/off ``aspect`` and remember the choice for the next windows."""
    view_state.update(**{aspect: on})
    QSettings().setValue(setting, on)


def keep_checked(action: QAction, view_state: ViewState, aspect: str) -> None:
    """``action``'s check mark shows the view state's ``aspect``, whoever sets it."""

    def follow(aspects: frozenset[str] = frozenset({aspect})) -> None:
        if aspect in aspects:
            action.blockSignals(True)  # (its toggled signal would store the choice again)
            action.setChecked(getattr(view_state, aspect))
            action.blockSignals(False)

    follow()
    view_state.changed.connect(follow)
