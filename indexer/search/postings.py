"""A generation's postings as arrays: score a query term into an accumulator, list a term's documents.

Each part's lists are memory-mapped slices (`indexer.storage`); nothing is copied or cached
but the term lookups. Scores are accumulated densely, one float per document of the
generation, so a term costs a few vectorised passes over its list whatever its length.
Document frequencies (for the idf) come from the generation's vocabulary and, like the
document count they are set against, include deleted documents, as Whoosh and Lucene count
them until segments are merged: the two stay consistent, so the idf is never negative.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from ..storage import PartPostings, Vocabulary, idf

LOOKUPS_KEPT = 4096


@dataclass(frozen=True)
class PartTerm:
    """Where a term's lists are in one part."""

    postings: PartPostings
    base: int  # generation number of the part's first document
    number: int  # the term's number in the part's dictionary


@dataclass(frozen=True)
class Term:
    text: str
    idf: float
    parts: tuple[PartTerm, ...]


class Postings:
    """The ranked field's postings over all parts of one generation."""

    def __init__(self, parts: list[tuple[int, PartPostings]], vocabulary: Vocabulary, doc_count: int) -> None:
        self.parts = parts
        self.vocabulary = vocabulary
        self.doc_count = max(1, doc_count)
        self._terms: OrderedDict[str, Term | None] = OrderedDict()

    def term(self, text: str) -> Term | None:
        """The term's idf and lists, or None if no document has it."""
        if text in self._terms:
            self._terms.move_to_end(text)
            return self._terms[text]
        found = None
        frequency = self.vocabulary.count(text)
        if frequency:
            located = tuple(PartTerm(postings, base, number) for base, postings in self.parts
                            if (number := postings.terms.find(text)) is not None)
            found = Term(text, idf(frequency, self.doc_count), located)
        self._terms[text] = found
        if len(self._terms) > LOOKUPS_KEPT:
            self._terms.popitem(last=False)
        return found

    def accumulate(self, term: Term, weight: float, scores: np.ndarray) -> None:
        """Add the term's BM25F score, times `weight`, to every document's accumulator."""
        factor = weight * term.idf
        for part in term.parts:
            docs, weights = part.postings.text(part.number)
            scores[docs + part.base if part.base else docs] += weights * factor

    def documents(self, term: Term) -> np.ndarray:
        """The documents holding the term, in increasing order (deleted ones included)."""
        return _joined(term, lambda part: part.postings.text(part.number)[0])

    def title_documents(self, term: Term) -> np.ndarray:
        """The documents whose headline holds the term, in increasing order."""
        return _joined(term, lambda part: part.postings.title(part.number))

    def weights_of(self, term: Term, docs: np.ndarray) -> np.ndarray:
        """The term's BM25F scores (idf applied) in each of `docs` (sorted), zero where it is absent."""
        found = np.zeros(len(docs))
        for part in term.parts:
            part_docs, weights = part.postings.text(part.number)
            if not len(part_docs):
                continue
            local = docs - part.base
            at = np.searchsorted(part_docs, local)
            present = (local >= 0) & (at < len(part_docs))
            present[present] = part_docs[at[present]] == local[present]
            found[present] += weights[at[present]]
        return found * term.idf


def _joined(term: Term, lists) -> np.ndarray:
    pieces = [lists(part).astype(np.int64) + part.base for part in term.parts]
    return np.concatenate(pieces) if pieces else np.empty(0, dtype=np.int64)
