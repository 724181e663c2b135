"""Rebuild Reuters-21578 and time realistic queries with snippets (top 10).

    python benchmarks/bench_reuters.py [--corpus ../shared/corpus/reuters21578] [--queries 300]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.querysets import REUTERS, natural_queries  # noqa: E402
from indexer.build import rebuild  # noqa: E402
from indexer.search import LiveIndex, SearchRequest, search  # noqa: E402


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def time_queries(index: LiveIndex, queries: list[str]) -> list[float]:
    search(index, SearchRequest(queries[0]))  # open the searcher outside the timing
    timings = []
    for q in queries:
        started = time.perf_counter()
        search(index, SearchRequest(q, limit=10))
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=REUTERS)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        report = rebuild([args.corpus], Path(tmp) / "index")
        size = sum(f.stat().st_size for f in (Path(tmp) / "index").rglob("*") if f.is_file())
        print(f"rebuild: {report.indexed} articles in {report.elapsed:.1f} s = "
              f"{report.indexed / report.elapsed:.0f} articles/s, index {size / 1e6:.1f} MB")
        queries = natural_queries(args.queries)
        timings = time_queries(LiveIndex(Path(tmp) / "index"), queries)
        print(f"queries: {len(queries)} natural-language, top 10 with snippets: "
              f"median {statistics.median(timings):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms, "
              f"p99 {percentile(timings, 0.99):.1f} ms")


if __name__ == "__main__":
    main()
