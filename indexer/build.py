"""Rebuild: read and clean every corpus file in worker processes, index, then switch atomically."""
from __future__ import annotations

import multiprocessing
import os
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from whoosh import index as whoosh_index

from .article import Article, Skip
from .corpus import CorpusFile, discover, read_file
from .schema import build_schema, document_fields
from .store import IndexStore

EXAMPLES_PER_REASON = 3
WRITER_MEMORY_MB = 256

Progress = Callable[[int, int, int], None]  # (files done, files total, articles indexed)


@dataclass
class BuildReport:
    """What a rebuild did, for the operator: counts, reasons for every skip, time taken."""

    generation: str = ""
    files: int = 0
    indexed: int = 0
    skipped: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    elapsed: float = 0.0
    sources: Counter = field(default_factory=Counter)

    def skip(self, item: Skip) -> None:
        self.skipped[item.reason] += 1
        if len(self.examples[item.reason]) < EXAMPLES_PER_REASON:
            self.examples[item.reason].append(item.where)

    def to_dict(self) -> dict:
        return {
            "generation": self.generation,
            "files": self.files,
            "indexed": self.indexed,
            "skipped": dict(self.skipped),
            "skipped_examples": {k: list(v) for k, v in self.examples.items()},
            "elapsed_seconds": round(self.elapsed, 3),
            "sources": dict(self.sources),
        }

    def summary(self) -> str:
        """The closing lines printed by `news-index rebuild`."""
        lines = [f"indexed {self.indexed} articles from {self.files} files in {self.elapsed:.1f} s"
                 f" (generation {self.generation})"]
        total = sum(self.skipped.values())
        lines.append(f"skipped {total}" + (":" if total else ""))
        for reason, count in self.skipped.most_common():
            lines.append(f"  {count:>6}  {reason}: " + ", ".join(self.examples[reason])
                         + (", ..." if count > len(self.examples[reason]) else ""))
        return "\n".join(lines)


def _worker_count(files: int) -> int:
    return max(1, min(files, os.cpu_count() or 1))


def read_corpus(files: list[CorpusFile]) -> Iterator[list[Article | Skip]]:
    """Each file's articles and skips, in corpus order; files are read in parallel processes."""
    workers = _worker_count(len(files))
    if workers == 1:
        yield from map(read_file, files)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(read_file, files, chunksize=1)


def rebuild(corpus: Iterable[str | os.PathLike], index_dir: str | os.PathLike,
            progress: Progress | None = None, wait: bool = False) -> BuildReport:
    """Build a new generation from `corpus` and make it live; the old one serves until then."""
    started = time.perf_counter()
    corpus = [Path(p) for p in corpus]
    store = IndexStore(index_dir)
    report = BuildReport()
    with store.build_lock(wait=wait):
        store.remove_stale()
        generation = store.new_generation()
        report.generation = generation.name
        found = list(discover(corpus))
        files = [f for f in found if isinstance(f, CorpusFile)]
        for item in found:
            if isinstance(item, Skip):
                report.skip(item)
        report.files = len(files)
        ix = whoosh_index.create_in(str(generation), build_schema())
        writer = ix.writer(limitmb=WRITER_MEMORY_MB)
        seen_ids: set[str] = set()
        try:
            for done, items in enumerate(read_corpus(files), start=1):
                for item in items:
                    if isinstance(item, Skip):
                        report.skip(item)
                    elif item.id in seen_ids:
                        report.skip(Skip(item.path, "duplicate id", item.id))
                    else:
                        seen_ids.add(item.id)
                        writer.add_document(**document_fields(item))
                        report.indexed += 1
                        report.sources[item.source or "(unknown)"] += 1
                if progress:
                    progress(done, len(files), report.indexed)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        report.elapsed = time.perf_counter() - started
        info = report.to_dict() | {
            "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "corpus": [str(p.resolve()) for p in corpus],
        }
        store.publish(generation, info)
        store.remove_stale()
    return report
