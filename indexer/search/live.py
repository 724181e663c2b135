"""A long-lived handle on an index directory that follows each newly published generation.

Without `watch` (the CLI, scripts), every search reads the generation `CURRENT` names, opening
it when it changed. With `watch` (a server), a background thread opens each newly published
generation and warms it while searches go on with the one before, then swaps it in, as
Lucene's SearcherManager and Solr's searcher warming do: a new generation becomes visible
a fraction of a second after it is published, and no visitor waits for it.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..store import IndexStore, NoIndex
from .generation import RESULTS_KEPT, Generation
from .ranking import RankingConfig

WATCH_SECONDS = 0.05  # reading CURRENT costs microseconds; a new generation is ready before most requests


class LiveIndex:
    """The live generation of one index directory, reopened when a rebuild publishes another."""

    def __init__(self, root: str | os.PathLike, config: RankingConfig | None = None,
                 results_kept: int = RESULTS_KEPT) -> None:
        self.store = IndexStore(root)
        self.config = config or RankingConfig()
        self.results_kept = results_kept  # answers each generation remembers; 0 remembers none
        self._open: Generation | None = None
        self._lock = threading.RLock()
        self._watcher: threading.Thread | None = None
        self._stop = threading.Event()
        self._unopenable: set[str] = set()  # generations the watcher failed to open: requests say why

    def _switch(self, generation: Generation) -> None:
        """Make `generation` the open one (unless another copy of it already is)."""
        with self._lock:
            if self._open is not None and self._open.name == generation.name:
                generation.close()  # a request opened it meanwhile
                return
            previous, self._open = self._open, generation
            if previous is not None:
                previous.close()

    def _open_generation(self, name: str) -> Generation:
        return Generation.open(self.store.root / name, self.config, self.results_kept)

    @contextmanager
    def generation(self) -> Iterator[Generation]:
        """The generation searches read now; one caller at a time, since Whoosh readers are not thread-safe.

        While watching, that is the open one: the watcher reads CURRENT and swaps in each new generation,
        except one it could not open, which the request opens itself to say why."""
        with self._lock:
            if self._watcher is None or self._open is None or self._unopenable:
                name = self.store.current()
                if name is None:
                    raise NoIndex(f"no index in {self.store.root}: run `news-index rebuild` first")
                watcher_opens_it = self._watcher is not None and self._open is not None and \
                    name not in self._unopenable
                if self._open is None or (self._open.name != name and not watcher_opens_it):
                    self._switch(self._open_generation(name))
            yield self._open

    def open_snapshot(self) -> Generation:
        """A private copy of the live generation for one long reader (an export), which closes it: no lock is
        held while it is read, so searches go on, and a rebuild publishing meanwhile neither closes nor
        changes it."""
        name = self.store.current()
        if name is None:
            raise NoIndex(f"no index in {self.store.root}: run `news-index rebuild` first")
        return Generation.open(self.store.root / name, self.config, results_kept=0)

    def watch(self, seconds: float = WATCH_SECONDS, warm: Callable[[Generation], None] = Generation.warm) -> None:
        """Follow `CURRENT` from now on: each newly published generation is opened and passed to `warm`, then
        swapped in. The live generation is opened and warmed before this returns (a server is ready when it
        is), later ones from a background thread."""
        if self._watcher is not None:
            return

        def follow() -> None:
            name = self.store.current()
            if name is None or name in self._unopenable or (self._open is not None and self._open.name == name):
                return
            try:
                fresh = self._open_generation(name)
                warm(fresh)
            except Exception:  # unreadable, or another format: requests open it themselves and say why
                self._unopenable.add(name)
                return
            self._switch(fresh)

        follow()

        def keep_following() -> None:
            while not self._stop.wait(seconds):
                follow()

        self._watcher = threading.Thread(target=keep_following, name="news-index watcher", daemon=True)
        self._watcher.start()

    def generation_name(self) -> str | None:
        """The generation searches read now (a just-published one once it is ready), or None without an index."""
        try:
            with self.generation() as generation:
                return generation.name
        except NoIndex:
            return None

    def article_count(self) -> int:
        with self.generation() as generation:
            return int(generation.values.searchable.sum())

    def close(self) -> None:
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join()
            self._watcher = None
        with self._lock:
            if self._open is not None:
                self._open.close()
                self._open = None
