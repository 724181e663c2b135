"""Building on a Dask cluster: each part of a new generation is one task, run by any worker.

The scheduler hands the parts to the workers (`dask worker` processes on any machines); each
task reads, cleans and indexes its files into its part folder by a child process of its own
(`part_process`), exactly as a local worker process does, so the index folder and the corpus
must be at the same paths on every worker (a shared filesystem). The main process keeps the build
lock, merges the parts and switches generation as a local build does. Progress comes from the
tasks over a Dask queue. A task whose worker is lost is run again elsewhere by the scheduler (it
starts its part afresh); a task that fails fails the build with one line, and the previous
generation keeps serving.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

from ..corpus import CorpusFile
from ..storage import BM25F
from . import part_process
from .workers import PartResult, Progress, part_name

PARTS_PER_WORKER = 2  # more, smaller tasks: a lost worker costs less, and a fast one takes more
CONNECT_SECONDS = 10
POLL_SECONDS = 0.5


def balanced(files: Sequence[CorpusFile], count: int) -> list[list[tuple[int, CorpusFile]]]:
    """`files` (with their numbers) dealt into `count` groups of about equal size in bytes, largest first."""
    groups: list[list[tuple[int, CorpusFile]]] = [[] for _ in range(count)]
    sizes = [0] * count
    for number, file in sorted(enumerate(files), key=lambda pair: -_size(pair[1])):
        smallest = sizes.index(min(sizes))
        groups[smallest].append((number, file))
        sizes[smallest] += _size(file)
    return [sorted(group) for group in groups if group]


def _size(file: CorpusFile) -> int:
    try:
        return Path(file.path).stat().st_size
    except OSError:
        return 0


def _build_part(part_dir: str, files: list[tuple[int, CorpusFile]], bm25: BM25F, progress_queue: str) -> str:
    """The task: index `files` into the part at `part_dir` by a child process (`part_process`), starting the
    part afresh (a task run again after its worker was lost finds it half written), reporting (part, files
    done, articles) after each file."""
    from distributed import Queue

    path = Path(part_dir)
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir()
    queue = Queue(progress_queue)
    done = indexed = 0
    # its warnings go to a file: a pipe read only at the end would fill and stop the process
    with tempfile.TemporaryFile("w+") as errors:
        with subprocess.Popen([sys.executable, "-m", "indexer.build.part_process", part_dir, str(os.getpid())],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, text=True) as child:
            child.stdin.write(part_process.job(files, bm25))
            child.stdin.close()
            for line in child.stdout:
                done, indexed = done + 1, indexed + int(line.split()[1])
                queue.put((path.name, done, indexed))
        errors.seek(0)
        failure = errors.read().strip().splitlines()
    if child.returncode != 0:
        raise RuntimeError(failure[-1] if failure else f"the part's process ended with {child.returncode}")
    return part_dir


def run_on_cluster(address: str, generation: Path, files: list[CorpusFile], first_part: int,
                   progress: Progress | None, bm25: BM25F) -> list[PartResult]:
    """Index `files` into new parts of `generation` as tasks on the Dask cluster at `address`; raises
    RuntimeError if the cluster cannot be reached or a task fails."""
    from distributed import Client, Queue

    try:
        client = Client(address, timeout=CONNECT_SECONDS)
    except OSError as error:
        raise RuntimeError(f"cannot reach the Dask scheduler at {address} ({error}); the previous index is "
                           "still live") from None
    try:
        workers = len(client.scheduler_info()["workers"])
        if not workers:
            raise RuntimeError(f"the Dask cluster at {address} has no workers; the previous index is still live")
        build = f"news-index-{uuid.uuid4().hex[:12]}"  # tasks of two builds on one cluster never share a key
        queue = Queue(f"{build}-progress", client=client)
        groups = balanced(files, max(1, min(len(files), PARTS_PER_WORKER * workers)))
        tasks = [client.submit(_build_part, str(generation / part_name(first_part + n)), group, bm25, queue.name,
                               key=f"{build}-{part_name(first_part + n)}", pure=False)
                 for n, group in enumerate(groups)]
        latest: dict[str, tuple[int, int]] = {}  # part -> (files done, articles): a rerun starts again at 0
        while True:
            finished = all(task.done() for task in tasks)  # before the queue is read: no report comes after
            for part, done, indexed in queue.get(batch=True):
                latest[part] = (done, indexed)
            if progress and latest:
                progress(min(sum(d for d, _ in latest.values()), len(files)), len(files),
                         sum(n for _, n in latest.values()))
            failed = next((task for task in tasks if task.status == "error"), None)
            if failed is not None:
                error = failed.exception()
                raise RuntimeError(f"a cluster task failed ({type(error).__name__}: {error}); the previous index "
                                   "is still live")
            if finished:
                break
            time.sleep(POLL_SECONDS)
        return [PartResult.take(Path(part_dir)) for part_dir in sorted(client.gather(tasks))]
    finally:
        client.close()
