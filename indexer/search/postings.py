"""Posting lists of the ranked field as compact arrays with their BM25F weights, cached per process.

A term's postings come from the parts' stored ranking postings (`indexer.impacts`), a
few slices of memory-mapped files; the idf, which depends on every part, is applied
here. Terms are kept (least recently used dropped past a budget), so scoring a query
is a tight loop over arrays. When the ranking parameters differ from the ones the
build stored (experiments), weights are computed from Whoosh's postings instead.
"""
from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from whoosh.reading import IndexReader

from ..docvalues import DocValues
from ..impacts import BM25F, PartImpacts, term_frequencies
from ..schema import RANKED_FIELD

CACHE_POSTINGS = 30_000_000  # about 240 MB of arrays per process at most


@dataclass
class TermPostings:
    """Documents containing a term, in increasing order, with the term's BM25F weight in each."""

    term: str
    docs: array
    weights: array
    idf: float

    def weight_in(self, docnum: int) -> float:
        """This term's weight in one document (0 if absent), found by bisection: no per-term index to keep."""
        i = bisect_left(self.docs, docnum)
        return self.weights[i] if i < len(self.docs) and self.docs[i] == docnum else 0.0


class PostingCache:
    """Term postings of one generation, loaded on first use and kept within a posting budget."""

    def __init__(self, reader: IndexReader, docvalues: DocValues, bm25: BM25F, parts: list[Path],
                 budget: int = CACHE_POSTINGS) -> None:
        self.reader = reader
        self.docvalues = docvalues
        self.bm25 = bm25
        self.budget = budget
        self.doc_count = max(1, docvalues.count - len(docvalues.deleted))
        offsets = [base for _, base in reader.leaf_readers()]
        stored = [PartImpacts(p) for p in parts] if all(PartImpacts.exists(p) for p in parts) else []
        self.parts = list(zip(offsets, stored)) if stored and len(offsets) == len(stored) and all(
            p.bm25 == bm25 for p in stored) else []
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
        docs, weights = self._stored(term) if self.parts else self._computed(term)
        deleted = self.docvalues.deleted
        if deleted and docs:
            kept = [(d, w) for d, w in zip(docs, weights) if d not in deleted]
            docs, weights = array("I", (d for d, _ in kept)), array("f", (w for _, w in kept))
        if not docs:
            return None
        idf = self.bm25.idf(len(docs), self.doc_count)
        return TermPostings(term, docs, array("f", map(idf.__mul__, weights)), idf)

    def _stored(self, term: str) -> tuple[array, array]:
        docs, weights = array("I"), array("f")
        for offset, part in self.parts:
            found = part.postings(term)
            if found is None:
                continue
            part_docs, part_weights = found
            if offset:
                docs.extend(map(offset.__add__, part_docs))
            else:
                docs.extend(part_docs)
            weights.extend(part_weights)
        return docs, weights

    def _computed(self, term: str) -> tuple[array, array]:
        docs, freqs = term_frequencies(self.reader, RANKED_FIELD, term)
        in_title = dict(zip(*term_frequencies(self.reader, "title", term)))
        values = self.docvalues
        average, average_title = values.average(values.length), values.average(values.title_length)
        return docs, array("f", (self.bm25.saturation(tf, in_title.get(d, 0.0), values.length[d],
                                                      values.title_length[d], average, average_title)
                                 for d, tf in zip(docs, freqs)))

    def close(self) -> None:
        for _, part in self.parts:
            part.close()
