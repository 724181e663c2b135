"""`news-index`: rebuild the index, search it, clean files, fetch feeds, show statistics."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from .article import Skip
from .build import rebuild, update
from .cleaning.html import clean_html
from .cleaning.language import settle_language
from .config import DEFAULT_CORPUS, default_index_dir
from .corpus import CorpusFile, file_items, load
from .duplicates import DEFAULT_THRESHOLD
from .fetch import fetch_feeds
from .fetch.feed_list import read_feed_list
from .fetch.http_client import USER_AGENT, PoliteClient
from .readers import detect_format, read_source
from .readers.html import article_from_page
from .readers.warc import is_web_archive
from .search import (
    FACETS,
    SORTS,
    ClusterIndex,
    Filters,
    IndexFormatError,
    LiveIndex,
    NoIndex,
    SearchRequest,
    SearchResults,
    Snippet,
    archive_overview,
    csv_chunks,
    export,
    jsonl_chunks,
    search,
)
from .store import IndexBusy, IndexStore

TREC_TAG = "news-index"


def _progress_bar(stream=sys.stderr):
    """A one-line progress bar on a terminal, nothing otherwise."""
    if not stream.isatty():
        return None

    def show(done: int, total: int, articles: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files, {articles} articles")
        if done == total:
            stream.write("\n")
        stream.flush()

    return show


def cmd_rebuild(args: argparse.Namespace) -> int:
    report = rebuild(args.corpus or [DEFAULT_CORPUS], args.index, progress=_progress_bar(), wait=args.wait,
                     threshold=args.duplicate_threshold, cluster=args.cluster)
    print(report.summary())
    return 0


def cmd_update(args: argparse.Namespace) -> int:
    report = update(args.corpus or [DEFAULT_CORPUS], args.index, progress=_progress_bar(), wait=args.wait,
                    threshold=args.duplicate_threshold, cluster=args.cluster)
    print(report.update_summary())
    return 0


def _terminal_snippet(snippet: Snippet, color: bool) -> str:
    """Matches in bold on a terminal, in [brackets] otherwise."""
    before, after = ("\x1b[1m", "\x1b[0m") if color else ("[", "]")
    return "".join(f"{before}{piece}{after}" if matched else piece for piece, matched in snippet.pieces())


def cmd_fetch(args: argparse.Namespace) -> int:
    if not args.feeds.is_file():
        print(f"news-index: no feed list at {args.feeds}", file=sys.stderr)
        return 1
    feeds = read_feed_list(args.feeds)
    if not feeds:
        print(f"news-index: {args.feeds} names no http(s) feed", file=sys.stderr)
        return 1
    client = PoliteClient(args.user_agent, delay=args.delay, timeout=args.timeout, max_bytes=args.max_bytes)
    report = fetch_feeds(feeds, args.corpus, client)
    print(report.summary())
    if args.no_update:
        return 0
    store = IndexStore(args.index)
    if store.current() is None:
        print(rebuild([args.corpus], args.index, wait=args.wait).summary())
        return 0
    # update drops the articles of files it does not find: it is given every folder the index was built from
    recorded = [Path(p) for p in store.build_info().get("corpus", [])]
    inside = any(args.corpus.resolve().is_relative_to(root.resolve()) for root in recorded)
    print(update(recorded if inside else [*recorded, args.corpus], args.index, wait=args.wait).update_summary())
    return 0


def _print_text(results: SearchResults) -> None:
    color = sys.stdout.isatty()
    print(f"{results.total} results for {results.query!r} (page {results.page} of {results.pages}, "
          f"{results.elapsed_ms:.0f} ms)")
    if results.message:
        print(results.message)
    for hit in results.hits:
        meta = ", ".join(filter(None, [hit.source, (hit.published or "")[:10]]))
        print(f"\n{hit.rank}. {hit.title or '(untitled)'}" + (f"  [{meta}]" if meta else ""))
        print(f"   id: {hit.id}  score: {hit.score}" + (f"  {hit.url}" if hit.url else ""))
        if hit.snippet:
            print(f"   {_terminal_snippet(hit.snippet, color)}")


def _read_queries(path: Path) -> Iterator[tuple[str, str]]:
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        qid, sep, text = line.partition("\t")
        if not sep:
            qid, _, text = line.strip().partition(" ")
        yield qid.strip(), text.strip()


def cmd_search(args: argparse.Namespace) -> int:
    index = ClusterIndex(args.index, args.cluster) if args.cluster else LiveIndex(args.index)
    try:
        return _search_and_print(index, args)
    finally:
        index.close()


def _search_and_print(index: LiveIndex, args: argparse.Namespace) -> int:
    if args.queries:
        if args.format != "trec":
            raise SystemExit("--queries needs --format trec")
        for qid, text in _read_queries(args.queries):
            results = search(index, SearchRequest(text, limit=args.limit, snippets=False))
            for hit in results.hits:
                print(f"{qid} Q0 {hit.id} {hit.rank} {hit.score:.4f} {TREC_TAG}")
        return 0
    if not args.query:
        raise SystemExit("give a QUERY or --queries FILE")
    results = search(index, SearchRequest(" ".join(args.query), page=args.page, limit=args.limit, sort=args.sort,
                                          filters=_filters(args), snippets=args.format != "trec",
                                          collapse=not args.all_versions))
    if args.format == "json":
        print(json.dumps(results.to_dict(), ensure_ascii=False, indent=2))
    elif args.format == "trec":
        for hit in results.hits:
            print(f"query Q0 {hit.id} {hit.rank} {hit.score:.4f} {TREC_TAG}")
    else:
        _print_text(results)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    found = export(LiveIndex(args.index), SearchRequest(" ".join(args.query), sort=args.sort, filters=_filters(args),
                                                        collapse=not args.all_versions), cap=args.cap)
    chunks = csv_chunks(found.rows) if args.format == "csv" else jsonl_chunks(found.rows)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            out.writelines(chunks)
    else:
        sys.stdout.writelines(chunks)
    cut = f" (cut at --cap {args.cap:,})" if found.truncated else ""
    print(f"exported {found.row_count:,} of {found.total:,} matches{cut}", file=sys.stderr)
    return 0


def clean_records(path: Path) -> Iterator[dict]:
    """What `clean` prints for one file: its articles, or for an HTML page exactly one record."""
    file = CorpusFile(str(path.resolve()), path.name)
    if is_web_archive(path.name):
        items = file_items(file)  # streamed from disk
    else:
        source, skips = load(file)
        for skip in skips:
            print(f"skipped {skip}", file=sys.stderr)
        if source is None:
            yield {"path": str(path), "body": "", "skipped": skips[0].reason if skips else "unreadable"}
            return
        if detect_format(source) == "html":
            page = clean_html(source.data)
            article = settle_language(article_from_page(page, source.derived_id(), source.path))
            yield article.to_dict() | {"published_source": page.published_source, "is_article": page.is_article,
                                       "reason": page.reason}
            return
        items = read_source(source)
    for item in items:
        if isinstance(item, Skip):
            if not item.routine:
                print(f"skipped {item}", file=sys.stderr)
        else:
            yield item.to_dict()


def cmd_clean(args: argparse.Namespace) -> int:
    for path in args.files:
        for record in clean_records(Path(path)):
            if args.format == "jsonl":
                print(json.dumps(record, ensure_ascii=False))
            else:
                print(f"== {record.get('title') or '(untitled)'}  [{record.get('path')}]\n\n{record.get('body', '')}\n")
    return 0


def _filters(args: argparse.Namespace) -> Filters:
    """The filter options of `search` and `export`, as the web form's are read."""
    return Filters(values={name: values for name in FACETS if (values := getattr(args, name))},
                   date_from=args.date_from, date_to=args.date_to)


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def cmd_stats(args: argparse.Namespace) -> int:
    store = IndexStore(args.index)
    overview = archive_overview(LiveIndex(args.index))
    stats = {"index": str(store.root), "size_bytes": _size(store.current_path()), **overview.to_dict(),
             "sources": store.build_info().get("sources", {})}
    if args.format == "json":
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    build = overview.last_build
    print(f"index       {stats['index']} ({overview.generation})")
    print(f"articles    {overview.articles} ({overview.stories} stories)")
    print(f"outlets     {overview.outlets}")
    print("languages   " + ", ".join(f"{item['value']} {item['count']}" for item in overview.languages))
    print(f"published   {overview.first_day} to {overview.last_day}" + (f", {overview.undated} stories undated"
                                                                        if overview.undated else ""))
    print(f"size        {stats['size_bytes'] / 1e6:.1f} MB")
    print(f"built       {build.get('built_at')} ({build.get('kind', 'rebuild')}) in {build.get('elapsed_seconds')} s")
    for reason, count in sorted(build.get("skipped", {}).items(), key=lambda kv: -kv[1]):
        print(f"  skipped {count:>8}  {reason}")
    print("sources:")
    for name, count in sorted(stats["sources"].items(), key=lambda kv: -kv[1]):
        print(f"  {count:>8}  {name}")
    return 0


def _similarity(text: str) -> float:
    value = float(text)
    if not 0.0 < value <= 1.0:
        raise argparse.ArgumentTypeError("must be above 0 and at most 1")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="news-index", description="Build and search a news article index.")
    sub = parser.add_subparsers(dest="command", required=True)

    def with_index(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--index", type=Path, default=default_index_dir(),
                       help="index directory (default: $NEWS_INDEX or ./var/index)")
        return p

    def with_filters(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        for name in FACETS:
            p.add_argument(f"--{name}", action="append", metavar="VALUE",
                           help=f"only articles with this {name} (repeatable: any of them)")
        p.add_argument("--from", dest="date_from", type=date.fromisoformat, metavar="YYYY-MM-DD",
                       help="only articles published on or after this day")
        p.add_argument("--to", dest="date_to", type=date.fromisoformat, metavar="YYYY-MM-DD",
                       help="only articles published on or before this day")
        p.add_argument("--sort", choices=SORTS, default="relevance")
        p.add_argument("--all-versions", action="store_true",
                       help="every version of a story, not only its best match")
        return p

    for name, func, text in (("rebuild", cmd_rebuild, "index every article under the corpus paths, then switch"),
                             ("update", cmd_update, "index new and changed files, drop removed ones, then switch")):
        p = with_index(sub.add_parser(name, help=text))
        p.add_argument("--corpus", action="append", type=Path, metavar="PATH",
                       help="file or folder to index (repeatable; default ./corpus)")
        p.add_argument("--wait", action="store_true", help="wait for a running rebuild instead of refusing")
        p.add_argument("--cluster", metavar="tcp://HOST:PORT",
                       help="build the parts as tasks on this Dask scheduler's workers (the index folder and the "
                            "corpus must be at the same paths on every worker)")
        p.add_argument("--duplicate-threshold", type=_similarity, metavar="S",
                       default=None if name == "update" else DEFAULT_THRESHOLD,
                       help="share (0-1) of the shorter text's word sequences the longer must hold for two "
                            f"articles to count as versions of one story (default {DEFAULT_THRESHOLD}"
                            + ("; update keeps the rebuild's" if name == "update" else "") + ")")
        p.set_defaults(func=func)

    p = with_filters(with_index(sub.add_parser("search", help="search the index")))
    p.add_argument("query", nargs="*", help="query text")
    p.add_argument("--queries", type=Path, metavar="FILE", help="file of `qid<TAB>query` lines (with --format trec)")
    p.add_argument("--limit", type=_positive, default=10)
    p.add_argument("--page", type=_positive, default=1)
    p.add_argument("--format", choices=["text", "json", "trec"], default="text")
    p.add_argument("--cluster", metavar="tcp://HOST:PORT",
                   help="match on this Dask scheduler's workers, which hold the index's parts (the index folder "
                        "must be at the same path on every worker)")
    p.set_defaults(func=cmd_search)

    p = with_filters(with_index(sub.add_parser("export", help="write every match of a search as CSV or JSON Lines")))
    p.add_argument("query", nargs="+", help="query text (`*` for every article)")
    p.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    p.add_argument("--output", type=Path, metavar="FILE", help="file to write (default: standard output)")
    p.add_argument("--cap", type=_positive, metavar="N", help="write at most N rows (default: all)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("clean", help="print the cleaned articles of files, one JSON object per line")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=["jsonl", "text"], default="jsonl")
    p.set_defaults(func=cmd_clean)

    p = with_index(sub.add_parser("fetch", help="fetch new items of news feeds into the corpus as WARC, then update"))
    p.add_argument("feeds", type=Path, metavar="FEEDS", help="file of feed URLs, one a line, or an OPML list")
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder the WARC files go to (default ./corpus)")
    p.add_argument("--delay", type=float, default=1.0, help="seconds between requests to one host (default 1)")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for a server (default 20)")
    p.add_argument("--max-bytes", type=_positive, default=10 * 1024 * 1024,
                   help="largest response kept, in bytes (default 10 MB)")
    p.add_argument("--user-agent", default=USER_AGENT, help="how the fetcher names itself (add your contact)")
    p.add_argument("--no-update", action="store_true", help="only fetch; leave the index as it is")
    p.add_argument("--wait", action="store_true", help="wait for a running rebuild instead of refusing")
    p.set_defaults(func=cmd_fetch)

    p = with_index(sub.add_parser("stats", help="show what the live index holds"))
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_stats)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (IndexBusy, NoIndex, IndexFormatError) as error:
        print(f"news-index: {error}", file=sys.stderr)
        return 2 if isinstance(error, IndexBusy) else 1
    except ValueError as error:
        print(f"news-index: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except OSError as error:  # disk full, unwritable index folder, ...
        print(f"news-index: {error.strerror or error}: {error.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
    except RuntimeError as error:  # a failed build worker; the previous index is still live
        print(f"news-index: {error}", file=sys.stderr)
        return 1
