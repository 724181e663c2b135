"""Posting lists of the ranked field as compact arrays with their BM25 weights precomputed.

Whoosh walks postings one Python call at a time (about a microsecond each), so a query
containing a common word would pay for tens of thousands of calls on every search.
Here each term is read once per generation and kept (least recently used terms are
dropped past a budget), each posting already carrying its BM25 weight: scoring a query
becomes a tight loop over two arrays.
"""
from __future__ import annotations

import math
from array import array
from collections import OrderedDict
from dataclasses import dataclass

from whoosh.reading import IndexReader

from ..analysis import TITLE_WEIGHT
from ..docvalues import DocValues
from ..schema import RANKED_FIELD

CACHE_POSTINGS = 30_000_000  # about 240 MB of arrays per process at most


@dataclass(frozen=True)
class BM25F:
    """BM25F (Robertson & Zaragoza): per-field length normalisation, weighted sum, one saturation.

    The `text` posting holds TITLE_WEIGHT * tf(title) + tf(body); the `title` field's own
    posting separates the two, so each is normalised by its field's length.
    """

    k1: float = 1.2
    b_title: float = 0.5
    b_body: float = 0.75

    def idf(self, doc_frequency: int, doc_count: int) -> float:
        return math.log(1.0 + (doc_count - doc_frequency + 0.5) / (doc_frequency + 0.5))


@dataclass
class TermPostings:
    """Documents containing a term, in increasing order, with the term's BM25 weight in each."""

    term: str
    docs: array
    weights: array
    idf: float

    _lookup: dict[int, float] | None = None

    def weight_in(self, docnum: int) -> float:
        """This term's weight in one document (0 if absent), for scoring a few chosen documents."""
        if self._lookup is None:
            self._lookup = dict(zip(self.docs, self.weights))
        return self._lookup.get(docnum, 0.0)


class PostingCache:
    """Term postings of one generation, loaded on first use and kept within a posting budget."""

    def __init__(self, reader: IndexReader, docvalues: DocValues, bm25: BM25F,
                 budget: int = CACHE_POSTINGS) -> None:
        self.reader = reader
        self.docvalues = docvalues
        self.bm25 = bm25
        self.budget = budget
        self.doc_count = max(1, docvalues.count - len(docvalues.deleted))
        self.average_length = docvalues.average(docvalues.length)
        self.average_title_length = docvalues.average(docvalues.title_length)
        self._terms: OrderedDict[str, TermPostings | None] = OrderedDict()
        self._size = 0

    def doc_frequency(self, term: str) -> int:
        return self.reader.doc_frequency(RANKED_FIELD, term)

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

    def _frequencies(self, fieldname: str, term: str) -> tuple[array, array]:
        docs, freqs = array("I"), array("f")
        if (fieldname, term) not in self.reader:
            return docs, freqs
        matcher = self.reader.postings(fieldname, term)
        deleted = self.docvalues.deleted
        while matcher.is_active():
            docnum = matcher.id()
            if docnum not in deleted:
                docs.append(docnum)
                freqs.append(matcher.weight())
            matcher.next()
        return docs, freqs

    def _load(self, term: str) -> TermPostings | None:
        docs, combined = self._frequencies(RANKED_FIELD, term)
        if not docs:
            return None
        in_title = dict(zip(*self._frequencies("title", term)))
        bm25 = self.bm25
        idf = bm25.idf(len(docs), self.doc_count)
        lengths, title_lengths = self.docvalues.length, self.docvalues.title_length
        title_norm = bm25.b_title / self.average_title_length
        body_norm = bm25.b_body / max(1.0, self.average_length - self.average_title_length)
        weights = array("f")
        for docnum, tf in zip(docs, combined):
            tf_title = in_title.get(docnum, 0.0)
            title_length = title_lengths[docnum]
            pseudo = (TITLE_WEIGHT * tf_title / (1.0 - bm25.b_title + title_norm * title_length)
                      + (tf - TITLE_WEIGHT * tf_title)
                      / (1.0 - bm25.b_body + body_norm * (lengths[docnum] - title_length)))
            weights.append(idf * pseudo * (bm25.k1 + 1.0) / (bm25.k1 + pseudo))
        return TermPostings(term, docs, weights, idf)
