"""A long-lived handle on the index that follows each newly published generation.

Web workers keep one searcher open across requests (opening an index costs far more than
a query) and swap it for the new generation as soon as `CURRENT` names another one.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from whoosh import index as whoosh_index
from whoosh.searching import Searcher

from ..store import IndexStore, NoIndex
from .ranking import weighting


class LiveIndex:
    """Searchers over the live generation of one index directory, reopened when it changes."""

    def __init__(self, root: str | os.PathLike) -> None:
        self.store = IndexStore(root)
        self._generation: str | None = None
        self._index = None
        self._searcher: Searcher | None = None
        self._lock = threading.RLock()

    @property
    def root(self):
        return self.store.root

    def _open(self, generation: str) -> None:
        ix = whoosh_index.open_dir(str(self.store.root / generation))
        old = self._searcher
        self._index, self._searcher, self._generation = ix, ix.searcher(weighting=weighting()), generation
        if old is not None:
            old.close()

    @contextmanager
    def searcher(self) -> Iterator[Searcher]:
        """The searcher of the live generation; one caller at a time, since Whoosh searchers are not thread-safe."""
        with self._lock:
            generation = self.store.current()
            if generation is None:
                raise NoIndex(f"no index in {self.store.root}: run `news-index rebuild` first")
            if generation != self._generation:
                self._open(generation)
            yield self._searcher

    def generation(self) -> str | None:
        """The generation currently published (not necessarily the one open yet)."""
        return self.store.current()

    def article_count(self) -> int:
        with self.searcher() as searcher:
            return searcher.doc_count()

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            self._index = self._searcher = self._generation = None
