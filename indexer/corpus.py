"""Find the files of a corpus and load their bytes: the only place readers' input touches disk."""
from __future__ import annotations

import os
import re
import resource
import signal
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .article import Article, Skip
from .readers import SourceFile, read_source, read_web_archive, warc

MAX_FILE_BYTES = 200 * 1024 * 1024  # a larger file, compressed or not, is skipped with its reason
FILE_TIME_BUDGET = 60.0  # seconds one file may take to read and clean in a build worker
FILE_MEMORY_BUDGET_MB = 2048  # memory one file may add to a build worker while it is read and cleaned


@dataclass(frozen=True)
class CorpusFile:
    """A file found under a corpus path: where it is, and its name relative to that corpus root."""

    path: str
    relpath: str


# A collection's own documentation (Reuters-21578 ships README_LEWIS.txt) is not news.
_DOCUMENTATION = re.compile(r"^(?:readme|licen[cs]e|copying|changelog|changes|notice|authors)(?:[._-].*)?$", re.I)


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def discover(paths: list[Path]) -> Iterator[CorpusFile | Skip]:
    """Every non-hidden file under `paths`, in a stable order; folders are walked recursively.

    Symlinked folders are followed once: a link back to a folder already walked is a loop.
    """
    for root in paths:
        root = Path(root)
        if root.is_file():
            yield CorpusFile(str(root.resolve()), root.name)
            continue
        if not root.exists():
            yield Skip(str(root), "corpus path not found")
            continue
        yield from _walk(root)


def _walk(root: Path) -> Iterator[CorpusFile | Skip]:
    seen: set[tuple[int, int]] = set()
    errors: list[OSError] = []
    for folder, dirnames, filenames in os.walk(root, followlinks=True, onerror=errors.append):
        while errors:
            error = errors.pop()
            yield Skip(str(error.filename or folder), "unreadable folder", error.strerror or str(error))
        stat = os.stat(folder)
        if (stat.st_dev, stat.st_ino) in seen:
            dirnames[:] = []
            yield Skip(folder, "symlink loop", "folder already walked")
            continue
        seen.add((stat.st_dev, stat.st_ino))
        dirnames[:] = sorted(d for d in dirnames if not _is_hidden(d))
        for name in sorted(filenames):
            if _is_hidden(name):
                continue
            full = os.path.join(folder, name)
            if _DOCUMENTATION.match(name):
                yield Skip(full, "documentation file, not an article")
                continue
            relpath = Path(os.path.relpath(full, root)).as_posix()
            if not os.path.exists(full):
                yield Skip(full, "broken symlink")
            elif not os.path.isfile(full):
                yield Skip(full, "not a regular file")
            else:
                yield CorpusFile(os.path.abspath(full), relpath)
    while errors:
        error = errors.pop()
        yield Skip(str(error.filename or root), "unreadable folder", error.strerror or str(error))


def _gunzip(data: bytes, limit: int) -> tuple[bytes, str]:
    """Decompressed bytes and, if the stream is damaged or too large, what went wrong."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as error:
        return b"", f"corrupt gzip ({error})"
    if len(out) > limit:
        return b"", "too large when decompressed"
    if not inflater.eof:
        return out, "truncated gzip"
    return out, ""


def load(file: CorpusFile, limit: int = MAX_FILE_BYTES) -> tuple[SourceFile | None, list[Skip]]:
    """Read (and gunzip) one file; the skips say what could not be read."""
    try:
        size = os.path.getsize(file.path)
        if size > limit:
            return None, [Skip(file.path, "file too large", f"{size} bytes, limit {limit}")]
        with open(file.path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        return None, [Skip(file.path, "unreadable file", error.strerror or str(error))]
    skips: list[Skip] = []
    if file.relpath.lower().endswith(".gz") or data[:2] == b"\x1f\x8b":
        data, problem = _gunzip(data, limit)
        if problem and not data:
            return None, [Skip(file.path, problem)]
        if problem:
            skips.append(Skip(file.path, f"{problem}: indexed the readable part"))
    return SourceFile(file.path, file.relpath, data), skips


def read_file(file: CorpusFile) -> list[Article | Skip]:
    """All articles of one corpus file plus the skips met on the way."""
    return list(file_items(file))


def file_items(file: CorpusFile) -> Iterator[Article | Skip]:
    """The articles of one corpus file and the skips met on the way, one at a time: a web archive is read
    as a stream from disk (it may hold many gigabytes), any other file whole, after gunzipping."""
    try:
        if warc.is_web_archive(file.relpath):
            with open(file.path, "rb") as stream:
                yield from read_web_archive(stream, file.path)
            return
        source, skips = load(file)
        yield from skips
        if source is not None:
            yield from read_source(source)
    except MemoryError:  # not a bug: `read_file_within_budget` reports it as over budget
        raise
    except OSError as error:
        yield Skip(file.path, "unreadable file", error.strerror or str(error))
    except Exception as error:  # a reader bug must cost one file, never the rebuild
        yield Skip(file.path, "reader failed", f"{type(error).__name__}: {error}")


class _OverTime(BaseException):
    """Raised by SIGALRM; a BaseException so that readers' `except Exception` cannot swallow it."""


def _address_space() -> int:
    """Bytes of address space this process uses now (VmSize)."""
    return int(Path("/proc/self/statm").read_bytes().split()[0]) * resource.getpagesize()


class _Budget:
    """While entered: `_OverTime` after `seconds`, and MemoryError once the process's address
    space grows by `megabytes` (RLIMIT_AS). Memory is given back first on every way out."""

    def __init__(self, seconds: float, megabytes: int) -> None:
        self.seconds = seconds
        self.limits = resource.getrlimit(resource.RLIMIT_AS)
        ceiling = _address_space() + megabytes * 1024 * 1024
        self.ceiling = ceiling if self.limits[0] == resource.RLIM_INFINITY else min(ceiling, self.limits[0])
        self.previous = signal.getsignal(signal.SIGALRM)

    def _over_time(self, signum, frame) -> None:
        resource.setrlimit(resource.RLIMIT_AS, self.limits)
        raise _OverTime

    def __enter__(self) -> None:
        signal.signal(signal.SIGALRM, self._over_time)
        resource.setrlimit(resource.RLIMIT_AS, (self.ceiling, self.limits[1]))
        signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc_info) -> None:
        self.disarm()

    def disarm(self) -> None:
        """Lift both limits; safe to repeat, and once the one-shot alarm has fired nothing cuts it short."""
        resource.setrlimit(resource.RLIMIT_AS, self.limits)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self.previous)


def read_file_within_budget(file: CorpusFile, seconds: float | None = None,
                            memory_mb: int | None = None) -> Iterator[Article | Skip]:
    """`file_items`, but an item that takes longer than `seconds` to read and clean (a record of a web
    archive; the first item of other files includes reading the whole file), or a file that grows the
    process more than `memory_mb`, ends the file with a skip saying so; what came before is kept.

    The budgets default to FILE_TIME_BUDGET and FILE_MEMORY_BUDGET_MB, read at each call.
    For build workers: uses SIGALRM and RLIMIT_AS, so call it from the main thread of a
    process that needs neither for anything else. Memory already mapped and free counts as
    the process's own. Time is checked between Python steps, so one C call that never
    returns (a pathological regular expression) is not interrupted.
    """
    seconds = FILE_TIME_BUDGET if seconds is None else seconds
    memory_mb = FILE_MEMORY_BUDGET_MB if memory_mb is None else memory_mb
    budget = _Budget(seconds, memory_mb)
    items = file_items(file)
    try:
        while True:
            with budget:
                item = next(items, None)
            if item is None:
                return
            yield item
    except _OverTime:
        yield Skip(file.path, "over time budget", f"limit {seconds:g} s")
    except MemoryError:
        yield Skip(file.path, "over memory budget", f"limit {memory_mb} MB")
    finally:
        budget.disarm()  # again: the alarm may have cut the first disarm short, and it fires only once
