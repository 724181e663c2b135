"""Rebuild and update: worker processes (or tasks on a Dask cluster) read, clean and index the corpus; one
atomic switch.

A rebuild indexes every corpus file into a new generation (`workers`, `cluster`), keeps one copy of each
article and publishes it (`publish`), reporting what it did (`report`). An update starts its
generation from hard links to the current one's files (neither Whoosh nor the storage package
ever rewrites a file it has written), deletes the articles of changed and removed files,
and indexes new and changed files into new parts.
"""
from __future__ import annotations

import os
import shutil
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .. import duplicates
from ..article import Skip
from ..corpus import CorpusFile, discover
from ..storage import BM25F, WORDS, CorpusFiles, Manifest, PartPostings, Vocabulary, file_digest
from ..store import IndexStore
from .publish import delete_documents, keep_first_copies, publish
from .report import BuildReport
from .cluster import run_on_cluster
from .workers import PartResult, Progress, run_workers

__all__ = ["BuildReport", "Progress", "rebuild", "update"]


def _discover(corpus: list[Path], report: BuildReport) -> list[CorpusFile]:
    files = []
    for item in discover(corpus):
        if isinstance(item, Skip):
            report.skip(item)
        else:
            files.append(item)
    report.files = len(files)
    return files


@contextmanager
def _building(index_dir: str | os.PathLike, wait: bool) -> Iterator[tuple[IndexStore, BuildReport, float]]:
    """Hold the build lock, with a crashed build's leftovers removed: (the store, a new report, when it began)."""
    started = time.perf_counter()
    store = IndexStore(index_dir)
    with store.build_lock(wait=wait):
        store.remove_stale()
        yield store, BuildReport(), started


def _index_files(generation: Path, files: list[CorpusFile], first_part: int, progress: Progress | None,
                 bm25: BM25F, corpus_files: CorpusFiles, report: BuildReport, cluster: str | None) -> list[PartResult]:
    """Index `files` into new parts of `generation` (by local worker processes, or as tasks on the Dask
    cluster at `cluster`), recording skips and keeping one copy of each article."""
    parts = (run_on_cluster(cluster, generation, files, first_part, progress, bm25) if cluster
             else run_workers(generation, files, first_part, progress, bm25))
    for part in parts:
        for skip in part.skips:
            report.skip(skip)
        report.not_articles.update(part.not_articles)
    keep_first_copies(generation, parts, files, corpus_files, report)
    return parts


def rebuild(corpus: Iterable[str | os.PathLike], index_dir: str | os.PathLike, progress: Progress | None = None,
            wait: bool = False, threshold: float = duplicates.DEFAULT_THRESHOLD, bm25: BM25F = BM25F(),
            cluster: str | None = None) -> BuildReport:
    """Build a new generation from `corpus` and make it live; the old one serves until then.

    `bm25` sets the parameters the stored ranking weights are made with (ranking experiments vary them);
    `cluster`, a Dask scheduler's address, builds the parts there (see `cluster`).
    """
    corpus = [Path(p) for p in corpus]
    with _building(index_dir, wait) as (store, report, started):
        generation = store.new_generation()
        report.generation = generation.name
        files = _discover(corpus, report)
        digests = {f.path: file_digest(f.path) for f in files}
        corpus_files = CorpusFiles()
        parts = _index_files(generation, files, 0, progress, bm25, corpus_files, report, cluster)
        publish(store, generation, parts, corpus_files, digests, files, threshold, report, corpus, started, Counter())
    return report


def _link_parts(source: Path, target: Path) -> int:
    """Copy the current generation's parts as hard links; returns how many parts there are."""
    parts = sorted(source.glob("part-*"))
    for part in parts:
        for item in part.rglob("*"):
            destination = target / part.name / item.relative_to(part)
            if item.is_dir():
                destination.mkdir(parents=True, exist_ok=True)
                continue
            if item.suffix == ".lock" or "LOCK" in item.name:
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(item, destination)
            except OSError:
                shutil.copy2(item, destination)
    return len(parts)


def update(corpus: Iterable[str | os.PathLike], index_dir: str | os.PathLike, progress: Progress | None = None,
           wait: bool = False, threshold: float | None = None, cluster: str | None = None) -> BuildReport:
    """Index new and changed files, drop articles of changed and removed files, switch atomically (the new
    files' parts built on the Dask cluster at `cluster`, if given).

    Nothing is published when nothing changed, so a second update in a row is a no-op.
    """
    corpus = [Path(p) for p in corpus]
    with _building(index_dir, wait) as (store, report, started):
        report.kind = "update"
        current = store.current_path()
        Manifest.load(current)  # an index in another format cannot be updated, only rebuilt
        corpus_files = CorpusFiles.load(current)
        threshold = threshold if threshold is not None else store.build_info().get(
            "duplicate_threshold", duplicates.DEFAULT_THRESHOLD)
        files = _discover(corpus, report)
        digests = {f.path: file_digest(f.path) for f in files}
        report.added_files = [f.path for f in files if f.path not in corpus_files.files]
        report.changed_files = [f.path for f in files if f.path in corpus_files.files
                                and corpus_files.files[f.path].digest != digests[f.path]]
        present = {f.path for f in files}
        report.removed_files = [path for path in corpus_files.files if path not in present]
        report.generation = current.name
        if not (report.added_files or report.changed_files or report.removed_files):
            report.elapsed = time.perf_counter() - started
            return report
        generation = store.new_generation()
        report.generation = generation.name
        existing_parts = _link_parts(current, generation)
        stale_ids = [article_id for path in report.changed_files + report.removed_files
                     for article_id, _ in corpus_files.files.pop(path).articles]
        report.removed_articles = len(stale_ids)
        for part in sorted(generation.glob("part-*")):
            delete_documents(part, ids=stale_ids)
        todo = [f for f in files if f.path in set(report.added_files) | set(report.changed_files)]
        bm25 = PartPostings(next(current.glob("part-*"))).bm25  # new parts weigh terms as the old ones do
        parts = _index_files(generation, todo, existing_parts, progress, bm25, corpus_files, report,
                             cluster) if todo else []
        publish(store, generation, parts, corpus_files, digests, todo, threshold, report, corpus, started,
                Counter(Vocabulary.open(current, WORDS).as_dict()))
    return report
