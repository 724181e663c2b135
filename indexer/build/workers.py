"""Worker processes that read, clean and index corpus files, each into its own part of a new generation.

Each worker writes its own Whoosh index ("part") and, beside it, the part's forward index,
postings, document values and near-duplicate signatures, so articles never travel between
processes: on two cores this indexes about twice as fast as one writer fed by readers.
Workers take files from a shared queue and report per file, then hand the main process
what it needs to keep one copy of each article: a list of what they indexed, in document order.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import queue
import signal
import traceback
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index

from .. import duplicates
from ..analysis import analysis_of, index_terms
from ..article import Article, Skip
from ..cleaning.language import forget_model
from ..corpus import CorpusFile, read_file_within_budget
from ..dates import epoch_seconds
from ..schema import build_schema, document_fields
from ..storage import BM25F, DocValuesWriter, ForwardWriter, signatures
from ..storage import postings as part_postings
from ..storage.disk import load_json, save_json

WRITER_MEMORY_MB = 192  # per worker: Whoosh sorts postings in memory up to this size, then spills
_POLL_SECONDS = 1.0
RESULT_FILE = "worker-result.json"
PR_SET_PDEATHSIG = 1  # prctl option: the signal this process gets when its parent dies

Progress = Callable[[int, int, int], None]  # (files done, files total, articles indexed)


@dataclass(frozen=True, slots=True)
class Indexed:
    """An article a worker indexed; its place in the part's list is its document number in the part."""

    id: str
    file: int  # number of the file in this build's file list
    position: int  # position of the article in its file
    text_key: str  # the first 32 hex digits of the content hash: enough to tell texts apart


@dataclass
class PartResult:
    """What one worker indexed into its part, sent back to the main process."""

    part: str
    skips: list[Skip] = field(default_factory=list)
    not_articles: Counter = field(default_factory=Counter)  # routine skips by kind: a web archive has many
    articles: list[Indexed] = field(default_factory=list)
    words: Counter = field(default_factory=Counter)  # word as written (lower case) -> articles with it
    dropped: set[int] = field(default_factory=set)  # document numbers deleted as copies of earlier articles

    def save(self, part_dir: Path) -> None:
        save_json(part_dir / RESULT_FILE, {
            "skips": [[s.where, s.reason, s.detail] for s in self.skips],
            "not_articles": self.not_articles,
            "articles": [[a.id, a.file, a.position, a.text_key] for a in self.articles],
            "words": self.words,
        })

    @classmethod
    def take(cls, part_dir: Path) -> PartResult:
        """Read a worker's result and remove its file."""
        data = load_json(part_dir / RESULT_FILE)
        (part_dir / RESULT_FILE).unlink()
        return cls(part_dir.name, [Skip(*s) for s in data["skips"]], Counter(data["not_articles"]),
                   [Indexed(*a) for a in data["articles"]], Counter(data["words"]))


def part_name(number: int) -> str:
    return f"part-{number:02d}"


def die_with_parent(parent: int) -> None:
    """A worker must not outlive a killed rebuild (it would hold the build lock and wait forever), nor a
    part's process its lost cluster worker (it would write on while the part is built again elsewhere)."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


class _Part:
    """Everything one worker writes for its part, document by document."""

    def __init__(self, part_dir: Path, limitmb: int) -> None:
        self.directory = part_dir
        # separate segment files: Whoosh copies a compound file into memory whenever it opens one
        self.writer = whoosh_index.create_in(str(part_dir), build_schema()).writer(limitmb=limitmb, compound=False)
        self.forward = ForwardWriter(part_dir)
        self.values = DocValuesWriter()
        self.samples: list[np.ndarray] = []
        self.result = PartResult(part_dir.name)
        self.texts: dict[str, str] = {}  # text key -> id of the first article with that text
        self.ids: set[str] = set()

    def add(self, article: Article, number: int, position: int) -> bool:
        """Index an article unless it repeats an id or a text of this part (then the skip is recorded)."""
        key = article.content_hash[:32]
        if article.id in self.ids:
            self.result.skips.append(Skip(f"{article.path} ({article.id})", "duplicate id"))
            return False
        if key in self.texts:
            self.result.skips.append(Skip(f"{article.path} ({article.id})", "duplicate text",
                                          f"repeats {self.texts[key]}"))
            return False
        self.ids.add(article.id)
        self.texts[key] = article.id
        title, body = duplicates.words_of(article.title), duplicates.words_of(article.body)
        self.samples.append(duplicates.article_sample(title, body))
        self.writer.add_document(**document_fields(article))
        analysis = analysis_of(article.language)
        self.forward.add(index_terms(article.title, analysis), index_terms(article.body, analysis))
        self.values.add(epoch_seconds(article.published) if article.published else None, article.facet_values())
        self.result.articles.append(Indexed(article.id, number, position, key))
        self.result.words.update({*title, *body})
        return True

    def finish(self, bm25: BM25F) -> None:
        """Commit the Whoosh index, then write the part's arrays beside it."""
        forget_model()  # no more articles to identify
        self.writer.commit()
        with whoosh_index.open_dir(str(self.directory)).reader() as reader:
            if reader.doc_count_all() != len(self.result.articles):
                raise RuntimeError(f"{self.directory.name}: Whoosh holds {reader.doc_count_all()} documents, "
                                   f"the worker added {len(self.result.articles)}")
        self.forward.finish()
        length, title_length = part_postings.write(self.directory, bm25, groups=self.values.codes("language"))
        self.values.save(self.directory, length, title_length)
        signatures.write(self.directory, np.concatenate([np.empty(0, dtype=np.uint32), *self.samples]),
                         np.array([len(sample) for sample in self.samples], dtype=np.uint32))
        self.result.words = Counter({w: n for w, n in self.result.words.items() if len(w) > 2 and w.isalpha()})
        # A million articles' records are large: hand them over through a file, not the queue,
        # so they are never held twice while both sides are alive.
        self.result.save(self.directory)


def index_into_part(part_dir: Path, files: Iterable[tuple[int, CorpusFile]], bm25: BM25F,
                    on_file: Callable[[int], None], limitmb: int = WRITER_MEMORY_MB) -> None:
    """Index `files` (each with its number in the build's file list) into a new part at `part_dir`, calling
    `on_file` with the articles each file gave; the part's result is left in its folder for `PartResult.take`.
    A local worker process and a cluster task both run this."""
    part = _Part(part_dir, limitmb)
    for number, corpus_file in files:
        indexed = 0
        for position, item in enumerate(read_file_within_budget(corpus_file)):
            if isinstance(item, Skip) and item.routine:
                part.result.not_articles[item.reason] += 1
            elif isinstance(item, Skip):
                part.result.skips.append(item)
            elif part.add(item, number, position):
                indexed += 1
        on_file(indexed)
    part.finish(bm25)


def _index_part(part_dir: str, tasks, results, limitmb: int, bm25: BM25F) -> None:
    """Worker: index files taken from `tasks` into a new part at `part_dir`, report to `results`."""
    die_with_parent(multiprocessing.parent_process().pid)
    try:
        index_into_part(Path(part_dir), iter(tasks.get, None), bm25, lambda indexed: results.put(("file", indexed)),
                        limitmb)
        results.put(("done", part_dir))
    except BaseException as error:
        if not isinstance(error, OSError):  # a bug, not the disk: its details go to the operator's log
            traceback.print_exc()
        results.put(("failed", f"{type(error).__name__}: {error}"))


def _worker_count(files: int) -> int:
    return max(1, min(files, os.cpu_count() or 1))


def run_workers(generation: Path, files: list[CorpusFile], first_part: int, progress: Progress | None,
                bm25: BM25F) -> list[PartResult]:
    """Index `files` with one process per core into new parts; raises if any worker fails."""
    ctx = multiprocessing.get_context("fork")
    tasks, results = ctx.Queue(), ctx.Queue()
    tasks.cancel_join_thread()  # if a worker fails, exit without waiting for unread tasks
    for task in enumerate(files):
        tasks.put(task)
    workers = []
    for number in range(first_part, first_part + _worker_count(len(files))):
        tasks.put(None)
        part_dir = generation / part_name(number)
        part_dir.mkdir()
        worker = ctx.Process(target=_index_part, args=(str(part_dir), tasks, results, WRITER_MEMORY_MB, bm25),
                             name=f"news-index {part_dir.name}")
        worker.start()
        workers.append(worker)
    parts: list[str] = []
    done_files = indexed = 0
    try:
        while len(parts) < len(workers):
            try:
                kind, payload = results.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                if any(not w.is_alive() and w.exitcode != 0 for w in workers):
                    raise RuntimeError("an indexing worker died; the previous index is still live") from None
                continue
            if kind == "failed":
                raise RuntimeError(f"an indexing worker failed ({payload}); the previous index is still live")
            if kind == "file":
                done_files += 1
                indexed += payload
                if progress:
                    progress(done_files, len(files), indexed)
            else:
                parts.append(payload)
    finally:
        for worker in workers:
            if worker.is_alive() and len(parts) < len(workers):
                worker.kill()
            worker.join()
    return [PartResult.take(Path(part_dir)) for part_dir in sorted(parts)]
