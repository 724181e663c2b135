"""HTML pages: the search form, results, and the article reader."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from indexer.search import get_article, search

from .params import live_index, search_request

bp = Blueprint("pages", __name__)


@bp.get("/")
def home():
    return render_template("home.html", articles=live_index().article_count())


@bp.get("/search")
def results():
    search_req = search_request()
    found = search(live_index(), search_req)
    return render_template("results.html", results=found, q=search_req.q)


@bp.get("/article/<path:article_id>")
def article(article_id: str):
    found = get_article(live_index(), article_id)
    if found is None:
        abort(404, description=f"No article with id {article_id!r} in the index.")
    return render_template("article.html", article=found, q=request.args.get("q", ""))
