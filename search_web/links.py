"""The one way to write a search URL, so facets, chips, sort, dates, timeline bars, pages and feeds agree."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import url_for

from .params import SearchParams


def search_url(params: SearchParams, endpoint: str = "pages.results", external: bool = False) -> str:
    """`endpoint`'s URL (results page, JSON twin, feed) carrying `params` as its query string."""
    base = url_for(endpoint, _external=external)
    query = urlencode(params.query_args())
    return f"{base}?{query}" if query else base
