"""What every benchmarked system provides, and the build-subprocess plumbing the baselines share."""
from __future__ import annotations

import json
import os
import shutil
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


@dataclass(frozen=True)
class Answer:
    """One search that timed itself (the served systems: request sent to last byte read, not decoding after)."""

    hits: int | None  # None: the answer is a page, not counted
    ms: float
    partial: bool | None = None  # the system gave up early (its time budget ran out); None: it cannot say


class Searcher(Protocol):
    """What is timed: benchmark queries answered with top-10 snippets, between open() and close()."""

    name: str

    def open(self) -> None: ...

    def search(self, query: BenchQuery) -> int | Answer | None:
        """Number of hits returned (the caller times the call), an Answer, or None if the query is inexpressible."""

    def close(self) -> None: ...


class System(Searcher, Protocol):
    """A search system under test: build an index, then answer benchmark queries with top-10 snippets."""

    index: Path | None  # where its index is, once built

    def build(self, corpus: PreparedCorpus, workdir: Path) -> BuildResult | None:
        """How the build went, or None when an index built before is used as it is (nothing measured)."""


def directory_bytes(path: Path) -> int:
    """Size on disk of everything under `path`."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


IndexArticles = Callable[[Iterator[list[dict]], Path], tuple[int, float]]


def builder_main(index_articles: IndexArticles) -> None:
    """`python -m benchmarks.systems.X CLEAN INDEX`: index the clean articles, print count and seconds."""
    clean, index = Path(sys.argv[1]), Path(sys.argv[2])
    articles, seconds = index_articles(read_jsonl_batches(clean), index)
    print(json.dumps({"articles": articles, "seconds": seconds}))


def run_builder(module: str, corpus: PreparedCorpus, index: Path) -> BuildResult | None:
    """Build a baseline's index in its own process, measured like the project's rebuild.

    An index already at `index` was completed by an earlier run (`compare.py --workdir`): it is kept, and None returned.
    """
    if index.exists():
        return None
    unfinished = index.with_name(index.name + ".unfinished")  # renamed to `index` only once complete
    shutil.rmtree(unfinished, ignore_errors=True)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    run = run_measured([sys.executable, "-m", module, str(corpus.clean), str(unfinished)], env=env)
    if run.returncode != 0:
        raise RuntimeError(f"{module} failed:\n{run.stderr}")
    unfinished.rename(index)
    counts = json.loads(run.stdout.strip().splitlines()[-1])
    return BuildResult(counts["articles"], counts["seconds"], "indexing calls and commit (clean text given)",
                       run.wall_seconds, directory_bytes(index), run.peak_rss_bytes)
