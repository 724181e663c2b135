"""HTML pages: the home page's overview, the search form, results with facets and timeline, the article reader,
trends over time, and query help."""
from __future__ import annotations

from flask import Blueprint, abort, render_template
from werkzeug.exceptions import BadRequest

from indexer.search import FACETS, MAX_QUERIES, archive_overview, get_article, newest_published, related, search

from .feeds import feed_params
from .params import SearchParams, live_index, read_search_params, read_trend_params, trend_params_of
from .presets import date_presets
from .timeline import chart
from .trend_chart import legend_style, trend_chart
from .trends import trends_for

bp = Blueprint("pages", __name__)


@bp.get("/")
def home():
    overview = archive_overview(live_index())
    return render_template("home.html", overview=overview, params=SearchParams(q="*"),
                           timeline=chart(overview.timeline_unit, overview.timeline))


@bp.get("/search")
def results():
    params = read_search_params()
    index = live_index()
    found = search(index, params.to_request(facets=True, significant=True))
    newest = newest_published(index)
    return render_template("results.html", results=found, q=params.q, params=params, facet_names=FACETS,
                           presets=date_presets(newest), newest=newest, feed=feed_params(params),
                           timeline=chart(found.timeline_unit, found.timeline), compare=trend_params_of(params))


@bp.get("/trends")
def trends():
    params = read_trend_params()
    found = trends_for(params) if params.queries else None
    return render_template("trends.html", params=params, trends=found, chart=found and trend_chart(found),
                           slots=MAX_QUERIES, legend_style=legend_style, q=params.queries[0] if params.queries else "")


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
