"""Research tools as a user meets them through `news-web`: exporting every match, trends, distinctive terms.

    .venv/bin/python benchmarks/research_tools.py export --index /work/ix/news1m
    .venv/bin/python benchmarks/research_tools.py pages --index /work/ix/news200k --before-bin OLD/.venv/bin

`export` streams `/search.csv` (and `/search.jsonl`) of every match from a `news-web --workers 1`
on a fresh connection, counting rows as they arrive and sampling the server's memory (PSS of its
process tree) every 0.2 s; then `news-index export` to a file as a process. Targets: at least
20,000 rows/s for a million matches, and memory flat: the server's memory once the first tenth
of the rows is out is within a few MB of its peak.

`pages` times, on one index and interleaved per query: the results page of the checkout before
these tools (`--before-bin`: its `/search` has no distinctive terms), this version's results
page (with them), and this version's `/trends` with five queries (each query with the four that
follow it in the set). Both servers remember no answers (`NEWS_WEB_RESULT_CACHE=0`). Then, in
process, this version's search for a results page with and without distinctive terms. Targets:
distinctive terms add at most 1.0x the plain results page; `/trends` with five queries costs at
most 1.0x the plain results page.
"""
from __future__ import annotations

import argparse
import http.client
import signal
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.commands import HOST, console_script, fetch, free_port, project_env, start_server, stop_group  # noqa: E402
from benchmarks.process_tree import run_measured, tree_rss_bytes  # noqa: E402
from benchmarks.querysets import natural_queries  # noqa: E402
from benchmarks.results import environment, write_result  # noqa: E402

SAMPLE_SECONDS = 0.2
MB = 1024 * 1024
QUERIES_PER_TREND = 5


class _Server:
    """`news-web --workers 1` on a free port, remembering no answers, for the length of a `with` block."""

    def __init__(self, index: Path, bin_dir: Path | None = None) -> None:
        self.index, self.bin_dir = index, bin_dir
        self._folder = tempfile.TemporaryDirectory(prefix="news-web-")

    def __enter__(self) -> _Server:
        self.port = free_port()
        self.process = start_server(self.index, self.port, Path(self._folder.name) / "log", 1, self.bin_dir,
                                    {"RESULT_CACHE": "0"})
        return self

    def __exit__(self, *exc: object) -> None:
        stop_group(self.process, signal.SIGTERM)
        self._folder.cleanup()


def _stream(port: int, path: str, pid: int) -> dict:
    """Read one streamed download: rows per second and the server's memory while it streamed."""
    samples: list[tuple[int, int]] = []  # (rows read so far, server PSS)
    rows = 0
    done = threading.Event()

    def sample() -> None:
        while not done.wait(SAMPLE_SECONDS):
            samples.append((rows, tree_rss_bytes(pid)))

    before = tree_rss_bytes(pid)
    sampler = threading.Thread(target=sample, daemon=True)
    connection = http.client.HTTPConnection(HOST, port, timeout=600)
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    first_byte = time.perf_counter() - started
    sampler.start()
    size = 0
    while chunk := response.read(1 << 16):
        rows += chunk.count(b"\n")
        size += len(chunk)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    connection.close()
    rows -= path.startswith("/search.csv")  # the header line
    after_tenth = [pss for read, pss in samples if read >= rows / 10] or [before]
    peak = max([before, *(pss for _, pss in samples)])
    return {"path": path, "status": response.status, "rows": rows, "bytes": size, "seconds": round(seconds, 2),
            "first_byte_seconds": round(first_byte, 3), "rows_per_second": round(rows / seconds),
            "total_header": response.getheader("X-Total-Matches"),
            "truncated_header": response.getheader("X-Export-Truncated"),
            "server_pss_mb": {"before": round(before / MB, 1), "at_first_tenth": round(after_tenth[0] / MB, 1),
                              "peak": round(peak / MB, 1), "growth_after_first_tenth": round(
                                  (peak - after_tenth[0]) / MB, 1)}}


def export_benchmark(index: Path, queries: list[str]) -> dict:
    found = {"served": [], "cli": []}
    with _Server(index) as server:
        for query in queries:
            for endpoint in ("/search.csv", "/search.jsonl"):
                result = _stream(server.port, f"{endpoint}?{urlencode({'q': query})}", server.process.pid)
                found["served"].append(result)
                print(f"{endpoint} q={query!r}: {result['rows']:,} rows in {result['seconds']} s = "
                      f"{result['rows_per_second']:,} rows/s; server PSS {result['server_pss_mb']}", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        for query in queries:
            output = Path(folder) / "export.csv"
            run = run_measured([console_script("news-index"), "export", query, "--index", str(index),
                                "--output", str(output)], env=project_env())
            rows = sum(1 for _ in output.open("rb")) - 1
            result = {"query": query, "rows": rows, "seconds": round(run.wall_seconds, 2),
                      "rows_per_second": round(rows / run.wall_seconds), "peak_pss_mb": round(run.peak_rss_bytes / MB),
                      "stderr": run.stderr.strip()}
            found["cli"].append(result)
            print(f"news-index export {query!r}: {rows:,} rows in {result['seconds']} s = "
                  f"{result['rows_per_second']:,} rows/s, peak PSS {result['peak_pss_mb']} MB", flush=True)
    return found


def _timed(port: int, path: str) -> float:
    status, _, ms = fetch(port, path)
    if status != 200:
        raise RuntimeError(f"GET {path}: HTTP {status}")
    return ms


def _summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {"median": round(statistics.median(ordered), 2), "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 2),
            "mean": round(statistics.fmean(ordered), 2)}


def _engine_times(index: Path, queries: list[str]) -> dict[str, list[float]]:
    """In this process, without HTTP: a results page's search with and without distinctive terms, and the
    terms alone, per query (the served pages above differ in more than the terms: they are two versions)."""
    from indexer.search import LiveIndex, SearchRequest
    from indexer.search.engine import _search_generation

    times: dict[str, list[float]] = {"engine: search": [], "engine: search with terms": []}
    live = LiveIndex(index, results_kept=0)
    with live.generation() as generation:
        for query in queries:
            for name, significant in (("engine: search", False), ("engine: search with terms", True)):
                started = time.perf_counter()
                _search_generation(generation, SearchRequest(query, facets=True, significant=significant))
                times[name].append((time.perf_counter() - started) * 1000)
    live.close()
    return times


def pages_benchmark(index: Path, before_bin: Path, count: int) -> dict:
    queries = natural_queries(count)
    times: dict[str, list[float]] = {"before page": [], "page": [], "trends (5 queries)": [], "api trends": []}
    added: list[float] = []
    with _Server(index, before_bin) as before, _Server(index) as after:
        for warm in queries[:5]:  # first uses of the code, on both
            _timed(before.port, f"/search?{urlencode({'q': warm})}")
            _timed(after.port, f"/search?{urlencode({'q': warm})}")
        for number, query in enumerate(queries):
            group = [queries[(number + k) % len(queries)] for k in range(QUERIES_PER_TREND)]
            trend_args = urlencode([("q", q) for q in group])
            plain = _timed(before.port, f"/search?{urlencode({'q': query})}")
            with_terms = _timed(after.port, f"/search?{urlencode({'q': query})}")
            times["before page"].append(plain)
            times["page"].append(with_terms)
            added.append(with_terms - plain)
            times["trends (5 queries)"].append(_timed(after.port, f"/trends?{trend_args}"))
            times["api trends"].append(_timed(after.port, f"/api/trends?{trend_args}"))
    times |= _engine_times(index, queries)
    summary = {name: _summary(values) for name, values in times.items()}
    plain = summary["before page"]["median"]
    ratios = {"distinctive terms added / plain page (medians)": round(
                  (summary["page"]["median"] - plain) / plain, 2),
              "median of per-query added ms": round(statistics.median(added), 2),
              "engine: terms added / search (medians)": round(
                  summary["engine: search with terms"]["median"] / summary["engine: search"]["median"] - 1, 2),
              "trends page / plain page (medians)": round(summary["trends (5 queries)"]["median"] / plain, 2),
              "trends page / plain page (p95s)": round(summary["trends (5 queries)"]["p95"]
                                                       / summary["before page"]["p95"], 2)}
    for name, values in summary.items():
        print(f"{name:>20}: median {values['median']:8.2f} ms, p95 {values['p95']:8.2f} ms")
    for name, value in ratios.items():
        print(f"{name}: {value}")
    return {"queries": len(queries), "summary": summary, "ratios": ratios}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=["export", "pages"])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--query", action="append", help="export: queries to export (default: * and `said`)")
    parser.add_argument("--before-bin", type=Path, help="pages: the bin/ of the checkout before these tools")
    parser.add_argument("--queries", type=int, default=100, help="pages: how many natural queries")
    args = parser.parse_args()
    if args.what == "export":
        data = export_benchmark(args.index, args.query or ["*", "said"])
    else:
        if not args.before_bin:
            parser.error("pages needs --before-bin")
        data = pages_benchmark(args.index, args.before_bin, args.queries)
    data |= {"index": str(args.index), "environment": environment(), "before": environment(args.before_bin)
             if args.before_bin else None}
    print(f"written {write_result(f'research-{args.what}', args.index.name, data)}")


if __name__ == "__main__":
    main()
