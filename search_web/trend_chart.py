"""Geometry of the trends line chart (one line per query, per period), drawn as inline SVG by a template.

Two panels share the axes' periods: matching stories, and their share of all stories; the page
shows one at a time (a toggle) and a table with both.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from indexer.search import Trends

from .timeline import EDGE, LABEL_CHAR, LABEL_GAP, MAX_LABELS, Label

WIDTH = 640
HEIGHT = 260
LEFT = 56  # room for the value labels
RIGHT = 12
TOP = 12
BOTTOM = 26  # room for the period labels
Y_TICKS = 4  # about this many steps up the value axis
MARKERS_UP_TO = 60  # periods; beyond this, lines only
# Okabe and Ito's colours, told apart by most colour-blind readers, with a dash pattern each as well
COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8f6a00")
DASHES = ("", "7 4", "2 3", "9 3 2 3", "4 2")


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    text: str  # period and value, for a tooltip


@dataclass(frozen=True)
class Line:
    query: str
    colour: str
    dash: str
    points: str  # SVG polyline points
    markers: list[Marker]


@dataclass(frozen=True)
class Tick:
    y: float
    text: str


@dataclass(frozen=True)
class Panel:
    measure: str  # "count" or "share"
    lines: list[Line]
    ticks: list[Tick]


@dataclass(frozen=True)
class TrendChart:
    interval: str
    panels: list[Panel]
    labels: list[Label]  # a few periods written under the axis
    first: str  # the first and last period drawn
    last: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    top: int = TOP
    baseline: int = HEIGHT - BOTTOM


def legend_style(number: int) -> tuple[str, str]:
    """The colour and dash pattern of the `number`th query's line."""
    return COLOURS[number % len(COLOURS)], DASHES[number % len(DASHES)]


def trend_chart(trends: Trends) -> TrendChart | None:
    """Both panels' lines and axes; None when no matching story has a date."""
    drawn = [series for series in trends.series if series.points]
    if not drawn:
        return None
    periods = [point.period for point in drawn[0].points]
    span = WIDTH - RIGHT - LEFT
    step = span / max(len(periods) - 1, 1)
    xs = [round(LEFT + (span / 2 if len(periods) == 1 else number * step), 2) for number in range(len(periods))]
    panels = []
    for measure in ("count", "share"):
        values = {number: [point.count if measure == "count" else point.share for point in series.points]
                  for number, series in enumerate(trends.series) if series.points}
        highest = max(max(row) for row in values.values())
        tick = _nice_step(highest / Y_TICKS)
        top = tick * max(1, math.ceil(highest / tick))
        lines = []
        for number, row in values.items():
            series = trends.series[number]
            colour, dash = legend_style(number)
            ys = [_y(value, top) for value in row]
            markers = [Marker(x, y, f"{period}: {_formatted(value, measure)}")
                       for x, y, period, value in zip(xs, ys, periods, row)] if len(periods) <= MARKERS_UP_TO else []
            lines.append(Line(series.query, colour, dash, " ".join(f"{x},{y}" for x, y in zip(xs, ys)), markers))
        ticks = [Tick(_y(tick * k, top), _formatted(tick * k, measure)) for k in range(round(top / tick) + 1)]
        panels.append(Panel(measure, lines, ticks))
    return TrendChart(trends.interval, panels, _labels(periods, xs), periods[0], periods[-1])


def _y(value: float, top: float) -> float:
    plot = HEIGHT - BOTTOM - TOP
    return round(HEIGHT - BOTTOM - plot * (value / top if top else 0.0), 2)


def _nice_step(value: float) -> float:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten at or above `value` (1 for nothing): a step
    between gridlines that reads well."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(power * m for m in (1, 2, 2.5, 5, 10) if power * m >= value)


def _formatted(value: float, measure: str) -> str:
    if measure == "share":
        return f"{value * 100:.3g}%"
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def _labels(periods: list[str], xs: list[float]) -> list[Label]:
    fitting = max(1, min(MAX_LABELS, (WIDTH - LEFT) // (len(periods[0]) * LABEL_CHAR + LABEL_GAP)))
    every = math.ceil(len(periods) / fitting)
    labels = []
    for period, x in list(zip(periods, xs))[::every]:
        anchor = "start" if x - LEFT < EDGE / 2 and len(periods) > 1 else "end" if x > WIDTH - EDGE else "middle"
        labels.append(Label(period, x, anchor))
    return labels
