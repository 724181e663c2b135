"""Find the files of a corpus and load their bytes: the only place readers' input touches disk."""
from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .article import Article, Skip
from .readers import SourceFile, read_source

MAX_FILE_BYTES = 200 * 1024 * 1024  # a larger file, compressed or not, is skipped with its reason


@dataclass(frozen=True)
class CorpusFile:
    """A file found under a corpus path: where it is, and its name relative to that corpus root."""

    path: str
    relpath: str


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
            skips.append(Skip(file.path, problem, "indexed the readable part"))
    return SourceFile(file.path, file.relpath, data), skips


def read_file(file: CorpusFile) -> list[Article | Skip]:
    """All articles of one corpus file plus the skips met on the way; runs in worker processes."""
    source, skips = load(file)
    items: list[Article | Skip] = list(skips)
    if source is not None:
        try:
            items.extend(read_source(source))
        except Exception as error:  # a reader bug must cost one file, never the rebuild
            items.append(Skip(file.path, "reader failed", f"{type(error).__name__}: {error}"))
    return items
