"""Date periods in queries: `published:2021`, `2021-12`, `[2021-01-01 TO 2021-06-30]`, `>=2021-06`.

A period is a filter, never a ranked word: `oil published:1987` means oil stories of
1987. Bounds are UTC seconds (inclusive); None leaves a side open.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..dates import epoch_seconds

FIELDS = ("published", "date")
_DATE = r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?"
_EXPRESSION = re.compile(
    rf"(?<![\w:])(?:{'|'.join(FIELDS)}):(?:\[\s*(?P<lo>{_DATE}|\*)?\s+TO\s+(?P<hi>{_DATE}|\*)?\s*\]"
    rf"|(?P<op>>=|<=|>|<)?(?P<value>{_DATE}))(?![\w-])", re.I)


@dataclass(frozen=True)
class Period:
    """Inclusive bounds in UTC seconds since 1970; None is unbounded."""

    start: int | None = None
    end: int | None = None

    def contains(self, seconds: int) -> bool:
        return (self.start is None or seconds >= self.start) and (self.end is None or seconds <= self.end)

    def intersect(self, other: Period) -> Period:
        starts = [s for s in (self.start, other.start) if s is not None]
        ends = [e for e in (self.end, other.end) if e is not None]
        return Period(max(starts) if starts else None, min(ends) if ends else None)


def span(text: str) -> tuple[datetime, datetime]:
    """First and last instant of `2021`, `2021-12` or `2021-12-03`; ValueError if no such date."""
    parts = [int(p) for p in text.split("-")]
    year = parts[0]
    if len(parts) == 1:
        return datetime(year, 1, 1), datetime(year, 12, 31, 23, 59, 59)
    month = parts[1]
    if len(parts) == 2:
        return datetime(year, month, 1), datetime(year, month, calendar.monthrange(year, month)[1], 23, 59, 59)
    day = datetime(year, month, parts[2])
    return day, day + timedelta(days=1, seconds=-1)


def period(lo: str | None, hi: str | None) -> Period:
    """The period from the start of `lo` to the end of `hi` (either may be None or `*`)."""
    start = epoch_seconds(span(lo)[0]) if lo and lo != "*" else None
    end = epoch_seconds(span(hi)[1]) if hi and hi != "*" else None
    return Period(start, end)


def _from_match(match: re.Match) -> Period:
    if match.group("value") is None:
        return period(match.group("lo"), match.group("hi"))
    first, last = span(match.group("value"))
    op = match.group("op")
    if op == ">=":
        return Period(epoch_seconds(first), None)
    if op == ">":
        return Period(epoch_seconds(last) + 1, None)
    if op == "<=":
        return Period(None, epoch_seconds(last))
    if op == "<":
        return Period(None, epoch_seconds(first) - 1)
    return Period(epoch_seconds(first), epoch_seconds(last))


def extract_periods(text: str) -> tuple[str, list[Period]]:
    """The query without its date expressions, and the periods they name.

    An expression naming no real date (`published:2021-13`) stays in the text as words.
    """
    periods: list[Period] = []

    def take(match: re.Match) -> str:
        try:
            periods.append(_from_match(match))
        except ValueError:
            return match.group(0)
        return " "

    return _EXPRESSION.sub(take, text), periods
