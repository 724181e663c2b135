"""Narrowing a search: facet values (outlet, year, month, category, language, author) and dates.

Filters combine as people expect from Kibana or Google News: AND across facets, OR
among the values chosen in one facet, and every date period must hold.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from ..storage import FACETS, NO_DATE
from .generation import Generation
from .periods import Period, period

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
    def key(self) -> tuple:
        """Equal for filters that narrow alike (the order of chosen values does not matter)."""
        chosen = tuple(sorted((name, tuple(sorted(set(values)))) for name, values in self.values.items() if values))
        return chosen, self.date_from, self.date_to

    def period(self) -> Period | None:
        if not (self.date_from or self.date_to):
            return None
        return period(self.date_from.isoformat() if self.date_from else None,
                      self.date_to.isoformat() if self.date_to else None)


def accepted(generation: Generation, docs: np.ndarray, filters: Filters,
             periods: Iterable[Period] = ()) -> np.ndarray | None:
    """Which of `docs` pass the filters (a mask aligned with them), or None when nothing narrows the search."""
    keep = None
    spans = [p for p in (*periods, filters.period()) if p is not None]
    if spans:
        window = spans[0]
        for other in spans[1:]:
            window = window.intersect(other)
        published = generation.values.published[docs]
        low = window.start if window.start is not None else NO_DATE + 1  # undated articles never match
        high = window.end if window.end is not None else np.iinfo(np.int64).max
        keep = (published >= low) & (published <= high)
    for name, chosen in filters.values.items():
        if chosen:
            having = generation.mask(("facet", name, *sorted(chosen)), lambda: _having(generation, name, chosen))[docs]
            keep = having if keep is None else keep & having
    return keep


def _having(generation: Generation, name: str, chosen: Sequence[str]) -> np.ndarray:
    column = generation.values.columns[name]
    return column.documents_with((code for code in map(column.code, chosen) if code is not None), generation.count)
