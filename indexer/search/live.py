"""A long-lived handle on the index that follows each newly published generation.

Web workers keep one generation open across requests (opening readers, loading document
values and warming posting arrays cost far more than a query) and swap it for the new
generation as soon as `CURRENT` names another one.
"""
from __future__ import annotations

import os
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from whoosh import qparser
from whoosh import query as wq
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from ..docvalues import NO_DATE, DocValues
from ..store import IndexStore, NoIndex, open_reader
from .postings import PostingCache
from .query import make_parser
from .ranking import DocumentTerms, RankingConfig
from .spelling import Speller

FIELD_TERMS_KEPT = 256


@dataclass
class OpenGeneration:
    """Everything a search needs from one generation, opened once per process."""

    name: str
    path: Path
    reader: IndexReader
    searcher: Searcher
    docvalues: DocValues
    postings: PostingCache
    parser: qparser.QueryParser
    config: RankingConfig
    document_terms: DocumentTerms
    _field_terms: OrderedDict = field(default_factory=OrderedDict)

    @classmethod
    def open(cls, path: Path, config: RankingConfig) -> OpenGeneration:
        reader = open_reader(path)
        docvalues = DocValues.load(path)
        return cls(name=path.name, path=path, reader=reader, searcher=Searcher(reader), docvalues=docvalues,
                   postings=PostingCache(reader, docvalues, config.bm25, sorted(path.glob("part-*"))),
                   parser=make_parser(reader.schema),
                   config=config, document_terms=DocumentTerms(reader))

    @cached_property
    def grouped(self) -> frozenset[int]:
        """Documents that belong to a group of duplicates, computed once per generation."""
        return self.docvalues.grouped()

    @cached_property
    def _members(self) -> dict[int, list[int]]:
        members: dict[int, list[int]] = defaultdict(list)
        for docnum in sorted(self.grouped):
            if docnum not in self.docvalues.deleted:
                members[self.docvalues.group[docnum]].append(docnum)
        return members

    def versions_of(self, docnum: int) -> list[int]:
        """The other articles of this article's duplicate group."""
        leader = self.docvalues.group[docnum]
        return [d for d in self._members.get(leader, ()) if d != docnum] if leader >= 0 else []

    def field_matches(self, term: wq.Term, find: Callable[[], set[int]]) -> frozenset[int]:
        """Documents matching a field term, remembered (a few hundred terms) since outlets and
        categories come back query after query."""
        key = (term.fieldname, term.text)
        found = self._field_terms.get(key)
        if found is None:
            found = self._field_terms[key] = frozenset(find())
            if len(self._field_terms) > FIELD_TERMS_KEPT:
                self._field_terms.popitem(last=False)
        else:
            self._field_terms.move_to_end(key)
        return found

    @cached_property
    def newest(self) -> int | None:
        """Latest publication time (UTC seconds) of a live article, or None if none is dated."""
        dates = self.docvalues.published
        return max((dates[d] for d in self.docvalues.live_docs() if dates[d] != NO_DATE), default=None)

    @cached_property
    def speller(self) -> Speller:
        """Loaded on the first query that finds little, not when the generation opens."""
        return Speller(self.path)

    def close(self) -> None:
        self.postings.close()
        self.searcher.close()


class LiveIndex:
    """The live generation of one index directory, reopened when a rebuild publishes another."""

    def __init__(self, root: str | os.PathLike, config: RankingConfig | None = None) -> None:
        self.store = IndexStore(root)
        self.config = config or RankingConfig()
        self._open: OpenGeneration | None = None
        self._lock = threading.RLock()

    @property
    def root(self) -> Path:
        return self.store.root

    @contextmanager
    def generation(self) -> Iterator[OpenGeneration]:
        """The open live generation; one caller at a time, since Whoosh readers are not thread-safe."""
        with self._lock:
            name = self.store.current()
            if name is None:
                raise NoIndex(f"no index in {self.store.root}: run `news-index rebuild` first")
            if self._open is None or self._open.name != name:
                previous, self._open = self._open, OpenGeneration.open(self.store.root / name, self.config)
                if previous is not None:
                    previous.close()
            yield self._open

    def generation_name(self) -> str | None:
        """The generation currently published (not necessarily the one open yet)."""
        return self.store.current()

    def article_count(self) -> int:
        with self.generation() as live:
            return live.reader.doc_count()

    def close(self) -> None:
        with self._lock:
            if self._open is not None:
                self._open.close()
                self._open = None
