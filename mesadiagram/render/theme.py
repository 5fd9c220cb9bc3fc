"""Colours, fonts and line styles for drawing a document."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Theme:
    """What a drawing looks like; annotation colours come from the types unless overridden."""

    name: str = "default"
    background: str = "#FFFFFF"
    node_fill: str = "#F7F9FC"
    node_border: str = "#5B6B82"
    node_text: str = "#1B2430"
    node_subtext: str = "#5B6B82"
    outcome_fill: str = "#FDEDEC"
    outcome_border: str = "#B03A2E"
    edge: str = "#5B6B82"
    edge_text: str = "#1B2430"
    selection: str = "#2F80ED"
    warning: str = "#D62728"
    highlight: str = "#F2C94C"
    font_family: str = "DejaVu Sans"
    font_size: float = 11.0
    type_colors: dict[str, str] = field(default_factory=dict)

    def type_color(self, type_name: str, fallback: str) -> str:
        return self.type_colors.get(type_name, fallback)


DEFAULT_THEME = Theme()
DARK_THEME = Theme(
    name="dark",
    background="#1E2228",
    node_fill="#2A3039",
    node_border="#8A9BB3",
    node_text="#EEF2F7",
    node_subtext="#AEB9C8",
    outcome_fill="#4A2A2A",
    outcome_border="#F08A7E",
    edge="#AEB9C8",
    edge_text="#EEF2F7",
    selection="#56A0FF",
    warning="#FF6B6B",
    highlight="#B8860B",
)
