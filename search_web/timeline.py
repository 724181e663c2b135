"""Geometry of the timeline bar chart (matches per period), drawn as inline SVG by a template."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from indexer.search import Bucket

WIDTH = 640
HEIGHT = 150
TOP = 26  # room for the count over the tallest bar
BOTTOM = 26  # room for the period labels
MAX_LABELS = 6
LABEL_CHAR = 12  # width of a label character at the largest font the stylesheet uses (phones), in chart units
LABEL_GAP = 24
COUNTS_UP_TO = 12  # bars at most this many get their count written above them
EDGE = 40  # a label centred closer than this to a side would be cut off


@dataclass(frozen=True)
class Bar:
    label: str
    start: date
    end: date
    count: int
    x: float
    y: float
    width: float
    height: float

    @property
    def middle(self) -> float:
        return round(self.x + self.width / 2, 2)


@dataclass(frozen=True)
class Label:
    text: str
    x: float
    anchor: str  # SVG text-anchor: start, middle or end


@dataclass(frozen=True)
class Chart:
    unit: str
    bars: list[Bar]
    labels: list[Label]  # a few periods written under the axis
    show_counts: bool
    width: int = WIDTH
    height: int = HEIGHT
    baseline: int = HEIGHT - BOTTOM
    plot_top: int = TOP


def chart(unit: str, buckets: Sequence[Bucket]) -> Chart | None:
    """Bars scaled to the busiest period, evenly spaced; None when no match has a date."""
    if not buckets:
        return None
    slot = WIDTH / len(buckets)
    gap = slot * 0.2 if slot >= 4 else 0.0
    plot = HEIGHT - BOTTOM - TOP
    busiest = max(b.count for b in buckets) or 1
    bars = []
    for number, bucket in enumerate(buckets):
        height = 0.0 if not bucket.count else max(1.5, plot * bucket.count / busiest)
        bars.append(Bar(bucket.label, date.fromisoformat(bucket.start), date.fromisoformat(bucket.end), bucket.count,
                        x=round(number * slot + gap / 2, 2), y=round(HEIGHT - BOTTOM - height, 2),
                        width=round(slot - gap, 2), height=round(height, 2)))
    fitting = min(MAX_LABELS, WIDTH // (len(bars[0].label) * LABEL_CHAR + LABEL_GAP))
    step = math.ceil(len(bars) / fitting)
    return Chart(unit, bars, [_label(bar) for bar in bars[::step]], show_counts=len(bars) <= COUNTS_UP_TO)


def _label(bar: Bar) -> Label:
    if bar.middle < EDGE:
        return Label(bar.label, bar.x, "start")
    if bar.middle > WIDTH - EDGE:
        return Label(bar.label, round(bar.x + bar.width, 2), "end")
    return Label(bar.label, bar.middle, "middle")
