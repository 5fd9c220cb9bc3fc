"""Naming a stage in an outline's ``A -> B`` lines: by its label, or by the beginning of
its label when only one stage begins so ("Base -> Mesa")."""

from __future__ import annotations

from dataclasses import dataclass

from mesadiagram.formats.suggest import Suggester

MAX_LISTED = 8  # an error lists at most this many candidates


@dataclass(frozen=True)
class Named:
    """A stage as the outline names it."""

    id: str
    label: str
    line: int


class StageNames:
    """Finds the stage a name means: the label exactly, else the label in any case, else
    the one label it begins (in any case). Each step that finds two or more is ambiguous."""

    def __init__(self, stages: list[Named]) -> None:
        self.stages = stages
        self._exact: dict[str, list[Named]] = {}
        self._folded: dict[str, list[Named]] = {}
        for stage in stages:
            self._exact.setdefault(stage.label, []).append(stage)
            self._folded.setdefault(stage.label.casefold(), []).append(stage)
        self._suggester: Suggester | None = None

    def find(self, name: str) -> tuple[Named | None, str]:
        """The stage ``name`` means, or None and why not (naming the candidates)."""
        folded = name.casefold()
        for found in (
            self._exact.get(name, []),
            self._folded.get(folded, []),
            [s for s in self.stages if s.label.casefold().startswith(folded)],
        ):
            if len(found) == 1:
                return found[0], ""
            if len(found) > 1:
                return None, f"“{name}” could be any of {_listed(found)}: write more of the label"
        return None, self._unknown(name)

    def _unknown(self, name: str) -> str:
        if not self.stages:
            return f"no stage named “{name}”: the outline has no stages"
        if self._suggester is None:
            self._suggester = Suggester(s.label for s in self.stages)
        best = self._suggester.best(name)
        hint = f" (did you mean “{best}”?)" if best is not None else ""
        return f"no stage named “{name}”{hint}; the stages are {_listed(self.stages)}"


def _listed(stages: list[Named]) -> str:
    shown = [f"“{s.label}” (line {s.line})" for s in stages[:MAX_LISTED]]
    more = len(stages) - MAX_LISTED
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")
