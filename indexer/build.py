"""Rebuild and update: worker processes read, clean and index the corpus; one atomic switch.

Each worker writes its own Whoosh index ("part") inside the new generation, so articles
never travel between processes: on two cores this indexes about twice as fast as one
writer fed by readers. Searchers read the parts as one index (`store.open_reader`).
Workers report what they indexed; the main process then keeps the first copy of each
id and of each exact text (in corpus order), groups near-duplicates, computes the
document values searches need, and publishes.

`update` starts the new generation from hard links to the live one's files (Whoosh
never rewrites a file it has written), deletes the articles of changed and removed
files, and indexes new and changed files into new parts.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import pickle
import queue
import shutil
import signal
import sys
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from . import docvalues, duplicates, impacts
from .analysis import fold
from .article import Article, Skip
from .corpus import CorpusFile, discover, read_file_within_budget
from .docvalues import DocValues, epoch_seconds
from .manifest import FileEntry, Manifest, file_digest
from .schema import build_schema, document_fields
from .search.spelling import load_words, save_vocabulary
from .store import IndexStore, open_reader

EXAMPLES_PER_REASON = 3
WRITER_MEMORY_MB = 192  # per worker: Whoosh sorts postings in memory up to this size, then spills
_POLL_SECONDS = 1.0
RESULT_FILE = "worker-result.pickle"
PR_SET_PDEATHSIG = 1  # prctl option: the signal this process gets when its parent dies

Progress = Callable[[int, int, int], None]  # (files done, files total, articles indexed)


@dataclass
class BuildReport:
    """What a rebuild or update did, for the operator: counts, reasons for every skip, time taken."""

    generation: str = ""
    files: int = 0
    indexed: int = 0
    skipped: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    elapsed: float = 0.0
    sources: Counter = field(default_factory=Counter)
    duplicate_groups: int = 0
    duplicate_articles: int = 0
    # update only: files by fate, and articles removed
    added_files: list[str] = field(default_factory=list)
    changed_files: list[str] = field(default_factory=list)
    removed_files: list[str] = field(default_factory=list)
    removed_articles: int = 0

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
            "duplicate_groups": self.duplicate_groups,
            "duplicate_articles": self.duplicate_articles,
        }

    def _skip_lines(self) -> list[str]:
        total = sum(self.skipped.values())
        lines = [f"skipped {total}" + (":" if total else "")]
        for reason, count in self.skipped.most_common():
            lines.append(f"  {count:>6}  {reason}: " + ", ".join(self.examples[reason])
                         + (", ..." if count > len(self.examples[reason]) else ""))
        return lines

    def summary(self) -> str:
        """The closing lines printed by `news-index rebuild`."""
        return "\n".join([
            f"indexed {self.indexed} articles from {self.files} files in {self.elapsed:.1f} s"
            f" (generation {self.generation})",
            f"near-duplicates: {self.duplicate_groups} groups holding {self.duplicate_articles} articles",
            *self._skip_lines(),
        ])

    def update_summary(self) -> str:
        """The closing lines printed by `news-index update`."""
        if not (self.added_files or self.changed_files or self.removed_files):
            return f"no changes: {self.files} files as indexed ({self.elapsed:.1f} s)"

        def listed(label: str, paths: list[str]) -> str:
            return f"{label} {len(paths)} files" + (": " + ", ".join(paths[:EXAMPLES_PER_REASON]) if paths else "") \
                + (", ..." if len(paths) > EXAMPLES_PER_REASON else "")
        return "\n".join([
            listed("added", self.added_files), listed("changed", self.changed_files),
            listed("removed", self.removed_files),
            f"indexed {self.indexed} articles, removed {self.removed_articles} in {self.elapsed:.1f} s"
            f" (generation {self.generation})",
            f"near-duplicates: {self.duplicate_groups} groups holding {self.duplicate_articles} articles",
            *self._skip_lines(),
        ])


@dataclass(frozen=True, slots=True)
class Indexed:
    """What the main process needs to know of each article a worker indexed (a million of them fit)."""

    file: int  # number of the file in this build's file list
    position: int  # position of the article in its file
    source: str
    text_key: bytes  # first 16 bytes of the article's content hash: enough to tell texts apart, half the memory
    signature: bytes | None
    published: int | None


@dataclass
class PartResult:
    """What one worker indexed into its part, sent back to the main process."""

    part: str
    skips: list[Skip] = field(default_factory=list)
    articles: dict[str, Indexed] = field(default_factory=dict)
    words: Counter = field(default_factory=Counter)  # word as written (lower case) -> articles with it


def part_name(number: int) -> str:
    return f"part-{number:02d}"


def text_key(article: Article) -> bytes:
    return bytes.fromhex(article.content_hash)[:16]


def _describe(article: Article, key: bytes, words: list[str], number: int, position: int) -> Indexed:
    return Indexed(number, position, sys.intern(article.source), key,
                   duplicates.signature(words), epoch_seconds(article.published) if article.published else None)


def _die_with_parent() -> None:
    """A worker must not outlive a killed rebuild: it would hold the build lock and wait forever."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != multiprocessing.parent_process().pid:  # the parent died before prctl took effect
        os._exit(1)


def _index_part(part_dir: str, tasks, results, limitmb: int) -> None:
    """Worker: index files taken from `tasks` into a new index at `part_dir`, report to `results`."""
    _die_with_parent()
    try:
        ix = whoosh_index.create_in(part_dir, build_schema())
        writer = ix.writer(limitmb=limitmb)
        result = PartResult(Path(part_dir).name)
        values = DocValues()
        texts: dict[bytes, str] = {}  # text key -> id of the first article with that text
        while (task := tasks.get()) is not None:
            number, corpus_file = task
            indexed = 0
            for position, item in enumerate(read_file_within_budget(corpus_file)):
                if isinstance(item, Skip):
                    result.skips.append(item)
                elif item.id in result.articles:
                    result.skips.append(Skip(f"{item.path} ({item.id})", "duplicate id"))
                elif (key := text_key(item)) in texts:
                    result.skips.append(Skip(f"{item.path} ({item.id})", "duplicate text", f"repeats {texts[key]}"))
                else:
                    texts[key] = item.id
                    title, body = duplicates.words_of(item.title), duplicates.words_of(item.body)
                    # copies of a story often carry rewritten headlines: compare bodies when long enough
                    compared = body if len(body) >= duplicates.MIN_BODY_WORDS else title + body
                    result.articles[item.id] = _describe(item, key, compared, number, position)
                    result.words.update({*title, *body})
                    writer.add_document(**document_fields(item))
                    values.add(item)
                    indexed += 1
            results.put(("file", indexed))
        writer.commit()
        _finish_part(Path(part_dir), values)
        result.words = Counter({w: n for w, n in result.words.items() if len(w) > 2 and w.isalpha()})
        # A million articles' records are large: hand them over through a file, not the queue,
        # so they are never held twice while both sides are alive.
        with open(Path(part_dir) / RESULT_FILE, "wb") as handle:
            pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
        results.put(("done", part_dir))
    except BaseException as error:
        if not isinstance(error, OSError):  # a bug, not the disk: its details go to the operator's log
            traceback.print_exc()
        results.put(("failed", f"{type(error).__name__}: {error}"))


def _finish_part(part_dir: Path, values: DocValues) -> None:
    """After the commit: the part's document lengths, then its ranking postings, saved beside it."""
    reader = FileStorage(str(part_dir), supports_mmap=False).open_index().reader()
    try:
        if len(list(reader.leaf_readers())) != 1 or reader.doc_count_all() != values.count:
            raise RuntimeError(f"{part_dir.name}: expected one segment of {values.count} documents")
        values.read_lengths(reader)
        impacts.write(part_dir, reader, values.length, values.title_length, impacts.BM25F())
    finally:
        reader.close()
    values.save(part_dir)


def _worker_count(files: int) -> int:
    return max(1, min(files, os.cpu_count() or 1))


def _run_workers(generation: Path, files: list[CorpusFile], first_part: int,
                 progress: Progress | None) -> list[PartResult]:
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
        worker = ctx.Process(target=_index_part, args=(str(part_dir), tasks, results, WRITER_MEMORY_MB),
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
    return [_take_result(Path(part_dir)) for part_dir in sorted(parts)]


def _take_result(part_dir: Path) -> PartResult:
    path = part_dir / RESULT_FILE
    with open(path, "rb") as handle:
        result = pickle.load(handle)
    path.unlink()
    return result


def _keep_first_copies(generation: Path, parts: list[PartResult], files: list[CorpusFile], existing: Manifest,
                       report: BuildReport) -> None:
    """Across parts (and the articles already indexed), keep the first article with each id or text."""
    seen_ids = {a_id for entry in existing.files.values() for a_id, _ in entry.articles}
    seen_texts = {bytes.fromhex(key): a_id for entry in existing.files.values() for a_id, key in entry.articles}
    found = sorted(((info.file, info.position, part.part, article_id, info)
                    for part in parts for article_id, info in part.articles.items()), key=lambda f: f[:2])
    losers: dict[str, list[str]] = defaultdict(list)
    for _, _, part, article_id, info in found:
        if article_id in seen_ids:
            losers[part].append(article_id)
            report.skip(Skip(f"{files[info.file].path} ({article_id})", "duplicate id"))
        elif info.text_key in seen_texts:
            losers[part].append(article_id)
            report.skip(Skip(f"{files[info.file].path} ({article_id})", "duplicate text",
                             f"repeats {seen_texts[info.text_key]}"))
        else:
            seen_ids.add(article_id)
            seen_texts[info.text_key] = article_id
    for part in parts:
        if losers[part.part]:
            _delete(generation / part.part, "id", losers[part.part])
            for article_id in losers[part.part]:
                del part.articles[article_id]


def _delete(part_dir: Path, fieldname: str, values: Iterable[str]) -> None:
    """Mark documents deleted without merging segments, so document numbers (and the part's
    document values and ranking postings, which are keyed by them) stay valid.

    One searcher finds them all: `delete_by_term` opens a new reader for every call, which made
    an update of one 1,000-article file spend seconds re-opening the part's files.
    """
    writer = whoosh_index.open_dir(str(part_dir)).writer()
    with writer.searcher() as searcher:
        doomed = [docnum for value in values for docnum in searcher.document_numbers(**{fieldname: value})]
    for docnum in doomed:
        writer.delete_document(docnum)
    writer.commit(merge=False)


def _finish(store: IndexStore, generation: Path, parts: list[PartResult], manifest: Manifest,
            digests: dict[str, str], files: list[CorpusFile], threshold: float, report: BuildReport,
            corpus: list[Path], started: float, words: Counter) -> None:
    """Record the new articles, group near-duplicates, compute document values and vocabulary, publish."""
    for corpus_file in files:
        manifest.files.setdefault(corpus_file.path, FileEntry(digests.get(corpus_file.path, "")))
    for part in parts:
        for article_id, info in part.articles.items():
            manifest.files[files[info.file].path].articles.append((article_id, info.text_key.hex()))
            manifest.signatures[article_id] = (info.signature, info.published)
            report.indexed += 1
    groups = duplicates.group(((a_id, sig, when) for a_id, (sig, when) in manifest.signatures.items()), threshold)
    report.duplicate_groups = len(set(groups.values()))
    report.duplicate_articles = len(groups)
    for part in parts:
        for word, count in part.words.items():
            words[fold(word)] += count
    reader = open_reader(generation, mmap=False)
    try:
        deleted = [base + d for leaf, base in reader.leaf_readers() if leaf.has_deletions()
                   for d in range(leaf.doc_count_all()) if leaf.is_deleted(d)]
    finally:
        reader.close()
    values = docvalues.merge([DocValues.load(part) for part in sorted(generation.glob("part-*"))], deleted, groups)
    save_vocabulary(generation, words)
    values.save(generation)
    manifest.save(generation)
    report.sources = Counter(values.fields["source"].values[code] or "(unknown)"
                             for d, code in enumerate(values.fields["source"].codes) if d not in values.deleted)
    report.elapsed = time.perf_counter() - started
    store.publish(generation, report.to_dict() | {
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "corpus": [str(p.resolve()) for p in corpus],
        "duplicate_threshold": threshold,
    })
    store.remove_stale()


def _discover(corpus: list[Path], report: BuildReport) -> list[CorpusFile]:
    files = []
    for item in discover(corpus):
        if isinstance(item, Skip):
            report.skip(item)
        else:
            files.append(item)
    report.files = len(files)
    return files


def _collect_skips(parts: list[PartResult], report: BuildReport) -> None:
    for part in parts:
        for skip in part.skips:
            report.skip(skip)


def rebuild(corpus: Iterable[str | os.PathLike], index_dir: str | os.PathLike, progress: Progress | None = None,
            wait: bool = False, threshold: float = duplicates.DEFAULT_THRESHOLD) -> BuildReport:
    """Build a new generation from `corpus` and make it live; the old one serves until then."""
    started = time.perf_counter()
    corpus = [Path(p) for p in corpus]
    store = IndexStore(index_dir)
    report = BuildReport()
    with store.build_lock(wait=wait):
        store.remove_stale()
        generation = store.new_generation()
        report.generation = generation.name
        files = _discover(corpus, report)
        digests = {f.path: file_digest(f.path) for f in files}
        parts = _run_workers(generation, files, 0, progress)
        _collect_skips(parts, report)
        manifest = Manifest()
        _keep_first_copies(generation, parts, files, manifest, report)
        _finish(store, generation, parts, manifest, digests, files, threshold, report, corpus, started, Counter())
    return report


def _link_parts(source: Path, target: Path) -> int:
    """Copy the live generation's parts as hard links; returns how many parts there are."""
    parts = sorted(source.glob("part-*"))
    for part in parts:
        (target / part.name).mkdir()
        for item in part.iterdir():
            if item.suffix == ".lock" or "LOCK" in item.name:
                continue
            try:
                os.link(item, target / part.name / item.name)
            except OSError:
                shutil.copy2(item, target / part.name / item.name)
    return len(parts)


def update(corpus: Iterable[str | os.PathLike], index_dir: str | os.PathLike, progress: Progress | None = None,
           wait: bool = False, threshold: float | None = None) -> BuildReport:
    """Index new and changed files, drop articles of changed and removed files, switch atomically.

    Nothing is published when nothing changed, so a second update in a row is a no-op.
    """
    started = time.perf_counter()
    corpus = [Path(p) for p in corpus]
    store = IndexStore(index_dir)
    report = BuildReport()
    with store.build_lock(wait=wait):
        store.remove_stale()
        live = store.current_path()
        manifest = Manifest.load(live)
        threshold = threshold if threshold is not None else store.build_info().get(
            "duplicate_threshold", duplicates.DEFAULT_THRESHOLD)
        files = _discover(corpus, report)
        digests = {f.path: file_digest(f.path) for f in files}
        report.added_files = [f.path for f in files if f.path not in manifest.files]
        report.changed_files = [f.path for f in files
                                if f.path in manifest.files and manifest.files[f.path].digest != digests[f.path]]
        current = {f.path for f in files}
        report.removed_files = [path for path in manifest.files if path not in current]
        report.generation = live.name
        if not (report.added_files or report.changed_files or report.removed_files):
            report.elapsed = time.perf_counter() - started
            return report
        generation = store.new_generation()
        report.generation = generation.name
        existing_parts = _link_parts(live, generation)
        stale_ids = []
        for path in report.changed_files + report.removed_files:
            for article_id, _ in manifest.files.pop(path).articles:
                manifest.signatures.pop(article_id, None)
                stale_ids.append(article_id)
        report.removed_articles = len(stale_ids)
        for part in sorted(generation.glob("part-*")):
            _delete(part, "id", stale_ids)
        todo = [f for f in files if f.path in set(report.added_files) | set(report.changed_files)]
        parts = _run_workers(generation, todo, existing_parts, progress) if todo else []
        _collect_skips(parts, report)
        _keep_first_copies(generation, parts, todo, manifest, report)
        _finish(store, generation, parts, manifest, digests, todo, threshold, report, corpus, started,
                load_words(live))
    return report
