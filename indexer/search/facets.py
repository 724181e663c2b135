"""What the matches are made of: counts per facet value, and matches per period over time."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import chain, repeat
from operator import floordiv

from ..docvalues import NO_DATE, NONE, DocValues, Values, from_seconds
from .filters import FACETS

FACET_SIZE = 10
DAY = 86400


def _story(docvalues: DocValues) -> Callable[[int], int]:
    """A story's identity: its duplicate group, or the article itself."""
    group = docvalues.group
    return lambda d: group[d] if group[d] >= 0 else d


def _split(docvalues: DocValues, docs: Collection[int], stories: bool,
           grouped: frozenset[int] | None) -> tuple[Collection[int], Collection[int]]:
    """(members of duplicate groups, the rest) among `docs`: only the members need counting as stories."""
    versions = (docvalues.grouped() if grouped is None else grouped).intersection(docs) if stories else ()
    return versions, (set(docs).difference(versions) if versions else docs)


def _codes(column: Values, docs: Iterable[int]) -> Iterable[int]:
    """The value codes of `docs` in one column (a document's codes are distinct)."""
    if column.multi:
        codes, offsets = column.codes, column.offsets
        return chain.from_iterable(codes[offsets[d]:offsets[d + 1]] for d in docs)
    return map(column.codes.__getitem__, docs)


def facet_counts(docvalues: DocValues, docs: Collection[int], size: int = FACET_SIZE,
                 names: tuple[str, ...] = FACETS, stories: bool = True,
                 grouped: frozenset[int] | None = None) -> dict[str, list[dict]]:
    """The most frequent values of each facet among `docs`, most frequent first.

    With `stories`, a value counts the stories that have a version with it, each once, so
    counts agree with what a click on the value shows when duplicates are folded. Only the
    documents in `grouped` (members of duplicate groups) need that care; the others are
    counted in one C-level pass per facet.
    """
    versions, single = _split(docvalues, docs, stories, grouped)
    story = _story(docvalues)
    result = {}
    for name in names:
        column = docvalues.fields[name]
        counts = Counter(_codes(column, single))
        if versions:
            counts.update(code for code, _ in {(code, story(d)) for d in versions for code in _codes(column, (d,))})
        counts.pop(NONE, None)
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], column.values[kv[0]]))[:size]
        result[name] = [{"value": column.values[code], "count": count} for code, count in ordered]
    return result


@dataclass(frozen=True)
class Bucket:
    label: str  # "1987", "1987-03" or "1987-03-26"
    start: str  # first day, YYYY-MM-DD
    end: str  # last day, YYYY-MM-DD
    count: int


def _unit(first: datetime, last: datetime) -> str:
    """Years for spans over three years, months over two months, else days."""
    if (last - first).days > 3 * 366:
        return "year"
    if (last - first).days > 62:
        return "month"
    return "day"


def _bucket_start(moment: datetime, unit: str) -> datetime:
    if unit == "year":
        return moment.replace(month=1, day=1, hour=0, minute=0, second=0)
    if unit == "month":
        return moment.replace(day=1, hour=0, minute=0, second=0)
    return moment.replace(hour=0, minute=0, second=0)


def _next(start: datetime, unit: str) -> datetime:
    if unit == "year":
        return start.replace(year=start.year + 1)
    if unit == "month":
        return start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
    return start + timedelta(days=1)


def timeline(docvalues: DocValues, docs: Collection[int], max_buckets: int = 400,
             stories: bool = True, grouped: frozenset[int] | None = None) -> tuple[str, list[Bucket]]:
    """Matches per year, month or day (chosen from the span of their dates), empty periods included.

    With `stories`, each story counts once, at its earliest version's date (only members of
    duplicate groups, `grouped`, need looking at one by one).
    """
    published = docvalues.published
    versions, single = _split(docvalues, docs, stories, grouped)
    stamps = list(map(published.__getitem__, single))
    if versions:
        story, earliest = _story(docvalues), {}
        for d in versions:
            stamp = published[d]
            if stamp != NO_DATE:
                key = story(d)
                earliest[key] = min(earliest.get(key, stamp), stamp)
        stamps.extend(earliest.values())
    stamps = [s for s in stamps if s != NO_DATE] if NO_DATE in stamps else stamps
    if not stamps:
        return "", []
    first, last = from_seconds(min(stamps)), from_seconds(max(stamps))
    unit = _unit(first, last)
    counts: Counter = Counter()
    for day, count in Counter(map(floordiv, stamps, repeat(DAY))).items():  # few distinct days, many matches
        counts[_bucket_start(from_seconds(day * DAY), unit)] += count
    buckets, start = [], _bucket_start(first, unit)
    while start <= last and len(buckets) < max_buckets:
        following = _next(start, unit)
        label = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}[unit]
        buckets.append(Bucket(start.strftime(label), start.strftime("%Y-%m-%d"),
                              (following - timedelta(days=1)).strftime("%Y-%m-%d"), counts.get(start, 0)))
        start = following
    return unit, buckets

