"""Web archive ingestion: does a WARC of real news pages give the same articles as the pages, and what does
reading the archive add to cleaning each page?

The pages of a folder (default: the 121 of `../shared/eval/extraction-dev`) are written, repeated under
distinct URLs, into one record-compressed WARC of at least `--records` responses with warcio. Then, in
one process: every page is cleaned from its bytes (`clean_html`, as for a saved page), and the WARC is
read by the project's reader (`indexer.readers.warc`, which cleans each captured page too), twice each,
alternating. Reported: seconds per page for both, the overhead, and the word F1 of each WARC article's
text against the text cleaned from the page file. The raw record iteration of warcio (the project's
choice) and of FastWARC (if importable) are timed too, without cleaning.

    python benchmarks/warc_ingest.py [--pages DIR] [--records 10000] [--workdir DIR]
"""
from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_extraction import DEFAULT_PAGES, load_pages  # noqa: E402
from benchmarks.results import environment, write_result  # noqa: E402
from indexer.article import Article  # noqa: E402
from indexer.cleaning.html import clean_html  # noqa: E402
from indexer.readers import warc  # noqa: E402


def write_warc(pages: list[bytes], records: int, path: Path) -> list[tuple[str, bytes]]:
    """The archive's (URL, page) captures, in order."""
    captures = [(f"https://dev.example/{n // len(pages)}/{n % len(pages)}", pages[n % len(pages)])
                for n in range(max(records, len(pages)))]
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, body in captures:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers,
                                                          warc_headers_dict={"WARC-Date": "2024-01-01T00:00:00Z"}))
    return captures


def words_f1(found: str, expected: str) -> float:
    a, b = Counter(found.split()), Counter(expected.split())
    common = sum((a & b).values())
    if not common:
        return 1.0 if not a and not b else 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def time_pages(captures: list[tuple[str, bytes]]) -> tuple[float, dict[str, str]]:
    started = time.perf_counter()
    texts = {}
    for url, body in captures:
        page = clean_html(body, url)
        if page.is_article:
            texts[url] = page.body
    return time.perf_counter() - started, texts


def time_archive(path: Path) -> tuple[float, dict[str, str]]:
    started = time.perf_counter()
    with path.open("rb") as stream:
        texts = {item.id: item.body for item in warc.read(stream, str(path)) if isinstance(item, Article)}
    return time.perf_counter() - started, texts


def iteration_seconds(path: Path) -> dict[str, float]:
    """Reading every record's payload, without cleaning: warcio, and FastWARC when installed."""
    seconds = {}
    started = time.perf_counter()
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            record.content_stream().read()
    seconds["warcio"] = time.perf_counter() - started
    try:
        from fastwarc.warc import ArchiveIterator as FastIterator
    except ImportError:
        return seconds
    started = time.perf_counter()
    with path.open("rb") as stream:
        for record in FastIterator(stream):
            record.reader.read()
    seconds["fastwarc"] = time.perf_counter() - started
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--workdir", type=Path, help="keep the WARC here (default: a temporary folder)")
    args = parser.parse_args(argv)
    pages = load_pages(args.pages)
    with tempfile.TemporaryDirectory(prefix="warc-") as scratch:
        path = (args.workdir or Path(scratch)) / "pages.warc.gz"
        captures = write_warc(pages, args.records, path)
        print(f"{len(captures)} captures of {len(pages)} pages in {path} ({path.stat().st_size / 2**20:.1f} MB)",
              flush=True)
        clean_html(pages[0])  # first use of the code stays outside the measurement
        rounds = []
        for _ in range(2):
            page_seconds, page_texts = time_pages(captures)
            archive_seconds, archive_texts = time_archive(path)
            rounds.append((page_seconds, archive_seconds))
            print(f"pages {page_seconds:.1f} s, archive {archive_seconds:.1f} s", flush=True)
        iteration = iteration_seconds(path)
    f1 = [words_f1(archive_texts.get(url, ""), text) for url, text in page_texts.items()]
    per_page = statistics.median(p for p, _ in rounds) / len(captures) * 1000
    per_archived = statistics.median(a for _, a in rounds) / len(captures) * 1000
    summary = {
        "captures": len(captures), "articles_from_pages": len(page_texts), "articles_from_archive": len(archive_texts),
        "page_ms": round(per_page, 3), "archive_ms": round(per_archived, 3),
        "overhead": round(per_archived / per_page - 1, 4), "rounds_seconds": rounds,
        "mean_f1": round(statistics.fmean(f1), 4), "min_f1": round(min(f1), 4),
        "iteration_us_per_record": {k: round(v / len(captures) * 1e6, 1) for k, v in iteration.items()},
    }
    print(summary)
    print(f"written {write_result('warc', args.pages.parent.name, {'environment': environment(), **summary})}")


if __name__ == "__main__":
    main()
