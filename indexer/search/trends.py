"""Attention over time: how many stories match each of a few queries per period, and what share of all
stories of the period that is, as Media Cloud charts coverage.

The denominators are every story passing the same filters (outlets, languages, dates), so
`source:` filters compare one outlet's coverage with itself. They are counted once per
generation, filters and interval (`Generation.tally`).
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .budget import TIME_BUDGET_SECONDS, Budget
from .engine import match_filtered, parse, stories
from .facets import story_dates
from .filters import Filters, accepted
from .generation import Generation
from .intervals import INTERVALS, period_bounds, period_numbers
from .live import LiveIndex

MAX_QUERIES = 5
FITTING_POINTS = 120  # the interval chosen is the finest that draws at most this many periods
MAX_POINTS = 5000  # an interval asked for may draw this many


@dataclass(frozen=True)
class TrendPoint:
    period: str  # "1987", "1987-03", "1987-W10" or "1987-03-02"
    start: str  # first day, YYYY-MM-DD
    end: str  # last day
    count: int  # matching stories
    total: int  # all stories (passing the filters)

    @property
    def share(self) -> float:
        return self.count / self.total if self.total else 0.0

    def to_dict(self) -> dict:
        return {"period": self.period, "count": self.count, "total": self.total, "share": round(self.share, 6),
                "start": self.start, "end": self.end}


@dataclass
class TrendSeries:
    query: str
    matches: int  # stories matching, dated or not
    undated: int  # of those, stories with no date (not on the chart)
    points: list[TrendPoint] = field(default_factory=list)
    message: str = ""

    def to_dict(self) -> dict:
        return {"query": self.query, "matches": self.matches, "undated": self.undated, "message": self.message,
                "points": [point.to_dict() for point in self.points]}


@dataclass
class Trends:
    interval: str  # one of INTERVALS, "" when nothing matched has a date
    series: list[TrendSeries]
    generation: str = ""
    elapsed_ms: float = 0.0
    partial: bool = False

    def to_dict(self) -> dict:
        return {"interval": self.interval, "series": [s.to_dict() for s in self.series], "generation": self.generation,
                "elapsed_ms": round(self.elapsed_ms, 2), "partial": self.partial}


def fitting_interval(first: int, last: int) -> str:
    """The finest interval that draws the span from `first` to `last` (UTC seconds) in few enough points."""
    for interval in INTERVALS:
        numbers = period_numbers(np.array([first, last]), interval)
        if numbers[1] - numbers[0] < FITTING_POINTS:
            return interval
    return INTERVALS[-1]


def trends(index: LiveIndex, queries: Sequence[str], filters: Filters | None = None,
           interval: str | None = None) -> Trends:
    """Stories matching each query per period, with each period's total; `interval` is chosen to fit the
    matches' dates unless given. ValueError for too many queries, an unknown interval, or too many periods."""
    if not 1 <= len(queries) <= MAX_QUERIES:
        raise ValueError(f"compare 1 to {MAX_QUERIES} queries, not {len(queries)}")
    if interval is not None and interval not in INTERVALS:
        raise ValueError(f"interval must be one of {', '.join(INTERVALS)}")
    started = time.perf_counter()
    filters = filters or Filters()
    with index.generation() as generation:
        budget = Budget(TIME_BUDGET_SECONDS)
        series, dates = [], []
        for query in queries:
            parsed = parse(generation, query, budget)
            if parsed.empty:
                series.append(TrendSeries(query, 0, 0, message="Nothing searchable in that query."))
                dates.append(np.empty(0, dtype=np.int64))
                continue
            _, matched = match_filtered(generation, parsed, filters, budget)
            dates.append(story_dates(generation.values, matched.docs))
            matches = stories(generation, matched.docs)
            series.append(TrendSeries(query, matches, matches - len(dates[-1])))
        every = np.concatenate(dates)
        if not len(every):
            return Trends("", series, generation.name, (time.perf_counter() - started) * 1000, budget.exceeded)
        interval = interval or fitting_interval(int(every.min()), int(every.max()))
        numbers = [period_numbers(stamps, interval) for stamps in dates]
        first = min(int(n.min()) for n in numbers if len(n))
        last = max(int(n.max()) for n in numbers if len(n))
        if last - first >= MAX_POINTS:
            raise ValueError(f"{last - first + 1:,} periods of a {interval} are too many to draw; "
                             "choose a longer interval")
        totals = period_totals(generation, filters, interval, first, last)
        bounds = [period_bounds(number, interval) for number in range(first, last + 1)]
        for one, period in zip(series, numbers):
            counts = np.bincount(period - first, minlength=last - first + 1).tolist()
            one.points = [TrendPoint(label, start, end, count, total)
                          for (label, start, end), count, total in zip(bounds, counts, totals.tolist())]
        return Trends(interval, series, generation.name, (time.perf_counter() - started) * 1000, budget.exceeded)


def period_totals(generation: Generation, filters: Filters, interval: str, first: int, last: int) -> np.ndarray:
    """All stories passing `filters` in each period from number `first` to `last`."""
    low, counts = generation.tally(("period totals", filters.key, interval),
                                   lambda: _count_all(generation, filters, interval))
    wanted = np.zeros(last - first + 1, dtype=np.int64)
    start, end = max(first, low), min(last, low + len(counts) - 1)
    if start <= end:
        wanted[start - first:end - first + 1] = counts[start - low:end - low + 1]
    return wanted


def _count_all(generation: Generation, filters: Filters, interval: str) -> tuple[int, np.ndarray]:
    docs = np.flatnonzero(generation.values.searchable)
    keep = accepted(generation, docs, filters)
    stamps = story_dates(generation.values, docs if keep is None else docs[keep])
    if not len(stamps):
        return 0, np.zeros(0, dtype=np.int64)
    numbers = period_numbers(stamps, interval)
    low = int(numbers.min())
    return low, np.bincount(numbers - low)
