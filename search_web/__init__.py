"""Flask front end: a thin layer over `indexer.search` serving pages and their JSON twins."""
from __future__ import annotations

import os
from typing import Any

from flask import Flask

from indexer.search import RESULTS_KEPT, ClusterIndex, LiveIndex, default_index_dir, warm_up

from . import api, errors, exports, feeds, filters, openapi, opensearch, pages, security, trends
from .links import search_url


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Application factory; `INDEX_DIR` comes from `test_config`, `$NEWS_INDEX` or `./var/index`;
    `RESULT_CACHE` is how many answered searches each index generation remembers (0: none); `EXPORT_CAP` the
    most rows one export download holds; `CLUSTER`, a Dask scheduler's address, has its workers match the
    searches (`indexer.search.cluster`)."""
    app = Flask(__name__)
    app.config.from_mapping(INDEX_DIR=str(default_index_dir()), RESULT_CACHE=RESULTS_KEPT,
                            EXPORT_CAP=exports.EXPORT_CAP, JSON_SORT_KEYS=False)
    app.config.from_prefixed_env("NEWS_WEB")
    if test_config:
        app.config.update(test_config)
    app.config["INDEX_DIR"] = os.fspath(app.config["INDEX_DIR"])
    cluster, kept = app.config.get("CLUSTER"), int(app.config["RESULT_CACHE"])
    index = ClusterIndex(app.config["INDEX_DIR"], cluster, results_kept=kept) if cluster \
        else LiveIndex(app.config["INDEX_DIR"], results_kept=kept)
    app.extensions["news_index"] = index
    app.json.ensure_ascii = False
    app.json.sort_keys = False  # keep the documented field order of API answers
    filters.register(app)
    app.add_template_global(search_url)
    errors.register(app)
    security.register(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(exports.bp)
    app.register_blueprint(trends.bp)
    app.register_blueprint(opensearch.bp)
    app.register_blueprint(openapi.bp)
    if app.config.get("WATCH_INDEX"):
        _prepare_for_visitors(app, index)
    return app


def _prepare_for_visitors(app: Flask, index: LiveIndex) -> None:
    """For a serving process: compile every template, open and search the live generation now (the
    process is ready when it answers as fast as it will), and each new generation in the background."""
    for name in app.jinja_env.list_templates():
        app.jinja_env.get_template(name)
    index.watch(warm=warm_up)
