"""The JSON API: the same search and article data as the pages, for programs."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify

from indexer.search import get_article, search

from .params import live_index, search_request

bp = Blueprint("api", __name__)


@bp.get("/api/search")
def api_search():
    return jsonify(search(live_index(), search_request()).to_dict())


@bp.get("/api/article/<path:article_id>")
def api_article(article_id: str):
    found = get_article(live_index(), article_id)
    if found is None:
        abort(404, description=f"No article with id {article_id!r} in the index.")
    return jsonify(found)


@bp.get("/healthz")
def healthz():
    index = live_index()
    return jsonify({"status": "ok", "articles": index.article_count(), "generation": index.generation_name()})
