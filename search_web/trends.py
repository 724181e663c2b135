"""Trends over time for the page, its JSON twin and its CSV download: one engine call, three renderings."""
from __future__ import annotations

from flask import Blueprint, Response, jsonify
from werkzeug.exceptions import BadRequest

from indexer.search import Trends, csv_chunks, trends

from .params import TrendParams, live_index, read_trend_params

CSV_COLUMNS = ("query", "period", "start", "end", "count", "total", "share")

bp = Blueprint("trends", __name__)


def trends_for(params: TrendParams) -> Trends:
    """The engine's trends for `params`, or a 400 saying what is wrong (too many periods, say)."""
    if not params.queries:
        raise BadRequest("give at least one query as `q`")
    try:
        return trends(live_index(), params.queries, params.within.filters(), params.interval)
    except ValueError as error:
        raise BadRequest(str(error)) from None


@bp.get("/api/trends")
def api_trends():
    return jsonify(trends_for(read_trend_params()).to_dict())


@bp.get("/trends.csv")
def trends_csv():
    found = trends_for(read_trend_params())
    rows = (point.to_dict() | {"query": series.query} for series in found.series for point in series.points)
    response = Response("".join(csv_chunks(rows, CSV_COLUMNS)), mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="news-trends-{found.interval or "none"}.csv"'
    return response
