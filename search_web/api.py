"""The JSON API: the same search and article data as the pages, for programs."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify

from indexer.search import FACETS, archive_overview, get_article, related, search

from .params import live_index, search_request

bp = Blueprint("api", __name__)


@bp.get("/api/search")
def api_search():
    data = search(live_index(), search_request(facets=True, significant=True)).to_dict()
    data.setdefault("facets", {name: [] for name in FACETS})  # the engine leaves them out for an empty query
    data.setdefault("timeline", {"unit": "", "buckets": []})
    data.setdefault("significant_terms", [])
    return jsonify(data)


@bp.get("/api/article/<path:article_id>")
def api_article(article_id: str):
    found = get_article(live_index(), article_id)
    if found is None:
        abort(404, description=f"No article with id {article_id!r} in the index.")
    return jsonify({**found, "related": [hit.to_dict() for hit in related(live_index(), article_id)]})


@bp.get("/api/status")
def api_status():
    """What is in the archive, as the home page shows it."""
    return jsonify(archive_overview(live_index()).to_dict())


@bp.get("/healthz")
def healthz():
    index = live_index()
    return jsonify({"status": "ok", "articles": index.article_count(), "generation": index.generation_name()})
