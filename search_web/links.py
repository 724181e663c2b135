"""The one way to write a search URL, so facets, chips, sort, dates, timeline bars, pages and feeds agree."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import url_for

from .params import SearchParams


def search_url(params: SearchParams, endpoint: str = "pages.results", external: bool = False, **values: str) -> str:
    """`endpoint`'s URL (results page, JSON twin, feed, or an article page that remembers the search it
    was found by) carrying `params` as its query string; `values` fill the endpoint's own URL parts."""
    base = url_for(endpoint, _external=external, **values)
    query = urlencode(params.query_args())
    return f"{base}?{query}" if query else base
