"""Read and validate query-string parameters, shared by the pages and the API."""
from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from flask import current_app, request
from werkzeug.exceptions import BadRequest

from indexer.search import FACETS, INTERVALS, MAX_QUERIES, MAX_QUERY_CHARS, Filters, LiveIndex, SearchRequest

PAGE_SIZE = 10
DEFAULT_SORT = "relevance"
MAX_FACET_VALUES = 20  # chosen values per facet: each one's chip links to a URL repeating all the others
MEASURES = ("count", "share")  # what a trends chart plots: matching stories, or their share of all stories
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def live_index() -> LiveIndex:
    return current_app.extensions["news_index"]


def _int_arg(name: str, default: int) -> int:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise BadRequest(f"`{name}` must be a whole number, not {raw[:40]!r}") from None


def _query_arg() -> str:
    """The query text, cut where the engine cuts it, so no page or link echoes more than is searched."""
    return request.args.get("q", "").strip()[:MAX_QUERY_CHARS]


def _date_arg(name: str) -> date | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        if _ISO_DAY.match(raw):
            return date.fromisoformat(raw)
    except ValueError:
        pass
    raise BadRequest(f"`{name}` must be a date like 2021-06-30, not {raw[:40]!r}")


def _facet_args(name: str) -> tuple[str, ...]:
    values = tuple(dict.fromkeys(v.strip() for v in request.args.getlist(name) if v.strip()))
    if len(values) > MAX_FACET_VALUES:
        raise BadRequest(f"at most {MAX_FACET_VALUES} values of `{name}` at once, not {len(values)}")
    return values


def _filter_args() -> dict:
    """The dates and facet values this request narrows by, as `SearchParams` fields."""
    return {"date_from": _date_arg("from"), "date_to": _date_arg("to"),
            "values": {name: chosen for name in FACETS if (chosen := _facet_args(name))}}


@dataclass(frozen=True)
class SearchParams:
    """What a search URL asks for, with the same names on the pages, the API and the feed."""

    q: str = ""
    page: int = 1
    limit: int = PAGE_SIZE
    sort: str = DEFAULT_SORT
    date_from: date | None = None
    date_to: date | None = None
    values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # facet -> chosen values

    def filters(self) -> Filters:
        """The engine's filters for the chosen facet values and dates (ValueError says what is wrong)."""
        return Filters(values={name: list(chosen) for name, chosen in self.values.items() if chosen},
                       date_from=self.date_from, date_to=self.date_to)

    def to_request(self, **changes: object) -> SearchRequest:
        """The engine's request for these parameters (ValueError says what is wrong); `changes` override fields."""
        return SearchRequest(**{"q": self.q, "page": self.page, "limit": self.limit, "sort": self.sort,
                                "filters": self.filters(), **changes})

    def query_args(self, omit: Collection[str] = ()) -> list[tuple[str, str]]:
        """The parameters as URL query pairs, defaults left out, in a stable order."""
        pairs = [("q", self.q)] if self.q else []
        if self.sort != DEFAULT_SORT:
            pairs.append(("sort", self.sort))
        if self.date_from:
            pairs.append(("from", self.date_from.isoformat()))
        if self.date_to:
            pairs.append(("to", self.date_to.isoformat()))
        pairs += [(name, value) for name in FACETS for value in self.values.get(name, ())]
        if self.limit != PAGE_SIZE:
            pairs.append(("limit", str(self.limit)))
        if self.page != 1:
            pairs.append(("page", str(self.page)))
        return [(name, value) for name, value in pairs if name not in omit]

    @property
    def chosen(self) -> list[tuple[str, str]]:
        """Every chosen facet value as (facet, value), for the removable chips."""
        return [(name, value) for name in FACETS for value in self.values.get(name, ())]

    @property
    def filtered(self) -> bool:
        return bool(self.date_from or self.date_to or self.chosen)

    def has(self, name: str, value: str) -> bool:
        return value in self.values.get(name, ())

    def adding(self, name: str, value: str) -> SearchParams:
        return replace(self, page=1, values={**self.values, name: (*self.values.get(name, ()), value)})

    def removing(self, name: str, value: str) -> SearchParams:
        kept = {**self.values, name: tuple(v for v in self.values.get(name, ()) if v != value)}
        return replace(self, page=1, values={facet: chosen for facet, chosen in kept.items() if chosen})

    def toggling(self, name: str, value: str) -> SearchParams:
        return self.removing(name, value) if self.has(name, value) else self.adding(name, value)

    def between(self, date_from: date | None, date_to: date | None) -> SearchParams:
        return replace(self, page=1, date_from=date_from, date_to=date_to)

    def with_query(self, q: str) -> SearchParams:
        return replace(self, page=1, q=q)

    def sorted_by(self, sort: str) -> SearchParams:
        return replace(self, page=1, sort=sort)

    def at_page(self, page: int) -> SearchParams:
        return replace(self, page=page)

    def unfiltered(self) -> SearchParams:
        return replace(self, page=1, date_from=None, date_to=None, values={})


def read_search_params() -> SearchParams:
    """This request's search parameters, checked by building the engine's request, or a 400 saying what is wrong."""
    params = SearchParams(q=_query_arg(), page=_int_arg("page", 1), limit=_int_arg("limit", PAGE_SIZE),
                          sort=request.args.get("sort", "").strip() or DEFAULT_SORT, **_filter_args())
    try:
        params.to_request()
    except ValueError as error:
        raise BadRequest(str(error)) from None
    return params


@dataclass(frozen=True)
class TrendParams:
    """What a trends URL asks for: up to MAX_QUERIES queries (`q` repeated), the search filters, an interval
    (chosen to fit when not given) and which measure the chart shows first."""

    queries: tuple[str, ...]
    within: SearchParams  # the filters, with no query of its own
    interval: str | None = None
    measure: str = "count"

    def query_args(self, omit: Collection[str] = ()) -> list[tuple[str, str]]:
        """The parameters as URL query pairs, in a stable order."""
        pairs = [("q", q) for q in self.queries] + self.within.query_args()
        if self.interval:
            pairs.append(("interval", self.interval))
        if self.measure != "count":
            pairs.append(("measure", self.measure))
        return [(name, value) for name, value in pairs if name not in omit]

    def unfiltered(self) -> TrendParams:
        return replace(self, within=self.within.unfiltered())


def trend_params_of(params: SearchParams) -> TrendParams:
    """The trends of a search: its query over time, within its filters."""
    return TrendParams((params.q,) if params.q else (), replace(params, q="", page=1, limit=PAGE_SIZE,
                                                                  sort=DEFAULT_SORT))


def read_trend_params() -> TrendParams:
    """This request's trends parameters, or a 400 saying what is wrong."""
    queries = tuple(dict.fromkeys(q.strip()[:MAX_QUERY_CHARS] for q in request.args.getlist("q") if q.strip()))
    if len(queries) > MAX_QUERIES:
        raise BadRequest(f"compare at most {MAX_QUERIES} queries at once, not {len(queries)}")
    interval = request.args.get("interval", "").strip() or None
    if interval is not None and interval not in INTERVALS:
        raise BadRequest(f"`interval` must be one of {', '.join(INTERVALS)}, not {interval[:20]!r}")
    measure = request.args.get("measure", "").strip() or "count"
    if measure not in MEASURES:
        raise BadRequest(f"`measure` must be one of {', '.join(MEASURES)}, not {measure[:20]!r}")
    within = SearchParams(**_filter_args())
    try:
        within.filters()
    except ValueError as error:
        raise BadRequest(str(error)) from None
    return TrendParams(queries, within, interval, measure)


def search_request(**changes: object) -> SearchRequest:
    """The `SearchRequest` for this request's parameters, or a 400 saying what is wrong; `changes` override fields."""
    try:
        return read_search_params().to_request(**changes)
    except ValueError as error:
        raise BadRequest(str(error)) from None
