"""A generation's postings as arrays: score a query term into an accumulator, list a term's documents.

Terms are numbered by their place in the generation's vocabulary of the ranked field; each
part records where its own dictionary's terms are in it, so a term found once is located in
every part by bisection over integers, and document terms read from the forward index turn
into term numbers in one vectorised step. Each part's lists are memory-mapped slices
(`indexer.storage`); only term lookups are cached. Scores are accumulated densely, one float
per document of the generation, so a term costs a few vectorised passes over its list.

Document frequencies (for the idf) come from the generation's vocabulary and, like the
document count they are set against, include deleted documents, as Whoosh and Lucene count
them until segments are merged: the two stay consistent, so the idf is never negative.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

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
    id: int  # the term's place in the generation's vocabulary
    idf: float
    parts: tuple[PartTerm, ...]
    # the documents it scores in (a mask), when it stands for a word under some languages' rules only
    scope: np.ndarray | None = field(default=None, compare=False, repr=False)

    def in_part(self, base: int) -> PartTerm | None:
        """Where the term's lists are in the part starting at document `base`, if it occurs there."""
        return next((part for part in self.parts if part.base == base), None)


@dataclass(frozen=True)
class Part:
    base: int
    postings: PartPostings
    positions: np.ndarray  # where each term of the part's dictionary is in the generation's vocabulary


class Postings:
    """The ranked field's postings over all parts of one generation."""

    def __init__(self, parts: list[Part], vocabulary: Vocabulary, doc_count: int,
                 groups: np.ndarray | None = None, matched: range | None = None) -> None:
        self.parts = parts
        # the parts (by number) whose documents this process scores and lists: all of them, or a shard's
        # share on a cluster; statistics always count every part, so scores are the same either way
        self.matched = range(len(parts)) if matched is None else matched
        self._matched_bases = None if self.matched == range(len(parts)) else {parts[n].base for n in self.matched}
        self.vocabulary = vocabulary
        self.doc_count = max(1, doc_count)
        # each document's language group (by the rules that analysed it), when there are several: a term's
        # idf is then counted among the documents of each group apart, as a field per language would be
        self.groups = groups
        self.group_sizes = np.bincount(groups) if groups is not None else None
        self._ids: OrderedDict[str, int | None] = OrderedDict()
        self._terms: OrderedDict[int, Term] = OrderedDict()
        self._group_frequencies: OrderedDict[int, np.ndarray] = OrderedDict()

    def term(self, text: str) -> Term | None:
        """The term's idf and lists, or None if no document has it."""
        if text in self._ids:
            self._ids.move_to_end(text)
            found = self._ids[text]
        else:
            found = self._ids[text] = self.vocabulary.words.find(text)
            if len(self._ids) > LOOKUPS_KEPT:
                self._ids.popitem(last=False)
        return None if found is None else self.by_id(found)

    def by_id(self, term_id: int) -> Term:
        """The term at this place of the vocabulary."""
        found = self._terms.get(term_id)
        if found is not None:
            self._terms.move_to_end(term_id)
            return found
        located = []
        for part in self.parts:
            number = int(np.searchsorted(part.positions, term_id))
            if number < len(part.positions) and part.positions[number] == term_id:
                located.append(PartTerm(part.postings, part.base, number))
        found = self._terms[term_id] = Term(term_id, idf(int(self.vocabulary.counts[term_id]), self.doc_count),
                                            tuple(located))
        if len(self._terms) > LOOKUPS_KEPT:
            self._terms.popitem(last=False)
        return found

    def weighted(self, terms: Mapping[str, float], scopes: Mapping[str, np.ndarray] | None = None) -> dict[Term, float]:
        """Query words as terms with their weights; words no document has are left out. A term with a scope
        (a mask of documents: those of the languages whose rules made it) scores only there."""
        found = {}
        for text, weight in terms.items():
            term = self.term(text)
            if term is None:
                continue
            scope = scopes.get(text) if scopes else None
            found[replace(term, scope=scope) if scope is not None else term] = weight
        return found

    def group_frequencies(self, term: Term) -> np.ndarray:
        """How many documents of each language group hold the term (one group when there are not several)."""
        if self.groups is None:
            return np.array([int(self.vocabulary.counts[term.id])])
        found = self._group_frequencies.get(term.id)
        if found is None:
            found = self._group_frequencies[term.id] = np.bincount(
                self.groups[_joined(term.parts, lambda part: part.postings.text(part.number)[0])],
                minlength=len(self.group_sizes))
            if len(self._group_frequencies) > LOOKUPS_KEPT:
                self._group_frequencies.popitem(last=False)
        return found

    def _idfs(self, term: Term) -> np.ndarray | float:
        """The term's idf in each language group (an array indexed by group), or its one idf."""
        if self.groups is None:
            return term.idf
        frequency = self.group_frequencies(term)
        return np.log(1.0 + (self.group_sizes - frequency + 0.5) / (frequency + 0.5))

    def _weights(self, term: Term, docs: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """A list's documents (generation numbers) and BM25F scores with the idf applied, within the term's
        scope."""
        if term.scope is not None:
            inside = term.scope[docs]
            docs, weights = docs[inside], weights[inside]
        idfs = self._idfs(term)
        return docs, weights * (idfs if np.isscalar(idfs) else idfs[self.groups[docs]])

    def text(self, term_id: int) -> str:
        return self.vocabulary.words[term_id]

    @property
    def matched_parts(self) -> list[Part]:
        return [self.parts[n] for n in self.matched]

    def _matched(self, term: Term) -> tuple[PartTerm, ...]:
        """Where the term's lists are in the parts this process matches in."""
        if self._matched_bases is None:
            return term.parts
        return tuple(part for part in term.parts if part.base in self._matched_bases)

    def accumulate(self, term: Term, weight: float, scores: np.ndarray) -> None:
        """Add the term's BM25F score, times `weight`, to the accumulator of every document matched here."""
        for part in self._matched(term):
            docs, weights = part.postings.text(part.number)
            docs, weights = self._weights(term, docs + part.base if part.base else docs, weights)
            scores[docs] += weights * weight

    def documents(self, term: Term) -> np.ndarray:
        """The documents matched here holding the term, in increasing order (deleted ones included)."""
        return _joined(self._matched(term), lambda part: part.postings.text(part.number)[0])

    def title_documents(self, term: Term) -> np.ndarray:
        """The documents matched here whose headline holds the term, in increasing order."""
        return _joined(self._matched(term), lambda part: part.postings.title(part.number))

    def weights_of(self, term: Term, docs: np.ndarray) -> np.ndarray:
        """The term's BM25F scores (idf applied) in each of `docs` (sorted), zero where it is absent."""
        found = np.zeros(len(docs))
        for part in term.parts:
            part_docs, weights = part.postings.text(part.number)
            if not len(part_docs):
                continue
            local = docs - part.base
            at = np.minimum(np.searchsorted(part_docs, local), len(part_docs) - 1)
            present = np.flatnonzero(part_docs[at] == local)
            kept, scored = self._weights(term, docs[present], weights[at[present]].astype(np.float64))
            found[np.searchsorted(docs, kept)] += scored
        return found


def _joined(parts: tuple[PartTerm, ...], lists) -> np.ndarray:
    pieces = [lists(part).astype(np.int64) + part.base for part in parts]
    return np.concatenate(pieces) if pieces else np.empty(0, dtype=np.int64)
