"""What every benchmarked system provides, and the build-subprocess plumbing the baselines share."""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from benchmarks.articles import read_jsonl_batches
from benchmarks.process_tree import run_measured
from benchmarks.querysets import BenchQuery

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class PreparedCorpus:
    """One corpus in the two forms the systems take: its folder, and its articles as clean JSON Lines."""

    path: Path
    clean: Path
    articles: int


@dataclass
class BuildResult:
    """How one system's index build went: speed, size on disk, peak memory of its process tree."""

    articles: int
    seconds: float  # what the rate is computed from; `timed` says what it covers
    timed: str
    wall_seconds: float
    index_bytes: int
    peak_rss_bytes: int

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


class System(Protocol):
    """A search system under test: build an index, then answer benchmark queries with top-10 snippets."""

    name: str

    def build(self, corpus: PreparedCorpus, workdir: Path) -> BuildResult: ...

    def open(self) -> None: ...

    def search(self, query: BenchQuery) -> int | None:
        """Number of hits returned, or None if this system cannot express the query."""

    def close(self) -> None: ...


def directory_bytes(path: Path) -> int:
    """Size on disk of everything under `path`."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


IndexArticles = Callable[[Iterator[list[dict]], Path], tuple[int, float]]


def builder_main(index_articles: IndexArticles) -> None:
    """`python -m benchmarks.systems.X CLEAN INDEX`: index the clean articles, print count and seconds."""
    clean, index = Path(sys.argv[1]), Path(sys.argv[2])
    articles, seconds = index_articles(read_jsonl_batches(clean), index)
    print(json.dumps({"articles": articles, "seconds": seconds}))


def run_builder(module: str, corpus: PreparedCorpus, index: Path) -> BuildResult:
    """Build a baseline's index in its own process, measured like the project's rebuild."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    run = run_measured([sys.executable, "-m", module, str(corpus.clean), str(index)], env=env)
    if run.returncode != 0:
        raise RuntimeError(f"{module} failed:\n{run.stderr}")
    counts = json.loads(run.stdout.strip().splitlines()[-1])
    return BuildResult(counts["articles"], counts["seconds"], "indexing calls and commit (clean text given)",
                       run.wall_seconds, directory_bytes(index), run.peak_rss_bytes)
