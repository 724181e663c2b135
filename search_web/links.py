"""The one way to write a search URL, so facets, chips, sort, dates, timeline bars, pages and feeds agree."""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote_plus

from flask import g, url_for

from .params import SearchParams, TrendParams


def search_url(params: SearchParams | TrendParams, endpoint: str = "pages.results", external: bool = False,
               **values: str) -> str:
    """`endpoint`'s URL (results page, JSON twin, feed, export, trends, or an article page that remembers the
    search it was found by) carrying `params` as its query string; `values` fill the endpoint's own URL parts."""
    base = _endpoint_url(endpoint, external, values)
    query = "&".join(f"{_quoted(name)}={_quoted(value)}" for name, value in params.query_args())
    return f"{base}?{query}" if query else base


@lru_cache(maxsize=4096)
def _quoted(text: str) -> str:
    """`text` escaped for a query string as `urlencode` does; a page repeats the same few values in dozens of
    links (the query, facet values), so each is escaped once."""
    return quote_plus(text)


def _endpoint_url(endpoint: str, external: bool, values: dict[str, str]) -> str:
    """`url_for`, remembered for the request: a results page links the same few endpoints dozens of times."""
    known = g.setdefault("endpoint_urls", {})
    key = (endpoint, external, *sorted(values.items()))
    found = known.get(key)
    if found is None:
        found = known[key] = url_for(endpoint, _external=external, **values)
    return found
