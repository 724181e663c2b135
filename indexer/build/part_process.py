"""One part of a generation built by a process of its own: what a cluster task runs on its worker.

A Dask task runs in a worker's thread, where a file's time budget (SIGALRM) and memory ceiling
cannot be set, and a pathological page would take the worker down; so the task starts this
module as a child process, which indexes in its main thread as a local build worker does:

    python -m indexer.build.part_process PART_DIR PARENT_PID < job.json

The job is `{"files": [[number, path, relpath], ...], "bm25": {...}}`; one line `file N` per file
read (N articles) goes to standard output, and the part's result is left in its folder. The process
dies with PARENT_PID (the worker), so a lost worker's part is never written by two processes.
"""
from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from ..corpus import CorpusFile
from ..storage import BM25F
from .workers import die_with_parent, index_into_part


def job(files: list[tuple[int, CorpusFile]], bm25: BM25F) -> str:
    """The job's JSON for `files` (each with its number in the build's file list)."""
    return json.dumps({"files": [[number, file.path, file.relpath] for number, file in files], "bm25": asdict(bm25)})


def main(argv: list[str]) -> int:
    part_dir, parent = argv
    die_with_parent(int(parent))
    data = json.load(sys.stdin)
    files = [(number, CorpusFile(path, relpath)) for number, path, relpath in data["files"]]

    def report(indexed: int) -> None:
        print(f"file {indexed}", flush=True)

    index_into_part(Path(part_dir), files, BM25F(**data["bm25"]), report)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
