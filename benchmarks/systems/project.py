"""This project through its public entry points: `news-index rebuild` as a process, then `search()`."""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from benchmarks.process_tree import run_measured
from benchmarks.querysets import BenchQuery
from benchmarks.systems.base import BuildResult, PreparedCorpus, directory_bytes
from indexer.search import LiveIndex, SearchRequest, search

_INDEXED = re.compile(r"indexed (\d+) articles")


def console_script(name: str) -> str:
    """The project's command next to this interpreter (the virtualenv's), else on PATH."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install the project (pip install -e .) in this Python's environment")
    return found


def rebuild_command(corpus: Path, index: Path) -> list[str]:
    return [console_script("news-index"), "rebuild", "--corpus", str(corpus), "--index", str(index)]


class Project:
    name = "project"

    def __init__(self) -> None:
        self.index: Path | None = None
        self.live: LiveIndex | None = None

    def build(self, corpus: PreparedCorpus, workdir: Path) -> BuildResult:
        self.index = workdir / "project-index"
        run = run_measured(rebuild_command(corpus.path, self.index))
        found = _INDEXED.search(run.stdout)
        if run.returncode != 0 or not found:
            raise RuntimeError(f"news-index rebuild failed:\n{run.stdout}\n{run.stderr}")
        return BuildResult(int(found[1]), run.wall_seconds,
                           "whole `news-index rebuild` process: reading, cleaning, indexing",
                           run.wall_seconds, directory_bytes(self.index), run.peak_rss_bytes)

    def open(self) -> None:
        self.live = LiveIndex(self.index)

    def search(self, query: BenchQuery) -> int:
        return len(search(self.live, SearchRequest(query.text, limit=10)).hits)

    def close(self) -> None:
        if self.live is not None:
            self.live.close()
