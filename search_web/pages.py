"""HTML pages: the search form, results with facets and timeline, the article reader, and query help."""
from __future__ import annotations

from flask import Blueprint, abort, render_template
from werkzeug.exceptions import BadRequest

from indexer.search import FACETS, get_article, newest_published, related, search

from .feeds import feed_params
from .params import SearchParams, live_index, read_search_params
from .presets import date_presets
from .timeline import chart

bp = Blueprint("pages", __name__)


@bp.get("/")
def home():
    return render_template("home.html", articles=live_index().article_count())


@bp.get("/search")
def results():
    params = read_search_params()
    index = live_index()
    found = search(index, params.to_request(facets=True))
    newest = newest_published(index)
    return render_template("results.html", results=found, q=params.q, params=params, facet_names=FACETS,
                           presets=date_presets(newest), newest=newest, feed=feed_params(params),
                           timeline=chart(found.timeline_unit, found.timeline))


@bp.get("/article/<path:article_id>")
def article(article_id: str):
    found = get_article(live_index(), article_id)
    if found is None:
        abort(404, description=f"No article with id {article_id!r} in the index.")
    try:
        params = read_search_params()  # the search the article was found by, for the way back to it
    except BadRequest:
        params = SearchParams()  # a mangled way back is dropped; the article itself is fine
    return render_template("article.html", article=found, related=related(live_index(), article_id),
                           params=params, q=params.q)


@bp.get("/help")
def help_page():
    return render_template("help.html")
