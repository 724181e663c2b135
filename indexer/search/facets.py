"""What the matches are made of: counts per facet value, and matches per period over time.

Both count stories when asked: a story with several versions (a duplicate group) counts
once per value it has, and once on the timeline, at its earliest dated version. Counting
is a `bincount` over the matches' value codes; only members of duplicate groups need their
(value, group) pairs made distinct first.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..storage import FACETS, NO_DATE, NONE, Column, DocValues
from .arrays import concatenated_ranges, distinct
from .intervals import DAY, period_bounds, period_numbers

FACET_SIZE = 10


def _codes_of(column: Column, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The value codes of `docs` in one column, and the document each code belongs to."""
    if not column.multi:
        return column.codes[docs], docs
    first, end = column.offsets[docs], column.offsets[docs + 1]
    return column.codes[concatenated_ranges(first, end)], np.repeat(docs, end - first)


def _top_values(values: list[str], counts: np.ndarray, size: int) -> list[dict]:
    """The `size` most frequent values, most frequent first, then alphabetically."""
    present = np.flatnonzero(counts)
    if len(present) > size:
        kth = np.partition(counts[present], len(present) - size)[len(present) - size]
        present = present[counts[present] >= kth]
    ordered = sorted(present.tolist(), key=lambda code: (-counts[code], values[code]))[:size]
    return [{"value": values[code], "count": int(counts[code])} for code in ordered]


def facet_counts(values: DocValues, docs: np.ndarray, names: tuple[str, ...] = FACETS, size: int = FACET_SIZE,
                 stories: bool = True) -> dict[str, list[dict]]:
    """The most frequent values of each facet among `docs`, most frequent first.

    With `stories`, a value counts the stories that have a version with it, each once, so
    counts agree with what a click on the value shows when duplicates are folded.
    """
    result = {}
    for name in names:
        column = values.columns[name]
        codes, owners = _codes_of(column, docs)
        group = values.group[owners] if stories else np.full(len(owners), -1)
        grouped = group >= 0
        counts = np.bincount(codes[~grouped], minlength=len(column.values))
        if grouped.any():
            pairs = distinct(codes[grouped].astype(np.int64) * values.count + group[grouped])
            counts += np.bincount(pairs // values.count, minlength=len(column.values))
        counts[NONE] = 0
        result[name] = _top_values(column.values, counts, size)
    return result


@dataclass(frozen=True)
class Bucket:
    label: str  # "1987", "1987-03" or "1987-03-26"
    start: str  # first day, YYYY-MM-DD
    end: str  # last day, YYYY-MM-DD
    count: int


def _unit(first: int, last: int) -> str:
    """Years for spans over three years, months over two months, else days."""
    days = (last - first) // DAY
    if days > 3 * 366:
        return "year"
    if days > 62:
        return "month"
    return "day"


def story_dates(values: DocValues, docs: np.ndarray, stories: bool = True) -> np.ndarray:
    """Publication times of the matches, a story's only at its earliest dated version; undated left out."""
    published = values.published[docs]
    group = values.group[docs] if stories else np.full(len(docs), -1)
    dated = published != NO_DATE
    single = published[dated & (group < 0)]
    versions = dated & (group >= 0)
    if not versions.any():
        return single
    groups, stamps = group[versions], published[versions]
    order = np.lexsort((stamps, groups))
    first = np.flatnonzero(np.concatenate(([True], groups[order][1:] != groups[order][:-1])))
    return np.concatenate((single, stamps[order][first]))


def timeline(values: DocValues, docs: np.ndarray, max_buckets: int = 400,
             stories: bool = True) -> tuple[str, list[Bucket]]:
    """Matches per year, month or day (chosen from the span of their dates), empty periods included."""
    stamps = story_dates(values, docs, stories)
    if not len(stamps):
        return "", []
    unit = _unit(int(stamps.min()), int(stamps.max()))
    numbers = period_numbers(stamps, unit)
    first = int(numbers.min())
    counts = np.bincount(numbers - first)[:max_buckets]
    return unit, [Bucket(*period_bounds(first + offset, unit), count) for offset, count in enumerate(counts.tolist())]
