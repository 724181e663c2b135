"""Everything a search reads from one generation, opened once per process and kept while it is live.

Opening maps the storage package's arrays into memory and opens Whoosh's readers over the
parts; nothing is read whole, so a generation opens in milliseconds. Per-document facts that
many searches need (the members of each duplicate group, the newest date) are computed on
first use; the most recently read documents' terms are kept for re-ranking.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np
from whoosh import qparser
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from ..analysis import TITLE_GAP, analysis_of, index_term
from ..fields import NAME_FIELDS, RANKED_FIELD
from ..storage import (
    NO_DATE,
    SEPARATOR,
    WORDS,
    DocValues,
    ForwardIndex,
    Manifest,
    PartPostings,
    Vocabulary,
    preload,
)
from ..store import open_reader
from .expansion import Expander
from .postings import Part as PostingsPart
from .postings import PartTerm, Postings, Term
from .query import make_parser
from .ranking import RankingConfig
from .remembered import Remembered
from .spelling import Speller

if TYPE_CHECKING:
    from .budget import Budget
    from .filters import Filters
    from .query import ParsedQuery


class ShardMatcher(Protocol):
    """Matches a query on the shards that hold a generation's parts: documents in increasing order and their
    first-stage scores, as a local match gives them (see `cluster.ShardSet`)."""

    def match(self, parsed: ParsedQuery, filters: Filters, budget: Budget) -> tuple[np.ndarray, np.ndarray]: ...

    def close(self) -> None: ...


DOCUMENTS_KEPT = 2000
MASKS_KEPT = 64
TALLIES_KEPT = 64
WRITTEN_FORMS_TRIED = 50  # the commonest words sharing a term's start that `written_form` analyses
RESULTS_KEPT = 1024  # answered searches (a page of hits with facets is some tens of kB)


@dataclass
class Generation:
    name: str
    path: Path
    reader: IndexReader
    searcher: Searcher
    parser: qparser.QueryParser
    values: DocValues
    postings: Postings
    forward: list[ForwardIndex]
    bases: list[int]
    vocabularies: dict[str, Vocabulary]
    config: RankingConfig
    analyses: tuple[str, ...]  # the rules articles were analysed by (`analysis.analysis_of` of their languages)
    document_analyses: np.ndarray  # each document's, as its place in `analyses`
    results: Remembered = field(default_factory=lambda: Remembered(RESULTS_KEPT))  # see engine.search
    _term_counts: Remembered = field(default_factory=lambda: Remembered(DOCUMENTS_KEPT))
    _masks: Remembered = field(default_factory=lambda: Remembered(MASKS_KEPT))
    _tallies: Remembered = field(default_factory=lambda: Remembered(TALLIES_KEPT))
    # where matching happens when it is not here: the workers of a cluster holding the parts (`cluster`)
    shards: ShardMatcher | None = None

    @classmethod
    def open(cls, path: Path, config: RankingConfig, results_kept: int = RESULTS_KEPT,
             parts: range | None = None) -> Generation:
        """Open the generation at `path`; with `parts` (part numbers), a shard of it: queries match only the
        documents of those parts, scored with the whole generation's statistics."""
        manifest = Manifest.load(path)
        part_dirs = [path / part.name for part in manifest.parts]
        reader = open_reader(path)
        values = DocValues.open(path)
        bases = [part.base for part in manifest.parts]
        vocabularies = {name: Vocabulary.open(path, name) for name in (RANKED_FIELD, "title", WORDS, *NAME_FIELDS)}
        ranked = vocabularies[RANKED_FIELD]
        analyses, document_analyses = _language_groups(values)
        postings = Postings([PostingsPart(base, PartPostings(d), ranked.part_positions(d.name))
                             for base, d in zip(bases, part_dirs)], ranked, values.count,
                            groups=document_analyses if len(analyses) > 1 else None, matched=parts)
        return cls(name=path.name, path=path, reader=reader, searcher=Searcher(reader),
                   parser=make_parser(reader.schema), values=values, postings=postings,
                   forward=[ForwardIndex(d) for d in part_dirs], bases=bases, vocabularies=vocabularies,
                   config=config, analyses=analyses, document_analyses=document_analyses,
                   results=Remembered(results_kept))

    @property
    def count(self) -> int:
        return self.values.count

    @property
    def matched_documents(self) -> range:
        """The document numbers queries match in here: all of them, or those of a shard's parts."""
        matched = self.postings.matched
        if not len(matched):
            return range(0)
        return range(self.bases[matched[0]], self.part_end(matched[-1]))

    def part_end(self, number: int) -> int:
        """The generation number just past the last document of part `number`."""
        return self.bases[number + 1] if number + 1 < len(self.bases) else self.count

    def _part_of(self, docnum: int) -> int:
        return bisect_right(self.bases, docnum) - 1

    def document_terms(self, docnum: int) -> tuple[np.ndarray, ForwardIndex, int]:
        """A document's term numbers in order (SEPARATOR after the headline), its part's forward index,
        and where the body starts in it."""
        part = self._part_of(docnum)
        terms = self.forward[part].document(docnum - self.bases[part])
        return terms, self.forward[part], int(self.values.title_length[docnum]) + 1

    def term_counts(self, docnum: int) -> tuple[np.ndarray, np.ndarray]:
        """A document's distinct terms (as vocabulary ids, in the order they first appear) and how often each
        occurs in headline and body; the last few thousand documents' are kept."""
        return self._term_counts.get_or_make(docnum, lambda: self._count_terms(docnum))

    def _count_terms(self, docnum: int) -> tuple[np.ndarray, np.ndarray]:
        part = self._part_of(docnum)
        terms, _, _ = self.document_terms(docnum)
        numbers, first, counts = np.unique(terms[terms != SEPARATOR], return_index=True, return_counts=True)
        in_order = np.argsort(first)
        return self.postings.parts[part].positions[numbers[in_order]], counts[in_order]

    def occurrences(self, docs: np.ndarray, terms: list[Term | None], headline_only: bool = False) -> list[np.ndarray]:
        """Where each term occurs in `docs` (generation numbers), part by part: sorted numbers, the document's
        place in `docs` in the high 32 bits and the position Whoosh gives the word (the body's after a gap)
        in the low ones; with `headline_only`, headline positions only."""
        found: list[list[np.ndarray]] = [[] for _ in terms]
        places = np.arange(len(docs), dtype=np.int64)
        for number, part in enumerate(self.postings.parts):
            inside = (docs >= part.base) & (docs < self.part_end(number))
            if not inside.any():
                continue
            forward, part_docs = self.forward[number], docs[inside] - part.base
            located = [term.in_part(part.base) if term else None for term in terms]
            headline = self.values.title_length[docs[inside]].astype(np.int64)
            for which, (doc, offset) in enumerate(_occurring_in(forward, part_docs, located)):
                if headline_only:
                    keep = offset < headline[doc]
                    doc, offset = doc[keep], offset[keep]
                position = np.where(offset > headline[doc], offset - 1 + TITLE_GAP, offset)
                found[which].append((places[inside][doc] << 32) + position)
        return [np.sort(np.concatenate(pieces)) if pieces else np.empty(0, dtype=np.int64) for pieces in found]

    def tally(self, key: tuple, make):
        """Counts over the whole generation remembered by key (the archive overview, all stories per period
        under some filters): they cost a pass over every document, and the same few are asked for again."""
        return self._tallies.get_or_make(key, make)

    def mask(self, key: tuple, make):
        """A document mask remembered by key (facet filters, field terms and language scopes recur across
        searches)."""
        return self._masks.get_or_make(key, make)

    @cached_property
    def members(self) -> tuple[np.ndarray, np.ndarray]:
        """The searchable members of duplicate groups ordered by group, then document, and each one's group."""
        group = np.asarray(self.values.group)
        docs = np.flatnonzero((group >= 0) & self.values.searchable)
        docs = docs[np.lexsort((docs, group[docs]))]
        return docs, group[docs]

    def versions_of(self, docnum: int) -> list[int]:
        """The other searchable articles of this article's duplicate group."""
        leader = int(self.values.group[docnum])
        if leader < 0:
            return []
        docs, groups = self.members
        first, end = np.searchsorted(groups, leader), np.searchsorted(groups, leader, side="right")
        return [int(d) for d in docs[first:end] if d != docnum]

    def most_complete(self, docnum: int, among: np.ndarray) -> int:
        """The story's most complete version among `among` (sorted document numbers: a search's matches, so a
        filter's choice holds): the most words, then the latest, then the first indexed."""
        versions = np.array([docnum, *self.versions_of(docnum)], dtype=np.int64)
        if len(versions) == 1 or not len(among):
            return docnum
        found = np.minimum(np.searchsorted(among, versions), len(among) - 1)
        versions = versions[among[found] == versions]
        if not len(versions):
            return docnum
        length = self.values.length[versions].astype(np.int64)
        published = self.values.published[versions].astype(np.int64)
        return int(versions[np.lexsort((versions, -published, -length))[0]])

    def scope(self, analyses: frozenset[str]) -> np.ndarray | None:
        """The documents analysed by one of `analyses` (a mask); None when that is every document, so a query
        term needs no scope."""
        if analyses >= set(self.analyses):
            return None
        return self.mask(("analyses", *sorted(analyses)), lambda: np.isin(
            self.document_analyses, [self.analyses.index(a) for a in analyses if a in self.analyses]))

    def languages_of(self, word: str) -> frozenset[str]:
        """The analyses (languages' rules) under which some article read by them holds the word."""
        found = set()
        for place, analysis in enumerate(self.analyses):
            term = self.postings.term(index_term(word, analysis) or word)
            if term is not None and self.postings.group_frequencies(term)[place]:
                found.add(analysis)
        return frozenset(found)

    def written_form(self, term: str, analysis: str) -> str:
        """The word most often written for an index term under `analysis` (`compani`: "company"), from the
        words as written that share the term's start; the term itself when none analyses to it."""
        words = self.vocabularies[WORDS]
        first, end = words.words.prefix_range(term[:max(len(term) - 1, 2)] if len(term) > 3 else term)
        commonest = first + np.argsort(-words.counts[first:end], kind="stable")[:WRITTEN_FORMS_TRIED]
        for position in commonest.tolist():
            word = words.words[position]
            if index_term(word, analysis) == term:
                return word
        return term

    @cached_property
    def expander(self) -> Expander:
        return Expander(self.vocabularies, self.reader)

    @cached_property
    def speller(self) -> Speller:
        return Speller(self.vocabularies[WORDS])

    @cached_property
    def newest(self) -> int | None:
        """Latest publication time (UTC seconds) of a searchable article, or None if none is dated."""
        published = np.asarray(self.values.published)[self.values.searchable]
        dated = published[published != NO_DATE]
        return int(dated.max()) if len(dated) else None

    def warm(self) -> None:
        """Do now what the first searches would otherwise do: have the kernel read the arrays from disk, find
        the duplicate groups' members and the newest date, index the facet values, and read the per-document
        arrays once so their pages are mapped."""
        preload(self.path)
        _ = self.members, self.newest, self.expander, self.speller
        for column in self.values.columns.values():
            column.code("")
            int(np.asarray(column.codes).sum())
        for array in (self.values.published, self.values.group, self.values.title_length):
            int(np.asarray(array).sum())

    def close(self) -> None:
        if self.shards is not None:
            self.shards.close()
        self.searcher.close()


def _language_groups(values: DocValues) -> tuple[tuple[str, ...], np.ndarray]:
    """The analyses of the articles' languages, and each document's, as its place among them (the
    rules a query's words are read by, and the groups a term's idf is counted in)."""
    column = values.columns["language"]
    of_value = [analysis_of(value) for value in column.values]
    analyses = tuple(sorted(set(of_value)))
    place = np.array([analyses.index(analysis) for analysis in of_value], dtype=np.int8)
    return analyses, place[np.asarray(column.codes)]


Occurrences = Iterator[tuple[np.ndarray, np.ndarray]]


def _occurring_in(forward: ForwardIndex, docs: np.ndarray, located: list[PartTerm | None]) -> Occurrences:
    """(index in `docs`, offset in the document) of each located term's occurrences (none for a term the
    part does not have).

    A term's positions are sorted places in the part's forward index, so each document's stretch of them
    is found by binary search on the document's bounds: the cost follows the documents asked about, not
    how common the word is."""
    first, end = forward.starts[docs], forward.starts[docs + 1]
    for term in located:
        if term is None:
            yield np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
            continue
        at = term.postings.positions(term.number)
        low = np.searchsorted(at, first.astype(at.dtype))  # keys of the array's type: no copy of the array
        counts = np.searchsorted(at, end.astype(at.dtype)) - low
        doc = np.repeat(np.arange(len(docs)), counts)
        index = np.arange(int(counts.sum())) + np.repeat(low - (np.cumsum(counts) - counts), counts)
        yield doc, at[index].astype(np.int64) - first[doc]
