"""Narrowing a search: facet values (outlet, year, month, category, language, author) and dates.

Filters combine as people expect from Kibana or Google News: AND across facets, OR
among the values chosen in one facet, and every date period must hold.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from ..docvalues import NO_DATE, DocValues
from .periods import Period, period

FACETS = ("source", "year", "month", "category", "language", "author")
_FORMATS = {"year": re.compile(r"^\d{4}$"), "month": re.compile(r"^\d{4}-\d{2}$")}


@dataclass(frozen=True)
class Filters:
    """Chosen facet values and a date range, validated."""

    values: Mapping[str, Sequence[str]] = field(default_factory=dict)
    date_from: date | None = None
    date_to: date | None = None

    def __post_init__(self) -> None:
        for name, chosen in self.values.items():
            if name not in FACETS:
                raise ValueError(f"unknown filter {name!r}; filters are {', '.join(FACETS)}")
            pattern = _FORMATS.get(name)
            for value in chosen:
                if pattern and not pattern.match(value):
                    raise ValueError(f"{name} must look like {'YYYY' if name == 'year' else 'YYYY-MM'}, not {value!r}")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("`from` must not be after `to`")

    @property
    def active(self) -> bool:
        return bool(self.date_from or self.date_to or any(self.values.values()))

    def period(self) -> Period | None:
        if not (self.date_from or self.date_to):
            return None
        return period(self.date_from.isoformat() if self.date_from else None,
                      self.date_to.isoformat() if self.date_to else None)


def predicate(docvalues: DocValues, filters: Filters, periods: Iterable[Period] = ()) -> Callable[[int], bool] | None:
    """A test for one document, or None when nothing narrows the search."""
    checks: list[Callable[[int], bool]] = []
    spans = [p for p in (*periods, filters.period()) if p is not None]
    if spans:
        window = spans[0]
        for other in spans[1:]:
            window = window.intersect(other)
        published = docvalues.published
        low = window.start if window.start is not None else NO_DATE + 1  # undated articles never match
        high = window.end if window.end is not None else 2**63
        checks.append(lambda d: low <= published[d] <= high)
    for name, chosen in filters.values.items():
        if not chosen:
            continue
        column = docvalues.fields[name]
        wanted = {code for code in map(column.lookup, chosen) if code is not None}
        if column.multi:
            codes, offsets = column.codes, column.offsets
            checks.append(lambda d, c=codes, o=offsets, w=wanted: any(x in w for x in c[o[d]:o[d + 1]]))
        else:
            checks.append(lambda d, c=column.codes, w=wanted: c[d] in w)
    if not checks:
        return None
    if len(checks) == 1:
        return checks[0]
    return lambda d: all(check(d) for check in checks)
