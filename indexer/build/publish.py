"""Publishing a generation: one copy of each article, duplicate groups, the generation's arrays, the switch.

After the workers, the main process keeps the first copy of each id and of each exact text
(in corpus order) across parts, groups versions of a story over every part, merges the parts'
document values, writes the vocabularies and the record of corpus files, and finally the
manifest; only then does the store point CURRENT at the new generation.
"""
from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh.reading import IndexReader

from .. import duplicates
from ..analysis import fold
from ..article import Skip
from ..corpus import CorpusFile
from ..fields import FACET_FIELDS, RANKED_FIELD
from ..schema import build_schema, indexed_text
from ..storage import (
    NO_DATE,
    WORDS,
    CorpusFiles,
    DocValues,
    FileEntry,
    Manifest,
    PartPostings,
    Vocabulary,
    docvalues,
    signatures,
)
from ..store import IndexStore, open_reader
from .report import BuildReport
from .workers import PartResult


def keep_first_copies(generation: Path, parts: list[PartResult], files: list[CorpusFile], existing: CorpusFiles,
                      report: BuildReport) -> None:
    """Across parts (and the articles already indexed), keep the first article with each id or text."""
    seen_ids = {a_id for entry in existing.files.values() for a_id, _ in entry.articles}
    seen_texts = {key: a_id for entry in existing.files.values() for a_id, key in entry.articles}
    found = sorted(((article.file, article.position, part, number)
                    for part in parts for number, article in enumerate(part.articles)), key=lambda f: f[:2])
    for _, _, part, number in found:
        article = part.articles[number]
        where = f"{files[article.file].path} ({article.id})"
        if article.id in seen_ids:
            part.dropped.add(number)
            report.skip(Skip(where, "duplicate id"))
        elif article.text_key in seen_texts:
            part.dropped.add(number)
            report.skip(Skip(where, "duplicate text", f"repeats {seen_texts[article.text_key]}"))
        else:
            seen_ids.add(article.id)
            seen_texts[article.text_key] = article.id
    for part in parts:
        if part.dropped:
            delete_documents(generation / part.part, docnums=part.dropped)


def delete_documents(part_dir: Path, docnums: Iterable[int] = (), ids: Iterable[str] = ()) -> None:
    """Mark documents of a part deleted, given by number within the part or by id, without merging
    segments: document numbers (and the part's arrays, which are keyed by them) stay valid."""
    writer = whoosh_index.open_dir(str(part_dir)).writer()
    doomed = set(docnums)
    with writer.searcher() as searcher:  # one searcher finds every id
        doomed.update(docnum for article_id in ids for docnum in searcher.document_numbers(id=article_id))
    for docnum in sorted(doomed):
        writer.delete_document(docnum)
    writer.commit(merge=False)


def _deleted(reader: IndexReader) -> np.ndarray:
    """A mask of the generation's deleted documents, from Whoosh's record of them."""
    masks = []
    for leaf, _ in reader.leaf_readers():
        mask = np.zeros(leaf.doc_count_all(), dtype=bool)
        if leaf.has_deletions():
            mask[:] = True
            mask[np.fromiter(leaf.all_doc_ids(), dtype=np.int64)] = False
        masks.append(mask)
    return np.concatenate(masks) if masks else np.zeros(0, dtype=bool)


def _group(part_dirs: list[Path], deleted: np.ndarray, threshold: float) -> np.ndarray:
    """Each document's version group over all parts (see duplicates.group)."""
    samples, counts = zip(*(signatures.read(part) for part in part_dirs))
    published = np.concatenate([docvalues.part_published(part) for part in part_dirs])
    return duplicates.group(np.concatenate(samples), np.concatenate(counts), ~deleted, published, NO_DATE, threshold)


def _term_counts(part_dirs: list[Path]) -> tuple[Counter, Counter, dict[str, list[str]]]:
    """Documents holding each term of the ranked field, and each headline term, over all parts; each
    part's dictionary."""
    text, title, dictionaries = Counter(), Counter(), {}
    for part in part_dirs:
        postings = PartPostings(part)
        terms = dictionaries[part.name] = list(postings.terms)
        for term, count in zip(terms, postings.doc_frequencies().tolist()):
            text[term] += count
        for term, count in zip(terms, postings.title_frequencies().tolist()):
            if count:
                title[term] += count
    return text, title, dictionaries


def _write_vocabularies(generation: Path, part_dirs: list[Path], words: Counter) -> None:
    """Every searchable field's words with document counts; name fields with the values holding each word."""
    text, title, dictionaries = _term_counts(part_dirs)
    Vocabulary.write(generation, RANKED_FIELD, text, parts=dictionaries)
    Vocabulary.write(generation, "title", title)
    Vocabulary.write(generation, WORDS, words)
    schema = build_schema()
    values = DocValues.open(generation)
    for f in FACET_FIELDS:
        column = values.columns[f.facet]
        documents = np.bincount(column.codes, minlength=len(column.values)).tolist()
        counts: Counter = Counter()
        codes: dict[str, list[int]] = defaultdict(list)
        for code, value in enumerate(column.values[1:], start=1):
            for term in dict.fromkeys(schema[f.index].process_text(indexed_text(f, [value]), mode="index")):
                counts[term] += documents[code]
                codes[term].append(code)
        Vocabulary.write(generation, f.index, counts, codes)


def publish(store: IndexStore, generation: Path, parts: list[PartResult], corpus_files: CorpusFiles,
            digests: dict[str, str], files: list[CorpusFile], threshold: float, report: BuildReport,
            corpus: Iterable[Path], started: float, words: Counter) -> None:
    """Record the new articles, group versions of a story, write the generation's arrays, then switch to it."""
    for corpus_file in files:
        corpus_files.files.setdefault(corpus_file.path, FileEntry(digests.get(corpus_file.path, "")))
    for part in parts:
        for number, article in enumerate(part.articles):
            if number not in part.dropped:
                corpus_files.files[files[article.file].path].articles.append((article.id, article.text_key))
                report.indexed += 1
        for word, count in part.words.items():
            words[fold(word)] += count
    part_dirs = sorted(generation.glob("part-*"))
    reader = open_reader(generation, mmap=False)
    try:
        deleted = _deleted(reader)
        counts = [(part.name, leaf.doc_count_all()) for part, (leaf, _) in zip(part_dirs, reader.leaf_readers())]
    finally:
        reader.close()
    group = _group(part_dirs, deleted, threshold)
    grouped = group[group >= 0]
    report.duplicate_groups = len(np.unique(grouped))
    report.duplicate_articles = len(grouped)
    docvalues.merge(part_dirs, deleted, group, generation)
    _write_vocabularies(generation, part_dirs, words)
    corpus_files.save(generation)
    Manifest.of_parts(counts).save(generation)
    sources = DocValues.open(generation).columns["source"]
    live_codes = np.bincount(np.asarray(sources.codes)[~deleted], minlength=len(sources.values))
    report.sources = Counter({sources.values[code] or "(unknown)": int(n) for code, n in enumerate(live_codes) if n})
    report.elapsed = time.perf_counter() - started
    store.publish(generation, report.to_dict() | {
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "corpus": [str(p.resolve()) for p in corpus],
        "duplicate_threshold": threshold,
    })
    store.remove_stale()
