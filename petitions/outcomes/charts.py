"""Simple horizontal bar charts, laid out on the server so the SVG needs no script or inline style."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 200
BAR_AREA = 360
ROW_HEIGHT = 32
BAR_HEIGHT = 20


@dataclass
class Bar:
    """One bar: its label, value (None for no data) and geometry."""

    label: str
    value: float | None
    y: int
    width: int


@dataclass
class Chart:
    """A titled bar chart; ``slug`` makes the ids that tie the SVG to its title."""

    slug: str
    title: str
    bars: list[Bar]
    width: int
    height: int
    label_width: int


def bar_chart(slug: str, title: str, rows: list[tuple[str, float | None]]) -> Chart:
    """Scale ``rows`` so the largest value fills the bar area (a value of 0 or None draws no bar)."""
    largest = max((value or 0 for _, value in rows), default=0)
    bars = [
        Bar(label=label, value=value, y=index * ROW_HEIGHT,
            width=round(BAR_AREA * (value or 0) / largest) if largest else 0)
        for index, (label, value) in enumerate(rows)
    ]
    return Chart(slug=slug, title=title, bars=bars, width=WIDTH, height=max(len(rows), 1) * ROW_HEIGHT,
                 label_width=LABEL_WIDTH)
