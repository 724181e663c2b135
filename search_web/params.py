"""Read and validate query-string parameters, shared by the pages and the API."""
from __future__ import annotations

from flask import current_app, request
from werkzeug.exceptions import BadRequest

from indexer.search import LiveIndex, SearchRequest

PAGE_SIZE = 10


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


def search_request() -> SearchRequest:
    """The `SearchRequest` for this request's `q`, `page` and `limit`, or a 400 saying what is wrong."""
    try:
        return SearchRequest(q=request.args.get("q", ""), page=_int_arg("page", 1),
                             limit=_int_arg("limit", PAGE_SIZE))
    except ValueError as error:
        raise BadRequest(str(error)) from None
