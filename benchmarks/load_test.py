"""Serving load: concurrent clients on loopback against `news-web`'s `/search?q=…`, optionally while rebuilding.

Starts `news-web` (gunicorn, one worker per core) on a temporary index, drives `--concurrency`
http.client clients (one connection each, reopened when the server closes it) for
`--duration` seconds with the benchmark query set, and reports
requests/s, errors and latency percentiles. `--during-rebuild` runs `news-index rebuild` of
the same corpus in a loop meanwhile; every request must still succeed.

    python benchmarks/load_test.py --corpus reuters --duration 60 --concurrency 16 --during-rebuild
"""
from __future__ import annotations

import argparse
import http.client
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.commands import HOST, REQUEST_TIMEOUT, exchange, fetch, rebuild_command, serving, stop_group  # noqa: E402
from benchmarks.corpora import choose_corpus  # noqa: E402
from benchmarks.latency import summarize, timed  # noqa: E402
from benchmarks.querysets import corpus_facts, query_set  # noqa: E402
from benchmarks.results import environment, write_result  # noqa: E402


class RebuildLoop:
    """`news-index rebuild` of the same corpus again and again until stopped; records every outcome."""

    def __init__(self, corpus: Path, index: Path) -> None:
        self.corpus, self.index = corpus, index
        self.completed: list[float] = []  # seconds each
        self.failures: list[str] = []
        self.interrupted = 0
        self._stopping = False
        self._current: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            started = time.perf_counter()
            with self._lock:
                if self._stopping:
                    return
                self._current = subprocess.Popen(rebuild_command(self.corpus, self.index), stdout=subprocess.PIPE,
                                                 stderr=subprocess.PIPE, text=True, start_new_session=True)
            stdout, stderr = self._current.communicate()
            if self._current.returncode == 0:
                self.completed.append(time.perf_counter() - started)
            elif self._stopping:
                self.interrupted += 1
            else:
                self.failures.append(f"exit {self._current.returncode}: {(stderr or stdout)[-500:]}")

    def stop(self) -> None:
        """Interrupt a rebuild still running at the end of the load window (it is not counted as failed)."""
        with self._lock:
            self._stopping = True
            if self._current is not None:
                stop_group(self._current, signal.SIGINT)
        if self._thread is not None:
            self._thread.join()


@dataclass
class ClientTally:
    requests: int = 0
    latencies_ms: list[float] = field(default_factory=list)  # of every response, whatever its status
    errors: Counter = field(default_factory=Counter)


def client(port: int, paths: list[str], first: int, step: int, running: Callable[[], bool],
           budget: threading.Semaphore, tally: ClientTally) -> None:
    """One client: requests `paths[first::step]` (wrapping around) over one connection while `running()`."""
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    position = first
    while running() and budget.acquire(blocking=False):
        path = paths[position % len(paths)]
        position += step
        tally.requests += 1
        try:
            (status, _), ms = timed(exchange, connection, path)
        except (OSError, http.client.HTTPException) as error:
            tally.errors[type(error).__name__] += 1
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
            continue
        tally.latencies_ms.append(ms)
        if status != 200:
            tally.errors[f"HTTP {status}"] += 1
    connection.close()


def load_window(duration: float, rebuilds: RebuildLoop | None, cap: float) -> Callable[[], bool]:
    """True for `duration` seconds, then on until a rebuild has completed (so a generation switch is
    served under load), but never past `cap` seconds."""
    started = time.monotonic()

    def running() -> bool:
        elapsed = time.monotonic() - started
        return elapsed < duration or (rebuilds is not None and not rebuilds.completed and elapsed < cap)

    return running


def drive(port: int, paths: list[str], concurrency: int, running: Callable[[], bool], max_requests: int) -> dict:
    """Run `concurrency` clients while `running()` (at most `max_requests` in all) and summarise."""
    tallies = [ClientTally() for _ in range(concurrency)]
    budget = threading.Semaphore(max_requests)
    cpu_before, started = os.times(), time.monotonic()
    threads = [threading.Thread(target=client, args=(port, paths, i, concurrency, running, budget, tallies[i]))
               for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed, cpu_after = time.monotonic() - started, os.times()
    latencies = [ms for t in tallies for ms in t.latencies_ms]
    errors = sum((t.errors for t in tallies), Counter())
    return {
        "seconds": round(elapsed, 2),
        "requests": sum(t.requests for t in tallies),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "errors": sum(errors.values()),
        "errors_by_kind": dict(errors),
        "latency_ms": summarize(latencies),
        "client_cpu_seconds": round(sum(cpu_after[:2]) - sum(cpu_before[:2]), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default="reuters", help="reuters, generated, or a folder (default reuters)")
    parser.add_argument("--generated-count", type=int, default=20_000)
    parser.add_argument("--generator-seed", type=int, default=1)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (default 60)")
    parser.add_argument("--concurrency", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--max-requests", type=int, default=1_000_000, help="stop after this many requests")
    parser.add_argument("--queries", type=int, default=300,
                        help="natural-language queries; each other category adds a fifth as many")
    parser.add_argument("--seed", type=int, default=1987)
    parser.add_argument("--workers", type=int, help="news-web worker processes (default: its own, one per core)")
    parser.add_argument("--result-cache", type=int, metavar="N",
                        help="answered searches each news-web worker remembers (default: its own; 0 for none, "
                             "so every request searches)")
    parser.add_argument("--during-rebuild", action="store_true", help="rebuild the same corpus in a loop meanwhile; "
                        "the load goes on past --duration until one rebuild has completed")
    parser.add_argument("--max-duration", type=float, default=600.0,
                        help="hard limit in seconds on the load window with --during-rebuild (default 600)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="news-load-") as tmp:
        workdir = Path(tmp)
        corpus = choose_corpus(args.corpus, args.generated_count, args.generator_seed, workdir)
        index = workdir / "index"
        print(f"building the index of {corpus.label} ...", file=sys.stderr, flush=True)
        subprocess.run(rebuild_command(corpus.path, index), check=True, stdout=subprocess.DEVNULL)
        paths = ["/search?q=" + quote(q.text) for q in query_set(args.queries, corpus_facts(corpus.path), args.seed)]
        rebuilds = RebuildLoop(corpus.path, index) if args.during_rebuild else None
        settings = {} if args.result_cache is None else {"RESULT_CACHE": str(args.result_cache)}
        with serving(index, args.workers, settings=settings) as port:
            try:
                for path in paths[:20]:  # every worker opens its searcher before the clock starts
                    fetch(port, path)
                if rebuilds:
                    rebuilds.start()
                print(f"driving {args.concurrency} clients for {args.duration:g} s on port {port} ...",
                      file=sys.stderr, flush=True)
                running = load_window(args.duration, rebuilds, max(args.duration, args.max_duration))
                load = drive(port, paths, args.concurrency, running, args.max_requests)
            finally:
                if rebuilds:
                    rebuilds.stop()
    data = {
        "corpus": corpus.label,
        "date": datetime.now().isoformat(timespec="seconds"),
        "environment": environment(),
        "concurrency": args.concurrency,
        "queries": len(paths),
        "during_rebuild": args.during_rebuild,
        "result_cache": args.result_cache,
        **load,
    }
    if rebuilds:
        data["rebuilds"] = {"completed": len(rebuilds.completed),
                            "seconds_each": [round(s, 1) for s in rebuilds.completed],
                            "failed": rebuilds.failures, "interrupted_at_end": rebuilds.interrupted}
    latency = data["latency_ms"]
    print(f"\n== load on {corpus.label}: {args.concurrency} clients, {data['seconds']} s, "
          f"{len(paths)} queries in rotation" + (", rebuilding meanwhile" if rebuilds else "")
          + ("" if args.result_cache is None else f", result cache {args.result_cache}") + " ==")
    print(f"requests {data['requests']}, {data['requests_per_second']} requests/s, errors {data['errors']} "
          f"{data['errors_by_kind'] or ''}")
    if latency["count"]:
        print(f"latency median {latency['median']:.1f} ms, p95 {latency['p95']:.1f} ms, p99 {latency['p99']:.1f} ms "
              f"(client CPU {data['client_cpu_seconds']} s)")
    if rebuilds:
        r = data["rebuilds"]
        print(f"rebuilds completed {r['completed']} {r['seconds_each']} s, failed {len(r['failed'])}, "
              f"interrupted at the end of the window {r['interrupted_at_end']}")
        if not r["completed"]:
            print("WARNING: no rebuild completed within --max-duration: no generation switch was served under load")
    kind = "load-during-rebuild" if rebuilds else "load"
    print(f"\nresults: {write_result(kind, corpus.label, data)}")
    if data["errors"] or (rebuilds and rebuilds.failures):
        sys.exit(1)


if __name__ == "__main__":
    main()
