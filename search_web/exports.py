"""Every match of a search as a download: `/search.csv` and `/search.jsonl` take the results page's parameters."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from flask import Blueprint, Response, current_app

from indexer.search import csv_chunks, export, jsonl_chunks

from .params import live_index, search_request

EXPORT_CAP = 1_000_000  # rows one download holds at most (`EXPORT_CAP` in the app's config)

bp = Blueprint("exports", __name__)


@bp.get("/search.csv")
def search_csv():
    return _download("csv", "text/csv; charset=utf-8", csv_chunks)


@bp.get("/search.jsonl")
def search_jsonl():
    return _download("jsonl", "application/x-ndjson; charset=utf-8", jsonl_chunks)


def _download(extension: str, mimetype: str, chunks: Callable[[Iterable[dict]], Iterator[str]]) -> Response:
    """The rows streamed as they are read; the headers say how many matches there are, how many rows follow
    and whether the cap cut them."""
    request = search_request()
    found = export(live_index(), request, cap=int(current_app.config["EXPORT_CAP"]))
    name = re.sub(r"[^\w-]+", "-", request.q, flags=re.ASCII).strip("-")[:60] or "all"
    response = Response(chunks(found.rows), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="news-search-{name}.{extension}"'
    response.headers["X-Total-Matches"] = str(found.total)
    response.headers["X-Exported-Rows"] = str(found.row_count)
    response.headers["X-Export-Truncated"] = "true" if found.truncated else "false"
    return response
