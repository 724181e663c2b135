"""Calendar intervals (day, ISO week, month, year) that timelines and trends count stories per.

A period is numbered so that consecutive periods differ by one, which makes counting them a
`bincount` of the numbers; `period_bounds` turns a number back into its label and days.
"""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np

DAY = 86400
INTERVALS = ("day", "week", "month", "year")
_NUMPY_CODES = {"day": "D", "month": "M", "year": "Y"}
_LABELS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
_EPOCH = date(1970, 1, 1)  # a Thursday: the week holding it began on Monday 1969-12-29
_WEEK_OFFSET = 3  # days from that Monday to the epoch


def period_numbers(stamps: np.ndarray, interval: str) -> np.ndarray:
    """The period of each time (UTC seconds), as a number growing by one from each period to the next.

    Months and years are looked up in a table of the days the times span, made by numpy's calendar:
    converting each time with it is several times slower, and the days spanned are far fewer than the times."""
    days = stamps // DAY
    if interval == "day" or not len(days):
        return days
    if interval == "week":
        return (days + _WEEK_OFFSET) // 7
    first = int(days.min())
    spanned = np.arange(first, int(days.max()) + 1).astype("datetime64[D]")
    return spanned.astype(f"datetime64[{_NUMPY_CODES[interval]}]").astype(np.int64)[days - first]


def period_bounds(number: int, interval: str) -> tuple[str, str, str]:
    """A period's label ("1987", "1987-03", "1987-W10", "1987-03-02") and its first and last day (ISO)."""
    if interval == "week":
        first = _EPOCH + timedelta(days=number * 7 - _WEEK_OFFSET)
        year, week, _ = first.isocalendar()
        return f"{year}-W{week:02d}", first.isoformat(), (first + timedelta(days=6)).isoformat()
    start = np.datetime64(number, _NUMPY_CODES[interval])
    first = start.astype("datetime64[D]").item()
    last = (start + 1).astype("datetime64[D]").item() - timedelta(days=1)
    return first.strftime(_LABELS[interval]), first.isoformat(), last.isoformat()
