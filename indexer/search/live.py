"""A long-lived handle on an index directory that follows each newly published generation.

Web workers keep one generation open across requests (opening it and warming it cost more
than a query) and change to the new one as soon as `CURRENT` names another. With `watch`,
a background thread opens the new generation and runs a first search on it before any
request needs it, so no visitor waits for the switch.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..store import IndexStore, NoIndex
from .generation import Generation
from .ranking import RankingConfig

WATCH_SECONDS = 0.5


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
        with self._lock:
            if generation is not self._open:
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

    def watch(self, warm: Callable[[], object], seconds: float = WATCH_SECONDS) -> None:
        """Open each newly published generation in a background thread, then call `warm` (a first search),
        so requests find it ready. Starts at once with the live generation, if there is one."""
        if self._watcher is not None:
            return

        def follow() -> None:
            while True:
                name = self.store.current()
                if name is not None and (self._open is None or self._open.name != name):
                    try:
                        self._switch(self._opened(name))
                        warm()
                    except Exception:  # a broken or unreadable generation: requests will report it
                        pass
                if self._stop.wait(seconds):
                    return

        self._watcher = threading.Thread(target=follow, name="news-index watcher", daemon=True)
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
