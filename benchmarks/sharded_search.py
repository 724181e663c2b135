"""Sharded search on a local Dask cluster against a local search of the same generation, in one run.

    .venv/bin/python benchmarks/sharded_search.py --index /work/ix/news200k --workers 1 --workers 2 --workers 4

For each worker count: a `dask scheduler` and that many `dask worker --nthreads 1` processes on
the loopback address, a `news-web --workers 1 --cluster ADDRESS` and a plain `news-web --workers 1`
on the same index, both remembering no answers. For each natural query, interleaved, the results
page (facets, timeline, snippets) from each server, timed as the user waits for it; then, in
this process, `search()` through a `ClusterIndex` and a `LiveIndex`. Memory: the peak PSS of each
worker's process tree while the queries run. The fan-out overhead is the cluster's time minus
the local time, per query. Target: at most 10 ms at the median. Last, with two workers or more,
one worker (with its nanny) is killed: the next search is timed (partial, within the 2-second
budget), and the one after it (the shards placed again on the workers left).
"""
from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlencode

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.commands import dask_cluster, fetch, serving  # noqa: E402
from benchmarks.latency import summarize  # noqa: E402
from benchmarks.process_tree import PeakTreeRss  # noqa: E402
from benchmarks.querysets import natural_queries  # noqa: E402
from benchmarks.results import environment, write_result  # noqa: E402

MB = 1024 * 1024
WARM_QUERIES = 5


def _page_ms(port: int, query: str) -> float:
    status, _, ms = fetch(port, f"/search?{urlencode({'q': query})}")
    if status != 200:
        raise RuntimeError(f"/search?q={query}: HTTP {status}")
    return ms


def _engine_ms(index, query: str) -> tuple[float, bool]:
    from indexer.search import SearchRequest, search

    started = time.perf_counter()
    results = search(index, SearchRequest(query, facets=True))
    return (time.perf_counter() - started) * 1000, results.partial


def _compare(timings: dict[str, list[float]], cluster: str, local: str) -> dict:
    overheads = [c - loc for c, loc in zip(timings[cluster], timings[local])]
    return {"local": summarize(timings[local]), "cluster": summarize(timings[cluster]),
            "overhead_median_of_differences_ms": round(statistics.median(overheads), 2),
            "overhead_difference_of_medians_ms": round(statistics.median(timings[cluster])
                                                       - statistics.median(timings[local]), 2)}


def _lose_a_worker(remote, worker: subprocess.Popen, query: str) -> dict:
    """Kill one worker and its nanny; time the search that finds it gone and the one after it."""
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    found = {}
    for name in ("next search", "the one after"):
        took, cut = _engine_ms(remote, query)
        found[name] = {"ms": round(took, 1), "partial": cut}
    return found


def run(index: Path, workers: int, queries: list[str], folder: Path) -> dict:
    from indexer.search import ClusterIndex, LiveIndex

    timings: dict[str, list[float]] = {"page local": [], "page cluster": [], "engine local": [],
                                       "engine cluster": []}
    partial = 0
    with dask_cluster(workers, folder) as (address, started), ExitStack() as stack:
        samplers = [stack.enter_context(PeakTreeRss(process.pid)) for process in started]
        local_port = stack.enter_context(serving(index, 1, settings={"RESULT_CACHE": "0"}))
        cluster_port = stack.enter_context(serving(index, 1, settings={"RESULT_CACHE": "0", "CLUSTER": address}))
        for query in queries[:WARM_QUERIES]:
            _page_ms(local_port, query)
            _page_ms(cluster_port, query)
        for query in queries:
            timings["page local"].append(_page_ms(local_port, query))
            timings["page cluster"].append(_page_ms(cluster_port, query))
        local, remote = LiveIndex(index, results_kept=0), ClusterIndex(index, address, results_kept=0)
        for query in queries[:WARM_QUERIES]:
            _engine_ms(local, query)
            _engine_ms(remote, query)
        for query in queries:
            timings["engine local"].append(_engine_ms(local, query)[0])
            took, cut = _engine_ms(remote, query)
            timings["engine cluster"].append(took)
            partial += cut
        with remote.generation() as generation:
            shards = [(run.start, run.stop) for run, _, _ in generation.shards._actors]
        lost = _lose_a_worker(remote, started[-1], queries[0]) if workers > 1 else None
        local.close()
        remote.close()
    return {"workers": workers, "shards (parts)": shards, "partial_answers": partial, "lost worker": lost,
            "served results page": _compare(timings, "page cluster", "page local"),
            "in process search": _compare(timings, "engine cluster", "engine local"),
            "worker_peak_pss_mb": [round(s.peak / MB) for s in samplers]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--workers", type=int, action="append", help="worker counts to try (default: 2)")
    parser.add_argument("--queries", type=int, default=200, help="natural queries (default 200)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    queries = natural_queries(args.queries)
    found = {"index": str(args.index), "queries": len(queries), "runs": []}
    with tempfile.TemporaryDirectory(dir=args.workdir, prefix="sharded-bench-") as scratch:
        for workers in args.workers or [2]:
            result = run(args.index, workers, queries, Path(scratch))
            found["runs"].append(result)
            for name in ("served results page", "in process search"):
                figures = result[name]
                print(f"{workers} worker(s), {name}: local median {figures['local']['median']} ms "
                      f"(p95 {figures['local']['p95']}), cluster median {figures['cluster']['median']} ms "
                      f"(p95 {figures['cluster']['p95']}); overhead median "
                      f"{figures['overhead_median_of_differences_ms']} ms", flush=True)
            print(f"  shards {result['shards (parts)']}, worker peak PSS {result['worker_peak_pss_mb']} MB, "
                  f"partial answers {result['partial_answers']}; a worker lost: {result['lost worker']}", flush=True)
    found["environment"] = environment()
    print(f"written {write_result('sharded-search', args.index.name, found)}")


if __name__ == "__main__":
    main()
