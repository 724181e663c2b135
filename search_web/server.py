"""`news-web`: serve the search site with gunicorn worker processes (or Flask's dev server)."""
from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path

from gunicorn.app.base import BaseApplication

from indexer.search import INDEX_ENV, RESULTS_KEPT, default_index_dir

from . import create_app


class _Gunicorn(BaseApplication):
    """Gunicorn configured from code, so one console script starts production serving."""

    def __init__(self, options: dict, app_config: dict) -> None:
        self.options = options
        self.app_config = app_config
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return create_app(self.app_config)


def default_workers() -> int:
    """One worker per core: searches are CPU-bound Python."""
    return os.cpu_count() or 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="news-web", description="Serve the news search site.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--index", type=Path, default=default_index_dir(),
                        help=f"index directory (default: ${INDEX_ENV} or ./var/index)")
    parser.add_argument("--workers", type=int, default=default_workers(),
                        help="worker processes (default: one per core)")
    parser.add_argument("--threads", type=int, default=4,
                        help="threads per worker (default 4): while one searches, the others read requests, "
                             "render pages and keep connections open")
    parser.add_argument("--result-cache", type=int, metavar="N",
                        help="answered searches each worker remembers per index generation (default: "
                             f"$NEWS_WEB_RESULT_CACHE or {RESULTS_KEPT}; 0 remembers none)")
    parser.add_argument("--export-cap", type=int, metavar="N",
                        help="most rows one /search.csv or /search.jsonl download holds (default: "
                             "$NEWS_WEB_EXPORT_CAP or 1,000,000)")
    parser.add_argument("--cluster", metavar="tcp://HOST:PORT",
                        help="have this Dask scheduler's workers match the searches, each holding some of the "
                             "index's parts (the index folder must be at the same path on every worker; default: "
                             "$NEWS_WEB_CLUSTER, or match here)")
    parser.add_argument("--timeout", type=int, default=30, help="seconds before a stuck worker is replaced")
    parser.add_argument("--debug", action="store_true", help="Flask's development server with reloader and debugger")
    return parser


def app_config(args: argparse.Namespace) -> dict:
    """The Flask config of a serving process; settings not given keep their `NEWS_WEB_…` or default values."""
    config = {"INDEX_DIR": str(args.index.resolve()), "WATCH_INDEX": True}
    if args.result_cache is not None:
        config["RESULT_CACHE"] = max(0, args.result_cache)
    if args.export_cap is not None:
        config["EXPORT_CAP"] = max(0, args.export_cap)
    if args.cluster:
        config["CLUSTER"] = args.cluster
    return config


def main(argv: Sequence[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    config = app_config(args)
    if args.debug:
        create_app(config).run(host=args.host, port=args.port, debug=True)
        return
    _Gunicorn({
        "bind": f"{args.host}:{args.port}",
        "workers": max(1, args.workers),
        # threads with keep-alive: a browser's or proxy's connection is reused instead of reopened per page
        "worker_class": "gthread",
        "threads": max(1, args.threads),
        "keepalive": 5,
        "timeout": args.timeout,
        "accesslog": "-",
        "errorlog": "-",
        "proc_name": "news-web",
    }, config).run()
