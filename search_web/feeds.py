"""Atom feed (RFC 4287) of the newest matches for a search, for feed readers and alerts."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from flask import Blueprint, Response, url_for

from indexer.search import SearchResults, search

from .links import search_url
from .params import PAGE_SIZE, SearchParams, live_index, read_search_params
from .xmldoc import XmlDocument

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 20

bp = Blueprint("feeds", __name__)


def feed_params(params: SearchParams) -> SearchParams:
    """The one canonical form of a search's feed: newest first, from the top."""
    return replace(params, sort="newest", page=1, limit=PAGE_SIZE)


def rfc3339(published: str | None) -> str | None:
    """An ISO 8601 date as RFC 3339 in UTC; dates without a zone are taken as UTC."""
    if not published:
        return None
    try:
        moment = datetime.fromisoformat(published)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_feed(results: SearchResults, params: SearchParams) -> bytes:
    """The feed document for `results`; ids and links are absolute URLs of this site."""
    canonical = feed_params(params)
    self_url = search_url(canonical, "feeds.search_feed", external=True)
    entry_dates = {hit.id: rfc3339(hit.published) for hit in results.hits}
    updated = max(filter(None, entry_dates.values()), default=None) \
        or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    document = XmlDocument(ATOM, "feed")
    _add, feed = document.add, document.root
    _add(feed, "id", self_url)
    _add(feed, "title", f"News search: {params.q}" if params.q else "News search")
    _add(feed, "subtitle", f"The newest {FEED_SIZE} matching articles")
    _add(feed, "updated", updated)
    _add(_add(feed, "author"), "name", "News search")
    _add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _add(feed, "link", rel="alternate", type="text/html", href=search_url(canonical, external=True))
    _add(feed, "generator", "news-search")
    for hit in results.hits:
        page = url_for("pages.article", article_id=hit.id, _external=True)
        entry = _add(feed, "entry")
        _add(entry, "id", page)
        _add(entry, "title", hit.title or "(untitled)", type="text")
        _add(entry, "updated", entry_dates[hit.id] or updated)
        if entry_dates[hit.id]:
            _add(entry, "published", entry_dates[hit.id])
        for name in hit.authors:
            _add(_add(entry, "author"), "name", name)
        _add(entry, "link", rel="alternate", type="text/html", href=page)
        summary = hit.snippet.text
        _add(entry, "summary", f"{hit.source} – {summary}" if hit.source else summary, type="text")
    return document.to_bytes()


@bp.get("/search.atom")
def search_feed() -> Response:
    params = read_search_params()
    found = search(live_index(), params.to_request(page=1, limit=FEED_SIZE, sort="newest"))
    return Response(atom_feed(found, params), mimetype="application/atom+xml")
