"""Posting lists of the ranked field as compact arrays with their BM25F weights, cached per process.

Long lists come from the parts' stored ranking postings (`indexer.impacts`), a slice of
a memory-mapped file each; short ones, and all of them when the ranking parameters
differ from the ones the build stored (experiments), are weighted here from Whoosh's
postings with the same per-part length normalisation. The idf, which depends on every
part, is applied here. Terms are kept (least recently used dropped past a budget), so
scoring a query is a tight loop over arrays.
"""
from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from whoosh.reading import IndexReader

from ..docvalues import DocValues
from ..impacts import BM25F, Normalizers, PartImpacts, term_weights

CACHE_POSTINGS = 30_000_000  # about 240 MB of arrays per process at most


@dataclass
class TermPostings:
    """Documents containing a term, in increasing order, with the term's BM25F weight in each."""

    term: str
    docs: array
    weights: array
    idf: float


class Part:
    """One part of a generation: where its documents start, its reader and its stored postings."""

    def __init__(self, base: int, reader: IndexReader, directory: Path, docvalues: DocValues, bm25: BM25F) -> None:
        self.base, self.reader, self.docvalues, self.bm25 = base, reader, docvalues, bm25
        stored = PartImpacts(directory) if PartImpacts.exists(directory) else None
        self.stored = stored if stored is not None and stored.bm25 == bm25 else None

    @cached_property
    def normalizers(self) -> Normalizers:
        end = self.base + self.reader.doc_count_all()
        return Normalizers.of(self.bm25, self.docvalues.length[self.base:end],
                              self.docvalues.title_length[self.base:end])

    def postings(self, term: str) -> tuple[array, array] | None:
        """(documents numbered within the part, weights without idf), or None if the part lacks the term."""
        found = self.stored.postings(term) if self.stored else None
        if found is None:
            found = term_weights(self.reader, term, self.bm25, self.normalizers)
        return found if found[0] else None

    def close(self) -> None:
        if self.stored is not None:
            self.stored.close()


def _without(docs: array, weights: array, deleted: list[int]) -> tuple[array, array]:
    """The postings minus deleted documents (both sorted): a bisection and slice copy per deleted
    document in the list's range, as deletions (cross-part duplicates, updates) are usually few
    beside a common term's documents; one pass over the list when they are not."""
    low, high = bisect_left(deleted, docs[0]), bisect_right(deleted, docs[-1])
    if low == high:
        return docs, weights
    if high - low > len(docs) // 8:
        gone = set(deleted[low:high])
        kept = [i for i, docnum in enumerate(docs) if docnum not in gone]
        return array("I", map(docs.__getitem__, kept)), array("f", map(weights.__getitem__, kept))
    kept_docs, kept_weights = array("I"), array("f")
    start = 0
    for docnum in deleted[low:high]:
        found = bisect_left(docs, docnum, start)
        if found < len(docs) and docs[found] == docnum:
            kept_docs.extend(docs[start:found])
            kept_weights.extend(weights[start:found])
            start = found + 1
    kept_docs.extend(docs[start:])
    kept_weights.extend(weights[start:])
    return kept_docs, kept_weights


class PostingCache:
    """Term postings of one generation, loaded on first use and kept within a posting budget."""

    def __init__(self, reader: IndexReader, docvalues: DocValues, bm25: BM25F, parts: list[Path],
                 budget: int = CACHE_POSTINGS) -> None:
        self.bm25 = bm25
        self.budget = budget
        self.doc_count = max(1, docvalues.count - len(docvalues.deleted))
        self._deleted = sorted(docvalues.deleted)
        leaves = list(reader.leaf_readers())
        if len(leaves) != len(parts):
            raise ValueError(f"{len(parts)} parts but {len(leaves)} segments: each part must be one segment")
        self.parts = [Part(base, leaf, directory, docvalues, bm25) for (leaf, base), directory in zip(leaves, parts)]
        self._terms: OrderedDict[str, TermPostings | None] = OrderedDict()
        self._size = 0

    def get(self, term: str) -> TermPostings | None:
        """The postings of `term` in the ranked field, or None if no document has it."""
        if term in self._terms:
            self._terms.move_to_end(term)
            return self._terms[term]
        postings = self._load(term)
        self._terms[term] = postings
        self._size += len(postings.docs) if postings else 0
        while self._size > self.budget and len(self._terms) > 1:
            _, dropped = self._terms.popitem(last=False)
            self._size -= len(dropped.docs) if dropped else 0
        return postings

    def _load(self, term: str) -> TermPostings | None:
        docs, weights = array("I"), array("f")
        for part in self.parts:
            found = part.postings(term)
            if found is None:
                continue
            docs.extend(map(part.base.__add__, found[0]) if part.base else found[0])
            weights.extend(found[1])
        if self._deleted and docs:
            docs, weights = _without(docs, weights, self._deleted)
        if not docs:
            return None
        idf = self.bm25.idf(len(docs), self.doc_count)
        return TermPostings(term, docs, array("f", map(idf.__mul__, weights)), idf)

    def close(self) -> None:
        for part in self.parts:
            part.close()
