"""A rebuild on a local Dask cluster against the local rebuild, on the same corpus in one run.

    .venv/bin/python benchmarks/cluster_build.py --corpus /work/data/news200k --workers 2
    .venv/bin/python benchmarks/cluster_build.py --corpus /work/data/news50k --workers 1 --workers 2 --workers 4

For each worker count: a `dask scheduler` and that many `dask worker --nthreads 1` processes on
the loopback address, then `news-index rebuild --cluster` as a process, timed, with the peak
memory (PSS) of its own process tree and of each worker's (a worker's tree includes the child
process that indexes its part). The local `news-index rebuild` of the same corpus runs first.
Target: a 2-worker cluster within 20% of the local rebuild's time.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.commands import console_script, dask_cluster, project_env, rebuild_measured  # noqa: E402
from benchmarks.process_tree import PeakTreeRss, run_measured  # noqa: E402
from benchmarks.results import environment, write_result  # noqa: E402
from benchmarks.systems.base import directory_bytes  # noqa: E402

MB = 1024 * 1024


def cluster_build(corpus: Path, workers: int, folder: Path) -> dict:
    index = folder / f"cluster-{workers}"
    with dask_cluster(workers, folder) as (address, started), ExitStack() as sampling:
        samplers = [sampling.enter_context(PeakTreeRss(process.pid)) for process in started]
        run = run_measured([console_script("news-index"), "rebuild", "--corpus", str(corpus), "--index",
                            str(index), "--cluster", address], env=project_env())
    if run.returncode != 0:
        raise SystemExit(f"cluster rebuild failed:\n{run.stdout}\n{run.stderr}")
    return {"workers": workers, "seconds": round(run.wall_seconds, 1), "index_bytes": directory_bytes(index),
            "client_peak_pss_mb": round(run.peak_rss_bytes / MB), "report": run.stdout.strip().splitlines()[0],
            "worker_peak_pss_mb": [round(s.peak / MB) for s in samplers]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--workers", type=int, action="append", help="worker counts to try (default: 2)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.workdir, prefix="cluster-bench-") as scratch:
        folder = Path(scratch)
        local = rebuild_measured(args.corpus, folder / "local")
        found = {"local": {"seconds": round(local.seconds, 1), "articles": local.articles,
                           "index_bytes": local.index_bytes, "peak_pss_mb": round(local.peak_rss_bytes / MB)}}
        print(f"local rebuild: {found['local']}", flush=True)
        found["cluster"] = []
        for workers in args.workers or [2]:
            result = cluster_build(args.corpus, workers, folder)
            result["time_vs_local"] = round(result["seconds"] / local.seconds, 3)
            found["cluster"].append(result)
            print(f"cluster rebuild: {result}", flush=True)
    found |= {"corpus": str(args.corpus), "environment": environment()}
    print(f"written {write_result('cluster-build', args.corpus.name, found)}")


if __name__ == "__main__":
    main()
