"""This project through its public entry points: `news-index rebuild` as a process, then `search()`."""
from __future__ import annotations

from pathlib import Path

from benchmarks.commands import rebuild_measured
from benchmarks.querysets import BenchQuery
from benchmarks.systems.base import BuildResult, PreparedCorpus
from indexer.search import LiveIndex, SearchRequest, search


class Project:
    name = "project"

    def __init__(self, index: Path | None = None) -> None:
        """`index`: one built before (`compare.py --index`), searched as it is; otherwise built in `build`."""
        self.index = index
        self.live: LiveIndex | None = None

    def build(self, corpus: PreparedCorpus, workdir: Path) -> BuildResult | None:
        if self.index is not None:
            return None
        self.index = workdir / "project-index"
        return rebuild_measured(corpus.path, self.index)

    def open(self) -> None:
        self.live = LiveIndex(self.index, results_kept=0)  # each query timed as asked the first time

    def search(self, query: BenchQuery) -> int:
        return len(search(self.live, SearchRequest(query.text, limit=10)).hits)

    def close(self) -> None:
        if self.live is not None:
            self.live.close()
