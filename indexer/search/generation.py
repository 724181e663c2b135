"""Everything a search reads from one generation, opened once per process and kept while it is live.

Opening maps the storage package's arrays into memory and opens Whoosh's readers over the
parts; nothing is read whole, so a generation opens in milliseconds. Per-document facts that
many searches need (the members of each duplicate group, the newest date) are computed on
first use; the most recently read documents' terms are kept for re-ranking.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
from whoosh import qparser
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from ..analysis import TITLE_GAP
from ..fields import NAME_FIELDS, RANKED_FIELD
from ..storage import NO_DATE, SEPARATOR, WORDS, DocValues, ForwardIndex, Manifest, PartPostings, Vocabulary
from ..store import open_reader
from .expansion import Expander
from .postings import Part as PostingsPart
from .postings import Postings
from .query import make_parser
from .ranking import RankingConfig
from .spelling import Speller

DOCUMENTS_KEPT = 2000
MASKS_KEPT = 64


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
    _term_counts: OrderedDict = field(default_factory=OrderedDict)
    _masks: OrderedDict = field(default_factory=OrderedDict)

    @classmethod
    def open(cls, path: Path, config: RankingConfig) -> Generation:
        manifest = Manifest.load(path)
        part_dirs = [path / part.name for part in manifest.parts]
        reader = open_reader(path)
        values = DocValues.open(path)
        bases = [part.base for part in manifest.parts]
        vocabularies = {name: Vocabulary.open(path, name) for name in (RANKED_FIELD, "title", WORDS, *NAME_FIELDS)}
        ranked = vocabularies[RANKED_FIELD]
        postings = Postings([PostingsPart(base, PartPostings(d), ranked.part_positions(d.name))
                             for base, d in zip(bases, part_dirs)], ranked, values.count)
        return cls(name=path.name, path=path, reader=reader, searcher=Searcher(reader),
                   parser=make_parser(reader.schema), values=values, postings=postings,
                   forward=[ForwardIndex(d) for d in part_dirs], bases=bases, vocabularies=vocabularies,
                   config=config)

    @property
    def count(self) -> int:
        return self.values.count

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
        found = self._term_counts.get(docnum)
        if found is not None:
            self._term_counts.move_to_end(docnum)
            return found
        part = self._part_of(docnum)
        terms, _, _ = self.document_terms(docnum)
        numbers, first, counts = np.unique(terms[terms != SEPARATOR], return_index=True, return_counts=True)
        in_order = np.argsort(first)
        found = self._term_counts[docnum] = (self.postings.parts[part].positions[numbers[in_order]], counts[in_order])
        if len(self._term_counts) > DOCUMENTS_KEPT:
            self._term_counts.popitem(last=False)
        return found

    def term_positions(self, docnum: int, terms: list[str]) -> dict[str, np.ndarray]:
        """Positions of some terms in a document, numbered as Whoosh numbers them (the body after a gap)."""
        part = self._part_of(docnum)
        numbers, _, body = self.document_terms(docnum)
        found = {}
        for text in terms:
            term = self.postings.term(text)
            number = next((p.number for p in term.parts if p.base == self.bases[part]), None) if term else None
            if number is not None:
                at = np.flatnonzero(numbers == number)
                found[text] = np.where(at >= body, at - 1 + TITLE_GAP, at)
        return found

    def mask(self, key: tuple, make) -> np.ndarray:
        """A document mask remembered by key (facet filters and field terms recur across searches)."""
        found = self._masks.get(key)
        if found is None:
            found = self._masks[key] = make()
            if len(self._masks) > MASKS_KEPT:
                self._masks.popitem(last=False)
        else:
            self._masks.move_to_end(key)
        return found

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
        """Do now what the first searches would otherwise do: find the duplicate groups' members and the
        newest date, index the facet values, and read each array once so its pages are mapped."""
        _ = self.members, self.newest, self.expander, self.speller
        for column in self.values.columns.values():
            column.code("")
            int(np.asarray(column.codes).sum())
        for array in (self.values.published, self.values.group, self.values.title_length):
            int(np.asarray(array).sum())

    def close(self) -> None:
        self.searcher.close()
