"""A long-lived handle on an index directory that follows each newly published generation.

Web workers keep one generation open across requests and change to the new one as soon as
`CURRENT` names another. With `watch`, a background thread opens and warms the new
generation before requests need it, so no visitor waits for the switch.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..store import IndexStore, NoIndex
from .generation import Generation
from .ranking import RankingConfig

WATCH_SECONDS = 0.05  # reading CURRENT costs microseconds; a new generation is ready before most requests


class LiveIndex:
    """The live generation of one index directory, reopened when a rebuild publishes another."""

    def __init__(self, root: str | os.PathLike, config: RankingConfig | None = None) -> None:
        self.store = IndexStore(root)
        self.config = config or RankingConfig()
        self._open: Generation | None = None
        self._lock = threading.RLock()
        self._watcher: threading.Thread | None = None
        self._stop = threading.Event()

    def _opened(self, name: str) -> Generation:
        """The named generation, opened now unless it is the one already open."""
        if self._open is not None and self._open.name == name:
            return self._open
        return Generation.open(self.store.root / name, self.config)

    def _switch(self, generation: Generation) -> None:
        """Make `generation` the open one (unless it is, or another copy of it already is)."""
        with self._lock:
            if generation is self._open:
                return
            if self._open is not None and self._open.name == generation.name:
                generation.close()  # a request opened it meanwhile
                return
            previous, self._open = self._open, generation
            if previous is not None:
                previous.close()

    @contextmanager
    def generation(self) -> Iterator[Generation]:
        """The open live generation; one caller at a time, since Whoosh readers are not thread-safe."""
        with self._lock:
            name = self.store.current()
            if name is None:
                raise NoIndex(f"no index in {self.store.root}: run `news-index rebuild` first")
            self._switch(self._opened(name))
            yield self._open

    def watch(self, seconds: float = WATCH_SECONDS, warm: Callable[[Generation], None] = Generation.warm) -> None:
        """Follow `CURRENT`: each newly published generation is opened and passed to `warm` while requests go
        on with the one before, and then swapped in. The live generation is opened and warmed before this
        returns (a server is ready when it is), later ones from a background thread. A request that comes
        before the thread opens a new generation itself."""
        if self._watcher is not None:
            return

        def follow() -> None:
            name = self.store.current()
            if name is not None and (self._open is None or self._open.name != name):
                try:
                    fresh = Generation.open(self.store.root / name, self.config)
                    warm(fresh)
                    self._switch(fresh)
                except Exception:  # unreadable, or another format: the requests will say why
                    pass

        follow()

        def keep_following() -> None:
            while not self._stop.wait(seconds):
                follow()

        self._watcher = threading.Thread(target=keep_following, name="news-index watcher", daemon=True)
        self._watcher.start()

    def generation_name(self) -> str | None:
        """The generation currently published (not necessarily the one open yet)."""
        return self.store.current()

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
