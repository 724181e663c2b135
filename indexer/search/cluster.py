"""Searching on a Dask cluster: the workers holding a generation's parts match its queries.

Each worker keeps one `Shard` actor per serving process. It opens its share of the live
generation (a run of consecutive parts, about as many documents per worker) once and keeps it
open, with the whole generation's statistics (document count, vocabulary counts, language
groups), so a document scores exactly as in a local search. A search sends the parsed query
and its filters to every shard at once; each runs the local `engine.match` on its parts and returns
its matched documents with their first-stage scores. The coordinator, which reads the same
index folder, joins them and does everything else as a local search does: re-ranking the top,
folding versions, facets, timeline, snippets and paging. A shard that has not answered when the
search's time budget runs out is left out, and the answer says it is partial; the next search
spreads the parts over the workers the scheduler then has.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import time
from pathlib import Path

import numpy as np

from ..storage import Manifest
from .budget import Budget
from .filters import Filters
from .generation import RESULTS_KEPT, Generation
from .live import LiveIndex
from .query import ParsedQuery
from .ranking import RankingConfig

CONNECT_SECONDS = 10
SHARD_MARGIN_SECONDS = 0.1  # a shard stops this long before the search's deadline, to be heard in time
GENERATIONS_KEPT = 2  # per shard: the live one and the one before, while servers switch
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # mallopt's parameters (malloc.h)
MMAP_THRESHOLD_BYTES = 32 * 1024 * 1024  # glibc's ceiling for its own adjustment of the threshold
TRIM_THRESHOLD_BYTES = 2 * MMAP_THRESHOLD_BYTES  # what that adjustment would set with it


def reuse_freed_memory() -> None:
    """Have glibc keep large freed blocks for reuse, as its defaults do as a process runs. Dask's nanny starts
    workers with MALLOC_TRIM_THRESHOLD_=65536, under which every array of a generation's size a search
    allocates is mapped and unmapped afresh: the page faults doubled a shard's time per search."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc: nothing to adjust
        return
    mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
    mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)


class Shard:
    """A Dask actor: one worker's share of a generation's parts, kept open between searches."""

    def __init__(self, config: RankingConfig) -> None:
        reuse_freed_memory()
        self.config = config
        self._open: dict[tuple[str, int, int], Generation] = {}

    def _generation(self, path: str, first: int, stop: int) -> Generation:
        key = (path, first, stop)
        if key not in self._open:
            self._open[key] = Generation.open(Path(path), self.config, results_kept=0, parts=range(first, stop))
            while len(self._open) > GENERATIONS_KEPT:
                self._open.pop(next(iter(self._open))).close()
        return self._open[key]

    def open(self, path: str, first: int, stop: int) -> int:
        """Open parts `first` to `stop` (exclusive) of the generation at `path`; their document count."""
        return len(self._generation(path, first, stop).matched_documents)

    def match(self, path: str, first: int, stop: int, parsed: ParsedQuery, filters: Filters,
              seconds: float) -> tuple[np.ndarray, np.ndarray, bool]:
        """The documents of these parts matching the query (as the coordinator parsed it, in the same
        generation) within `filters`, their first-stage scores, and whether the time ran out."""
        from .engine import match

        generation = self._generation(path, first, stop)
        budget = Budget(seconds)
        found = match(generation, parsed, filters, budget)
        narrow = np.int32 if generation.count <= np.iinfo(np.int32).max else np.int64  # a quarter less to send
        return found.docs.astype(narrow), found.scores, budget.exceeded


def shares(sizes: list[int], workers: int) -> list[range]:
    """Runs of consecutive parts (by number), one per worker at most, of about equal total `sizes`: each part
    goes to the worker whose equal slice of the whole holds the part's middle."""
    middles = np.cumsum(sizes) - np.asarray(sizes) / 2
    owners = np.minimum((middles * workers / max(1, sum(sizes))).astype(int), workers - 1).tolist()
    starts = [n for n in range(len(sizes)) if n == 0 or owners[n] != owners[n - 1]]
    return [range(start, stop) for start, stop in zip(starts, [*starts[1:], len(sizes)])]


class ShardSet:
    """The shards of one generation on a cluster: where its queries are matched (`Generation.shards`)."""

    def __init__(self, client, path: Path, config: RankingConfig) -> None:
        self.client = client
        self.path = path
        self.config = config
        self._actors: list[tuple[range, object, object]] = []  # (parts, actor, its future)
        self._to_place = True  # no shard placed yet, or one was lost

    def _place(self, seconds: float) -> None:
        """One shard per worker the scheduler has now, each opening its parts within `seconds` (raises if not
        all do)."""
        self.close()
        workers = sorted(self.client.scheduler_info()["workers"])
        if not workers:
            raise RuntimeError("the Dask cluster has no workers")
        manifest = Manifest.load(self.path)
        sizes = [part.documents for part in manifest.parts]
        placed = []
        for worker, parts in zip(workers, shares(sizes, len(workers))):
            future = self.client.submit(Shard, self.config, actor=True, workers=[worker], allow_other_workers=False,
                                        pure=False)
            placed.append((parts, future))
        deadline = time.perf_counter() + seconds
        self._actors = [(parts, future.result(timeout=max(0.001, deadline - time.perf_counter())), future)
                        for parts, future in placed]
        opening = [actor.open(str(self.path), parts.start, parts.stop) for parts, actor, _ in self._actors]
        for call in opening:
            call.result(timeout=max(0.001, deadline - time.perf_counter()))
        self._to_place = False

    def match(self, parsed: ParsedQuery, filters: Filters, budget: Budget) -> tuple[np.ndarray, np.ndarray]:
        """Every shard's matches, joined in document order; shards not heard from in time are left out."""
        if self._to_place:
            try:
                self._place(budget.remaining())
            except Exception as error:  # noqa: BLE001 - any failure to reach the cluster makes the answer empty
                budget.fall_short(f"The cluster could not be reached ({type(error).__name__}: {error}); "
                                  "no results.")
                self._to_place = True
                return np.empty(0, dtype=np.int64), np.empty(0)
        seconds = max(0.0, budget.remaining() - SHARD_MARGIN_SECONDS)
        calls = [self._start(actor, str(self.path), parts.start, parts.stop, parsed, filters, seconds)
                 for parts, actor, _ in self._actors]
        docs, scores, missing = [], [], 0
        for call in calls:
            answer = self._answer(call, budget)
            if answer is None:
                missing += 1
                continue
            found, scored, exceeded = answer
            docs.append(found.astype(np.int64))
            scores.append(scored)
            if exceeded:
                budget.exceeded = True
        if missing:
            self._to_place = True
            budget.fall_short(f"{missing} of {len(calls)} cluster workers did not answer in time; "
                              "these results are partial.")
        if not docs:
            return np.empty(0, dtype=np.int64), np.empty(0)
        return np.concatenate(docs), np.concatenate(scores)

    @staticmethod
    def _start(actor, *args):
        """Start a shard's match; None when its worker is known to be lost."""
        try:
            return actor.match(*args)
        except RuntimeError:  # "Worker holding Actor was lost"
            return None

    @staticmethod
    def _answer(call, budget: Budget) -> tuple[np.ndarray, np.ndarray, bool] | None:
        """A shard's answer, or None if it has none within the budget."""
        if call is None:
            return None
        try:
            return call.result(timeout=max(0.001, budget.remaining()))
        except Exception:  # noqa: BLE001 - a lost worker, a timeout or a shard's error: left out alike
            return None

    def close(self) -> None:
        """Let the shards go (their workers close the generation)."""
        for _, _, future in self._actors:
            future.release()
        self._actors = []


class ClusterIndex(LiveIndex):
    """The live generation of an index folder, its queries matched by the workers of a Dask cluster (which
    must see the folder at the same path)."""

    def __init__(self, root: str | os.PathLike, address: str, config: RankingConfig | None = None,
                 results_kept: int = RESULTS_KEPT) -> None:
        from distributed import Client

        super().__init__(Path(root).resolve(), config, results_kept)
        try:
            self.client = Client(address, timeout=CONNECT_SECONDS, direct_to_workers=True)
        except OSError as error:
            raise RuntimeError(f"cannot reach the Dask scheduler at {address} ({error})") from None

    def _open_generation(self, name: str) -> Generation:
        generation = super()._open_generation(name)
        generation.shards = ShardSet(self.client, generation.path, self.config)
        return generation

    def close(self) -> None:
        super().close()
        self.client.close()
